"""Sentence splitting and chunking: offsets that round-trip to the source text."""

import itertools

import pytest

from index.chunking import chunk_text
from index.sentences import sentence_end_within, sentence_start_within, split_sentences
from tests.conftest import ARTICLE


def test_sentences_respect_abbreviations_and_paragraphs() -> None:
    text = 'Mr. Smith went to Washington. He said "hi." Then U.S. forces left!\n\nNew paragraph here'
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Mr. Smith went to Washington.",
        'He said "hi."',
        "Then U.S. forces left!",
        "New paragraph here",
    ]


def test_initials_before_a_name_end_no_sentence() -> None:
    """ "J.H.M. Dassen" is one name; initials before a word that opens sentences ("D.C. The") or a
    single one's "a.m." still end theirs."""
    text = (
        "The first edition was made by J.H.M. Dassen (Ray) and Chuck Stickelman. "
        "The museum is in Washington, D.C. The collection is big. We left at 9 a.m. The bus was late."
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "The first edition was made by J.H.M. Dassen (Ray) and Chuck Stickelman.",
        "The museum is in Washington, D.C.",
        "The collection is big.",
        "We left at 9 a.m.",
        "The bus was late.",
    ]


def test_a_stop_inside_brackets_that_go_on_ends_no_sentence() -> None:
    """An abbreviation after an opening bracket, or any stop inside brackets that close soon after it;
    a stop right before the closing bracket still ends its sentence."""
    text = (
        "Price (inc. VAT): £249.00. Any language (e.g. Python) works. See (Fig. 3) below. "
        "We fixed 214 items (approx. 70%) last year. (See the appendix.) Next."
    )
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    assert sentences == [
        "Price (inc. VAT): £249.00.",
        "Any language (e.g. Python) works.",
        "See (Fig. 3) below.",
        "We fixed 214 items (approx. 70%) last year.",
        "(See the appendix.)",
        "Next.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Он учился в Мюнхене. Укоренившаяся система была строгой. Поэтому он спорил.",
            ["Он учился в Мюнхене.", "Укоренившаяся система была строгой.", "Поэтому он спорил."],
        ),
        ("Llegó ayer. ¿Dónde está María? ¡No lo sé! Él se fue.", ["Llegó ayer.", "¿Dónde está María?"]),
        ("今日は晴れです。明日は雨でしょう。", ["今日は晴れです。", "明日は雨でしょう。"]),
        ("Это т. е. пример. В нём три слова.", ["Это т. е. пример.", "В нём три слова."]),
    ],
)
def test_sentences_end_before_a_capital_of_any_script_and_after_a_cjk_full_stop(
    text: str, sentences: list[str]
) -> None:
    """A capital after a full stop starts a sentence in any script, "¿" and "¡" open one, and "。" ends
    one with no space after it; a one-letter abbreviation ("т. е.") still does not."""
    assert [text[s.start : s.end] for s in split_sentences(text)][: len(sentences)] == sentences


def test_a_sentence_ends_after_its_reference_marks() -> None:
    """Wikipedia-style text: "lit in 1916.[2] Its keepers ..." is two sentences, each with its mark."""
    text = (
        "The lighthouse was lit in 1916.[2] Its keepers left in 2004.[3][4] It is tall.[citation needed] Yes."
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "The lighthouse was lit in 1916.[2]",
        "Its keepers left in 2004.[3][4]",
        "It is tall.[citation needed]",
        "Yes.",
    ]


def test_a_sentence_ends_at_a_table_cell_border() -> None:
    """A FAQ laid out as a table: the question and its answer are two sentences; a row without
    sentence punctuation stays whole."""
    text = (
        "5.4. | Is it possible to attach the debugger later?  \n|  It needs control from the start.\n"
        "Station | Budget | Visitors\nLindesnes | 1 200 000 | 95 000"
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "5.4.",
        "Is it possible to attach the debugger later?",
        "It needs control from the start.",
        "Station | Budget | Visitors\nLindesnes | 1 200 000 | 95 000",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (  # a PDF's title above its first sentence, no blank line between
            "Velo X2 Bicycle Manual\nThe Velo X2 frame is made of aluminium and weighs 1.4 kilograms.",
            ["Velo X2 Bicycle Manual", "The Velo X2 frame is made of aluminium and weighs 1.4 kilograms."],
        ),
        (  # a numbered section's title
            "2.1 Care of the Chain\nThe chain must be lubricated every 300 kilometres with a good oil.",
            ["2.1 Care of the Chain", "The chain must be lubricated every 300 kilometres with a good oil."],
        ),
        (  # a section's title numbered "3.", as a PDF's report or procedure has them
            "3. Training\nBefore handling liquid nitrogen you must complete the online safety course.",
            ["3. Training", "Before handling liquid nitrogen you must complete the online safety course."],
        ),
        (  # a numbered one in sentence case
            "5. How to store it\nKeep this medicine out of the sight and reach of children, below 25 C.",
            ["5. How to store it", "Keep this medicine out of the sight and reach of children, below 25 C."],
        ),
        (  # a wrapped sentence's line of names is as long as the next: the sentence goes on
            "The treaty was signed in the capital by President\nRecep Tayyip Erdogan And Prime Minister\n"
            "Kyriakos Mitsotakis of Greece.",
            [
                "The treaty was signed in the capital by President\nRecep Tayyip Erdogan And Prime Minister\n"
                "Kyriakos Mitsotakis of Greece."
            ],
        ),
        (  # a line in lower case is no title
            "Install the package with\nPip and then run it.",
            ["Install the package with\nPip and then run it."],
        ),
        (  # a short title in sentence case, half the length of the line under it
            "Before first use\nFill the kettle to the MAX mark, boil the water and pour it away.",
            ["Before first use", "Fill the kettle to the MAX mark, boil the water and pour it away."],
        ),
        (  # a wrapped sentence's short line before a name goes on
            "He met with the delegation and then\nPresident Erdogan spoke to the press in Ankara.",
            ["He met with the delegation and then\nPresident Erdogan spoke to the press in Ankara."],
        ),
    ],
)
def test_a_title_line_ends_before_the_sentence_under_it(text: str, sentences: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text)] == sentences


def test_list_items_start_sentences_of_their_own() -> None:
    """A README's lists: each item is one statement, punctuated or not, and an item's number is no
    sentence end. A record's fields stay together: they answer questions about each other."""
    text = (
        "Files: gzip.1\nLicense: FSF-manpages\n\nFeatures:\n- fast BPE encoding\n"
        "- Some plugins are optional\n2. Install it with pip.\nb) Run the tests"
    )
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Files: gzip.1\nLicense: FSF-manpages",
        "Features:",
        "- fast BPE encoding",
        "- Some plugins are optional",
        "2. Install it with pip.",
        "b) Run the tests",
    ]


def test_a_long_record_is_cut_at_line_breaks() -> None:
    text = "\n".join(f"Field-{n}: a value of some length for field {n}" for n in range(12))
    pieces = [text[s.start : s.end] for s in split_sentences(text, max_chars=240)]
    assert len(pieces) > 1
    assert all(len(piece) <= 240 for piece in pieces)
    assert "\n".join(pieces) == text  # every cut at a line break


def test_a_long_sentence_is_not_cut_inside_a_formula() -> None:
    """Wikipedia text keeps a formula's subscripts on lines of their own ("silica SiO\n2")."""
    text = "The crust is made " + "of granite and quartz, " * 4 + "silica SiO\n2, " + "and rocks, " * 14
    text += "and more."
    pieces = [text[s.start : s.end] for s in split_sentences(text, max_chars=240)]
    assert len(pieces) > 1
    assert not any(piece.startswith("2,") for piece in pieces)


def test_unpunctuated_text_is_cut_into_bounded_pieces_at_word_boundaries() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    spans = split_sentences(text, max_chars=240)
    assert len(spans) > 20
    for span in spans:
        piece = text[span.start : span.end]
        assert len(piece) <= 240
        assert piece == piece.strip()
        assert span.start == 0 or text[span.start - 1] == " "


@pytest.mark.parametrize(
    ("text", "cut", "reach", "finished"),
    [
        (
            "The ferry left at nine in the morning. It came back at six.",
            10,
            100,
            "The ferry left at nine in the morning.",
        ),
        (
            "Then U.S. forces left the base at dawn. Nobody saw them.",
            6,
            100,
            "Then U.S. forces left the base at dawn.",
        ),
        ('He said "we leave at nine." Then he left.', 12, 100, 'He said "we leave at nine."'),
        ("A title cut here\nThe next line", 8, 100, "A title cut here"),
        (  # hard-wrapped text: a line going on in lower case is the same sentence
            "You may convey copies, provided that\nyou keep the notice\nintact. Next.",
            8,
            100,
            "You may convey copies, provided that\nyou keep the notice\nintact.",
        ),
        ("A list introduced:\nfirst item", 4, 100, "A list introduced:"),
        ("no punctuation at all runs on and on past the reach", 6, 20, "no punctuation at all runs"),
        ("the very end of a document", 8, 100, "the very end of a document"),
        ("a cut at the end", 16, 100, "a cut at the end"),
    ],
)
def test_a_cut_sentence_is_finished_within_reach(text: str, cut: int, reach: int, finished: str) -> None:
    assert text[: sentence_end_within(text, cut, reach)] == finished


@pytest.mark.parametrize(
    ("text", "cut_at", "start"),
    [
        (  # a wrapped line
            "Keep it. You may convey copies of the\nwork, provided that",
            "provided",
            "convey copies of the\nwork",
        ),
        ("Keep it. The Heading\nWork goes on", "goes", "Work goes on"),  # a line of its own
        ("Keep it. Line one ends:\nyou keep it", "keep it", "you keep it"),  # what the colon introduces
    ],
)
def test_a_cut_sentence_starts_back_across_wrapped_lines_only(text: str, cut_at: str, start: str) -> None:
    assert text[sentence_start_within(text, text.index(cut_at), 30) :].startswith(start)


@pytest.mark.parametrize(("size", "overlap"), [(800, 120), (400, 0), (1000, 200), (300, 100)])
def test_chunk_offsets_round_trip_and_cover_the_document(size: int, overlap: int) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    chunks = chunk_text(text, size, overlap)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= size
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    if overlap:
        assert all(b.start < a.end for a, b in itertools.pairwise(chunks))
    else:
        assert all(b.start >= a.end for a, b in itertools.pairwise(chunks))


def test_chunks_end_on_sentence_boundaries() -> None:
    text = " ".join(f"Sentence number {i} talks about topic {i}." for i in range(60))
    for chunk in chunk_text(text, 200, 50):
        assert chunk.text.endswith(".")
        assert chunk.text[0].isupper()


def test_invalid_sizes_are_rejected() -> None:
    with pytest.raises(ValueError, match="overlap"):
        chunk_text("text", 100, 100)

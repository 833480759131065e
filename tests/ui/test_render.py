"""The HTML helpers: escaping, marker links, highlighting by offsets."""

import re

from rag.schema import Answer, AnswerSentence, Citation, Passage
from ui.render import (
    AnswerRef,
    Span,
    answer_markdown,
    answer_plain_text,
    document_html,
    headings,
    human_size,
    mark_spans,
    marker_targets,
    sources_html,
)

DOC = "Intro. <script>alert(1)</script> & more. The ferry leaves at nine. Tail text."


def _span(text: str) -> tuple[int, int]:
    start = DOC.index(text)
    return start, start + len(text)


def _citation(marker: int, text: str, source: str = "notes.md") -> Citation:
    start, end = _span(text)
    return Citation(
        marker=marker,
        chunk_id=f"c{marker}",
        source=source,
        title="Notes <b>",
        start=start,
        end=end,
        quote=text,
    )


def _passage(rank: int, cited: bool, score: float = 0.8) -> Passage:
    return Passage(
        rank=rank,
        chunk_id=f"c{rank}",
        source="notes.md",
        title="Notes <b>",
        start=0,
        end=len(DOC),
        score=score,
        text=DOC,
        cited=cited,
    )


def _answer(text: str, citations: list[Citation], **extra: object) -> Answer:
    return Answer(
        question="When does the ferry leave?",
        answer=text,
        citations=citations,
        passages=[_passage(1, True), _passage(2, False, 0.41)],
        **{"abstained": False, **extra},  # type: ignore[arg-type]
    )


def test_mark_spans_escapes_and_marks_exact_text() -> None:
    start, end = _span("<script>alert(1)</script>")
    html = mark_spans(DOC, [Span(start, end, "cited focus")])
    assert "<script>" not in html
    assert '<mark class="cited focus">&lt;script&gt;alert(1)&lt;/script&gt;</mark>' in html
    assert "&amp; more" in html


def test_first_span_wins_where_spans_overlap() -> None:
    focus = _span("The ferry leaves")
    other = _span("ferry leaves at nine. Tail")
    html = mark_spans(DOC, [Span(*focus, "cited focus"), Span(*other, "also-cited")])
    assert re.findall(r'<mark class="cited focus">(.*?)</mark>', html) == ["The ferry leaves"]
    assert '<mark class="also-cited"> at nine. Tail</mark>' in html


def test_marker_occurrences_map_to_their_own_citations() -> None:
    first, second = _citation(1, "Intro."), _citation(1, "The ferry leaves at nine.")
    answer = _answer("Intro. [1] The ferry leaves at nine. [1] Also [2] and [1, 3].", [first, second])
    # the k-th [1] is the k-th citation with marker 1 (the last one once they run out); [2], [3]: none
    assert marker_targets(answer) == [(1, 0), (1, 1), (2, None), (1, 1), (3, None)]


def test_answer_links_every_marker_and_escapes_the_text() -> None:
    citation = _citation(1, "<script>alert(1)</script>")
    answer = _answer("It says <script>alert(1)</script> [1] and [2].", [citation])
    html = answer_markdown(answer, AnswerRef("chat", 3))
    assert "<script>" not in html and "&lt;script&gt;" in html
    links = re.findall(r'<a class="citation-link" href="([^"]+)" title="([^"]*)">\[1\]</a>', html)
    assert links and links[0][0] == "#chat-cite-3-0"
    assert "&lt;script&gt;" in links[0][1] and "Notes &lt;b&gt;" in links[0][1]
    assert '<span class="citation-missing" title="no such source">[2]</span>' in html


def test_document_markdown_in_an_answer_shows_as_written() -> None:
    # a Markdown heading quoted from a document (or an HTML page's <h1>, extracted as "# ...") was
    # rendered by the Chatbot as a huge heading, with the rest of the line in it
    text = "# Mount Etna [1] Etna is *active*, see [map](x) and\n1. lava\n- ash [1]"
    answer = _answer(text, [_citation(1, "The ferry leaves at nine.")])
    html = answer_markdown(answer, AnswerRef("chat", 0))
    assert html.startswith('&#35; Mount Etna <a class="citation-link"')
    assert "&#42;active&#42;" in html and "&#91;map&#93;(x)" in html
    assert "\n1&#46; lava\n&#45; ash" in html
    assert html.count('class="citation-link"') == 2


def test_unsupported_sentences_are_underlined() -> None:
    citation = _citation(1, "The ferry leaves at nine.")
    text = "The ferry leaves at nine. [1] It is always late. [1]"
    sentences = [
        AnswerSentence(text="The ferry leaves at nine. [1]", markers=[1], supported=True, score=0.9),
        AnswerSentence(text="It is always late. [1]", markers=[1], supported=False, score=0.12),
    ]
    html = answer_markdown(_answer(text, [citation], sentences=sentences), AnswerRef("chat", 0))
    flagged = re.findall(r'<span class="unsupported" title="[^"]*0\.12\)">(.*?)</span>', html)
    assert len(flagged) == 1 and flagged[0].startswith("It is always late.")
    assert html.count('class="citation-link"') == 2
    panel = sources_html(_answer(text, [citation], sentences=sentences), AnswerRef("chat", 0))
    assert "1 sentence not supported" in panel


def test_sources_panel_highlights_quotes_in_context_and_lists_uncited_passages() -> None:
    answer = _answer("The ferry leaves at nine. [1]", [_citation(1, "The ferry leaves at nine.")])
    html = sources_html(answer, AnswerRef("eval", 2), active_marker=1)
    assert '<article class="source-card active">' in html
    assert '<mark class="quote">The ferry leaves at nine.</mark>' in html
    assert "Intro. &lt;script&gt;" in html  # the surrounding passage text, escaped
    assert 'href="#eval-cite-2-0"' in html
    assert "Retrieved, not cited" in html and 'href="#eval-passage-2-1"' in html and "0.41" in html
    assert "In retrieval order, which puts one passage of each document before a second" in html
    assert "<b>" not in html


def test_sources_panel_says_what_the_search_was_restricted_to() -> None:
    answer = _answer("The ferry leaves at nine. [1]", [_citation(1, "The ferry leaves at nine.")])
    assert "Searched only" not in sources_html(answer, AnswerRef("chat", 0))
    html = sources_html(answer, AnswerRef("chat", 0), searched_only="<b>.md, on or after 2023-01-01")
    assert '<p class="searched-only">Searched only: &lt;b&gt;.md, on or after 2023-01-01</p>' in html
    assert html.index("searched-only") < html.index("source-card")  # above the cards


def test_a_source_card_with_two_quotes_gives_each_ones_range() -> None:
    """One [1], two quotes of its passage: the card lists both ranges, as the viewer shows each."""
    quotes = [_citation(1, "Intro."), _citation(1, "The ferry leaves at nine.")]
    html = sources_html(_answer("Intro. [1] The ferry leaves at nine. [1]", quotes), AnswerRef("chat", 0))
    (first, first_end), (second, second_end) = _span("Intro."), _span("The ferry leaves at nine.")
    assert f"chars {first}–{first_end}, {second}–{second_end}" in html


def test_document_view_marks_the_focus_once_and_other_citations_lightly() -> None:
    focus = _span("The ferry leaves at nine.")
    other = _span("Intro.")
    html = document_html(
        "Notes", "dir/notes.md", 2, DOC, Span(*focus, "cited focus"), [Span(*other, "also-cited")]
    )
    assert re.findall(r'<mark class="cited focus">(.*?)</mark>', html) == ["The ferry leaves at nine."]
    assert '<mark class="also-cited">Intro.</mark>' in html
    assert "page 2" in html and "<code>dir/notes.md</code>" in html and "<script>" not in html


def test_plain_text_copy_lists_each_source_once() -> None:
    citations = [_citation(1, "Intro."), _citation(1, "The ferry leaves at nine.")]
    text = answer_plain_text(_answer("Intro. [1] The ferry leaves at nine. [1]", citations))
    assert text.splitlines()[-1] == "[1] Notes <b> (notes.md): “Intro.” … “The ferry leaves at nine.”"


def test_human_size() -> None:
    assert [human_size(n) for n in (512, 2048, 3 * 1024 * 1024)] == ["512 B", "2.0 KB", "3.0 MB"]


def test_reference_marks_inside_a_quote_are_text_not_citations() -> None:
    """A Wikipedia-style quote keeps its own "[3]": it must not link to (or shift) the answer's [n]."""
    quote = "Its keepers were withdrawn when it was automated in 2004.[3]"
    citation = Citation(
        marker=1, chunk_id="c1", source="k.md", title="K", start=0, end=len(quote), quote=quote
    )
    answer = _answer(f"{quote} [1]", [citation])
    assert marker_targets(answer) == [(1, 0)]
    html = answer_markdown(answer, AnswerRef("chat", 0))
    assert html.count('class="citation-link"') == 1 and "citation-missing" not in html
    assert "2004.&#91;3&#93;" in html


def test_line_breaks_inside_a_sentence_show_as_spaces_and_list_items_keep_their_lines() -> None:
    """A PDF's line ends reached the Chatbot, which shows every line break: "inflated to a⏎pressure"."""
    text = (
        "Tyres should be inflated to a\npressure of 4.5 bar. [1] To check them:\n- look at the\n"
        "  valves\n- measure the pressure\n\nThe end. [1]"
    )
    answer = _answer(text, [_citation(1, "The ferry leaves at nine.")])
    html = answer_markdown(answer, AnswerRef("chat", 0))
    assert "inflated to a pressure of 4.5 bar." in html
    # each item on its own line (escaped, as written), its own wrap flowed; the paragraph stays
    assert "To check them:\n&#45; look at the   valves\n&#45; measure the pressure\n\nThe end." in html
    assert html.count('class="citation-link"') == 2
    assert answer_plain_text(answer).startswith(
        "Tyres should be inflated to a pressure of 4.5 bar. [1] To check them:\n- look at the   valves\n"
    )


def test_a_quoted_list_keeps_its_citation_links_whole() -> None:
    """A quote's line break in a link's tooltip made the Chatbot read "- trim ..." as a list item
    inside the tag, showing the rest of the tag as text."""
    quote = "Every night the keeper had to:\n- trim the wick"
    citation = Citation(
        marker=1, chunk_id="c1", source="k.md", title="K", start=0, end=len(quote), quote=quote
    )
    html = answer_markdown(_answer(f"{quote} [1]", [citation]), AnswerRef("chat", 0))
    (link,) = re.findall(r'<a class="citation-link"[^>]*>\[1\]</a>', html)
    assert "\n" not in link and "had to: - trim the wick" in link


def test_copied_text_is_the_answer_as_the_chat_shows_it_short_answer_first() -> None:
    citation = _citation(1, "The ferry leaves at nine.")
    answer = _answer("The ferry leaves at\nnine. [1]", [citation], short_answer="nine")
    shown = answer_markdown(answer, AnswerRef("chat", 0))
    assert shown.startswith('<strong class="short-answer">nine</strong>\n\nThe ferry leaves at nine.')
    lines = answer_plain_text(answer).splitlines()
    assert lines[:4] == ["nine", "", "The ferry leaves at nine. [1]", ""]
    assert lines[4] == "[1] Notes <b> (notes.md): “The ferry leaves at nine.”"
    # no short answer of its own (the whole answer, or a declined one): the answer alone, as in the chat
    whole = _answer("The ferry leaves at nine. [1]", [citation], short_answer="The ferry leaves at nine.")
    assert answer_plain_text(whole).splitlines()[0] == "The ferry leaves at nine. [1]"
    declined = _answer("Not found in the corpus.", [], short_answer="nine", abstained=True)
    assert answer_plain_text(declined) == "Not found in the corpus."


LIGHTHOUSE = (
    "# The Skarvik Lighthouse\n\n## Keepers\nThe lamp burned whale oil until a paraffin burner replaced it"
    " in the\nsummer of 1890.\n\nRepairs\n=======\n\nThe lens was cut in 1866. ##\n"
)


def test_heading_lines_are_found_with_their_marks_in_markdown_and_html_only() -> None:
    found = headings(LIGHTHOUSE, "docs/skarvik.md")
    assert [(LIGHTHOUSE[h.text_start : h.text_end], h.level) for h in found] == [
        ("The Skarvik Lighthouse", 1),
        ("Keepers", 2),
        ("Repairs", 1),
    ]
    assert [LIGHTHOUSE[h.start : h.text_start] for h in found] == ["# ", "## ", ""]
    assert LIGHTHOUSE[found[2].text_end : found[2].end] == "\n======="
    assert headings(LIGHTHOUSE, "skarvik.HTML") == found
    assert headings(LIGHTHOUSE, "skarvik.txt") == []  # "# " in a text file is text (a comment)


def test_document_view_shows_headings_without_their_marks_and_highlights_the_exact_quote() -> None:
    quote = "## Keepers\nThe lamp burned whale oil"  # a quote may take in a heading: the mark stays whole
    start = LIGHTHOUSE.index(quote)
    html = document_html(
        "Skarvik", "skarvik.md", None, LIGHTHOUSE, Span(start, start + len(quote), "cited focus")
    )
    assert html.count("<mark") == 1
    (marked,) = re.findall(r'<mark class="cited focus">(.*?)</mark>', html, re.DOTALL)
    assert marked == (
        '<span class="heading-mark">## </span><span class="doc-heading h2">Keepers</span>'
        "\nThe lamp burned whale oil"
    )
    assert re.sub(r"<[^>]+>", "", marked) == quote  # every character in its place: offsets hold
    assert (
        '<span class="heading-mark"># </span><span class="doc-heading h1">The Skarvik Lighthouse</span>'
        in html
    )
    assert '<span class="doc-heading h1">Repairs</span><span class="heading-mark">\n=======</span>' in html
    plain = document_html("Notes", "notes.txt", None, LIGHTHOUSE, Span(0, 5, "cited focus"))
    assert "doc-heading" not in plain and "heading-mark" not in plain


def test_a_source_card_puts_headings_on_their_own_lines_and_flows_wrapped_sentences() -> None:
    passage = Passage(
        rank=1,
        chunk_id="c1",
        source="skarvik.md",
        title="Skarvik",
        start=0,
        end=len(LIGHTHOUSE),
        score=0.9,
        text=LIGHTHOUSE,
        cited=True,
    )
    quote = "The lamp burned whale oil until a paraffin burner replaced it in the\nsummer of 1890."
    start = LIGHTHOUSE.index(quote)
    citation = Citation(
        marker=1,
        chunk_id="c1",
        source="skarvik.md",
        title="Skarvik",
        start=start,
        end=start + len(quote),
        quote=quote,
    )
    answer = Answer(
        question="q", answer=f"{quote} [1]", abstained=False, citations=[citation], passages=[passage]
    )
    html = sources_html(answer, AnswerRef("chat", 0))
    # the heading's line break stays, though the sentence splitter reads the next line as its sentence's
    assert '<span class="doc-heading h2">Keepers</span>\n<mark class="quote">The lamp' in html
    assert (
        '<mark class="quote">The lamp burned whale oil until a paraffin burner replaced it in the summer'
        in html
    )

"""The extractive answerer on text the sentence splitter has to cut (no punctuation at all)."""

import numpy as np
import pytest

from index import sentence_vectors
from index.sentences import split_sentences
from rag.answer_kind import asked_attribute
from rag.backends import build_answerer
from rag.candidates import (
    Candidate,
    _in_a_question,
    candidates_from,
    completed,
    may_answer,
    sentence_spans,
    with_what_it_introduces,
    with_what_leads_it,
    without_overlaps,
)
from rag.extractive import ExtractiveAnswerer, _short_answer_of
from rag.numbered_items import item_asked, item_body
from rag.question_form import denies_in_main_clause, is_question, misses_the_version, question_parts
from rag.schema import Passage
from rag.service import CorpusChat
from rag.short_answer import holds_asked_kind, short_answer
from rag.table_fields import names_the_attribute
from rag.text import content_terms
from tests.conftest import ARTICLE


def passage(text: str, start: int = 0) -> Passage:
    return Passage(
        rank=1,
        chunk_id="c1",
        source="doc.txt",
        title="doc",
        start=start,
        end=start + len(text),
        score=1.0,
        text=text,
    )


def test_bridges_span_every_cut_of_unpunctuated_text() -> None:
    text = ARTICLE.read_text(encoding="utf-8")[:2000]
    spans = sentence_spans(text)
    pieces = [s for s in spans if s.start == 0 or text[s.start - 1] == " "]
    assert len(spans) > len(pieces) / 2
    # every boundary between two consecutive cut pieces lies strictly inside some bridge
    cuts = sorted({s.end for s in spans})[:-1]
    assert all(any(b.start < cut < b.end for b in spans) for cut in cuts)


def test_punctuated_text_gets_no_bridges() -> None:
    text = "The ferry leaves at nine. The bakery opens at six. The museum is closed on Mondays."
    assert [text[s.start : s.end] for s in sentence_spans(text)] == [
        "The ferry leaves at nine.",
        "The bakery opens at six.",
        "The museum is closed on Mondays.",
    ]


def test_candidates_keep_document_offsets_and_skip_near_duplicates() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    first = passage(text[0:800], 0)
    overlapping = passage(text[400:1200], 400).model_copy(update={"rank": 2, "chunk_id": "c2"})
    candidates = candidates_from([first, overlapping])
    for candidate in candidates:
        assert text[candidate.start : candidate.end] == candidate.text
    spans = [(c.start, c.end) for c in candidates]
    assert len(spans) == len(set(spans))


def test_a_cut_candidate_is_completed_with_the_words_around_it() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    whole = passage(text[:1500])
    start = text.index("It is out of question")
    end = text.index("said Ibrahim Kalin a") + len("said Ibrahim Kalin a")
    cut = Candidate(whole, start, end, text[start:end], score=0.5)
    longer = completed(cut)
    assert cut.start - 60 <= longer.start < cut.start and longer.end > cut.end
    assert "a spokesman for President Recep Tayyip Erdogan" in longer.text
    assert text[longer.start - 1] == " "  # a whole word
    assert text[longer.start : longer.end] == longer.text


def test_a_long_punctuated_sentence_cut_for_its_length_is_quoted_whole() -> None:
    long = (
        "The compression level can be set from zero to nine, where zero gives no compression at all and "
        "nine gives the best compression at the cost of speed, and the default of six is a compromise "
        "that compresses at least three times as fast as level nine while losing very little in size."
    )
    text = f"Levels are described below. {long} Memory use is constant."
    assert len(long) > 240  # the splitter cuts it into pieces
    pieces = [s for s in split_sentences(text) if text[s.start : s.end] in long]
    assert len(pieces) >= 2
    for piece in pieces:
        candidate = Candidate(passage(text), piece.start, piece.end, text[piece.start : piece.end], 0.5)
        assert completed(candidate).text == long


def test_a_whole_sentence_is_not_extended() -> None:
    text = "The summit met in Brussels. It lasted two days. Leaders signed a pact."
    for start, end in ((28, 47), (48, len(text))):  # one sentence before it, and two
        sentence = Candidate(passage(text), start, end, text[start:end], score=0.5)
        assert completed(sentence) == sentence


def test_a_sentence_opening_a_table_cell_is_not_extended_over_the_border() -> None:
    """A FAQ laid out as a table: the answer's cell starts after "|", not mid-sentence."""
    text = "5.4. | Is it possible to attach later?  \n|  No. It needs control from the start."
    start = text.index("No.")
    cell = Candidate(passage(text), start, len(text), text[start:], score=0.5)
    assert completed(cell).text == "No. It needs control from the start."


def test_a_finished_passage_keeps_its_chunk_sentences_and_scores_the_finish_without_embedding() -> None:
    text = "The ferry leaves at nine. The bakery opens at six and sells simit until noon"
    chunk_end = text.index(" and sells")
    chunk = text[:chunk_end]
    spans = [(s.start, s.end) for s in split_sentences(chunk)]
    vectors = np.eye(2, 8, dtype=np.float32)
    metadata = {**sentence_vectors.pack(spans, vectors), "chunk_end": 100 + chunk_end}
    finished = passage(text, 100).with_index_data(metadata)
    sentences = finished.sentences()
    assert [text[s.start : s.end] for s in sentences] == [
        "The ferry leaves at nine.",
        "The bakery opens at six",
        "and sells simit until noon",  # the words that finished the cut sentence
    ]
    vectors_found = [finished.sentence_vector(s.start, s.end) for s in sentences]
    assert all(v is not None for v in vectors_found)
    # the finishing words share the vector of the sentence they finish: nothing to embed per query
    assert [int(np.argmax(v)) for v in vectors_found] == [0, 1, 1]


def test_candidates_of_two_passages_with_stored_vectors_compare_without_error() -> None:
    """Two chunks' passages holding vectors at the same offsets: candidates compare by their fields,
    never by the vectors (which raised "truth value of an array ... ambiguous")."""
    text = "The ferry leaves at nine. The bakery opens at six."
    spans = [(s.start, s.end) for s in split_sentences(text)]
    metadata = sentence_vectors.pack(spans, np.eye(2, 8, dtype=np.float32))
    one, other = (passage(text).model_copy(update={"chunk_id": c}).with_index_data(metadata) for c in "ab")
    first, second = (Candidate(p, 0, 25, text[:25]) for p in (one, other))
    assert first not in [second]
    assert first in [second, Candidate(one, 0, 25, text[:25])]


def test_a_name_shared_with_the_question_is_no_answer(seed_engine: CorpusChat) -> None:
    """The article names Kureci but says nothing of how it is spelt: word overlap lifts its sentence over
    min_relevance, its meaning stays below min_similarity."""
    answer = seed_engine.ask("How many letters does Kureci have?")
    settings = seed_engine.settings
    assert answer.abstained and not answer.citations
    assert answer.relevance is not None and answer.relevance >= settings.min_relevance
    assert answer.similarity is not None and answer.similarity < settings.min_similarity


def test_a_follow_up_picks_its_sentence_with_the_conversation(seed_engine: CorpusChat) -> None:
    """ "And who said that?" alone matches nothing; with the question it follows, Erdogan's sentence."""
    follow_up, standalone = "And who said that?", "Who said Turkey may close Incirlik and Kureci?"
    passages = seed_engine.ask(standalone, k=4).passages
    answerer = build_answerer("extractive", seed_engine.settings, seed_engine.embeddings)
    assert answerer(follow_up, passages).abstained
    answer = answerer(follow_up, passages, context=standalone)
    assert not answer.abstained and "Erdogan said" in answer.answer


def test_a_sentence_whose_vector_context_pulled_away_is_still_answered(engine_over) -> None:
    """In context its stored vector scores about 0.2 against the question, under min_similarity; the
    sentence embedded on its own scores 0.74, so the answer stands."""
    engine = engine_over(
        {
            "lighthouse.md": "# Kéréon lighthouse\n\nThe Kéréon lighthouse was first lit in 1916.[2] Its "
            "keepers were withdrawn when it was automated in 2004.[3] The tower is 41 metres tall.\n"
        }
    )
    answer = engine.ask("When were the keepers withdrawn?")
    assert not answer.abstained and answer.short_answer == "2004"
    assert answer.similarity is not None and answer.similarity > 0.7


def test_a_footnotes_number_above_its_text_is_no_term() -> None:
    text = "It was approved.\n1\n  This annotated copy was reviewed by the Legal Affairs Committee."
    start = text.index("This")
    note = Candidate(passage(text), start, len(text), text[start:], score=0.5)
    assert with_what_leads_it(note) == note


def test_a_sentence_wrapped_onto_an_indented_line_is_no_term_and_description() -> None:
    """A Markdown list item's hard-wrapped sentence goes on, indented, on its next line."""
    text = "- The oldest numpy version supported is the oldest numpy version\n  supported by Python 3.10."
    start = text.index("The")
    item = Candidate(passage(text), start, len(text), text[start:], score=0.5)
    assert _short_answer_of("oldest numpy joblib supports", [item]) != text[start : text.index("\n")]


def _best_and_runner_up(first: str, second: str) -> tuple[Candidate, Candidate]:
    """Two chosen sentences of one passage, the first scored higher."""
    text = f"{first} {second}"
    cut = len(first) + 1
    return (
        Candidate(passage(text), 0, len(first), first, score=0.7),
        Candidate(passage(text), cut, len(text), second, score=0.6),
    )


def test_the_short_answer_comes_from_a_sentence_giving_the_value_of_the_noun_asked_by() -> None:
    """The best match holds a URL; the other gives the port right after the noun."""
    best, port = _best_and_runner_up(
        "This means that, for example, `:3000` would expand to `http://localhost:3000`.",
        "If the port is omitted, then port 80 is assumed.",
    )
    question = "If I use the localhost shorthand and leave out the port, which port does it connect to?"
    assert _short_answer_of(question, [best, port]) == "80"


def test_a_question_for_an_option_takes_it_from_the_sentence_that_gives_one() -> None:
    """The best match writes only the option the question gives itself."""
    best, option = _best_and_runner_up(
        "Without `--with-ca-bundle` option, you will encounter the error when accessing HTTPS servers.",
        "In such case, you can specify the CA bundle file using aria2's `--ca-certificate` option.",
    )
    question = "I built aria2 without --with-ca-bundle. Which aria2 option points it at the CA bundle file?"
    assert _short_answer_of(question, [best, option]) == "--ca-certificate"
    # a value need not be code: "3", not the option of the other sentence
    best, value = _best_and_runner_up(
        "MINWORDSBLOCK Minimum number of tokens to form a block. Default: 3",
        "--show-config Show values of configuration variables.",
    )
    assert _short_answer_of("What is the default value of the variable MINWORDSBLOCK?", [best, value]) == "3"
    # "Is there a flag ...?" asks which one; an empty string in backticks is no code
    best, flag = _best_and_runner_up(
        'An empty string in double quotes (`""`) is impossible to confuse with a single double-quote.',
        "In a project with its own conventions, you can pass `--skip-string-normalization`.",
    )
    question = "Is there a flag to stop Black from rewriting single quotes to double quotes?"
    assert _short_answer_of(question, [best, flag]) == "--skip-string-normalization"


def test_a_follow_ups_short_answer_is_nothing_the_conversation_said() -> None:
    best, other = _best_and_runner_up(
        "The society was founded in 1971 by Eleanor Shaw, a local teacher.",
        "The museum opened to visitors in 1979.",
    )
    question = "What was her job?"
    conversation = (
        "Who founded the Marlow Valley Railway Preservation Society? Eleanor Shaw What was her job?"
    )
    assert _short_answer_of(question, [best, other]) == "Eleanor Shaw"  # alone, the name it names
    assert _short_answer_of(question, [best, other], conversation=conversation) == ""
    # a release inside another the conversation named is no repetition of it ("1.3" of "1.21.3")
    best, other = _best_and_runner_up("Wget 1.21.3 added an option to select TLS 1.3.", "Other changes.")
    said = "When was wget 1.21.3 released? Which TLS version did it add an option for?"
    assert (
        _short_answer_of("Which TLS version did it add an option for?", [best, other], conversation=said)
        == "1.3"
    )


def test_the_short_answer_comes_from_a_sentence_saying_what_is_asked_of_the_names() -> None:
    """The best match names Eleanor Voss but says nothing of a marriage: the name asked for is in the
    sentence that says "married"."""
    best, married = _best_and_runner_up(
        "Eleanor Voss (3 June 1871 - 22 January 1949) was a Scottish botanist.",
        "She married the geologist Arthur Penrose in 1910.",
    )
    assert _short_answer_of("Whom did Eleanor Voss marry?", [best, married]) == "Arthur Penrose"
    assert _short_answer_of("Where was Eleanor Voss from?", [best, married]) == "Scottish"


def test_a_who_questions_answer_comes_from_a_sentence_that_says_its_verb() -> None:
    """Both sentences tell of bucky bits; the one that says who invented them names the inventor, and
    whose account the question asks about ("according to ...") is no part of what it asks."""
    best, invented = _best_and_runner_up(
        "It has long been rumored that bucky bits were named for Buckminster Fuller.",
        "Actually, bucky bits were invented by Niklaus Wirth when he was at Stanford.",
    )
    question = "Who really invented the keyboard bits called bucky bits, according to the Jargon File?"
    assert _short_answer_of(question, [best, invented]) == "Niklaus Wirth"
    assert _short_answer_of("Who were bucky bits named for?", [best, invented]) == "Buckminster Fuller"


def test_a_what_questions_answer_comes_from_a_sentence_that_says_the_verb_it_ends_in() -> None:
    best, allows = _best_and_runner_up(
        'The details are provided by zeroinfl.control(method = "BFGS", EM = FALSE, start = NULL).',
        "The only new argument here is EM, which allows for EM estimation of the starting values.",
    )
    question = "What does the EM argument of zeroinfl.control() allow?"
    assert "estimation of the starting values" in _short_answer_of(question, [best, allows])


def test_the_sentences_of_a_faqs_question_are_no_answer() -> None:
    """After "Q:", a FAQ's question may tell before it asks; only what follows "A:" answers."""
    text = (
        'Q:  I need to use a script that runs "xz -9". On a system with 256 MiB of RAM, xz says that it\n'
        "    cannot allocate memory. Can I make the script work without modifying it?\n\n"
        "A:  Set a memory usage limit in the environment variable XZ_DEFAULTS.\n"
    )
    sentences = [c.text for c in candidates_from([passage(text)]) if not _in_a_question(c)]
    assert sentences == ["A:  Set a memory usage limit in the environment variable XZ_DEFAULTS."]


def test_a_faqs_answer_counts_the_words_of_the_question_it_answers(engine_over) -> None:
    """ "Yes. zlib doesn't handle dates." says none of the question's words; as the answer to the
    FAQ's "Is zlib Y2K-compliant?" it is the one answer, not a tie with the next item's reply."""
    engine = engine_over(
        {
            "zlib-faq.txt": "zlib Frequently Asked Questions\n\n1. Is zlib Y2K-compliant?\n\n"
            "Yes. zlib doesn't handle dates.\n\n2. Can zlib handle .zip archives?\n\n"
            "Not by itself, no. See the directory contrib/minizip in the zlib distribution.\n\n"
            "3. Is zlib patented?\n\nAs far as we know, no. That was the whole point behind zlib.\n"
        }
    )
    answer = engine.ask("Is zlib Y2K-compliant?")
    assert [c.quote for c in answer.citations] == ["Yes. zlib doesn't handle dates."]
    assert answer.short_answer == "Yes"


def test_a_sentence_opening_with_a_pronoun_has_the_words_of_the_one_before(engine_over) -> None:
    """ "It shows the original Fresnel lens." says nothing of the museum but through "It": scored with
    the sentence before it, it answers what the museum shows, and is quoted with it (alone it does not
    say what "It" is); "She" is the keeper of the sentence before, so her twenty-two years answer how
    long Ingrid Solberg lived there."""
    engine = engine_over(
        {
            "museum.txt": "The Skarvik museum opened in 1999. "
            "It shows the original Fresnel lens of the lighthouse.",
            "keepers.txt": "The last keeper, Ingrid Solberg, left the station in 1982 when the light was "
            "automated. She had lived there for twenty-two years with her two dogs.",
        }
    )
    shows = engine.ask("What does the Skarvik museum show?")
    assert [c.quote for c in shows.citations] == [
        "The Skarvik museum opened in 1999. It shows the original Fresnel lens of the lighthouse."
    ]
    assert "Fresnel lens" in shows.short_answer
    lived = engine.ask("How long did Ingrid Solberg live at the lighthouse?")
    assert lived.short_answer == "twenty-two years"
    assert lived.citations[0].quote.startswith("The last keeper, Ingrid Solberg, left")


def test_a_run_of_sentences_about_one_person_has_the_words_of_the_one_that_names_her(engine_over) -> None:
    """ "She married ..." follows two sentences that say "She" too: it has the words of the sentence
    that names Eleanor Voss, so it answers whom she married, with the name asked for."""
    engine = engine_over(
        {
            "voss.txt": "Eleanor Margaret Voss (3 June 1871 - 22 January 1949) was a Scottish botanist "
            "known for her studies of alpine mosses.\n\nShe was born in Perth, the youngest of five "
            "children of a schoolteacher. She studied at the University of Edinburgh. She married the "
            "geologist Arthur Penrose in 1910; they had no children."
        }
    )
    answer = engine.ask("Whom did Eleanor Voss marry?")
    assert "She married the geologist Arthur Penrose" in answer.citations[0].quote
    assert answer.short_answer == "Arthur Penrose"


def test_a_list_item_has_the_words_of_the_line_that_introduces_its_list(engine_over) -> None:
    """ "- Motorcycle: £23.00" says nothing of Inchkeld nor of fares but through the line above its
    list; without it, a bike store's cost in another document answered."""
    engine = engine_over(
        {
            "ferries.md": "# Northline Ferries\n\nThe crossing from Ardmuir to Inchkeld takes 50 minutes.\n\n"
            "Single fares from Ardmuir to Inchkeld:\n\n- Adult: £8.50\n- Child (5-15): £4.25\n"
            "- Car and driver: £41.00\n- Motorcycle: £23.00\n- Bicycle: free\n",
            "coop.txt": "A covered bike store for 24 bikes will be built next to Block A, at a cost of no "
            "more than £6,000.",
        }
    )
    answer = engine.ask("What is the single fare for a car to Inchkeld?")
    assert [c.quote for c in answer.citations] == ["- Car and driver: £41.00"]
    assert answer.short_answer == "£41.00"


def test_who_is_answered_by_the_name_a_pronoun_stands_for(engine_over) -> None:
    """ "He was the richest person ..." answers who was the richest, by the name before it."""
    engine = engine_over(
        {
            "trial.txt": "The criminal trial of Sam Bankman-Fried, founder of the FTX exchange, began on "
            "Tuesday. He was once the richest person in the world under 30."
        }
    )
    answer = engine.ask("Who was the richest person under 30?")
    assert answer.short_answer == "Sam Bankman-Fried"


def test_a_name_in_the_pronouns_sentence_answers_who_before_the_name_it_stands_for(engine_over) -> None:
    """ "He studied composition with Joseph Haydn." answers whom Mozart studied with: Haydn, not the
    name "He" stands for."""
    engine = engine_over(
        {
            "mozart.txt": "Wolfgang Amadeus Mozart was born in Salzburg in 1756. "
            "He studied composition with Joseph Haydn in Vienna for two years."
        }
    )
    assert engine.ask("Who did Mozart study composition with?").short_answer == "Joseph Haydn"


def test_a_follow_up_asked_in_the_present_matches_the_past_tense_that_answers_it(engine_over) -> None:
    """ "When did she leave?" after "Who was the last keeper?": the text says "left"."""
    engine = engine_over(
        {
            "lighthouse.md": "# The Skarvik Lighthouse\n\nIt stands 34 metres tall.\n\n## Keepers\n\n"
            "The last keeper, Ingrid Solberg, left the station in 1982 when the light was automated. "
            "She had lived there for twenty-two years with her two dogs.\n"
        }
    )
    answer = engine.ask("When did she leave?", history=["Who was the last keeper?"])
    assert answer.short_answer == "1982"


def test_a_heading_is_not_quoted_as_an_answer(engine_over) -> None:
    """A heading names the subject of what follows it and says nothing of it."""
    engine = engine_over(
        {
            "volcano.md": "# Mount Keloran Eruption Report\n\nMount Keloran erupted on 12 February 2023 "
            "after nine years of quiet. The ash column reached a height of eleven kilometres.\n"
        }
    )
    answer = engine.ask("When did Mount Keloran erupt?")
    assert [c.quote for c in answer.citations] == [
        "Mount Keloran erupted on 12 February 2023 after nine years of quiet."
    ]
    assert answer.short_answer == "12 February 2023"


def test_a_field_line_in_title_case_answers_though_a_numbered_heading_follows(engine_over) -> None:
    """ "Contact: Hannah Brightwell, Town Centre Officer, ..." reads like a heading, but gives its label a
    value; the "1. About the scheme" under it is a heading, not a list it introduces."""
    engine = engine_over(
        {
            "grant.txt": "Shopfront Improvement Grant 2026-27: guidance for applicants\n\n"
            "Contact: Hannah Brightwell, Town Centre Officer, Carrowmoor District Council\n\n"
            "1. About the scheme\n\nCarrowmoor District Council wants Carrow Wick to look its best.\n"
        }
    )
    answer = engine.ask(
        "Who is the contact at Carrowmoor District Council for the Shopfront Improvement Grant?"
    )
    assert (
        answer.citations[0].quote
        == "Contact: Hannah Brightwell, Town Centre Officer, Carrowmoor District Council"
    )
    assert answer.short_answer == "Hannah Brightwell"


def test_an_underlined_heading_in_sentence_case_is_not_quoted_as_an_answer(engine_over) -> None:
    """Plain text underlines its title: "How to setup Git server over http" over "===" names the
    subject, whatever its case, and says nothing of when it was written."""
    engine = engine_over(
        {
            "howto.txt": "How to setup Git server over http\n=================================\n\n"
            "This howto was written in August 2006, before git-http-backend existed.\n"
        }
    )
    answer = engine.ask("When was the howto on setting up a Git server over http written?")
    assert [c.quote for c in answer.citations] == [
        "This howto was written in August 2006, before git-http-backend existed."
    ]


def test_etc_ends_its_sentence_before_a_capital() -> None:
    text = "It shows supplementary groups, etc. The top program has been rewritten."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "It shows supplementary groups, etc.",
        "The top program has been rewritten.",
    ]


def test_a_description_is_quoted_under_its_term_and_a_reply_with_its_explanation(engine_over) -> None:
    """A definition list (HTML <dl> as extracted, a man page's options) gives each description under
    its term: the term is what a "which" question asks for. A FAQ's bare "No." opens its answer."""
    engine = engine_over(
        {
            "groups.html": "<html><head><title>Users and groups</title></head><body><h1>System groups</h1>"
            "<dl><dt>adm</dt><dd>Members of this group can read many log files in /var/log.</dd>"
            "<dt>plugdev</dt><dd>Members of this group can access removable devices such as USB sticks."
            "</dd></dl></body></html>",
            "grep.txt": "OPTIONS\n       -i, --ignore-case\n              Ignore case distinctions in "
            "patterns and input data.\n       -v, --invert-match\n"
            "              Invert the sense of matching.\n",
            "zlib-faq.txt": "Q: Is zlib under the GNU license?\nA: No. Please read the license in zlib.h.\n",
            "git.txt": "AUTHORS\n       Git was started by Linus Torvalds in 2005.\n",
        }
    )
    # a man page's section heading above its indented text is no term
    assert engine.ask("Who started Git?").short_answer == "Linus Torvalds"
    usb = engine.ask("Which group lets its members use USB sticks?")
    assert usb.short_answer == "plugdev" and "plugdev" in usb.citations[0].quote
    option = engine.ask("Which option makes the search ignore case distinctions?")
    assert option.short_answer == "-i, --ignore-case"
    described = engine.ask("What does --invert-match do?")
    assert "--invert-match" not in described.short_answer
    licence = engine.ask("Is zlib under the GNU license?")
    assert licence.short_answer == "No" and "No. Please read" in licence.citations[0].quote


def test_who_holds_a_role_is_answered_by_the_field_naming_the_role(engine_over) -> None:
    """A tender names its procurement lead once, in a field; the opening clause that says most of the
    question's other words names the council, not who leads."""
    engine = engine_over(
        {
            "itt.txt": "1.1  Brackmoor County Council invites tenders for home-to-school transport for "
            "pupils in the Upper Brack and Wenlow areas.\n\n1.2  Contact\n\nProcurement lead: Anneliese "
            "Corrib-Watts, Senior Procurement Officer\nTelephone: 01632 960 114\n",
        }
    )
    answer = engine.ask("Who is the procurement lead for the Brackmoor home-to-school transport tender?")
    assert answer.short_answer == "Anneliese Corrib-Watts"


def test_which_release_made_a_change_is_answered_by_the_heading_it_is_listed_under(engine_over) -> None:
    """A changelog lists each change under its release's heading and names no release in the change
    itself; the Python version the question gives is no answer."""
    engine = engine_over(
        {
            "CHANGELOG.md": "# Changelog\n\n## 0.26.0 (20th December, 2023)\n\n### Added\n\n"
            "* The `proxy` argument was added.\n\n## 0.25.0 (11th September, 2023)\n\n### Removed\n\n"
            "* Drop support for Python 3.7. (#2813)\n\n### Added\n\n* Add support for Python 3.12.\n",
        }
    )
    answer = engine.ask("Which httpx version dropped support for Python 3.7?")
    assert answer.short_answer == "0.25.0"
    assert answer.citations[0].quote == "## 0.25.0 (11th September, 2023)"


def test_which_release_made_a_change_no_passage_dates_is_declined(engine_over) -> None:
    """A manual that tells of an option and of no release: which version added it, it does not say."""
    engine = engine_over(
        {
            "rsyncd.txt": "The insecure links parameter turns off the secure path resolver that is on by "
            "default. Set it to yes only for modules whose files you trust.\n",
        }
    )
    assert engine.ask("Which rsync version added the insecure links parameter?").abstained
    assert not engine.ask("What does the insecure links parameter turn off?").abstained


def test_a_field_telling_of_another_year_gives_no_short_answer_over_the_sentence_that_dates_it() -> None:
    """The sentence about 2026-27's account dates it; the field beside it, about an option to tax in
    2009, tells of another year: it is no answer, field as it is."""
    from rag.candidates import Candidate
    from rag.extractive import _short_answer_of

    text = (
        "The final account for 2026-27 will be issued by 30 September 2027. "
        "Kiln Yard is opted to tax: the landlord notified HMRC of the option on 2 March 2009."
    )
    passage = Passage(
        rank=1, chunk_id="c", source="lease.docx", title="Lease", start=0, end=len(text), score=1.0, text=text
    )
    cut = text.index("Kiln")
    chosen = [
        Candidate(passage, 0, cut - 1, text[: cut - 1], score=0.50),
        Candidate(passage, cut, len(text), text[cut:], score=0.52),
    ]
    question = "When will the final service charge account for 2026-27 be issued at Kiln Yard?"
    assert _short_answer_of(question, chosen) == "30 September 2027"


def test_who_under_a_term_is_answered_by_the_person_its_description_names(engine_over) -> None:
    """ "Curator's talk" over "Dr Ferrante introduces the exhibition.": who gives it is the name, not
    the term a which-question would ask for."""
    engine = engine_over(
        {
            "events.html": "<html><body><h1>Events</h1><dl><dt>Curator's talk</dt><dd>Dr Ferrante introduces "
            "the exhibition.</dd><dt>Family trail</dt><dd>A free trail for children.</dd></dl>"
            "</body></html>",
        }
    )
    assert engine.ask("Who curated the exhibition?").short_answer == "Dr Ferrante"
    assert engine.ask("Which event is free for children?").short_answer == "Family trail"


def test_a_code_the_question_names_is_answered_by_its_description_in_the_document_naming_it(
    engine_over,
) -> None:
    """A definition's description has its term's words ("FD-3007" over "Search index out of date."),
    and the bare terms answer nothing; a passage of another version naming another code ("FD-307")
    shares the question's words, not its facts, and does not answer it."""
    engine = engine_over(
        {
            "guide-5.3.html": "<html><head><title>Ferrowdesk Server 5.3 guide</title></head><body>"
            "<h2>Error codes</h2><p>Errors are written to the logs with a code. The common ones are:</p>"
            "<dl><dt>FD-1042</dt><dd>Licence seats exceeded.</dd><dt>FD-2210</dt><dd>Mail loop detected.</dd>"
            "<dt>FD-3007</dt><dd>Search index out of date. Run the reindex command.</dd></dl></body></html>",
            "quick-4.8.md": "# Ferrowdesk 4.8 quick reference\n\n- `fdadmin reindex` rebuilds search (error "
            "**FD-307** means the index is stale).\n- `fdadmin restart` restarts all services.\n",
        }
    )
    answer = engine.ask("What does error FD-3007 mean in Ferrowdesk?")
    assert {c.source for c in answer.citations} == {"guide-5.3.html"}
    assert any("FD-3007\n    Search index out of date." in c.quote for c in answer.citations)
    assert not any(c.quote.strip() in {"FD-1042", "FD-2210"} for c in answer.citations)
    assert engine.ask("What does error FD-9999 mean in Ferrowdesk?").abstained


def test_a_faq_answers_with_its_answer_not_its_question_and_a_lead_in_with_what_it_introduces(
    engine_over,
) -> None:
    """The FAQ's own question matches every word of the user's but answers nothing; a sentence ending
    in a colon is quoted with the command it introduces."""
    engine = engine_over(
        {
            "faq.md": "# Tool FAQ\n\nHow do you pronounce Valgrind?\n\n"
            'The "Val" as in the word "value", the "grind" is pronounced with a short i.\n',
            "leaks.md": "# Leaks\n\nHow do I check a program for memory leaks?\n\n"
            "To check a program for memory leaks, run:\n\nmemcheck --full ./program\n",
        }
    )
    pronounce = engine.ask("How do you pronounce Valgrind?")
    assert [c.quote for c in pronounce.citations][:1] == [
        'The "Val" as in the word "value", the "grind" is pronounced with a short i.'
    ]
    leaks = engine.ask("How do I check a program for memory leaks?")
    assert "memcheck --full ./program" in leaks.citations[0].quote
    assert all(not c.quote.rstrip().endswith("?") for c in leaks.citations)


def test_the_same_sentence_in_two_documents_is_quoted_once(embeddings) -> None:
    """Licence texts repeat clauses word for word, and a document converted to another format says
    the same with other markup: the runner-up that says the same words is no second sentence of the
    answer; the next different one is."""
    clause = "The licence terminates automatically if you violate its terms."
    gpl = Passage(
        rank=1, chunk_id="g", source="gpl.txt", title="GPL", start=0, end=70, score=1.0, text=clause
    )
    marked_up = "The *licence* terminates automatically if you violate its `terms`."
    gfdl_text = f"{marked_up}  It may be  reinstated later."
    gfdl = Passage(
        rank=2,
        chunk_id="f",
        source="gfdl.txt",
        title="GFDL",
        start=0,
        end=len(gfdl_text),
        score=0.9,
        text=gfdl_text,
    )
    first, repeated, other = candidates_from([gpl, gfdl])
    first.score, repeated.score, other.score = 0.8, 0.79, 0.75
    answerer = ExtractiveAnswerer(embeddings, min_relevance=0.3)
    chosen = answerer.select(
        "What happens if I violate the licence?", [first, repeated, other], similarity=0.9
    )
    assert [(c.passage.source, c.text) for c in chosen] == [
        ("gpl.txt", clause),
        ("gfdl.txt", "It may be  reinstated later."),
    ]


def test_select_keeps_a_runner_up_that_holds_the_asked_kind(embeddings):
    """Two sentences that only match a when-question's words must not crowd out the third, close to
    them, that gives the date: it takes the second's place."""
    text = (
        "The spring term at Ashcombe Primary is a busy one. "
        "Ashcombe Primary pupils have swimming all spring term. "
        "Term ends on Friday 4 April 2025."
    )
    passage = Passage(
        rank=1, chunk_id="a", source="a.txt", title="A", start=0, end=len(text), score=1.0, text=text
    )
    busy, swimming, ends = candidates_from([passage])
    busy.score, swimming.score, ends.score = 0.8, 0.78, 0.75
    answerer = ExtractiveAnswerer(embeddings, min_relevance=0.3)
    question = "When does the spring term end at Ashcombe Primary?"
    chosen = answerer.select(question, [busy, swimming, ends], similarity=0.9)
    assert [c.text for c in chosen] == [busy.text, ends.text]
    ends.score = 0.6  # below the floor (0.85 of the best): not close enough to stand in
    chosen = answerer.select(question, [busy, swimming, ends], similarity=0.9)
    assert [c.text for c in chosen] == [busy.text, swimming.text]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (  # a sentence that announces a list takes the list
            "Intro. The following types of authentication are supported.\n\n- Digest\n- Basic\n\nMore text.",
            "The following types of authentication are supported.\n\n- Digest\n- Basic",
        ),
        (  # a colon takes the whole list it introduces, not only its first item
            "Intro. Three types are supported:\n1. Digest\n2. Basic\n3. WSSE\nMore text.",
            "Three types are supported:\n1. Digest\n2. Basic\n3. WSSE",
        ),
        (  # "the following" with no list after it stays as it is
            "Intro. The following year was quiet. More text.",
            "The following year was quiet.",
        ),
    ],
)
def test_a_sentence_introducing_a_list_is_quoted_with_it(text: str, quote: str) -> None:
    lead = candidates_from([passage(text)])[1]
    assert with_what_it_introduces(lead).text == quote


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        (  # a changelog entry's first line heads its bullets: they say what changed
            "Release notes.\n\ngzip (1.10-2) unstable; urgency=medium\n\n"
            "  * Build with -DUNALIGNED_OK on amd64 only.\n  * Policy 4.6.1.\n\n"
            " -- Ann Lee <ann@example.org>  Sun, 29 Jul 2018",
            [
                "Release notes.",
                "gzip (1.10-2) unstable; urgency=medium\n\n  * Build with -DUNALIGNED_OK on amd64 only.\n"
                "  * Policy 4.6.1.",
                "* Build with -DUNALIGNED_OK on amd64 only.",
                "* Policy 4.6.1.",
                "-- Ann Lee <ann@example.org>  Sun, 29 Jul 2018",
            ],
        ),
        (  # a line cut mid-formula heads no list: "2." goes on with the sentence, it counts nothing
            "Oxygen is common.\nThe common form is called dioxygen, O\n2. It is a major part of the air.",
            [
                "Oxygen is common.",
                "The common form is called dioxygen, O",
                "2. It is a major part of the air.",
            ],
        ),
        (  # a numbered heading is no list: the field line before it heads nothing
            "Contact: Hannah Brightwell, Town Centre Officer\n\n1. About the scheme\n\nThe council wants it.",
            [
                "Contact: Hannah Brightwell, Town Centre Officer",
                "1. About the scheme",
                "The council wants it.",
            ],
        ),
        (  # a title still heads an item that wraps onto an indented line
            "IF YOU ARE NOT HAPPY\n\n  - Reply within 28 days, and tell us\n    why.\n  - Then ask again.\n",
            [
                "IF YOU ARE NOT HAPPY\n\n  - Reply within 28 days, and tell us",
                "- Reply within 28 days, and tell us\n    why.",
                "- Then ask again.",
            ],
        ),
        (  # nor does a list item head the items after it
            "Features\n\n- Connection Timeouts\n- Streaming Downloads\n",
            [
                "Features\n\n- Connection Timeouts\n- Streaming Downloads",
                "- Connection Timeouts",
                "- Streaming Downloads",
            ],
        ),
    ],
)
def test_a_title_line_is_quoted_with_the_list_it_heads(text: str, quotes: list[str]) -> None:
    assert [with_what_it_introduces(c).text for c in candidates_from([passage(text)])] == quotes


def test_a_quote_extended_over_the_next_chosen_sentence_is_quoted_once() -> None:
    """ "For more, see:" takes the address it introduces; the address, chosen too, is not quoted again."""
    text = "Pango lays out text. For more information about Pango, see:\n\nhttps://www.pango.org/\n"
    whole = passage(text)
    lead, address = (
        Candidate(whole, s.start, s.end, text[s.start : s.end], 0.5) for s in split_sentences(text)[1:]
    )
    chosen = without_overlaps([with_what_it_introduces(lead), address])
    assert [c.text for c in chosen] == ["For more information about Pango, see:\n\nhttps://www.pango.org/"]


def test_a_count_question_is_not_answered_by_sentences_without_a_number(engine_over) -> None:
    """The sentence matches every word of "How many tourists ..." but gives no count: declined. Where
    the corpus gives the count, it is the short answer."""
    engine = engine_over(
        {
            "ferry.md": "# Ferry\n\nThe ferry to Bozcaada leaves Geyikli every morning and is popular "
            "with tourists.\n\nThree ferries leave the harbour of Geyikli each day in summer.\n"
        }
    )
    tourists = engine.ask("How many tourists take the ferry to Bozcaada?")
    assert tourists.abstained and not tourists.citations
    assert tourists.relevance is not None and tourists.relevance >= engine.settings.min_relevance
    ferries = engine.ask("How many ferries leave Geyikli each day?")
    assert not ferries.abstained and ferries.short_answer == "Three"


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("How do you pronounce Valgrind?", True),
        ("Why should I use ``websockets``?\n-----------------------------", True),  # an RST heading
        ("**Is it thread-safe?**", True),  # Markdown emphasis
        ('He asked "why?" and left.', False),
        ("Installation\n============", False),
        ("It has more poor people (due to debts).[unreliable source?]", False),  # an editor's note
    ],
)
def test_a_sentence_that_asks(sentence: str, asks: bool) -> None:
    assert is_question(sentence) is asks


def test_a_sentence_that_only_restates_the_question_is_no_answer(embeddings) -> None:
    """A heading made of the question's own words says nothing; a denial in those words does, and so
    does a path the question does not write."""
    text = "3. Maximum Length Of A Column Name\n\nColumn names can be up to 64 characters long."
    answer = ExtractiveAnswerer(embeddings, min_relevance=0.1)(
        "What is the maximum length of a column name?", [passage(text)]
    )
    assert answer.answer == "Column names can be up to 64 characters long. [1]"
    denial = "The parser does not enforce the length of a column name."
    answer = ExtractiveAnswerer(embeddings, min_relevance=0.1)(
        "What length does the parser enforce for a column name?", [passage(denial)]
    )
    assert answer.answer == denial + " [1]"
    files = "npm reads its settings from:\n\n* per-project config file\n* per-user config file (`~/.npmrc`)"
    answer = ExtractiveAnswerer(embeddings, min_relevance=0.1)(
        "Where is the per-user npmrc config file?", [passage(files)]
    )
    assert answer.citations[0].quote == "* per-user config file (`~/.npmrc`)"


def test_a_question_the_splitter_cut_is_no_answer_either(embeddings) -> None:
    """A FAQ heading too long for one sentence is cut in pieces; its first piece asks too."""
    heading = (
        "How do I put a package on hold so that apt, aptitude, dselect and unattended upgrades, which "
        "otherwise upgrade every installed package whenever a newer version appears in any configured "
        "archive, leave that one package at its installed version?"
    )
    text = heading + "\nRun apt-mark hold with the package's name."
    answer = ExtractiveAnswerer(embeddings, min_relevance=0.1)(
        "How do I put a package on hold?", [passage(text)]
    )
    assert answer.answer == "Run apt-mark hold with the package's name. [1]"


@pytest.mark.parametrize(
    ("question", "denies"),
    [
        ("Which country did not sign the treaty?", True),
        ("Who didn't attend the meeting?", True),
        ("What is never served at the inn?", True),
        ("Which company not only builds ferries but also runs them?", False),  # "not only ... but also"
        ("What does the law that the mayor has not used allow?", False),  # in a relative clause
        ("What is the goal of not using the old pier?", False),  # a gerund after a preposition
        ("Was there no change in the timetable?", False),  # a yes/no question
        ("Why can't the ferry leave in a storm?", False),  # a reason is stated positively
        ("How long can a Blue Badge holder park without a permit?", False),  # a condition
    ],
)
def test_a_question_about_what_is_not_so(question: str, denies: bool) -> None:
    assert denies_in_main_clause(question) is denies


@pytest.mark.parametrize(
    ("question", "text", "misses"),
    [
        ("When was zlib 1.2.11 released?", "zlib 1.2.3.4 was released on 11 December 2005.", True),
        ("When was zlib 1.2.11 released?", "Version 1.2.11 came out in January 2017.", False),
        ("What is new in 1.2.11?", "In 1.2.11.1 nothing changed.", True),  # another release
        ("What changed in v2.0?", "Release 2.0 adds streaming.", False),
        ("Who uploaded zlib 1:1.2.13.dfsg-1?", "zlib (1:1.2.13.dfsg-1) unstable; urgency=medium", False),
        ("How many people, 3.8 million?", "Nobody knows.", False),  # a decimal names no release
        ("How loud is the SD900?", "The SD400, SD600 and SD800 run at 44 dB.", True),  # a model
        ("How loud is the SD600?", "The SD400, SD600 and SD800 run at 44 dB.", False),
        ("How long does a charge last on the FC-3?", "Feathercam FC-2: a charge lasts 3 weeks.", True),
        ("How long does a charge last on the FC-2?", "Feathercam FC-2: a charge lasts 3 weeks.", False),
        ("Where did the V-2 land?", "The V 2 rocket landed in Chiswick.", False),
        ("What were the Q3 results?", "Sales grew in the third quarter.", False),
        ("When did Turkey test the S-400?", "Turkey tested the S 400 system in November.", False),
        ("Which F-35 parts does Turkey make?", "Turkey makes parts for the F35.", False),
        ("Why were F-35s not delivered?", "No F 35 jets were delivered to Turkey.", False),
        ("What happened in May 2020?", "Nothing happened then.", False),  # a month and a year
        ("How did COVID-19 spread?", "The virus spread fast.", False),
    ],
)
def test_a_question_about_a_release_needs_a_text_that_names_it(
    question: str, text: str, misses: bool
) -> None:
    assert misses_the_version(question, [text]) is misses


def test_a_default_stated_after_the_settings_description_is_quoted_with_it(engine_over) -> None:
    """A reference page describes an option, then gives its default in a sentence of its own."""
    engine = engine_over(
        {
            "pam.txt": "timestamp_timeout=number\n\n    How long should pam_timestamp treat timestamp as "
            "valid after their last\n    modification date (in seconds). Default is 300 seconds.\n\n"
            "verbose\n\n    Attempt to inform the user when access is granted.\n"
        }
    )
    answer = engine.ask("How long does pam_timestamp treat a timestamp as valid by default?")
    assert "Default is 300 seconds." in answer.answer
    assert answer.short_answer == "300 seconds"


def test_a_release_the_corpus_never_names_is_not_answered_by_another(engine_over) -> None:
    engine = engine_over({"zlib.txt": "zlib 1.2.3.4 was released on 11 December 2005. It fixes a crash.\n"})
    assert engine.ask("When was zlib 1.2.11 released?").abstained
    assert engine.ask("When was zlib 1.2.3.4 released?").short_answer == "11 December 2005"


def test_a_question_about_what_is_not_so_is_not_answered_by_what_is(engine_over) -> None:
    """Both sentences match "Which country did not sign the treaty?"; neither says who did not: declined.
    Where the corpus says it, it is the answer."""
    engine = engine_over(
        {
            "treaty.md": "# Treaty\n\nNorway signed the fishing treaty in 1994. "
            "Sweden signed the treaty in 1995.\n"
        }
    )
    unsigned = engine.ask("Which country did not sign the fishing treaty?")
    assert unsigned.abstained
    assert unsigned.relevance is not None and unsigned.relevance >= engine.settings.min_relevance
    (engine.settings.corpus_dir / "treaty.md").write_text(
        "# Treaty\n\nNorway signed the fishing treaty in 1994. Denmark never signed the fishing treaty.\n"
    )
    engine.ingest()
    assert "Denmark never signed" in engine.ask("Which country did not sign the fishing treaty?").answer
    (engine.settings.corpus_dir / "treaty.md").write_text(
        "# Treaty\n\nNorway signed the fishing treaty in 1994. Denmark refused to sign the fishing treaty.\n"
    )
    engine.ingest()
    assert "Denmark refused" in engine.ask("Which country did not sign the fishing treaty?").answer


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        (
            "How long is the Orion bridge?",
            "The Beta team built the Orion bridge in Tromso. The Orion bridge is 320 metres long.",
            "320 metres",
        ),
        (  # a table row's cell under the column the question names is no answer of another kind
            "How much does the garden waste bin cost if I join before 31 March?",
            "If you join the garden waste service before 31 March, the bin costs £46. "
            "Bin: Brown garden waste bin | What goes in it: Grass and leaves | How often: Every 2 weeks",
            "£46",
        ),
        (
            "How many streets were measured in the street-tree study?",
            "Streets within 200 m of the ring road were left out of the street-tree study. "
            "We measured the air temperature on 48 residential streets.",
            "48",
        ),
        (
            "Which bases did Erdogan threaten to close?",
            "Erdogan warned that he would evict US forces from two military bases. "
            "He said we may close Incirlik and Kureci installations.",
            "Incirlik and Kureci",
        ),
    ],
)
def test_the_short_answer_comes_from_the_sentence_that_holds_what_is_asked(
    embeddings, question: str, text: str, short: str
) -> None:
    """Of the sentences an answer quotes, the short answer comes from the best one that holds the
    number asked for, or that names what the best one only counts. Both are quoted (as one quote when
    the second's pronoun stands for what the first names)."""
    answer = ExtractiveAnswerer(embeddings, min_relevance=0.1, keep_ratio=0.1)(question, [passage(text)])
    assert " ".join(c.quote for c in answer.citations) == text
    assert answer.short_answer == short


def test_a_runner_up_that_counts_what_is_asked_takes_the_second_place(embeddings) -> None:
    """Neither of the two best sentences counts volunteers ("None of it", "20 years"): the runner-up
    close to them that does ("412 volunteers") is quoted in the second's place, and answers."""
    sentences = [
        "None of it would have happened without our volunteers.",
        "Our longest-serving volunteer was given an award for 20 years of work.",
        "The 412 volunteers included 96 citizen scientists.",
    ]
    text = " ".join(sentences)
    source = passage(text)
    candidates = [
        Candidate(source, text.index(sentence), text.index(sentence) + len(sentence), sentence, score)
        for sentence, score in zip(sentences, (0.82, 0.79, 0.76), strict=True)
    ]
    chosen = ExtractiveAnswerer(embeddings).select("How many volunteers did the trust have?", candidates, 1.0)
    assert [c.text for c in chosen] == [sentences[0], sentences[2]]


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Does The Verge say the ferry is late, while the Gazette reports it is on time?",
            ["Does The Verge say the ferry is late", "the Gazette reports it is on time?"],
        ),
        (
            "Between the report on the strike, and the report on the ferry, did the tone change?",
            ["Between the report on the strike", "the report on the ferry, did the tone change?"],
        ),
        ("Who runs the bakery and the ferry?", ["Who runs the bakery and the ferry?"]),
    ],
)
def test_question_parts(question: str, parts: list[str]) -> None:
    assert question_parts(question) == parts


def test_each_part_of_a_comparison_is_answered_by_a_sentence_of_its_own(engine_over) -> None:
    """Two sources, one question about both: the answer cites the sentence for each side, not the
    best-scoring side's two sentences."""
    engine = engine_over(
        {
            "herald.txt": "The Herald reported that the ferry strike ended on Monday. "
            "The strike had lasted nine days. Union leaders called the deal fair.\n",
            "gazette.txt": "The Gazette wrote about the bakery on Storgata. "
            "Its sourdough bread sells out every morning by eight.\n",
        }
    )
    answer = engine.ask(
        "Did the Herald report that the ferry strike ended and the deal was fair, "
        "while the Gazette says the sourdough bread sells out?"
    )
    assert {c.source for c in answer.citations} == {"herald.txt", "gazette.txt"}
    assert any("sourdough" in c.quote for c in answer.citations)


def test_a_sentence_that_names_no_day_is_not_passed_over_for_one_that_names_the_asked_day() -> None:
    """The booking's time row, the best match, says when the doors open and names no day; the
    e-mail's date line names the performance's day but not the time asked for."""
    text = "Time: 19:30 (doors open 18:45)\n\nDate: Tue, 10 Mar 2026 19:22:41 +0000, for Sat 18 Apr 2026"
    cut = text.index("Date")
    time = Candidate(passage(text), 0, cut - 2, text[: cut - 2], score=0.562)
    date = Candidate(passage(text), cut, len(text), text[cut:], score=0.561)
    assert _short_answer_of("What time do the doors open on 18 April?", [time, date]) == "18:45"


def test_of_two_quoted_table_rows_the_short_answer_comes_from_the_one_the_question_names() -> None:
    """Thea's row scored higher on "Hagen" and "extension"; the question names Ida. A row's column
    the question names beats a prose sentence ranked above it."""
    text = (
        "Name: Thea Hagen | Extension: 4557\n\nName: Ida Hagen | Extension: 4529\n\n"
        "Staff are listed by surname. Version: 5.0 | Codename: Juniper | Kernel: 6.12"
    )
    thea, ida, prose, release = candidates_from([passage(text)])
    thea.score, ida.score, prose.score, release.score = 0.43, 0.42, 0.5, 0.4
    assert _short_answer_of("What is Ida Hagen's extension?", [thea, ida]) == "4529"
    assert _short_answer_of("Which kernel does Juniper ship?", [prose, release]) == "6.12"


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("What is step 3 of installing X?", "3"),
        ("What does clause 2.3 say?", "2.3"),
        ("What is item c)?", "c"),
        ("What is the third step?", "3"),
        ("What does footnote 1 say?", "note 1"),
        ("What is in section A?", None),  # a capital is a name, not an item's letter
        ("Who won in 2023?", None),
    ],
)
def test_item_asked(question: str, label: str | None) -> None:
    assert item_asked(question) == label


@pytest.mark.parametrize(
    ("text", "label", "body"),
    [
        ("3. Install it.", "3", "Install it."),
        ("(3) Send the pack", "3", "Send the pack"),
        ("2.3 CCTV footage is kept.", "2.3", "CCTV footage is kept."),
        ("c) hotel rooms", "c", "hotel rooms"),
        ("1 See the minutes.", "note 1", "See the minutes."),
        ("1. Scope", "note 1", None),  # a section's number is no footnote's label
        ("3 people came.", "3", None),  # a number opening a sentence is no step's
    ],
)
def test_item_body(text: str, label: str, body: str | None) -> None:
    assert item_body(text, label) == body


def test_a_question_about_step_n_is_answered_by_that_step_of_the_list_it_names(engine_over) -> None:
    """Step 3's words are not the question's; its label and its list's heading are. A question about
    what a step's failure means is answered by the sentence that says so, not by the step."""
    engine = engine_over(
        {
            "guide.md": "# Agent guide\n\nInstalling the agent\n\n1. Download the package.\n\n"
            "2. Verify its checksum.\n\n3. Run the installer with sudo.\n\n"
            "If step 3 fails, read the installer log.\n\nRemoving the agent\n\n1. Stop the service.\n\n"
            "2. Purge the package.\n\n3. Delete the server from the console.\n",
        }
    )
    answer = engine.ask("What is step 3 of installing the agent?")
    assert answer.short_answer == "Run the installer with sudo."
    assert [c.quote for c in answer.citations] == ["3. Run the installer with sudo."]  # not the title too
    assert engine.ask("What is step 3 of removing the agent?").short_answer.startswith("Delete the server")
    assert "installer log" in engine.ask("What should I do if step 3 fails?").answer


def test_a_step_the_question_only_sets_a_condition_by_is_not_asked() -> None:
    assert item_asked("What should I do if step 6 of the installation fails?") is None
    assert item_asked("What is installed in step 6?") == "6"


def test_the_words_naming_a_documents_subject_choose_the_document_not_the_sentence(engine_over) -> None:
    """ "14 Rowan Terrace" names what the whole agreement is about (its title): the address line that
    repeats it must not outscore the sentence that gives the rent."""
    engine = engine_over(
        {
            "tenancy.md": "# Tenancy Agreement for 14 Rowan Terrace\n\n"
            "The Property: 14 Rowan Terrace, Headingley, Leeds LS6 2AB.\n\n"
            "The Tenant shall pay a rent of £950 per calendar month, in advance.\n\n"
            "The deposit is held by the Tenancy Deposit Scheme.\n"
        }
    )
    answer = engine.ask("How much is the monthly rent for 14 Rowan Terrace?")
    assert answer.short_answer == "£950 per calendar month"


@pytest.mark.parametrize(
    ("text", "question", "heading"),
    [
        (
            "Ledgerly Desktop 4.2 - Release Notes\n====================",
            "When was Ledgerly Desktop 4.2 released?",
            True,
        ),
        ("# ECOL 214: Freshwater Ecology", "What is the topic in week 10 of ECOL 214?", True),
        ("## [3.4.0] - 2025-02-11", "When was Quillstack 3.4.0 released?", False),  # the date is new
    ],
)
def test_a_heading_holding_only_the_questions_figures_is_no_answer(
    text: str, question: str, heading: bool
) -> None:
    passage = Passage(
        rank=1, chunk_id="h", source="notes.md", title="T", start=0, end=len(text), score=1, text=text
    )
    (candidate,) = candidates_from([passage])
    assert may_answer(candidate, question, set(content_terms(question))) is not heading


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("What tax code is on Marisol's payslip?", ["tax", "code"]),
        ("What is the voluntary excess on policy CMM-88213047?", ["voluntary", "excess"]),
        ("What was Marisol Dunkerley-Vance's net pay for November?", ["net", "pay"]),
        ("What's the electricity unit rate on the Fixed Saver tariff?", ["electricity", "unit", "rate"]),
        ("What council tax band is Flat 2 in?", ["council", "tax", "band"]),
        (
            "What is Ms Dunmore-Katsaros's resident parking permit number?",
            ["resident", "parking", "permit", "number"],
        ),
        ("What's the mileage rate if I drive to jury service?", ["mileage", "rate"]),
        ("What time's my blood donation on 22 April?", ["time"]),  # "time is", not a possessive
        ("When does redirection RD-7730416 start?", ["date", "start"]),
        ("When was Ledgerly Desktop 4.2 released?", ["date", "released"]),
        ("How much did Fenella pay altogether for booking MPH-40917?", ["total"]),
        ("What did the repair come to in the end?", ["total"]),
        ("Which bike was rated best overall?", ["bike"]),  # not a total
        ("What did Tesla invent?", []),
        ("Who won the cup?", []),
    ],
)
def test_the_attribute_a_question_asks_for(question: str, attribute: list[str]) -> None:
    assert list(asked_attribute(question)) == attribute


def test_a_field_named_by_the_asked_attribute_answers_over_the_line_naming_the_subject(engine_over) -> None:
    """The question names the policy by its number to say which record it asks about; the line that
    gives the number says nothing asked. The field named "Voluntary excess" answers, and of the
    fields named with "band", the one whose name is closest to "council tax band"."""
    engine = engine_over(
        {
            "schedule.txt": "Calder Mutual Insurance - Motor policy schedule\n\n"
            "Policy number: CMM-88213047\n\nPolicyholder: Annaliese Barrow\n\nValuation band: C\n\n"
            "Type of claim: Accidental damage | Compulsory excess: £250 | Voluntary excess: £150\n\n"
            "Insurer: Calder Mutual | Band C charge: £40\n\n"
            "The excess is the amount you pay towards any claim.\n"
        }
    )
    excess = engine.ask("What is the voluntary excess on Calder Mutual policy CMM-88213047?")
    assert excess.short_answer == "£150"
    assert any("Voluntary excess: £150" in citation.quote for citation in excess.citations)
    assert engine.ask("What council tax band is policy CMM-88213047 in?").short_answer == "C"
    assert names_the_attribute("What council tax band is it in?", "Valuation band: C") == 1.25
    assert names_the_attribute("What council tax band is it in?", "Policyholder: Annaliese Barrow") == 0.0


def test_a_line_that_only_names_the_record_gives_way_to_one_that_says_what_is_asked(engine_over) -> None:
    """The address and the footer say every name the question gives, and no amount (the letter's
    title, its file name, names nothing); the sentence about parking gives one. A letter's greeting
    and its close answer nothing."""
    engine = engine_over(
        {
            "letter.txt": "Mr Desmond Achebe-Hartigan 44 Quillings Lane Brayford St Anne Kestrelford "
            "KF7 3NW | Appointments Centre Kestrelford General Hospital Millgate Road, Kestrelford KF2 4HS "
            "Tel: 01632 960 555 Monday to Friday, 08:30 to 16:30\n\n"
            "Dear Mr Achebe-Hartigan,\n\n"
            "We have booked an appointment for you on Tuesday 21 April 2026 at 14:20.\n\n"
            "Please bring a list of all the medicines you take.\n\n"
            "Parking costs £3.60 for up to 4 hours; pay at the machines or with the Parkfast app.\n\n"
            "Yours sincerely,\n\n"
            "Kestrelford General Hospital, Millgate Road, Kestrelford KF2 4HS · Switchboard 01632 960 000\n"
        }
    )
    assert engine.ask("How much is parking at Kestrelford General Hospital?").short_answer == "£3.60"
    quoted = [c.quote for c in engine.ask("Who is the letter to Mr Achebe-Hartigan from?").citations]
    assert quoted and not any(quote.startswith(("Dear", "Yours")) for quote in quoted)


def test_a_when_question_takes_the_date_field_named_by_its_verb(engine_over) -> None:
    """ "When does it start?" asks for the "Start date", not the date the e-mail was sent."""
    engine = engine_over(
        {
            "redirection.txt": "From: Postline <no-reply@postline.example>\n"
            "Date: Thu, 19 Mar 2026 10:47:12 +0000\n"
            "Subject: Your Redirection is booked - reference RD-7730416\n\n"
            "Reference: RD-7730416\n\nStart date: Wednesday 1 April 2026\n\n"
            "End date: Wednesday 31 March 2027\n\nPrice paid: £61.50\n"
        }
    )
    assert engine.ask("When does redirection RD-7730416 start?").short_answer == "Wednesday 1 April 2026"


def test_an_addresss_numbers_are_no_code(engine_over) -> None:
    """The house number of the place the question names and a postcode's halves are the address."""
    assert not holds_asked_kind("What's the alarm code at Fernbank Rise?", "4 Fernbank Rise, Dunholt DH5 3RW")
    assert (
        short_answer("What's the alarm code at Fernbank Rise?", "To set it, enter 7193 and press SET.")
        == "7193"
    )


def test_a_where_question_takes_the_field_that_names_a_place_in_the_record_it_names(engine_over) -> None:
    """The line naming the flat says nothing of the meter; of the rows with a "Location", the one that
    says the most of the question's words (the water meter's) answers."""
    engine = engine_over(
        {
            "inventory.txt": "Check-in inventory\n\n"
            "Property: Flat 3, 17 Corvedale Road, Ashcombe Wick AW2 9JL (first-floor flat, one bedroom)\n\n"
            "Meter readings\n\n"
            "Meter: Electricity | Location: Cupboard to the left of the front door | Reading: 36,915\n\n"
            "Meter: Water | Location: Under the kitchen sink | Reading: 00412\n\n"
            "The carpets were cleaned professionally before check-in.\n"
        }
    )
    answer = engine.ask("Where is the water meter in Flat 3, 17 Corvedale Road?")
    assert answer.short_answer == "Under the kitchen sink"

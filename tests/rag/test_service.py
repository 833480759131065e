"""CorpusChat beyond the CLI: streaming, follow-ups, per-request knobs, corpus management."""

from pathlib import Path

import pytest

from rag.schema import Answer
from rag.service import CorpusChat, UploadError, sanitize_filename

DATA = Path(__file__).resolve().parents[1] / "data"


def test_stream_yields_text_then_the_same_answer_as_ask(seed_engine: CorpusChat) -> None:
    question = "Which bases did Erdogan threaten to close?"
    events = list(seed_engine.stream(question))
    final = events[-1]
    assert isinstance(final, Answer)
    deltas = [e for e in events[:-1] if isinstance(e, str)]
    assert len(deltas) > 3
    assert "".join(deltas) == final.answer
    assert final.answer == seed_engine.ask(question).answer


def test_follow_up_retrieves_with_the_conversation(seed_engine: CorpusChat) -> None:
    history = ["Which bases did Erdogan threaten to close?"]
    answer = seed_engine.ask("And what did the US suspend?", history=history)
    assert answer.retrieval_query.startswith(history[0])
    standalone = seed_engine.ask("Who is Ibrahim Kalin?", history=history)
    assert standalone.retrieval_query == "Who is Ibrahim Kalin?"


def test_an_elliptical_follow_up_is_answered_as_the_whole_question_it_stands_for(engine_over) -> None:
    """ "And 2.21?" after "When was GNU units 2.20 released?" asks when 2.21 was: a date, from 2.21's
    entry, with the typed follow-up kept as the answer's question."""
    news = (
        "GNU units NEWS\n\n"
        "Version 2.21 - 12 November 2020 (bug fix release)\n"
        "* Fixed bug arising when $HOME or other environment variables are not set\n\n"
        "Version 2.20 - 3 May 2020 (feature release)\n"
        "* Added support for units with exponents written as superscripts\n"
    )
    engine = engine_over({"units_NEWS.txt": news})
    history = ["When was GNU units 2.20 released?"]
    assert engine.ask(history[0]).short_answer == "3 May 2020"
    answer = engine.ask("And 2.21?", history=history)
    assert answer.short_answer == "12 November 2020" and answer.question == "And 2.21?"
    assert answer.retrieval_query == "When was GNU units 2.21 released?"


def test_a_pasted_text_before_the_question_is_context_not_the_question(seed_engine: CorpusChat) -> None:
    paste = " ".join(
        f"Clause {n} of the licence grants permission to copy and modify the software." for n in range(20)
    )
    answer = seed_engine.ask(f"{paste}\n\nWhich bases did Erdogan threaten to close?")
    assert not answer.abstained and answer.short_answer == "Incirlik and Kureci"
    assert answer.retrieval_query == "Which bases did Erdogan threaten to close?"
    assert answer.question.startswith("Clause 0")
    # a question that refers to what the message tells first is searched together with it
    told = "Erdogan said the US keeps nuclear weapons at two bases."
    follow = seed_engine.ask(f"{told} Which are they?")
    assert follow.retrieval_query.startswith(told)
    # so is a question that names nothing, after a message that names its subject first
    told = "I am reading about Turkey and the S-400 purchase."
    situated = seed_engine.ask(f"{told} What was the agreed price?")
    assert situated.retrieval_query.startswith(told)


def test_where_filter_restricts_sources(seed_engine: CorpusChat) -> None:
    answer = seed_engine.ask("What did Kalin say?", where={"source": "no-such-file.txt"})
    assert answer.passages == []
    assert answer.abstained


def test_empty_question_is_rejected(seed_engine: CorpusChat) -> None:
    with pytest.raises(ValueError, match="question: empty"):
        seed_engine.ask("   ")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("notes.md", "notes.md"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\My Report (final).pdf", "My Report _final_.pdf"),
        ("..hidden.txt", "hidden.txt"),
    ],
)
def test_upload_names_are_sanitised(given: str, expected: str) -> None:
    assert sanitize_filename(given) == expected


@pytest.mark.parametrize("bad", ["archive.zip", "noextension", "...", ".txt"])
def test_unusable_upload_names_are_refused(bad: str) -> None:
    with pytest.raises(UploadError):
        sanitize_filename(bad)


@pytest.mark.both_stores
def test_upload_ingest_answer_then_delete(make_engine, corpus_copy: Path) -> None:
    engine = make_engine(max_upload_mb=0.01)
    engine.ingest()
    path = engine.add_file("../ferries.md", b"# Ferries\n\nThe ferry to Bozcaada leaves Geyikli at nine.\n")
    assert path == corpus_copy.resolve() / "ferries.md"
    assert engine.ingest().added == ["ferries.md"]
    answer = engine.ask("When does the ferry to Bozcaada leave?")
    assert answer.citations and answer.citations[0].source == "ferries.md"

    with pytest.raises(UploadError, match=r"over the 0\.01 MB limit"):
        engine.add_file("big.txt", b"x" * 20_000)

    engine.delete_document("ferries.md")
    assert not path.exists()
    assert "ferries.md" not in {r.doc_id for r in engine.documents()}
    assert all(meta["source"] != "ferries.md" for _, _, meta in engine.store.all_chunks())
    with pytest.raises(ValueError, match="outside the corpus folder"):
        engine.delete_document("../outside.txt")


def test_a_table_row_giving_the_asked_meal_answers_though_another_sentence_matched_better(
    engine_over,
) -> None:
    """ "Breakfast is claimed separately ..." matches "claim" best; the question asks about dinner,
    which a row of the meals table gives."""
    policy = (DATA / "travel-policy-2023.txt").read_text(encoding="utf-8")
    engine = engine_over({"travel_policy_2023.txt": policy})
    answer = engine.ask("Under the April 2023 travel policy, what was the most you could claim for dinner?")
    assert not answer.abstained
    assert answer.short_answer == "£25.00"

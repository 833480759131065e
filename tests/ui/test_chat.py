"""The chat handlers over a real engine, without a browser: streaming, follow-ups, source links."""

import json
import re

import pytest

from rag.schema import Answer
from rag.service import CorpusChat
from ui import chat
from ui.chat import (
    Turn,
    chat_messages,
    last_answered,
    open_source,
    restored_conversation,
    saved_conversation,
    stopped,
    stream_turn,
)
from ui.chat_settings import Filters
from ui.render import AnswerRef, sources_html
from ui.viewer import parse_link

QUESTION = "Which bases did Erdogan threaten to close?"


def _answered(engine: CorpusChat, turns: list[Turn]) -> list[Turn]:
    *_, final = stream_turn(engine, turns, top_k=5, backend=None)
    return final


def test_streaming_shows_text_as_it_comes_then_the_answer(ui_engine: CorpusChat) -> None:
    states = list(stream_turn(ui_engine, [Turn(QUESTION)], top_k=5, backend=None))
    partials = [s[-1].partial for s in states[:-1]]
    assert len(partials) > 3 and partials == sorted(partials, key=len)
    answer = states[-1][-1].answer
    assert isinstance(answer, Answer) and "Incirlik" in answer.answer
    assert partials[-1] == answer.answer


def test_follow_up_is_asked_with_the_conversation(ui_engine: CorpusChat) -> None:
    turns = _answered(ui_engine, [Turn(QUESTION)])
    turns = _answered(ui_engine, [*turns, Turn("And what did the US suspend?")])
    follow_up = turns[-1].answer
    assert follow_up is not None and follow_up.citations
    assert follow_up.retrieval_query.startswith(QUESTION)


def test_top_k_is_passed_on(ui_engine: CorpusChat) -> None:
    turns = list(stream_turn(ui_engine, [Turn(QUESTION)], top_k=2, backend=None))
    answer = turns[-1][-1].answer
    assert answer is not None and len(answer.passages) == 2


def _sources(answer: Answer | None) -> set[str]:
    """The documents an answer cites and was given."""
    assert answer is not None and answer.citations
    return {c.source for c in answer.citations} | {p.source for p in answer.passages}


def test_filters_restrict_the_search_and_stay_with_their_turn(ui_engine: CorpusChat, bases: str) -> None:
    unfiltered = _answered(ui_engine, [Turn(QUESTION)])[-1].answer
    assert _sources(unfiltered) == {bases, "turkey_s400_nato.txt"}  # both answer it
    for filters in (Filters(sources=("turkey_s400_nato.txt",)), Filters(after="2024-01-01")):
        turn = _answered(ui_engine, [Turn(QUESTION, filters=filters)])[-1]
        assert turn.filters == filters
        assert _sources(turn.answer) == {"turkey_s400_nato.txt" if filters.sources else bases}
    assert unfiltered is not None
    floor = sorted(p.score for p in unfiltered.passages)[len(unfiltered.passages) // 2]
    floored = _answered(ui_engine, [Turn(QUESTION, filters=Filters(min_score=floor))])[-1].answer
    assert floored is not None and 0 < len(floored.passages) < len(unfiltered.passages)
    assert all(p.score >= floor for p in floored.passages)


def test_filters_no_document_passes_are_named_as_the_cause(ui_engine: CorpusChat, bases: str) -> None:
    filters = Filters(sources=(bases,), before="2023-12-31")  # bases.md is of 2024
    with pytest.warns(UserWarning, match="no indexed document matches"):
        turns = list(stream_turn(ui_engine, [Turn(QUESTION, filters=filters)], top_k=5, backend=None))
    last = turns[-1][-1]
    assert last.answer is None
    assert last.note == (
        "Could not answer: no indexed document matches the filters (bases.md, on or before 2023-12-31)"
    )


def test_back_end_failure_is_shown_in_the_turn(ui_engine: CorpusChat) -> None:
    with pytest.warns(UserWarning, match="no-such-backend"):
        turns = list(stream_turn(ui_engine, [Turn(QUESTION)], top_k=5, backend="no-such-backend"))
    last = turns[-1][-1]
    assert last.answer is None and last.note.startswith("Could not answer")


def test_citation_link_opens_the_document_at_the_quote(ui_engine: CorpusChat) -> None:
    turns = _answered(ui_engine, [Turn(QUESTION)])
    answer = turns[0].answer
    assert answer is not None
    link = parse_link({"scope": "chat", "kind": "cite", "position": 0, "index": 1})
    assert link is not None
    found = open_source(ui_engine, turns, link)
    assert found is not None and found[0] is answer
    opened = found[1]
    assert opened.marker == answer.citations[1].marker
    focus = re.findall(r'<mark class="cited focus">(.*?)</mark>', opened.html, re.DOTALL)
    assert focus == [answer.citations[1].quote]  # the corpus text has no characters to escape here

    link = parse_link({"scope": "chat", "kind": "passage", "position": 0, "index": 0})
    assert link is not None
    passage = open_source(ui_engine, turns, link)
    assert passage is not None and '<mark class="passage focus">' in passage[1].html


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "chat", "kind": "cite", "position": 5, "index": 0},
        {"scope": "chat", "kind": "cite", "position": 0, "index": 99},
        {"scope": "eval", "kind": "cite", "position": 0, "index": 0},
    ],
)
def test_links_to_other_answers_open_nothing(ui_engine: CorpusChat, data: dict[str, object]) -> None:
    turns = _answered(ui_engine, [Turn(QUESTION)])
    link = parse_link(data)
    assert link is not None and open_source(ui_engine, turns, link) is None


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "chat", "kind": "cite", "position": -1, "index": 0},
        {"scope": "chat", "kind": "passage", "position": "x", "index": 0},
        {"scope": "admin", "kind": "cite", "position": 0, "index": 0},
        {"scope": "chat", "kind": "script", "position": 0, "index": 0},
        {},
    ],
)
def test_forged_links_are_refused(data: dict[str, object]) -> None:
    assert parse_link(data) is None


def test_stop_keeps_the_partial_answer_and_says_so() -> None:
    turns = [Turn("q1", partial="So far")]
    assert stopped(turns) == [Turn("q1", partial="So far", note="Stopped.")]
    done = [Turn("q1", note="Could not answer: x")]
    assert stopped(done) == done


def test_only_the_last_turn_can_still_be_streaming() -> None:
    """A turn left unfinished before the last (its stream cancelled) reads as stopped, no cursor."""
    messages = chat_messages([Turn("q1", partial="Half"), Turn("q2", partial="Going")])
    assert messages[1]["content"] == 'Half <em class="turn-note">Stopped.</em>'
    assert messages[3]["content"] == "Going ▍"


def test_messages_escape_the_question_and_show_progress() -> None:
    turns = [Turn("q", partial="Half", note="Stopped."), Turn("<img src=x onerror=alert(1)>?")]
    messages = chat_messages(turns)
    assert messages[2] == {"role": "user", "content": "&lt;img src=x onerror=alert(1)&gt;?"}
    assert "Searching" in messages[3]["content"]
    assert messages[1]["content"] == 'Half <em class="turn-note">Stopped.</em>'


def _through_the_browser(turns: list[Turn], user: str | None) -> object:
    """The copy as the browser hands it back: JSON text, parsed again."""
    return json.loads(json.dumps(saved_conversation(turns, user)))


def test_a_saved_conversation_is_restored_as_it_was_shown(ui_engine: CorpusChat) -> None:
    turns = _answered(ui_engine, [Turn(QUESTION)])
    turns = [*_answered(ui_engine, [*turns, Turn("And what did the US suspend?")]), Turn("q3", partial="So")]
    turns = stopped(turns)
    restored = restored_conversation(_through_the_browser(turns, None), None)
    assert chat_messages(restored) == chat_messages(turns)
    found = last_answered(restored)
    assert found is not None and found[0] == 1
    assert sources_html(found[1], AnswerRef("chat", 1)) == sources_html(turns[1].answer, AnswerRef("chat", 1))
    link = parse_link({"scope": "chat", "kind": "cite", "position": 0, "index": 0})
    assert link is not None and open_source(ui_engine, restored, link) is not None


def test_a_turn_keeps_its_filters_through_the_browsers_copy() -> None:
    filters = Filters(("turkey_s400_nato.txt",), after="", before="2030-01-01", min_score=0.1)
    turns = [Turn("q1", note="Stopped.", filters=filters), Turn("q2", note="Stopped.")]
    assert restored_conversation(_through_the_browser(turns, None), None) == turns
    older = {"user": None, "turns": [{"question": "q1", "note": "Stopped."}]}  # saved before filters
    assert restored_conversation(older, None) == [Turn("q1", note="Stopped.")]


def test_a_turn_still_being_answered_is_restored_as_interrupted() -> None:
    restored = restored_conversation(_through_the_browser([Turn("q1", partial="Half")], "ana"), "ana")
    assert restored == [Turn("q1", partial="Half", note="Interrupted.")]


def test_another_users_copy_is_not_restored() -> None:
    saved = _through_the_browser([Turn("q1", note="Stopped.")], "ana")
    assert restored_conversation(saved, "ben") == []
    assert restored_conversation(saved, None) == []


@pytest.mark.parametrize(
    "saved",
    [
        None,
        "turns",
        [],
        {"user": None},
        {"user": None, "turns": "q1"},
        {"user": None, "turns": [{"question": "q1", "answer": {"answer": "forged"}}]},
    ],
)
def test_a_copy_that_does_not_read_as_a_conversation_restores_nothing(saved: object) -> None:
    assert restored_conversation(saved, None) == []


def test_a_long_conversation_keeps_its_latest_turns(monkeypatch: pytest.MonkeyPatch) -> None:
    turns = [Turn(f"question {n}", partial="x" * 100, note="Stopped.") for n in range(10)]
    turn_size = len(json.dumps(saved_conversation(turns[:1], None)["turns"][0]))  # the same for each
    monkeypatch.setattr(chat, "MAX_SAVED_CHARS", 3 * turn_size + turn_size // 2)
    restored = restored_conversation(_through_the_browser(turns, None), None)
    assert [turn.question for turn in restored] == ["question 7", "question 8", "question 9"]
    monkeypatch.setattr(chat, "MAX_SAVED_CHARS", 10)
    assert restored_conversation(_through_the_browser(turns, None), None) == turns[-1:]

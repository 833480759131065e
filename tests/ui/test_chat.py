"""The chat handlers over a real engine, without a browser: streaming, follow-ups, source links."""

import re

import pytest

from rag.schema import Answer
from rag.service import CorpusChat
from ui.chat import Turn, chat_messages, open_source, stopped, stream_turn
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

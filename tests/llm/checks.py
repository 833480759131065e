"""What must hold for any answer a generative back end gives, whatever the tiny model wrote."""

from rag.schema import Answer
from rag.service import CorpusChat
from rag.verify import drop_invalid_markers, markers_in
from tests.conftest import ARTICLE


def stream(engine: CorpusChat, question: str, **kwargs: object) -> tuple[list[str], Answer]:
    """The text deltas and the final answer of ``engine.stream``."""
    events = list(engine.stream(question, **kwargs))  # type: ignore[arg-type]
    final = events[-1]
    assert isinstance(final, Answer)
    deltas = [e for e in events[:-1] if isinstance(e, str)]
    assert len(deltas) == len(events) - 1
    return deltas, final


def assert_verified(answer: Answer, raw: str, min_support: float) -> None:
    """Markers name retrieved passages only, flags follow scores, spans and quotes are exact."""
    document = ARTICLE.read_text(encoding="utf-8")
    valid = {p.rank for p in answer.passages}
    assert set(markers_in(answer.answer)) <= valid
    assert not set(answer.dropped_markers) & valid
    assert set(answer.dropped_markers) == set(markers_in(raw)) - valid
    for sentence in answer.sentences:
        assert sentence.supported == (sentence.score >= min_support)
        assert set(sentence.markers) <= valid
        if sentence.support:
            assert document[sentence.support.start : sentence.support.end] == sentence.support.quote
    for citation in answer.citations:
        assert document[citation.start : citation.end] == citation.quote
    if answer.short_answer and answer.fallback_from is None:  # never drawn from an unsupported claim
        assert any(sentence.supported for sentence in answer.sentences)
    if not answer.abstained and answer.fallback_from is None:
        assert answer.answer == drop_invalid_markers(raw.strip(), valid)[0] or not answer.sentences

"""The ``llamacpp`` back end: the same GGUF in-process through llama-cpp-python."""

from collections.abc import Callable

import pytest
from langchain_core.exceptions import ContextOverflowError

from rag.context import QuestionTooLongError, pack_passages
from rag.generative import GenerativeAnswerer
from rag.service import CorpusChat
from tests.llm.checks import assert_verified, stream

pytestmark = pytest.mark.slow
QUESTION = "What is Turkey refusing to give up?"


@pytest.fixture(scope="module")
def engine(llamacpp_engine: Callable[..., CorpusChat]) -> CorpusChat:
    return llamacpp_engine(verification="flag")


def test_tokens_stream_in_process_and_the_answer_is_verified(engine: CorpusChat) -> None:
    deltas, answer = stream(engine, QUESTION)
    assert len([d for d in deltas if d]) > 3
    assert answer.backend == "llamacpp"
    assert_verified(answer, "".join(deltas), engine.settings.min_support)


def test_tokens_are_counted_by_the_model_itself(engine: CorpusChat) -> None:
    answerer = engine.answerer()
    assert isinstance(answerer, GenerativeAnswerer)
    count = answerer.llm.count_tokens
    assert 0 < count("Incirlik and Kureci") < count("Incirlik and Kureci " * 10)
    assert answerer.llm.context_window == engine.settings.llamacpp_n_ctx


def test_passages_that_overflow_the_window_are_left_out(llamacpp_engine: Callable[..., CorpusChat]) -> None:
    small = llamacpp_engine(llamacpp_n_ctx=700, llm_max_tokens=200, top_k=5)
    answerer = small.answerer()
    assert isinstance(answerer, GenerativeAnswerer)
    _, answer = stream(small, QUESTION)  # would overflow llama.cpp's context if packing were wrong
    assert len(answer.passages) == 5
    packed = pack_passages(answerer.prompt, QUESTION, answer.passages, answerer.llm.count_tokens, 700, 200)
    assert 0 < len(packed) < 5 and packed[0].rank == 1
    with pytest.raises(QuestionTooLongError, match="700-token context window"):
        small.ask("why " * 600)


@pytest.mark.parametrize("streamed", [False, True])
def test_a_prompt_over_the_window_is_a_context_overflow(engine: CorpusChat, streamed: bool) -> None:
    """llama-cpp-python's ValueError is LangChain's error for it, which the back ends report as a
    question too long."""
    answerer = engine.answerer()
    assert isinstance(answerer, GenerativeAnswerer)
    prompt = "word " * (engine.settings.llamacpp_n_ctx + 100)
    with pytest.raises(ContextOverflowError, match="exceed context window"):
        list(answerer.llm.model.stream(prompt)) if streamed else answerer.llm.model.invoke(prompt)

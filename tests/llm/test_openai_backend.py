"""The ``openai`` back end against a real llama.cpp server on loopback (Gemma 3 270M): token
streaming, citation parsing and verification, the policies, follow-ups, the CLI, the context budget."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from langchain_core.tracers import Run
from langchain_core.tracers.context import collect_runs

from rag.api import create_api
from rag.backends import query_rewriter
from rag.context import QuestionTooLongError
from rag.followup import standalone_query
from rag.service import CorpusChat
from tests.conftest import CORPUS
from tests.llm.checks import assert_verified, stream

pytestmark = pytest.mark.slow
QUESTION = "Which bases did Erdogan threaten to close?"
# A pasted text with its question: about 5,000 tokens, over the server's 2048-token window.
LONG_TURN = "Turkey bought the S-400 air defence system from Russia. " * 500 + QUESTION


def test_tokens_stream_and_the_answer_is_verified(openai_engine: Callable[..., CorpusChat]) -> None:
    engine = openai_engine(verification="flag")
    deltas, answer = stream(engine, QUESTION)
    assert len([d for d in deltas if d]) > 3, "the server's tokens arrive one by one"
    assert answer.backend == "openai" and answer.retrieval_query == QUESTION
    assert len(answer.passages) == 3
    assert_verified(answer, "".join(deltas), engine.settings.min_support)
    if not answer.abstained:
        assert answer.sentences, "every generated sentence is checked"
        assert answer.supported_rate == sum(s.supported for s in answer.sentences) / len(answer.sentences)


def test_fallback_policy_replaces_an_unsupported_answer(openai_engine: Callable[..., CorpusChat]) -> None:
    # Nothing short of a verbatim quote with its right marker passes min_support=1.
    engine = openai_engine(verification="fallback", min_support=1.0, fallback_below=1.0)
    answer = engine.ask(QUESTION)
    assert answer.fallback_from == "openai" and answer.backend == "extractive"
    assert answer.supported_rate is not None and answer.supported_rate < 1.0
    assert answer.citations and all(c.quote in answer.answer for c in answer.citations)


def test_strip_policy_keeps_only_supported_sentences(openai_engine: Callable[..., CorpusChat]) -> None:
    engine = openai_engine(verification="strip")
    _, answer = stream(engine, "What did the US suspend?")
    assert all(s.supported for s in answer.sentences)
    if not answer.abstained:
        assert answer.answer == " ".join(s.text for s in answer.sentences)


def test_a_follow_up_is_condensed_by_the_llm(openai_engine: Callable[..., CorpusChat]) -> None:
    engine = openai_engine()
    history, follow_up = [QUESTION], "And what did the US suspend?"
    rewrite = query_rewriter(engine.answerer())
    assert rewrite is not None
    rewritten = rewrite(follow_up, history)
    assert rewritten.strip(), "the model answered the condense prompt"
    answer = engine.ask(follow_up, history=history)
    assert answer.retrieval_query == standalone_query(follow_up, history, lambda *_: rewritten)


def test_the_model_is_asked_a_follow_up_as_its_standalone_query(
    openai_engine: Callable[..., CorpusChat],
) -> None:
    """The answer prompt holds no conversation: "And what did the US suspend?" alone says nothing."""
    engine = openai_engine()
    with collect_runs() as tracer:
        answer = engine.ask("And what did the US suspend?", history=[QUESTION])
    asked = [
        run.inputs["question"]
        for run in _all_runs(tracer.traced_runs)
        if {"question", "passages"} == set(run.inputs)
    ]
    assert asked and set(asked) == {answer.retrieval_query}
    assert answer.retrieval_query != "And what did the US suspend?"


def _all_runs(runs: list[Run]) -> Iterator[Run]:
    for run in runs:
        yield run
        yield from _all_runs(run.child_runs)


def test_an_over_long_question_is_refused_before_the_model(openai_engine: Callable[..., CorpusChat]) -> None:
    with pytest.raises(QuestionTooLongError, match="2048-token context window"):
        openai_engine().ask("why " * 2500)


def test_rag_ask_prints_tokens_as_they_arrive(openai_engine: Callable[..., CorpusChat]) -> None:
    settings = openai_engine().settings
    env = {
        **os.environ,
        "RAG_PERSIST_DIR": str(settings.persist_dir),
        "RAG_COLLECTION": settings.collection,
        "RAG_CORPUS_DIR": str(CORPUS),
        "RAG_OPENAI_BASE_URL": str(settings.openai_base_url),
        "RAG_OPENAI_MODEL": settings.openai_model,
        "RAG_OPENAI_CONTEXT_WINDOW": str(settings.openai_context_window),
        "RAG_LLM_MAX_TOKENS": str(settings.llm_max_tokens),
        "RAG_LLM_SYSTEM_ROLE": "false",
        "RAG_TOP_K": "3",
    }
    rag = os.path.join(os.path.dirname(sys.executable), "rag")
    process = subprocess.Popen([rag, "ask", QUESTION, "--backend", "openai"], stdout=subprocess.PIPE, env=env)
    assert process.stdout is not None
    first = process.stdout.read1(1)
    first_at = time.monotonic()
    rest = process.stdout.read()
    done_at = time.monotonic()
    assert process.wait(timeout=60) == 0
    assert first and rest
    assert done_at - first_at > 0.3, "output came in one piece, not as the tokens arrived"


def test_the_api_streams_a_generated_answer(openai_engine: Callable[..., CorpusChat]) -> None:
    engine = openai_engine()
    api = TestClient(create_api(engine, engine.settings))
    ask = {"model": "corpus-chat/openai", "messages": [{"role": "user", "content": QUESTION}], "stream": True}
    with api.stream("POST", "/v1/chat/completions", json=ask) as response:
        assert response.status_code == 200
        events = [line.removeprefix("data: ") for line in response.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert len([c for c in chunks if c["choices"][0]["delta"].get("content")]) > 3
    closing = chunks[-1]
    assert closing["choices"][0]["finish_reason"] == "stop"
    assert closing["verification"]["backend"] in {"openai", "extractive"}
    too_long = {"model": "corpus-chat", "messages": [{"role": "user", "content": "why " * 2500}]}
    refused = api.post("/v1/chat/completions", json=too_long)
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["code"] == "context_length_exceeded"
    assert error["param"] == "messages" and error["message"].startswith("messages: question too long")


def _completion(api: TestClient, messages: list[dict[str, str]], stream: bool) -> tuple[int, str]:
    """The status of a chat completion and its whole body (a stream's events, read to the end)."""
    ask = {"model": "corpus-chat", "messages": messages, "stream": stream}
    response = api.post("/v1/chat/completions", json=ask)
    return response.status_code, response.text


def test_a_long_earlier_turn_is_cut_to_fit_the_condense_prompt(
    openai_engine: Callable[..., CorpusChat],
) -> None:
    """The conversation sent to the model is budgeted like the answer prompt: not a 503. (A 700-token
    budget keeps the tiny model's prompts short; the turn alone is over the server's 2048.)"""
    engine = openai_engine(verification="flag", openai_context_window=700)
    api = TestClient(create_api(engine, engine.settings))
    messages = [
        {"role": "user", "content": LONG_TURN},
        {"role": "assistant", "content": "Incirlik and Kureci."},
        {"role": "user", "content": "And what did the US suspend?"},
    ]
    status, body = _completion(api, messages, stream=False)
    assert status == 200 and json.loads(body)["choices"][0]["message"]["content"]


@pytest.mark.parametrize("stream", [False, True])
def test_a_server_window_smaller_than_configured_is_a_context_length_error(
    openai_engine: Callable[..., CorpusChat], stream: bool
) -> None:
    """llama.cpp's 400 "maximum context length" is the API's 400 context_length_exceeded, not a 503
    backend_unavailable that an SDK would retry."""
    engine = openai_engine(openai_context_window=32768)  # the server has 2048
    api = TestClient(create_api(engine, engine.settings))
    messages = [
        {"role": "user", "content": LONG_TURN},
        {"role": "user", "content": "And what did the US suspend?"},
    ]
    status, body = _completion(api, messages, stream)
    error = json.loads(body)["error"]
    assert status == 400 and error["code"] == "context_length_exceeded" and error["param"] == "messages"
    assert error["message"].startswith("messages: question too long") and "2048" in error["message"]


def test_a_streamed_question_over_the_server_window_is_a_context_length_error(
    openai_engine: Callable[..., CorpusChat],
) -> None:
    """llama-cpp-python's server ends the stream of a prompt over its window without a word; asked
    again unstreamed, it says why: not an answer that the corpus holds nothing."""
    engine = openai_engine(openai_context_window=32768)  # the server has 2048
    api = TestClient(create_api(engine, engine.settings))
    status, body = _completion(api, [{"role": "user", "content": "why " * 2500}], stream=True)
    error = json.loads(body)["error"]
    assert status == 400 and error["code"] == "context_length_exceeded" and "2048" in error["message"], body


@pytest.mark.parametrize("stream", [False, True])
def test_a_400_kb_message_ending_in_a_question_is_answered(
    openai_engine: Callable[..., CorpusChat], stream: bool
) -> None:
    """What it tells before its question is cut to fit the condense prompt, as an earlier turn is."""
    engine = openai_engine(verification="flag", openai_context_window=700)
    api = TestClient(create_api(engine, engine.settings))
    pasted = "Turkey bought the S-400 air defence system from Russia. " * 7300
    status, body = _completion(api, [{"role": "user", "content": f"{pasted}\n\n{QUESTION}"}], stream)
    assert status == 200 and '"error"' not in body, body[:300]

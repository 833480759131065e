"""corpus-chat as an OpenAI-compatible model: the official ``openai`` client and LangChain's standard
chat model suite (through ``ChatOpenAI``) against ``rag serve`` on loopback, UI and API on one port."""

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openai
import pytest
from fastapi.testclient import TestClient
from langchain_openai import ChatOpenAI
from langchain_tests.integration_tests import ChatModelIntegrationTests
from pydantic import SecretStr

from rag.api import _chunks, create_api
from rag.config import Settings
from rag.followup import Exchange
from rag.llm import BackendUnavailableError
from rag.openai_replies import MODEL, SOURCES_HEADING, ApiError, question_and_history, sources_text
from rag.responses_api import ResponseShape, ResponsesRequest, _events, annotations
from rag.schema import Answer, Citation
from rag.service import CorpusChat
from tests.conftest import ARTICLE, CORPUS
from tests.llm.servers import free_port, running
from ui.server import build_server

QUESTION = "Which bases did Erdogan threaten to close?"


@pytest.fixture(scope="module")
def serve_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rag-serve") / "serve.log"


@pytest.fixture(scope="module")
def served(seed_engine: CorpusChat, serve_log: Path) -> Iterator[str]:
    """``rag serve`` over the seed store on a free loopback port; yields the API's base URL."""
    port = free_port()
    env = {
        "RAG_PERSIST_DIR": str(seed_engine.settings.persist_dir),
        "RAG_COLLECTION": seed_engine.settings.collection,
        "RAG_CORPUS_DIR": str(CORPUS),
    }
    rag = str(Path(sys.executable).with_name("rag"))
    with running([rag, "serve", "--port", str(port)], f"http://127.0.0.1:{port}/v1/models", serve_log, env):
        yield f"http://127.0.0.1:{port}/v1"


@pytest.fixture(scope="module")
def client(served: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=served, api_key="unused", max_retries=0)


pytestmark = pytest.mark.slow


def test_models_list_every_back_end(client: openai.OpenAI) -> None:
    assert [m.id for m in client.models.list()] == [MODEL, f"{MODEL}/extractive"]


def test_a_completion_carries_its_citations(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": QUESTION}])
    text = completion.choices[0].message.content or ""
    assert "Incirlik" in text and "\n\nSources:\n[1] " in text
    citations = completion.model_extra["citations"]
    document = ARTICLE.read_text(encoding="utf-8")
    assert citations and all(document[c["start"] : c["end"]] == c["quote"] for c in citations)
    short = completion.model_extra["short_answer"]
    assert short and short in text  # the span of the quoted answer that answers
    verification = completion.model_extra["verification"]
    assert verification["supported_rate"] == 1.0 and verification["sentences"]
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_a_streamed_completion_ends_with_sources_citations_and_usage(client: openai.OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(
            model=f"{MODEL}/extractive",
            messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    deltas = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(deltas) > 3
    text = "".join(deltas)
    assert "Incirlik" in text and "Sources:" in text
    closing = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    assert closing.model_extra["citations"] and closing.model_extra["short_answer"]
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


@pytest.mark.parametrize("limit", [1, 6, 12])
def test_max_tokens_cuts_the_reply_at_a_word_with_finish_reason_length(
    client: openai.OpenAI, limit: int
) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    whole = client.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content or ""
    cut = client.chat.completions.create(model=MODEL, messages=messages, max_tokens=limit)
    text = cut.choices[0].message.content or ""
    assert cut.choices[0].finish_reason == "length"
    assert text and whole.startswith(text) and len(text) < len(whole)
    assert cut.usage is not None and 0 < cut.usage.completion_tokens <= limit
    assert cut.model_extra["citations"]  # the text is cut, the structured sources are whole
    chunks = list(
        client.chat.completions.create(
            model=MODEL,
            messages=messages,
            max_completion_tokens=limit,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == text  # no space after the last word, streamed or not
    closing = [c for c in chunks if c.choices][-1]
    assert closing.choices[0].finish_reason == "length"
    assert closing.model_extra["citations"] == cut.model_extra["citations"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens <= limit


def test_earlier_user_turns_are_the_conversation(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "user", "content": QUESTION},
            {"role": "assistant", "content": "Incirlik and Kureci."},
            {"role": "user", "content": "And what did the US suspend?"},
        ],
    )
    assert "F 35" in (completion.choices[0].message.content or "")


def test_each_user_turn_goes_with_the_assistants_reply_after_it() -> None:
    messages = [
        ("system", "Answer briefly."),
        ("user", "Which pager was w3m derived from?"),
        ("assistant", f"It was derived from fm. [1]{SOURCES_HEADING}[1] w3m history — STORY.html:0-40"),
        ("user", "  "),  # no text: no turn
        ("user", "When was it written?"),
    ]
    question, history = question_and_history(messages, "messages")
    assert question == "When was it written?"
    assert history == [Exchange("Which pager was w3m derived from?", "It was derived from fm. [1]")]
    with pytest.raises(ApiError, match="messages: no user message"):
        question_and_history([("assistant", "Hello!")], "messages")


def test_errors_come_back_in_openai_shape(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="model 'gpt-4' does not exist"):
        client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.BadRequestError, match="no user message"):
        client.chat.completions.create(model=MODEL, messages=[{"role": "system", "content": "hi"}])
    with pytest.raises(openai.BadRequestError, match="role") as refused:
        client.chat.completions.create(model=MODEL, messages=[{"role": "wizard", "content": "hi"}])  # type: ignore[misc, list-item]
    assert refused.value.status_code == 400


def test_a_model_can_be_retrieved_by_id(client: openai.OpenAI) -> None:
    assert client.models.retrieve(f"{MODEL}/extractive").id == f"{MODEL}/extractive"
    with pytest.raises(openai.NotFoundError, match="does not exist"):
        client.models.retrieve("gpt-4")


def test_sampling_parameters_out_of_openais_ranges_are_refused_by_name(client: openai.OpenAI) -> None:
    """Ignored, but checked as OpenAI checks them: a client's mistake fails here as it would there."""
    messages = [{"role": "user", "content": QUESTION}]
    for field, value in {"temperature": 3.0, "top_p": 1.5, "presence_penalty": -3.0}.items():
        with pytest.raises(openai.BadRequestError) as raised:
            client.chat.completions.create(model=MODEL, messages=messages, **{field: value})
        assert raised.value.param == field
    with pytest.raises(openai.BadRequestError) as raised:
        client.responses.create(model=MODEL, input=QUESTION, temperature=-1)
    assert raised.value.param == "temperature"
    accepted = client.chat.completions.create(model=MODEL, messages=messages, temperature=0.2, top_p=1)
    assert accepted._request_id and accepted._request_id.startswith("req_")  # OpenAI's x-request-id
    usage = accepted.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert usage.completion_tokens_details is not None


def test_fields_corpus_chat_cannot_honour_are_refused_by_name(client: openai.OpenAI) -> None:
    """Several choices, JSON output, a forced tool call, log probabilities, audio: a 400 naming the
    field, not a cited prose answer the client then fails to parse (or text where it asked for sound)."""
    messages = [{"role": "user", "content": QUESTION}]
    refused = {
        "n": {"n": 2},
        "response_format": {"response_format": {"type": "json_object"}},
        "tool_choice": {"tool_choice": "required", "tools": [_TOOL]},
        "logprobs": {"logprobs": True},
        "modalities": {"modalities": ["text", "audio"], "audio": {"voice": "alloy", "format": "wav"}},
        "audio": {"audio": {"voice": "alloy", "format": "wav"}},
    }
    for field, arguments in refused.items():
        with pytest.raises(openai.BadRequestError) as raised:
            client.chat.completions.create(model=MODEL, messages=messages, **arguments)
        assert raised.value.param == field and raised.value.code == "unsupported_value"
    accepted = client.chat.completions.create(
        model=MODEL, messages=messages, tools=[_TOOL], tool_choice="auto", modalities=["text"]
    )
    assert "Incirlik" in (accepted.choices[0].message.content or "")


def test_a_response_carries_file_citations_at_its_markers(client: openai.OpenAI) -> None:
    """``client.responses.create``, the openai SDK's first example: the text with its sources, each [n]
    a ``file_citation`` annotation right after it, and corpus-chat's fields beside OpenAI's."""
    response = client.responses.create(model=MODEL, input=QUESTION, instructions="Be brief.")
    text = response.output_text
    assert response.status == "completed" and "Incirlik" in text and "\n\nSources:\n[1] " in text
    notes = response.output[0].content[0].annotations  # type: ignore[union-attr]
    citations = response.model_extra["citations"]
    assert notes and {n.file_id for n in notes} <= {c["chunk_id"] for c in citations}  # type: ignore[union-attr]
    assert all(re.search(r"\[\d+\]$", text[: n.index]) for n in notes)  # type: ignore[union-attr]
    assert response.model_extra["short_answer"] in text
    assert response.usage is not None and response.usage.output_tokens > 0
    # every field the SDK's type requires is there (its own parse is lenient and would hide a gap)
    raw = client.responses.with_raw_response.create(model=MODEL, input=QUESTION).http_response.json()
    openai.types.responses.Response.model_validate(raw)


def test_a_streamed_response_follows_openais_events_and_the_sdk_assembles_it(client: openai.OpenAI) -> None:
    with client.responses.stream(
        model=f"{MODEL}/extractive",
        input=[{"role": "user", "content": [{"type": "input_text", "text": QUESTION}]}],
    ) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    deltas = kinds.count("response.output_text.delta")
    assert kinds[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert deltas > 3 and kinds[4 + deltas :] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert "Incirlik" in final.output_text and final.output[0].content[0].annotations  # type: ignore[union-attr]
    assert final.model_extra and final.model_extra["citations"]


def test_previous_response_id_continues_the_conversation(client: openai.OpenAI) -> None:
    first = client.responses.create(model=MODEL, input=QUESTION)
    follow_up = client.responses.create(
        model=MODEL, input="And what did the US suspend?", previous_response_id=first.id
    )
    assert "F 35" in follow_up.output_text and follow_up.previous_response_id == first.id
    assert client.responses.retrieve(first.id).output_text == first.output_text
    client.responses.delete(first.id)
    with pytest.raises(openai.NotFoundError, match="not found") as gone:
        client.responses.create(model=MODEL, input="And then?", previous_response_id=first.id)
    assert gone.value.param == "previous_response_id"
    unkept = client.responses.create(model=MODEL, input=QUESTION, store=False)
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(unkept.id)


def test_max_output_tokens_leaves_a_response_incomplete_at_a_word(client: openai.OpenAI) -> None:
    whole = client.responses.create(model=MODEL, input=QUESTION).output_text
    cut = client.responses.create(model=MODEL, input=QUESTION, max_output_tokens=6)
    assert cut.status == "incomplete" and cut.incomplete_details is not None
    assert cut.incomplete_details.reason == "max_output_tokens"
    assert cut.output_text and whole.startswith(cut.output_text) and len(cut.output_text) < len(whole)
    assert cut.model_extra["citations"]  # the text is cut, the structured sources are whole
    events = list(client.responses.create(model=MODEL, input=QUESTION, max_output_tokens=6, stream=True))
    streamed = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert streamed == cut.output_text and events[-1].type == "response.incomplete"


def test_a_response_request_corpus_chat_cannot_honour_names_its_field(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="model 'gpt-4' does not exist"):
        client.responses.create(model="gpt-4", input=QUESTION)
    refused = {
        "input": {"input": [{"role": "assistant", "content": "Incirlik."}]},
        "input.0.content": {"input": [{"role": "user", "content": 5}]},
        "text.format": {"input": QUESTION, "text": {"format": {"type": "json_object"}}},
        "tool_choice": {
            "input": QUESTION,
            "tool_choice": "required",
            "tools": [_TOOL["function"] | {"type": "function"}],
        },
        "background": {"input": QUESTION, "background": True},
    }
    for field, arguments in refused.items():
        with pytest.raises(openai.BadRequestError) as raised:
            client.responses.create(model=MODEL, **arguments)  # type: ignore[call-overload]
        assert raised.value.param == field and "\n" not in raised.value.message


def test_file_citations_point_after_each_marker_of_the_text_sent() -> None:
    """Also when verification changed what was streamed: the markers are found in the text the
    client has, before its sources."""
    cited = Citation(marker=1, chunk_id="c1", source="a.txt", title="A", start=0, end=9, quote="q")
    answer = Answer(question="q", answer="Incirlik and Kureci. [1]", abstained=False, citations=[cited])
    text = f"Incirlik [1]\n\nVerified answer: {answer.answer}{sources_text(answer)}"
    notes = annotations(answer, text)
    assert [text[: n["index"]][-3:] for n in notes] == ["[1]", "[1]"]
    assert {n["file_id"] for n in notes} == {"c1"} and notes[-1]["index"] < text.index("Sources:")


def test_a_response_that_fails_after_it_started_streaming_ends_failed() -> None:
    def events() -> Iterator[str]:
        yield "Turkey may close"
        raise BackendUnavailableError("backend 'openai': the server closed the connection")

    shape = ResponseShape(ResponsesRequest(input=QUESTION), "resp_1", "msg_1", 0, 10)
    stream = list(_events(shape, events(), len, keep=lambda body: pytest.fail("a failed response is kept")))
    last = json.loads(stream[-1].split("data: ", 1)[1])
    assert stream[-1].startswith("event: response.failed\n") and last["response"]["status"] == "failed"
    error = last["response"]["error"]
    assert error["code"] == "server_error" and error["message"].startswith("backend_unavailable: ")
    assert [json.loads(e.split("data: ", 1)[1])["sequence_number"] for e in stream] == list(
        range(len(stream))
    )


_CONTENT_FORMS = "messages.0.content: Input should be a string or a list of content parts (objects)"
_TOOL = {
    "type": "function",
    "function": {"name": "lookup", "parameters": {"type": "object", "properties": {}}},
}


def test_wire_format_follows_openai(seed_engine: CorpusChat) -> None:
    """Nullable fields may be null; the response has every field OpenAI's has; unknown /v1 routes,
    wrong methods and broken JSON get OpenAI-shaped errors, not the web app's."""
    api = TestClient(create_api(seed_engine, seed_engine.settings))
    request = {"messages": [{"role": "user", "content": QUESTION}], "stream": None, "stream_options": None}
    body = api.post("/v1/chat/completions", json=request).json()
    (choice,) = body["choices"]
    assert choice["logprobs"] is None and choice["message"]["refusal"] is None
    unknown = api.post("/v1/embeddings", json={"input": "x"})
    assert unknown.status_code == 404 and "Invalid URL" in unknown.json()["error"]["message"]
    wrong_method = api.get("/v1/chat/completions")
    assert wrong_method.status_code == 405 and wrong_method.headers["allow"] == "POST"
    broken = api.post("/v1/chat/completions", content=b"{", headers={"content-type": "application/json"})
    assert broken.status_code == 400 and "not valid JSON" in broken.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "param", "message"),
    [
        (None, "body", "body: Field required"),
        ([1, 2], "body", "body: Input should be a valid dictionary"),
        ({"messages": [{"role": "user", "content": 5}]}, "messages.0.content", _CONTENT_FORMS),
        ({"messages": [{"role": "user", "content": [1]}]}, "messages.0.content", _CONTENT_FORMS),
        ({"messages": []}, "messages", "messages: no user message with text to answer"),
        ({"messages": [{"role": "user"}], "max_tokens": 0}, "max_tokens", "max_tokens: Input should be"),
    ],
)
def test_an_invalid_request_names_its_field(
    seed_engine: CorpusChat, body: object, param: str, message: str
) -> None:
    """In the message and as ``param``: the body itself, or the field as OpenAI names it."""
    api = TestClient(create_api(seed_engine, seed_engine.settings))
    refused = api.post("/v1/chat/completions", json=body)
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["type"] == "invalid_request_error"
    assert error["param"] == param and error["message"].startswith(message) and "\n" not in error["message"]


def test_two_quotes_of_one_passage_are_one_numbered_source() -> None:
    quotes = [
        Citation(marker=1, chunk_id="c", source="a.txt", title="A", start=s, end=e, quote="q")
        for s, e in ((0, 9), (20, 31))
    ]
    other = Citation(marker=2, chunk_id="d", source="b.txt", title="B", start=5, end=8, quote="q")
    answer = Answer(question="q", answer="x [1] [2]", abstained=False, citations=[*quotes, other])
    assert sources_text(answer) == "\n\nSources:\n[1] A — a.txt:0-9, 20-31\n[2] B — b.txt:5-8"


def test_a_failure_after_the_answer_started_ends_the_stream_with_an_error() -> None:
    """The status line is sent by then: the error travels as an event, and the stream still ends."""

    def events() -> Iterator[str]:
        yield "Turkey may close"
        raise BackendUnavailableError("backend 'openai': the server closed the connection")

    stream = list(_chunks("chatcmpl-1", MODEL, events(), 10, len, include_usage=False))
    assert '"content": "Turkey may close"' in stream[1]
    error = json.loads(stream[-2].removeprefix("data: "))["error"]
    assert error["code"] == "backend_unavailable" and "closed the connection" in error["message"]
    assert stream[-1] == "data: [DONE]\n\n"


def test_a_failure_after_a_max_tokens_cut_still_ends_the_stream_at_the_limit() -> None:
    """The client has had its text up to the limit: no error event follows it, only "length"."""

    def events() -> Iterator[str]:
        yield "Turkey may close "
        yield "Incirlik and Kureci"
        raise BackendUnavailableError("backend 'openai': the server closed the connection")

    stream = list(_chunks("chatcmpl-1", MODEL, events(), 10, lambda text: len(text.split()), False, limit=3))
    assert '"content": "Turkey may close"' in stream[1] and len(stream) == 4  # the space went with the cut
    closing = json.loads(stream[-2].removeprefix("data: "))
    assert closing["choices"][0]["finish_reason"] == "length" and "citations" not in closing
    assert stream[-1] == "data: [DONE]\n\n"


def test_serve_says_where_it_listens(served: str, serve_log: Path) -> None:
    root = served.removesuffix("/v1")
    assert f"web app on {root}/ , OpenAI-compatible API on {served}" in serve_log.read_text()


@pytest.mark.parametrize("port", ["taken", "99999"])
def test_a_port_that_cannot_be_served_is_a_one_line_error(served: str, port: str) -> None:
    """The port the test server holds is taken; 99999 is no port (it would wrap round to 34463)."""
    taken = served.removesuffix("/v1").rsplit(":", 1)[1]
    rag = str(Path(sys.executable).with_name("rag"))
    done = subprocess.run(
        [rag, "serve", "--port", taken if port == "taken" else port],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    if port == "taken":
        assert done.stderr.strip() == f"error: cannot listen on 127.0.0.1:{taken}: Address already in use"
    else:
        assert "Invalid value for '--port'" in done.stderr and "65535" in done.stderr


def test_the_ui_is_served_on_the_same_port(served: str) -> None:
    import urllib.request

    with urllib.request.urlopen(served.removesuffix("/v1") + "/", timeout=10) as response:
        assert response.status == 200 and b"gradio" in response.read().lower()


def test_langchain_drops_the_extra_fields_and_its_openai_client_keeps_them(served: str) -> None:
    """As docs/generative.md says: ChatOpenAI's messages carry OpenAI's fields only; the openai client
    it holds (``root_client``) returns the whole reply."""
    llm = ChatOpenAI(model=MODEL, base_url=served, api_key=SecretStr("unused"))
    message = llm.invoke(QUESTION)
    assert "Incirlik" in message.text
    assert not {"citations", "short_answer"} & {*message.response_metadata, *message.additional_kwargs}
    reply = llm.root_client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": QUESTION}]
    )
    assert reply.model_extra["citations"] and reply.model_extra["short_answer"]


def test_the_api_describes_itself_at_v1_docs(served: str) -> None:
    schema = httpx.get(f"{served}/openapi.json", timeout=10).json()
    assert {"/v1/chat/completions", "/v1/models", "/v1/ingest"} <= set(schema["paths"])
    docs = httpx.get(f"{served}/docs", timeout=10)
    assert docs.status_code == 200 and "/v1/openapi.json" in docs.text


class TestStandardChatModelSuite(ChatModelIntegrationTests):
    """LangChain's own chat model tests, with ChatOpenAI pointed at corpus-chat. corpus-chat answers
    from the corpus: no tool calling, structured output, JSON mode or images."""

    base_url = ""

    @pytest.fixture(autouse=True)
    def _server(self, served: str) -> None:
        type(self).base_url = served

    @property
    def chat_model_class(self) -> type[ChatOpenAI]:
        return ChatOpenAI

    @property
    def chat_model_params(self) -> dict:
        return {"model": MODEL, "base_url": self.base_url, "api_key": "unused", "stream_usage": True}

    @property
    def model_override_value(self) -> str:
        return f"{MODEL}/extractive"

    @property
    def has_tool_calling(self) -> bool:
        return False

    @property
    def has_tool_choice(self) -> bool:
        return False

    @property
    def has_structured_output(self) -> bool:
        return False

    @property
    def supports_json_mode(self) -> bool:
        return False

    @property
    def supports_image_inputs(self) -> bool:
        return False

    @property
    def supports_image_urls(self) -> bool:
        return False


class TestStandardChatModelSuiteOverResponses(TestStandardChatModelSuite):
    """The same suite with ChatOpenAI speaking the Responses API (``use_responses_api=True``)."""

    @property
    def chat_model_params(self) -> dict:
        return super().chat_model_params | {"use_responses_api": True}


def test_api_keys_guard_the_api(seed_engine: CorpusChat) -> None:
    settings = seed_engine.settings.model_copy(update={"api_keys": [SecretStr("s3cret")]})
    api = TestClient(create_api(seed_engine, settings))
    assert api.get("/v1/models").status_code == 401
    wrong = api.get("/v1/models", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["type"] == "authentication_error"
    assert api.get("/v1/models", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_an_empty_bearer_token_is_never_a_key(seed_engine: CorpusChat) -> None:
    """Settings refuse an empty key; the API does not rely on it (model_copy skips validation)."""
    settings = seed_engine.settings.model_copy(update={"api_keys": [SecretStr("s3cret"), SecretStr("")]})
    api = TestClient(create_api(seed_engine, settings))
    for header in ("Bearer ", "Bearer", "bearer  "):
        assert api.get("/v1/models", headers={"Authorization": header}).status_code == 401


def test_requests_from_another_sites_pages_are_refused(seed_engine: CorpusChat) -> None:
    """A form on any web page can POST to loopback without a CORS preflight."""
    api = TestClient(create_api(seed_engine, seed_engine.settings))
    forged = api.post("/v1/ingest", headers={"Origin": "http://attacker.example"}, data={"x": "1"})
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "cross_site"
    assert api.get("/v1/models", headers={"Origin": "http://testserver"}).status_code == 200
    assert api.get("/v1/models").status_code == 200


def test_serving_beyond_loopback_needs_keys_and_users(tmp_path: Path) -> None:
    settings = Settings(persist_dir=tmp_path)
    with pytest.raises(ValueError, match="'auth' setting"):
        build_server(settings, "0.0.0.0")
    users = settings.model_copy(update={"auth": {"ann": SecretStr("pw")}})
    with pytest.raises(ValueError, match="'api_keys' setting"):
        build_server(users, "0.0.0.0")
    assert os.environ.get("RAG_API_KEYS") is None


def test_uploads_over_the_limit_are_refused_as_they_arrive(tmp_path: Path) -> None:
    """Not read whole into memory before the engine's own check refuses them."""
    settings = Settings(persist_dir=tmp_path / "store", corpus_dir=tmp_path / "corpus", max_upload_mb=0.01)
    server = TestClient(build_server(settings, "127.0.0.1"))
    small = server.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * 5_000, "text/plain")})
    big = server.post("/gradio_api/upload", files={"files": ("b.txt", b"x" * 50_000, "text/plain")})
    assert small.status_code == 200 and big.status_code == 413


def test_a_keyless_client_cannot_delete_a_file_when_the_server_requires_keys(
    engine_over: Callable[..., CorpusChat], tmp_path: Path
) -> None:
    """The web app's endpoints (here the Corpus tab's delete, through Gradio's own client) are on the
    same port as /v1: configured keys guard them too, through the app's login."""
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    engine = engine_over({"ferry.txt": "Ferries leave the harbour at nine every morning.\n"})
    ferry = engine.settings.corpus_dir / "ferry.txt"
    env = {
        "RAG_PERSIST_DIR": str(engine.settings.persist_dir),
        "RAG_COLLECTION": engine.settings.collection,
        "RAG_CORPUS_DIR": str(engine.settings.corpus_dir),
        "RAG_API_KEYS": '["s3cret"]',
    }
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    rag = str(Path(sys.executable).with_name("rag"))
    key = {"Authorization": "Bearer s3cret"}
    with running(
        [rag, "serve", "--port", str(port)], f"{root}/v1/models", tmp_path / "serve.log", env, headers=key
    ):
        with pytest.raises(AuthenticationError, match="credentials were not provided"):
            Client(root, verbose=False).predict("ferry.txt", api_name="/on_delete")
        raw = httpx.post(f"{root}/gradio_api/call/on_delete", json={"data": ["ferry.txt"]}, timeout=30)
        assert raw.status_code == 401
        assert ferry.exists(), "a client without a key deleted a corpus file"
        Client(root, auth=("anyone", "s3cret"), verbose=False).predict("ferry.txt", api_name="/on_delete")
        assert not ferry.exists()

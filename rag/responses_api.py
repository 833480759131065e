"""corpus-chat through OpenAI's Responses API: ``POST /v1/responses`` (streamed or not), and
``GET``/``DELETE /v1/responses/{id}`` for the responses it keeps.

The openai SDK's first example is ``client.responses.create(model=..., input=...)``; this answers it as
``/v1/chat/completions`` does (:mod:`rag.api`): the last user message of ``input`` is the question, the
earlier ones, and those of the response named by ``previous_response_id``, are the conversation;
``instructions`` are ignored (the answer prompt is corpus-chat's). Each [n] of the text is also a
``file_citation`` annotation naming the cited passage, and the reply carries ``short_answer``,
``citations`` and ``verification`` beside OpenAI's fields.

Responses are kept in memory (the last :data:`KEPT_RESPONSES`, unless ``store`` is false) so that a
later request can continue one; a restart forgets them.
"""

import json
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from pydantic import Field

from rag.llm import TokenCounter
from rag.openai_replies import (
    MODEL,
    SOURCES_HEADING,
    ApiError,
    Finish,
    OpenAIRequest,
    ReplyEnd,
    answer_error,
    backend_for,
    check_text_output,
    extras,
    finished_answer,
    question_and_history,
    reply_pieces,
    started_answer,
    unsupported,
    whole_reply,
)
from rag.schema import Answer
from rag.service import CorpusChat

KEPT_RESPONSES = 1000
_MARKER = re.compile(r"\[(\d+)\]")
_TEXT_PARTS = {"input_text", "output_text", "text"}


class ResponsesRequest(OpenAIRequest):
    """The request fields corpus-chat reads; the others (temperature, reasoning, include, ...) are
    accepted and ignored. Fields whose contract a corpus answer cannot keep are refused by name."""

    model: str = MODEL
    input: str | list[dict[str, Any]]
    instructions: str | None = None
    previous_response_id: str | None = None
    store: bool | None = True
    stream: bool | None = False
    max_output_tokens: int | None = Field(None, ge=1)
    text: dict[str, Any] | None = None
    tool_choice: str | dict[str, Any] | None = None
    background: bool | None = None
    conversation: str | dict[str, Any] | None = None
    metadata: dict[str, str] | None = None


def _check_supported(request: ResponsesRequest) -> None:
    check_text_output(
        "text.format", ((request.text or {}).get("format") or {}).get("type", "text"), request.tool_choice
    )
    if request.background:
        raise unsupported(
            "background", "corpus-chat answers while the request waits; send it without background"
        )
    if request.conversation is not None:
        raise unsupported(
            "conversation", "corpus-chat keeps no conversations; continue one with previous_response_id"
        )


def _item_text(item: dict[str, Any], param: str) -> str:
    """The text of one input message: its string content, or its text parts joined."""
    content = item.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(part, dict) for part in content):
        return " ".join(str(part.get("text", "")) for part in content if part.get("type") in _TEXT_PARTS)
    raise ApiError(
        400,
        f"{param}.content: Input should be a string or a list of content parts (objects)",
        param=f"{param}.content",
    )


def input_messages(request_input: str | list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The ``(role, text)`` messages of ``input``: a string is one user message; of a list, the
    message items of role "user" and "assistant" (the earlier replies a follow-up may refer to;
    other items, such as tool outputs, are no turn)."""
    if isinstance(request_input, str):
        return [("user", request_input)]
    messages: list[tuple[str, str]] = []
    for number, item in enumerate(request_input):
        if item.get("type", "message") == "message" and item.get("role") in {"user", "assistant"}:
            messages.append((item["role"], _item_text(item, f"input.{number}")))
    return messages


@dataclass
class KeptResponse:
    body: dict[str, Any]
    messages: list[tuple[str, str]]
    """The ``(role, text)`` messages of the conversation up to and including this response's reply."""


class ResponseStore:
    """The last :data:`KEPT_RESPONSES` responses, for ``previous_response_id`` and ``GET``."""

    def __init__(self, size: int = KEPT_RESPONSES) -> None:
        self.size = size
        self._kept: OrderedDict[str, KeptResponse] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, body: dict[str, Any], messages: list[tuple[str, str]]) -> None:
        with self._lock:
            self._kept[body["id"]] = KeptResponse(body, messages)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def get(self, response_id: str, param: str | None = None) -> KeptResponse:
        with self._lock:
            kept = self._kept.get(response_id)
        if kept is None:
            raise ApiError(404, f"Response with id '{response_id}' not found.", param=param)
        return kept

    def delete(self, response_id: str) -> None:
        self.get(response_id)
        with self._lock:
            self._kept.pop(response_id, None)


def _reply_of(body: dict[str, Any]) -> str:
    """The text a response replied."""
    return " ".join(
        part["text"] for item in body["output"] for part in item.get("content", []) if "text" in part
    )


def annotations(answer: Answer, text: str) -> list[dict[str, Any]]:
    """A ``file_citation`` for each [n] of the reply ``text`` (perhaps cut, or holding a verified answer
    after what was streamed) before its sources, at the index just after the marker: the passage's
    chunk id as the file id, its document as the file."""
    cited = {group[0].marker: group[0] for group in answer.citations_by_marker()}
    body = text.split(SOURCES_HEADING, 1)[0]
    return [
        {"type": "file_citation", "file_id": c.chunk_id, "filename": c.source, "index": match.end()}
        for match in _MARKER.finditer(body)
        if (c := cited.get(int(match.group(1)))) is not None
    ]


@dataclass
class ResponseShape:
    """The fields of one response that stay the same from ``response.created`` to its end."""

    request: ResponsesRequest
    id: str
    message_id: str
    created_at: int
    input_tokens: int

    def message(self, text: str, status: str, answer: Answer | None) -> dict[str, Any]:
        part = self.part(text, answer)
        return {
            "id": self.message_id,
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": [part],
        }

    @staticmethod
    def part(text: str, answer: Answer | None) -> dict[str, Any]:
        notes = annotations(answer, text) if answer is not None else []
        return {"type": "output_text", "text": text, "annotations": notes, "logprobs": []}

    def body(self, status: str, output: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "response",
            "created_at": self.created_at,
            "status": status,
            "error": None,
            "incomplete_details": None,
            "instructions": self.request.instructions,
            "max_output_tokens": self.request.max_output_tokens,
            "metadata": self.request.metadata or {},
            "model": self.request.model,
            "output": output,
            "parallel_tool_calls": True,
            "previous_response_id": self.request.previous_response_id,
            "store": self.request.store is not False,
            "text": {"format": {"type": "text"}},
            "tool_choice": "auto",
            "tools": [],
            "usage": None,
            **fields,
        }

    def finished(
        self, text: str, finish: Finish, answer: Answer | None, count: TokenCounter
    ) -> dict[str, Any]:
        """The whole response once the reply is complete ("stop") or cut at ``max_output_tokens``."""
        status = "completed" if finish == "stop" else "incomplete"
        output_tokens = count(text)
        usage = {
            "input_tokens": self.input_tokens,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": self.input_tokens + output_tokens,
        }
        incomplete = {"reason": "max_output_tokens"} if finish == "length" else None
        return self.body(
            status,
            [self.message(text, status, answer)],
            usage=usage,
            incomplete_details=incomplete,
            **(extras(answer) if answer is not None else {}),
        )


def _events(
    shape: ResponseShape,
    events: Iterator[str | Answer],
    count: TokenCounter,
    keep: Callable[[dict[str, Any]], None],
) -> Iterator[str]:
    """Server-sent events in the Responses API's order: created, in progress, the message and its
    text part added, text deltas, text done, part done, message done, then completed (or incomplete,
    cut at ``max_output_tokens``; or failed, the answer having failed after the stream started)."""
    sequence = 0

    def event(kind: str, **data: Any) -> str:
        nonlocal sequence
        body = {"type": kind, "sequence_number": sequence, **data}
        sequence += 1
        return f"event: {kind}\ndata: {json.dumps(body)}\n\n"

    where = {"item_id": shape.message_id, "output_index": 0, "content_index": 0}
    started = shape.body("in_progress", [])
    yield event("response.created", response=started)
    yield event("response.in_progress", response=started)
    yield event(
        "response.output_item.added",
        output_index=0,
        item=shape.message("", "in_progress", None) | {"content": []},
    )
    yield event("response.content_part.added", part=shape.part("", None), **where)
    sent: list[str] = []
    try:
        for piece in reply_pieces(events, count, shape.request.max_output_tokens):
            if isinstance(piece, ReplyEnd):
                end = piece
                break
            sent.append(piece)
            yield event("response.output_text.delta", delta=piece, logprobs=[], **where)
    except Exception as error:  # the status line is sent: the failure is the stream's last event
        failure = answer_error(error, "input")
        # a failed response's error names one of the codes the protocol lists: the server's, or the
        # input's ("backend_unavailable" is a server error), its own code said in the message
        code = "server_error" if failure.status >= 500 else "invalid_prompt"
        message = f"{failure.code}: {failure.message}" if failure.code else failure.message
        failed = shape.body("failed", [], error={"code": code, "message": message})
        yield event("response.failed", response=failed)
        return
    text = "".join(sent)
    final = shape.finished(text, end.finish, end.answer, count)
    (message,) = final["output"]
    yield event("response.output_text.done", text=text, logprobs=[], **where)
    yield event("response.content_part.done", part=message["content"][0], **where)
    yield event("response.output_item.done", output_index=0, item=message)
    keep(final)
    yield event("response.completed" if end.finish == "stop" else "response.incomplete", response=final)


def add_responses_routes(app: FastAPI, engine: CorpusChat, count: TokenCounter, auth: list[Any]) -> None:
    """Add ``/v1/responses`` to the API app (which turns :class:`ApiError` into OpenAI's error shape)."""
    kept = ResponseStore()

    @app.post("/v1/responses", dependencies=auth, response_model=None)
    def create_response(request: ResponsesRequest) -> dict[str, Any] | StreamingResponse:
        backend = backend_for(engine, request.model)
        _check_supported(request)
        earlier = (
            kept.get(request.previous_response_id, "previous_response_id").messages
            if request.previous_response_id
            else []
        )
        messages = [*earlier, *input_messages(request.input)]
        question, history = question_and_history(messages, "input")
        shape = ResponseShape(
            request,
            id=f"resp_{uuid.uuid4().hex}",
            message_id=f"msg_{uuid.uuid4().hex}",
            created_at=int(time.time()),
            input_tokens=sum(count(text) for _, text in messages),
        )

        def keep(body: dict[str, Any]) -> None:
            if request.store is not False:
                kept.keep(body, [*messages, ("assistant", _reply_of(body))])

        events = started_answer(engine, question, history, backend, "input")
        if request.stream:
            return StreamingResponse(_events(shape, events, count, keep), media_type="text/event-stream")
        answer = finished_answer(events, "input")
        text, finish = whole_reply(answer, request.max_output_tokens, count)
        body = shape.finished(text, finish, answer, count)
        keep(body)
        return body

    @app.get("/v1/responses/{response_id}", dependencies=auth)
    def retrieve_response(response_id: str) -> dict[str, Any]:
        return kept.get(response_id).body

    @app.delete("/v1/responses/{response_id}", dependencies=auth)
    def delete_response(response_id: str) -> dict[str, Any]:
        kept.delete(response_id)
        return {"id": response_id, "object": "response.deleted", "deleted": True}

"""What corpus-chat's two OpenAI-style endpoints share: errors in OpenAI's shape, the model names, the
reply text with its numbered sources, the structured fields beside it, and the reply as it streams.

``rag.api`` speaks Chat Completions (``POST /v1/chat/completions``) and ``rag.responses_api`` the
Responses API (``POST /v1/responses``); both answer the same way from these pieces.
"""

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from index.store import ChromaUnavailableError
from rag.context import QuestionTooLongError, truncated
from rag.followup import Exchange
from rag.llm import BackendUnavailableError, TokenCounter
from rag.schema import Answer
from rag.service import CorpusChat

MODEL = "corpus-chat"
logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered in OpenAI's shape: ``{"error": {"message", "type", "param", "code"}}``."""

    def __init__(
        self,
        status: int,
        message: str,
        kind: str = "invalid_request_error",
        code: str = "",
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code
        self.param, self.headers = param, headers

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.kind,
                "param": self.param,
                "code": self.code or None,
            }
        }


class OpenAIRequest(BaseModel):
    """What both endpoints' requests share: fields corpus-chat does not read are accepted and ignored
    (answers come from the corpus and the configured back end's settings), but the sampling
    parameters are checked against the ranges OpenAI enforces, so a client's mistake ("temperature":
    3) fails here as it would there, with a 400 naming the field."""

    model_config = ConfigDict(extra="allow")

    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, ge=0, le=1)


def unsupported(param: str, message: str) -> ApiError:
    """The 400 for a field whose contract a corpus answer cannot keep."""
    return ApiError(400, f"{param}: {message}", code="unsupported_value", param=param)


def check_text_output(format_param: str, kind: str, tool_choice: str | dict[str, Any] | None) -> None:
    """Refuse an output format other than text (``format_param`` names the request's field) and a
    ``tool_choice`` that forces a call: an answer is cited text and calls no tools."""
    if kind != "text":
        raise unsupported(
            format_param, f"'{kind}' is not supported: answers are cited text (type 'text' only)"
        )
    if tool_choice not in (None, "none", "auto"):
        raise unsupported("tool_choice", "corpus-chat calls no tools; only 'auto' and 'none' are supported")


def model_ids(engine: CorpusChat) -> list[str]:
    return [MODEL, *(f"{MODEL}/{name}" for name in engine.backends)]


def backend_for(engine: CorpusChat, model: str) -> str:
    """The back end a model name asks for: ``corpus-chat`` is the configured one, ``corpus-chat/<name>``
    a given one; any other name is OpenAI's 404 ``model_not_found``."""
    if model == MODEL:
        return engine.backends[0]
    name = model.removeprefix(f"{MODEL}/")
    if model.startswith(f"{MODEL}/") and name in engine.backends:
        return name
    known = ", ".join(model_ids(engine))
    raise ApiError(
        404, f"model '{model}' does not exist (available: {known})", code="model_not_found", param="model"
    )


def question_and_history(messages: list[tuple[str, str]], param: str) -> tuple[str, list[Exchange]]:
    """Of ``(role, text)`` messages, the last user message with text is the question; the earlier ones
    are the conversation, each with the assistant's reply after it (its text before the sources),
    which a follow-up may refer to ("When was it written?"). Other roles are no turn."""
    exchanges: list[Exchange] = []
    for role, text in messages:
        if role == "user" and text.strip():
            exchanges.append(Exchange(text.strip()))
        elif role == "assistant" and exchanges and text.strip():
            reply = text.split(SOURCES_HEADING, 1)[0].strip()
            exchanges[-1] = Exchange(exchanges[-1].question, f"{exchanges[-1].answer} {reply}".strip())
    if not exchanges:
        raise ApiError(400, f"{param}: no user message with text to answer", param=param)
    return exchanges[-1].question, exchanges[:-1]


SOURCES_HEADING = "\n\nSources:\n"


def sources_text(answer: Answer) -> str:
    """The numbered sources, appended to the reply text for clients that show only text."""
    if not answer.citations:
        return ""
    lines: list[str] = []
    for cited in answer.citations_by_marker():  # two quotes of one passage share its marker
        spans = ", ".join(f"{c.start}-{c.end}" for c in cited)
        lines.append(f"[{cited[0].marker}] {cited[0].title} — {cited[0].source}:{spans}")
    return SOURCES_HEADING + "\n".join(lines)


def reply_text(answer: Answer) -> str:
    return answer.answer + sources_text(answer)


def extras(answer: Answer) -> dict[str, Any]:
    """The structured fields every reply carries beside the OpenAI ones."""
    return {
        "short_answer": answer.short_answer,
        "citations": [c.model_dump() for c in answer.citations],
        "verification": {
            "backend": answer.backend,
            "abstained": answer.abstained,
            "supported_rate": answer.supported_rate,
            "dropped_markers": answer.dropped_markers,
            "fallback_from": answer.fallback_from,
            "sentences": [s.model_dump() for s in answer.sentences],
        },
    }


def answer_error(error: Exception, input_param: str = "messages") -> ApiError:
    """An error of the engine while answering, as the API reports it (before or during the answer);
    ``input_param`` is the request field that holds the conversation."""
    if isinstance(error, BackendUnavailableError):
        return ApiError(503, str(error), "server_error", "backend_unavailable")
    if isinstance(error, ChromaUnavailableError):
        return ApiError(503, str(error), "server_error", "store_unavailable")
    if isinstance(error, QuestionTooLongError):  # the question, or the conversation it condenses
        return ApiError(400, f"{input_param}: {error}", code="context_length_exceeded", param=input_param)
    if isinstance(error, ValueError):
        return ApiError(400, str(error))
    return ApiError(500, f"internal error: {type(error).__name__}: {error}", "server_error")


ANSWER_ERRORS = (BackendUnavailableError, ChromaUnavailableError, QuestionTooLongError, ValueError)

Finish = Literal["stop", "length"]


def started_answer(
    engine: CorpusChat, question: str, history: Sequence[Exchange], backend: str, input_param: str
) -> Iterator[str | Answer]:
    """The engine's answer events, started: errors of retrieval, packing and the model's first token
    surface here, as the API reports them (``input_param`` holds the conversation)."""
    try:
        events = engine.stream(question, history=history, backend=backend)
        first = next(events)
    except ANSWER_ERRORS as error:
        raise answer_error(error, input_param) from None
    return chain([first], events)


def finished_answer(events: Iterator[str | Answer], input_param: str) -> Answer:
    """The answer that ends started events, for a reply not streamed (the model can still fail)."""
    try:
        return [event for event in events if isinstance(event, Answer)][-1]
    except ANSWER_ERRORS as error:
        raise answer_error(error, input_param) from None


def whole_reply(answer: Answer, limit: int | None, count: TokenCounter) -> tuple[str, Finish]:
    """The reply text of an answer that is not streamed, cut at the last word within ``limit`` tokens."""
    text = reply_text(answer)
    if limit and count(text) > limit:
        return truncated(text, limit, count), "length"
    return text, "stop"


@dataclass
class ReplyEnd:
    """How a streamed reply ended; ``answer`` is None when the answer failed after a cut at the limit
    (the client has its text up to the limit, so the reply ends there without the sources)."""

    finish: Finish
    answer: Answer | None


def reply_pieces(
    events: Iterator[str | Answer], count: TokenCounter, limit: int | None
) -> Iterator[str | ReplyEnd]:
    """The reply's text as the engine streams it, then its sources (and the verified text when
    verification changed what was streamed), then one :class:`ReplyEnd`. Past ``limit`` tokens the
    text stops at a word and the reply ends with "length" once the answer is there: its structured
    fields stay whole. An error of the engine propagates, unless the reply was already cut."""
    streamed: list[str] = []

    def within_limit(item: str) -> str | None:
        """``item`` cut where the reply reaches ``limit`` tokens; None when it fits whole."""
        sent = "".join(streamed)
        if limit is None or count(sent + item) <= limit:
            return None
        return truncated(sent + item, limit, count)[len(sent) :]

    answer: Answer | None = None
    cut_off = False  # past the limit: the rest is not sent, but the answer is waited for (its sources)
    # The whitespace that ends the text so far goes out with the next word, so that a reply cut at the
    # limit (or ended) ends at a word, as the reply without streaming does.
    held = ""
    try:
        for item in events:
            if isinstance(item, Answer):
                answer = item
                continue
            if item and not cut_off:
                item = held + item
                if (cut := within_limit(item)) is not None:
                    cut_off, item = True, cut
                text = item.rstrip()
                held = item[len(text) :]
                streamed.append(text)
                if text:
                    yield text
    except Exception as error:
        if not cut_off:
            raise
        logger.warning("an answer failed after its reply was cut at the token limit: %s", error)
        yield ReplyEnd("length", None)
        return
    assert answer is not None
    if cut_off:
        yield ReplyEnd("length", answer)
        return
    tail = sources_text(answer)
    text = "".join(streamed).strip()
    if answer.answer.strip() != text:
        label = "\n\nVerified answer: " if text else ""
        tail = f"{label}{answer.answer}{tail}"
    finish: Finish = "stop"
    if tail and (cut := within_limit(tail)) is not None:
        tail, finish = cut, "length"
    if tail:
        yield tail
    yield ReplyEnd(finish, answer)

"""corpus-chat as an OpenAI-compatible "model": ``POST /v1/chat/completions`` and ``GET /v1/models``
(and the Responses API, :mod:`rag.responses_api`).

Any OpenAI client or chat front end can talk to it. The last user message is the question and the
earlier user messages are the conversation (system prompts are ignored: the answer prompt is ours).
Each back end is a model: ``corpus-chat`` is the configured default, ``corpus-chat/<backend>`` a
specific one. Replies list their sources in the text and carry them structured in two extra fields:
``citations`` (as in ``rag ask --json``) and ``verification`` (per-sentence support).

``POST /v1/ingest`` (no body, or ``{"rebuild": true}``) re-indexes the configured corpus folder in the
background while the server goes on answering (what the Corpus tab's re-scan does, for scripts: copy
files into the folder, then call it); ``GET /v1/ingest`` reports the last ingest's progress and result.
Same API keys as the chat.
"""

import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic_core import PydanticCustomError

from rag.config import Settings
from rag.llm import TokenCounter, wordpiece_counter
from rag.openai_replies import (
    ANSWER_ERRORS,
    MODEL,
    ApiError,
    Finish,
    OpenAIRequest,
    ReplyEnd,
    answer_error,
    backend_for,
    check_text_output,
    extras,
    finished_answer,
    model_ids,
    question_and_history,
    reply_pieces,
    started_answer,
    unsupported,
    whole_reply,
)
from rag.responses_api import add_responses_routes
from rag.schema import Answer
from rag.service import CorpusChat, FolderMismatchError

logger = logging.getLogger(__name__)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None

    @field_validator("content", mode="wrap")
    @classmethod
    def _content_form(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """One error naming ``content`` for a value of neither form, not one per member of the union
        under names that are no field ("messages.0.content.str")."""
        try:
            return handler(value)
        except ValidationError:
            raise PydanticCustomError(
                "content_type", "Input should be a string or a list of content parts (objects)"
            ) from None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool | None = False


class ChatRequest(OpenAIRequest):
    """The request fields corpus-chat reads; the others (temperature, stop, ...) are accepted and ignored:
    answers come from the corpus and the configured back end's settings. Fields whose contract a
    corpus answer cannot keep (several choices, JSON output, a forced tool call, log probabilities, audio)
    are refused with a 400 instead of being silently ignored (:func:`_check_supported`)."""

    model: str = MODEL
    messages: list[ChatMessage]
    stream: bool | None = False  # OpenAI's nullable fields: null means the default
    stream_options: StreamOptions | None = None
    n: int | None = None
    response_format: dict[str, Any] | None = None
    tool_choice: str | dict[str, Any] | None = None
    logprobs: bool | None = None
    modalities: list[str] | None = None
    audio: dict[str, Any] | None = None
    max_tokens: int | None = Field(None, ge=1)
    max_completion_tokens: int | None = Field(None, ge=1)
    presence_penalty: float | None = Field(None, ge=-2, le=2)
    frequency_penalty: float | None = Field(None, ge=-2, le=2)

    @property
    def token_limit(self) -> int | None:
        """The reply's length limit in tokens (``max_completion_tokens``, or the older ``max_tokens``)."""
        return self.max_completion_tokens or self.max_tokens


def _check_supported(request: ChatRequest) -> None:
    """Refuse what corpus-chat cannot honour; everything else not read is ignored."""
    if request.n not in (None, 1):
        raise unsupported("n", "corpus-chat returns one choice; only n=1 is supported")
    check_text_output(
        "response_format", (request.response_format or {}).get("type", "text"), request.tool_choice
    )
    if request.logprobs:
        raise unsupported("logprobs", "log probabilities are not available from corpus-chat")
    if set(request.modalities or ()) - {"text"}:
        raise unsupported("modalities", "corpus-chat answers in text only; only ['text'] is supported")
    if request.audio is not None:
        raise unsupported("audio", "audio output is not available: answers are cited text")


def _field(loc: tuple[int | str, ...]) -> str:
    """The field a validation error is about, as OpenAI names a param ("messages.0.content"); "body"
    for the request body itself (missing, or not a JSON object)."""
    return ".".join(map(str, loc[1:])) or str(loc[0])


def _reason(error: Any) -> str:
    """A validation error's reason; a field the request may not carry is "unknown field" (pydantic's
    "Extra inputs are not permitted")."""
    return "unknown field" if error["type"] == "extra_forbidden" else str(error["msg"])


class IngestRequest(BaseModel):
    """The body ``POST /v1/ingest`` accepts (none at all is the same as ``{}``). The folder is always the
    server's corpus folder: a client never chooses what the server reads."""

    model_config = ConfigDict(extra="forbid")

    rebuild: StrictBool = False
    """Embed every document into a new index that takes the old one's place once complete (``rag ingest
    --rebuild``): what indexing a corpus folder other than the one the index mirrors takes."""


@dataclass
class IngestJob:
    """One ingest of the corpus folder started through the API, as ``GET /v1/ingest`` shows it."""

    rebuild: bool = False
    id: str = field(default_factory=lambda: f"ingest-{uuid.uuid4().hex[:12]}")
    status: Literal["running", "succeeded", "failed"] = "running"
    started_at: float = field(default_factory=time.time)
    finished_at: float | None = None
    files_done: int = 0
    files_total: int = 0
    report: dict[str, Any] | None = None
    failed_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def view(self) -> dict[str, Any]:
        end = self.finished_at or time.time()
        return {
            "object": "ingest",
            "id": self.id,
            "status": self.status,
            "rebuild": self.rebuild,
            "started_at": int(self.started_at),
            "finished_at": int(self.finished_at) if self.finished_at else None,
            "seconds": round(end - self.started_at, 2),
            "progress": {"files_done": self.files_done, "files_total": self.files_total},
            "report": self.report,
            "failed_files": self.failed_files,
            "warnings": self.warnings,
            "error": self.error,
        }


class IngestRunner:
    """Runs at most one API-started ingest at a time, in a background thread; asking again while one
    runs returns that one, or a 409 if it asked for the other kind (a rebuild or not). (The engine
    also serialises it with ingests from the UI.)"""

    def __init__(self, engine: CorpusChat) -> None:
        self.engine = engine
        self.current: IngestJob | None = None
        self._lock = threading.Lock()

    def start(self, rebuild: bool) -> IngestJob:
        with self._lock:
            running = self.current if self.current is not None and self.current.status == "running" else None
            if running is not None and running.rebuild != rebuild:
                raise ApiError(
                    409,
                    f"rebuild: ingest {running.id} (rebuild {str(running.rebuild).lower()}) is running; "
                    "ask again once it has finished",
                    code="ingest_running",
                    param="rebuild",
                )
            if running is not None:
                return running
            job = self.current = IngestJob(rebuild)
        threading.Thread(target=self._run, args=(job,), name=job.id, daemon=True).start()
        return job

    def _run(self, job: IngestJob) -> None:
        def progress(done: int, total: int, _: str) -> None:
            job.files_done, job.files_total = done, total

        try:
            report = self.engine.ingest(on_progress=progress, rebuild=job.rebuild)
        except FolderMismatchError as error:  # the CLI's advice (--rebuild), worded for the API
            advice = f'POST /v1/ingest {{"rebuild": true}} indexes {error.folder} in its place'
            job.error, job.status = f"{type(error).__name__}: {error.problem}; {advice}", "failed"
        except Exception as error:  # reported through GET /v1/ingest: the server must go on
            job.error, job.status = f"{type(error).__name__}: {error}", "failed"
        else:
            job.report, job.failed_files, job.warnings = report.summary(), report.failed, report.warnings
            job.status = "succeeded"
        job.finished_at = time.time()


def key_check(settings: Settings) -> Callable[[str], bool] | None:
    """Whether a token is one of the ``api_keys`` (compared in constant time; an empty token never is);
    None when no key is set."""
    keys = [k.get_secret_value().encode() for k in settings.api_keys]
    if not keys:
        return None
    return lambda token: bool(token) and any(secrets.compare_digest(token.encode(), key) for key in keys)


def _require_key(settings: Settings):
    """A dependency that checks ``Authorization: Bearer <key>`` against the ``api_keys`` setting."""
    is_key = key_check(settings)

    def check(request: Request) -> None:
        if is_key is None:
            return
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not is_key(token):
            raise ApiError(
                401, "invalid or missing API key (Authorization: Bearer <key>)", "authentication_error"
            )

    return check


def _same_origin(request: Request) -> None:
    """Refuse requests a browser sends from another site's page: a form posted there needs no CORS
    preflight, and on loopback without keys it would otherwise start an ingest. SDKs and curl send no
    ``Origin``; the web app is same-origin."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise ApiError(403, f"cross-site request from {origin} refused", "permission_error", "cross_site")


class RequestIds:
    """Gives every response an ``x-request-id`` header, as OpenAI's API does: the openai SDK keeps it
    as ``_request_id`` for a user to quote when something went wrong, and the server's log can be
    searched for it. Plain ASGI, so streamed answers pass through untouched."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = f"req_{uuid.uuid4().hex}".encode()

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id)]
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_api(engine: CorpusChat, settings: Settings) -> FastAPI:
    """The FastAPI app with the ``/v1`` routes; ``ui.server`` mounts the Gradio UI beside them."""
    app = FastAPI(title="corpus-chat", docs_url="/v1/docs", openapi_url="/v1/openapi.json")
    app.add_middleware(RequestIds)
    started = int(time.time())
    count = wordpiece_counter(settings.embedding_model)
    auth = [Depends(_same_origin), Depends(_require_key(settings))]
    ingests = IngestRunner(engine)

    @app.exception_handler(ApiError)
    def api_error(_: Request, error: ApiError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = error.errors()
        if errors and errors[0]["type"] == "json_invalid":  # loc is ("body", character position)
            reason = errors[0].get("ctx", {}).get("error", "")
            message = f"the request body is not valid JSON (character {errors[0]['loc'][-1]}): {reason}"
            param = None
        else:
            message = "; ".join(f"{_field(e['loc'])}: {_reason(e)}" for e in errors)
            param = _field(errors[0]["loc"])
        return JSONResponse(ApiError(400, message, param=param).body(), status_code=400)

    @app.get("/v1/models", dependencies=auth)
    def list_models() -> dict[str, Any]:
        data = [
            {"id": i, "object": "model", "created": started, "owned_by": MODEL} for i in model_ids(engine)
        ]
        return {"object": "list", "data": data}

    @app.get("/v1/models/{model_id:path}", dependencies=auth)
    def retrieve_model(model_id: str) -> dict[str, Any]:
        if model_id not in model_ids(engine):
            backend_for(engine, model_id)  # raises the 404 model_not_found
        return {"id": model_id, "object": "model", "created": started, "owned_by": MODEL}

    @app.post("/v1/ingest", dependencies=auth, status_code=202)
    def start_ingest(request: IngestRequest | None = None) -> dict[str, Any]:
        """Mirror the server's corpus folder into the index in the background (new and changed files
        are embedded, removed ones pruned; ``{"rebuild": true}`` embeds every one into a new index);
        poll ``GET /v1/ingest`` for the outcome."""
        return ingests.start(request is not None and request.rebuild).view()

    @app.get("/v1/ingest", dependencies=auth)
    def ingest_status() -> dict[str, Any]:
        if ingests.current is None:
            raise ApiError(404, "no ingest was started through the API since the server started")
        return ingests.current.view()

    @app.post("/v1/chat/completions", dependencies=auth, response_model=None)
    def chat_completions(request: ChatRequest) -> dict[str, Any] | StreamingResponse:
        backend = backend_for(engine, request.model)
        _check_supported(request)
        question, history = question_and_history([(m.role, m.text) for m in request.messages], "messages")
        prompt_tokens = sum(count(m.text) for m in request.messages)
        completion_id = f"chatcmpl-{uuid.uuid4().hex}"
        events = started_answer(engine, question, history, backend, "messages")
        if request.stream:
            include_usage = bool(request.stream_options and request.stream_options.include_usage)
            chunks = _chunks(
                completion_id,
                request.model,
                events,
                prompt_tokens,
                count,
                include_usage,
                request.token_limit,
            )
            return StreamingResponse(chunks, media_type="text/event-stream")
        answer = finished_answer(events, "messages")
        text, finish = whole_reply(answer, request.token_limit, count)
        return {
            "id": completion_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
            "usage": _usage(prompt_tokens, count(text)),
            **extras(answer),
        }

    add_responses_routes(app, engine, count, auth)
    routes = [(r.path_regex, r.methods) for r in app.routes if isinstance(r, APIRoute)]

    @app.api_route(
        "/v1/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def unknown_route(request: Request) -> JSONResponse:
        """Anything else under /v1 answers in OpenAI's shape (not the Gradio app's 404 at /)."""
        path, method = request.url.path, request.method
        allowed = sorted({m for regex, methods in routes if regex.match(path) for m in methods or ()})
        if allowed:
            raise ApiError(
                405, f"Invalid method for URL ({method} {path})", headers={"Allow": ", ".join(allowed)}
            )
        raise ApiError(404, f"Invalid URL ({method} {path})")

    return app


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }


def _chunks(
    completion_id: str,
    model: str,
    events: Iterator[str | Answer],
    prompt_tokens: int,
    count: TokenCounter,
    include_usage: bool,
    limit: int | None = None,
) -> Iterator[str]:
    """Server-sent events: role, the reply's pieces (:func:`reply_pieces`), a closing chunk with the
    finish reason and the extra fields, usage, ``[DONE]``."""
    created = int(time.time())

    def event(delta: dict[str, Any], finish: Finish | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
        usage = {"usage": None} if include_usage else {}  # OpenAI: null on all but the usage chunk
        return f"data: {json.dumps({**body, 'choices': [choice], **usage, **extra})}\n\n"

    yield event({"role": "assistant", "content": ""})
    sent: list[str] = []
    try:
        for piece in reply_pieces(events, count, limit):
            if isinstance(piece, ReplyEnd):
                end = piece
                break
            sent.append(piece)
            yield event({"content": piece})
    except Exception as error:  # the status line is sent: report it in the stream, as OpenAI does
        failure = answer_error(error)
        if not isinstance(error, ANSWER_ERRORS):
            logger.exception("chat completion %s failed mid-stream", completion_id)
        yield f"data: {json.dumps(failure.body())}\n\n"
        yield "data: [DONE]\n\n"
        return
    yield event({}, end.finish, **(extras(end.answer) if end.answer else {}))
    if include_usage:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model}
        usage = _usage(prompt_tokens, count("".join(sent)))
        yield f"data: {json.dumps({**body, 'choices': [], 'usage': usage})}\n\n"
    yield "data: [DONE]\n\n"

"""Chat models for the generative back ends, with their context window and a token counter.

``openai`` is any OpenAI-compatible server through ``langchain-openai``. ``llamacpp`` runs a GGUF file
in-process through ``llama-cpp-python`` (the optional extra ``corpus-chat[llamacpp]``), imported only
when that back end is used.
"""

import math
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.exceptions import ContextOverflowError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.utils import convert_to_openai_messages
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr, SecretStr

from index.embeddings import resolve_model_path
from rag.config import Settings

TokenCounter = Callable[[str], int]
# The openai back end cannot see the served model's tokenizer: it counts with the embedding model's
# WordPiece tokenizer plus this share. On 201 eval-set documents Gemma's SentencePiece tokenizer gave
# 1.06x the WordPiece count at the median, 1.17x at the 95th percentile (1.35x at most).
APPROXIMATION_MARGIN = 0.2


class BackendUnavailableError(RuntimeError):
    """A back end that is not configured or not installed; the message says what to do."""


@dataclass(frozen=True)
class LLM:
    """A chat model and what context packing needs to know about it."""

    model: BaseChatModel
    context_window: int
    count_tokens: TokenCounter
    endpoint: str
    """Where the model is, for its errors to name: the server's base URL, or the GGUF file."""


@contextmanager
def _overflow_as_error() -> Iterator[None]:
    """llama-cpp-python's ValueError for a prompt over the context window as LangChain's error for it,
    which the back ends report as a question too long (not as a crash)."""
    try:
        yield
    except ValueError as error:
        if "exceed context window" not in str(error):
            raise
        raise ContextOverflowError(str(error)) from None


class LlamaCppChatModel(BaseChatModel):
    """A GGUF model run in-process by llama-cpp-python, through the chat template stored in the file."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    chat_format: str | None = None
    max_tokens: int = 384
    temperature: float = 0.0
    _llama: Any = PrivateAttr(None)
    # One llama.cpp context serves one generation at a time; concurrent requests queue here.
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "llamacpp-in-process"

    @property
    def llama(self) -> Any:
        """The loaded ``llama_cpp.Llama`` (loaded on first use)."""
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(
                model_path=self.model_path,
                n_ctx=self.n_ctx,
                n_threads=self.n_threads,
                chat_format=self.chat_format,
                verbose=False,
            )
        return self._llama

    def count_tokens(self, text: str) -> int:
        """Exact: the model's own tokenizer."""
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> dict[str, Any]:
        return {
            "messages": convert_to_openai_messages(messages),
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop or [],
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._lock, _overflow_as_error():
            result = self.llama.create_chat_completion(**self._request(messages, stop, **kwargs))
        choice, usage = result["choices"][0], result["usage"]
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata={
                "input_tokens": usage["prompt_tokens"],
                "output_tokens": usage["completion_tokens"],
                "total_tokens": usage["total_tokens"],
            },
            response_metadata={"model_name": self.model_path, "finish_reason": choice["finish_reason"]},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with self._lock, _overflow_as_error():
            for part in self.llama.create_chat_completion(
                **self._request(messages, stop, **kwargs), stream=True
            ):
                choice = part["choices"][0]
                text = choice["delta"].get("content") or ""
                finished = choice.get("finish_reason")
                chunk = ChatGenerationChunk(
                    message=AIMessageChunk(
                        content=text,
                        chunk_position="last" if finished else None,
                        response_metadata={"finish_reason": finished} if finished else {},
                    )
                )
                if run_manager and text:
                    run_manager.on_llm_new_token(text, chunk=chunk)
                yield chunk


@cache
def wordpiece_counter(embedding_model: str) -> TokenCounter:
    """Token counts by the embedding model's tokenizer, loaded from disk like the model itself."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(resolve_model_path(embedding_model)), local_files_only=True)

    def count(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    return count


def _approximate(counter: TokenCounter) -> TokenCounter:
    return lambda text: math.ceil(counter(text) * (1 + APPROXIMATION_MARGIN))


# "o4-mini", "openai/o3", "gpt-5-mini", "gpt-5.1"; not "gpt-5-chat-latest", which does not reason.
_REASONING_MODEL = re.compile(r"(?:^|/)(?:o\d|gpt-5(?!.*chat))")


def _reads_legacy_max_tokens(settings: Settings) -> bool:
    """Whether the server needs ``max_tokens`` beside ``max_completion_tokens``: llama-cpp-python's
    server (and older Ollama) read only the legacy field, while OpenAI (and Azure OpenAI) refuse it for
    their reasoning models, even when their URL is given as the base URL."""
    if not settings.openai_base_url:
        return False
    host = urlsplit(settings.openai_base_url).hostname or ""
    return not host.endswith((".openai.com", ".openai.azure.com"))


def _openai(settings: Settings) -> LLM:
    from langchain_openai import ChatOpenAI

    if not settings.openai_model:
        raise BackendUnavailableError(
            "backend 'openai': set openai_model (RAG_OPENAI_MODEL) to a model the server serves"
        )
    # Local servers (llama.cpp, Ollama, vLLM) take any key; OpenAI itself needs a real one.
    key = settings.openai_api_key or SecretStr(os.environ.get("OPENAI_API_KEY", "unused"))
    # OpenAI's reasoning models refuse any temperature but their own, and spend part of the token
    # limit on reasoning the reply does not show.
    reasoning = _REASONING_MODEL.search(settings.openai_model) is not None
    max_tokens = settings.llm_max_tokens + (settings.llm_reasoning_tokens if reasoning else 0)
    model = ChatOpenAI(
        model=settings.openai_model,
        base_url=settings.openai_base_url,
        api_key=key,
        temperature=None if reasoning else settings.llm_temperature,
        max_tokens=max_tokens,
        extra_body={"max_tokens": max_tokens} if _reads_legacy_max_tokens(settings) else None,
        timeout=settings.llm_timeout,
        max_retries=1,
    )
    counter = _approximate(wordpiece_counter(settings.embedding_model))
    # The URL the client really uses: the setting, else OPENAI_BASE_URL or OpenAI's own.
    endpoint = str(model.root_client.base_url).rstrip("/")
    return LLM(model, settings.openai_context_window, counter, endpoint)


def _llamacpp(settings: Settings) -> LLM:
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        raise BackendUnavailableError(
            "backend 'llamacpp' needs llama-cpp-python: pip install 'corpus-chat[llamacpp]'"
        ) from None
    path = settings.llamacpp_model_path
    if path is None or not path.is_file():
        raise BackendUnavailableError(
            f"backend 'llamacpp': llamacpp_model_path ({path}) must name a GGUF file "
            "(RAG_LLAMACPP_MODEL_PATH)"
        )
    model = LlamaCppChatModel(
        model_path=str(path),
        n_ctx=settings.llamacpp_n_ctx,
        n_threads=settings.llamacpp_threads,
        chat_format=settings.llamacpp_chat_format,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
    )
    return LLM(model, settings.llamacpp_n_ctx, model.count_tokens, str(path))


_FACTORIES: dict[str, Callable[[Settings], LLM]] = {"openai": _openai, "llamacpp": _llamacpp}
GENERATIVE_BACKENDS = tuple(_FACTORIES)


def build_llm(name: str, settings: Settings) -> LLM:
    """The chat model of generative back end ``name``."""
    if name not in _FACTORIES:
        raise BackendUnavailableError(
            f"backend '{name}': unknown (known: extractive, {', '.join(_FACTORIES)})"
        )
    return _FACTORIES[name](settings)

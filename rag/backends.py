"""Answer back ends, chosen by name: the embedded extractive default and the generative LLMs."""

from langchain_core.embeddings import Embeddings

from rag.chain import Answerer
from rag.config import Settings
from rag.extractive import ExtractiveAnswerer


class BackendUnavailableError(RuntimeError):
    """A back end that is not configured or not installed; the message says what to do."""


def configured_backends(settings: Settings) -> list[str]:
    """Back ends a request may choose: the configured one first, extractive always."""
    names = [settings.backend, "extractive"]
    return list(dict.fromkeys(names))


def build_answerer(name: str, settings: Settings, embeddings: Embeddings) -> Answerer:
    """The answerer called ``name``."""
    if name == "extractive":
        return ExtractiveAnswerer(
            embeddings,
            min_relevance=settings.min_relevance,
            max_sentences=settings.max_answer_sentences,
        )
    raise BackendUnavailableError(f"backend '{name}': not available in this build")

"""Answer back ends, chosen by name: the embedded extractive default and the generative LLMs.

Every back end's answers carry per-sentence verification, so the answer schema is the same whichever
answered. The extractive answer quotes its passages and is supported by construction; checking it
anyway keeps one code path and measures the checker on answers known to be faithful.
"""

from collections.abc import Iterator

from langchain_core.embeddings import Embeddings

from rag.chain import Answerer
from rag.config import Settings
from rag.extractive import ExtractiveAnswerer
from rag.followup import Rewriter
from rag.generative import GenerativeAnswerer
from rag.llm import BackendUnavailableError, build_llm
from rag.schema import Answer, Passage
from rag.verify import verify_extractive

__all__ = ["BackendUnavailableError", "build_answerer", "configured_backends", "query_rewriter"]


class VerifiedExtractive:
    """The extractive answerer, its final answers checked sentence by sentence against their citations."""

    def __init__(self, inner: ExtractiveAnswerer, embeddings: Embeddings, min_support: float) -> None:
        self.inner = inner
        self.name = inner.name
        self.embeddings = embeddings
        self.min_support = min_support

    def _verified(self, answer: Answer) -> Answer:
        return verify_extractive(answer, self.embeddings, self.min_support)

    def __call__(self, question: str, passages: list[Passage]) -> Answer:
        return self._verified(self.inner(question, passages))

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        for event in self.inner.stream(question, passages):
            yield self._verified(event) if isinstance(event, Answer) else event


def configured_backends(settings: Settings) -> list[str]:
    """Back ends a request may choose: the configured one first, extractive always."""
    names = [settings.backend, "extractive"]
    return list(dict.fromkeys(names))


def build_answerer(name: str, settings: Settings, embeddings: Embeddings) -> Answerer:
    """The answerer called ``name``; the generative ones fall back to the extractive one."""
    extractive = VerifiedExtractive(
        ExtractiveAnswerer(
            embeddings,
            min_relevance=settings.min_relevance,
            max_sentences=settings.max_answer_sentences,
            semantic_weight=settings.semantic_weight,
        ),
        embeddings,
        settings.min_support,
    )
    if name == "extractive":
        return extractive
    return GenerativeAnswerer(name, build_llm(name, settings), embeddings, settings, fallback=extractive)


def query_rewriter(answerer: Answerer) -> Rewriter | None:
    """The LLM's follow-up condenser when ``answerer`` has a model behind it."""
    return answerer.condense if isinstance(answerer, GenerativeAnswerer) else None

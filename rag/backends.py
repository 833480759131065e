"""Answer back ends, chosen by name: the embedded extractive default and the generative LLMs.

Every back end's answers carry per-sentence verification, so the answer schema is the same whichever
answered. The extractive answer quotes its passages: its check is exact containment of each quote in
the cited passage (:func:`rag.verify.verify_extractive`); generated answers get the similarity checker.
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

    def __init__(self, inner: ExtractiveAnswerer) -> None:
        self.inner = inner
        self.name = inner.name

    def __call__(self, question: str, passages: list[Passage], context: str | None = None) -> Answer:
        return verify_extractive(self.inner(question, passages, context))

    def stream(
        self, question: str, passages: list[Passage], context: str | None = None
    ) -> Iterator[str | Answer]:
        for event in self.inner.stream(question, passages, context):
            yield verify_extractive(event) if isinstance(event, Answer) else event


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
            min_similarity=settings.min_similarity,
            max_sentences=settings.max_answer_sentences,
            semantic_weight=settings.semantic_weight,
        )
    )
    if name == "extractive":
        return extractive
    return GenerativeAnswerer(name, build_llm(name, settings), embeddings, settings, fallback=extractive)


def query_rewriter(answerer: Answerer) -> Rewriter | None:
    """The LLM's follow-up condenser when ``answerer`` has a model behind it."""
    return answerer.condense if isinstance(answerer, GenerativeAnswerer) else None

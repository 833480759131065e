"""Reranking by the best sentence: a measured stand-in for a cross-encoder.

No PyPI package carries cross-encoder weights that could be loaded offline, so candidates are reranked
with the embedding model at sentence granularity: a passage scores as its best sentence against the
query (:mod:`rag.scoring`), blended with its first-stage retrieval score. A question usually targets one
sentence, and a whole-chunk embedding dilutes it among the others. As the answerer does, a sentence
that says something the question asks is credited with the words of its document's title
(:func:`rag.scoring.coverage`): for "Who is the photographer at Anika and Tom's wedding?", the running
order's "Supplier: Photographer | ... | Contact: Becca Ward" counts the names its title gives ("Anika &
Tom's wedding: running order"); a sentence that only repeats the names says nothing asked.
"""

from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from index import sentence_vectors
from index.sentences import split_sentences
from rag.qualifiers import document_identity, other_members
from rag.retrieval import diversify, document_source
from rag.scoring import SentenceScorer


class SentenceRerankRetriever(BaseRetriever):
    """Takes ``depth`` candidates from ``base`` and returns the ``k`` best by best-sentence score."""

    base: BaseRetriever
    scorer: SentenceScorer
    k: int = 5
    depth: int = 12
    retrieval_weight: float = 0.2
    """Share of the first-stage score (0..1) in the final score."""
    max_per_source: int = 0
    """Prefer at most this many chunks of one document (see :func:`rag.retrieval.diversify`)."""
    diversity_ratio: float = 0.0
    """A document's further chunk still goes first when the next one scores below this share of its
    score (see :func:`rag.retrieval.diversify`)."""

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        focus: str | None = None,
    ) -> list[Document]:
        """The ``k`` best of ``depth`` candidates retrieved for ``query``, ranked by how well their
        sentences answer ``focus`` (default: ``query``)."""
        k = k or self.k
        candidates = self.base.invoke(
            query, {"callbacks": run_manager.get_child()}, k=max(self.depth, k), where=where
        )
        if not candidates:
            return []
        sentences, owners, vectors = self._sentences(candidates)
        best = [0.0] * len(candidates)
        titles = [str(candidates[o].metadata.get("title", "")) for o in owners]
        scores = self.scorer.score_parts(focus or query, sentences, vectors, titles)[0]
        for owner, score in zip(owners, scores, strict=True):
            best[owner] = max(best[owner], float(score))
        first_stage = [float(doc.metadata.get("score", 0.0)) for doc in candidates]
        top = max(first_stage) or 1.0  # BM25 scores are unbounded: scale to 0..1
        weight = self.retrieval_weight
        scored = [((1 - weight) * best[i] + weight * first_stage[i] / top, i) for i in range(len(candidates))]
        scored = _by_series(focus or query, candidates, scored)
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        reranked = [
            Document(
                id=candidates[i].id,
                page_content=candidates[i].page_content,
                metadata={
                    **candidates[i].metadata,
                    "score": score,
                    "retrieval_score": candidates[i].metadata.get("score", 0.0),
                },
            )
            for score, i in scored
        ]
        return diversify(reranked, k, self.max_per_source, document_source, _score, self.diversity_ratio)

    @staticmethod
    def _sentences(candidates: list[Document]) -> tuple[list[str], list[int], list[np.ndarray | None]]:
        """Every candidate's sentences, the candidate each belongs to, and their vectors where the index
        stored them at ingest (None for chunks indexed without them)."""
        sentences: list[str] = []
        owners: list[int] = []
        vectors: list[np.ndarray | None] = []
        for index, document in enumerate(candidates):
            text = document.page_content
            packed = sentence_vectors.unpack(document.metadata)
            spans = packed[0] if packed else [(s.start, s.end) for s in split_sentences(text)]
            sentences.extend(text[start:end] for start, end in spans)
            owners.extend([index] * len(spans))
            vectors.extend(packed[1] if packed else [None] * len(spans))
        return sentences, owners, vectors


# How much of its score a document keeps when it is another member of a series than the question asks
# about (another month's report, another model's data sheet: :func:`rag.qualifiers.other_members`).
_OTHER_MEMBER = 0.5


def _by_series(
    question: str, candidates: list[Document], scored: list[tuple[float, int]]
) -> list[tuple[float, int]]:
    """``scored`` with the candidates of another member of a series than ``question`` asks about
    scored down, so that the member asked gives its further passages first."""
    identities = [document_identity(str(d.metadata.get("title", "")), document_source(d)) for d in candidates]
    other = other_members(question, identities)
    return [(score * _OTHER_MEMBER if other[i] else score, i) for score, i in scored]


def _score(document: Document) -> float:
    return float(document.metadata["score"])

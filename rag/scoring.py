"""How well a sentence answers a question: the score behind reranking, answer selection and abstention.

score = w * cosine(question, sentence) + (1 - w) * coverage, where coverage is the share of the
question's content words (stemmed, stop words removed) that the sentence contains. The embedding side
catches paraphrase; the lexical side rewards the exact names and numbers questions ask about.
"""

import math
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from rag.text import content_terms, question_terms


class SentenceScorer:
    """Scores sentences against a question with one embedding model."""

    def __init__(self, embeddings: Embeddings, semantic_weight: float = 0.6) -> None:
        self.embeddings = embeddings
        self.semantic_weight = semantic_weight

    def score(
        self, question: str, sentences: list[str], known: Sequence[np.ndarray | None] | None = None
    ) -> np.ndarray:
        """One score per sentence, in order. ``known`` holds the sentences' unit vectors where the index
        stored them (None where not): only the others are embedded now."""
        return self.score_parts(question, sentences, known)[0]

    def score_parts(
        self,
        question: str,
        sentences: list[str],
        known: Sequence[np.ndarray | None] | None = None,
        implied: Sequence[str] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(score, similarity)`` per sentence: the blended score and its embedding-similarity part.
        ``implied`` holds what each sentence says without writing it (its document's title), counted in
        its coverage only."""
        if not sentences:
            return np.zeros(0), np.zeros(0)
        vectors = list(known) if known is not None else [None] * len(sentences)
        missing = [i for i, vector in enumerate(vectors) if vector is None]
        if missing:
            embedded = self.embeddings.embed_documents([sentences[i] for i in missing])
            for i, vector in zip(missing, embedded, strict=True):
                vectors[i] = np.asarray(vector)
        semantic = np.stack(vectors) @ np.asarray(self.embeddings.embed_query(question))  # type: ignore[arg-type]
        lexical = coverage(question, sentences, implied)
        blended = self.semantic_weight * semantic + (1 - self.semantic_weight) * lexical
        return blended, semantic

    def own_similarity(self, queries: Sequence[str], sentence: str) -> float:
        """The similarity of ``sentence`` embedded on its own to the queries (their mean)."""
        vector = np.asarray(self.embeddings.embed_documents([sentence])[0])
        return float(np.mean([vector @ np.asarray(self.embeddings.embed_query(q)) for q in queries]))


def coverage(question: str, sentences: list[str], implied: Sequence[str] | None = None) -> np.ndarray:
    """Share of the question's content words (:func:`question_terms`) each sentence contains, each
    word weighted by how rare it is among these sentences (a word every candidate shares tells them
    apart less). A sentence that says something the question asks beyond what it ``implied``ly says
    (its document's title) also contains the words of that: every sentence of a document is about its
    title's subject, so the question's words that name it ("How much is the rent for 14 Rowan
    Terrace?") choose the document, not the sentence that happens to repeat them (the address line); a
    sentence that says nothing else of the question gains nothing by them."""
    terms = question_terms(question)
    if not terms:
        return np.zeros(len(sentences))
    present = [terms & set(content_terms(s)) for s in sentences]
    # the candidates of one document share its title: its terms are read once
    named_by = {subject: terms & set(content_terms(subject)) for subject in set(implied or [])}
    for n, subject in enumerate(implied or []):
        if present[n] - named_by[subject]:
            present[n] |= named_by[subject]
    count = len(sentences)
    weight = {t: math.log(1 + count / (1 + sum(t in p for p in present))) for t in terms}
    total = sum(weight.values())
    return np.array([sum(weight[t] for t in p) / total for p in present])

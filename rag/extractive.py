"""The extractive answerer: the embedded default back end, faithful by construction.

It splits the retrieved passages into sentences, scores each against the question (embedding similarity
blended with the share of the question's content words it contains), and answers with the best few,
each followed by the [n] of the passage it came from. When even the best sentence scores below the
abstention threshold, it says the corpus does not hold the answer.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from index.sentences import split_sentences
from rag.schema import Answer, Citation, Passage
from rag.text import content_terms

NOT_FOUND = "Not found in the corpus: no indexed passage answers this question closely enough."


@dataclass
class Candidate:
    """A sentence of a retrieved passage, with offsets in its document."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float = 0.0


def candidates_from(passages: list[Passage]) -> list[Candidate]:
    """Every sentence of the passages once, best-ranked passage first.

    Overlapping chunks repeat text, and unpunctuated text may be cut differently in each chunk, so a
    sentence that mostly overlaps one already taken from the same document is skipped.
    """
    taken: dict[str, list[tuple[int, int]]] = {}
    out: list[Candidate] = []
    for passage in passages:
        spans = taken.setdefault(passage.source, [])
        for span in split_sentences(passage.text):
            start, end = passage.start + span.start, passage.start + span.end
            if any(min(end, e) - max(start, s) > (end - start) / 2 for s, e in spans):
                continue
            spans.append((start, end))
            out.append(Candidate(passage, start, end, passage.text[span.start : span.end]))
    return out


class ExtractiveAnswerer:
    """Answer with the retrieved sentences that best match the question."""

    name = "extractive"

    def __init__(
        self,
        embeddings: Embeddings,
        min_relevance: float = 0.25,
        max_sentences: int = 2,
        semantic_weight: float = 0.6,
        keep_ratio: float = 0.85,
    ) -> None:
        self.embeddings = embeddings
        self.min_relevance = min_relevance
        self.max_sentences = max_sentences
        self.semantic_weight = semantic_weight
        self.keep_ratio = keep_ratio

    def score(self, question: str, candidates: list[Candidate]) -> None:
        """Set each candidate's score: semantic similarity blended with question-term coverage."""
        if not candidates:
            return
        question_vector = np.asarray(self.embeddings.embed_query(question))
        vectors = np.asarray(self.embeddings.embed_documents([c.text for c in candidates]))
        semantic = vectors @ question_vector
        terms = set(content_terms(question))
        for candidate, similarity in zip(candidates, semantic, strict=True):
            coverage = len(terms & set(content_terms(candidate.text))) / len(terms) if terms else 0.0
            candidate.score = float(self.semantic_weight * similarity + (1 - self.semantic_weight) * coverage)

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        """The best sentence and the runners-up close to it, in reading order."""
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        if not ranked or ranked[0].score < self.min_relevance:
            return []
        floor = max(self.min_relevance, ranked[0].score * self.keep_ratio)
        chosen = [c for c in ranked[: self.max_sentences] if c.score >= floor]
        return sorted(chosen, key=lambda c: (c.passage.rank, c.start))

    def __call__(self, question: str, passages: list[Passage]) -> Answer:
        candidates = candidates_from(passages)
        self.score(question, candidates)
        return compose_answer(question, passages, self.select(candidates), self.name)

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        """The answer text word by word (it is complete at once; streaming keeps one interface for
        every back end), then the structured answer."""
        answer = self(question, passages)
        for match in re.finditer(r"\S+\s*", answer.answer):
            yield match.group()
        yield answer


def compose_answer(question: str, passages: list[Passage], chosen: list[Candidate], backend: str) -> Answer:
    """Write the chosen sentences as the answer, numbering cited passages [1], [2]... in order of use."""
    if not chosen:
        return Answer(question=question, answer=NOT_FOUND, abstained=True, passages=passages, backend=backend)
    markers: dict[str, int] = {}
    parts: list[str] = []
    citations: list[Citation] = []
    for candidate in chosen:
        passage = candidate.passage
        marker = markers.setdefault(passage.chunk_id, len(markers) + 1)
        parts.append(f"{candidate.text} [{marker}]")
        citations.append(
            Citation(
                marker=marker,
                chunk_id=passage.chunk_id,
                source=passage.source,
                title=passage.title,
                page=passage.page,
                start=candidate.start,
                end=candidate.end,
                quote=candidate.text,
            )
        )
    cited = set(markers)
    marked = [p.model_copy(update={"cited": p.chunk_id in cited}) for p in passages]
    return Answer(
        question=question,
        answer=" ".join(parts),
        abstained=False,
        citations=citations,
        passages=marked,
        backend=backend,
    )

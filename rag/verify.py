"""Citation verification: does each sentence of an answer say what the passages it cites say?

An answer is split into sentences, each with the [n] markers that follow it. Markers that name no
retrieved passage are removed and reported. A sentence's support score is the best match between it and
a span (one sentence, or two adjacent ones) of a passage it cites: cosine similarity of their embeddings
blended with the share of the sentence's new content words (those the question does not hold) that the
span contains. No NLI model ships on PyPI,
so this is an overlap-and-similarity check, not entailment: ``scripts/measure_verification.py``
measures how well it separates supported from unsupported sentences.
"""

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from index.sentences import split_sentences
from rag.candidates import candidates_from
from rag.schema import Answer, AnswerSentence, Passage, SupportSpan
from rag.text import content_terms

_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKERS = rf"(?:{_MARKER.pattern})+"
LEADING_MARKERS = re.compile(rf"^{_MARKERS}")
# A marker group followed by the start of a new sentence: "... [1] The next claim".
_MARKERS_THEN_SENTENCE = re.compile(rf"{_MARKERS}(?=\s+[\"“(]?[A-Z])")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
SEMANTIC_WEIGHT = 0.5


def markers_in(text: str) -> list[int]:
    """The [n] numbers of ``text`` in order of appearance, each once ([1][2] and [1, 2] alike)."""
    numbers = (int(n) for match in _MARKER.finditer(text) for n in match.group(1).split(","))
    return list(dict.fromkeys(numbers))


def strip_markers(text: str) -> str:
    """``text`` without its [n] markers."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _MARKER.sub("", text)).strip()


def drop_invalid_markers(text: str, valid: set[int]) -> tuple[str, list[int]]:
    """Remove marker numbers not in ``valid``; returns the new text and the removed numbers."""
    dropped: set[int] = set()

    def keep_valid(match: re.Match[str]) -> str:
        numbers = [int(n) for n in match.group(1).split(",")]
        dropped.update(n for n in numbers if n not in valid)
        kept = [str(n) for n in numbers if n in valid]
        return f" [{', '.join(kept)}]" if kept else ""

    cleaned = _MARKER.sub(keep_valid, text)
    if dropped:
        cleaned = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", cleaned)
    return cleaned.strip(), sorted(dropped)


def split_claims(text: str) -> list[str]:
    """The sentences of an answer, each with the markers that follow it ("Claim. [1]" or "Claim [1].")."""
    claims: list[str] = []
    for span in split_sentences(text, max_chars=len(text) + 1):
        piece = text[span.start : span.end]
        lead = LEADING_MARKERS.match(piece)
        if lead and claims:  # "Claim. [1] Next claim": the [1] belongs to the claim before
            claims[-1] += " " + lead.group().strip()
            piece = piece[lead.end() :].strip()
        start = 0
        for match in _MARKERS_THEN_SENTENCE.finditer(piece):
            claims.append(piece[start : match.end()].strip())
            start = match.end()
        claims.append(piece[start:].strip())
    return [claim for claim in claims if strip_markers(claim)]


@dataclass(frozen=True)
class _Span:
    """A sentence, or two adjacent ones, of a cited passage, with document offsets."""

    marker: int
    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start - self.passage.start : self.end - self.passage.start]


def _spans(marker: int, passage: Passage) -> list[_Span]:
    sentences = candidates_from([passage])
    singles = [_Span(marker, passage, c.start, c.end) for c in sentences]
    pairs = [_Span(marker, passage, a.start, b.end) for a, b in itertools.pairwise(sentences)]
    return singles + pairs


def _coverage(claim_terms: set[str], span_text: str) -> float:
    if not claim_terms:
        return 0.0
    return len(claim_terms & set(content_terms(span_text))) / len(claim_terms)


def _new_terms(claim: str, question: str) -> set[str]:
    """The claim's content words that the question does not already hold: what it asserts.

    Restating the question matches any passage on the topic; the answer's own words must be there.
    """
    terms = set(content_terms(claim))
    return (terms - set(content_terms(question))) or terms


def check_sentences(
    claims: list[str],
    numbered: Mapping[int, Passage],
    embeddings: Embeddings,
    min_support: float,
    question: str = "",
) -> list[AnswerSentence]:
    """Score each claim against the spans of the passages its markers name (markers not in ``numbered``
    are ignored: drop them first with :func:`drop_invalid_markers`)."""
    cited = [[m for m in markers_in(claim) if m in numbered] for claim in claims]
    spans: list[_Span] = []
    by_marker: dict[int, range] = {}
    for marker in dict.fromkeys(m for ms in cited for m in ms):
        group = _spans(marker, numbered[marker])
        by_marker[marker] = range(len(spans), len(spans) + len(group))
        spans.extend(group)
    plain = [strip_markers(claim) for claim in claims]
    claim_vectors = np.asarray(embeddings.embed_documents(plain)) if claims else np.empty((0, 0))
    span_vectors = np.asarray(embeddings.embed_documents([s.text for s in spans])) if spans else None
    out = []
    for claim, text, markers, vector in zip(claims, plain, cited, claim_vectors, strict=True):
        terms = _new_terms(text, question)
        best_score, best_span = 0.0, None
        for i in (i for m in markers for i in by_marker[m]):
            similarity = max(float(span_vectors[i] @ vector), 0.0)  # type: ignore[index]
            score = SEMANTIC_WEIGHT * similarity + (1 - SEMANTIC_WEIGHT) * _coverage(terms, spans[i].text)
            if score > best_score:
                best_score, best_span = score, spans[i]
        support = (
            SupportSpan(
                marker=best_span.marker,
                chunk_id=best_span.passage.chunk_id,
                source=best_span.passage.source,
                start=best_span.start,
                end=best_span.end,
                quote=best_span.text,
            )
            if best_span
            else None
        )
        out.append(
            AnswerSentence(
                text=claim,
                markers=markers,
                supported=best_score >= min_support,
                score=round(best_score, 4),
                support=support,
            )
        )
    return out


def supported_rate(sentences: list[AnswerSentence]) -> float | None:
    """Share of supported sentences; None when there are none."""
    return sum(s.supported for s in sentences) / len(sentences) if sentences else None


def verify_answer(
    answer: Answer,
    numbered: Mapping[int, Passage],
    embeddings: Embeddings,
    min_support: float,
    claims: list[str] | None = None,
) -> Answer:
    """``answer`` with invalid markers removed and every sentence checked against what it cites.

    ``numbered`` maps each valid marker to its passage; ``claims`` is the answer's sentences when the
    caller knows them (default: :func:`split_claims`). An abstention has no sentences to check.
    """
    if answer.abstained:
        return answer
    text, dropped = drop_invalid_markers(answer.answer, set(numbered))
    sentences = check_sentences(
        claims or split_claims(text), numbered, embeddings, min_support, answer.question
    )
    return answer.model_copy(
        update={
            "answer": text,
            "sentences": sentences,
            "dropped_markers": dropped,
            "supported_rate": supported_rate(sentences),
        }
    )


def verify_extractive(answer: Answer) -> Answer:
    """Verify an extractive answer by containment: each sentence is its citation's quote, supported
    (score 1) when the quote is exactly the cited passage's text at the citation's offsets, which is
    then its support. No similarity is needed, so none is computed (query latency)."""
    if answer.abstained:
        return answer
    by_chunk = {p.chunk_id: p for p in answer.passages}
    sentences = []
    for citation in answer.citations:
        passage = by_chunk.get(citation.chunk_id)
        local = slice(citation.start - passage.start, citation.end - passage.start) if passage else None
        exact = passage is not None and local is not None and passage.text[local] == citation.quote
        support = SupportSpan(**citation.model_dump(include=set(SupportSpan.model_fields))) if exact else None
        sentences.append(
            AnswerSentence(
                text=f"{citation.quote} [{citation.marker}]",
                markers=[citation.marker],
                supported=exact,
                score=1.0 if exact else 0.0,
                support=support,
            )
        )
    return answer.model_copy(
        update={"sentences": sentences, "dropped_markers": [], "supported_rate": supported_rate(sentences)}
    )

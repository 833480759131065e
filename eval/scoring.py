"""Scoring one run: per-question metrics for an answer, and the headline summary of a run.

The metric functions themselves live in ``eval.metrics``; this module decides what they are applied to
(which text, which passages, which questions) so that the runner, the reports and the gate agree.

- Retrieval metrics use the ranking retrieved for metrics (``retrieval_depth`` passages, at least 10).
- EM / F1 use ``short_answer`` when the back end gives one, else the answer text without [n] markers;
  answer-contains uses the answer text without markers. An abstention predicts "" (no answer), so on
  an unanswerable question declining scores 1 (the SQuAD v2.0 rule).
- Citation metrics use the full text of the passages the answer cites; ``unsupported_rate`` the
  chain's own sentence-by-sentence verification (``Answer.sentences``, see ``rag.verify``).
- The headline summary takes retrieval, answer and citation metrics over **answerable questions only**;
  abstention covers both kinds, unsupported claims every answered question, latency every question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval.dataset import EvalRecord
from eval.metrics import (
    abstention_summary,
    aggregate,
    answer_contains,
    citation_precision,
    citation_recall,
    exact_match,
    hit_at_k,
    latency_summary,
    mrr_at_k,
    recall_at_k,
    token_f1,
)
from rag.schema import Answer, Passage
from rag.verify import strip_markers

HIT_CUTOFFS = (1, 4, 5, 10)
RECALL_CUTOFFS = (4, 5, 10)
MRR_CUTOFF = 10


@dataclass(frozen=True)
class Metric:
    """A headline metric: its key in the summary and which direction is better."""

    key: str
    higher_is_better: bool = True
    kind: str = "rate"  # "rate" (0..1) or "seconds"


def cutoffs(k: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Hit and recall cut-offs for a run answering with ``k`` passages (``k`` is always included)."""
    return tuple(sorted({*HIT_CUTOFFS, k})), tuple(sorted({*RECALL_CUTOFFS, k}))


def headline_metrics(k: int) -> list[Metric]:
    """The summary metrics of a run answering with ``k`` passages, in report order."""
    hits, recalls = cutoffs(k)
    return [
        *(Metric(f"hit@{c}") for c in hits),
        *(Metric(f"recall@{c}") for c in recalls),
        Metric(f"mrr@{MRR_CUTOFF}"),
        Metric("em"),
        Metric("f1"),
        Metric("contains"),
        Metric("citation_precision"),
        Metric("citation_recall"),
        Metric("unsupported_rate", higher_is_better=False),
        Metric("unanswerable_accuracy"),
        Metric("false_abstention_rate", higher_is_better=False),
        Metric("balanced_accuracy"),
        Metric("latency_median", higher_is_better=False, kind="seconds"),
        Metric("latency_p95", higher_is_better=False, kind="seconds"),
    ]


def unsupported_rate(answer: Answer) -> float | None:
    """Share of the answer's sentences that no passage they cite supports (the chain's verification);
    None when abstaining or when the back end does not verify its answers."""
    if answer.abstained or not answer.sentences:
        return None
    return sum(not sentence.supported for sentence in answer.sentences) / len(answer.sentences)


def prediction(answer: Answer) -> str:
    """The text EM and F1 score: the short answer, else the marker-free answer ("" when abstaining)."""
    if answer.abstained:
        return ""
    return answer.short_answer.strip() or strip_markers(answer.answer)


def outcome(record: EvalRecord, answer: Answer, contains: float, f1: float) -> str:
    """``correct`` / ``quoted`` / ``wrong`` / ``abstained`` for answerable questions, ``declined`` /
    ``answered`` for unanswerable ones. An answerable answer is correct when it contains a reference
    answer and its short answer, if it has one, shares a word with it; ``quoted`` when the quote holds
    the reference but the short answer misses it (F1 0): a comparison then shows short-answer
    regressions too."""
    if not record.answerable:
        return "declined" if answer.abstained else "answered"
    if answer.abstained:
        return "abstained"
    if contains < 1.0:
        return "wrong"
    return "quoted" if answer.short_answer.strip() and f1 == 0.0 else "correct"


GOOD_OUTCOMES = frozenset({"correct", "declined"})


def question_metrics(
    record: EvalRecord, answer: Answer, ranking: Sequence[Passage], k: int
) -> dict[str, float | None]:
    """Every per-question metric of ``answer`` (None where a metric does not apply)."""
    retrieved = [(p.source, p.text) for p in ranking]
    hits, recalls = cutoffs(k)
    metrics: dict[str, float | None] = {}
    for c in hits:
        metrics[f"hit@{c}"] = hit_at_k(retrieved, record.evidence, record.sources, c)
    for c in recalls:
        metrics[f"recall@{c}"] = recall_at_k(retrieved, record.evidence, record.sources, c)
    metrics[f"mrr@{MRR_CUTOFF}"] = mrr_at_k(retrieved, record.evidence, record.sources, MRR_CUTOFF)
    predicted = prediction(answer)
    metrics["em"] = exact_match(predicted, record.golds)
    metrics["f1"] = token_f1(predicted, record.golds)
    metrics["contains"] = answer_contains(
        "" if answer.abstained else strip_markers(answer.answer), record.golds
    )
    cited = [p.text for p in answer.passages if p.cited]
    metrics["citation_precision"] = citation_precision(cited, record.evidence, record.golds)
    metrics["citation_recall"] = None if answer.abstained else citation_recall(cited, record.evidence)
    metrics["unsupported_rate"] = unsupported_rate(answer)
    return metrics


def summarize(rows: Sequence[dict[str, Any]], k: int) -> dict[str, Any]:
    """Aggregate ``results.jsonl`` rows: the flat headline ``summary`` and the detailed breakdowns."""
    flat = [{"type": row["type"], "abstained": row["abstained"], **row["metrics"]} for row in rows]
    everything = aggregate(flat)
    answerable = aggregate([f for f, row in zip(flat, rows, strict=True) if row["answerable"]])["overall"]
    abstention = abstention_summary((row["answerable"], row["abstained"]) for row in rows)
    latency = latency_summary([row["latency"] for row in rows])
    summary: dict[str, Any] = {}
    for metric in headline_metrics(k):
        if metric.key == "unsupported_rate":
            summary[metric.key] = everything["overall"].get(metric.key)
        elif metric.key in abstention:
            summary[metric.key] = abstention[metric.key]
        elif metric.key.startswith("latency_"):
            summary[metric.key] = latency[metric.key.removeprefix("latency_")]
        else:
            summary[metric.key] = answerable.get(metric.key)
    return {
        "summary": summary,
        "overall": everything["overall"],
        "answerable": answerable,
        "by_type": everything["groups"],
        "abstention": abstention,
        "latency": latency,
    }

"""Comparing two runs: per-metric deltas and ratios, and the questions whose outcome changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.runs import RunResult, load_run
from eval.scoring import GOOD_OUTCOMES, Metric, headline_metrics


@dataclass(frozen=True)
class MetricDelta:
    """One headline metric in both runs; ``ratio`` is b / a (None when either is missing or a is 0)."""

    metric: Metric
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        return None if self.a is None or self.b is None else self.b - self.a

    @property
    def ratio(self) -> float | None:
        return None if self.a is None or self.b is None or self.a == 0 else self.b / self.a

    @property
    def improved(self) -> bool | None:
        """Whether b is better than a (None when equal or not comparable)."""
        if not self.delta:
            return None
        return (self.delta > 0) == self.metric.higher_is_better


@dataclass(frozen=True)
class ChangedQuestion:
    """A question whose outcome (correct / quoted / wrong / abstained, declined / answered) differs."""

    id: str
    type: str
    question: str
    a_outcome: str
    b_outcome: str
    a_answer: str
    b_answer: str

    @property
    def direction(self) -> str:
        """``better`` or ``worse`` when it moved into or out of a good outcome, else ``changed``."""
        a_good, b_good = self.a_outcome in GOOD_OUTCOMES, self.b_outcome in GOOD_OUTCOMES
        if a_good == b_good:
            return "changed"
        return "better" if b_good else "worse"


@dataclass
class Comparison:
    """Run b against run a, on the questions both answered."""

    a: RunResult
    b: RunResult
    metrics: list[MetricDelta]
    changed: list[ChangedQuestion]
    shared: int

    @property
    def labels(self) -> tuple[str, str]:
        """Profile names when they differ, else the run folder names."""
        if self.a.profile != self.b.profile:
            return self.a.profile, self.b.profile
        return self.a.run_dir.name, self.b.run_dir.name

    def count(self, direction: str) -> int:
        return sum(q.direction == direction for q in self.changed)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``comparison.json``)."""
        a_label, b_label = self.labels
        return {
            "a": {"label": a_label, "run": str(self.a.run_dir)},
            "b": {"label": b_label, "run": str(self.b.run_dir)},
            "shared_questions": self.shared,
            "metrics": {
                d.metric.key: {"a": d.a, "b": d.b, "delta": d.delta, "ratio": d.ratio} for d in self.metrics
            },
            "changed": [
                {
                    "id": q.id,
                    "type": q.type,
                    "direction": q.direction,
                    "a": q.a_outcome,
                    "b": q.b_outcome,
                    "question": q.question,
                }
                for q in self.changed
            ],
        }


def _union_metrics(a: RunResult, b: RunResult) -> list[Metric]:
    """Headline metrics of both runs (their k may differ), a's order first."""
    metrics = {m.key: m for m in headline_metrics(a.metrics["k"])}
    for metric in headline_metrics(b.metrics["k"]):
        metrics.setdefault(metric.key, metric)
    return list(metrics.values())


def compare_runs(a: RunResult | Path, b: RunResult | Path) -> Comparison:
    """Compare run ``b`` against run ``a`` (run objects or run folders)."""
    a = a if isinstance(a, RunResult) else load_run(a)
    b = b if isinstance(b, RunResult) else load_run(b)
    deltas = [MetricDelta(m, a.summary.get(m.key), b.summary.get(m.key)) for m in _union_metrics(a, b)]
    b_rows = {row["id"]: row for row in b.rows}
    shared = [(row, b_rows[row["id"]]) for row in a.rows if row["id"] in b_rows]
    changed = [
        ChangedQuestion(
            id=ra["id"],
            type=ra["type"],
            question=ra["question"],
            a_outcome=ra["outcome"],
            b_outcome=rb["outcome"],
            a_answer=ra["answer"],
            b_answer=rb["answer"],
        )
        for ra, rb in shared
        if ra["outcome"] != rb["outcome"]
    ]
    return Comparison(a, b, deltas, changed, len(shared))

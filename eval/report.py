"""Run reports: Markdown with embedded PNG plots, and the tables the CLI prints.

Tables are built once as rows of strings (``summary_table``, ``comparison_table``) and rendered both as
Markdown here and as rich tables by ``eval.cli``. Plots use matplotlib's ``Figure`` directly (no pyplot,
no global state), which works headless and from the UI's worker threads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from eval.compare import Comparison, MetricDelta
from eval.runs import RunResult
from eval.scoring import MRR_CUTOFF, Metric, headline_metrics

Table = tuple[list[str], list[list[str]]]
"""Column headers and rows, every cell already formatted."""

MAX_LISTED = 100
"""Failures and changed questions listed in a report; results.jsonl / comparison.json hold them all."""

_DESCRIPTIONS = {
    "hit": "a relevant passage among the top {k}",
    "recall": "share of evidence items (quotes, else gold documents) in the top {k}",
    "mrr": "1 / rank of the first relevant passage (0 if none in the top {k})",
    "em": "SQuAD exact match of the short answer (best over answer + aliases)",
    "f1": "SQuAD token F1 of the short answer (best over answer + aliases)",
    "contains": "the answer text contains a reference answer",
    "citation_precision": "cited passages holding an evidence quote or the answer",
    "citation_recall": "evidence quotes covered by the cited passages",
    "unsupported_rate": "answer claims that no cited passage supports (answered questions)",
    "unanswerable_accuracy": "unanswerable questions declined",
    "false_abstention_rate": "answerable questions declined",
    "balanced_accuracy": "mean of declining unanswerable and answering answerable",
    "latency_median": "median time per question (the ask call)",
    "latency_p95": "95th percentile time per question",
}
_SECONDS = Metric("latency", higher_is_better=False, kind="seconds")
_TYPE_COLUMNS = (
    "abstained",
    "hit@1",
    "hit@{k}",
    "hit@10",
    f"mrr@{MRR_CUTOFF}",
    "recall@10",
    "em",
    "f1",
    "contains",
    "citation_precision",
    "citation_recall",
)
_PLOT_METRICS = (
    "hit@{k}",
    "recall@{k}",
    f"mrr@{MRR_CUTOFF}",
    "f1",
    "contains",
    "citation_precision",
    "abstained",
)


def describe(key: str) -> str:
    """What a headline metric measures, in a few words."""
    name, _, k = key.partition("@")
    return _DESCRIPTIONS[name].format(k=k)


def fmt(value: float | None, metric: Metric | None = None) -> str:
    """A metric value for a table: rates with 3 decimals, seconds as milliseconds."""
    if value is None:
        return "–"
    if metric is not None and metric.kind == "seconds":
        return f"{value * 1000:.1f} ms"
    return f"{value:.3f}"


def _fmt_delta(delta: MetricDelta) -> str:
    """``+0.136 better``: the signed change and whether it is an improvement for this metric."""
    if delta.delta is None:
        return "–"
    text = f"{delta.delta * 1000:+.1f} ms" if delta.metric.kind == "seconds" else f"{delta.delta:+.3f}"
    if delta.improved is None:
        return text
    return f"{text} {'better' if delta.improved else 'worse'}"


def summary_table(run: RunResult) -> Table:
    """Headline metrics of one run with their meaning."""
    rows = [
        [m.key, fmt(run.summary.get(m.key), m), describe(m.key)] for m in headline_metrics(run.metrics["k"])
    ]
    return ["metric", "value", "meaning"], rows


def comparison_table(comparison: Comparison) -> Table:
    """Both runs side by side with the delta and the ratio b / a for every headline metric."""
    a_label, b_label = comparison.labels
    rows = [
        [
            d.metric.key,
            fmt(d.a, d.metric),
            fmt(d.b, d.metric),
            _fmt_delta(d),
            "–" if d.ratio is None else f"{d.ratio:.2f}",
        ]
        for d in comparison.metrics
    ]
    return ["metric", a_label, b_label, "delta", f"{b_label}/{a_label}"], rows


def type_table(run: RunResult) -> Table:
    """Per question type: count and the main metrics (every question of the type)."""
    k = run.metrics["k"]
    columns = list(dict.fromkeys(c.format(k=k) for c in _TYPE_COLUMNS))
    rows = [
        [group, str(values["n"]), *(fmt(values.get(c)) for c in columns)]
        for group, values in run.metrics["by_type"].items()
    ]
    return ["type", "n", *columns], rows


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown_table(table: Table) -> str:
    headers, rows = table
    lines = ["| " + " | ".join(map(_cell, headers)) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return "\n".join(lines)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- plots -----------------------------------------------------------------------------------------


def _grouped_bars(ax: Any, groups: Sequence[str], series: dict[str, list[float]]) -> None:
    width = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series.items()):
        positions = [g + (index - (len(series) - 1) / 2) * width for g in range(len(groups))]
        ax.bar(positions, values, width, label=name)
    ax.set_xticks(range(len(groups)), groups, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))


def plot_by_type(run: RunResult, path: Path) -> None:
    """Grouped bars: the main metrics for each question type."""
    by_type = run.metrics["by_type"]
    metrics = list(dict.fromkeys(m.format(k=run.metrics["k"]) for m in _PLOT_METRICS))
    figure = Figure(figsize=(max(6.0, 1.4 * len(by_type) + 2), 4), layout="constrained")
    ax = figure.subplots()
    series = {m: [by_type[t].get(m) or 0.0 for t in by_type] for m in metrics}
    _grouped_bars(ax, list(by_type), series)
    ax.set_title(f"{run.set_name} ({run.profile}): metrics by question type")
    figure.savefig(path, dpi=110)


def plot_latency(run: RunResult, path: Path) -> None:
    """Histogram of per-question latency with the median and p95 marked."""
    latency = run.metrics["latency"]
    figure = Figure(figsize=(6, 3.5), layout="constrained")
    ax = figure.subplots()
    ax.hist([row["latency"] * 1000 for row in run.rows], bins=30, color="tab:blue", alpha=0.8)
    for key, style in (("median", "-"), ("p95", "--")):
        if latency[key] is not None:
            ms = latency[key] * 1000
            ax.axvline(ms, color="black", linestyle=style, label=f"{key} {ms:.1f} ms")
    ax.set_xlabel("latency per question (ms)")
    ax.set_ylabel("questions")
    ax.set_title(f"{run.set_name} ({run.profile}): latency")
    ax.legend(fontsize="small")
    figure.savefig(path, dpi=110)


_THRESHOLDS = [round(0.01 * n, 2) for n in range(0, 101)]


def abstention_curve(run: RunResult, setting: str) -> dict[str, list[float]] | None:
    """Share of answerable questions answered and of unanswerable ones declined, had ``setting``
    (``min_relevance`` or ``min_similarity``) been each of ``_THRESHOLDS`` and the other one as run.
    From each answer's ``relevance`` and ``similarity``, and answers declined for another reason stay
    declined; None when the back end gives none or the set lacks either kind of question."""
    rows = [r for r in run.rows if r.get("relevance") is not None]
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    if not answerable or not unanswerable:
        return None
    settings = run.metrics["settings"]
    other = "similarity" if setting == "min_relevance" else "relevance"
    floor = settings.get(f"min_{other}", -1.0)
    score = setting.removeprefix("min_")

    def declined_otherwise(row: dict[str, Any]) -> bool:
        """Declined with both scores above the run's thresholds: for another reason (a count question
        answered without a number), whatever the thresholds."""
        passed = all(row[name] >= settings.get(f"min_{name}", -1.0) for name in ("relevance", "similarity"))
        return bool(row["abstained"]) and passed

    def answers(row: dict[str, Any], threshold: float) -> bool:
        return not declined_otherwise(row) and row[score] >= threshold and row[other] >= floor

    curve: dict[str, list[float]] = {"threshold": _THRESHOLDS, "answered": [], "declined": []}
    for threshold in _THRESHOLDS:
        curve["answered"].append(sum(answers(r, threshold) for r in answerable) / len(answerable))
        curve["declined"].append(sum(not answers(r, threshold) for r in unanswerable) / len(unanswerable))
    return curve


def plot_abstention(run: RunResult, path: Path) -> bool:
    """The trade-off each abstention threshold makes, with the value the run used marked; False (and
    no plot) when the run cannot show it (see :func:`abstention_curve`)."""
    settings = ("min_relevance", "min_similarity")
    curves = {name: abstention_curve(run, name) for name in settings}
    if any(curve is None for curve in curves.values()):
        return False
    figure = Figure(figsize=(9, 4.2), layout="constrained")
    for ax, (name, curve) in zip(figure.subplots(1, 2), curves.items(), strict=True):
        assert curve is not None
        balanced = [(a + d) / 2 for a, d in zip(curve["answered"], curve["declined"], strict=True)]
        ax.plot(curve["threshold"], curve["answered"], label="answerable answered")
        ax.plot(curve["threshold"], curve["declined"], label="unanswerable declined")
        ax.plot(curve["threshold"], balanced, linestyle=":", color="black", label="balanced accuracy")
        used = run.metrics["settings"].get(name)
        if used is not None:
            ax.axvline(used, color="grey", linestyle="--", label=f"{name} {used}")
        ax.set_xlabel(name)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        # below the plot: inside, it would cover the lines near the thresholds a run uses
        ax.legend(fontsize="x-small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    figure.suptitle(f"{run.set_name} ({run.profile}): abstention trade-off (the other threshold as run)")
    figure.savefig(path, dpi=110)
    return True


def plot_comparison(comparison: Comparison, path: Path) -> None:
    """Side-by-side bars of both runs' headline rates, and their latencies on a separate axis."""
    labels = comparison.labels
    rates = [d for d in comparison.metrics if d.metric.kind == "rate"]
    seconds = [d for d in comparison.metrics if d.metric.kind == "seconds"]
    figure = Figure(figsize=(12, 4.5), layout="constrained")
    left, right = figure.subplots(1, 2, width_ratios=[5, 1])
    _grouped_bars(
        left,
        [d.metric.key for d in rates],
        {labels[0]: [d.a or 0.0 for d in rates], labels[1]: [d.b or 0.0 for d in rates]},
    )
    left.set_title(f"{comparison.b.set_name}: {labels[1]} vs {labels[0]}")
    width = 0.4
    for index, (label, side) in enumerate(zip(labels, ("a", "b"), strict=True)):
        values = [(getattr(d, side) or 0.0) * 1000 for d in seconds]
        right.bar([i + (index - 0.5) * width for i in range(len(seconds))], values, width, label=label)
    right.set_xticks(range(len(seconds)), [d.metric.key.removeprefix("latency_") for d in seconds])
    right.set_ylabel("latency (ms)")
    right.grid(axis="y", alpha=0.3)
    figure.savefig(path, dpi=110)


# --- reports ---------------------------------------------------------------------------------------


def _abstention(run: RunResult) -> str:
    rows = run.rows
    counts = {
        (answerable, abstained): sum(
            r["answerable"] == answerable and r["abstained"] == abstained for r in rows
        )
        for answerable in (True, False)
        for abstained in (False, True)
    }
    table = markdown_table(
        (
            ["", "answered", "declined"],
            [
                ["answerable", str(counts[True, False]), str(counts[True, True])],
                ["unanswerable", str(counts[False, False]), str(counts[False, True])],
            ],
        )
    )
    summary = run.metrics["abstention"]
    return (
        f"{table}\n\nUnanswerable declined: **{fmt(summary['unanswerable_accuracy'])}**; answerable declined "
        f"(false abstention): **{fmt(summary['false_abstention_rate'])}**; balanced accuracy: "
        f"**{fmt(summary['balanced_accuracy'])}**. Raising `min_relevance` or `min_similarity` declines "
        "more of both kinds, lowering it answers more of both: the balanced accuracy weighs the two errors "
        "equally; the plot shows each threshold's trade-off on this run's questions."
    )


def _failures(run: RunResult) -> str:
    failed = [r for r in run.rows if r["outcome"] in {"wrong", "abstained", "quoted", "answered"}]
    if not failed:
        return "None."
    lines = [
        f"{len(failed)} questions: answerable ones whose answer holds no reference answer (`wrong`, "
        "`abstained`) or only its quote does (`quoted`: the short answer misses it), and unanswerable "
        "ones that were answered (`answered`)."
    ]
    for row in failed[:MAX_LISTED]:
        reference = row["reference"] or "(should decline)"
        lines += [
            "",
            f"- **{row['id']}** ({row['type']}, {row['outcome']}): {_cell(row['question'])}",
            f"  - reference: {_cell(reference)}",
            f"  - answer: {_cell(_short(row['answer']))}",
        ]
        if row.get("short_answer"):
            lines.append(f"  - short answer: {_cell(row['short_answer'])}")
    if len(failed) > MAX_LISTED:
        lines.append(f"\n… and {len(failed) - MAX_LISTED} more in `results.jsonl`.")
    return "\n".join(lines)


def _setup(run: RunResult) -> str:
    m, s = run.metrics, run.metrics["settings"]
    git = m["git"] or {}
    commit = f"{git['commit'][:12]}{' (with local changes)' if git['dirty'] else ''}" if git else "unknown"
    types = ", ".join(f"{t} {n}" for t, n in m["set"]["by_type"].items())
    return "\n".join(
        [
            f"- set: `{m['set']['path']}`: {m['set']['questions']} questions ({types})",
            f"- corpus: `{m['set']['corpus']}`, collection `{m['ingest']['collection']}`",
            f"- profile **{m['profile']}**: back end `{m['backend']}`, embedding model `{m['model']}`, "
            f"splitter {s['splitter']} {s['chunk_size']}/{s['chunk_overlap']}, retrieval {s['retrieval']}, "
            f"answer from top {m['k']} (metrics from top {m['retrieval_depth']}), "
            f"min_relevance {s['min_relevance']}, min_similarity {s.get('min_similarity', '–')}",
            f"- started {m['started']}, commit {commit}; wall {m['seconds']['wall']} s (ingest "
            f"{m['seconds']['ingest']} s, {_ingest_work(m['ingest'])})",
        ]
    )


def write_run_report(run: RunResult) -> Path:
    """Write ``report.md`` and its plots into the run folder; returns the report's path."""
    plot_by_type(run, run.run_dir / "by_type.png")
    plot_latency(run, run.run_dir / "latency.png")
    curve = (
        "\n\n![abstention trade-off](abstention.png)"
        if plot_abstention(run, run.run_dir / "abstention.png")
        else ""
    )
    latency = run.metrics["latency"]
    text = f"""# Eval: {run.set_name} ({run.profile})

{_setup(run)}

## Summary

Retrieval, answer and citation metrics are means over the **answerable questions only**
({run.metrics["abstention"]["n_answerable"]}); abstention uses both kinds, `unsupported_rate` every
answered question, latency every question. `–`: the metric does not apply to any question.

{markdown_table(summary_table(run))}

## By question type

Every question of each type (retrieval on unanswerable types scores the passage that corrects a false
premise, or the question's own paragraph when the set gives one). `abstained` is the share declined.

{markdown_table(type_table(run))}

![metrics by question type](by_type.png)

## Abstention

{_abstention(run)}{curve}

## Latency

Median {fmt(latency["median"], _SECONDS)}, p95 {fmt(latency["p95"], _SECONDS)} over {latency["n"]} questions.

![latency histogram](latency.png)

## Failures

{_failures(run)}

<details><summary>Settings</summary>

```json
{json.dumps(run.metrics["settings"], indent=2)}
```
</details>
"""
    path = run.run_dir / "report.md"
    path.write_text(text, encoding="utf-8")
    return path


def _changed(comparison: Comparison) -> str:
    a_label, b_label = comparison.labels
    if not comparison.changed:
        return f"None of the {comparison.shared} shared questions changed outcome."
    rows = [
        [q.id, q.type, q.direction, q.a_outcome, q.b_outcome, _short(q.question, 120)]
        for q in comparison.changed[:MAX_LISTED]
    ]
    more = len(comparison.changed) - MAX_LISTED
    return (
        f"{len(comparison.changed)} of {comparison.shared} questions changed outcome: "
        f"{comparison.count('better')} better, {comparison.count('worse')} worse, "
        f"{comparison.count('changed')} between wrong and abstained.\n\n"
        + markdown_table((["id", "type", "", a_label, b_label, "question"], rows))
        + (f"\n\n… and {more} more in `comparison.json`." if more > 0 else "")
    )


def write_comparison_report(comparison: Comparison, out_dir: Path) -> Path:
    """Write ``report.md``, ``comparison.json`` and ``comparison.png`` for two runs into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plot_comparison(comparison, out_dir / "comparison.png")
    (out_dir / "comparison.json").write_text(json.dumps(comparison.to_dict(), indent=2) + "\n")
    a_label, b_label = comparison.labels
    runs = "\n".join(
        f"- **{label}**: [{run.run_dir.name}]({os.path.relpath(run.run_dir / 'report.md', out_dir)}): "
        f"set {run.set_name}, profile {run.profile}, k {run.metrics['k']}"
        for label, run in ((a_label, comparison.a), (b_label, comparison.b))
    )
    text = f"""# Comparison: {b_label} vs {a_label}

{runs}

Headline metrics as in each run's report (retrieval, answers and citations over answerable questions).
`delta` is {b_label} − {a_label}; the last column is the ratio {b_label}/{a_label}.

{markdown_table(comparison_table(comparison))}

![{b_label} vs {a_label}](comparison.png)

## Questions that changed outcome

{_changed(comparison)}
"""
    path = out_dir / "report.md"
    path.write_text(text, encoding="utf-8")
    return path


def _ingest_work(ingest: dict[str, Any]) -> str:
    """What the run's ingest did: the chunks it embedded, or that the index was already up to date."""
    if not ingest.get("chunks_embedded") and not ingest.get("removed"):
        return f"index up to date: {ingest.get('unchanged', 0)} documents reused"
    return f"{ingest['chunks_embedded']} chunks embedded"

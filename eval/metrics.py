"""Per-question metrics for corpus-chat evaluations: pure functions, no I/O, no model.

Answer metrics follow the official SQuAD v2.0 evaluation script (normalisation, exact match, token F1,
no-answer handling). Retrieval and citation metrics decide relevance by evidence quotes: a passage is
relevant when it contains a quote after ``canonical`` (case, quotes, dashes and whitespace unified), so
they do not depend on how a corpus was chunked. Functions return ``None`` when a metric does not apply
to a question (nothing to find, nothing cited); ``aggregate`` skips those values.
"""

from __future__ import annotations

import collections
import math
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

import numpy as np

__all__ = [
    "abstention_summary",
    "aggregate",
    "answer_contains",
    "canonical",
    "citation_precision",
    "citation_recall",
    "contains_evidence",
    "exact_match",
    "hit_at_k",
    "latency_summary",
    "mrr_at_k",
    "normalize_answer",
    "recall_at_k",
    "relevance",
    "token_f1",
]

Retrieved = Sequence[tuple[str, str]]
"""Retrieved passages in rank order, as (source path, passage text)."""

# ---------------------------------------------------------------------------------------------------
# Answers (official SQuAD v2.0 evaluation script)
# ---------------------------------------------------------------------------------------------------

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = frozenset(string.punctuation)


_PUNCTUATION_AS_SPACE = re.compile(f"[{re.escape(''.join(sorted(_PUNCTUATION)))}]")


def normalize_answer(text: str) -> str:
    """Lower text and remove punctuation, articles and extra whitespace (SQuAD v2.0, verbatim)."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in _PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def _tokens(text: str) -> list[str]:
    return normalize_answer(text).split() if text else []


def _gold_answers(golds: Iterable[str]) -> list[str]:
    """Golds that survive normalisation; ``[""]`` (no answer) when none do, as the official script."""
    kept = [gold for gold in golds if normalize_answer(gold)]
    return kept or [""]


def _exact(prediction: str, gold: str) -> float:
    return float(normalize_answer(gold) == normalize_answer(prediction))


def _f1(prediction: str, gold: str) -> float:
    gold_tokens = _tokens(gold)
    pred_tokens = _tokens(prediction)
    if not gold_tokens or not pred_tokens:
        # A no-answer on either side scores 1 only when both are no-answers.
        return float(gold_tokens == pred_tokens)
    common = collections.Counter(gold_tokens) & collections.Counter(pred_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0.0
    precision = num_same / len(pred_tokens)
    recall = num_same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    """Best SQuAD exact match over the golds; an empty gold list means "no answer is correct"."""
    return max(_exact(prediction, gold) for gold in _gold_answers(golds))


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Best SQuAD token F1 over the golds; with no golds, 1.0 for an empty prediction else 0.0."""
    return max(_f1(prediction, gold) for gold in _gold_answers(golds))


def answer_contains(answer_text: str, golds: Sequence[str]) -> float:
    """1.0 if a normalised gold occurs in the normalised answer on word boundaries; curly quotes and
    dashes count as their plain forms first, so they go as punctuation ("‘triggers-pending’" holds
    "triggers-pending").

    Meant for long, sentence-style answers where exact match is hopeless. With no usable gold
    (unanswerable question) it falls back to the SQuAD no-answer rule: 1.0 only for an empty answer.
    """
    text = answer_text.translate(_CHAR_MAP)
    plain = [gold.translate(_CHAR_MAP) for gold in golds]
    if not any(normalize_answer(gold) for gold in plain):
        return float(not normalize_answer(text))
    # SQuAD's normalisation deletes punctuation, which glues a value to the code around it
    # ("max_denominator=1000000" reads "maxdenominator1000000"): punctuation read as a space too
    for form in (normalize_answer, lambda t: normalize_answer(_PUNCTUATION_AS_SPACE.sub(" ", t))):
        padded = f" {form(text)} "
        if any(gold and f" {gold} " in padded for gold in map(form, plain)):
            return 1.0
    return 0.0


# ---------------------------------------------------------------------------------------------------
# Evidence matching
# ---------------------------------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)


def canonical(text: str) -> str:
    """Text for evidence matching: casefolded, curly quotes and dashes made plain, whitespace collapsed."""
    return " ".join(text.casefold().translate(_CHAR_MAP).split())


def contains_evidence(passage_text: str, quote: str) -> bool:
    """True if the passage holds the quote, ignoring case, quote/dash style and whitespace."""
    needle = canonical(quote)
    return bool(needle) and needle in canonical(passage_text)


# ---------------------------------------------------------------------------------------------------
# Retrieval
# ---------------------------------------------------------------------------------------------------


def _same_source(retrieved_source: str, gold_source: str) -> bool:
    """Match a retrieved path against a corpus-relative gold path.

    Retrievers may report absolute paths or paths that include the corpus folder, so a retrieved path
    matches when it equals the gold path or ends with it on a path-component boundary.
    """
    got = PurePosixPath(retrieved_source.replace("\\", "/")).parts
    want = PurePosixPath(gold_source.replace("\\", "/")).parts
    return bool(want) and got[-len(want) :] == want


def _passage_has_source(source: str, sources: Sequence[str]) -> bool:
    return any(_same_source(source, gold) for gold in sources)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item.strip()))


def relevance(retrieved: Retrieved, evidence: Sequence[str], sources: Sequence[str]) -> list[bool]:
    """Relevance of each retrieved passage, in rank order.

    A passage is relevant if it contains an evidence quote; only when the record has no quotes does
    coming from one of the gold ``sources`` make it relevant (whole-document gold, as in SQuAD).
    """
    quotes = _unique(evidence)
    if quotes:
        return [any(contains_evidence(text, quote) for quote in quotes) for _, text in retrieved]
    return [_passage_has_source(source, sources) for source, _ in retrieved]


def _has_targets(evidence: Sequence[str], sources: Sequence[str]) -> bool:
    return bool(_unique(evidence) or _unique(sources))


def hit_at_k(
    retrieved: Retrieved, evidence: Sequence[str], sources: Sequence[str], k: int = 10
) -> float | None:
    """1.0 if any of the top k passages is relevant; None when the record has nothing to retrieve."""
    if not _has_targets(evidence, sources):
        return None
    return float(any(relevance(retrieved[:k], evidence, sources)))


def recall_at_k(
    retrieved: Retrieved, evidence: Sequence[str], sources: Sequence[str], k: int = 10
) -> float | None:
    """Share of the evidence items found in the top k passages.

    Items are the evidence quotes, or the gold sources when there are no quotes. None when the record
    has neither (unanswerable questions).
    """
    top = retrieved[:k]
    quotes = _unique(evidence)
    if quotes:
        found = [any(contains_evidence(text, quote) for _, text in top) for quote in quotes]
    else:
        gold_sources = _unique(sources)
        if not gold_sources:
            return None
        found = [any(_same_source(source, gold) for source, _ in top) for gold in gold_sources]
    return sum(found) / len(found)


def mrr_at_k(
    retrieved: Retrieved, evidence: Sequence[str], sources: Sequence[str], k: int = 10
) -> float | None:
    """Reciprocal rank of the first relevant passage in the top k (0.0 if none); None as ``hit_at_k``."""
    if not _has_targets(evidence, sources):
        return None
    for rank, relevant in enumerate(relevance(retrieved[:k], evidence, sources), start=1):
        if relevant:
            return 1.0 / rank
    return 0.0


# ---------------------------------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------------------------------


def citation_precision(
    cited_passages: Sequence[str], evidence: Sequence[str], golds: Sequence[str]
) -> float | None:
    """Share of cited passages that contain an evidence quote or a reference answer.

    The reference answer counts so that a correct citation of a passage the set author did not quote
    is not punished. None when nothing was cited.
    """
    if not cited_passages:
        return None
    quotes = _unique(evidence)
    answers = [gold for gold in golds if normalize_answer(gold)]

    def supports(passage: str) -> bool:
        if any(contains_evidence(passage, quote) for quote in quotes):
            return True
        return bool(answers) and answer_contains(passage, answers) == 1.0

    return sum(supports(passage) for passage in cited_passages) / len(cited_passages)


def citation_recall(cited_passages: Sequence[str], evidence: Sequence[str]) -> float | None:
    """Share of evidence quotes contained in at least one cited passage; None when there is no evidence."""
    quotes = _unique(evidence)
    if not quotes:
        return None
    covered = [any(contains_evidence(passage, quote) for passage in cited_passages) for quote in quotes]
    return sum(covered) / len(quotes)


# ---------------------------------------------------------------------------------------------------
# Abstention and latency
# ---------------------------------------------------------------------------------------------------


def abstention_summary(outcomes: Iterable[tuple[bool, bool]]) -> dict[str, float | int | None]:
    """Summarise (answerable, abstained) pairs.

    - ``unanswerable_accuracy``: share of unanswerable questions that were declined;
    - ``false_abstention_rate``: share of answerable questions that were declined;
    - ``balanced_accuracy``: mean of the two correct rates (declining unanswerable, answering
      answerable), so a system that always declines scores 0.5, not the share of unanswerable.
    Rates over an empty group are None, and so is the balanced accuracy then.
    """
    answerable = unanswerable = declined_unanswerable = declined_answerable = 0
    for is_answerable, abstained in outcomes:
        if is_answerable:
            answerable += 1
            declined_answerable += bool(abstained)
        else:
            unanswerable += 1
            declined_unanswerable += bool(abstained)
    unanswerable_accuracy = declined_unanswerable / unanswerable if unanswerable else None
    false_abstention = declined_answerable / answerable if answerable else None
    balanced = (
        (unanswerable_accuracy + (1.0 - false_abstention)) / 2
        if unanswerable_accuracy is not None and false_abstention is not None
        else None
    )
    return {
        "n_answerable": answerable,
        "n_unanswerable": unanswerable,
        "unanswerable_accuracy": unanswerable_accuracy,
        "false_abstention_rate": false_abstention,
        "balanced_accuracy": balanced,
    }


def latency_summary(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median and 95th percentile (numpy, linear interpolation) of per-question latencies."""
    if not seconds:
        return {"n": 0, "median": None, "p95": None}
    values = np.asarray(seconds, dtype=float)
    return {
        "n": int(values.size),
        "median": float(np.percentile(values, 50, method="linear")),
        "p95": float(np.percentile(values, 95, method="linear")),
    }


# ---------------------------------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    """Ints, floats and bools (a bool averages to a rate); never NaN."""
    if isinstance(value, bool):
        return True
    return isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value))


def _means(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> dict[str, float | int | None]:
    summary: dict[str, float | int | None] = {"n": len(rows)}
    for key in keys:
        values = [float(row[key]) for row in rows if _is_number(row.get(key))]
        summary[key] = sum(values) / len(values) if values else None
    return summary


def aggregate(rows: Sequence[Mapping[str, Any]], by: str = "type") -> dict[str, Any]:
    """Mean of every numeric per-question metric, overall and per value of ``by``.

    Returns ``{"overall": {"n": ..., metric: mean}, "groups": {group: {...}}}``. None (metric not
    applicable) and NaN values are skipped; a metric with no values in a group is None there. Groups
    keep the order in which they first appear; rows without ``by`` fall in group ``"(none)"``.
    """
    keys = list(
        dict.fromkeys(key for row in rows for key, value in row.items() if key != by and _is_number(value))
    )
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        group = row.get(by)
        grouped.setdefault("(none)" if group is None else str(group), []).append(row)
    return {
        "overall": _means(rows, keys),
        "groups": {group: _means(members, keys) for group, members in grouped.items()},
    }

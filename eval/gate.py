"""The quality gate: a run's headline metrics against thresholds recorded in the repository.

``eval/thresholds.json`` holds ``{"min": {metric: lowest allowed}, "max": {metric: highest allowed}}``
over the keys of a run's ``summary`` (see ``eval.scoring.headline_metrics``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BOUNDS = ("min", "max")


class GateError(ValueError):
    """A thresholds file that cannot be used."""


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
    """Read and check a thresholds file."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GateError(f"{path}: cannot read thresholds: {exc}") from None
    if not isinstance(data, dict) or not set(data) <= set(BOUNDS):
        raise GateError(f"{path}: expected an object with 'min' and/or 'max' only")
    for bound, limits in data.items():
        if not isinstance(limits, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in limits.values()
        ):
            raise GateError(f"{path}: '{bound}' must map metric names to numbers")
    return data


def check_gate(summary: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """One line per metric outside its threshold (or not measured); empty when the run passes."""
    failures = []
    for bound in BOUNDS:
        for metric, limit in thresholds.get(bound, {}).items():
            value = summary.get(metric)
            if value is None:
                failures.append(f"{metric}: not measured (threshold {bound} {limit})")
            elif (bound == "min" and value < limit) or (bound == "max" and value > limit):
                relation = "below" if bound == "min" else "above"
                failures.append(f"{metric}: {value:.4f} is {relation} the threshold {limit}")
    return failures

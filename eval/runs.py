"""Run folders on disk: what a finished run is, and reading runs back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RUNS_ROOT = Path("eval/runs")
"""Where run folders go by default (relative to the current directory; git-ignored in the repo)."""


@dataclass
class RunResult:
    """A finished run: its folder, its ``metrics.json`` and (read on first use) its result rows."""

    run_dir: Path
    metrics: dict[str, Any]
    _rows: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per question, as in ``results.jsonl``."""
        if self._rows is None:
            lines = (self.run_dir / "results.jsonl").read_text(encoding="utf-8").splitlines()
            self._rows = [json.loads(line) for line in lines if line.strip()]
        return self._rows

    @property
    def summary(self) -> dict[str, Any]:
        """The headline metrics (what the summary table, comparisons and the gate use)."""
        return self.metrics["summary"]

    @property
    def profile(self) -> str:
        return self.metrics["profile"]

    @property
    def set_name(self) -> str:
        return self.metrics["set"]["name"]


def load_run(run_dir: Path) -> RunResult:
    """A run folder written by the runner (or one profile's folder of a profile comparison)."""
    run_dir = Path(run_dir)
    path = run_dir / "metrics.json"
    if not path.is_file():
        raise FileNotFoundError(f"{run_dir}: not a run folder (no metrics.json)")
    return RunResult(run_dir, json.loads(path.read_text(encoding="utf-8")))


def list_runs(root: Path = RUNS_ROOT) -> list[RunResult]:
    """Every run under ``root`` (including each profile of a profile comparison), newest first."""
    runs = [load_run(path.parent) for path in Path(root).glob("**/metrics.json")]
    return sorted(runs, key=lambda run: (run.metrics.get("started", ""), str(run.run_dir)), reverse=True)

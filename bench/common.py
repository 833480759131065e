"""What the bench scripts share: medians, percentiles, the machine, and the figures file.

Every script prints its figures as it goes and also records them (name, value, unit, target, baseline)
in ``<cache>/results/<script>.json``, so ``python -m bench.report`` can print one table of everything
the last ``make bench`` measured (and the Markdown table of ``docs/performance.md``).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpora import CACHE_ROOT

RESULTS = CACHE_ROOT / "results"


@dataclass
class Figure:
    """One measured figure, with the target it must meet and the baseline measured in the same run."""

    name: str
    value: float | None
    unit: str
    target: str = ""
    baseline: str = ""
    ok: bool | None = None
    note: str = ""

    def line(self) -> str:
        value = "n/a" if self.value is None else f"{self.value:,.{_decimals(self.value)}f} {self.unit}"
        verdict = {True: "OK", False: "MISSED", None: ""}[self.ok]
        parts = [f"  {self.name:<46} {value:>16}"]
        if self.target:
            parts.append(f"target {self.target}")
        if self.baseline:
            parts.append(f"baseline {self.baseline}")
        if verdict:
            parts.append(verdict)
        if self.note:
            parts.append(f"({self.note})")
        return "  ".join(parts)


def _decimals(value: float) -> int:
    magnitude = abs(value)
    return 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2


class Recorder:
    """Collects a script's figures, prints each, and saves them all."""

    def __init__(self, script: str) -> None:
        self.script = script
        self.figures: list[Figure] = []

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure

    def save(self, extra: dict[str, Any] | None = None) -> Path:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{self.script}.json"
        payload = {
            "script": self.script,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "figures": [asdict(f) for f in self.figures],
            **(extra or {}),
        }
        path.write_text(json.dumps(payload, indent=2))
        return path


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between the closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, load and the code's commit: the context every figure needs."""
    info: dict[str, Any] = {"cores": os.cpu_count(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        info["ram_gb"] = round(mem_kb / 1024 / 1024, 1)
        info["load_1min"] = os.getloadavg()[0]
    except (OSError, ValueError, IndexError):
        pass
    try:
        repo = Path(__file__).resolve().parent.parent
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def machine_line() -> str:
    info = machine()
    return (
        f"machine: {info.get('cpu', '?')}, {info.get('cores')} cores, {info.get('ram_gb', '?')} GB RAM, "
        f"load {info.get('load_1min', 0):.1f}, commit {info.get('commit', '?')}"
    )


def rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc (VmRSS, VmHWM)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("VmHWM", 0.0)

"""Every figure the last bench runs recorded, with its target, baseline and verdict, in one table.

python -m bench.report              # plain text, the end of `make bench`
python -m bench.report --markdown   # the table for docs/performance.md
"""

from __future__ import annotations

import argparse
import json

from bench.common import RESULTS, Figure

ORDER = ("ingest", "reingest", "bm25", "bm25-server", "latency", "query", "memory", "encoder", "load")


def load() -> list[tuple[str, dict[str, object]]]:
    """Every saved result, the known scripts first in ``ORDER``, then any other."""
    paths = {path.stem: path for path in RESULTS.glob("*.json")}
    names = [name for name in ORDER if name in paths] + sorted(set(paths) - set(ORDER))
    return [(name, json.loads(paths[name].read_text())) for name in names]


def _value(figure: Figure) -> str:
    if figure.value is None:
        return "n/a"
    digits = 0 if abs(figure.value) >= 100 else 1 if abs(figure.value) >= 10 else 2
    return f"{figure.value:,.{digits}f} {figure.unit}".strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--scripts", nargs="+", help="only these scripts' figures (default: all)")
    args = parser.parse_args()
    runs = [(script, run) for script, run in load() if not args.scripts or script in args.scripts]
    if not runs:
        print(f"no bench results under {RESULTS}: run make bench")
        return
    if args.markdown:
        print("| benchmark | figure | value | target | baseline (same run) | verdict |")
        print("|---|---|---|---|---|---|")
    else:
        print(f"\nbench summary ({RESULTS})")
    for script, run in runs:
        machine = run.get("machine", {})
        if not args.markdown:
            print(f"{script}  [{run.get('finished_at')}, load {machine.get('load_1min', 0):.1f}]")  # type: ignore[union-attr]
        for raw in run.get("figures", []):  # type: ignore[union-attr]
            figure = Figure(**raw)
            if args.markdown:
                verdict = {True: "holds", False: "**missed**", None: ""}[figure.ok]
                note = f" ({figure.note})" if figure.note else ""
                print(
                    f"| {script} | {figure.name.strip()}{note} | {_value(figure)} | {figure.target} "
                    f"| {figure.baseline} | {verdict} |"
                )
            else:
                print(figure.line())


if __name__ == "__main__":
    main()

"""``rag eval``: the command-line face of the runner (options are declared in ``rag.cli``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eval.compare import Comparison, compare_runs
from eval.gate import check_gate, load_thresholds
from eval.report import Table as Cells
from eval.report import comparison_table, summary_table, type_table, write_comparison_report
from eval.runner import RunResult, run_eval, run_profiles

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _print(cells: Cells, title: str, columns: int | None = None) -> None:
    """Print a report table, keeping its first ``columns`` columns (all by default)."""
    headers, rows = cells
    table = Table(*headers[:columns], title=title, title_justify="left")
    # The row names stay whole on a narrow console (the other columns wrap instead).
    table.columns[0].min_width = max(len(str(row[0])) for row in [headers, *rows])
    for row in rows:
        table.add_row(*map(escape, row[:columns]))
    console.print(table)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.fields[stage]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=True,
    )


def _print_run(run: RunResult) -> None:
    _print(summary_table(run), f"{run.set_name} · {run.profile}", columns=2)
    console.print("(retrieval, answer and citation metrics over answerable questions only)")
    _print(type_table(run), "by question type", columns=10)


def _print_comparison(comparison: Comparison) -> None:
    _print(comparison_table(comparison), "side by side")
    console.print(
        f"{len(comparison.changed)} of {comparison.shared} questions changed outcome: "
        f"{comparison.count('better')} better, {comparison.count('worse')} worse"
    )


def eval_command(
    set_path: Path | None,
    *,
    corpus: Path | None = None,
    out: Path | None = None,
    k: int | None = None,
    profile: str | None = None,
    compare_profiles: str | None = None,
    compare: tuple[Path, Path] | None = None,
    gate: Path | None = None,
) -> None:
    """Run, compare or gate evaluations; see ``rag eval --help``."""
    if out is not None and any((out / name).exists() for name in ("report.md", "metrics.json")):
        raise _fail(f"--out {out}: holds an earlier run or comparison; give a new or empty folder")
    if compare is not None:
        given = [
            name
            for name, value in (
                ("SET", set_path),
                ("--corpus", corpus),
                ("-k", k),
                ("--profile", profile),
                ("--compare-profiles", compare_profiles),
                ("--gate", gate),
            )
            if value is not None
        ]
        if given:
            raise _fail(f"--compare compares two finished runs: it takes no {', '.join(given)}")
        try:
            comparison = compare_runs(*compare)
        except FileNotFoundError as error:
            raise _fail(str(error)) from None
        _print_comparison(comparison)
        if out is not None:
            console.print(f"[green]report:[/] {write_comparison_report(comparison, out)}")
        return
    if set_path is None:
        raise _fail("give an eval set (or --compare RUN_A RUN_B)")
    if compare_profiles and (profile or gate):
        raise _fail(
            "--compare-profiles runs its own profiles; it cannot be combined with --profile or --gate"
        )
    try:
        thresholds = load_thresholds(gate) if gate else None
        with _progress() as progress:
            task = progress.add_task("", total=None, stage="ingest")

            def on_progress(stage: str, done: int, total: int, detail: str) -> None:
                progress.update(
                    task, completed=done, total=total or None, stage=stage, description=escape(detail)
                )

            if compare_profiles:
                names = [name.strip() for name in compare_profiles.split(",")]
                result = run_profiles(
                    set_path, names, k=k, corpus=corpus, out_dir=out, on_progress=on_progress
                )
                runs, run_dir = result.runs, result.run_dir
            else:
                run = run_eval(
                    set_path,
                    profile=profile or "default",
                    k=k,
                    corpus=corpus,
                    out_dir=out,
                    on_progress=on_progress,
                )
                runs, run_dir = [run], run.run_dir
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        raise _fail(str(error)) from None
    for run in runs:
        _print_run(run)
    if compare_profiles:
        _print_comparison(result.comparison)
    console.print(f"[green]report:[/] {run_dir / 'report.md'}")
    if thresholds is not None:
        failures = check_gate(runs[0].summary, thresholds)
        for line in failures:
            errors.print(f"[red]gate:[/] {escape(line)}")
        if failures:
            raise typer.Exit(1)
        console.print(f"[green]gate passed[/] ({gate})")

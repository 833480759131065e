"""The ``rag`` command line: ingest, ask, status, serve."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rag.config import Settings
from rag.schema import Answer

app = typer.Typer(
    help="corpus-chat: ask questions about a folder of documents; every answer cites its passages.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _engine(settings: Settings | None = None):
    from rag.service import CorpusChat

    return CorpusChat(settings)


def _fail(message: str, code: int = 2) -> typer.Exit:
    errors.print(f"[red]error:[/] {escape(message)}")
    return typer.Exit(code)


@app.command()
def ingest(
    path: Annotated[
        Path | None, typer.Argument(help="Corpus folder (default: the corpus_dir setting).")
    ] = None,
    rebuild: Annotated[bool, typer.Option(help="Drop the collection and embed everything again.")] = False,
) -> None:
    """Index a folder: new and changed files are embedded, unchanged ones skipped, removed ones pruned."""
    engine = _engine()
    root = path or engine.settings.corpus_dir
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def on_progress(done: int, total: int, current: str) -> None:
            progress.update(task, completed=done, total=total, description=escape(current))

        try:
            report = engine.ingest(root, on_progress=on_progress, rebuild=rebuild)
        except (FileNotFoundError, ValueError, RuntimeError) as error:
            raise _fail(str(error)) from None
    for line in report.failed:
        errors.print(f"[yellow]skipped:[/] {escape(line)}")
    summary = report.summary()
    console.print(
        f"[green]indexed[/] {root}: {summary['added']} added, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['removed']} removed, {summary['failed']} failed; "
        f"{summary['chunks_embedded']} chunks embedded in {summary['seconds']}s"
    )
    if not report.ok:
        raise typer.Exit(1)


def _print_answer(answer: Answer) -> None:
    style = "yellow" if answer.abstained else "bold"
    console.print(f"[{style}]{escape(answer.answer)}[/]")
    if answer.citations:
        console.print()
        for citation in answer.citations:
            where = f"{citation.source}:{citation.start}-{citation.end}"
            if citation.page:
                where += f" (page {citation.page})"
            console.print(f"[cyan][{citation.marker}][/] {escape(citation.title)} — {escape(where)}")
            console.print(f"    “{escape(citation.quote)}”", style="dim")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the structured answer as JSON.")] = False,
    k: Annotated[
        int | None, typer.Option("-k", "--top-k", min=1, max=50, help="Passages to retrieve.")
    ] = None,
) -> None:
    """Answer a question from the indexed corpus, with citations."""
    engine = _engine()
    if engine.store.chunk_count() == 0:
        raise _fail(f"collection '{engine.settings.collection}' is empty: run `rag ingest` first")
    try:
        answer = engine.ask(question, k=k)
    except ValueError as error:
        raise _fail(str(error)) from None
    if as_json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
    else:
        _print_answer(answer)


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Show what is indexed: documents, chunks, model, store, last ingest."""
    info = _engine().status()
    if as_json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
        return
    table = Table(show_header=False, box=None)
    for key, value in info.items():
        if key == "last_ingest":
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "never"
        table.add_row(f"[bold]{key.replace('_', ' ')}", escape(str(value)))
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: the host setting).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: the port setting).")] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Allow serving beyond loopback without auth.")
    ] = False,
) -> None:
    """Serve the chat UI (Gradio) on http://HOST:PORT."""
    from ui.server import serve as run_server

    settings = Settings()
    try:
        run_server(settings, host=host or settings.host, port=port or settings.port, no_auth=no_auth)
    except ValueError as error:
        raise _fail(str(error)) from None

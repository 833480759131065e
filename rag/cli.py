"""The ``rag`` command line: ingest, ask, chat, status, serve, eval."""

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rag.config import Settings
from rag.schema import Answer

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

    from rag.followup import Exchange

app = typer.Typer(
    help="corpus-chat: ask questions about a folder of documents; every answer cites its passages.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)


def _engine():
    from rag.service import CorpusChat

    return CorpusChat(_settings())


def _settings() -> Settings:
    """The settings, or a one-line error naming the setting (or the file) that is wrong."""
    import os
    import tomllib

    from pydantic import ValidationError

    toml_file = os.environ.get("RAG_CONFIG", "rag.toml")
    try:
        return Settings()
    except FileNotFoundError as error:  # the file RAG_CONFIG names
        raise _fail(str(error)) from None
    except tomllib.TOMLDecodeError as error:
        raise _fail(f"{toml_file}: not valid TOML ({error})") from None
    except ValidationError as error:
        # one line per wrong setting: a user fixing a config file sees them all at once
        raise _fail("\n".join(_setting_error(detail, toml_file) for detail in error.errors())) from None


def _setting_error(detail: "ErrorDetails", toml_file: str) -> str:
    """One wrong setting, named as the user wrote it (its variable or its line in the file), with the
    value it got unless that value is a secret."""
    name = ".".join(map(str, detail["loc"]))
    if detail["type"] == "extra_forbidden":
        return f"{toml_file}: unknown setting '{name}'"
    field = Settings.model_fields.get(str(detail["loc"][0]))
    secret = field is not None and "SecretStr" in str(field.annotation)
    got = "" if secret else f" (got {detail['input']!r})"
    env = f"RAG_{str(detail['loc'][0]).upper()}"
    return f"setting '{name}' ({env} or {toml_file}): {detail['msg']}{got}"


@app.callback()
def _check_settings() -> None:
    _settings()  # every command reads them: a wrong one is reported before anything starts


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as errors, one a line, and give the exit to raise."""
    for line in message.splitlines():
        errors.print(f"[red]error:[/] {escape(line)}")
    return typer.Exit(code)


@app.command()
def ingest(
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="PATH", help="Corpus folder (default: the one the collection mirrors, else corpus_dir)."
        ),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option(help="Embed everything again into a new collection that replaces the current one."),
    ] = False,
) -> None:
    """Index a folder: new and changed files are embedded, unchanged ones skipped, removed ones pruned."""
    engine = _engine()
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
            report = engine.ingest(path, on_progress=on_progress, rebuild=rebuild)
        except (FileNotFoundError, ValueError, RuntimeError) as error:
            raise _fail(str(error)) from None
        except KeyboardInterrupt:
            kept = "as it was" if rebuild else "as it was, but for the documents written so far"
            raise _fail(f"interrupted: the index is {kept}", 130) from None
    root = engine.mirrored_folder()
    for line in report.failed:
        errors.print(f"[yellow]skipped:[/] {escape(line)}")
    for line in report.warnings:
        errors.print(f"[yellow]partly read:[/] {escape(line)}")
    summary = report.summary()
    console.print(
        f"[green]indexed[/] {root}: {summary['added']} added, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {summary['removed']} removed, {summary['failed']} failed; "
        f"{summary['chunks_embedded']} chunks embedded in {summary['seconds']}s"
    )
    if not report.ok:
        raise typer.Exit(1)


def _print_details(answer: Answer, streamed: str) -> None:
    """The short answer, what verification changed or found, then the sources (the answer text was
    streamed already)."""
    if answer.short_answer and not answer.abstained:
        console.print(f"[bold green]short answer:[/] {escape(answer.short_answer)}")
    if answer.retrieval_query and answer.retrieval_query != answer.question:  # spelt or a follow-up's
        console.print(f"[dim]searched for:[/] {escape(answer.retrieval_query)}")
    if not streamed.strip():
        console.print(escape(answer.answer))
    elif answer.answer.strip() != streamed.strip():
        why = (
            f"answered extractively: too little of the {answer.fallback_from} answer was supported"
            if answer.fallback_from
            else "after citation verification"
        )
        console.print(f"[dim]{why}:[/]")
        style = "yellow" if answer.abstained else "bold"
        console.print(f"[{style}]{escape(answer.answer)}[/]")
    if answer.dropped_markers:
        dropped = ", ".join(f"[{n}]" for n in answer.dropped_markers)
        console.print(f"[yellow]removed markers that name no retrieved passage:[/] {escape(dropped)}")
    for sentence in answer.sentences:
        if not sentence.supported:
            console.print(f"[red]unsupported by its sources:[/] {escape(sentence.text)}")
    if answer.citations:
        console.print()
        _print_sources(answer)


def _print_sources(answer: Answer) -> None:
    """Each [n] once, with its document, then the quotes it points at, one line each with its offsets:
    a hard-wrapped or indented source reads as running text."""
    for quotes in answer.citations_by_marker():
        first = quotes[0]
        console.print(f"[cyan][{first.marker}][/] {escape(first.title)} — {escape(first.source)}")
        for citation in quotes:
            where = f"{citation.start}-{citation.end}" + (f", page {citation.page}" if citation.page else "")
            quote = " ".join(citation.quote.split())
            console.print(f"    “{escape(quote)}” ({escape(where)})", style="dim")


def _stream_answer(
    engine,
    question: str,
    k: int | None,
    history: "list[Exchange]",
    backend: str | None,
    where: dict[str, Any] | None = None,
    min_score: float | None = None,
) -> Answer | None:
    """Print the answer as it is written, then its verification and sources; None after an error."""
    parts: list[str] = []
    answer: Answer | None = None
    try:
        events = engine.stream(
            question, k=k, history=history, backend=backend, where=where, min_score=min_score
        )
        for event in events:
            if isinstance(event, Answer):
                answer = event
            else:
                parts.append(event)
                sys.stdout.write(event)
                sys.stdout.flush()
    except (ValueError, RuntimeError) as error:
        if parts:
            sys.stdout.write("\n")
        errors.print(f"[red]error:[/] {escape(str(error))}")
        return None
    sys.stdout.write("\n")
    if answer is not None:
        _print_details(answer, "".join(parts))
    return answer


def _ready_engine(backend: str | None):
    """An engine with chunks to answer from and a usable ``backend``, or a one-line error: checked
    before the first question, not at every one."""
    from rag.backends import BackendUnavailableError

    engine = _engine()
    try:
        chunks = engine.store.chunk_count()
    except RuntimeError as error:  # a Chroma server that cannot be used, a store of another model
        raise _fail(str(error)) from None
    if chunks == 0:
        raise _fail(f"collection '{engine.settings.collection}' is empty: run `rag ingest` first")
    try:
        engine.answerer(backend)  # an unknown or unconfigured back end (building one calls no model)
    except BackendUnavailableError as error:
        raise _fail(str(error)) from None
    return engine


BackendOption = Annotated[
    str | None,
    typer.Option("--backend", help="Answer back end: extractive, openai or llamacpp (default: the setting)."),
]
TopKOption = Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50, help="Passages to retrieve.")]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the structured answer as JSON.")] = False,
    k: TopKOption = None,
    backend: BackendOption = None,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", help="Metadata filter KEY=VALUE (repeatable), e.g. source=a.pdf"),
    ] = None,
    after: Annotated[str | None, typer.Option(help="Only documents dated on/after YYYY-MM-DD.")] = None,
    before: Annotated[str | None, typer.Option(help="Only documents dated on/before YYYY-MM-DD.")] = None,
    date_field: Annotated[
        str, typer.Option(help="Front-matter date field for --after/--before.")
    ] = "published_at",
    min_score: Annotated[
        float | None, typer.Option(min=0, max=1, help="Drop retrieved passages scoring below this (0..1).")
    ] = None,
) -> None:
    """Answer a question from the indexed corpus, with citations; the answer prints as it is written."""
    from rag.filters import FilterError, build_where

    try:
        filters = build_where(where, after, before, date_field)
    except FilterError as error:
        raise _fail(str(error)) from None
    engine = _ready_engine(backend)
    if filters is not None and not engine.store.matches(filters):
        # Otherwise the answer would be "Not found in the corpus", as if the question were at fault.
        shown = " ".join(
            [
                *(f"--where {w}" for w in where or []),
                *(f"--{n} {v}" for n, v in (("after", after), ("before", before)) if v),
                *([f"--date-field {date_field}"] if after or before else []),
            ]
        )
        hint = (
            " (source is the path inside the corpus folder)"
            if any(w.startswith("source=") for w in where or [])
            else ""
        )
        raise _fail(f"no indexed document matches {shown}{hint}")
    if not as_json:
        if _stream_answer(engine, question, k, [], backend, filters, min_score) is None:
            raise typer.Exit(2)
        return
    try:
        answer = engine.ask(question, k=k, backend=backend, where=filters, min_score=min_score)
    except (ValueError, RuntimeError) as error:
        raise _fail(str(error)) from None
    sys.stdout.write(answer.model_dump_json(indent=2) + "\n")


@app.command()
def chat(k: TopKOption = None, backend: BackendOption = None) -> None:
    """Chat in the terminal: answers stream, and follow-up questions see the conversation.

    Type 'exit' or press Ctrl-D to leave.
    """
    engine = _ready_engine(backend)
    console.print("[dim]corpus-chat: ask about the indexed documents; 'exit' or Ctrl-D leaves.[/]")
    from rag.followup import Exchange

    history: list[Exchange] = []  # the questions asked, with what was answered: follow-ups refer to both
    while True:
        try:
            question = console.input("[bold green]you>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if question.lower() in {"exit", "quit"}:
            return
        if question and (answer := _stream_answer(engine, question, k, history, backend)) is not None:
            history.append(Exchange(question, answer.said()))


@app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Show what is indexed: documents, chunks, model, store, last ingest."""
    try:
        info = _engine().status()
    except RuntimeError as error:
        raise _fail(str(error)) from None
    if as_json:
        sys.stdout.write(json.dumps(info, indent=2) + "\n")
        return
    table = Table(show_header=False, box=None)
    for key, value in info.items():
        if key == "last_ingest":
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "never"
        elif key == "partly_read":
            value = ", ".join(value) or "none"
        table.add_row(f"[bold]{key.replace('_', ' ')}", escape(str(value)))
    console.print(table)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (default: the host setting).")] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port (default: the port setting).")
    ] = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Allow serving beyond loopback without auth.")
    ] = False,
) -> None:
    """Serve the chat UI (Gradio) and the OpenAI-compatible API (/v1) on http://HOST:PORT."""
    from ui.server import serve as run_server

    settings = _settings()
    try:
        run_server(settings, host=host or settings.host, port=port or settings.port, no_auth=no_auth)
    except (ValueError, RuntimeError) as error:
        raise _fail(str(error)) from None


@app.command("eval")
def eval_(
    set_path: Annotated[Path | None, typer.Argument(metavar="SET", help="Eval set (.jsonl).")] = None,
    corpus: Annotated[Path | None, typer.Option(help="Corpus folder (default: the set's).")] = None,
    out: Annotated[Path | None, typer.Option(help="Run folder (default: under eval/runs/).")] = None,
    k: Annotated[
        int | None, typer.Option("-k", "--top-k", min=1, max=50, help="Passages the answer uses.")
    ] = None,
    profile: Annotated[str | None, typer.Option(help="Settings profile (default: default).")] = None,
    compare_profiles: Annotated[
        str | None, typer.Option(help="Run two profiles side by side, e.g. baseline,default.")
    ] = None,
    compare: Annotated[
        tuple[Path, Path] | None, typer.Option(help="Compare two run folders: RUN_A RUN_B.")
    ] = None,
    gate: Annotated[Path | None, typer.Option(help="Fail if a metric misses a thresholds file.")] = None,
) -> None:
    """Evaluate on an eval set (answers, citations, retrieval, abstention, latency) and write a report."""
    from eval.cli import eval_command

    eval_command(
        set_path,
        corpus=corpus,
        out=out,
        k=k,
        profile=profile,
        compare_profiles=compare_profiles,
        compare=compare,
        gate=gate,
    )


if __name__ == "__main__":  # python -m rag.cli, as well as the rag command
    app()

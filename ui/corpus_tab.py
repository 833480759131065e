"""The Corpus tab: what is indexed, uploads with incremental ingest, deletion.

Uploads go through ``CorpusChat.add_file`` (name sanitising, size limit, corpus folder only) and
``CorpusChat.ingest`` (only new or changed files are embedded); nothing here touches the store.
"""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import gradio as gr

from index.loaders import SUPPORTED_SUFFIXES
from index.pipeline import IngestReport
from rag.service import CorpusChat, FolderMismatchError, UploadError, sanitize_filename
from ui.render import header_html, human_size

COLUMNS = ["Document", "Title", "Size", "Chunks", "Ingested at (UTC)"]
# Asks before deleting; the handler gets None (and does nothing) when the user cancels.
CONFIRM_DELETE_JS = """
(name) => (name && confirm(`Delete ${name} from the corpus folder and the index?`)) ? name : null
"""

Progress = Callable[[int, int, str], None]
# Files named for each kind of change in an ingest's report; the rest are counted.
NAMED_FILES = 10
# The default that makes Gradio pass a progress tracker (a fresh one per call) to a handler.
TRACK_PROGRESS = gr.Progress()


def document_rows(engine: CorpusChat) -> list[list[Any]]:
    """One row per indexed document, for the table."""
    return [
        [r.doc_id, r.title, human_size(r.size), r.chunks, r.ingested_at.replace("T", " ")[:16]]
        for r in engine.documents()
    ]


def _named(files: list[str]) -> str:
    """``a.md``, ``b.md`` and 3 more."""
    named = ", ".join(f"`{name}`" for name in files[:NAMED_FILES])
    return f"{named} and {len(files) - NAMED_FILES} more" if len(files) > NAMED_FILES else named


def ingest_summary(report: IngestReport) -> str:
    """One Markdown line for an ingest, one naming the files of each kind of change (an upload's
    ingest also takes in files put in the folder outside the app), then one per file that failed and
    per part of a file skipped."""
    summary = report.summary()
    kinds = ("added", "updated", "removed")
    changed = ", ".join(f"{summary[key]} {key}" for key in kinds if summary[key])
    lines = [
        f"Indexed in {summary['seconds']} s: {changed or 'nothing changed'} "
        f"({summary['unchanged']} unchanged, {summary['chunks_embedded']} "
        f"chunk{'' if summary['chunks_embedded'] == 1 else 's'} embedded)."
    ]
    lines.extend(f"- {kind}: {_named(files)}" for kind in kinds if (files := getattr(report, kind)))
    lines.extend(f"- ⚠️ `{line}`" for line in report.failed)
    lines.extend(f"- ℹ️ `{line}`" for line in report.warnings)
    return "\n".join(lines)


def ingest_report(engine: CorpusChat, on_progress: Progress | None = None) -> str:
    """An incremental ingest of the corpus folder, as the log reports it. A folder that is not the one
    the collection mirrors is refused with the ways out that the app's user has (the error's own
    advice is the CLI's ``--rebuild`` flag)."""
    try:
        return ingest_summary(engine.ingest(on_progress=on_progress))
    except FolderMismatchError as error:
        return (
            f"⛔ Nothing indexed: {error.problem}. To index {error.folder} in its place, run "
            f"`rag ingest {error.folder} --rebuild`; or serve another collection (RAG_COLLECTION)."
        )


def add_files(engine: CorpusChat, paths: list[str], on_progress: Progress | None = None) -> str:
    """Copy uploaded files into the corpus folder, then ingest incrementally; a Markdown report that
    also says which uploads were refused, renamed to a safe name, or replaced a file of that name."""
    refused: list[str] = []
    notes: list[str] = []
    for path in paths:
        source = Path(path)
        data = source.read_bytes()
        try:
            existing = engine.corpus_folder.resolve() / sanitize_filename(source.name)
            before = existing.read_bytes() if existing.is_file() else None
            target = engine.add_file(source.name, data)
        except UploadError as error:
            refused.append(f"- ⛔ {error}")
            continue
        said = [f"saved as `{target.name}`"] if target.name != source.name else []
        if before is not None:  # an identical file changes nothing: "replaced" would alarm for no cause
            said.append("replaced the file of that name" if before != data else "the same as the file there")
        if said:
            notes.append(f"- ℹ️ {source.name}: {', '.join(said)}")
    report = ingest_report(engine, on_progress) if len(refused) < len(paths) else ""
    return "\n".join([report, *notes, *refused]).strip()


def _picked(data: Any) -> list[tuple[str, int]]:
    """The files ``ui/app.js`` reported picked, as (name, size); what does not read as one is left out
    (the browser sends it)."""
    files = data.get("files") if isinstance(data, Mapping) else None
    picked = []
    for file in files if isinstance(files, list) else []:
        if (
            isinstance(file, Mapping)
            and isinstance(file.get("name"), str)
            and isinstance(file.get("size"), int)
        ):
            picked.append((file["name"], file["size"]))
    return picked


def picked_files(engine: CorpusChat, data: Any) -> tuple[str, dict[str, str]]:
    """The log's line for files just picked for upload, and the refusals by file name.

    Gradio refuses a file of another type, or over the size limit, in the browser: it never reaches
    the server, only a toast says so, and the log would still show the previous upload's outcome. So
    the names and sizes of the picked files are checked here first, as ``CorpusChat.add_file`` would.
    """
    picked = _picked(data)
    refused: dict[str, str] = {}
    accepted: list[str] = []
    for name, size in picked:
        try:
            engine.check_upload(name, size)
        except UploadError as error:
            refused[name] = f"- ⛔ {error}"
        else:
            accepted.append(name)
    if any(size > engine.settings.max_upload_mb * 1024 * 1024 for _, size in picked):
        head = "Nothing uploaded: a file over the size limit stops the whole upload."  # Gradio's rule
    else:
        head = f"Uploading {_named(accepted)}…" if accepted else "Nothing uploaded."
    return "\n".join([head, *refused.values()]), refused


def delete_file(engine: CorpusChat, doc_id: str) -> str:
    """Delete a document; the log's line, which says so when it was already gone."""
    if engine.delete_document(doc_id):
        return f"Deleted `{doc_id}`."
    return f"`{doc_id}` was already gone (deleted from another tab or outside the app)."


def _progress_callback(progress: gr.Progress) -> Progress:
    def on_progress(done: int, total: int, current: str) -> None:
        progress((done, total), desc=current or "Done")  # "reading a.pdf", "embedding 512 chunks"

    return on_progress


def build_corpus_tab(engine: CorpusChat, header: gr.HTML) -> None:
    """The tab, its components and events; ``header`` shows the document and chunk counts.

    Opening the tab re-reads the index, so changes made from other sessions or the CLI show up.
    """
    limit = engine.settings.max_upload_mb
    with gr.Tab("Corpus", id="corpus", elem_id="corpus-tab") as tab, gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=340):
            table = gr.Dataframe(
                document_rows(engine),
                headers=COLUMNS,
                datatype=["str", "str", "str", "number", "str"],
                type="array",
                interactive=False,
                wrap=True,
                max_height=520,
                # in pixels: on a narrow screen the table scrolls sideways instead of breaking words
                column_widths=["190px", "200px", "80px", "80px", "170px"],
                label="Indexed documents (click a row to select it)",
                elem_id="documents-table",
            )
        with gr.Column(scale=2, min_width=300):
            upload = gr.File(
                file_count="multiple",
                file_types=list(SUPPORTED_SUFFIXES),
                label=f"Add documents: {', '.join(SUPPORTED_SUFFIXES)}; up to {limit:g} MB each",
                elem_id="upload",
                height=150,
            )
            log = gr.Markdown(elem_id="corpus-log")
            refused = gr.State({})  # picked files Gradio keeps back, by name, for the upload's report
            with gr.Row():
                selected = gr.Dropdown(
                    [r.doc_id for r in engine.documents()],
                    value=None,
                    label="Document",
                    scale=3,
                    elem_id="delete-choice",
                )
                # enabled once a document is chosen: a click with none did nothing, and said nothing
                delete = gr.Button(
                    "Delete", variant="stop", scale=1, elem_id="delete-document", interactive=False
                )
            rescan = gr.Button(
                "Re-scan corpus folder", variant="secondary", size="sm", elem_id="rescan-corpus"
            )

    def refreshed() -> tuple[Any, ...]:
        rows = document_rows(engine)
        choices = gr.Dropdown(choices=[row[0] for row in rows], value=None)
        return rows, choices, header_html(engine.status())

    def on_pick(event: gr.EventData) -> tuple[str, dict[str, str]]:
        return picked_files(engine, event._data)

    def on_upload(
        paths: list[str] | None, refused: dict[str, str], progress: gr.Progress = TRACK_PROGRESS
    ) -> tuple[Any, ...]:
        """Add the uploaded files; the report also names the picked files Gradio kept back."""
        message = add_files(engine, paths or [], _progress_callback(progress)) if paths else ""
        arrived = {Path(path).name for path in paths or []}
        kept_back = [line for name, line in refused.items() if name not in arrived]
        return None, "\n".join([message, *kept_back]).strip(), {}, *refreshed()

    def on_rescan(progress: gr.Progress = TRACK_PROGRESS) -> tuple[Any, ...]:
        return ingest_report(engine, _progress_callback(progress)), *refreshed()

    def on_delete(doc_id: str | None) -> tuple[Any, ...]:
        if not doc_id:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        return delete_file(engine, doc_id), *refreshed()

    def on_select(event: gr.SelectData) -> str:
        return str(event.row_value[0])

    # progress and errors on the log only: on every output they blanked the table and the header
    writes: dict[str, Any] = {"concurrency_id": "corpus-write", "concurrency_limit": 1}
    writes["show_progress_on"] = log
    # ui/app.js reports the files picked for upload through the header, before Gradio checks them
    header.upload(on_pick, None, [log, refused], queue=False, show_progress="hidden")
    upload.upload(on_upload, [upload, refused], [upload, log, refused, table, selected, header], **writes)
    rescan.click(on_rescan, None, [log, table, selected, header], **writes)
    delete.click(on_delete, [selected], [log, table, selected, header], js=CONFIRM_DELETE_JS, **writes)
    table.select(on_select, None, selected, queue=False)
    selected.change(lambda doc_id: gr.Button(interactive=bool(doc_id)), selected, delete, queue=False)
    tab.select(refreshed, None, [table, selected, header], queue=False)

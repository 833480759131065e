"""Corpus tab handlers: uploads go through the engine's checks, then an incremental ingest."""

from collections.abc import Callable
from pathlib import Path

from index.pipeline import IngestReport
from rag.service import CorpusChat
from ui.corpus_tab import add_files, delete_file, document_rows, ingest_report, ingest_summary, picked_files


def test_upload_is_stored_in_the_corpus_folder_and_ingested(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, note: Path
) -> None:
    engine = make_engine()
    engine.ingest()
    progress: list[tuple[int, int, str]] = []
    message = add_files(engine, [str(note)], lambda *step: progress.append(step))
    assert (corpus_copy / "ferries.md").read_bytes() == note.read_bytes()
    assert "1 added" in message and "1 unchanged" in message and "- added: `ferries.md`" in message
    assert progress[-1][0] == progress[-1][1] == 2
    rows = {row[0]: row for row in document_rows(engine)}
    assert rows["ferries.md"][1:4] == ["Ferries", f"{note.stat().st_size} B", 1]


def test_refused_uploads_are_reported_and_nothing_is_ingested(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, tmp_path: Path
) -> None:
    engine = make_engine(max_upload_mb=0.001)
    archive = tmp_path / "archive.zip"
    archive.write_bytes(b"PK")
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    message = add_files(engine, [str(archive), str(big)])
    assert "unsupported file type '.zip'" in message and "over the 0.001 MB limit" in message
    assert "Indexed" not in message
    assert sorted(p.name for p in corpus_copy.iterdir()) == ["turkey_s400_nato.txt"]


def test_an_upload_that_cannot_be_read_is_refused_and_not_left_in_the_folder(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, tmp_path: Path, note: Path
) -> None:
    # an empty or corrupt upload used to stay in the corpus folder: in no index, so in no table row
    # or delete choice, and reported again by every later upload and re-scan
    engine = make_engine()
    engine.ingest()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"\xd0\xff not a pdf")
    message = add_files(engine, [str(empty), str(broken), str(note)])
    assert "1 added" in message
    assert "⛔ empty.txt: empty file" in message and "⛔ broken.pdf: not a PDF" in message
    assert "⚠️" not in message
    assert sorted(p.name for p in corpus_copy.iterdir()) == ["ferries.md", "turkey_s400_nato.txt"]
    assert "empty.txt" not in add_files(engine, [str(note)])


def test_renamed_and_replacing_uploads_are_announced(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, tmp_path: Path, note: Path
) -> None:
    engine = make_engine()
    engine.ingest()
    odd = tmp_path / "Q&A: results (v2).md"
    odd.write_text("# Results\n\nThe ferry carried 120 passengers.\n")
    message = add_files(engine, [str(odd), str(note)])
    assert "ℹ️ Q&A: results (v2).md: saved as `Q_A_ results _v2_.md`" in message
    assert "replaced" not in message
    again = add_files(engine, [str(note)])
    assert "ℹ️ ferries.md: the same as the file there" in again
    note.write_text(note.read_text() + "\nThe last ferry leaves at ten.\n")
    changed = add_files(engine, [str(note)])
    assert "ℹ️ ferries.md: replaced the file of that name" in changed


def test_the_log_names_what_an_upload_indexed_with_it(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, note: Path
) -> None:
    """A file put in the folder outside the app is indexed with the upload: "2 added" said not which."""
    engine = make_engine()
    engine.ingest()
    (corpus_copy / "harbour.txt").write_text("The harbour master opens the gate at six.\n")
    (corpus_copy / "turkey_s400_nato.txt").unlink()
    message = add_files(engine, [str(note)])
    assert "2 added, 1 removed" in message
    assert "\n- added: `ferries.md`, `harbour.txt`\n- removed: `turkey_s400_nato.txt`" in message


def test_a_long_list_of_changed_files_is_cut_short() -> None:
    report = IngestReport(added=[f"note{n:02}.md" for n in range(12)], updated=["a.md"])
    lines = ingest_summary(report).splitlines()
    assert lines[1] == "- added: " + ", ".join(f"`note{n:02}.md`" for n in range(10)) + " and 2 more"
    assert lines[2] == "- updated: `a.md`"


def test_deleting_a_document_already_deleted_says_so(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, note: Path
) -> None:
    engine = make_engine()
    add_files(engine, [str(note)])
    assert delete_file(engine, "ferries.md") == "Deleted `ferries.md`."
    assert not (corpus_copy / "ferries.md").exists() and "ferries.md" not in engine.store.records()
    # a second tab still offering it
    assert delete_file(engine, "ferries.md") == (
        "`ferries.md` was already gone (deleted from another tab or outside the app)."
    )


def test_picked_files_gradio_keeps_back_are_named_in_the_log(make_engine: Callable[..., CorpusChat]) -> None:
    """Gradio refuses another type, or a file over the limit, in the browser (a toast only): the log
    said nothing and still showed the previous upload's outcome."""
    engine = make_engine(max_upload_mb=0.001)

    def picked(*files: tuple[str, int]) -> tuple[str, dict[str, str]]:
        return picked_files(engine, {"files": [{"name": name, "size": size} for name, size in files]})

    message, refused = picked(("notes.csv", 10), ("ok.md", 10))
    assert message == "Uploading `ok.md`…\n- ⛔ notes.csv: unsupported file type '.csv'"
    assert list(refused) == ["notes.csv"]
    message, refused = picked(("big.txt", 5000), ("ok.md", 10))
    assert message == (
        "Nothing uploaded: a file over the size limit stops the whole upload.\n"
        "- ⛔ big.txt: 0.0 MB is over the 0.001 MB limit"
    )
    assert picked(("data.csv", 10))[0] == "Nothing uploaded.\n- ⛔ data.csv: unsupported file type '.csv'"
    assert picked_files(engine, {"files": [{"name": 3}]}) == ("Nothing uploaded.", {})  # sent by the browser


def test_a_folder_the_collection_does_not_mirror_is_refused_with_the_apps_ways_out(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, tmp_path: Path
) -> None:
    make_engine().ingest()
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("A note about something else.\n")
    message = ingest_report(make_engine(corpus_dir=other))
    assert message.startswith("⛔ Nothing indexed: collection")
    assert f"rag ingest {other} --rebuild" in message and "RAG_COLLECTION" in message
    assert "use --rebuild" not in message
    assert [row[0] for row in document_rows(make_engine())] == ["turkey_s400_nato.txt"]

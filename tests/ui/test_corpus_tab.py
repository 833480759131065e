"""Corpus tab handlers: uploads go through the engine's checks, then an incremental ingest."""

from collections.abc import Callable
from pathlib import Path

from rag.service import CorpusChat
from ui.corpus_tab import add_files, document_rows


def test_upload_is_stored_in_the_corpus_folder_and_ingested(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, note: Path
) -> None:
    engine = make_engine()
    engine.ingest()
    progress: list[tuple[int, int, str]] = []
    message = add_files(engine, [str(note)], lambda *step: progress.append(step))
    assert (corpus_copy / "ferries.md").read_bytes() == note.read_bytes()
    assert "1 added" in message and "1 unchanged" in message
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

"""Incremental ingest against real Chroma (embedded, and a real server) and the real embedding model."""

import dataclasses
import re
from pathlib import Path

import pytest

from index import pipeline
from index.embeddings import PassageVectors
from index.ids import chunk_id_for, document_key, version_key, version_key_for
from index.loaders import LoadedDocument
from index.store import HNSW_SYNC_THRESHOLD, ChunkStore, open_client
from rag.service import CorpusChat

pytestmark = pytest.mark.both_stores


def embedded(engine: CorpusChat) -> int:
    return engine.embeddings.documents_embedded  # type: ignore[attr-defined]


def test_reingest_of_unchanged_corpus_embeds_nothing(make_engine, corpus_copy: Path) -> None:
    engine = make_engine()
    first = engine.ingest()
    assert first.added == ["turkey_s400_nato.txt"]
    assert embedded(engine) == first.chunks_embedded > 0
    before = embedded(engine)

    second = make_engine().ingest()  # a new process would start from the persisted store
    assert second.unchanged == ["turkey_s400_nato.txt"]
    assert second.chunks_embedded == 0
    assert embedded(engine) == before


def test_modified_file_replaces_its_chunks(make_engine, corpus_copy: Path) -> None:
    (corpus_copy / "extra.md").write_text("# Ferries\n\nThe ferry to Bozcaada leaves at nine.\n")
    engine = make_engine()
    engine.ingest()
    (corpus_copy / "extra.md").write_text("# Ferries\n\nThe ferry to Gokceada leaves at ten.\n")
    report = engine.ingest()
    assert report.updated == ["extra.md"]
    assert report.unchanged == ["turkey_s400_nato.txt"]
    texts = [text for _, text, meta in engine.store.all_chunks() if meta["source"] == "extra.md"]
    assert texts == ["# Ferries\n\nThe ferry to Gokceada leaves at ten."]
    assert engine.store.records()["extra.md"].chunks == 1


def test_a_new_index_format_replaces_an_unchanged_documents_chunks_whole(
    make_engine, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that reads files differently, an unchanged file is indexed again as a new
    version: none of the old extraction's chunks outlives it (here the new text is shorter), and BM25
    indexes the new text, not tokens it kept for a chunk id."""
    (corpus_copy / "notes.md").write_text(
        "# Ferries\n\nThe ferry to Bozcaada leaves at nine.\n\n"
        "The old pier by the fish market closed in 1990, when the new breakwater was built.\n"
    )
    make_engine(chunk_size=100, chunk_overlap=0).ingest()
    read = pipeline.load_document

    def read_less(path: Path, data: bytes | None = None) -> LoadedDocument:
        document = read(path, data)
        if path.name != "notes.md":
            return document
        return dataclasses.replace(document, text="# Ferries\n\nThe ferry to Gokceada leaves at ten.")

    monkeypatch.setattr(pipeline, "INDEX_FORMAT", pipeline.INDEX_FORMAT + 1)
    monkeypatch.setattr(pipeline, "load_document", read_less)
    engine = make_engine(chunk_size=100, chunk_overlap=0)
    report = engine.ingest()
    assert sorted(report.updated) == ["notes.md", "turkey_s400_nato.txt"]
    texts = [text for _, text, meta in engine.store.all_chunks() if meta["source"] == "notes.md"]
    assert texts == ["# Ferries\n\nThe ferry to Gokceada leaves at ten."]
    ((best, _),) = engine.bm25.search("Gokceada", 1)
    assert best.startswith(version_key_for("notes.md", engine.store.records()["notes.md"].sha256))
    assert engine.bm25.search("pier fish market", 5) == []


def test_deleted_file_is_pruned(make_engine, corpus_copy: Path) -> None:
    (corpus_copy / "extra.txt").write_text("A short note about harbour ferries.\n")
    engine = make_engine()
    engine.ingest()
    chunks_with_extra = engine.store.chunk_count()
    (corpus_copy / "extra.txt").unlink()
    report = engine.ingest()
    assert report.removed == ["extra.txt"]
    assert "extra.txt" not in engine.store.records()
    assert engine.store.chunk_count() == chunks_with_extra - 1
    assert all(meta["source"] != "extra.txt" for _, _, meta in engine.store.all_chunks())


def test_failed_ingest_leaves_previous_index_intact_and_queryable(make_engine, corpus_copy: Path) -> None:
    engine = make_engine()
    engine.ingest()
    before = sorted(chunk_id for chunk_id, _, _ in engine.store.all_chunks())
    (corpus_copy / "turkey_s400_nato.txt").write_text("Replaced text about something else entirely.\n")
    (corpus_copy / "new.txt").write_text("Another new document.\n")

    class Crash(RuntimeError):
        pass

    def explode(texts: list[str], spans: list[list[tuple[int, int]]]) -> list[PassageVectors]:
        raise Crash("killed mid-document")

    engine.embeddings.embed_passages = explode  # type: ignore[method-assign]
    with pytest.raises(Crash):
        engine.ingest()
    after = make_engine()
    assert sorted(chunk_id for chunk_id, _, _ in after.store.all_chunks()) == before
    assert set(after.store.records()) == {"turkey_s400_nato.txt"}
    answer = after.ask("Which bases did Erdogan threaten to close?")
    assert not answer.abstained
    assert "Incirlik" in answer.answer


def test_a_rebuild_replaces_the_index_and_a_failed_one_leaves_it_answering(
    make_engine, corpus_copy: Path
) -> None:
    engine = make_engine()
    engine.ingest()
    before = sorted(chunk_id for chunk_id, _, _ in engine.store.all_chunks())
    (corpus_copy / "new.txt").write_text("The ferry to Bozcaada leaves Geyikli three times a day.\n")

    def interrupt(done: int, total: int, detail: str) -> None:
        if detail.startswith("embedding"):
            raise KeyboardInterrupt  # Ctrl-C halfway

    with pytest.raises(KeyboardInterrupt):
        engine.ingest(rebuild=True, on_progress=interrupt)
    after = make_engine()
    assert sorted(chunk_id for chunk_id, _, _ in after.store.all_chunks()) == before
    assert "Incirlik" in after.ask("Which bases did Erdogan threaten to close?").answer

    report = after.ingest(rebuild=True)
    assert sorted(report.added) == ["new.txt", "turkey_s400_nato.txt"]
    assert set(after.store.records()) == {"new.txt", "turkey_s400_nato.txt"}
    assert "three times a day" in after.ask("How often does the ferry leave Geyikli?").answer
    assert "Incirlik" in make_engine().ask("Which bases did Erdogan threaten to close?").answer


def test_a_rebuild_killed_while_taking_the_place_of_the_index_is_finished_on_next_open(
    make_engine, corpus_copy: Path
) -> None:
    """Killed after the old collections were deleted, before the new ones were renamed."""
    engine = make_engine()
    engine.ingest()
    name = engine.settings.collection
    staged = ChunkStore.staged(engine.client, name, engine.settings.embedding_identity())
    pipeline.ingest(corpus_copy, staged, engine.embeddings, engine.settings.chunking())
    for collection in (name, f"{name}-documents"):
        engine.client.delete_collection(collection)
    reopened = make_engine()
    assert set(reopened.store.records()) == {"turkey_s400_nato.txt"}
    assert "Incirlik" in reopened.ask("Which bases did Erdogan threaten to close?").answer


def test_interrupted_write_is_reconciled_on_next_ingest(make_engine, corpus_copy: Path) -> None:
    """A crash after new chunks were written but before the registry moved: the orphans go away."""
    engine = make_engine()
    engine.ingest()
    records = engine.store.records()["turkey_s400_nato.txt"]
    engine.store.chunks.upsert(
        ids=[chunk_id_for("turkey_s400_nato.txt", "0" * 64, 0)],  # a version the registry never named
        embeddings=[[0.1] * 384],
        documents=["orphan text"],
        metadatas=[{"doc_id": "turkey_s400_nato.txt", "doc_hash": "not-the-current-hash", "source": "x"}],
    )
    assert engine.store.chunk_count() == records.chunks + 1
    report = engine.ingest()
    assert report.unchanged == ["turkey_s400_nato.txt"]
    assert engine.store.chunk_count() == records.chunks


def test_bad_files_are_reported_and_skipped(make_engine, corpus_copy: Path) -> None:
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    (corpus_copy / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (corpus_copy / "fine.md").write_text("# Fine\n\nThis one is fine.\n")
    (corpus_copy / ".DS_Store").write_bytes(b"\x00\x01")
    report = make_engine().ingest()
    assert sorted(report.added) == ["fine.md", "turkey_s400_nato.txt"]
    assert len(report.failed) == 3
    assert any("empty.txt: empty file" in line for line in report.failed)
    assert any("photo.txt: binary content" in line for line in report.failed)
    assert any("sheet.xlsx: unsupported file type '.xlsx'" in line for line in report.failed)
    assert not report.ok
    (corpus_copy / "gone.md").symlink_to(corpus_copy / "deleted.md")
    assert any("gone.md: broken link" in line for line in make_engine().ingest().failed)


def test_a_file_reached_by_links_is_indexed_once_and_a_broken_link_is_reported(
    tmp_path: Path, corpus_copy: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n\nA file beside the corpus.\n")
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "a-link.txt").symlink_to(corpus_copy / "turkey_s400_nato.txt")  # listed first
    (corpus_copy / "sub" / "outside-1.md").symlink_to(outside)
    (corpus_copy / "sub" / "outside-2.md").symlink_to(outside)
    (corpus_copy / "gone.md").symlink_to(tmp_path / "deleted.md")
    found = [path.relative_to(corpus_copy).as_posix() for path in pipeline.discover(corpus_copy)]
    assert found == ["gone.md", "sub/outside-1.md", "turkey_s400_nato.txt"]


def test_chunk_metadata_offsets_point_into_the_document(make_engine, corpus_copy: Path) -> None:
    engine = make_engine()
    engine.ingest()
    text = engine.store.document_text("turkey_s400_nato.txt")
    assert text == (corpus_copy / "turkey_s400_nato.txt").read_text(encoding="utf-8")
    for _, chunk, meta in engine.store.all_chunks():
        assert text[int(meta["start"]) : int(meta["end"])] == chunk


def test_chunk_ids_name_their_document_and_version() -> None:
    old, new = (chunk_id_for("news/a.md", version, 3) for version in ("ab" * 32, "cd" * 32))
    other = chunk_id_for("news/b.md", "ab" * 32, 3)
    assert document_key(old) == document_key(new) != document_key(other)
    assert version_key(old) == version_key_for("news/a.md", "ab" * 32) != version_key(new)
    assert version_key(other) != version_key(old)


def test_progress_says_when_it_is_embedding(make_engine, corpus_copy: Path) -> None:
    """Reading files is quick, embedding them is not: the slow step has a label of its own."""
    (corpus_copy / "note.md").write_text("# Note\n\nThe ferry leaves at nine.\n")
    steps: list[tuple[int, int, str]] = []
    make_engine().ingest(on_progress=lambda *step: steps.append(step))
    files = sorted(p.name for p in corpus_copy.iterdir())
    assert [what for _, _, what in steps[: len(files)]] == [f"reading {name}" for name in files]
    embedding = steps[len(files)]
    assert embedding[:2] == (2, 2) and re.fullmatch(r"embedding \d+ chunks", embedding[2])
    assert steps[-1] == (2, 2, "")


def test_the_chunk_store_writes_its_vector_graph_to_disk_often(tmp_path: Path) -> None:
    """A new store and one made before with Chroma's default both persist their HNSW graph every
    HNSW_SYNC_THRESHOLD vectors, so each process reads the same graph back instead of building one
    at random from the log."""
    client = open_client(tmp_path)
    old = client.create_collection("made-before", configuration={"hnsw": {"space": "cosine"}})
    assert old.configuration_json["hnsw"]["sync_threshold"] != HNSW_SYNC_THRESHOLD
    for name in ("made-before", "new"):
        store = ChunkStore(client, name, "all-MiniLM-L6-v2")
        assert store.chunks.configuration_json["hnsw"]["sync_threshold"] == HNSW_SYNC_THRESHOLD
        assert store.chunks.configuration_json["hnsw"]["space"] == "cosine"

"""Concurrent users: chats against a real ``rag serve`` while an ingest runs in it, and the API's
ingest endpoint. The short version of ``bench/load.py`` (which runs 20 chats for a minute)."""

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.load import LoadOptions, run_load
from rag.api import create_api
from rag.config import Settings
from rag.service import CorpusChat
from tests.conftest import CORPUS


@pytest.mark.slow
def test_chats_stay_cited_and_error_free_while_the_server_ingests(tmp_path: Path) -> None:
    options = LoadOptions(clients=4, seconds=6, new_docs=5, base_docs=25, ingest_after=1.0, title_checks=2)
    result = run_load(options, tmp_path)
    assert result.errors == []
    assert len(result.answered) >= options.clients
    assert result.uncited == 0
    assert result.overlapped > 0, "no chat ran while the ingest did"
    assert result.ingest["status"] == "succeeded"
    assert result.ingest["report"]["added"] == options.new_docs
    assert all(cited for _, cited in result.title_checks), result.title_checks


def _wait(client: TestClient, headers: dict[str, str]) -> dict:
    deadline = time.monotonic() + 120
    view = client.get("/v1/ingest", headers=headers).json()
    while view["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
        view = client.get("/v1/ingest", headers=headers).json()
    return view


def test_the_ingest_endpoint_indexes_the_corpus_folder_in_the_background(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path
) -> None:
    engine = make_engine(api_keys=["k1"])
    client = TestClient(create_api(engine, engine.settings))
    headers = {"Authorization": "Bearer k1"}
    assert client.post("/v1/ingest").status_code == 401
    assert client.get("/v1/ingest", headers=headers).status_code == 404

    started = client.post("/v1/ingest", headers=headers)
    assert started.status_code == 202 and started.json()["object"] == "ingest"
    view = _wait(client, headers)
    assert view["id"] == started.json()["id"]
    assert view["status"] == "succeeded", view
    assert view["report"]["added"] == len(list(CORPUS.iterdir()))
    assert view["progress"]["files_done"] == view["progress"]["files_total"]
    assert engine.store.chunk_count() > 0

    (corpus_copy / "extra.md").write_text("# Extra\n\nThe lighthouse keeper counts ferries at dawn.\n")
    again = client.post("/v1/ingest", headers=headers).json()
    assert again["id"] != view["id"]
    assert _wait(client, headers)["report"]["added"] == 1
    assert "extra.md" in [p.source for p in engine.ask("Who counts ferries at dawn?").passages]


def test_a_missing_corpus_folder_is_a_failed_ingest_not_a_dead_server(tmp_path: Path) -> None:
    settings = Settings(persist_dir=tmp_path / "store", corpus_dir=tmp_path / "absent", collection="gone")
    client = TestClient(create_api(CorpusChat(settings), settings))
    client.post("/v1/ingest")
    view = _wait(client, {})
    assert view["status"] == "failed" and "no such file or folder" in view["error"]


def test_an_ingest_swaps_in_a_new_index_and_retriever_while_the_old_pair_keeps_answering(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path
) -> None:
    engine = make_engine()
    engine.ingest()
    retriever, index = engine.retriever, engine.bm25
    (corpus_copy / "extra.md").write_text("# Extra\n\nThe lighthouse keeper counts ferries at dawn.\n")
    engine.ingest()
    assert engine.bm25 is not index and engine.retriever is not retriever
    assert len(engine.bm25.ids) > len(index.ids)
    assert retriever.invoke("Which bases did Erdogan threaten to close?")
    assert "extra.md" in [d.metadata["source"] for d in engine.retriever.invoke("lighthouse keeper ferries")]

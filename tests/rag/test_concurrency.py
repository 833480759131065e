"""Concurrent users: chats against a real ``rag serve`` while an ingest runs in it, and the API's
ingest endpoint. The short version of ``bench/load.py`` (which runs 20 chats for a minute)."""

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench.load import LoadOptions, run_load
from rag.api import ApiError, IngestJob, IngestRunner, create_api
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


@pytest.mark.parametrize(
    ("body", "param", "message"),
    [
        ({"path": "/etc"}, "path", "path: unknown field"),
        ({"rebuild": "maybe"}, "rebuild", "rebuild: Input should be a valid boolean"),
        ({"rebuild": True, "folder": "/etc"}, "folder", "folder: unknown field"),
        ([1, 2], "body", "body: Input should be a valid dictionary"),
        ('{"path": 5, "rebuild": "maybe"', None, "the request body is not valid JSON"),
        ("path=/etc", "body", "body: Input should be a valid dictionary"),  # a form, not JSON
    ],
)
def test_the_ingest_endpoint_refuses_a_body_it_does_not_accept(
    make_engine: Callable[..., CorpusChat], body: object, param: str | None, message: str
) -> None:
    """It indexes the server's corpus folder, never one the request names; nothing starts."""
    engine = make_engine()
    client = TestClient(create_api(engine, engine.settings))
    if isinstance(body, str):
        kind = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
        refused = client.post("/v1/ingest", content=body, headers={"content-type": kind})
    else:
        refused = client.post("/v1/ingest", json=body)
    error = refused.json()["error"]
    assert refused.status_code == 400 and error["param"] == param and error["message"].startswith(message)
    assert client.get("/v1/ingest").status_code == 404


def test_an_ingest_of_another_folder_says_how_to_rebuild_through_the_api(
    make_engine: Callable[..., CorpusChat], corpus_copy: Path, tmp_path: Path
) -> None:
    """corpus_dir names another folder than the one the index mirrors: the way out the failed job
    gives is the API's (not the CLI's --rebuild), and taking it indexes corpus_dir in its place."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ferry.txt").write_text("Ferries leave the harbour at nine every morning.\n")
    engine = make_engine()
    engine.ingest(docs)
    client = TestClient(create_api(engine, engine.settings))
    assert client.post("/v1/ingest", json={}).json()["rebuild"] is False
    failed = _wait(client, {})
    assert failed["status"] == "failed" and f"mirrors {docs}" in failed["error"]
    assert failed["error"].endswith(f'POST /v1/ingest {{"rebuild": true}} indexes {corpus_copy} in its place')
    assert "--rebuild" not in failed["error"]

    assert client.post("/v1/ingest", json={"rebuild": True}).json()["rebuild"] is True
    rebuilt = _wait(client, {})
    assert rebuilt["status"] == "succeeded" and rebuilt["report"]["added"] == len(list(CORPUS.iterdir()))
    assert engine.mirrored_folder() == corpus_copy.resolve()


def test_asking_for_another_kind_of_ingest_while_one_runs_is_a_conflict(seed_engine: CorpusChat) -> None:
    """Not the running ingest in its place, as if it were what was asked for."""
    runner = IngestRunner(seed_engine)
    running = runner.current = IngestJob(rebuild=False)  # never started: its status stays "running"
    assert runner.start(rebuild=False) is running
    with pytest.raises(ApiError) as conflict:
        runner.start(rebuild=True)
    assert conflict.value.status == 409 and conflict.value.param == "rebuild"
    assert conflict.value.message.startswith(f"rebuild: ingest {running.id} (rebuild false) is running")


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

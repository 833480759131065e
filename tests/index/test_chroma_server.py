"""corpus-chat against a real Chroma server (``chroma run``): token auth and a path prefix, retries of
transient failures, one-line errors when it is down or hangs, and no half-written document visible when
it dies in the middle of a write.

A loopback gateway in front of the real server stands in for what sits before Chroma Cloud or a hosted
server (a path prefix, a token check, 503s while it restarts); Chroma itself is never faked.
"""

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from index.store import ChromaUnavailableError, RetryPolicy, open_client
from rag.api import create_api
from rag.cli import app
from rag.service import CorpusChat
from tests.conftest import ChromaServer, free_port
from ui.chat import Turn, stream_turn

TOKEN = "s3cret-token"
FAST = {"chroma_retries": 2, "chroma_timeout": 5.0}


class Gateway:
    """A reverse proxy on 127.0.0.1 serving ``upstream`` under ``/chroma``. It can require a token (in
    ``X-Chroma-Token``, as Chroma Cloud does, or as a bearer token in ``Authorization``) and answer 503
    to the next ``fail_next`` requests."""

    def __init__(self, upstream: str, token: str | None = None, header: str = "X-Chroma-Token") -> None:
        self.token = token
        self.header = header
        self.fail_next = 0
        self.failed = 0
        self.tokens_seen: list[str | None] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                token = self.headers.get(gateway.header)
                gateway.tokens_seen.append(token)
                if gateway.fail_next > 0:
                    gateway.fail_next -= 1
                    gateway.failed += 1
                    return self.reply(503, b"Service Unavailable", "text/plain")
                if not self.path.startswith("/chroma/"):
                    return self.reply(404, b"no such path", "text/plain")
                if gateway.token and token != gateway.expected and not self.path.endswith("/heartbeat"):
                    error = {"error": "AuthorizationError", "message": "invalid token"}
                    return self.reply(401, json.dumps(error).encode(), "application/json")
                response = httpx.request(
                    self.command,
                    upstream + self.path.removeprefix("/chroma"),
                    content=body,
                    headers={"Content-Type": self.headers.get("Content-Type", "application/json")},
                )
                self.reply(response.status_code, response.content, response.headers.get("content-type", ""))

            def reply(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/chroma"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def expected(self) -> str | None:
        return f"Bearer {self.token}" if self.header == "Authorization" else self.token

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(chroma_server: ChromaServer) -> Iterator[Gateway]:
    proxy = Gateway(chroma_server.url, token=TOKEN)
    yield proxy
    proxy.close()


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "ferries.md").write_text(
        "# Ferries\n\nThe ferry to Bozcaada leaves Geyikli at nine in the morning.\n"
    )
    (root / "bakery.txt").write_text("The bakery on Kale Street sells almond cookies every Saturday.\n")
    return root


def one_line_naming(error: Exception, url: str) -> str:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"Chroma server {url} unavailable: ")
    return message


def test_token_and_path_prefix_reach_the_server(make_engine, gateway: Gateway, small_corpus: Path) -> None:
    engine = make_engine(chroma_url=gateway.url + "/", chroma_token=TOKEN, collection="via-gateway")
    assert engine.ingest().added == ["bakery.txt", "ferries.md"]
    answer = engine.ask("What does the bakery on Kale Street sell?")
    assert answer.citations and answer.citations[0].source == "bakery.txt"
    assert engine.status()["documents"] == 2
    api_calls = len(gateway.tokens_seen) - 1  # all but the reachability probe
    assert api_calls > 5 and gateway.tokens_seen[1:] == [TOKEN] * api_calls

    refused = make_engine(chroma_url=gateway.url, chroma_token="wrong", collection="via-gateway")
    with pytest.raises(ChromaUnavailableError) as caught:
        refused.status()
    message = one_line_naming(caught.value, gateway.url)
    assert "AuthorizationError" in message and "wrong" not in message


def test_token_as_a_bearer_token_when_chromadb_is_told_so(
    chroma_server: ChromaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bearer = Gateway(chroma_server.url, token=TOKEN, header="Authorization")
    try:
        with pytest.raises(ChromaUnavailableError, match="AuthorizationError"):
            open_client(tmp_path, bearer.url, TOKEN)  # X-Chroma-Token by default: refused here
        monkeypatch.setenv("CHROMA_AUTH_TOKEN_TRANSPORT_HEADER", "Authorization")
        client = open_client(tmp_path, bearer.url, TOKEN)
        assert client.get_or_create_collection("bearer", embedding_function=None).count() == 0
        assert bearer.tokens_seen[-1] == f"Bearer {TOKEN}"
    finally:
        bearer.close()


def test_transient_failures_are_retried_with_backoff(gateway: Gateway, tmp_path: Path) -> None:
    policy = RetryPolicy(retries=2, backoff=0.2)
    gateway.fail_next = 2  # the probe is retried
    client = open_client(tmp_path, gateway.url, TOKEN, policy)
    assert gateway.failed == 2
    collection = client.get_or_create_collection("retried", embedding_function=None)
    gateway.fail_next = 2  # and so is every request of the chromadb client
    started = time.monotonic()
    collection.upsert(ids=["a"], embeddings=[[1.0, 0.0]], documents=["a"])
    assert gateway.failed == 4 and collection.count() == 1
    assert time.monotonic() - started >= 0.2 + 0.4  # waited 0.2 s, then 0.4 s (plus jitter)

    gateway.fail_next = 3  # more failures than retries: one error, naming the URL and the last status
    with pytest.raises(ChromaUnavailableError) as caught:
        collection.count()
    assert one_line_naming(caught.value, gateway.url).endswith("HTTP 503 (3 attempts)")


def test_a_server_that_is_down_is_one_line_error_in_bounded_time(make_engine) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(ChromaUnavailableError) as caught:
        make_engine(chroma_url=url, **FAST).status()
    assert time.monotonic() - started < 5  # waits of 0.5 + 1 s (plus jitter), no long timeout
    assert "ConnectError" in one_line_naming(caught.value, url) and "(3 attempts)" in str(caught.value)


def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never replies
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(ChromaUnavailableError) as caught:
            open_client(tmp_path, url, policy=RetryPolicy(retries=1, timeout=0.5, backoff=0.1))
        assert time.monotonic() - started < 3
    assert "ReadTimeout" in one_line_naming(caught.value, url)


@pytest.mark.parametrize("url", ["localhost:8000", "ftp://host/x", "http://"])
def test_a_malformed_url_is_refused(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"expected http\(s\)://host\[:port\]\[/path\]"):
        open_client(tmp_path, url)


@pytest.mark.parametrize("command", [["ask", "When does the ferry leave?"], ["ingest"], ["status"]])
def test_cli_reports_a_down_server_in_one_line(
    command: list[str], small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    for key, value in {
        "RAG_CHROMA_URL": url,
        "RAG_CHROMA_RETRIES": "1",
        "RAG_PERSIST_DIR": str(tmp_path / "store"),
        "RAG_CORPUS_DIR": str(small_corpus),
    }.items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert re.fullmatch(
        rf"error: Chroma server {re.escape(url)} unavailable: ConnectError: .+ \(2 attempts\)", lines[0]
    )


def test_api_and_chat_report_a_server_gone_down_in_one_line(
    make_engine: Callable[..., CorpusChat], small_corpus: Path, tmp_path: Path
) -> None:
    """``rag serve`` outlives its Chroma server: the API answers 503 in OpenAI's error shape and the
    chat says why in the conversation, each in one line naming the URL; both work again once it is
    back."""
    data = tmp_path / "chroma-data"
    server = ChromaServer(data).start()
    question = {
        "model": "corpus-chat",
        "messages": [{"role": "user", "content": "When does the ferry leave?"}],
    }
    try:
        engine = make_engine(chroma_url=server.url, collection="goes-down", **FAST)
        engine.ingest()
        api = TestClient(create_api(engine, engine.settings))
        assert api.post("/v1/chat/completions", json=question).status_code == 200
    finally:
        server.stop()

    reply = api.post("/v1/chat/completions", json=question)
    assert reply.status_code == 503
    error = reply.json()["error"]
    assert error["code"] == "store_unavailable" and error["type"] == "server_error"
    assert "\n" not in error["message"] and error["message"].startswith(f"Chroma server {server.url} ")
    *_, last = stream_turn(engine, [Turn("When does the ferry leave?")], 4, None)
    assert last[-1].answer is None and last[-1].note.startswith(
        f"Could not answer: Chroma server {server.url}"
    )

    restarted = ChromaServer(data, port=server.port).start()  # back on the same port and data
    try:
        assert api.post("/v1/chat/completions", json=question).status_code == 200
    finally:
        restarted.stop()


def test_server_dying_mid_document_leaves_the_previous_version(
    make_engine: Callable[..., CorpusChat], small_corpus: Path, tmp_path: Path
) -> None:
    """The server is killed after a changed document's new chunks are written and before the registry
    moves to them: queries still see the old version whole, never the half-written new one."""
    data = tmp_path / "chroma-data"
    server = ChromaServer(data).start()
    try:
        engine = make_engine(chroma_url=server.url, collection="crash", **FAST)
        engine.ingest()
        old_hash = engine.store.records()["ferries.md"].sha256
        old_text = engine.document_text("ferries.md")
        (small_corpus / "ferries.md").write_text(
            "# Ferries\n\nThe ferry to Bozcaada leaves Geyikli at ten in the evening, from the new pier.\n"
        )
        commit = engine.store.documents.upsert

        def die_then_commit(**kwargs: object) -> None:
            server.stop(kill=True)
            commit(**kwargs)

        engine.store.documents.upsert = die_then_commit  # type: ignore[method-assign]
        with pytest.raises(ChromaUnavailableError) as caught:
            engine.ingest()
        one_line_naming(caught.value, server.url)
    finally:
        server.stop()

    restarted = ChromaServer(data).start()  # same data, another port
    try:
        after = make_engine(chroma_url=restarted.url, collection="crash", **FAST)
        assert after.store.records()["ferries.md"].sha256 == old_hash
        hashes = {
            meta["doc_hash"] for _, _, meta in after.store.all_chunks() if meta["source"] == "ferries.md"
        }
        assert old_hash in hashes and len(hashes) == 2  # the new version's chunks are stored: half a write

        answer = after.ask("When does the ferry to Bozcaada leave Geyikli?")
        ferry = [p for p in answer.passages if p.source == "ferries.md"]
        assert ferry and all("at nine" in p.text and "ten" not in p.text for p in ferry)
        assert all(old_text[p.start : p.end] == p.text for p in ferry)
        assert "at nine" in answer.answer and "at ten" not in answer.answer

        report = after.ingest()  # the server is back: the change goes in, the leftovers go away
        assert report.updated == ["ferries.md"]
        current = after.store.records()["ferries.md"].sha256
        assert {
            meta["doc_hash"] for _, _, meta in after.store.all_chunks() if meta["source"] == "ferries.md"
        } == {current}
        assert "at ten" in after.ask("When does the ferry to Bozcaada leave Geyikli?").answer
    finally:
        restarted.stop()

"""Shared fixtures: the real embedding model (loaded once), real Chroma: embedded in a temp folder, or a
real ``chroma run`` server on a loopback port.

Tests marked ``both_stores`` run once per store mode (``store_mode``: embedded, then server); the
others use embedded Chroma. The server is started once per session, and only if a test needs it; each
test gets collections of its own on it.
"""

import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from langchain_core.embeddings import Embeddings

from index.embeddings import PassageVectors, embed_passages, load_embeddings
from index.sentence_vectors import Span
from rag.config import Settings
from rag.service import CorpusChat

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
ARTICLE = CORPUS / "turkey_s400_nato.txt"


class CountingEmbeddings(Embeddings):
    """The real model, counting how many texts it is asked to embed."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.documents_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_passages(self, texts: list[str], spans: list[list[Span]]) -> list[PassageVectors]:
        self.documents_embedded += len(texts)
        return embed_passages(self.inner, texts, spans)


@pytest.fixture(scope="session")
def embeddings() -> Embeddings:
    return load_embeddings()


CHROMA_CLI = Path(sys.executable).with_name("chroma")
STORE_MODES = ("embedded", "server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaServer:
    """A real Chroma server (``chroma run``, the CLI of the chromadb package) on 127.0.0.1."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> "ChromaServer":
        """Start the server and return once its heartbeat answers."""
        if not CHROMA_CLI.exists():
            pytest.skip(f"no Chroma server: {CHROMA_CLI} (from the chromadb package) is missing")
        self.path.mkdir(parents=True, exist_ok=True)
        log = self.path.parent / f"{self.path.name}-{self.port}.log"
        command = [str(CHROMA_CLI), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        with log.open("wb") as out:  # the child keeps its own descriptor
            self.process = subprocess.Popen([*command, "--port", str(self.port)], stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.process.returncode}: see {log}")
            try:
                httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).raise_for_status()
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {timeout:.0f} s")

    def stop(self, kill: bool = False) -> None:
        """Stop the server; ``kill`` sends SIGKILL, as a crash would."""
        if self.process is None or self.process.poll() is not None:
            return
        if kill:
            self.process.kill()
        else:
            self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """One real Chroma server for the session, on a free loopback port."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data").start()
    yield server
    server.stop()


@dataclass(frozen=True)
class StoreMode:
    """Where a test's Chroma lives: ``embedded`` (a folder) or ``server`` (``url``)."""

    name: str
    url: str | None = None

    def settings(self) -> dict[str, object]:
        """Settings overrides that point an engine at this store."""
        return {"chroma_url": self.url} if self.url else {}

    def env(self) -> dict[str, str]:
        """The same, as ``RAG_*`` environment variables for the CLI."""
        return {"RAG_CHROMA_URL": self.url} if self.url else {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_stores: run against embedded Chroma and a Chroma server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_mode" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("store_mode", STORE_MODES, indirect=True)


@pytest.fixture(scope="module")
def store_mode(request: pytest.FixtureRequest) -> StoreMode:
    """The store a test runs against: embedded, unless the test is marked ``both_stores`` (then
    parametrised: embedded, then the session's Chroma server)."""
    name = getattr(request, "param", "embedded")
    if name == "server":
        return StoreMode(name, request.getfixturevalue("chroma_server").url)
    return StoreMode(name)


@pytest.fixture
def make_engine(tmp_path: Path, embeddings: Embeddings, store_mode: StoreMode) -> Callable[..., CorpusChat]:
    """An engine over a fresh store in ``tmp_path`` (or fresh collections on the Chroma server, in
    server mode); keyword arguments override settings. Engines made in one test share the store."""
    collection = f"test-{uuid.uuid4().hex[:12]}" if store_mode.url else "test-corpus"

    def make(**overrides: object) -> CorpusChat:
        values: dict[str, object] = {
            "persist_dir": tmp_path / "store",
            "corpus_dir": tmp_path / "corpus",
            "collection": collection,
            **store_mode.settings(),
        }
        values.update(overrides)
        engine = CorpusChat(Settings(**values))  # type: ignore[arg-type]
        engine.__dict__["embeddings"] = CountingEmbeddings(embeddings)
        return engine

    return make


@pytest.fixture
def engine_over(make_engine: Callable[..., CorpusChat], tmp_path: Path) -> Callable[..., CorpusChat]:
    """An engine whose corpus is ``files`` (name -> text), ingested; keyword arguments override
    settings as for ``make_engine``."""

    def make(files: dict[str, str], **overrides: object) -> CorpusChat:
        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        for name, text in files.items():
            (corpus / name).write_text(text, encoding="utf-8")
        engine = make_engine(**overrides)
        engine.ingest()
        return engine

    return make


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the default corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> CorpusChat:
    """An engine with the default corpus ingested once for the whole session (read-only use)."""
    root = tmp_path_factory.mktemp("seed")
    engine = CorpusChat(Settings(persist_dir=root / "store", corpus_dir=CORPUS, collection="seed"))
    engine.__dict__["embeddings"] = embeddings
    engine.ingest()
    return engine

"""Shared fixtures: the real embedding model (loaded once), real embedded Chroma in a temp folder."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from index.embeddings import load_embeddings
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


@pytest.fixture(scope="session")
def embeddings() -> Embeddings:
    return load_embeddings()


@pytest.fixture
def make_engine(tmp_path: Path, embeddings: Embeddings) -> Callable[..., CorpusChat]:
    """An engine over a fresh store in ``tmp_path``; keyword arguments override settings."""

    def make(**overrides: object) -> CorpusChat:
        values: dict[str, object] = {
            "persist_dir": tmp_path / "store",
            "corpus_dir": tmp_path / "corpus",
            "collection": "test-corpus",
        }
        values.update(overrides)
        engine = CorpusChat(Settings(**values))  # type: ignore[arg-type]
        engine.__dict__["embeddings"] = CountingEmbeddings(embeddings)
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

"""Fixtures for the UI tests: one engine over a copy of corpus/ for the whole session."""

import shutil
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from rag.config import Settings
from rag.service import CorpusChat
from tests.conftest import CORPUS


@pytest.fixture(scope="session")
def ui_engine(tmp_path_factory: pytest.TempPathFactory, embeddings: Embeddings) -> CorpusChat:
    """The default corpus, copied (uploads land in the copy) and ingested once."""
    root = tmp_path_factory.mktemp("ui")
    shutil.copytree(CORPUS, root / "corpus")
    settings = Settings(persist_dir=root / "store", corpus_dir=root / "corpus", collection="ui-corpus")
    engine = CorpusChat(settings)
    engine.__dict__["embeddings"] = embeddings
    engine.ingest()
    return engine


@pytest.fixture
def note(tmp_path: Path) -> Path:
    """A small Markdown file to upload, about something the default corpus never mentions."""
    path = tmp_path / "ferries.md"
    path.write_text("# Ferries\n\nThe ferry to Bozcaada leaves Geyikli harbour at nine every morning.\n")
    return path

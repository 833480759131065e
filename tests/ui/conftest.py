"""Fixtures for the UI tests: one engine over a copy of corpus/ for the whole session."""

import shutil
from collections.abc import Iterator
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


BASES = """---
title: Base closures
published_at: 2024-03-01
---
# Base closures

Erdogan threatened to close the Incirlik and Kurecik bases, a newspaper in Ankara reported in March.
"""


@pytest.fixture
def bases(ui_engine: CorpusChat) -> Iterator[str]:
    """A dated document in the shared corpus on what the default one answers too (which bases
    Erdogan threatened to close), for the filters to choose between; removed afterwards."""
    ui_engine.add_file("bases.md", BASES.encode())
    ui_engine.ingest()
    yield "bases.md"
    ui_engine.delete_document("bases.md")

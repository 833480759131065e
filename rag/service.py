"""``CorpusChat``: one object that wires settings, store, retriever and answer chain together.

The CLI, the Gradio app, the HTTP API and the evaluator all go through it, so they answer alike.
"""

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from langchain_core.runnables import Runnable

from index.embeddings import load_embeddings
from index.pipeline import IngestReport, ProgressCallback, ingest
from index.store import ChunkStore, open_client
from rag.chain import build_chain
from rag.config import Settings
from rag.extractive import ExtractiveAnswerer
from rag.retrieval import DenseRetriever
from rag.schema import Answer


class CorpusChat:
    """The corpus-chat engine for one collection."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def embeddings(self) -> Embeddings:
        return load_embeddings(self.settings.embedding_model, self.settings.embedding_batch_size)

    @cached_property
    def store(self) -> ChunkStore:
        client = open_client(self.settings.persist_dir, self.settings.chroma_url)
        return ChunkStore(client, self.settings.collection, self.settings.embedding_model)

    @cached_property
    def vectorstore(self) -> Chroma:
        return Chroma(
            client=self.store.client,
            collection_name=self.settings.collection,
            embedding_function=self.embeddings,
            create_collection_if_not_exists=False,
        )

    @cached_property
    def retriever(self) -> DenseRetriever:
        return DenseRetriever(vectorstore=self.vectorstore, k=self.settings.top_k)

    @cached_property
    def answerer(self) -> ExtractiveAnswerer:
        return ExtractiveAnswerer(
            self.embeddings,
            min_relevance=self.settings.min_relevance,
            max_sentences=self.settings.max_answer_sentences,
        )

    @cached_property
    def chain(self) -> Runnable[dict[str, Any], Answer]:
        return build_chain(self.retriever, self.answerer)

    def ask(
        self,
        question: str,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        history: Sequence[str] = (),
    ) -> Answer:
        """Answer ``question`` from the corpus; ``history`` holds the earlier user turns."""
        question = question.strip()
        if not question:
            raise ValueError("question: empty")
        return self.chain.invoke({"question": question, "k": k, "where": where})

    def ingest(
        self, root: Path | None = None, on_progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> IngestReport:
        """Mirror ``root`` (default: the configured corpus folder) into the collection."""
        root = root or self.settings.corpus_dir
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such file or folder")
        if rebuild:
            self.store.drop()
            self.__dict__.pop("store", None)
            self.__dict__.pop("vectorstore", None)
            self.__dict__.pop("retriever", None)
            self.__dict__.pop("chain", None)
        return ingest(root, self.store, self.embeddings, self.settings.chunking(), on_progress)

    def status(self) -> dict[str, Any]:
        """What is indexed, with which model, where, and when it was last ingested."""
        records = self.store.records()
        return {
            "collection": self.settings.collection,
            "store": self.settings.chroma_url or str(self.settings.persist_dir.resolve()),
            "embedding_model": self.settings.embedding_model,
            "documents": len(records),
            "chunks": self.store.chunk_count(),
            "last_ingest": self.store.last_ingest(),
        }

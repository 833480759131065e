"""``CorpusChat``: one object that wires settings, store, retriever and answer chain together.

The CLI, the Gradio app, the HTTP API and the evaluator all go through it, so they answer alike.
"""

import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from index.bm25 import BM25Index
from index.embeddings import load_embeddings
from index.loaders import SUPPORTED_SUFFIXES
from index.pipeline import IngestReport, ProgressCallback, ingest
from index.store import ChunkStore, DocumentRecord, RetryPolicy, open_client
from rag.backends import build_answerer, configured_backends, query_rewriter
from rag.chain import Answerer, build_chain, build_stream_chain
from rag.config import Settings
from rag.followup import standalone_query
from rag.rerank import SentenceRerankRetriever
from rag.retrieval import BM25Retriever, CurrentVersionRetriever, DenseRetriever, HybridRetriever
from rag.schema import Answer
from rag.scoring import SentenceScorer


class UploadError(ValueError):
    """A file the corpus does not accept; the message names it and says why."""


class CorpusChat:
    """The corpus-chat engine for one collection."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def embeddings(self) -> Embeddings:
        return load_embeddings(self.settings.embedding_model, self.settings.embedding_batch_size)

    @cached_property
    def store(self) -> ChunkStore:
        settings = self.settings
        token = settings.chroma_token.get_secret_value() if settings.chroma_token else None
        policy = RetryPolicy(retries=settings.chroma_retries, timeout=settings.chroma_timeout)
        client = open_client(settings.persist_dir, settings.chroma_url, token, policy)
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
    def bm25(self) -> BM25Index:
        """The BM25 index beside the collection, rebuilt if the chunks changed since it was saved."""
        return BM25Index.open(self.store, self._bm25_folder, self.settings.index_header)

    @property
    def _bm25_folder(self) -> Path:
        return self.settings.persist_dir / "bm25" / self.settings.collection

    @cached_property
    def retriever(self) -> BaseRetriever:
        """The retriever the settings ask for: dense, bm25 or hybrid, then the reranker if enabled."""
        settings = self.settings
        # Only whole document versions: what the registry names (the store's commit point).
        first_stage = CurrentVersionRetriever(
            base=self._first_stage_retriever(), versions=self.store.current_versions
        )
        if not settings.rerank:
            return first_stage
        return SentenceRerankRetriever(
            base=first_stage,
            scorer=SentenceScorer(self.embeddings, settings.semantic_weight),
            k=settings.top_k,
            depth=settings.rerank_depth,
            retrieval_weight=settings.rerank_retrieval_weight,
            max_per_source=settings.max_per_source,
        )

    def _first_stage_retriever(self) -> BaseRetriever:
        settings = self.settings
        dense = DenseRetriever(vectorstore=self.vectorstore, k=settings.top_k)
        if settings.retrieval == "dense":
            return dense
        lexical = BM25Retriever(collection=self.store.chunks, index=self.bm25, k=settings.top_k)
        if settings.retrieval == "bm25":
            return lexical
        return HybridRetriever(
            dense=dense,
            lexical=lexical,
            k=settings.top_k,
            candidates=settings.fusion_candidates,
            rrf_k=settings.rrf_k,
            dense_weight=settings.dense_weight,
            bm25_weight=settings.bm25_weight,
            max_per_source=settings.max_per_source,
        )

    def _refresh_indexes(self) -> None:
        """Rebuild the BM25 index from the store and let the retriever pick it up."""
        self.__dict__["bm25"] = BM25Index.build(self.store, self._bm25_folder, self.settings.index_header)
        self.__dict__.pop("retriever", None)

    @cached_property
    def _answerers(self) -> dict[str, Answerer]:
        return {}

    @property
    def backends(self) -> list[str]:
        """Back ends a request may choose, the default first."""
        return configured_backends(self.settings)

    def answerer(self, backend: str | None = None) -> Answerer:
        """The answerer for ``backend`` (default: the configured one), built on first use."""
        name = backend or self.settings.backend
        if name not in self._answerers:
            self._answerers[name] = build_answerer(name, self.settings, self.embeddings)
        return self._answerers[name]

    def _inputs(
        self,
        question: str,
        k: int | None,
        where: dict[str, Any] | None,
        history: Sequence[str],
        answerer: Answerer,
        min_score: float | None = None,
    ) -> dict[str, Any]:
        question = question.strip()
        if not question:
            raise ValueError("question: empty")
        query = standalone_query(question, history, query_rewriter(answerer))
        return {"question": question, "query": query, "k": k, "where": where, "min_score": min_score}

    def ask(
        self,
        question: str,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        history: Sequence[str] = (),
        backend: str | None = None,
        min_score: float | None = None,
    ) -> Answer:
        """Answer ``question`` from the corpus.

        ``k`` passages (default: the setting), restricted by a Chroma ``where`` filter and to passages
        scoring at least ``min_score``; ``history`` holds the earlier user turns, oldest first.
        """
        answerer = self.answerer(backend)
        chain = build_chain(self.retriever, answerer)
        return chain.invoke(self._inputs(question, k, where, history, answerer, min_score))

    def stream(
        self,
        question: str,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        history: Sequence[str] = (),
        backend: str | None = None,
        min_score: float | None = None,
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, yielding text deltas as they come and then the final :class:`Answer`."""
        answerer = self.answerer(backend)
        chain = build_stream_chain(self.retriever, answerer)
        yield from chain.stream(self._inputs(question, k, where, history, answerer, min_score))

    def ingest(
        self, root: Path | None = None, on_progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> IngestReport:
        """Mirror ``root`` (default: the configured corpus folder) into the collection."""
        root = root or self.settings.corpus_dir
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such file or folder")
        if rebuild:
            self.store.drop()
            for cached in ("store", "vectorstore", "retriever", "bm25"):
                self.__dict__.pop(cached, None)
        report = ingest(root, self.store, self.embeddings, self.settings.chunking(), on_progress)
        if report.added or report.updated or report.removed or rebuild:
            self._refresh_indexes()
        return report

    # --- the corpus folder --------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Every indexed document, by path."""
        return sorted(self.store.records().values(), key=lambda r: r.doc_id)

    def document_text(self, doc_id: str) -> str | None:
        """A document's normalised text: what citation offsets index into."""
        return self.store.document_text(doc_id)

    def add_file(self, filename: str, data: bytes) -> Path:
        """Store an uploaded file in the corpus folder under a safe name (run :meth:`ingest` next)."""
        name = sanitize_filename(filename)
        limit = self.settings.max_upload_mb * 1024 * 1024
        if len(data) > limit:
            raise UploadError(
                f"{name}: {len(data) / 1e6:.1f} MB is over the {self.settings.max_upload_mb} MB limit"
            )
        root = self.settings.corpus_dir.resolve()
        root.mkdir(parents=True, exist_ok=True)
        target = root / name
        partial = root / f".{name}.part"
        partial.write_bytes(data)
        partial.replace(target)
        return target

    def delete_document(self, doc_id: str) -> None:
        """Remove a document from the corpus folder and from the index."""
        root = self.settings.corpus_dir.resolve()
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"{doc_id}: outside the corpus folder")
        path.unlink(missing_ok=True)
        self.store.delete_document(doc_id)
        self._refresh_indexes()

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


_UNSAFE = re.compile(r"[^\w.\- ]+")


def sanitize_filename(filename: str) -> str:
    """A plain file name for the corpus folder: no folders, no hidden files, a supported suffix."""
    name = _UNSAFE.sub("_", Path(filename.replace("\\", "/")).name).strip(" ._")
    suffix = Path(name).suffix.lower()
    if not name or not Path(name).stem:
        raise UploadError(f"{filename!r}: not a usable file name")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadError(f"{name}: unsupported file type '{suffix or '(none)'}'")
    return name

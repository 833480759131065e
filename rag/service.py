"""``CorpusChat``: one object that wires settings, store, retriever and answer chain together.

The CLI, the Gradio app, the HTTP API and the evaluator all go through it, so they answer alike.

One engine serves every request of ``rag serve``, from many threads at once. The model, the Chroma
client and the answerers are built once and shared (:meth:`CorpusChat.warm` builds them before the first
request). Queries take no lock: the BM25 index and the retriever that uses it are replaced whole after an
ingest (the new index is built aside, then both are swapped in under a lock), so a query finishes on the
pair it started with. Ingests and deletions run one at a time.
"""

import re
import threading
from collections.abc import Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from chromadb.api import ClientAPI
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever

from index.bm25 import BM25Index
from index.embeddings import load_embeddings
from index.loaders import SUPPORTED_SUFFIXES, LoadError, load_document
from index.pipeline import IngestReport, ProgressCallback, discover, doc_id_for, ingest
from index.store import ChunkStore, DocumentRecord, RetryPolicy, last_ingest, open_client
from rag.backends import build_answerer, configured_backends, query_rewriter
from rag.chain import Answerer, build_chain, build_stream_chain
from rag.config import Settings
from rag.followup import Exchange, as_exchanges, split_asked, standalone_query, whole_question
from rag.rerank import SentenceRerankRetriever
from rag.retrieval import (
    BM25Retriever,
    CurrentVersionRetriever,
    DenseRetriever,
    HybridRetriever,
    finish_cut_sentences,
)
from rag.schema import Answer
from rag.scoring import SentenceScorer
from rag.spelling import Speller


class UploadError(ValueError):
    """A file the corpus does not accept; the message names it and says why."""


class FolderMismatchError(ValueError):
    """An ingest of another folder than the one the collection mirrors, which would empty it. The message
    ends with the CLI's way out (``--rebuild``); ``problem`` and ``folder`` let another front end word
    its own."""

    def __init__(self, problem: str, folder: Path) -> None:
        super().__init__(f"{problem}; use --rebuild to index {folder} in its place, or another collection")
        self.problem, self.folder = problem, folder


class CorpusChat:
    """The corpus-chat engine for one collection."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        # Guards building the shared objects below and swapping the indexes; held for microseconds
        # except while something is built for the first time.
        self._build_lock = threading.RLock()
        # One writer (ingest, deletion) at a time.
        self._write_lock = threading.Lock()
        self._bm25: BM25Index | None = None
        self._retriever: BaseRetriever | None = None
        self._answerers: dict[str, Answerer] = {}

    @cached_property
    def embeddings(self) -> Embeddings:
        settings = self.settings
        return load_embeddings(
            settings.embedding_model, settings.embedding_batch_size, settings.embedding_backend
        )

    @cached_property
    def client(self) -> ClientAPI:
        settings = self.settings
        token = settings.chroma_token.get_secret_value() if settings.chroma_token else None
        policy = RetryPolicy(retries=settings.chroma_retries, timeout=settings.chroma_timeout)
        return open_client(settings.persist_dir, settings.chroma_url, token, policy)

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore(self.client, self.settings.collection, self.settings.embedding_identity())

    @cached_property
    def vectorstore(self) -> Chroma:
        return Chroma(
            client=self.store.client,
            collection_name=self.settings.collection,
            embedding_function=self.embeddings,
            create_collection_if_not_exists=False,
        )

    @property
    def bm25(self) -> BM25Index:
        """The BM25 index beside the collection, rebuilt if the chunks changed since it was saved."""
        index = self._bm25
        if index is None:
            with self._build_lock:
                if self._bm25 is None:
                    self._bm25 = BM25Index.open(self.store, self._bm25_folder, self.settings.index_header)
                index = self._bm25
        return index

    @property
    def _bm25_folder(self) -> Path:
        return self.settings.persist_dir / "bm25" / self.settings.collection

    @property
    def retriever(self) -> BaseRetriever:
        """The retriever the settings ask for: dense, bm25 or hybrid, then the reranker if enabled."""
        retriever = self._retriever
        if retriever is None:
            with self._build_lock:
                if self._retriever is None:
                    self._retriever = self._build_retriever()
                retriever = self._retriever
        return retriever

    def _build_retriever(self) -> BaseRetriever:
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
            diversity_ratio=settings.diversity_ratio,
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
            keep_best=settings.rerank,  # the reranker then judges a document's further chunks too
        )

    def _refresh_indexes(self) -> None:
        """Rebuild the BM25 index from the store, aside (queries go on with the current one meanwhile),
        then swap it and a retriever over it in together. Callers hold the write lock."""
        index = BM25Index.build(self.store, self._bm25_folder, self.settings.index_header)
        with self._build_lock:
            self._bm25 = index
            self._retriever = self._build_retriever()

    def warm(self) -> None:
        """Load the model and build the store, indexes, retriever and default answerer now, so that a
        server's first concurrent requests share them instead of each waiting to build them."""
        self.embeddings.embed_query("warm up")
        self.vectorstore  # noqa: B018  (a cached property: building it is the point)
        self.retriever  # noqa: B018
        self.answerer()
        self._spelt("warm up")  # loads the dictionary

    @property
    def backends(self) -> list[str]:
        """Back ends a request may choose, the default first."""
        return configured_backends(self.settings)

    def answerer(self, backend: str | None = None) -> Answerer:
        """The answerer for ``backend`` (default: the configured one), built on first use."""
        name = backend or self.settings.backend
        answerer = self._answerers.get(name)
        if answerer is None:
            with self._build_lock:  # once per back end: a llama.cpp answerer loads a model
                if name not in self._answerers:
                    self._answerers[name] = build_answerer(name, self.settings, self.embeddings)
                answerer = self._answerers[name]
        return answerer

    def _inputs(
        self,
        question: str,
        k: int | None,
        where: dict[str, Any] | None,
        history: Sequence[str | Exchange],
        answerer: Answerer,
        min_score: float | None = None,
    ) -> dict[str, Any]:
        typed = question.strip()
        if not typed:
            raise ValueError("question: empty")
        question = self._spelt(typed)
        # what a message tells before its question is context, like an earlier turn
        told, asked = split_asked(question)
        earlier = as_exchanges(history)
        turns = [*earlier, Exchange(told)] if told else earlier
        rewrite = query_rewriter(answerer)
        if rewrite is None and not told and (whole := whole_question(asked, [t.question for t in earlier])):
            question = asked = whole  # "And for cats?" asks "How much is the health plan for cats?"
        query = standalone_query(asked, turns, rewrite, told=bool(told))
        return {
            "question": question,
            "typed": typed,
            "asked": asked,
            "told": told,
            "query": query,
            "k": k,
            "where": where,
            "min_score": min_score,
        }

    def _spelt(self, question: str) -> str:
        """``question`` with its misspelt words corrected to the corpus's (``rag.spelling``), when the
        settings ask for it."""
        if not self.settings.spelling:
            return question
        return Speller(self.bm25.knows).corrected(question)

    def ask(
        self,
        question: str,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        history: Sequence[str | Exchange] = (),
        backend: str | None = None,
        min_score: float | None = None,
    ) -> Answer:
        """Answer ``question`` from the corpus.

        ``k`` passages (default: the setting), restricted by a Chroma ``where`` filter and to passages
        scoring at least ``min_score``; ``history`` holds the earlier turns, oldest first: the user's
        questions, with what was answered to them when known (:class:`rag.followup.Exchange`).
        """
        answerer = self.answerer(backend)
        chain = build_chain(self.retriever, answerer, self._finish)
        return chain.invoke(self._inputs(question, k, where, history, answerer, min_score))

    def stream(
        self,
        question: str,
        k: int | None = None,
        where: dict[str, Any] | None = None,
        history: Sequence[str | Exchange] = (),
        backend: str | None = None,
        min_score: float | None = None,
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, yielding text deltas as they come and then the final :class:`Answer`."""
        answerer = self.answerer(backend)
        chain = build_stream_chain(self.retriever, answerer, self._finish)
        yield from chain.stream(self._inputs(question, k, where, history, answerer, min_score))

    def _finish(self, documents: list[Document]) -> list[Document]:
        return finish_cut_sentences(documents, self.store.chunk_texts, self.settings.finish_sentences)

    def ingest(
        self, root: Path | None = None, on_progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> IngestReport:
        """Mirror ``root`` (default: :attr:`corpus_folder`) into the collection.

        Queries go on meanwhile: each document appears whole when written, in dense search at once and
        in BM25 when the ingest ends. A second ingest waits for the first. ``rebuild`` embeds every
        document into a new collection beside the current one, which goes on answering (and stays
        whole if the rebuild fails or is killed), then puts the new one in its place.
        """
        settings = self.settings
        with self._write_lock:
            root = self._folder_to_ingest(root, rebuild)
            if not rebuild:
                report = ingest(root, self.store, self.embeddings, settings.chunking(), on_progress)
            else:
                staged = ChunkStore.staged(self.client, settings.collection, settings.embedding_identity())
                report = ingest(root, staged, self.embeddings, settings.chunking(), on_progress)
                with self._build_lock:
                    staged.promote(settings.collection)
                    self.__dict__["store"] = staged
                    self.__dict__.pop("vectorstore", None)
                    self._bm25 = self._retriever = None
            if report.added or report.updated or report.removed or rebuild:
                self._refresh_indexes()
        return report

    def _folder_to_ingest(self, root: Path | None, rebuild: bool) -> Path:
        """``root``, or the folder the collection mirrors. A collection mirrors one folder: another
        folder that would remove most of its documents takes ``rebuild`` (the same files moved
        elsewhere do not)."""
        mirrored = self.mirrored_folder()
        root = root or self._folder_to_use(mirrored)
        if not root.exists():
            raise FileNotFoundError(f"{root}: no such file or folder")
        if not root.is_dir():
            raise ValueError(f"{root}: not a folder (put the file in the corpus folder)")
        if not rebuild and mirrored and root.resolve() != mirrored:
            indexed = set(self.store.records())
            removed = indexed - {doc_id_for(path, root) for path in discover(root)}
            if len(removed) > len(indexed) / 2:
                raise FolderMismatchError(
                    f"collection '{self.settings.collection}' mirrors {mirrored}: indexing {root} would "
                    f"remove {len(removed)} of its {len(indexed)} documents",
                    root,
                )
        return root

    def mirrored_folder(self) -> Path | None:
        """The folder the collection's last ingest indexed (None before the first)."""
        folder = last_ingest(self.client, self.settings.collection).get("folder")
        return Path(folder) if folder else None

    @property
    def corpus_folder(self) -> Path:
        """The folder an ingest without one indexes, uploads go to and deletions apply to: the
        ``corpus_dir`` setting where it is set (rag.toml, RAG_CORPUS_DIR), else the folder the
        collection mirrors (``rag ingest PATH`` last), else the default ``corpus/``."""
        return self._folder_to_use(self.mirrored_folder())

    def _folder_to_use(self, mirrored: Path | None) -> Path:
        if "corpus_dir" in self.settings.model_fields_set:
            return self.settings.corpus_dir
        return mirrored or self.settings.corpus_dir

    # --- the corpus folder --------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Every indexed document, by path."""
        return sorted(self.store.records().values(), key=lambda r: r.doc_id)

    def document_text(self, doc_id: str) -> str | None:
        """A document's normalised text: what citation offsets index into."""
        return self.store.document_text(doc_id)

    def check_upload(self, filename: str, size: int) -> str:
        """The safe name an upload of ``filename`` (``size`` bytes) is stored under; :class:`UploadError`
        when its name or type is refused or it is over ``max_upload_mb``: what can be told before
        its bytes are read."""
        name = sanitize_filename(filename)
        if size > self.settings.max_upload_mb * 1024 * 1024:
            raise UploadError(
                f"{name}: {size / 1e6:.1f} MB is over the {self.settings.max_upload_mb} MB limit"
            )
        return name

    def add_file(self, filename: str, data: bytes) -> Path:
        """Store an uploaded file in the corpus folder under a safe name (run :meth:`ingest` next).
        What the ingest could not read (empty, corrupt, binary) is refused here: in the folder it would
        be in no index, so nothing could list or delete it, and every ingest would report it again."""
        name = self.check_upload(filename, len(data))
        try:
            load_document(Path(name), data)
        except LoadError as error:
            raise UploadError(f"{name}: {error.reason}") from None
        root = self.corpus_folder.resolve()
        root.mkdir(parents=True, exist_ok=True)
        target = root / name
        partial = root / f".{name}.part"
        partial.write_bytes(data)
        partial.replace(target)
        return target

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document from the corpus folder and from the index; False when it was in neither
        (another session, or another process, deleted it first)."""
        root = self.corpus_folder.resolve()
        path = (root / doc_id).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"{doc_id}: outside the corpus folder")
        with self._write_lock:
            indexed = bool(self.store.current_versions([doc_id]))
            on_disk = path.is_file()
            path.unlink(missing_ok=True)
            self.store.delete_document(doc_id)
            if indexed:
                self._refresh_indexes()
        return indexed or on_disk

    def status(self) -> dict[str, Any]:
        """What is indexed, with which model, where, and when it was last ingested; the documents
        indexed without a part of them that could not be read."""
        records = self.store.records()
        return {
            "collection": self.settings.collection,
            "store": self.settings.chroma_url or str(self.settings.persist_dir.resolve()),
            "embedding_model": self.settings.embedding_model,
            "embedding_backend": self.settings.embedding_backend,
            "documents": len(records),
            "partly_read": sorted(doc_id for doc_id, record in records.items() if record.warnings),
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

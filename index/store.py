"""The Chroma collections behind one corpus: chunk embeddings and a registry of ingested documents.

The registry (one record per document: its hash, title, size, chunk count, ingest time and normalised
text) is what makes ingest incremental and lets any client resolve a citation's offsets to the exact
text. Both live in the same Chroma database, embedded (``PersistentClient``) or a server (``HttpClient``).
"""

import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.fastapi import FastAPI
from chromadb.config import Settings as ChromaSettings
from tenacity import (
    Future,
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential_jitter,
)

from index.ids import version_key, version_key_for

Metadata = dict[str, str | int | float | bool]
_PAGE = 1000
# Reading every id of a collection: Chroma's offset paging costs more the further in a page starts, so
# few, large pages (the ids of 100k chunks: 8.6 s in pages of 1,000, 0.9 s in pages of 50,000, the
# same memory). Pages with metadata stay at _PAGE: larger ones were no faster and kept more memory
# (the registry of 72k documents: +127 MB in pages of 1,000, +281 MB in pages of 5,000).
_ID_SCAN_PAGE = 50_000
# Chroma needs a vector for every record; the registry is looked up by id only.
_NO_VECTOR = [1.0]

logger = logging.getLogger(__name__)


class ChromaUnavailableError(RuntimeError):
    """The Chroma server could not be used: unreachable, failing after the retries, or refusing the
    credentials. The message is one line and names the server's URL."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        super().__init__(f"Chroma server {url} unavailable: {' '.join(reason.split())}")


@dataclass(frozen=True)
class RetryPolicy:
    """How a Chroma server's requests are timed out and retried.

    A request that fails on the way (connection refused or reset, timeout) or gets 429/5xx is sent
    again after ``backoff``, 2 x ``backoff``, 4 x ... seconds (plus up to ``backoff`` of jitter, at most
    ``max_backoff``), ``retries`` times. So a request gives up after at most
    ``(retries + 1) * timeout`` seconds plus the waits (about 4 s with the defaults); a server that is
    down fails in the waits alone.
    """

    retries: int = 3
    timeout: float = 30.0
    connect_timeout: float = 5.0
    backoff: float = 0.5
    max_backoff: float = 8.0


_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})


class _RetryingClient(httpx.Client):
    """The HTTP session of a Chroma client: bounded timeouts, and every request retried by a
    :class:`RetryPolicy` (Chroma writes are upserts and deletes by id, so sending one again is safe).
    Gives up with :class:`ChromaUnavailableError`."""

    def __init__(self, url: str, policy: RetryPolicy, **kwargs: Any) -> None:
        super().__init__(timeout=httpx.Timeout(policy.timeout, connect=policy.connect_timeout), **kwargs)
        self.chroma_url = url
        self.policy = policy

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        policy = self.policy
        retrying = Retrying(
            stop=stop_after_attempt(policy.retries + 1),
            wait=wait_exponential_jitter(
                multiplier=policy.backoff, max=policy.max_backoff, jitter=policy.backoff
            ),
            retry=retry_if_exception_type(httpx.TransportError)
            | retry_if_result(lambda response: response.status_code in _TRANSIENT_STATUS),
            before_sleep=self._log_retry,
        )
        try:
            return retrying(super().send, request, **kwargs)
        except RetryError as error:
            last = error.last_attempt
            raise ChromaUnavailableError(
                self.chroma_url, f"{_failure(last)} ({last.attempt_number} attempts)"
            ) from last.exception()

    def _log_retry(self, state: RetryCallState) -> None:
        # INFO, not WARNING: the CLI's only output about a server that stays down is the final error.
        if state.outcome is not None and state.next_action is not None:
            logger.info(
                "Chroma server %s: %s; retry %d in %.1f s",
                self.chroma_url,
                _failure(state.outcome),
                state.attempt_number,
                state.next_action.sleep,
            )


def _failure(attempt: Future) -> str:
    """What went wrong in a failed attempt: the transport error, or the HTTP status it got."""
    error = attempt.exception()
    return f"{type(error).__name__}: {error}" if error else f"HTTP {attempt.result().status_code}"


def open_client(
    persist_dir: Path,
    server_url: str | None = None,
    token: str | None = None,
    policy: RetryPolicy = RetryPolicy(),
) -> ClientAPI:
    """An embedded client persisting under ``persist_dir``, or an HTTP client for a Chroma server.

    ``server_url`` is ``http(s)://host[:port][/path]`` (the port defaults to the scheme's; a path is
    kept, for a server behind a reverse proxy). ``token`` is sent as Chroma token auth, in the
    ``X-Chroma-Token`` header as Chroma Cloud expects (chromadb's ``CHROMA_AUTH_TOKEN_TRANSPORT_HEADER=
    Authorization`` sends it as a bearer token instead), and the tenant and database then come from
    what the token grants. Raises :class:`ChromaUnavailableError` when the server cannot be used.
    """
    if not server_url:
        persist_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(persist_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
    url = server_url.rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise ValueError(f"chroma_url {server_url!r}: expected http(s)://host[:port][/path]")
    settings = ChromaSettings(anonymized_telemetry=False)
    if token:
        settings.chroma_client_auth_provider = "chromadb.auth.token_authn.TokenAuthClientProvider"
        settings.chroma_client_auth_credentials = token
        settings.chroma_auth_token_transport_header = (
            settings.chroma_auth_token_transport_header or "X-Chroma-Token"
        )
        settings.chroma_overwrite_singleton_tenant_database_access_from_auth = True
    api_url = FastAPI.resolve_url(url, parsed.scheme == "https", settings.chroma_server_api_default_path)
    verify = settings.chroma_server_ssl_verify if settings.chroma_server_ssl_verify is not None else True
    # chromadb's own session has no timeout at all, and opening a client already sends requests: make
    # sure the server answers, within the policy's bounds, before handing over to it.
    with _RetryingClient(url, policy, verify=verify) as probe:
        probe.get(f"{api_url}/heartbeat")
    try:
        client = chromadb.HttpClient(host=url, ssl=parsed.scheme == "https", settings=settings)
    except Exception as error:  # auth, tenant, transport: each means this server cannot be used
        raise ChromaUnavailableError(url, f"{type(error).__name__}: {error}") from error
    server = getattr(client, "_server", None)
    if not isinstance(server, FastAPI) or not isinstance(server._session, httpx.Client):
        raise RuntimeError(f"chromadb {chromadb.__version__}: unexpected HTTP client layout")
    # chromadb has no setting for the HTTP timeout or retries: give its client a session that has both.
    previous = server._session
    server._session = _RetryingClient(
        url, policy, verify=verify, limits=server.http_limits, headers=previous.headers
    )
    previous.close()
    return client


class StoreMismatchError(RuntimeError):
    """The collection was built with another embedding model than the one configured."""


@dataclass(frozen=True)
class DocumentRecord:
    """What the registry knows about one ingested document."""

    doc_id: str
    sha256: str
    title: str
    size: int
    chunks: int
    ingested_at: str
    page_starts: tuple[int, ...] = ()
    extra: tuple[tuple[str, str | int | float | bool], ...] = ()
    index_format: int = 1
    """How the document's chunks were indexed (:data:`index.pipeline.INDEX_FORMAT`); records written
    before the field existed are format 1."""
    warnings: tuple[str, ...] = ()
    """What of the file could not be read when it was indexed (the rest was): reported again by every
    ingest that finds the file unchanged, not only by the one that read it."""

    def metadata(self) -> Metadata:
        meta: Metadata = dict(self.extra)
        meta.update(
            source=self.doc_id,
            sha256=self.sha256,
            title=self.title,
            size=self.size,
            chunks=self.chunks,
            ingested_at=self.ingested_at,
            page_starts=json.dumps(list(self.page_starts)),
            index_format=self.index_format,
        )
        if self.warnings:
            meta["warnings"] = json.dumps(list(self.warnings))
        return meta

    @classmethod
    def from_metadata(cls, doc_id: str, meta: Metadata) -> "DocumentRecord":
        own = {
            "source",
            "sha256",
            "title",
            "size",
            "chunks",
            "ingested_at",
            "page_starts",
            "index_format",
            "warnings",
        }
        return cls(
            doc_id=doc_id,
            sha256=str(meta["sha256"]),
            title=str(meta.get("title", doc_id)),
            size=int(meta.get("size", 0)),
            chunks=int(meta.get("chunks", 0)),
            ingested_at=str(meta.get("ingested_at", "")),
            page_starts=tuple(json.loads(str(meta.get("page_starts", "[]")))),
            extra=tuple(sorted((k, v) for k, v in meta.items() if k not in own)),
            index_format=int(meta.get("index_format", 1)),
            warnings=tuple(json.loads(str(meta.get("warnings", "[]")))),
        )


@dataclass(frozen=True)
class ChunkRecord:
    """One chunk ready to be written: its id, the text stored, its embedding and metadata."""

    chunk_id: str
    text: str
    embedding: Sequence[float]
    metadata: Metadata


def _staging_name(name: str) -> str:
    return f"{name}-rebuild"


def _collection_names(client: ClientAPI) -> set[str]:
    return {c.name for c in client.list_collections()}


def _drop_pair(client: ClientAPI, name: str) -> None:
    existing = _collection_names(client)
    for collection in (name, f"{name}-documents"):
        if collection in existing:
            client.delete_collection(collection)


def _rename_pair(client: ClientAPI, old: str, new: str) -> None:
    existing = _collection_names(client)
    for suffix in ("", "-documents"):
        if f"{old}{suffix}" in existing:
            client.get_collection(f"{old}{suffix}").modify(name=f"{new}{suffix}")


def _ingest_stamp(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    meta = metadata or {}
    return json.loads(str(meta["last_ingest"])) if "last_ingest" in meta else {}


def last_ingest(client: ClientAPI, name: str) -> dict[str, Any]:
    """What collection ``name``'s last finished ingest recorded (its folder, counts, time), read
    without opening the collection (whatever embedding model built it); empty before the first."""
    if f"{name}-documents" not in _collection_names(client):
        return {}
    return _ingest_stamp(client.get_collection(f"{name}-documents").metadata)


def _finish_promotion(client: ClientAPI, name: str) -> None:
    """Finish a rebuild's promotion that was killed after the live pair was deleted: a complete
    staged pair (its ingest recorded) takes the place of the missing one."""
    existing = _collection_names(client)
    staging = _staging_name(name)
    if f"{name}-documents" in existing or f"{staging}-documents" not in existing:
        return
    if last_ingest(client, staging):
        _drop_pair(client, name)
        _rename_pair(client, staging, name)


# Chroma writes a collection's HNSW graph to disk after this many new vectors (its default: 1000). A
# graph it never wrote is built again, at random, from the log each time a process opens the store,
# and a graph so built can miss a chunk: a store of 100 to 999 chunks answered a query with its best
# chunk in some processes and without it in others (seen 2 times in 8). Written every 100, a graph
# is read back as it was; the vectors after the last write (fewer than Chroma's batch of 100) are
# searched exactly. Measured: 20,000 vectors stored in 9.3 s instead of 8.3 s, 100,000 in 84 s
# instead of 74 s (encoding them takes about 2,300 s).
HNSW_SYNC_THRESHOLD = 100


class ChunkStore:
    """Chunks and the document registry of one collection, with whole-document writes."""

    def __init__(self, client: ClientAPI, name: str, embedding_model: str) -> None:
        self.client = client
        self.name = name
        self.embedding_model = embedding_model
        _finish_promotion(client, name)
        self.chunks = client.get_or_create_collection(
            name,
            configuration={"hnsw": {"space": "cosine", "sync_threshold": HNSW_SYNC_THRESHOLD}},
            metadata={"embedding_model": embedding_model},
            embedding_function=None,
        )
        hnsw = (self.chunks.configuration_json or {}).get("hnsw") or {}
        if hnsw.get("sync_threshold") != HNSW_SYNC_THRESHOLD:  # a store made before: persisted from now on
            self.chunks.modify(configuration={"hnsw": {"sync_threshold": HNSW_SYNC_THRESHOLD}})
        built_with = (self.chunks.metadata or {}).get("embedding_model")
        if built_with and built_with != embedding_model:
            raise StoreMismatchError(
                f"collection '{name}' was built with embedding model '{built_with}', "
                f"not '{embedding_model}': re-ingest with --rebuild or use another collection"
            )
        self.documents = client.get_or_create_collection(f"{name}-documents", embedding_function=None)

    # --- reading -------------------------------------------------------------------------------
    def records(self) -> dict[str, DocumentRecord]:
        """Every registered document, by id."""
        out: dict[str, DocumentRecord] = {}
        for ids, metas, _ in self._scan(self.documents, include=["metadatas"]):
            for doc_id, meta in zip(ids, metas, strict=True):
                out[doc_id] = DocumentRecord.from_metadata(doc_id, meta)
        return out

    def document_text(self, doc_id: str) -> str | None:
        """The normalised text of a document, which citation offsets index into."""
        got = self.documents.get(ids=[doc_id], include=["documents"])
        return got["documents"][0] if got["ids"] and got["documents"] else None

    def chunk_texts(self, chunk_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Each stored one of ``chunk_ids`` as (its start offset in its document, its text)."""
        return {
            chunk_id: (int(str(meta["start"])), text)
            for chunk_id, text, meta in self.chunks_by_id(sorted(set(chunk_ids)))
        }

    def current_versions(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """The registered version (SHA-256) of each of ``doc_ids`` that is registered.

        The registry record is what makes a version current: a chunk whose ``doc_hash`` is not its
        document's current version belongs to a write that has not finished (or never will), and
        readers must skip it (see :meth:`write_document`).
        """
        ids = sorted(set(doc_ids))
        if not ids:
            return {}
        got = self.documents.get(ids=ids, include=["metadatas"])
        return {
            doc_id: str(meta["sha256"])
            for doc_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
        }

    def chunk_count(self) -> int:
        return self.chunks.count()

    def matches(self, where: dict[str, Any]) -> bool:
        """Whether any stored chunk passes the metadata filter ``where``."""
        return bool(self.chunks.get(where=where, limit=1, include=[])["ids"])

    def all_chunks(self) -> Iterator[tuple[str, str, Metadata]]:
        """Every stored chunk as (id, text, metadata), in pages."""
        for ids, metas, docs in self._scan(self.chunks, include=["metadatas", "documents"]):
            yield from zip(ids, docs, metas, strict=True)

    def chunk_ids(self) -> list[str]:
        """Every stored chunk's id. Ids only (:mod:`index.ids`): reading every chunk's metadata too
        would cost 0.25 s per 1,000 chunks."""
        return [chunk_id for ids, _, _ in self._scan(self.chunks, include=[]) for chunk_id in ids]

    def chunks_by_id(self, chunk_ids: Sequence[str]) -> Iterator[tuple[str, str, Metadata]]:
        """The stored ones of ``chunk_ids`` as (id, text, metadata), in pages."""
        for start in range(0, len(chunk_ids), _PAGE):
            got = self.chunks.get(
                ids=list(chunk_ids[start : start + _PAGE]), include=["documents", "metadatas"]
            )
            yield from zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)

    def last_ingest(self) -> dict[str, Any]:
        return _ingest_stamp(self.documents.metadata)

    # --- writing -------------------------------------------------------------------------------
    def write_documents(
        self,
        documents: Sequence[tuple[DocumentRecord, str, Sequence[ChunkRecord]]],
        replacing: Iterable[str] = (),
    ) -> None:
        """:meth:`write_document` for several documents in three Chroma calls instead of three each.

        Each Chroma write costs tens of milliseconds whatever its size (a commit), which dominated an
        ingest of many small documents. The order keeps the same guarantee: every chunk of the batch
        first, then the registry records (each record is its document's commit), then the older
        versions of the documents in ``replacing`` (ids already registered) are deleted. A new document
        has no older chunks to delete (:meth:`reconcile` removed any an interrupted ingest left).
        """
        if not documents:
            return
        chunks = [chunk for _, _, document_chunks in documents for chunk in document_chunks]
        for start in range(0, len(chunks), _PAGE):
            page = chunks[start : start + _PAGE]
            self.chunks.upsert(
                ids=[c.chunk_id for c in page],
                embeddings=[list(c.embedding) for c in page],
                documents=[c.text for c in page],
                metadatas=[c.metadata for c in page],
            )
        self.documents.upsert(
            ids=[record.doc_id for record, _, _ in documents],
            embeddings=[_NO_VECTOR] * len(documents),
            documents=[text for _, text, _ in documents],
            metadatas=[record.metadata() for record, _, _ in documents],
        )
        replaced = set(replacing)
        for record, _, _ in documents:
            if record.doc_id in replaced:
                self.chunks.delete(
                    where={"$and": [{"doc_id": record.doc_id}, {"doc_hash": {"$ne": record.sha256}}]}
                )

    def write_document(self, record: DocumentRecord, text: str, chunks: Sequence[ChunkRecord]) -> None:
        """Make ``record`` the current version of its document.

        New chunk ids embed the document hash, so the old version stays whole until the registry
        points at the new one. That one-record upsert is the commit: readers keep only chunks of the
        registered version (:meth:`current_versions`), so they see the old version whole before it and
        the new one whole after it, whatever a failure leaves around it; :meth:`reconcile` removes
        the leftovers on the next ingest.
        """
        if chunks:
            self.chunks.upsert(
                ids=[c.chunk_id for c in chunks],
                embeddings=[list(c.embedding) for c in chunks],
                documents=[c.text for c in chunks],
                metadatas=[c.metadata for c in chunks],
            )
        self.documents.upsert(
            ids=[record.doc_id], embeddings=[_NO_VECTOR], documents=[text], metadatas=[record.metadata()]
        )
        self.chunks.delete(where={"$and": [{"doc_id": record.doc_id}, {"doc_hash": {"$ne": record.sha256}}]})

    def delete_document(self, doc_id: str) -> None:
        """Remove a document's registry record (readers stop seeing it at once), then its chunks."""
        self.documents.delete(ids=[doc_id])
        self.chunks.delete(where={"doc_id": doc_id})

    def reconcile(self, records: dict[str, DocumentRecord] | None = None) -> int:
        """Delete chunks that no registered document version owns (left by an interrupted ingest).

        ``records``: the registry as :meth:`records` just returned it, to save reading it twice (an
        ingest needs it too; reading it is most of an unchanged re-ingest).
        """
        registry = self.records() if records is None else records
        current = {version_key_for(doc_id, record.sha256) for doc_id, record in registry.items()}
        orphans = [chunk_id for chunk_id in self.chunk_ids() if version_key(chunk_id) not in current]
        for start in range(0, len(orphans), _PAGE):
            self.chunks.delete(ids=orphans[start : start + _PAGE])
        return len(orphans)

    def record_ingest(self, summary: dict[str, Any]) -> None:
        stamp = {"finished_at": datetime.now(UTC).isoformat(timespec="seconds"), **summary}
        self.documents.modify(metadata={"last_ingest": json.dumps(stamp)})

    @classmethod
    def staged(cls, client: ClientAPI, name: str, embedding_model: str) -> "ChunkStore":
        """An empty store beside collection ``name`` to rebuild it into (``rag ingest --rebuild``),
        while ``name`` goes on answering; what a killed rebuild left there is dropped first."""
        _drop_pair(client, _staging_name(name))
        return cls(client, _staging_name(name), embedding_model)

    def promote(self, name: str) -> None:
        """Put this (staged, fully ingested) store in the place of collection ``name``: the live pair
        is deleted and this one renamed. Killed between the two, the next open finishes it (the
        staged pair is complete once its ingest is recorded)."""
        _drop_pair(self.client, name)
        _rename_pair(self.client, self.name, name)
        self.name = name

    @staticmethod
    def _scan(collection: Any, include: list[str]) -> Iterator[tuple[list[str], list[Metadata], list[str]]]:
        offset = 0
        while True:
            page = collection.get(include=include, limit=_PAGE if include else _ID_SCAN_PAGE, offset=offset)
            if not page["ids"]:
                return
            yield page["ids"], page.get("metadatas") or [], page.get("documents") or []
            offset += len(page["ids"])

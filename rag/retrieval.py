"""Retrievers: LangChain ``BaseRetriever``s over one corpus-chat collection.

Every returned ``Document`` carries ``id`` (the chunk id) and its chunk metadata, plus ``score``
(higher is better). All accept per-call ``k`` and a Chroma ``where`` filter:
``retriever.invoke(query, k=8, where={"source": "report.pdf"})``.

- :class:`DenseRetriever`: cosine similarity in Chroma (score = similarity).
- :class:`BM25Retriever`: bm25s over the same chunks (score = BM25).
- :class:`HybridRetriever`: both, fused by weighted reciprocal rank fusion (score = fused score scaled
  to 0..1, where 1 means first in every list), optionally capped per source for diversity.
- :class:`CurrentVersionRetriever`: drops chunks that are not of their document's registered version.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from index.bm25 import BM25Index
from index.ids import document_key, version_key
from index.sentences import ends_sentence, sentence_end_within
from rag.schema import Passage

T = TypeVar("T")


class DenseRetriever(BaseRetriever):
    """Cosine similarity search in the Chroma collection; ``metadata['score']`` is the similarity."""

    vectorstore: Chroma
    k: int = 5

    @property
    def collection(self) -> Any:
        """The chromadb collection behind the vector store."""
        return self.vectorstore._collection

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The ``k`` nearest chunks as (id, cosine similarity), best first; no texts fetched.

        Chroma's query fetches each hit's metadata (with its sentence vectors) several times slower
        than a get of the same ids (14 ms against 1.4 + 4.4 for 50 hits at 10k chunks), so texts are
        fetched apart, and only for the hits that are kept."""
        embeddings = self.vectorstore.embeddings
        if embeddings is None:
            raise ValueError("DenseRetriever: the vector store has no embedding function")
        found = self.collection.query(
            query_embeddings=[embeddings.embed_query(query)], n_results=k, where=where, include=["distances"]
        )
        distances = (found["distances"] or [[]])[0]  # cosine space: distance = 1 - cosine
        return [(i, 1.0 - float(d)) for i, d in zip(found["ids"][0], distances, strict=True)]

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Document]:
        return _fetch(self.collection, self.search(query, k or self.k, where))


class BM25Retriever(BaseRetriever):
    """BM25 (bm25s) over the collection's chunks; texts and metadata come back from Chroma."""

    collection: Any
    """The chromadb ``Collection`` holding the chunks."""
    index: BM25Index
    k: int = 5

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Document]:
        return _fetch(self.collection, self.search(query, k or self.k, where))

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """The ``k`` best chunks as (id, BM25 score), best first; no texts fetched."""
        allowed = set(self.collection.get(where=where, include=[])["ids"]) if where else None
        return self.index.search(query, k, allowed)


def _fetch(collection: Any, hits: list[tuple[str, float]]) -> list[Document]:
    """The chunks ``hits`` names, in their order, with ``metadata['score']`` from them; one Chroma get.
    A hit deleted meanwhile (the BM25 index may briefly lag another process's deletion) is left out."""
    if not hits:
        return []
    found = collection.get(ids=[chunk_id for chunk_id, _ in hits], include=["documents", "metadatas"])
    by_id = dict(zip(found["ids"], zip(found["documents"], found["metadatas"], strict=True), strict=True))
    return [
        Document(
            id=chunk_id, page_content=by_id[chunk_id][0], metadata={**by_id[chunk_id][1], "score": score}
        )
        for chunk_id, score in hits
        if chunk_id in by_id
    ]


class HybridRetriever(BaseRetriever):
    """Dense and BM25 results fused by weighted reciprocal rank fusion (RRF).

    Both rankings are fused by chunk id and only the chunks kept are fetched from Chroma, in one get.
    """

    dense: DenseRetriever
    lexical: BM25Retriever
    k: int = 5
    candidates: int = 30
    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    max_per_source: int = 0
    """Prefer at most this many chunks of one document in the results (0: no preference)."""
    keep_best: bool = False
    """With ``max_per_source``: also return the best-fused chunks the preference passed over (up to 2k
    in all), for a reranker to judge a document's further chunks on their merits."""

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Document]:
        k = k or self.k
        depth = max(self.candidates, k)
        ranked = [
            (self.dense_weight, self.dense.search(query, depth, where)),
            (self.bm25_weight, self.lexical.search(query, depth, where)),
        ]
        fused: dict[str, float] = defaultdict(float)
        for weight, results in ranked:
            for rank, (chunk_id, _) in enumerate(results, start=1):
                fused[chunk_id] += weight / (self.rrf_k + rank)
        best_possible = (self.dense_weight + self.bm25_weight) / (self.rrf_k + 1)
        ordered = sorted(fused, key=fused.__getitem__, reverse=True)
        kept = diversify(ordered, k, self.max_per_source, document_key)
        if self.keep_best:
            chosen = set(kept)
            kept += [chunk_id for chunk_id in ordered[:k] if chunk_id not in chosen]
        return _fetch(self.lexical.collection, [(i, fused[i] / best_possible) for i in kept])


class CurrentVersionRetriever(BaseRetriever):
    """``base``'s results, less chunks of a document version the registry does not name as current.

    Writing a document is not atomic in Chroma: for a moment (or after a failure, until the next ingest
    cleans up) its old and new chunks are both stored. The registry record is the commit point
    (``ChunkStore.write_document``), so this keeps answers, and the offsets their citations resolve
    against the registry's text, on one whole version. Costs one registry lookup per query.
    """

    base: BaseRetriever
    versions: Callable[[set[str]], dict[str, str]]
    """Document ids to their current version hash (``ChunkStore.current_versions``)."""

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Document]:
        documents = self.base.invoke(query, {"callbacks": run_manager.get_child()}, k=k, where=where)
        current = self.versions({str(doc.metadata.get("doc_id")) for doc in documents})
        return [
            doc
            for doc in documents
            if current.get(str(doc.metadata.get("doc_id"))) == doc.metadata.get("doc_hash")
        ]


def diversify(
    items: list[T],
    k: int,
    max_per_source: int,
    source: Callable[[T], str],
    score: Callable[[T], float] | None = None,
    ratio: float = 0.0,
) -> list[T]:
    """The first ``k`` items, taking at most ``max_per_source`` of any one ``source`` before the others
    have had their turn; items passed over fill the remaining places in their order.

    A question whose evidence spans several documents needs those documents, not five chunks of the one
    that matches best; a corpus of one document still gets ``k`` passages. With ``score``, an item passed
    over still goes first when the next one scores below ``ratio`` times its score: a document's second
    passage at 0.72 is not pushed behind other documents' at 0.29 (the question is about that document).
    """
    if not max_per_source:
        return items[:k]
    taken: list[T] = []
    passed_over: list[T] = []
    per_source: dict[str, int] = defaultdict(int)
    for item in items:
        while score and passed_over and len(taken) < k and score(item) < ratio * score(passed_over[0]):
            taken.append(passed_over.pop(0))
        if len(taken) == k:
            return taken
        key = source(item)
        if per_source[key] < max_per_source:
            per_source[key] += 1
            taken.append(item)
        else:
            passed_over.append(item)
        if len(taken) == k:
            return taken
    return taken + passed_over[: k - len(taken)]


def document_source(document: Document) -> str:
    return str(document.metadata.get("source", ""))


def finish_cut_sentences(
    documents: list[Document], chunk_texts: Callable[[list[str]], dict[str, tuple[int, str]]], reach: int
) -> list[Document]:
    """``documents``, each chunk that chunking cut off mid-sentence extended with the words that finish
    the sentence (at most ``reach`` characters): an answer is often in the words right after the cut.

    The words come from the document's next chunk (chunks cover their document in order, overlapping),
    all fetched in one lookup: ``chunk_texts`` maps chunk ids to (start offset, text) of those stored.
    """
    following = {
        id(doc): f"{version_key(str(doc.id))}-{int(doc.metadata.get('chunk_index', 0)) + 1}"
        for doc in documents
        if doc.id and not ends_sentence(doc.page_content)
    }
    if reach <= 0 or not following:
        return documents
    texts = chunk_texts(list(following.values()))
    finished: list[Document] = []
    for doc in documents:
        end = int(doc.metadata.get("end", 0))
        next_start, next_text = texts.get(following.get(id(doc), ""), (end + 1, ""))
        if not next_start <= end < next_start + len(next_text):
            finished.append(doc)  # not cut, or the last chunk of its document
            continue
        offset = end - next_start
        added = next_text[offset : sentence_end_within(next_text, offset, reach)]
        metadata = {**doc.metadata, "end": end + len(added), "chunk_end": end}
        finished.append(Document(page_content=doc.page_content + added, metadata=metadata, id=doc.id))
    return finished


def to_passages(documents: list[Document]) -> list[Passage]:
    """Turn retrieved documents into ranked :class:`Passage` records."""
    return [
        Passage(
            rank=rank,
            chunk_id=str(doc.id or doc.metadata.get("chunk_id", "")),
            source=str(doc.metadata.get("source", "")),
            title=str(doc.metadata.get("title", "")),
            page=doc.metadata.get("page"),
            start=int(doc.metadata.get("start", 0)),
            end=int(doc.metadata.get("end", 0)),
            score=float(doc.metadata.get("score", 0.0)),
            text=doc.page_content,
        ).with_index_data(doc.metadata)
        for rank, doc in enumerate(documents, start=1)
    ]

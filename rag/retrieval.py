"""Retrievers: LangChain ``BaseRetriever``s that return chunks with their relevance in metadata."""

from typing import Any

from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from rag.schema import Passage


class DenseRetriever(BaseRetriever):
    """Cosine similarity search in the Chroma collection; ``metadata['score']`` is the similarity."""

    vectorstore: Chroma
    k: int = 5

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> list[Document]:
        results = self.vectorstore.similarity_search_with_relevance_scores(query, k=k or self.k, filter=where)
        documents = []
        for document, score in results:
            document.metadata["score"] = float(score)
            documents.append(document)
        return documents


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
        )
        for rank, doc in enumerate(documents, start=1)
    ]

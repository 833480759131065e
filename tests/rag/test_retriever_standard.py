"""LangChain's own standard retriever suite (langchain-tests) on corpus-chat's retrievers, over a real
store of the default corpus: they behave as any LangChain retriever must."""

import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from index.embeddings import load_embeddings
from rag.config import Settings
from rag.rerank import SentenceRerankRetriever
from rag.retrieval import BM25Retriever, DenseRetriever, HybridRetriever
from rag.scoring import SentenceScorer
from rag.service import CorpusChat
from tests.conftest import CORPUS


@cache
def engine() -> CorpusChat:
    store = Path(tempfile.mkdtemp(prefix="rag-standard-"))
    chat = CorpusChat(Settings(persist_dir=store, corpus_dir=CORPUS, collection="standard-suite"))
    chat.ingest()
    return chat


def first_stage() -> dict[str, Any]:
    chat = engine()
    return {
        "dense": DenseRetriever(vectorstore=chat.vectorstore),
        "lexical": BM25Retriever(collection=chat.store.chunks, index=chat.bm25),
    }


class TestHybridRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return first_stage()

    @property
    def retriever_query_example(self) -> str:
        return "Which bases did Erdogan threaten to close?"


class TestSentenceRerankRetriever(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return SentenceRerankRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"base": HybridRetriever(**first_stage()), "scorer": SentenceScorer(load_embeddings())}

    @property
    def retriever_query_example(self) -> str:
        return "What did the US suspend?"

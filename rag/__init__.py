"""Answering: settings, retrieval, the answer chain, citations, LLM back ends and the `rag` CLI."""

"""Ingestion: load documents, chunk them with character offsets, embed them, store them in Chroma."""

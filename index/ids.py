"""Chunk ids: ``<document key>-<version key>-<n>``.

The document key is the start of the SHA-256 of the document's id, the version key the start of its
content's SHA-256. So a chunk id alone tells which document and which version of it the chunk belongs
to: results are grouped by document, and chunks of versions no longer current are found, without
reading any chunk's metadata.
"""

import hashlib


def chunk_id_for(doc_id: str, doc_hash: str, index: int) -> str:
    return f"{version_key_for(doc_id, doc_hash)}-{index}"


def version_key_for(doc_id: str, doc_hash: str) -> str:
    """The prefix, up to the last ``-``, of the ids of every chunk of this document version."""
    return f"{hashlib.sha256(doc_id.encode()).hexdigest()[:12]}-{doc_hash[:12]}"


def document_key(chunk_id: str) -> str:
    """The same for every chunk of one document, whatever its version."""
    return chunk_id.split("-", 1)[0]


def version_key(chunk_id: str) -> str:
    """The same for every chunk of one document version (:func:`version_key_for`)."""
    return chunk_id.rsplit("-", 1)[0]

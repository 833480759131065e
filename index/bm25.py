"""A BM25 index (bm25s) over the same chunks as the Chroma collection, persisted beside it.

bm25s indexes are static, so the index is rebuilt from the stored chunks whenever the set of chunk ids
changed (after an ingest or a deletion); rebuilding 100k chunks takes seconds. The index keeps only
chunk ids and term statistics: texts and metadata are read back from Chroma for the hits.
"""

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from index.metadata import document_header
from index.store import ChunkStore

_STEMMER = Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> bm25s.tokenization.Tokenized:
    return bm25s.tokenize(texts, stopwords="en", stemmer=_STEMMER, show_progress=False)


def _signature(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def _stored_ids(store: ChunkStore) -> list[str]:
    ids: list[str] = []
    offset = 0
    while page := store.chunks.get(include=[], limit=5000, offset=offset)["ids"]:
        ids.extend(page)
        offset += len(page)
    return ids


class BM25Index:
    """Lexical search over one collection's chunks."""

    def __init__(self, folder: Path, ids: list[str], model: bm25s.BM25 | None) -> None:
        self.folder = folder
        self.ids = ids
        self.model = model
        self.positions = {chunk_id: i for i, chunk_id in enumerate(ids)}

    @classmethod
    def open(cls, store: ChunkStore, folder: Path, with_header: bool = True) -> "BM25Index":
        """Load the persisted index, rebuilding it first if the store's chunks changed since."""
        current = _stored_ids(store)
        meta_path = folder / "meta.json"
        if meta_path.exists():
            meta = json.loads(meta_path.read_text())
            if meta.get("signature") == _signature(current) and meta.get("with_header") == with_header:
                model = bm25s.BM25.load(str(folder / "model")) if meta["ids"] else None
                return cls(folder, meta["ids"], model)
        return cls.build(store, folder, with_header)

    @classmethod
    def build(cls, store: ChunkStore, folder: Path, with_header: bool = True) -> "BM25Index":
        """Index every stored chunk and persist the result.

        The files are written to a folder of their own, then swapped in by two renames, so another
        process building the same index at the same time (``rag ingest`` while ``rag serve`` runs)
        never writes into the same files, and a reader finds the old or the new index, or none (and
        rebuilds it).
        """
        ids: list[str] = []
        texts: list[str] = []
        for chunk_id, text, meta in store.all_chunks():
            ids.append(chunk_id)
            header = document_header(str(meta.get("title", "")), meta) if with_header else ""
            texts.append(f"{header}\n{text}" if header else text)
        model = None
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.new-", dir=folder.parent))
        if ids:
            model = bm25s.BM25()
            model.index(tokenize(texts), show_progress=False)
            model.save(str(staging / "model"))
        (staging / "meta.json").write_text(
            json.dumps({"signature": _signature(ids), "with_header": with_header, "ids": ids})
        )
        retired = folder.with_name(f"{staging.name}.old")
        if folder.exists():
            folder.replace(retired)
        try:
            staging.replace(folder)
        except OSError:  # another process swapped its own build in meanwhile: that one stays on disk
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
        return cls(folder, ids, model)

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """The ``k`` best (chunk id, BM25 score) pairs with a positive score, restricted to
        ``allowed`` ids when given."""
        if self.model is None or k <= 0:
            return []
        tokens = tokenize([query])
        if not tokens.ids or not tokens.ids[0]:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.ids), dtype=np.float32)
            for chunk_id in allowed:
                if (position := self.positions.get(chunk_id)) is not None:
                    mask[position] = 1.0
        k = min(k, len(self.ids))
        documents, scores = self.model.retrieve(tokens, k=k, weight_mask=mask, show_progress=False)
        return [(self.ids[int(i)], float(s)) for i, s in zip(documents[0], scores[0], strict=True) if s > 0]

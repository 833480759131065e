"""Query latency of the full default chain at 1k, 10k and 100k chunks, with per-stage timings.

``CorpusChat.ask`` with default settings (condense, dense + BM25 retrieval, fusion, rerank, extractive
answer) on the cached bench stores (bench.corpora), questions drawn from the SQuAD and MultiHop-RAG eval
sets (their texts are what the bench corpora recombine), the embedding cache cleared before every
question (cold requests). p50/p95 over every ask; target at 100k chunks: p50 <= 50 ms, p95 <= 100 ms.

Per-stage times (median per question, inclusive, so nested stages sum to more than their parent) come
from timing wrappers around the chain's own methods. The baseline is the floor a hybrid query cannot go
under, measured in the same run on the same store: one raw query embedding (``SentenceTransformer.encode``),
a raw Chroma top-10 query and a raw bm25s top-10 query.

    python -m bench.latency [--sizes 1k 10k 100k] [--questions 40] [--repeats 2]
"""

from __future__ import annotations

import argparse
import functools
import gc
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import Figure, Recorder, machine_line, median, percentile
from bench.corpora import ensure_store
from eval.dataset import load_eval_set
from rag.service import CorpusChat

SETS = ("eval/sets/squad2-sample.jsonl", "eval/sets/multihop-rag-sample.jsonl")
_stages: dict[str, float] = defaultdict(float)
_labels: list[str] = []  # stage labels in the order to print them


def questions(count: int, seed: int = 7) -> list[str]:
    """``count`` questions drawn alternately from the eval sets, deterministically."""
    pools = [[r.question for r in load_eval_set(Path(s)).records] for s in SETS]
    rng = random.Random(seed)
    for pool in pools:
        rng.shuffle(pool)
    return [pools[i % len(pools)][i // len(pools)] for i in range(count)]


def _wrap(owner: Any, attribute: str, label: str) -> Callable[[], None]:
    """Time every call of ``owner.attribute`` into ``_stages[label]``; returns the undo."""
    original = getattr(owner, attribute)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _stages[label] += time.perf_counter() - started

    setattr(owner, attribute, timed)
    return lambda: setattr(owner, attribute, original)


@contextmanager
def instrumented(engine: CorpusChat) -> Iterator[None]:
    """Per-stage timers on the classes the engine's default chain goes through."""
    import chromadb.api.models.Collection as chroma_collection

    import rag.service
    from index.bm25 import BM25Index
    from rag import retrieval
    from rag.rerank import SentenceRerankRetriever

    inner = getattr(engine.embeddings, "inner", engine.embeddings)
    answerer = type(engine.answerer())
    targets: list[tuple[Any, str, str]] = [
        (rag.service, "standalone_query", "condense"),
        (retrieval.HybridRetriever, "_get_relevant_documents", "first stage (dense + BM25 + fusion)"),
        (retrieval.DenseRetriever, "search", "  dense retrieval"),
        (type(inner), "embed_query", "    query embedding"),
        (chroma_collection.Collection, "query", "    Chroma query"),
        (retrieval.BM25Retriever, "search", "  BM25 retrieval"),
        (BM25Index, "search", "    bm25s search"),
        (chroma_collection.Collection, "get", "Chroma get (kept hits' texts, versions)"),
        (SentenceRerankRetriever, "_get_relevant_documents", "rerank (with first stage inside)"),
        (type(inner), "embed_documents", "sentence embeddings (ones not stored)"),
        (answerer, "__call__", "answer (extractive)"),
    ]
    current = getattr(retrieval, "CurrentVersionRetriever", None)
    if current is not None:
        targets.append((current, "_get_relevant_documents", "current-version filter (+ inside)"))
    present = [(owner, attribute, label) for owner, attribute, label in targets if hasattr(owner, attribute)]
    _labels[:] = [label for _, _, label in present]
    undo = [_wrap(owner, attribute, label) for owner, attribute, label in present]
    try:
        yield
    finally:
        for step in reversed(undo):
            step()


def _clear_cache(engine: CorpusChat) -> None:
    clear = getattr(engine.embeddings, "clear", None)
    if clear is not None:
        clear()


def raw_floor(engine: CorpusChat, asked: list[str]) -> dict[str, float]:
    """Median ms of the parts a hybrid query cannot skip, called directly: encode, Chroma, bm25s."""
    inner = getattr(engine.embeddings, "inner", engine.embeddings)
    model = getattr(inner, "_client", None)
    collection = engine.store.chunks
    bm25 = engine.bm25
    timings: dict[str, list[float]] = defaultdict(list)
    for question in asked:
        started = time.perf_counter()
        if model is not None:
            vector = model.encode([question], normalize_embeddings=True)[0].tolist()
        else:
            vector = inner.embed_query(question)
        timings["raw query embedding"].append(time.perf_counter() - started)
        started = time.perf_counter()
        collection.query(query_embeddings=[vector], n_results=10, include=[])
        timings["raw Chroma top-10"].append(time.perf_counter() - started)
        started = time.perf_counter()
        bm25.search(question, 10)
        timings["raw bm25s top-10"].append(time.perf_counter() - started)
    return {label: 1000 * median(values) for label, values in timings.items()}


def measure(engine: CorpusChat, asked: list[str], repeats: int) -> tuple[list[float], dict[str, float]]:
    """Latencies (s) of every ask, and the median ms of each stage per question."""
    for question in asked[:3]:  # warm-up: the BM25 index, the answerer, Chroma's caches
        engine.ask(question)
    latencies: list[float] = []
    per_stage: dict[str, list[float]] = defaultdict(list)
    with instrumented(engine):
        for _ in range(repeats):
            for question in asked:
                _clear_cache(engine)
                _stages.clear()
                started = time.perf_counter()
                engine.ask(question)
                latencies.append(time.perf_counter() - started)
                for label, seconds in _stages.items():
                    per_stage[label].append(seconds)
    return latencies, {label: 1000 * median(per_stage[label]) for label in _labels if label in per_stage}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k", "100k"])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--build", action="store_true", help="build missing stores (make bench: 1k, 10k)")
    args = parser.parse_args()

    recorder = Recorder("latency")
    asked = questions(args.questions)
    print(f"query latency, full default chain, cold embedding cache; {machine_line()}")
    stages_by_size: dict[str, dict[str, float]] = {}
    for size in args.sizes:
        built = ensure_store(size, build=args.build)
        if built is None:
            recorder.add(
                Figure(
                    f"{size}: p50 / p95",
                    None,
                    "ms",
                    note=f"store not built: python -m bench.corpora build {size}",
                )
            )
            continue
        engine = CorpusChat(built.settings())
        chunks = engine.store.chunk_count()
        latencies, stages = measure(engine, asked, args.repeats)
        floor = raw_floor(engine, asked)
        p50, p95 = 1000 * percentile(latencies, 50), 1000 * percentile(latencies, 95)
        print(f"{size}: {chunks:,} chunks, {len(latencies)} asks ({len(asked)} questions x {args.repeats})")
        floor_text = " + ".join(f"{label.removeprefix('raw ')} {ms:.1f}" for label, ms in floor.items())
        at_target = size == "100k"
        recorder.add(
            Figure(
                f"{size} ({chunks:,} chunks): ask p50",
                p50,
                "ms",
                target="<= 50 ms at 100k",
                baseline=f"raw floor {sum(floor.values()):.1f} ms ({floor_text})",
                ok=p50 <= 50 if at_target else None,
            )
        )
        recorder.add(
            Figure(
                f"{size} ({chunks:,} chunks): ask p95",
                p95,
                "ms",
                target="<= 100 ms at 100k",
                ok=p95 <= 100 if at_target else None,
            )
        )
        print("    per stage, median ms per question (inclusive; nested stages indented):")
        for label, ms in stages.items():
            print(f"      {label:<44} {ms:8.1f}")
        stages_by_size[size] = {**stages, **floor}
        del engine
        gc.collect()
    recorder.save({"stages_ms": stages_by_size, "questions": len(asked), "repeats": args.repeats})


if __name__ == "__main__":
    main()

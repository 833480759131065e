"""Ingest throughput against raw ``SentenceTransformer.encode`` on the same chunks.

The baseline is the least any ingest must do: encode the chunk texts. The ratio says what loading,
chunking, hashing, Chroma writes and the BM25 rebuild add on top. Medians over ``--repeats`` runs.

    python -m bench.ingest [--corpus eval/sets/squad2-sample/corpus] [--repeats 3]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from index.chunking import chunk_text
from index.embeddings import load_embeddings, resolve_model_path
from index.loaders import load_document
from index.pipeline import discover
from rag.config import Settings
from rag.service import CorpusChat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("eval/sets/squad2-sample/corpus"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from sentence_transformers import SentenceTransformer

    settings = Settings()
    texts = [
        chunk.text
        for path in discover(args.corpus)
        for chunk in chunk_text(load_document(path).text, settings.chunk_size, settings.chunk_overlap)
    ]
    model = SentenceTransformer(str(resolve_model_path(settings.embedding_model)), device="cpu")
    model.encode(texts[:8])  # warm-up
    raw: list[float] = []
    full: list[float] = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        model.encode(texts, batch_size=settings.embedding_batch_size, normalize_embeddings=True)
        raw.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory() as store:
            engine = CorpusChat(Settings(persist_dir=Path(store), corpus_dir=args.corpus, collection="bench"))
            engine.__dict__["embeddings"] = load_embeddings().inner  # no cache: every run embeds for real
            started = time.perf_counter()
            engine.ingest()
            full.append(time.perf_counter() - started)
    raw_s, full_s = statistics.median(raw), statistics.median(full)
    print(f"corpus {args.corpus}: {len(texts)} chunks, median of {args.repeats} runs")
    print(f"  raw encode      {raw_s:7.2f} s  {len(texts) / raw_s:6.1f} chunks/s")
    print(f"  rag ingest      {full_s:7.2f} s  {len(texts) / full_s:6.1f} chunks/s")
    print(f"  ingest / encode {full_s / raw_s:7.2f}x")


if __name__ == "__main__":
    main()

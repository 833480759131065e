"""The encoder back ends: ONNX Runtime (fp32 and int8) against torch on the same texts.

Chunks/s of ``SentenceTransformer.encode`` on the same chunk texts (the SQuAD sample's paragraphs cut
as ingest cuts them) with the same batch size, and the latency of embedding one question; medians over
``--repeats`` rounds in which the back ends take turns, so they see the same machine load. The ONNX
exports come from the local cache (made on first use, see ``index/onnx_backend.py``).

    python -m bench.encoder [--chunks 256] [--repeats 5] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sentence_transformers import SentenceTransformer

from index.embeddings import resolve_model_path
from index.onnx_backend import use_onnx
from index.pipeline import ChunkingOptions, split_document
from rag.config import Settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "eval" / "sets" / "squad2-sample" / "corpus"
QUESTIONS = REPO / "eval" / "sets" / "squad2-sample.jsonl"
BACKENDS = ("torch", "onnx", "onnx-int8")


def chunk_texts(limit: int) -> list[str]:
    options = ChunkingOptions(size=Settings().chunk_size, overlap=Settings().chunk_overlap)
    texts = [
        chunk.text
        for path in sorted(CORPUS.glob("*.txt"))
        for chunk in split_document(path.read_text(encoding="utf-8"), options)
    ]
    return texts[:limit]


def model_for(backend: str) -> SentenceTransformer:
    model_dir = resolve_model_path(Settings().embedding_model)
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    if backend != "torch":
        use_onnx(model, model_dir, backend)
    return model


def main() -> None:
    from bench.common import Figure, Recorder, machine_line, median

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()
    texts = chunk_texts(args.chunks)
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()[: args.questions]
    questions = [json.loads(line)["question"] for line in lines]
    models = {backend: model_for(backend) for backend in BACKENDS}
    for model in models.values():  # first calls allocate and pick kernels
        model.encode(texts[: args.batch_size], batch_size=args.batch_size)
    rates: dict[str, list[float]] = {b: [] for b in BACKENDS}
    query_ms: dict[str, list[float]] = {b: [] for b in BACKENDS}
    for round_ in range(args.repeats):
        order = BACKENDS[round_ % len(BACKENDS) :] + BACKENDS[: round_ % len(BACKENDS)]
        for backend in order:
            model = models[backend]
            started = time.perf_counter()
            model.encode(texts, batch_size=args.batch_size, normalize_embeddings=True)
            rates[backend].append(len(texts) / (time.perf_counter() - started))
            timings = []
            for question in questions:
                started = time.perf_counter()
                model.encode([question], normalize_embeddings=True)
                timings.append(time.perf_counter() - started)
            query_ms[backend].append(median(timings) * 1000)
    average = sum(map(len, texts)) / len(texts)
    print(
        f"encoder: {len(texts)} chunks of {average:.0f} characters on average, batch size "
        f"{args.batch_size}, {args.repeats} rounds; {len(questions)} single questions"
    )
    print(machine_line())
    recorder = Recorder("encoder")
    base_rate, base_query = median(rates["torch"]), median(query_ms["torch"])
    for backend in BACKENDS:
        rate, query = median(rates[backend]), median(query_ms[backend])
        baseline = "" if backend == "torch" else f"torch {base_rate:.1f} chunks/s"
        note = "" if backend == "torch" else f"{rate / base_rate:.2f}x torch"
        recorder.add(Figure(f"encode, {backend}", rate, "chunks/s", baseline=baseline, note=note))
        baseline = "" if backend == "torch" else f"torch {base_query:.1f} ms"
        note = "" if backend == "torch" else f"{base_query / query:.2f}x faster"
        recorder.add(Figure(f"one question, {backend}", query, "ms", baseline=baseline, note=note))
    recorder.save()


if __name__ == "__main__":
    main()

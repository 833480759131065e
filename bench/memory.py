"""Peak memory (RSS) of ingest and of ``rag serve`` at 1k to 100k chunks.

- Ingest: the peak RSS of the process that built each bench store (``build.json``, written by
  ``bench.corpora``; the same ``CorpusChat.ingest`` as ``rag ingest``). Ingest streams: documents are
  embedded and written in groups of about 512 chunks, so what it holds does not grow with the corpus
  (the store it writes to does: see docs/performance.md).
- Serve: a real ``rag serve`` subprocess on 127.0.0.1 over the largest built store, answering questions
  through its OpenAI-compatible ``POST /v1/chat/completions``; peak RSS (VmHWM) read from /proc.
  Target: <= 1.5 GB at 100k chunks.

    python -m bench.memory [--sizes 1k 10k 100k] [--requests 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import Figure, Recorder, machine_line, median, rss_mb
from bench.corpora import COLLECTION, ensure_store
from bench.latency import questions
from tests.llm.servers import free_port, running

SERVE_TARGET_MB = 1536


def _post(url: str, payload: dict[str, object], timeout: float = 120) -> dict[str, object]:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def serve_rss(size: str, requests: int, startup_timeout: float = 300) -> dict[str, float] | None:
    """Start ``rag serve`` on the store of ``size``, ask ``requests`` questions, and return its RSS
    after start-up, its peak RSS, and the median request latency (ms)."""
    built = ensure_store(size, build=False)
    if built is None:
        return None
    port = free_port()
    env = {
        **os.environ,
        "RAG_PERSIST_DIR": str(built.persist),
        "RAG_CORPUS_DIR": str(built.corpus.docs),
        "RAG_COLLECTION": COLLECTION,
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    rag = Path(sys.executable).with_name("rag")
    base = f"http://127.0.0.1:{port}"
    with (
        tempfile.TemporaryDirectory() as workdir,
        running(
            [str(rag), "serve", "--host", "127.0.0.1", "--port", str(port)],
            f"{base}/v1/models",
            Path(workdir) / "serve.log",
            env=env,
            timeout=startup_timeout,
        ) as server,
    ):
        started_rss, _ = rss_mb(server.pid)
        latencies: list[float] = []
        for question in questions(requests):
            began = time.perf_counter()
            reply = _post(
                f"{base}/v1/chat/completions",
                {"model": "corpus-chat", "messages": [{"role": "user", "content": question}]},
            )
            latencies.append(time.perf_counter() - began)
            if not reply.get("choices"):
                raise RuntimeError(f"no answer from rag serve: {reply}")
        current, peak = rss_mb(server.pid)
        return {
            "startup_mb": started_rss,
            "rss_mb": current,
            "peak_mb": peak,
            "p50_ms": 1000 * median(latencies),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1k", "10k", "100k"])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--serve-sizes", nargs="+", help="sizes to serve (default: 10k and 100k if built)")
    args = parser.parse_args()
    recorder = Recorder("memory")
    print(f"peak memory; {machine_line()}")
    for size in args.sizes:
        built = ensure_store(size, build=False)
        if built is None:
            recorder.add(Figure(f"ingest peak RSS, {size}", None, "MB", note="store not built"))
            continue
        build = built.build
        recorder.add(
            Figure(
                f"ingest peak RSS, {size} ({build['chunks']:,} chunks)",
                build["peak_rss_mb"],
                "MB",
                target="bounded (flat in corpus size)",
                note=f"{build['chunks_per_second']} chunks/s when built"
                + (", resumed build" if build.get("resumed") else ""),
            )
        )
    serve_sizes = args.serve_sizes or [s for s in ("10k", "100k") if s in args.sizes]
    for size in serve_sizes:
        result = serve_rss(size, args.requests)
        if result is None:
            recorder.add(Figure(f"rag serve peak RSS, {size}", None, "MB", note="store not built"))
            continue
        at_target = size == "100k"
        recorder.add(
            Figure(
                f"rag serve peak RSS, {size}, {args.requests} requests",
                result["peak_mb"],
                "MB",
                target="<= 1536 MB at 100k",
                baseline=f"after start-up {result['startup_mb']:.0f} MB",
                ok=result["peak_mb"] <= SERVE_TARGET_MB if at_target else None,
                note=f"request p50 {result['p50_ms']:.0f} ms over HTTP",
            )
        )
    recorder.save()


if __name__ == "__main__":
    main()

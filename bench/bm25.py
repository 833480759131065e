"""The BM25 index at 10k and 100k chunks: a whole build, the rebuild after an ingest added 1 % of the
chunks, the start-up check, and a query.

A rebuild reads and tokenises only the chunks its persisted tokens lack (index.bm25.ChunkTokens). To
time exactly that on a cached store without changing it, the index is built whole, then its persisted
tokens are cut down to 99 % of the chunks, as if an ingest had just added the rest, and rebuilt.
Medians over ``--repeats`` runs; stores whose 100k build is missing are skipped.

``--chroma-url`` reads the chunks from a Chroma server instead, one that serves a copy of the store
(``CHROMA_PATH=<copy of the store's persist folder> CHROMA_DETACH=1 make chroma``).

    python -m bench.bm25 [--sizes 10k 100k] [--repeats 3] [--chroma-url URL]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Figure, Recorder, machine_line, median
from bench.corpora import COLLECTION, ensure_store
from index.bm25 import BM25Index, ChunkTokens
from index.store import ChunkStore, open_client

_QUESTIONS = ("Which treaty ended the war?", "When did the company report its quarterly earnings?")


def _forget(folder: Path, share: float) -> int:
    """Cut the persisted tokens of ``folder`` down to the first ``1 - share`` of its chunks, as the
    index stood before an ingest added the rest; returns how many chunks were dropped."""
    meta = json.loads((folder / "meta.json").read_text())
    kept = meta["ids"][: int(len(meta["ids"]) * (1 - share))]
    ChunkTokens.load(folder, meta["ids"]).corpus(kept).save(folder)
    (folder / "meta.json").write_text(json.dumps({**meta, "ids": kept, "signature": ""}))
    return len(meta["ids"]) - len(kept)


def _timed(action: Callable[..., object], *args: object) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10k", "100k"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chroma-url", help="a Chroma server serving a copy of the store")
    args = parser.parse_args()
    recorder = Recorder("bm25-server" if args.chroma_url else "bm25")
    where = f"Chroma server {args.chroma_url}" if args.chroma_url else "embedded Chroma"
    print(
        f"BM25 index ({where}): whole build, rebuild after 1 % new chunks, start-up check; {machine_line()}"
    )
    for size in args.sizes:
        built = ensure_store(size, build=size != "100k")
        if built is None:
            print(f"  {size}: store not built (python -m bench.corpora build {size}); skipped")
            continue
        client = open_client(built.persist, server_url=args.chroma_url)
        store = ChunkStore(client, COLLECTION, built.settings().embedding_model)
        whole, added, opened, queries = [], [], [], []
        new = 0
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work) / "bm25"
            for _ in range(args.repeats):
                shutil.rmtree(folder, ignore_errors=True)
                whole.append(_timed(BM25Index.build, store, folder))
                new = _forget(folder, 0.01)
                added.append(_timed(BM25Index.build, store, folder))
                opened.append(_timed(BM25Index.open, store, folder))
            index = BM25Index.open(store, folder)
            for question in _QUESTIONS * 10:
                queries.append(_timed(index.search, question, 50))
            disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
        chunks = len(index.ids)
        rebuild = median(added)
        recorder.add(
            Figure(f"{size}: whole build ({chunks:,} chunks)", median(whole), "s", note=f"{disk:.0f} MB")
        )
        recorder.add(
            Figure(
                f"{size}: rebuild after {new:,} new chunks",
                rebuild,
                "s",
                baseline=f"whole build {median(whole):.1f} s",
            )
        )
        recorder.add(Figure(f"{size}: start-up check, nothing changed", median(opened), "s"))
        recorder.add(Figure(f"{size}: query, top 50", 1000 * median(queries), "ms"))
    recorder.save({})


if __name__ == "__main__":
    main()

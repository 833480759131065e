"""Median query latency (retrieve + rerank + answer) of the default profile against the ``baseline``
profile (the LangChain tutorial set-up), per eval set, asked in alternation on the same questions with
cold embedding caches. Target (issue 7): default within 2x the baseline.

    python -m bench.query [--sets eval/sets/seed.jsonl ...] [--questions 60] [--repeats 3]
"""

import argparse
import statistics
import time
from pathlib import Path

from bench.common import Figure, Recorder, machine_line
from eval.dataset import load_eval_set
from eval.runner import collection_name, eval_settings
from index.embeddings import CachedEmbeddings
from rag.service import CorpusChat

SETS = ("eval/sets/seed.jsonl", "eval/sets/squad2-sample.jsonl", "eval/sets/multihop-rag-sample.jsonl")
PROFILES = ("baseline", "default")


def engine_for(set_path: Path, profile: str) -> CorpusChat:
    eval_set = load_eval_set(set_path)
    settings = eval_settings(eval_set, profile)
    engine = CorpusChat(settings.model_copy(update={"collection": collection_name(eval_set.name, settings)}))
    engine.ingest()
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", type=Path, default=[Path(s) for s in SETS])
    parser.add_argument("--questions", type=int, default=60, help="first N questions of each set")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    recorder = Recorder("query")
    print(f"query latency, default vs baseline profile per eval set, cold caches; {machine_line()}")
    for set_path in args.sets:
        questions = [r.question for r in load_eval_set(set_path).records[: args.questions]]
        engines = {profile: engine_for(set_path, profile) for profile in PROFILES}
        medians: dict[str, list[float]] = {profile: [] for profile in PROFILES}
        for _ in range(args.repeats):
            timings: dict[str, list[float]] = {profile: [] for profile in PROFILES}
            for question in questions:
                for profile, engine in engines.items():
                    embeddings = engine.embeddings
                    if isinstance(embeddings, CachedEmbeddings):
                        embeddings.clear()
                    started = time.perf_counter()
                    engine.ask(question)
                    timings[profile].append(time.perf_counter() - started)
            for profile in PROFILES:
                medians[profile].append(statistics.median(timings[profile]))
        base, ours = (statistics.median(medians[p]) * 1000 for p in PROFILES)
        print(f"{set_path.stem}: {len(questions)} questions x {args.repeats} runs, median latency")
        recorder.add(
            Figure(
                f"{set_path.stem}: default profile",
                ours,
                "ms",
                target=f"<= 2x baseline ({ours / base:.2f}x)",
                baseline=f"baseline profile {base:.0f} ms",
                ok=ours <= 2 * base,
            )
        )
    recorder.save()


if __name__ == "__main__":
    main()

"""Measure the citation check (rag.verify) on the eval sets: does it call supported sentences supported
and unsupported ones unsupported?

For each answerable record whose answer occurs in its source document, the passage is a window of the
document around the first sentence holding the answer. Sentences checked against it:

- ``quote``: that sentence itself (what the extractive answerer writes)           -> should be supported
- ``restated``: the question restated with the reference answer                   -> should be supported
- ``wrong passage``: the restated sentence, citing another record's passage        -> should not
- ``wrong answer``: the question restated with another record's answer, citing
  the right passage (a hard case: most of its words are in the passage)           -> should not

Run: ``.venv/bin/python scripts/measure_verification.py [--limit 150]``; prints a Markdown table per
threshold (the ``min_support`` setting).
"""

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from eval.dataset import load_eval_set
from index.embeddings import load_embeddings
from index.loaders import load_document
from index.sentences import split_sentences
from rag.schema import Passage
from rag.verify import check_sentences

SETS = [Path("eval/sets/seed.jsonl"), Path("eval/sets/squad2-sample.jsonl")]
WINDOW = 350  # characters of context on each side of the answer sentence: about one chunk in all
THRESHOLDS = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]


@dataclass
class Case:
    question: str
    answer: str
    sentence: str
    passage: Passage


def cases(limit: int) -> list[Case]:
    out: list[Case] = []
    for path in SETS:
        eval_set = load_eval_set(path)
        for record in eval_set.records[:limit]:
            if not record.answerable or not record.sources:
                continue
            text = load_document(eval_set.corpus_dir / record.sources[0]).text
            answer = record.answer.lower()
            spans = [s for s in split_sentences(text) if answer in text[s.start : s.end].lower()]
            if not spans:
                continue
            span = spans[0]
            start, end = max(0, span.start - WINDOW), min(len(text), span.end + WINDOW)
            passage = Passage(
                rank=1,
                chunk_id=f"{record.id}-window",
                source=record.sources[0],
                title=record.sources[0],
                start=start,
                end=end,
                score=1.0,
                text=text[start:end],
            )
            out.append(Case(record.question, record.answer, text[span.start : span.end], passage))
    return out


def restated(question: str, answer: str) -> str:
    return f"To the question '{question.strip().rstrip('?')}', the answer is {answer} [1]."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=150, help="Records per eval set.")
    args = parser.parse_args()
    rng = random.Random(7)
    embeddings = load_embeddings()
    all_cases = cases(args.limit)
    kinds: dict[str, tuple[bool, list[tuple[str, Passage, str]]]] = {
        "quote": (True, []),
        "restated": (True, []),
        "wrong passage": (False, []),
        "wrong answer": (False, []),
    }
    for case in all_cases:
        other = rng.choice([c for c in all_cases if c.passage.source != case.passage.source])
        right = restated(case.question, case.answer)
        kinds["quote"][1].append((f"{case.sentence} [1]", case.passage, case.question))
        kinds["restated"][1].append((right, case.passage, case.question))
        kinds["wrong passage"][1].append((right, other.passage, case.question))
        if other.answer.lower() not in case.passage.text.lower():
            wrong = restated(case.question, other.answer)
            kinds["wrong answer"][1].append((wrong, case.passage, case.question))
    scores: dict[str, tuple[bool, list[float]]] = {}
    for kind, (should, pairs) in kinds.items():
        checked = [check_sentences([c], {1: p}, embeddings, 0.0, q)[0].score for c, p, q in pairs]
        scores[kind] = (should, checked)
    print(f"{len(all_cases)} cases from {', '.join(str(p) for p in SETS)}\n")
    header = " | ".join(f"{k} ({'+' if s else '-'})" for k, (s, _) in scores.items())
    print(f"| min_support | {header} | precision | recall |")
    print("|---" * (len(scores) + 3) + "|")
    for threshold in THRESHOLDS:
        cells, tp, fp, fn = [], 0, 0, 0
        for should, values in scores.values():
            called = sum(v >= threshold for v in values)
            cells.append(f"{called / len(values):.2f}")
            tp += called if should else 0
            fp += 0 if should else called
            fn += len(values) - called if should else 0
        precision = tp / (tp + fp) if tp + fp else 0.0
        print(f"| {threshold} | " + " | ".join(cells) + f" | {precision:.3f} | {tp / (tp + fn):.3f} |")
    print("\ncells: share called supported; precision/recall of 'supported' over all kinds pooled.")


if __name__ == "__main__":
    main()

"""The eval runner: ask every question of an eval set through ``CorpusChat`` and score the answers.

Public API (the ``rag eval`` command and the Gradio Eval tab both use it):

``run_eval(set_path, *, profile="default", k=None, corpus=None, out_dir=None, settings=None,
on_progress=None) -> RunResult``
    Index the set's corpus into the set's own collection (incremental), answer every question, write
    the run folder (``results.jsonl``, ``metrics.json``, ``report.md``, PNG plots) and return it.
    ``settings`` defaults to ``Settings()`` (rag.toml, ``RAG_*``); the profile's overrides apply on top.
    ``k`` (default: the profile's ``top_k``) is the number of passages the answer uses.
    ``out_dir`` defaults to ``eval/runs/<UTC timestamp>-<set name>-<profile>/``.

``run_profiles(set_path, profiles, *, k=None, corpus=None, out_dir=None, settings=None,
on_progress=None) -> ProfilesResult``
    The same for two profiles on the same questions, asked in alternation so both see the same machine
    load; writes one run folder per profile under ``out_dir`` plus a side-by-side report there.

``load_run(run_dir) -> RunResult``, ``list_runs(root=RUNS_ROOT) -> list[RunResult]`` (newest first)
    Read finished runs back. ``eval.compare.compare_runs(a, b) -> Comparison`` compares two of them and
    ``eval.gate.check_gate(summary, thresholds) -> list[str]`` checks one against a quality gate.

``on_progress(stage, done, total, detail)``
    Called with stage ``"ingest"`` (files of the corpus; ``total`` may be 0 before files are counted)
    and then ``"answer"`` (questions times profiles); ``detail`` names the profile and file or question.

Retrieval metrics need a deeper ranking than the answer uses, so each question is retrieved once with
``max(k, 10)`` passages for the metrics, then asked with ``k``; only the ``ask`` is timed as latency.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.compare import Comparison, compare_runs
from eval.dataset import EvalRecord, EvalSet, load_eval_set
from eval.metrics import relevance
from eval.report import write_comparison_report, write_run_report
from eval.runs import RUNS_ROOT, RunResult, list_runs, load_run
from eval.scoring import MRR_CUTOFF, cutoffs, outcome, question_metrics, summarize
from rag.config import Settings
from rag.followup import Exchange
from rag.profiles import apply_profile, index_fingerprint
from rag.retrieval import to_passages
from rag.schema import Answer, Passage
from rag.service import CorpusChat, FolderMismatchError

__all__ = [
    "RUNS_ROOT",
    "EvalProgress",
    "ProfilesResult",
    "RunResult",
    "collection_name",
    "eval_settings",
    "list_runs",
    "load_run",
    "run_eval",
    "run_profiles",
]

EvalProgress = Callable[[str, int, int, str], None]
"""``(stage, done, total, detail)``; see the module docstring."""


@dataclass
class ProfilesResult:
    """Several profiles run on the same questions: one run each, compared first against second."""

    run_dir: Path
    runs: list[RunResult]
    comparison: Comparison


_SET_COLLECTION_PREFIX = "eval-"


def collection_name(set_name: str, settings: Settings) -> str:
    """The set's collection: runs whose settings store the same index share it.

    A valid Chroma name (3-512 characters of ``[a-zA-Z0-9._-]``, alphanumeric at both ends).
    """
    digest = hashlib.sha256(index_fingerprint(settings).encode()).hexdigest()[:10]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", set_name).strip("-_")[:64] or "set"
    return f"{_SET_COLLECTION_PREFIX}{stem}-{digest}"


def eval_settings(eval_set: EvalSet, profile: str, settings: Settings | None = None) -> Settings:
    """``settings`` with the profile applied, pointed at the set's corpus and collection: your own
    collection when it mirrors the set's corpus (its last ingest indexed that folder) and the profile
    stores the same index (nothing to embed again), else the set's.

    The folder the store records, not the ``corpus_dir`` setting: after ``rag ingest ~/notes`` the
    setting still says ``corpus/`` (the seed set's folder), and indexing that into your collection
    would empty it."""
    base = settings or Settings()
    profiled = apply_profile(base, profile).model_copy(update={"corpus_dir": eval_set.corpus_dir})
    same_index = index_fingerprint(profiled) == index_fingerprint(base)
    if same_index and CorpusChat(base).mirrored_folder() == eval_set.corpus_dir.resolve():
        return profiled
    return profiled.model_copy(update={"collection": collection_name(eval_set.name, profiled)})


def _public_settings(settings: Settings) -> dict[str, Any]:
    """The settings as JSON, without fields that hold secrets (passwords, API keys)."""
    secret = {name for name, info in Settings.model_fields.items() if "SecretStr" in str(info.annotation)}
    return settings.model_dump(mode="json", exclude=secret)


def _git_commit() -> dict[str, Any] | None:
    """The commit the code ran from and whether tracked files had changes; None outside a checkout."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "-uno"))}
    except (OSError, subprocess.SubprocessError):
        return None


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _new_run_dir(root: Path, name: str) -> Path:
    """``root/name``, or ``root/name-2`` ... if a run of the same second already took it."""
    candidate, n = root / name, 1
    while candidate.exists():
        n += 1
        candidate = root / f"{name}-{n}"
    return candidate


def _row(
    record: EvalRecord,
    answer: Answer,
    ranking: Sequence[Passage],
    latency: float,
    k: int,
    history_answers: Sequence[str] = (),
) -> dict[str, Any]:
    metrics = question_metrics(record, answer, ranking, k)
    relevant = relevance([(p.source, p.text) for p in ranking], record.evidence, record.sources)
    return {
        "id": record.id,
        "type": record.type,
        "question": record.question,
        "history": record.history,
        "history_answers": list(history_answers),
        "answerable": record.answerable,
        "reference": record.answer,
        "aliases": record.aliases,
        "answer": answer.answer,
        "short_answer": answer.short_answer,
        "abstained": answer.abstained,
        "relevance": answer.relevance,
        "similarity": answer.similarity,
        "outcome": outcome(record, answer, metrics["contains"] or 0.0, metrics["f1"] or 0.0),
        "backend": answer.backend,
        "latency": latency,
        "citations": [
            {
                "marker": c.marker,
                "source": c.source,
                "title": c.title,
                "start": c.start,
                "end": c.end,
                "text": c.quote,
                "chunk_id": c.chunk_id,
            }
            for c in answer.citations
        ],
        "passages": [
            {
                "rank": p.rank,
                "source": p.source,
                "title": p.title,
                "start": p.start,
                "end": p.end,
                "score": p.score,
                "cited": p.cited,
                "chunk_id": p.chunk_id,
                "text": p.text,
            }
            for p in answer.passages
        ],
        "sentences": [{"text": s.text, "supported": s.supported, "score": s.score} for s in answer.sentences],
        "ranking": [
            {
                "rank": p.rank,
                "source": p.source,
                "start": p.start,
                "end": p.end,
                "score": p.score,
                "relevant": is_relevant,
                "chunk_id": p.chunk_id,
            }
            for p, is_relevant in zip(ranking, relevant, strict=True)
        ],
        "metrics": metrics,
    }


@dataclass
class _Session:
    """One profile's engine during a run, and the rows it has answered."""

    profile: str
    settings: Settings
    engine: CorpusChat
    k: int
    ingest: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    said: dict[tuple[str, ...], str] = field(default_factory=dict)  # a conversation's answers, by its turns

    @property
    def depth(self) -> int:
        """Passages retrieved for the metrics: enough for every cut-off."""
        hits, recalls = cutoffs(self.k)
        return max(*hits, *recalls, MRR_CUTOFF)

    def prepare(self, on_progress: EvalProgress) -> None:
        def progress(done: int, total: int, current: str) -> None:
            on_progress("ingest", done, total, f"{self.profile}: {current}")

        # The set's folder, not whatever the collection mirrors. A set's own collection that mirrors
        # another folder (a --corpus override since) is rebuilt for this one; your own collection
        # is never replaced (a clear error).
        try:
            report = self.engine.ingest(self.settings.corpus_dir, on_progress=progress)
        except FolderMismatchError:
            if not self.settings.collection.startswith(_SET_COLLECTION_PREFIX):
                raise
            report = self.engine.ingest(self.settings.corpus_dir, on_progress=progress, rebuild=True)
        self.ingest = {"collection": self.settings.collection, **report.summary(), "failed": report.failed}

    def answer(self, record: EvalRecord) -> None:
        # The answer first: the ranking's retrieval embeds the question, and the cache would then
        # spare the timed call its encoding.
        history = self.conversation(record.history)
        started = time.perf_counter()
        answer = self.engine.ask(record.question, k=self.k, history=history)
        latency = time.perf_counter() - started
        # a follow-up is ranked by what retrieval searched for it (the question with its antecedent, or
        # the whole question an ellipsis stands for)
        query = (answer.retrieval_query or record.question) if record.history else record.question
        ranking = to_passages(self.engine.retriever.invoke(query, k=self.depth))
        self.seconds += time.perf_counter() - started
        self.rows.append(_row(record, answer, ranking, latency, self.k, [turn.answer for turn in history]))

    def conversation(self, questions: list[str]) -> list[Exchange]:
        """The turns before a follow-up as a chat has them: each earlier question asked in its turn,
        with what was answered (once for all the follow-ups that share them; not timed)."""
        turns: list[Exchange] = []
        for n, question in enumerate(questions):
            asked = tuple(questions[: n + 1])
            if asked not in self.said:
                self.said[asked] = self.engine.ask(question, k=self.k, history=turns).said()
            turns.append(Exchange(question, self.said[asked]))
        return turns


def _sessions(
    eval_set: EvalSet, profiles: Sequence[str], k: int | None, settings: Settings | None
) -> list[_Session]:
    sessions = []
    for profile in profiles:
        profiled = eval_settings(eval_set, profile, settings)
        sessions.append(_Session(profile, profiled, CorpusChat(profiled), k or profiled.top_k))
    return sessions


def _answer_all(eval_set: EvalSet, sessions: list[_Session], on_progress: EvalProgress) -> None:
    """Ask every question of every session, rotating which profile goes first for each question."""
    total, done = len(eval_set) * len(sessions), 0
    on_progress("answer", 0, total, "")
    with warnings.catch_warnings():
        # LangChain warns on every cosine similarity below 0, printing all the passages each time.
        warnings.filterwarnings("ignore", "Relevance scores must be between 0 and 1", UserWarning)
        for index, record in enumerate(eval_set.records):
            shift = index % len(sessions)
            for session in sessions[shift:] + sessions[:shift]:
                session.answer(record)
                done += 1
                on_progress("answer", done, total, f"{session.profile}: {record.id}")


def _metrics(
    eval_set: EvalSet, session: _Session, started: datetime, wall: float, git: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "set": {
            "name": eval_set.name,
            "path": str(eval_set.path),
            "corpus": str(eval_set.corpus_dir),
            "questions": len(eval_set),
            "answerable": sum(r.answerable for r in eval_set.records),
            "unanswerable": sum(not r.answerable for r in eval_set.records),
            "by_type": eval_set.count_by_type(),
        },
        "profile": session.profile,
        "k": session.k,
        "retrieval_depth": session.depth,
        "model": session.settings.embedding_model,
        "backend": session.settings.backend,
        "settings": _public_settings(session.settings),
        "git": git,
        "started": started.isoformat(),
        "seconds": {
            "wall": round(wall, 2),
            "ingest": session.ingest["seconds"],
            "questions": round(session.seconds, 2),
        },
        "ingest": session.ingest,
        **summarize(session.rows, session.k),
    }


def _write_run(run_dir: Path, metrics: dict[str, Any], rows: list[dict[str, Any]]) -> RunResult:
    run_dir.mkdir(parents=True, exist_ok=True)
    with (run_dir / "results.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    (run_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n")
    result = RunResult(run_dir, metrics, rows)
    write_run_report(result)
    return result


def _execute(
    set_path: Path,
    profiles: Sequence[str],
    k: int | None,
    corpus: Path | None,
    settings: Settings | None,
    on_progress: EvalProgress | None,
) -> tuple[EvalSet, list[_Session], datetime, float]:
    started, clock = _utc_now(), time.perf_counter()
    report = on_progress or (lambda stage, done, total, detail: None)
    eval_set = load_eval_set(Path(set_path), corpus)
    sessions = _sessions(eval_set, profiles, k, settings)
    for session in sessions:
        session.prepare(report)
    _answer_all(eval_set, sessions, report)
    return eval_set, sessions, started, time.perf_counter() - clock


def run_eval(
    set_path: Path,
    *,
    profile: str = "default",
    k: int | None = None,
    corpus: Path | None = None,
    out_dir: Path | None = None,
    settings: Settings | None = None,
    on_progress: EvalProgress | None = None,
) -> RunResult:
    """Evaluate one profile on an eval set and write its run folder (see the module docstring)."""
    eval_set, (session,), started, wall = _execute(set_path, [profile], k, corpus, settings, on_progress)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    run_dir = out_dir or _new_run_dir(RUNS_ROOT, f"{stamp}-{eval_set.name}-{profile}")
    return _write_run(Path(run_dir), _metrics(eval_set, session, started, wall, _git_commit()), session.rows)


def run_profiles(
    set_path: Path,
    profiles: Sequence[str],
    *,
    k: int | None = None,
    corpus: Path | None = None,
    out_dir: Path | None = None,
    settings: Settings | None = None,
    on_progress: EvalProgress | None = None,
) -> ProfilesResult:
    """Evaluate two profiles on the same questions; ratios in the comparison are second / first."""
    if len(profiles) != 2 or profiles[0] == profiles[1]:
        raise ValueError(f"compare profiles: need two different profiles, got {','.join(profiles)}")
    eval_set, sessions, started, wall = _execute(set_path, profiles, k, corpus, settings, on_progress)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    run_dir = Path(out_dir or _new_run_dir(RUNS_ROOT, f"{stamp}-{eval_set.name}-{'-vs-'.join(profiles)}"))
    git = _git_commit()
    runs = [
        _write_run(run_dir / s.profile, _metrics(eval_set, s, started, wall, git), s.rows) for s in sessions
    ]
    comparison = compare_runs(*runs)
    write_comparison_report(comparison, run_dir)
    return ProfilesResult(run_dir, runs, comparison)

"""The eval runner end to end on a tiny set: real model, real Chroma (embedded and a server), temp folders."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.compare import compare_runs
from eval.dataset import load_eval_set
from eval.gate import GateError, check_gate, load_thresholds
from eval.report import abstention_curve
from eval.runner import RunResult, collection_name, eval_settings, list_runs, load_run, run_eval
from rag.cli import app
from rag.config import Settings
from rag.profiles import apply_profile
from rag.service import CorpusChat
from tests.conftest import StoreMode

pytestmark = pytest.mark.both_stores

FERRY = "The ferry to Bozcaada leaves Geyikli at nine in the morning."
BAKERY = "The bakery on Kale Street sells almond cookies every Saturday."
DOCS = {
    "island.md": f"# Bozcaada\n\n{FERRY} The crossing takes thirty five minutes.\n\n"
    "The island is known for its vineyards and its windmills on the western cape.\n",
    "town.txt": f"{BAKERY} Its owner, Selin Aksoy, opened it in 1998.\n\n"
    "The town museum is closed on Mondays and opens at ten on other days.\n",
}
RECORDS = [
    {
        "id": "q-ferry",
        "question": "When does the ferry to Bozcaada leave Geyikli?",
        "answer": "at nine in the morning",
        "evidence": [FERRY],
        "sources": ["island.md"],
        "type": "factoid",
        "corpus": "corpus",
    },
    {
        "id": "q-owner",
        "question": "Who opened the bakery on Kale Street?",
        "answer": "Selin Aksoy",
        "evidence": ["Its owner, Selin Aksoy, opened it in 1998."],
        "sources": ["town.txt"],
        "type": "factoid",
    },
    {
        "id": "q-multi",
        "question": "What does the bakery sell, and how long does the ferry crossing take?",
        "answer": "almond cookies",
        "evidence": [BAKERY, "The crossing takes thirty five minutes."],
        "sources": ["town.txt", "island.md"],
        "type": "multi",
    },
    {"id": "q-none", "question": "How many moons does Neptune have?", "answer": "", "type": "unanswerable"},
]


@dataclass
class Runs:
    set_path: Path
    store: Path
    store_mode: StoreMode
    first: RunResult
    second: RunResult


def _write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _write_set(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _settings(store: Path, store_mode: StoreMode, **overrides: object) -> Settings:
    # One answer sentence keeps the hand-computed F1 below independent of the runner-up sentence.
    values = {"persist_dir": store, "max_answer_sentences": 1, **store_mode.settings(), **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, store_mode: StoreMode) -> Runs:
    root = tmp_path_factory.mktemp("eval")
    _write_folder(root / "corpus", DOCS)
    set_path = _write_set(root / "tiny.jsonl", RECORDS)
    store = root / "store"
    first = run_eval(set_path, settings=_settings(store, store_mode), out_dir=root / "runs" / "first")
    # Same index settings, stricter abstention: nothing is embedded again and the answers change.
    second = run_eval(
        set_path, settings=_settings(store, store_mode, min_relevance=0.99), out_dir=root / "runs" / "second"
    )
    return Runs(set_path, store, store_mode, first, second)


def _row(run: RunResult, question_id: str) -> dict:
    return next(row for row in run.rows if row["id"] == question_id)


def test_run_folder_holds_parseable_results_metrics_report_and_plots(runs: Runs) -> None:
    run_dir = runs.first.run_dir
    plots = ("by_type.png", "latency.png", "abstention.png")
    for name in ("results.jsonl", "metrics.json", "report.md", *plots):
        assert (run_dir / name).is_file(), name
    for plot in plots:
        assert (run_dir / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = [json.loads(line) for line in (run_dir / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [r["id"] for r in RECORDS]
    for row in rows:
        assert {"question", "answer", "abstained", "citations", "passages", "ranking", "metrics"} <= set(row)
        assert len(row["ranking"]) <= 10 and row["latency"] > 0
        for citation in row["citations"]:
            assert {"source", "start", "end", "text"} <= set(citation)
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["set"]["name"] == "tiny" and metrics["set"]["questions"] == 4
    assert metrics["set"]["answerable"] == 3 and metrics["profile"] == "default"
    assert metrics["model"] == "all-MiniLM-L6-v2" and metrics["backend"] == "extractive"
    assert metrics["k"] == 5 and metrics["retrieval_depth"] == 10
    assert "auth" not in metrics["settings"] and "api_keys" not in metrics["settings"]
    assert "chroma_token" not in metrics["settings"]
    assert metrics["settings"]["chroma_url"] == runs.store_mode.url  # the store the run really used
    assert metrics["ingest"]["added"] == 2 and metrics["ingest"]["chunks_embedded"] > 0
    assert set(metrics["by_type"]) == {"factoid", "multi", "unanswerable"}
    assert metrics["latency"]["n"] == 4 and metrics["abstention"]["n_unanswerable"] == 1
    report = (run_dir / "report.md").read_text()
    assert "## Summary" in report and "![latency histogram](latency.png)" in report
    assert "answerable questions only" in report and "![abstention trade-off](abstention.png)" in report


def test_abstention_curve_replays_the_thresholds_on_each_answers_scores(runs: Runs) -> None:
    """At the run's own thresholds the curve gives the run's answered/declined shares; raising one
    answers fewer questions, and at 1 none."""
    run = runs.first
    curve = abstention_curve(run, "min_relevance")
    assert curve is not None
    at_run = curve["threshold"].index(round(run.metrics["settings"]["min_relevance"], 2))
    summary = run.metrics["abstention"]
    assert curve["answered"][at_run] == 1 - summary["false_abstention_rate"]
    assert curve["declined"][at_run] == summary["unanswerable_accuracy"]
    assert curve["answered"][-1] == 0.0 and curve["declined"][-1] == 1.0  # a threshold of 1: nothing passes
    assert curve["answered"] == sorted(curve["answered"], reverse=True)


def test_abstention_curve_keeps_answers_declined_for_another_reason_declined(tmp_path: Path) -> None:
    """A count question declined for want of a number scored above both thresholds: no threshold
    would have answered it."""

    def row(answerable: bool, abstained: bool, relevance: float) -> dict[str, object]:
        return {"answerable": answerable, "abstained": abstained, "relevance": relevance, "similarity": 0.6}

    rows = [row(True, False, 0.7), row(False, True, 0.1), row(False, True, 0.8)]
    run = RunResult(tmp_path, {"settings": {"min_relevance": 0.29, "min_similarity": 0.25}}, rows)
    curve = abstention_curve(run, "min_relevance")
    assert curve is not None
    assert curve["declined"][0] == 0.5  # at a threshold of 0 the second is answered, the third not
    assert curve["answered"][curve["threshold"].index(0.7)] == 1.0


def test_hand_checked_question_metrics(runs: Runs) -> None:
    ferry = _row(runs.first, "q-ferry")
    assert ferry["outcome"] == "correct"
    assert ferry["answer"] == f"{FERRY} [1]"
    assert ferry["citations"][0]["title"] == ferry["passages"][0]["title"] == "Bozcaada"  # its heading
    m = ferry["metrics"]
    assert m["hit@1"] == m["mrr@10"] == m["recall@10"] == 1.0
    # EM/F1 are on the short answer "nine in the morning" -> "nine in morning" (3 tokens) against the
    # gold "at nine in morning" (4 tokens, 3 shared): P = 1, R = 3/4, F1 = 6/7.
    assert ferry["short_answer"] == "nine in the morning"
    assert m["em"] == 0.0
    assert m["f1"] == pytest.approx(6 / 7)
    assert m["contains"] == 1.0
    assert m["citation_precision"] == m["citation_recall"] == 1.0
    assert m["unsupported_rate"] == 0.0

    multi = _row(runs.first, "q-multi")["metrics"]
    assert multi["recall@10"] == 1.0  # both documents' quotes are retrieved (the corpus is tiny)

    none = _row(runs.first, "q-none")
    assert none["abstained"] and none["outcome"] == "declined"
    assert none["metrics"]["em"] == none["metrics"]["f1"] == 1.0  # SQuAD v2: declining is right
    assert none["metrics"]["hit@1"] is None and none["metrics"]["unsupported_rate"] is None
    assert runs.first.summary["unanswerable_accuracy"] == 1.0


def test_a_follow_up_is_asked_with_the_conversation_before_it(runs: Runs, tmp_path: Path) -> None:
    """ "What does she sell?" names nothing: the earlier turn says who "she" is (without it, nothing
    is found)."""
    follow_up = {
        "id": "q-sells",
        "history": ["Who opened the bakery on Kale Street?"],
        "question": "What does she sell?",
        "answer": "almond cookies",
        "evidence": [BAKERY],
        "sources": ["town.txt"],
        "type": "followup",
        "corpus": str(runs.set_path.parent / "corpus"),
    }
    set_path = _write_set(tmp_path / "followup.jsonl", [follow_up])
    settings = _settings(runs.store, runs.store_mode, max_answer_sentences=2)
    (row,) = run_eval(set_path, settings=settings, out_dir=tmp_path / "run").rows
    assert row["history"] == follow_up["history"]
    assert row["history_answers"] == ["Selin Aksoy"]  # the earlier question asked first, as in a chat
    assert "almond cookies" in row["answer"] and row["metrics"]["hit@1"] == 1.0


def test_second_run_embeds_nothing_and_reuses_the_collection(runs: Runs) -> None:
    assert "chunks embedded)" in (runs.first.run_dir / "report.md").read_text()
    assert "index up to date: 2 documents reused" in (runs.second.run_dir / "report.md").read_text()
    first, second = runs.first.metrics["ingest"], runs.second.metrics["ingest"]
    assert second["collection"] == first["collection"]
    assert second["chunks_embedded"] == 0 and second["unchanged"] == 2


def test_compare_reports_deltas_and_changed_questions(runs: Runs) -> None:
    comparison = compare_runs(runs.first.run_dir, runs.second.run_dir)
    deltas = {d.metric.key: d for d in comparison.metrics}
    assert deltas["false_abstention_rate"].delta == pytest.approx(1.0)  # 0 -> 1: everything declined
    assert deltas["false_abstention_rate"].improved is False
    assert deltas["hit@10"].delta == 0.0  # retrieval does not depend on abstention
    changed = {q.id: q for q in comparison.changed}
    assert "q-none" not in changed and comparison.shared == 4
    assert changed["q-ferry"].a_outcome == "correct" and changed["q-ferry"].b_outcome == "abstained"
    assert changed["q-ferry"].direction == "worse"


def test_gate_passes_at_measured_values_and_fails_above(runs: Runs, tmp_path: Path) -> None:
    summary = runs.first.summary
    assert check_gate(summary, {"min": {"hit@10": summary["hit@10"]}, "max": {"unsupported_rate": 0.0}}) == []
    failures = check_gate(summary, {"min": {"contains": 1.01, "hit@10": 0.5}, "max": {"latency_p95": 0.0}})
    assert len(failures) == 2
    assert failures[0].startswith("contains: ") and "below the threshold 1.01" in failures[0]
    assert failures[1].startswith("latency_p95: ") and "above" in failures[1]
    assert check_gate(summary, {"min": {"nonsense": 0.1}}) == ["nonsense: not measured (threshold min 0.1)"]
    bad = tmp_path / "bad.json"
    bad.write_text('{"minimum": {"hit@1": 0.5}}')
    with pytest.raises(GateError, match="'min' and/or 'max'"):
        load_thresholds(bad)


def test_collection_name_is_a_valid_chroma_name_per_index_settings() -> None:
    name = collection_name("my set (v2)/ünï", Settings())
    assert re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]", name)
    assert collection_name("s", Settings(min_relevance=0.9)) == collection_name("s", Settings())
    assert collection_name("s", apply_profile(Settings(), "baseline")) != collection_name("s", Settings())


def test_a_set_over_the_folder_your_collection_mirrors_uses_your_index(
    tmp_path: Path, store_mode: StoreMode
) -> None:
    """Nothing to embed again when your collection mirrors the set's corpus (whatever the corpus_dir
    setting says) and the profile stores the same index; the baseline's index is the set's own, and
    so is everything before your collection mirrors that folder."""
    corpus = _write_folder(tmp_path / "corpus", DOCS)
    eval_set = load_eval_set(_write_set(tmp_path / "set.jsonl", RECORDS[:1]))
    mine = _settings(tmp_path / "store", store_mode, collection=f"mine-{uuid.uuid4().hex[:8]}")
    assert eval_settings(eval_set, "default", mine).collection == collection_name("set", mine)
    CorpusChat(mine).ingest(corpus)
    assert eval_settings(eval_set, "default", mine).collection == mine.collection
    elsewhere = mine.model_copy(update={"corpus_dir": tmp_path / "other"})
    assert eval_settings(eval_set, "default", elsewhere).collection == mine.collection
    assert eval_settings(eval_set, "default", elsewhere).corpus_dir == corpus.resolve()
    assert eval_settings(eval_set, "baseline", mine).collection == collection_name(
        "set", apply_profile(mine, "baseline")
    )


def test_an_eval_leaves_your_collection_of_another_folder_alone(
    tmp_path: Path, store_mode: StoreMode, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tester's steps: `rag ingest ~/notes`, then an eval of a set over ./corpus, the folder the
    corpus_dir setting still names by default. The run used your collection and failed ("indexing
    corpus would remove 3 of its 3 documents"); it runs in the set's own, and yours is untouched."""
    monkeypatch.chdir(tmp_path)
    _write_folder(tmp_path / "corpus", DOCS)
    notes = _write_folder(
        tmp_path / "notes", {f"tide{n}.txt": f"High tide {n} is at {n} o'clock.\n" for n in (1, 2, 3)}
    )
    set_path = _write_set(tmp_path / "seed.jsonl", RECORDS)
    settings = _settings(tmp_path / "store", store_mode, collection=f"mine-{uuid.uuid4().hex[:8]}")
    assert "corpus_dir" not in settings.model_fields_set
    CorpusChat(settings).ingest(notes)

    run = run_eval(set_path, settings=settings, out_dir=tmp_path / "run")
    assert run.metrics["ingest"]["collection"] == collection_name("seed", settings)
    assert _row(run, "q-ferry")["citations"][0]["source"] == "island.md"
    yours = CorpusChat(settings)
    assert yours.mirrored_folder() == notes.resolve()
    assert [record.doc_id for record in yours.documents()] == ["tide1.txt", "tide2.txt", "tide3.txt"]


def test_the_same_set_over_another_corpus_rebuilds_the_sets_own_index(runs: Runs, tmp_path: Path) -> None:
    """A --corpus override with other files: the set's collection mirrors that folder now."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "harbour.txt").write_text(f"{FERRY}\n", encoding="utf-8")
    settings = _settings(runs.store, runs.store_mode)
    run = run_eval(runs.set_path, corpus=other, settings=settings, out_dir=tmp_path / "run")
    assert run.metrics["ingest"]["added"] == 1
    assert _row(run, "q-ferry")["citations"][0]["source"] == "harbour.txt"
    back = run_eval(runs.set_path, settings=settings, out_dir=tmp_path / "back")  # and back again
    assert back.metrics["ingest"]["added"] == len(DOCS)


def test_list_and_load_runs(runs: Runs) -> None:
    listed = list_runs(runs.first.run_dir.parent)
    assert {r.run_dir for r in listed} == {runs.first.run_dir, runs.second.run_dir}
    assert load_run(runs.first.run_dir).rows == runs.first.rows
    with pytest.raises(FileNotFoundError, match="not a run folder"):
        load_run(runs.first.run_dir.parent)


# --- the CLI ---------------------------------------------------------------------------------------


def cli(runs: Runs, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("RAG_PERSIST_DIR", str(runs.store))
    for key, value in runs.store_mode.env().items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(app, ["eval", *map(str, args)])
    return result.exit_code, result.output


def test_cli_gate_fails_with_one_line_per_metric(runs: Runs, tmp_path: Path, monkeypatch) -> None:
    thresholds = tmp_path / "thresholds.json"
    thresholds.write_text(json.dumps({"min": {"hit@10": 0.5, "contains": 1.01, "balanced_accuracy": 1.01}}))
    code, out = cli(runs, monkeypatch, runs.set_path, "--gate", thresholds, "--out", tmp_path / "run")
    assert code == 1, out
    assert len(re.findall(r"^gate: ", out, flags=re.MULTILINE)) == 2
    assert "contains: " in out and "hit@10" not in out.split("gate:", 1)[1]
    assert (tmp_path / "run" / "report.md").is_file()


def test_cli_compare_two_runs(runs: Runs, tmp_path: Path, monkeypatch) -> None:
    code, out = cli(
        runs, monkeypatch, "--compare", runs.first.run_dir, runs.second.run_dir, "--out", tmp_path
    )
    assert code == 0, out
    assert re.search(r"\b[1-3] of 4 questions changed outcome: 0 better, [1-3] worse", out)
    assert "false_abstention_rate" in out
    assert "first" in (tmp_path / "report.md").read_text()

    code, out = cli(
        runs, monkeypatch, "--compare", runs.first.run_dir, runs.second.run_dir, "--out", tmp_path
    )
    assert (code, out.splitlines()[0]) == (
        2,
        f"error: --out {tmp_path}: holds an earlier run or comparison; give a new or empty folder",
    )
    code, out = cli(runs, monkeypatch, runs.set_path, "--compare", runs.first.run_dir, runs.second.run_dir)
    assert (code, out.strip()) == (2, "error: --compare compares two finished runs: it takes no SET")


def test_cli_compare_profiles_side_by_side(runs: Runs, tmp_path: Path, monkeypatch) -> None:
    out_dir = tmp_path / "profiles"
    code, out = cli(
        runs, monkeypatch, runs.set_path, "--compare-profiles", "baseline,default", "--out", out_dir
    )
    assert code == 0, out
    for name in (
        "report.md",
        "comparison.json",
        "comparison.png",
        "baseline/metrics.json",
        "default/report.md",
    ):
        assert (out_dir / name).is_file(), name
    comparison = json.loads((out_dir / "comparison.json").read_text())
    assert comparison["a"]["label"] == "baseline" and comparison["b"]["label"] == "default"
    assert comparison["metrics"]["latency_median"]["ratio"] > 0
    assert json.loads((out_dir / "baseline" / "metrics.json").read_text())["k"] == 4
    assert "default/baseline" in (out_dir / "report.md").read_text()

    again = tmp_path / "again"  # out_dir holds the run above: --out must be new or empty
    code, out = cli(runs, monkeypatch, runs.set_path, "--compare-profiles", "baseline", "--out", again)
    assert code == 2 and "two different profiles" in out

"""Eval tab helpers over one real (tiny) run of the eval runner."""

import json
import os
import re
from pathlib import Path

import pytest
from PIL import Image

from eval.runner import RunResult, load_run, run_eval
from rag.service import CorpusChat
from tests.conftest import CORPUS
from ui.eval_tab import (
    answer_from_row,
    comparison_outputs,
    eval_sets,
    position_of,
    question_html,
    run_choices,
    store_settings,
    summary_outputs,
)

QUESTIONS = [
    ("Which bases did Erdogan threaten to close?", "Incirlik and Kureci", "list"),
    ("What did the US suspend deliveries of to Turkey?", "F 35 Joint Strike Fighter", "factoid"),
    ("What is the capital of Australia?", "", "unanswerable"),
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working directory of the run: run folders go to ./eval/runs, as for `rag eval`."""
    return tmp_path_factory.mktemp("eval")


@pytest.fixture(scope="module")
def run(workdir: Path, ui_engine: CorpusChat) -> RunResult:
    """Three questions over the default corpus (run folder path made absolute)."""
    root = workdir
    path = root / "tiny.jsonl"
    corpus = os.path.relpath(CORPUS, root)
    lines = [
        {"id": f"t-{i}", "question": q, "answer": a, "type": t, "corpus": corpus}
        for i, (q, a, t) in enumerate(QUESTIONS)
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = run_eval(path, settings=ui_engine.settings)
    return load_run(root / result.run_dir)


def test_the_shipped_sets_are_offered() -> None:
    assert "seed" in eval_sets()


def test_runs_are_listed(run: RunResult, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    ((label, value),) = run_choices()
    assert (workdir / value).resolve() == run.run_dir.resolve()
    assert label.startswith("tiny · default · ")
    assert label.endswith(" · k=5 · 3 q")


def test_a_changed_question_is_found_by_its_id(run: RunResult) -> None:
    """Clicking a changed question of a comparison opens it: found in the run by its id."""
    last = run.rows[-1]["id"]
    assert position_of(run, last) == len(run.rows) - 1
    assert position_of(run, "no-such-id") is None


def test_summary_has_tables_plots_and_questions(run: RunResult) -> None:
    summary, by_type, by_type_plot, latency_plot, abstention_plot, questions = summary_outputs(run)
    assert summary["headers"] == ["metric", "value", "meaning"]
    assert {row[0] for row in summary["data"]} >= {"hit@5", "contains"}
    assert {row[0] for row in by_type["data"]} == {"list", "factoid", "unanswerable"}
    assert all(isinstance(plot, Image.Image) for plot in (by_type_plot, latency_plot))
    assert abstention_plot.visible and abstention_plot.value is not None  # the set has both kinds
    assert [row[3] for row in questions["data"]] == [q for q, _, _ in QUESTIONS]


def test_a_question_shows_its_answer_and_sources(run: RunResult) -> None:
    html = question_html(run, 0)
    assert "Incirlik and Kureci" in html and "Expected:" in html
    assert 'href="#eval-cite-0-0"' in html and '<mark class="quote">' in html
    answer = answer_from_row(run.rows[0])
    assert answer.citations and answer.answer == run.rows[0]["answer"]


def test_sources_of_a_run_open_in_its_own_collection(run: RunResult, ui_engine: CorpusChat) -> None:
    settings = store_settings(run, ui_engine.settings)
    assert settings.collection == run.metrics["settings"]["collection"] != ui_engine.settings.collection
    citation = answer_from_row(run.rows[0]).citations[0]
    text = CorpusChat(settings).document_text(citation.source)
    assert text is not None and text[citation.start : citation.end] == citation.quote


def test_comparison_with_itself_changes_nothing(run: RunResult) -> None:
    table, plot, note, changed = comparison_outputs(run, run)
    assert table["headers"][0] == "metric" and isinstance(plot, Image.Image)
    assert re.match(r"0 of 3 shared questions changed outcome", note)
    assert changed["data"] == []


def test_question_view_escapes_recorded_text(run: RunResult) -> None:
    row = dict(run.rows[2], question="<script>alert(1)</script>")
    forged = RunResult(Path(run.run_dir), run.metrics, [row])
    assert "<script>" not in question_html(forged, 0)

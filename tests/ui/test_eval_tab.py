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
from ui import eval_tab
from ui.eval_tab import (
    answer_from_row,
    comparison_outputs,
    eval_sets,
    form_values,
    position_of,
    question_view,
    run_choices,
    set_choices,
    store_settings,
    summary_outputs,
)
from ui.render import AnswerRef, answer_markdown

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


def test_a_question_shows_its_answer_as_the_chat_does_and_its_sources(run: RunResult) -> None:
    view, sources = question_view(run, 0)
    answer = answer_from_row(run.rows[0])
    assert answer.citations and answer.answer == run.rows[0]["answer"]
    assert "Incirlik and Kureci" in view and "Expected:" in view
    # the chat's Markdown, apart from the HTML blocks around it: the short answer a paragraph of its own
    shown = answer_markdown(answer, AnswerRef("eval", 0))
    assert f'<div class="eval-answer">\n\n{shown}\n\n</div>' in view
    assert re.search(r'<strong class="short-answer">[^<]+</strong>\n\n', shown)
    assert 'href="#eval-cite-0-0"' in sources and '<mark class="quote">' in sources
    # the document's title, as in the chat (the run recorded it), not its file name
    assert '<span class="source-title">turkey s400 nato</span>' in sources
    assert answer.citations[0].source == "turkey_s400_nato.txt"


def test_a_run_without_titles_takes_them_from_its_collection(run: RunResult) -> None:
    """Runs from before titles were recorded: the tab passes the titles of the run's collection."""
    row = run.rows[0]
    old = {
        **row,
        "citations": [{k: v for k, v in c.items() if k != "title"} for c in row["citations"]],
        "passages": [{k: v for k, v in p.items() if k != "title"} for p in row["passages"]],
    }
    assert eval_tab.titles_missing(old) and not eval_tab.titles_missing(row)
    assert answer_from_row(old).citations[0].title == "turkey_s400_nato.txt"  # nothing better known
    titled = answer_from_row(old, {"turkey_s400_nato.txt": "Turkey and NATO"})
    assert {c.title for c in titled.citations} == {p.title for p in titled.passages} == {"Turkey and NATO"}


def test_the_form_shows_how_the_open_run_was_run(run: RunResult, ui_engine: CorpusChat) -> None:
    chosen, profile, top_k = form_values(run, ui_engine.settings)
    tiny = str(Path(run.metrics["set"]["path"]).resolve())
    assert chosen.value == tiny and ("tiny", tiny) in chosen.choices  # a set from elsewhere is offered
    assert (profile, top_k) == ("default", 0)  # k=5 was the profile's own
    stricter = ui_engine.settings.model_copy(update={"top_k": 3})
    assert form_values(run, stricter)[2] == 5


def test_set_choices_are_read_from_disk_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eval_tab, "SETS_DIR", tmp_path)
    (tmp_path / "seed.jsonl").write_text("")
    assert set_choices() == [("seed", str(tmp_path / "seed.jsonl"))]
    (tmp_path / "qa-mini.jsonl").write_text("")  # added while the app runs
    assert [name for name, _ in set_choices()] == ["qa-mini", "seed"]


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
    view, sources = question_view(forged, 0)
    assert "<script>" not in view + sources and "&lt;script&gt;" in view

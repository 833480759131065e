"""The Eval tab: run an eval set through the same chain as the chat, read its metrics and plots,
compare it with an earlier run, and open any question to check its answer against its sources.

Everything is the eval package's: ``run_eval`` asks and scores, the run folder holds the results
(``eval/runs/``, relative to the working directory, shared with ``rag eval``), and ``eval.report``
builds the tables and plots. This module only shows them.
"""

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import gradio as gr
from PIL import Image

from eval import runner
from eval.compare import compare_runs
from eval.report import comparison_table, plot_comparison, summary_table, type_table
from eval.runner import RunResult, list_runs, load_run, run_eval
from rag.config import Settings
from rag.profiles import PROFILES
from rag.schema import Answer, AnswerSentence, Citation, Passage
from rag.service import CorpusChat
from ui.corpus_tab import TRACK_PROGRESS
from ui.render import AnswerRef, answer_markdown, escape_text, placeholder_html, sources_html
from ui.viewer import document_viewer, open_in_document, parse_link

SETS_DIR = Path(runner.__file__).resolve().parent / "sets"
QUESTION_PLACEHOLDER = "Pick a question in the table to see its answer and sources."
RUN_PLACEHOLDER = "Run an evaluation, or open an earlier run under Open a run."
COMPARISON_PLACEHOLDER = "Open a run, then pick another one under Compare with."
QUESTION_COLUMNS = ["#", "outcome", "type", "question"]
_STORE_FIELDS = ("persist_dir", "chroma_url", "collection", "embedding_model")


def eval_sets(folder: Path = SETS_DIR) -> dict[str, Path]:
    """The eval sets shipped in ``eval/sets``, by name."""
    return {path.stem: path for path in sorted(folder.glob("*.jsonl"))}


@lru_cache(maxsize=8)
def cached_run(run_dir: str) -> RunResult:
    """A finished run (run folders do not change once written)."""
    return load_run(Path(run_dir))


# No "share" button: it only works on Hugging Face Spaces ("Must be on Spaces to share").
_PLOT_BUTTONS: list[Any] = ["download", "fullscreen"]


def run_label(run: RunResult) -> str:
    """Set and profile first: a narrow dropdown cuts the label's end, and they tell runs apart."""
    started = str(run.metrics.get("started", ""))[:16].replace("T", " ")
    questions = run.metrics["set"].get("questions", "?")
    return f"{run.set_name} · {run.profile} · {started} · k={run.metrics['k']} · {questions} q"


def run_choices() -> list[tuple[str, str]]:
    """Every run on disk, newest first, as dropdown choices."""
    return [(run_label(run), str(run.run_dir)) for run in list_runs()]


def table_value(table: tuple[list[str], list[list[str]]]) -> dict[str, Any]:
    headers, rows = table
    return {"headers": headers, "data": rows}


def answer_from_row(row: dict[str, Any]) -> Answer:
    """The structured answer a ``results.jsonl`` row recorded (titles were not recorded: paths stand in)."""
    return Answer(
        question=row["question"],
        answer=row["answer"],
        short_answer=row.get("short_answer", ""),
        abstained=row["abstained"],
        backend=row.get("backend", "extractive"),
        citations=[
            Citation(
                marker=c["marker"],
                chunk_id=c["chunk_id"],
                source=c["source"],
                title=c["source"],
                start=c["start"],
                end=c["end"],
                quote=c["text"],
            )
            for c in row["citations"]
        ],
        passages=[Passage(title=p["source"], **p) for p in row["passages"]],
        sentences=[AnswerSentence(**s) for s in row.get("sentences", [])],
    )


def question_rows(run: RunResult) -> list[list[Any]]:
    return [[i, row["outcome"], row["type"], row["question"]] for i, row in enumerate(run.rows, start=1)]


def position_of(run: RunResult, question_id: str) -> int | None:
    """Where the question with this id sits in the run (None if the run has no such question)."""
    return next((n for n, row in enumerate(run.rows) if row["id"] == question_id), None)


def question_html(run: RunResult, position: int, active_marker: int | None = None) -> str:
    """One question of a run: what was expected, what came out, and the answer's sources."""
    row = run.rows[position]
    answer = answer_from_row(row)
    ref = AnswerRef("eval", position)
    expected = " / ".join([row["reference"], *row.get("aliases", [])]) or "(nothing: should decline)"
    return (
        '<div class="eval-question">'
        f'<p class="eval-meta"><span class="outcome outcome-{escape_text(row["outcome"])}">'
        f"{escape_text(row['outcome'])}</span> {escape_text(row['id'])} · {escape_text(row['type'])} · "
        f"{row['latency'] * 1000:.0f} ms</p>"
        f"<h3>{escape_text(row['question'])}</h3>"
        f'<p class="eval-expected"><strong>Expected:</strong> {escape_text(expected)}</p>'
        f'<div class="eval-answer">{answer_markdown(answer, ref)}</div>'
        f"{sources_html(answer, ref, active_marker)}</div>"
    )


def _png(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.copy()


def summary_outputs(run: RunResult) -> tuple[Any, ...]:
    """Summary table, per-type table, the plots and the questions table of a run. The abstention
    trade-off is hidden for runs that have none (a set of one kind of question, or older runs)."""
    abstention = run.run_dir / "abstention.png"
    return (
        table_value(summary_table(run)),
        table_value(type_table(run)),
        _png(run.run_dir / "by_type.png"),
        _png(run.run_dir / "latency.png"),
        gr.Image(_png(abstention), visible=True) if abstention.is_file() else gr.Image(None, visible=False),
        {"headers": QUESTION_COLUMNS, "data": question_rows(run)},
    )


def comparison_outputs(base: RunResult, run: RunResult) -> tuple[Any, ...]:
    """Side-by-side table, plot and changed questions of ``run`` against ``base``."""
    comparison = compare_runs(base, run)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "comparison.png"
        plot_comparison(comparison, path)
        plot = _png(path)
    note = (
        f"{len(comparison.changed)} of {comparison.shared} shared questions changed outcome: "
        f"{comparison.count('better')} better, {comparison.count('worse')} worse."
    )
    changed = [[q.id, q.direction, f"{q.a_outcome} → {q.b_outcome}", q.question] for q in comparison.changed]
    return (
        table_value(comparison_table(comparison)),
        plot,
        note,
        {"headers": ["id", "direction", "outcome", "question"], "data": changed},
    )


def store_settings(run: RunResult, settings: Settings) -> Settings:
    """``settings`` pointed at the store and collection the run's answers were drawn from."""
    recorded = run.metrics.get("settings", {})
    updates = {key: recorded[key] for key in _STORE_FIELDS if key in recorded}
    return Settings.model_validate({**settings.model_dump(), **updates})  # validated: paths become Paths


def build_eval_tab(engine: CorpusChat, link_events: gr.HTML) -> None:
    """The tab; ``link_events`` reports clicks on source links (those of the open run are ours)."""
    sets = eval_sets()
    readers: dict[str, CorpusChat] = {}

    def document_text(run: RunResult, source: str) -> str | None:
        key = str(run.run_dir)
        if key not in readers:
            readers[key] = CorpusChat(store_settings(run, engine.settings))
        return readers[key].document_text(source)

    with gr.Tab("Eval", id="eval", elem_id="eval-tab") as tab, gr.Row(equal_height=False):
        current = gr.State("")  # the open run's folder
        with gr.Column(scale=1, min_width=280):
            set_path = gr.Dropdown(
                [(name, str(path)) for name, path in sets.items()],
                value=str(sets["seed"]) if "seed" in sets else None,
                label="Eval set",
                elem_id="eval-set",
            )
            profile = gr.Dropdown(list(PROFILES), value="default", label="Profile", elem_id="eval-profile")
            top_k = gr.Slider(0, 50, value=0, step=1, label="top-k (0: the profile's)")
            run_button = gr.Button("Run evaluation", variant="primary", elem_id="eval-run")
            status = gr.Markdown(elem_id="eval-status")
            open_run = gr.Dropdown(run_choices(), value=None, label="Open a run", elem_id="eval-open")
            base_run = gr.Dropdown(run_choices(), value=None, label="Compare with", elem_id="eval-compare")
        with gr.Column(scale=3, min_width=360), gr.Tabs() as views:
            with gr.Tab("Summary", id="summary"):
                no_run = gr.HTML(placeholder_html(RUN_PLACEHOLDER), elem_id="eval-no-run")
                # Hidden until a run is shown: empty, they would read "1 | 2 | 3" and blank frames.
                summary = gr.Dataframe(
                    type="array", interactive=False, wrap=True, elem_id="eval-summary", visible=False
                )
                by_type = gr.Dataframe(
                    type="array", interactive=False, label="By question type", visible=False
                )
                with gr.Row():
                    by_type_plot = gr.Image(
                        type="pil", show_label=False, interactive=False, buttons=_PLOT_BUTTONS, visible=False
                    )
                    latency_plot = gr.Image(
                        type="pil", show_label=False, interactive=False, buttons=_PLOT_BUTTONS, visible=False
                    )
                abstention_plot = gr.Image(
                    type="pil", show_label=False, interactive=False, visible=False, buttons=_PLOT_BUTTONS
                )
            with gr.Tab("Comparison", id="comparison"):
                no_comparison_note = gr.HTML(
                    placeholder_html(COMPARISON_PLACEHOLDER), elem_id="eval-no-comparison"
                )
                compared = gr.Dataframe(
                    type="array", interactive=False, elem_id="eval-comparison", visible=False
                )
                compared_plot = gr.Image(
                    type="pil", show_label=False, interactive=False, buttons=_PLOT_BUTTONS, visible=False
                )
                changed_note = gr.Markdown()
                changed = gr.Dataframe(
                    type="array", interactive=False, wrap=True, label="Changed questions", visible=False
                )
            with gr.Tab("Questions", id="questions"), gr.Row(equal_height=False):
                questions = gr.Dataframe(
                    type="array",
                    interactive=False,
                    wrap=True,
                    show_search="search",
                    max_height=640,
                    column_widths=["9%", "19%", "19%", "53%"],
                    scale=1,
                    elem_id="eval-questions",
                )
                with gr.Column(scale=1), gr.Tabs() as question_tabs:
                    with gr.Tab("Answer and sources", id="answer"):
                        question_view = gr.HTML(
                            placeholder_html(QUESTION_PLACEHOLDER), elem_id="eval-answer", js_on_load=None
                        )
                    with gr.Tab("Document", id="document"):
                        viewer = document_viewer("eval-doc-viewer")

    shown = [current, summary, by_type, by_type_plot, latency_plot, abstention_plot, questions, question_view]
    shown.append(no_run)

    def show(run_dir: str | None) -> tuple[Any, ...]:
        if not run_dir:
            return tuple(gr.skip() for _ in shown)
        run = cached_run(run_dir)
        table, types, by_type_png, latency_png, *rest = summary_outputs(run)
        return (
            run_dir,
            gr.Dataframe(table, visible=True),
            gr.Dataframe(types, visible=True),
            gr.Image(by_type_png, visible=True),
            gr.Image(latency_png, visible=True),
            *rest,
            placeholder_html(QUESTION_PLACEHOLDER),
            gr.HTML(visible=False),
        )

    def run(path: str | None, name: str, k: float, progress: gr.Progress = TRACK_PROGRESS) -> tuple[Any, ...]:
        if not path:
            raise gr.Error("Pick an eval set first.")

        def on_progress(stage: str, done: int, total: int, detail: str) -> None:
            progress((done, total or None), desc=f"{stage}: {detail}" if detail else stage)

        try:
            result = run_eval(
                Path(path),
                profile=name,
                k=int(k) or None,
                settings=engine.settings,
                on_progress=on_progress,
            )
        except (ValueError, RuntimeError, OSError) as error:
            raise gr.Error(str(error)) from None
        choices = run_choices()
        message = f"Finished in {result.metrics['seconds']['wall']:.1f} s: `{result.run_dir}`"
        return (
            *show(str(result.run_dir)),
            message,
            gr.Dropdown(choices=choices, value=str(result.run_dir)),
            gr.Dropdown(choices=choices),
            gr.Tabs(selected="summary"),
        )

    def compare(run_dir: str, base_dir: str | None) -> tuple[Any, ...]:
        if not run_dir or not base_dir:
            gr.Warning("Open or run an evaluation first, then pick a run to compare it with.")
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        if base_dir == run_dir:
            gr.Warning("That is the open run: pick another one to compare it with.")
            return *no_comparison(), gr.skip()
        return *shown_comparison(base_dir, run_dir), gr.Tabs(selected="comparison")

    def no_comparison() -> tuple[Any, ...]:
        hidden = gr.Dataframe(None, visible=False)
        return hidden, gr.Image(None, visible=False), "", hidden, gr.HTML(visible=True)

    def shown_comparison(base_dir: str, run_dir: str) -> tuple[Any, ...]:
        table, plot, note, changed_rows = comparison_outputs(cached_run(base_dir), cached_run(run_dir))
        return (
            gr.Dataframe(table, visible=True),
            gr.Image(plot, visible=True),
            note,
            gr.Dataframe(changed_rows, visible=True),
            gr.HTML(visible=False),
        )

    def recompared(run_dir: str, base_dir: str | None) -> tuple[Any, ...]:
        """The comparison of a newly opened run with the run picked to compare it with (none left
        showing another run's)."""
        if run_dir and base_dir and base_dir != run_dir:
            return shown_comparison(base_dir, run_dir)
        return no_comparison()

    def pick_question(run_dir: str, event: gr.SelectData) -> tuple[Any, ...]:
        if not run_dir or not event.row_value:
            return gr.skip(), gr.skip()
        position = int(event.row_value[0]) - 1  # the "#" column counts from 1
        return question_html(cached_run(run_dir), position), gr.Tabs(selected="answer")

    def pick_changed(run_dir: str, event: gr.SelectData) -> tuple[Any, ...]:
        """A changed question of the comparison, opened as the open run answered it."""
        if not run_dir or not event.row_value:
            return gr.skip(), gr.skip(), gr.skip()
        run = cached_run(run_dir)
        position = position_of(run, str(event.row_value[0]))
        if position is None:
            return gr.skip(), gr.skip(), gr.skip()
        return question_html(run, position), gr.Tabs(selected="answer"), gr.Tabs(selected="questions")

    def open_source(run_dir: str, event: gr.EventData) -> tuple[Any, ...]:
        link = parse_link(event._data or {})
        if link is None or link.ref.scope != "eval" or not run_dir:
            return gr.skip(), gr.skip(), gr.skip()
        run = cached_run(run_dir)
        if link.ref.position >= len(run.rows):
            return gr.skip(), gr.skip(), gr.skip()
        answer = answer_from_row(run.rows[link.ref.position])
        opened = open_in_document(answer, link, lambda source: document_text(run, source))
        if opened is None:
            return gr.skip(), gr.skip(), gr.skip()
        view = question_html(run, link.ref.position, opened.marker)
        return opened.html, view, gr.Tabs(selected="document")

    def refreshed(run_dir: str) -> tuple[Any, ...]:
        """New runs in the dropdowns; the newest run shown if none is open yet."""
        choices = run_choices()
        newest = choices[0][1] if choices and not run_dir else None
        opened = gr.Dropdown(choices=choices, value=newest) if newest else gr.Dropdown(choices=choices)
        return opened, gr.Dropdown(choices=choices), *show(newest)

    comparison = [compared, compared_plot, changed_note, changed, no_comparison_note]
    run_button.click(
        run,
        [set_path, profile, top_k],
        [*shown, status, open_run, base_run, views],
        concurrency_id="eval-run",
        concurrency_limit=1,
        show_progress_on=status,  # one bar by the status line, not one over every output
    ).success(recompared, [current, base_run], comparison)
    open_run.input(show, [open_run], shown).then(lambda: gr.Tabs(selected="summary"), None, views).then(
        recompared, [current, base_run], comparison
    )
    base_run.input(compare, [current, base_run], [*comparison, views])
    questions.select(pick_question, [current], [question_view, question_tabs], queue=False)
    changed.select(pick_changed, [current], [question_view, question_tabs, views], queue=False)
    link_events.click(open_source, [current], [viewer, question_view, question_tabs], queue=False)
    tab.select(refreshed, [current], [open_run, base_run, *shown], queue=False)

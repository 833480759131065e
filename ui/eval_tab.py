"""The Eval tab: run an eval set through the same chain as the chat, read its metrics and plots,
compare it with an earlier run, and open any question to check its answer against its sources.

Everything is the eval package's: ``run_eval`` asks and scores, the run folder holds the results
(``eval/runs/``, relative to the working directory, shared with ``rag eval``), and ``eval.report``
builds the tables and plots. This module only shows them.
"""

import tempfile
from collections.abc import Mapping
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
from rag.profiles import PROFILES, apply_profile
from rag.schema import Answer, AnswerSentence, Citation, Passage
from rag.service import CorpusChat
from ui.corpus_tab import TRACK_PROGRESS
from ui.render import AnswerRef, answer_markdown, escape_markdown, placeholder_html, sources_html
from ui.viewer import document_viewer, open_in_document, parse_link, sources_panel

SETS_DIR = Path(runner.__file__).resolve().parent / "sets"
QUESTION_PLACEHOLDER = "Pick a question in the table to see its answer and sources."
RUN_PLACEHOLDER = "Run an evaluation, or open an earlier run under Open a run."
COMPARISON_PLACEHOLDER = "Open a run, then pick another one under Compare with."
QUESTION_COLUMNS = ["#", "outcome", "type", "question"]
_STORE_FIELDS = ("persist_dir", "chroma_url", "collection", "embedding_model")


def eval_sets() -> dict[str, Path]:
    """The eval sets in ``eval/sets`` (:data:`SETS_DIR`) as they are now, by name."""
    return {path.stem: path for path in sorted(SETS_DIR.glob("*.jsonl"))}


def set_path(run: RunResult) -> Path:
    """The eval set file ``run`` asked (its recorded path, relative to the working directory)."""
    return Path(run.metrics["set"]["path"]).resolve()


def set_choices(run: RunResult | None = None) -> list[tuple[str, str]]:
    """The Eval set dropdown's choices: the sets on disk now, and the set ``run`` asked when it is
    elsewhere (``rag eval`` of another folder's set) and still there."""
    choices = [(name, str(path)) for name, path in eval_sets().items()]
    if run is not None and (asked := set_path(run)).is_file() and str(asked) not in dict(choices).values():
        choices.append((run.set_name, str(asked)))
    return choices


def form_values(run: RunResult, settings: Settings) -> tuple[Any, Any, Any]:
    """The run form as ``run`` was run: its set (none when the file is gone), profile and top-k (0
    when it was the profile's own)."""
    asked = set_path(run)
    known = run.profile in PROFILES
    own_k = apply_profile(settings, run.profile).top_k if known else None
    return (
        gr.Dropdown(choices=set_choices(run), value=str(asked) if asked.is_file() else None),
        run.profile if known else gr.skip(),
        0 if run.metrics["k"] == own_k else run.metrics["k"],
    )


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


def titles_missing(row: dict[str, Any]) -> bool:
    """Whether a ``results.jsonl`` row lacks its documents' titles (runs before they were recorded)."""
    return any("title" not in item for item in (*row["citations"], *row["passages"]))


def answer_from_row(row: dict[str, Any], titles: Mapping[str, str] | None = None) -> Answer:
    """The structured answer a ``results.jsonl`` row recorded. A row without titles takes them from
    ``titles`` (by document; the path where that has none either)."""
    titles = titles or {}

    def title(item: dict[str, Any]) -> str:
        return item.get("title") or titles.get(item["source"], item["source"])

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
                title=title(c),
                start=c["start"],
                end=c["end"],
                quote=c["text"],
            )
            for c in row["citations"]
        ],
        passages=[Passage(**{**p, "title": title(p)}) for p in row["passages"]],
        sentences=[AnswerSentence(**s) for s in row.get("sentences", [])],
    )


def question_rows(run: RunResult) -> list[list[Any]]:
    return [[i, row["outcome"], row["type"], row["question"]] for i, row in enumerate(run.rows, start=1)]


def position_of(run: RunResult, question_id: str) -> int | None:
    """Where the question with this id sits in the run (None if the run has no such question)."""
    return next((n for n, row in enumerate(run.rows) if row["id"] == question_id), None)


def question_view(
    run: RunResult, position: int, titles: Mapping[str, str] | None = None, active_marker: int | None = None
) -> tuple[str, str]:
    """One question of a run: what was expected and what came out, as Markdown that renders the
    answer as the chat does (``answer_markdown``, in a ``gr.Markdown`` with the Chatbot's line
    breaks); and the answer's Sources panel (``titles``: see :func:`answer_from_row`)."""
    row = run.rows[position]
    answer = answer_from_row(row, titles)
    ref = AnswerRef("eval", position)
    expected = " / ".join([row["reference"], *row.get("aliases", [])]) or "(nothing: should decline)"
    outcome = escape_markdown(row["outcome"])
    view = (
        f'<p class="eval-meta"><span class="outcome outcome-{outcome}">{outcome}</span> '
        f"{escape_markdown(row['id'])} · {escape_markdown(row['type'])} · {row['latency'] * 1000:.0f} ms</p>"
        f'\n\n<h3 class="eval-question">{escape_markdown(row["question"])}</h3>'
        f'\n\n<p class="eval-expected"><strong>Expected:</strong> {escape_markdown(expected)}</p>'
        # blank lines around the answer: Markdown inside an HTML block is not read as Markdown
        f'\n\n<div class="eval-answer">\n\n{answer_markdown(answer, ref)}\n\n</div>'
    )
    return view, sources_html(answer, ref, active_marker)


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


def skips(count: int) -> tuple[Any, ...]:
    """Leave ``count`` outputs as they are."""
    return tuple(gr.skip() for _ in range(count))


def store_settings(run: RunResult, settings: Settings) -> Settings:
    """``settings`` pointed at the store and collection the run's answers were drawn from."""
    recorded = run.metrics.get("settings", {})
    updates = {key: recorded[key] for key in _STORE_FIELDS if key in recorded}
    return Settings.model_validate({**settings.model_dump(), **updates})  # validated: paths become Paths


def build_eval_tab(engine: CorpusChat, link_events: gr.HTML) -> None:
    """The tab; ``link_events`` reports clicks on source links (those of the open run are ours)."""
    sets = eval_sets()
    readers: dict[str, CorpusChat] = {}
    titles: dict[str, dict[str, str]] = {}

    def reader(run: RunResult) -> CorpusChat:
        """The run's collection, where its documents are read."""
        key = str(run.run_dir)
        if key not in readers:
            readers[key] = CorpusChat(store_settings(run, engine.settings))
        return readers[key]

    def titles_for(run: RunResult, position: int) -> dict[str, str]:
        """Document titles for a question of a run that did not record them: from its collection."""
        key = str(run.run_dir)
        if titles_missing(run.rows[position]) and key not in titles:
            titles[key] = {record.doc_id: record.title for record in reader(run).documents()}
        return titles.get(key, {})

    def shown_question(run: RunResult, position: int, active_marker: int | None = None) -> tuple[str, str]:
        return question_view(run, position, titles_for(run, position), active_marker)

    with gr.Tab("Eval", id="eval", elem_id="eval-tab") as tab, gr.Row(equal_height=False):
        current = gr.State("")  # the open run's folder
        with gr.Column(scale=1, min_width=280):
            chosen_set = gr.Dropdown(
                set_choices(),
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
                        # Markdown like the chat's: the answer renders as the Chatbot renders it
                        question = gr.Markdown(
                            placeholder_html(QUESTION_PLACEHOLDER), elem_id="eval-answer", line_breaks=True
                        )
                        question_sources = sources_panel("", "eval-sources")
                    with gr.Tab("Document", id="document"):
                        viewer = document_viewer("eval-doc-viewer")

    form = [chosen_set, profile, top_k]
    shown = [current, summary, by_type, by_type_plot, latency_plot, abstention_plot, questions, question]
    shown.extend([question_sources, no_run, *form])

    def show(run_dir: str | None) -> tuple[Any, ...]:
        """A run, and the form as it was run; the sets on disk now in the form either way."""
        if not run_dir:
            return *(gr.skip() for _ in shown[: -len(form)]), gr.Dropdown(choices=set_choices()), *skips(2)
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
            "",
            gr.HTML(visible=False),
            *form_values(run, engine.settings),
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
            return skips(6)
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
            return skips(3)
        position = int(event.row_value[0]) - 1  # the "#" column counts from 1
        return *shown_question(cached_run(run_dir), position), gr.Tabs(selected="answer")

    def pick_changed(run_dir: str, event: gr.SelectData) -> tuple[Any, ...]:
        """A changed question of the comparison, opened as the open run answered it."""
        if not run_dir or not event.row_value:
            return skips(4)
        run = cached_run(run_dir)
        position = position_of(run, str(event.row_value[0]))
        if position is None:
            return skips(4)
        return *shown_question(run, position), gr.Tabs(selected="answer"), gr.Tabs(selected="questions")

    def open_source(run_dir: str, event: gr.EventData) -> tuple[Any, ...]:
        link = parse_link(event._data or {})
        if link is None or link.ref.scope != "eval" or not run_dir:
            return skips(3)
        run = cached_run(run_dir)
        position = link.ref.position
        if position >= len(run.rows):
            return skips(3)
        answer = answer_from_row(run.rows[position], titles_for(run, position))
        opened = open_in_document(answer, link, reader(run).document_text)
        if opened is None:
            return skips(3)
        _, sources = shown_question(run, position, opened.marker)
        return opened.html, sources, gr.Tabs(selected="document")

    def refreshed(run_dir: str) -> tuple[Any, ...]:
        """New runs in the dropdowns; the newest run shown if none is open yet."""
        choices = run_choices()
        newest = choices[0][1] if choices and not run_dir else None
        opened = gr.Dropdown(choices=choices, value=newest) if newest else gr.Dropdown(choices=choices)
        return opened, gr.Dropdown(choices=choices), *show(newest)

    comparison = [compared, compared_plot, changed_note, changed, no_comparison_note]
    run_button.click(
        run,
        form,
        [*shown, status, open_run, base_run, views],
        concurrency_id="eval-run",
        concurrency_limit=1,
        show_progress_on=status,  # one bar by the status line, not one over every output
    ).success(recompared, [current, base_run], comparison)
    open_run.input(show, [open_run], shown).then(lambda: gr.Tabs(selected="summary"), None, views).then(
        recompared, [current, base_run], comparison
    )
    base_run.input(compare, [current, base_run], [*comparison, views])
    questions.select(pick_question, [current], [question, question_sources, question_tabs], queue=False)
    changed.select(pick_changed, [current], [question, question_sources, question_tabs, views], queue=False)
    link_events.click(open_source, [current], [viewer, question_sources, question_tabs], queue=False)
    # Opening the tab picks up what changed on disk: new runs, new sets in eval/sets.
    tab.select(refreshed, [current], [open_run, base_run, *shown], queue=False)

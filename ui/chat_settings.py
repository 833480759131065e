"""The Chat tab's per-request settings: top-k and the Filters, which restrict a question's search as
``rag ask``'s ``--where source=…``, ``--after``/``--before`` and ``--min-score`` do. The request is built
by the same ``rag.filters.build_where``, so the app takes the dates the command line takes and refuses
the others with its words.

A question keeps the filters it was asked with (:class:`Filters`, on its turn), so its Sources panel
can say what was searched whatever the Filters say later. The settings themselves are kept in the
browser the way the conversation is (``gr.BrowserState``, tagged with the logged-in user) whenever one
changes, and restored when the page loads.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, NamedTuple

import gradio as gr
from pydantic import Field, TypeAdapter, ValidationError

from rag.filters import FilterError, build_where
from rag.service import CorpusChat

SETTINGS_KEY = "corpus-chat-settings"  # the localStorage key of the browser's copy
FILTERS_TITLE = "Filters"


class SearchRequest(NamedTuple):
    """What the filters make of a request to ``CorpusChat.stream``: its ``where`` and ``min_score``."""

    where: dict[str, Any] | None
    min_score: float | None


@dataclass(frozen=True)
class Filters:
    """The Filters as set: documents (none: all), dates as typed ("": none), a score floor (0: none)."""

    sources: tuple[str, ...] = ()
    after: str = ""
    before: str = ""
    min_score: Annotated[float, Field(ge=0, le=1)] = 0.0

    def request(self) -> SearchRequest:
        """The request as ``rag ask`` builds it; :class:`FilterError` for a date it refuses."""
        where = build_where(after=self.after or None, before=self.before or None, sources=self.sources)
        return SearchRequest(where, self.min_score or None)

    def summary(self) -> str:
        """What they restrict the search to, in words ("2 documents, on or after 2023-01-01"); ""
        when nothing."""
        parts = []
        if self.sources:
            parts.append(self.sources[0] if len(self.sources) == 1 else f"{len(self.sources)} documents")
        if self.after:
            parts.append(f"on or after {self.after}")
        if self.before:
            parts.append(f"on or before {self.before}")
        if self.min_score:
            parts.append(f"passages scoring {self.min_score:.2f} or more")
        return ", ".join(parts)


def filters_from_ui(
    sources: list[str] | None, after: str | None, before: str | None, min_score: float | None
) -> Filters:
    """The Filters from their components' values (an emptied Dropdown or Textbox can give None)."""
    return Filters(tuple(sources or ()), (after or "").strip(), (before or "").strip(), float(min_score or 0))


def _refused(**dates: str) -> str:
    """``build_where``'s error for these dates; "" when it takes them."""
    try:
        build_where(**{option: date.strip() or None for option, date in dates.items()})
    except FilterError as error:
        return str(error)
    return ""


def date_errors(after: str | None, before: str | None) -> tuple[str, str]:
    """The inline error of each date box ("" when it is fine): each date on its own, then, once both
    read as dates, their order (shown under Before)."""
    errors = _refused(after=after or ""), _refused(before=before or "")
    return errors if any(errors) else ("", _refused(after=after or "", before=before or ""))


def filter_validations(errors: tuple[str, str]) -> list[dict[str, Any]]:
    """Gradio's validation of the filter boxes, in their order (documents, after, before, minimum
    score), from :func:`date_errors`: each date's error shows under its own box."""
    valid = gr.validate(True, "")
    return [valid, *(gr.validate(not error, error) for error in errors), valid]


@dataclass(frozen=True)
class ChatSettings:
    """What the browser keeps of the settings."""

    top_k: Annotated[int, Field(ge=1, le=50)]
    filters: Filters = Filters()


_SETTINGS = TypeAdapter(ChatSettings)


def users_copy(saved: Any, user: str | None) -> dict[str, Any] | None:
    """A copy the browser kept (it sends it, so it is checked like any input) when it is ``user``'s
    (None without a login); None otherwise."""
    return saved if isinstance(saved, dict) and saved.get("user") == user else None


def saved_settings(settings: ChatSettings, user: str | None) -> dict[str, Any]:
    """The browser's copy of the settings, tagged with whose they are."""
    return {"user": user, "settings": _SETTINGS.dump_python(settings, mode="json")}


def restored_settings(saved: Any, user: str | None, documents: list[str]) -> ChatSettings | None:
    """The settings from the browser's copy, keeping only the chosen documents still in ``documents``;
    None when there is no copy of ``user``'s or it does not read as settings."""
    copy = users_copy(saved, user)
    if copy is None:
        return None
    try:
        settings = _SETTINGS.validate_python(copy.get("settings"))
    except ValidationError:
        return None
    indexed = tuple(source for source in settings.filters.sources if source in documents)
    return replace(settings, filters=replace(settings.filters, sources=indexed))


def filters_title(filters: Filters) -> str:
    """The Filters accordion's label: what they restrict, seen with the accordion closed."""
    summary = filters.summary()
    return f"{FILTERS_TITLE}: {summary}" if summary else FILTERS_TITLE


@dataclass(frozen=True)
class SettingsPanel:
    """The settings' components and the browser's copy of them; ``filters`` restrict the search."""

    saved: gr.BrowserState
    top_k: gr.Slider
    box: gr.Accordion
    sources: gr.Dropdown
    after: gr.Textbox
    before: gr.Textbox
    min_score: gr.Slider

    @property
    def filters(self) -> list[gr.components.Component]:
        return [self.sources, self.after, self.before, self.min_score]


def _documents(engine: CorpusChat) -> list[str]:
    return [record.doc_id for record in engine.documents()]


def filters_accordion(engine: CorpusChat, top_k: gr.Slider) -> SettingsPanel:
    """The Filters accordion (built where it is called) and, with ``top_k``, the settings' panel.
    Called inside the tab: the browser's copy is a State, which directly under ``gr.Tabs`` makes
    Gradio 6.31 mislabel the tabs after it."""
    saved = gr.BrowserState(None, storage_key=SETTINGS_KEY)
    with gr.Accordion(FILTERS_TITLE, open=False, elem_id="chat-filters") as box:
        sources = gr.Dropdown(
            _documents(engine),
            value=[],
            multiselect=True,
            label="Only these documents (none: all)",
            elem_id="chat-sources",
        )
        with gr.Row():
            after, before = (
                gr.Textbox(
                    label=f"Dated on or {word}",
                    placeholder="YYYY-MM-DD",
                    info="Undated documents are left out.",
                    elem_id=f"chat-{word}",
                )
                for word in ("after", "before")
            )
        min_score = gr.Slider(
            0, 1, value=0, step=0.05, label="Minimum passage score (0: none)", elem_id="chat-min-score"
        )
    return SettingsPanel(saved, top_k, box, sources, after, before, min_score)


def keep_settings(
    engine: CorpusChat, panel: SettingsPanel, app: gr.Blocks, refresh_on: list[Callable[..., Any]]
) -> None:
    """Keep the settings in the browser whenever one changes (a date once its box is left), restore
    them when ``app`` loads, and re-read the documents offered when it loads and on ``refresh_on``
    (events: opening the tab or the accordion), as documents come and go."""
    values = [panel.top_k, *panel.filters]

    def check(
        top_k: float, sources: list[str] | None, after: str, before: str, min_score: float
    ) -> list[dict[str, Any]]:
        return [gr.validate(True, ""), *filter_validations(date_errors(after, before))]

    def remember(
        top_k: float,
        sources: list[str] | None,
        after: str,
        before: str,
        min_score: float,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        chosen = filters_from_ui(sources, after, before, min_score)
        settings = ChatSettings(int(top_k), chosen)
        return saved_settings(settings, request.username), gr.Accordion(label=filters_title(chosen))

    def restore(stored: Any, request: gr.Request) -> tuple[Any, ...]:
        documents = _documents(engine)
        settings = restored_settings(stored, request.username, documents)
        if settings is None:
            return gr.skip(), gr.skip(), gr.Dropdown(choices=documents), gr.skip(), gr.skip(), gr.skip()
        chosen = settings.filters
        return (
            settings.top_k,
            gr.Accordion(label=filters_title(chosen)),
            gr.Dropdown(choices=documents, value=list(chosen.sources)),
            chosen.after,
            chosen.before,
            chosen.min_score,
        )

    def refresh(chosen: list[str] | None) -> gr.Dropdown:
        # The value only when a chosen document is gone: opening the accordion right after a reload
        # may read the box before the load's restore has filled it, and must not empty it.
        documents = _documents(engine)
        kept = [source for source in chosen or [] if source in documents]
        if kept == list(chosen or []):
            return gr.Dropdown(choices=documents)
        return gr.Dropdown(choices=documents, value=kept)

    triggers = [panel.top_k.change, panel.sources.change, panel.min_score.change]
    triggers += [event for box in (panel.after, panel.before) for event in (box.blur, box.submit)]
    gr.on(
        triggers,
        remember,
        values,
        [panel.saved, panel.box],
        validator=check,
        trigger_mode="always_last",
        show_progress="hidden",
    )
    app.load(
        restore, [panel.saved], [panel.top_k, panel.box, *panel.filters], queue=False, show_progress="hidden"
    )
    for event in refresh_on:
        event(refresh, panel.sources, panel.sources, queue=False, show_progress="hidden")

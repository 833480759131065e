"""The document viewer: a whole document with the clicked citation or passage highlighted; and the
Sources panel, whose cards scroll to their quotes.

Shared by the Chat and Eval tabs: each resolves a clicked :class:`SourceLink` to one of its answers
and hands it here with a way to read documents (the chat's collection, or an eval set's).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, get_args

import gradio as gr

from rag.schema import Answer
from ui.render import AnswerRef, Kind, Scope, Span, document_html, placeholder_html

VIEWER_PLACEHOLDER = "Click a citation such as [1] to open its document at the cited passage."
# Runs in the browser whenever a document is shown: bring the clicked passage into view by scrolling the
# document's own box, and the page only as far as it must (scrollIntoView on the passage scrolled the
# whole page too, hiding the header and the question).
REVEAL_JS = """
const reveal = () => requestAnimationFrame(() => {
  const mark = element.querySelector('mark.focus');
  const box = mark?.closest('.document-text');
  if (!mark || !box) return;
  box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - box.clientHeight / 3;
  const seen = mark.getBoundingClientRect();
  if (seen.top < 0 || seen.bottom > window.innerHeight) mark.scrollIntoView({block: 'nearest'});
});
watch('value', reveal);
reveal();
"""

# Runs in the browser whenever a Sources panel is shown: scroll each card's passage box to its first
# quote, which a long passage (or one whose headings and lines take room) puts below the box's end.
REVEAL_QUOTES_JS = """
const reveal = () => requestAnimationFrame(() => {
  for (const box of element.querySelectorAll('.source-context')) {
    const mark = box.querySelector('mark');
    if (mark) box.scrollTop += mark.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }
});
watch('value', reveal);
reveal();
"""


class SourceLink(NamedTuple):
    """A clicked source link: which answer, and which of its citations or passages."""

    ref: AnswerRef
    kind: Kind
    index: int


def parse_link(data: Mapping[str, Any]) -> SourceLink | None:
    """The link ``ui/app.js`` reported (event data from the browser), or None if it is malformed."""
    try:
        scope, kind = data["scope"], data["kind"]
        position, index = int(data["position"]), int(data["index"])
    except (KeyError, TypeError, ValueError):
        return None
    if scope not in get_args(Scope) or kind not in get_args(Kind) or position < 0 or index < 0:
        return None
    return SourceLink(AnswerRef(scope, position), kind, index)


@dataclass(frozen=True)
class Opened:
    """The viewer's HTML for a link, and the [n] of the citation it opened (None for a passage)."""

    html: str
    marker: int | None


def open_in_document(
    answer: Answer, link: SourceLink, document_text: Callable[[str], str | None]
) -> Opened | None:
    """The document ``link`` points into, its span marked ``focus`` and the answer's other citations
    in it marked lightly; None when ``answer`` has no such citation or passage."""
    items = answer.citations if link.kind == "cite" else answer.passages
    if link.index >= len(items):
        return None
    item = items[link.index]
    marker = answer.citations[link.index].marker if link.kind == "cite" else None
    text = document_text(item.source)
    if text is None:
        return Opened(placeholder_html(f"{item.source} is no longer in the index."), marker)
    focus = Span(item.start, item.end, "cited focus" if link.kind == "cite" else "passage focus")
    others = [Span(c.start, c.end, "also-cited") for c in answer.citations if c.source == item.source]
    return Opened(document_html(item.title, item.source, item.page, text, focus, others), marker)


def document_viewer(elem_id: str) -> gr.HTML:
    return gr.HTML(placeholder_html(VIEWER_PLACEHOLDER), elem_id=elem_id, js_on_load=REVEAL_JS)


def sources_panel(value: str, elem_id: str, **options: Any) -> gr.HTML:
    """A Sources panel (``ui.render.sources_html``), showing ``value`` until an answer comes."""
    return gr.HTML(value, elem_id=elem_id, js_on_load=REVEAL_QUOTES_JS, **options)

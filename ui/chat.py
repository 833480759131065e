"""The Chat tab: streaming answers on the left, their sources and the document viewer on the right.

The conversation lives in one ``gr.State`` per browser session, a list of :class:`Turn`; the
Chatbot is always rendered from it, so a turn's [n] links can be resolved to its own citations
whenever they are clicked.

Each question keeps the Filters it was asked with (``ui.chat_settings``), which its Sources panel
names.

A copy of it is kept in the browser (``gr.BrowserState``: localStorage, encrypted with a key this
server process makes up) each time a question is asked, answered, stopped or cleared, and the
conversation is restored from it when the page loads, so a reload picks up where it was. Only the
browser that asked has the copy, and it is tagged with the logged-in user.
"""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import gradio as gr
from pydantic import TypeAdapter, ValidationError

from rag.followup import Exchange
from rag.schema import Answer
from rag.service import CorpusChat
from ui.chat_settings import (
    Filters,
    date_errors,
    filter_validations,
    filters_accordion,
    filters_from_ui,
    keep_settings,
    users_copy,
)
from ui.render import (
    AnswerRef,
    answer_markdown,
    answer_plain_text,
    escape_markdown,
    escape_text,
    flowed,
    placeholder_html,
    sources_html,
)
from ui.viewer import (
    VIEWER_PLACEHOLDER,
    Opened,
    SourceLink,
    document_viewer,
    open_in_document,
    parse_link,
    sources_panel,
)

SOURCES_PLACEHOLDER = "Ask a question: the passages the answer cites appear here."
SAVED_KEY = "corpus-chat-conversation"  # the localStorage key of the browser's copy
# The browser's copy, as JSON characters. localStorage holds about 5 million characters per site and
# the copy is stored encrypted in base64 (a third longer); a longer conversation keeps its latest turns.
MAX_SAVED_CHARS = 2_000_000
# Copies the answer (passed in as text) and hands it on to the Python handler, which confirms.
COPY_JS = """
(text) => {
  if (!text) return text;
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text);
  } else {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  return text;
}
"""


@dataclass(frozen=True)
class Turn:
    """One question, the filters it was asked with, and what became of it: an answer, or the text
    streamed so far and why it ended."""

    question: str
    answer: Answer | None = None
    partial: str = ""
    note: str = ""
    filters: Filters = field(default_factory=Filters)


def _assistant_content(turn: Turn, index: int) -> str:
    if turn.answer is not None:
        return answer_markdown(turn.answer, AnswerRef("chat", index))
    partial = escape_markdown(flowed(turn.partial))
    if turn.note:
        return f'{partial} <em class="turn-note">{escape_text(turn.note)}</em>'.strip()
    return partial + " ▍" if turn.partial else '<em class="turn-note">Searching…</em>'


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """The Chatbot's value for a conversation. Only the last turn can still be streaming: an earlier
    one left unfinished was stopped."""
    messages = []
    for index, turn in enumerate(stopped(turns[:-1]) + turns[-1:]):
        messages.append({"role": "user", "content": escape_markdown(turn.question)})
        messages.append({"role": "assistant", "content": _assistant_content(turn, index)})
    return messages


def stream_turn(
    engine: CorpusChat, turns: list[Turn], top_k: int, backend: str | None
) -> Iterator[list[Turn]]:
    """Answer the last (pending) turn, yielding the conversation after each streamed piece.

    The earlier questions go along as ``history``, with what was answered to them, so a follow-up
    is answered in context ("When was it written?" after "Which pager ...?" and its answer). Filters
    that no indexed document passes are said to be the cause, as ``rag ask`` does, rather than
    answered "Not found in the corpus" as if the question were at fault.
    """
    *earlier, pending = turns
    history = [Exchange(turn.question, turn.answer.said() if turn.answer else "") for turn in earlier]
    try:
        where, min_score = pending.filters.request()
        if where is not None and not engine.store.matches(where):
            raise ValueError(f"no indexed document matches the filters ({pending.filters.summary()})")
        events = engine.stream(
            pending.question, k=top_k, history=history, backend=backend, where=where, min_score=min_score
        )
        for event in events:
            if isinstance(event, Answer):
                pending = Turn(pending.question, answer=event, filters=pending.filters)
            else:
                pending = replace(pending, partial=pending.partial + event)
            yield [*earlier, pending]
    except Exception as error:  # a back end down or misconfigured: say so in the conversation
        gr.Warning(str(error))
        yield [*earlier, replace(pending, note=f"Could not answer: {error}")]


def stopped(turns: list[Turn], note: str = "Stopped.") -> list[Turn]:
    """The conversation after the user stopped the answer being streamed (if one was)."""
    return [replace(t, note=note) if t.answer is None and not t.note else t for t in turns]


_TURNS = TypeAdapter(list[Turn])


def saved_conversation(turns: list[Turn], user: str | None) -> dict[str, Any]:
    """The browser's copy of the conversation: its turns as JSON and whose they are (``user`` is
    None without a login). The oldest turns are left out when all would not fit in
    ``MAX_SAVED_CHARS``; the last is always kept."""
    kept = _TURNS.dump_python(turns, mode="json")
    sizes = [len(json.dumps(turn)) for turn in kept]
    while len(kept) > 1 and sum(sizes) > MAX_SAVED_CHARS:
        kept, sizes = kept[1:], sizes[1:]
    return {"user": user, "turns": kept}


def restored_conversation(saved: Any, user: str | None) -> list[Turn]:
    """The conversation from the browser's copy; empty when there is none, it is another user's, or
    it does not read as one (the browser sends it, so it is checked like any input). A turn that was
    still being answered when the page went away reads as interrupted."""
    copy = users_copy(saved, user)
    if copy is None:
        return []
    try:
        turns = _TURNS.validate_python(copy.get("turns"))
    except ValidationError:
        return []
    return stopped(turns, note="Interrupted.")


def last_answered(turns: list[Turn]) -> tuple[int, Answer] | None:
    """The position and answer of the latest answered turn: the one the Sources panel shows."""
    for position in reversed(range(len(turns))):
        if (answer := turns[position].answer) is not None:
            return position, answer
    return None


def open_source(engine: CorpusChat, turns: list[Turn], link: SourceLink) -> tuple[Answer, Opened] | None:
    """The answer a source link of this conversation belongs to and its document view, or None."""
    position = link.ref.position
    if link.ref.scope != "chat" or position >= len(turns) or (answer := turns[position].answer) is None:
        return None
    opened = open_in_document(answer, link, engine.document_text)
    return None if opened is None else (answer, opened)


def build_chat_tab(engine: CorpusChat, link_events: gr.HTML, app: gr.Blocks) -> None:
    """The tab: chat column and sources/document column; ``link_events`` fires when a source link
    anywhere on the page is clicked (see ``ui/app.js``); ``app``'s load restores the conversation."""
    with (
        gr.Tab("Chat", id="chat", elem_id="chat-tab") as tab,
        gr.Row(equal_height=False, elem_id="chat-row"),
    ):
        # inside the Tab: a State directly under gr.Tabs makes Gradio 6.31 mislabel the tabs after it
        turns = gr.State([])
        # no secret given: Gradio makes one per server process, so a restarted server starts afresh
        saved = gr.BrowserState(None, storage_key=SAVED_KEY)
        stopped_turns = gr.State(0)  # how many turns there were when Stop was pressed
        with gr.Column(scale=3, min_width=340, elem_id="chat-column"):
            chatbot = gr.Chatbot(
                elem_id="chatbot",
                show_label=False,
                height="62vh",
                min_height=320,
                layout="panel",
                buttons=[],
                feedback_options=None,
                placeholder="### Ask your documents\nEvery sentence of an answer cites the passage it "
                "comes from: click a **[n]** to see it in its document.",
            )
            question = gr.Textbox(
                label="Question",
                elem_id="question",
                show_label=False,
                placeholder="Ask a question about the corpus…  (Enter to send)",
                submit_btn=True,
                stop_btn=False,
                lines=1,
                max_lines=6,
                autofocus=True,
            )
            # what "Copy answer" copies; a component (not gr.State) because the browser reads it
            copy_text = gr.Textbox(visible=False)
            with gr.Row(elem_id="chat-actions"):
                new_chat = gr.Button("New chat", size="sm", min_width=80, elem_id="new-chat")
                copy = gr.Button("Copy answer", size="sm", min_width=80, elem_id="copy-answer")
            with gr.Accordion("Settings", open=False, elem_id="chat-settings"):
                top_k = gr.Slider(
                    1,
                    50,
                    value=engine.settings.top_k,
                    step=1,
                    label="Passages to retrieve (top-k)",
                    elem_id="top-k",
                )
                backend = gr.Dropdown(
                    engine.backends,
                    value=engine.backends[0],
                    label="Answer back end",
                    visible=len(engine.backends) > 1,
                )
            settings = filters_accordion(engine, top_k)
        with (
            gr.Column(scale=2, min_width=320, elem_id="sources-column"),
            gr.Tabs(elem_id="source-tabs") as panel_tabs,
        ):
            with gr.Tab("Sources", id="sources"):
                sources = sources_panel(
                    placeholder_html(SOURCES_PLACEHOLDER), "sources-panel", max_height="72vh"
                )
            with gr.Tab("Document", id="document"):
                viewer = document_viewer("doc-viewer")

    def has_question(
        text: str,
        conversation: list[Turn],
        sources: list[str] | None,
        after: str,
        before: str,
        min_score: float,
    ) -> list[dict[str, Any]]:
        """A question, and dates the filters take (each date's error shows under its box too)."""
        errors = date_errors(after, before)
        problem = " ".join(error for error in errors if error)
        if not text.strip():
            asked = gr.validate(False, "Type a question first.")
        else:
            asked = gr.validate(not problem, f"Filters: {problem}")
        return [asked, gr.validate(True, ""), *filter_validations(errors)]

    # Each handler that ends a step of the conversation (asked, answered, stopped, cleared) sends the
    # browser its new copy in the same update as the Chatbot, so a reload as soon as the answer shows
    # finds it; streamed pieces in between are not sent.
    def keep(conversation: list[Turn], request: gr.Request) -> dict[str, Any]:
        return saved_conversation(conversation, request.username)

    def start(
        text: str,
        conversation: list[Turn],
        sources: list[str] | None,
        after: str,
        before: str,
        min_score: float,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        filters = filters_from_ui(sources, after, before, min_score)
        conversation = [*stopped(conversation), Turn(text.strip(), filters=filters)]
        waiting = gr.Textbox(value="", interactive=False, submit_btn=False, stop_btn=True)
        return waiting, chat_messages(conversation), conversation, keep(conversation, request)

    def answer(
        conversation: list[Turn], k: float, name: str | None, request: gr.Request
    ) -> Iterator[tuple[Any, ...]]:
        for current in stream_turn(engine, conversation, int(k), name):
            last = current[-1]
            if last.answer is None:
                kept = keep(current, request) if last.note else gr.skip()  # failed: that is its end
                yield chat_messages(current), current, gr.skip(), gr.skip(), gr.skip(), kept
            else:
                yield (
                    chat_messages(current),
                    current,
                    sources_html(
                        last.answer, AnswerRef("chat", len(current) - 1), searched_only=last.filters.summary()
                    ),
                    answer_plain_text(last.answer),
                    gr.Tabs(selected="sources"),
                    keep(current, request),
                )

    def ready() -> gr.Textbox:
        return gr.Textbox(interactive=True, submit_btn=True, stop_btn=False)

    def stop(conversation: list[Turn], request: gr.Request) -> tuple[Any, ...]:
        conversation = stopped(conversation)
        return (
            chat_messages(conversation),
            conversation,
            ready(),
            len(conversation),
            keep(conversation, request),
        )

    def settle(conversation: list[Turn], upto: int, request: gr.Request) -> tuple[Any, ...]:
        """The stopped turns marked again once the cancelled stream's last update has landed (one
        already on its way when Stop was pressed can overwrite the first mark); a question asked
        since is left alone."""
        time.sleep(0.5)
        conversation = [*stopped(conversation[:upto]), *conversation[upto:]]
        return chat_messages(conversation), conversation, keep(conversation, request)

    def reset(request: gr.Request) -> tuple[Any, ...]:
        return (
            [],
            [],
            placeholder_html(SOURCES_PLACEHOLDER),
            placeholder_html(VIEWER_PLACEHOLDER),
            "",
            gr.Tabs(selected="sources"),
            ready(),
            keep([], request),
        )

    def show(conversation: list[Turn], event: gr.EventData) -> tuple[Any, ...]:
        link = parse_link(event._data or {})
        found = open_source(engine, conversation, link) if link else None
        if link is None or found is None:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        answer, opened = found
        searched_only = conversation[link.ref.position].filters.summary()
        return (
            opened.html,
            sources_html(answer, link.ref, opened.marker, searched_only),
            answer_plain_text(answer),
            gr.Tabs(selected="document"),
        )

    def restore(stored: Any, request: gr.Request) -> tuple[Any, ...]:
        conversation = restored_conversation(stored, request.username)
        if not conversation:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        found = last_answered(conversation)
        if found is None:
            return chat_messages(conversation), conversation, gr.skip(), gr.skip()
        position, answer = found
        return (
            chat_messages(conversation),
            conversation,
            sources_html(
                answer, AnswerRef("chat", position), searched_only=conversation[position].filters.summary()
            ),
            answer_plain_text(answer),
        )

    def copied(text: str) -> None:
        if text:
            gr.Info("Copied the answer and its sources.", duration=2)
        else:
            gr.Warning("No answer to copy yet.", duration=2)

    started = question.submit(
        start,
        [question, turns, *settings.filters],
        [question, chatbot, turns, saved],
        validator=has_question,
        show_progress="hidden",
    )
    answering = started.success(
        answer,
        [turns, top_k, backend],
        [chatbot, turns, sources, copy_text, panel_tabs, saved],
        concurrency_limit=4,
        show_progress="hidden",
    )
    answering.then(ready, None, question, queue=False, show_progress="hidden")
    question.stop(
        stop, [turns], [chatbot, turns, question, stopped_turns, saved], cancels=[answering], queue=False
    ).then(settle, [turns, stopped_turns], [chatbot, turns, saved], show_progress="hidden")
    resets = [chatbot, turns, sources, viewer, copy_text, panel_tabs, question, saved]
    new_chat.click(reset, None, resets, cancels=[answering], queue=False)
    chatbot.clear(reset, None, resets, cancels=[answering], queue=False)
    app.load(restore, [saved], [chatbot, turns, sources, copy_text], queue=False, show_progress="hidden")
    copy.click(copied, [copy_text], None, js=COPY_JS)  # queued: toasts need the queue
    link_events.click(show, [turns], [viewer, sources, copy_text, panel_tabs], queue=False)
    keep_settings(engine, settings, app, [tab.select, settings.box.expand])

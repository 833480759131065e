"""The chat app."""

import html

import gradio as gr

from rag.schema import Answer
from rag.service import CorpusChat


def sources_html(answer: Answer) -> str:
    if not answer.citations:
        return "<p><em>No sources cited.</em></p>"
    items = []
    for citation in answer.citations:
        items.append(
            f"<li><strong>[{citation.marker}] {html.escape(citation.title)}</strong> "
            f"<code>{html.escape(citation.source)}:{citation.start}-{citation.end}</code>"
            f"<blockquote><mark>{html.escape(citation.quote)}</mark></blockquote></li>"
        )
    return "<ol class='sources'>" + "".join(items) + "</ol>"


def build_app(engine: CorpusChat) -> gr.Blocks:
    with gr.Blocks(title="corpus-chat") as app:
        gr.Markdown("# corpus-chat\nAsk about the indexed documents; every answer cites its passages.")
        chatbot = gr.Chatbot(label="Chat", height=420)
        question = gr.Textbox(label="Question", placeholder="Ask a question about the corpus…")
        sources = gr.HTML(label="Sources")

        def respond(message: str, history: list[dict]) -> tuple[list[dict], str, str]:
            answer = engine.ask(message)
            history = [
                *history,
                {"role": "user", "content": message},
                {"role": "assistant", "content": answer.answer},
            ]
            return history, sources_html(answer), ""

        question.submit(respond, [question, chatbot], [chatbot, sources, question])
    return app

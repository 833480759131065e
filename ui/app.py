"""The corpus-chat Gradio app: Chat (answers, sources, document viewer), Corpus and Eval tabs.

Its stylesheet and the source-link script ride on the header component (``gr.HTML`` ``head=`` and
``js_on_load=``) rather than on ``launch(css=, js=)``, so the app looks and works the same whether
it is launched directly or mounted on another FastAPI app.
"""

from pathlib import Path

import gradio as gr

from rag.service import CorpusChat
from ui.chat import build_chat_tab
from ui.corpus_tab import build_corpus_tab
from ui.eval_tab import build_eval_tab
from ui.render import header_html

ASSETS = Path(__file__).resolve().parent


def build_app(engine: CorpusChat) -> gr.Blocks:
    """The whole UI over ``engine``; the caller queues and launches (or mounts) it."""
    style = (ASSETS / "style.css").read_text(encoding="utf-8")
    script = (ASSETS / "app.js").read_text(encoding="utf-8")
    with gr.Blocks(title="corpus-chat", analytics_enabled=False) as app:
        header = gr.HTML(
            lambda: header_html(engine.status()),
            elem_id="app-header",
            head=f"<style>{style}</style>",
            js_on_load=script,
        )
        with gr.Tabs(elem_id="main-tabs"):
            build_chat_tab(engine, header, app)
            build_corpus_tab(engine, header)
            build_eval_tab(engine, header)
    return app

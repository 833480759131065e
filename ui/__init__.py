"""The Gradio app: chat with cited sources, documents, uploads, evaluation."""

import os

# Before gradio is imported anywhere: no analytics calls.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

"""The assembled app and the serving rules it relies on (``ui/server.py``, read-only here)."""

import pytest

from rag.config import Settings
from rag.service import CorpusChat
from ui.app import build_app
from ui.server import auth_pairs


def test_app_has_its_tabs_and_no_analytics(ui_engine: CorpusChat) -> None:
    app = build_app(ui_engine)
    assert app.analytics_enabled is False
    config = app.get_config_file()
    elem_ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"chat-tab", "corpus-tab", "eval-tab", "chatbot", "sources-panel", "doc-viewer"} <= elem_ids
    placeholders = {
        c["props"]["elem_id"]: c["props"]["value"]
        for c in config["components"]
        if c["props"].get("elem_id") in {"eval-no-run", "eval-no-comparison"}
    }
    assert "Run an evaluation" in placeholders["eval-no-run"]  # an empty Eval tab says what to do
    assert "Compare with" in placeholders["eval-no-comparison"]
    labels = [c["props"]["label"] for c in config["components"] if c["type"] == "tabitem"]
    assert labels[:5] == ["Chat", "Sources", "Document", "Corpus", "Eval"]


def test_plots_offer_no_share_button(ui_engine: CorpusChat) -> None:
    """Gradio's share button works only on Hugging Face Spaces; here it would only fail."""
    config = build_app(ui_engine).get_config_file()
    images = [c["props"] for c in config["components"] if c["type"] == "image"]
    assert images and all("share" not in str(props.get("buttons")) for props in images)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_needs_no_auth(host: str) -> None:
    assert auth_pairs(Settings(), host, no_auth=False) is None


def test_beyond_loopback_auth_is_required_unless_explicitly_waived() -> None:
    with pytest.raises(ValueError, match="--no-auth"):
        auth_pairs(Settings(), "0.0.0.0", no_auth=False)
    assert auth_pairs(Settings(), "0.0.0.0", no_auth=True) is None


def test_configured_users_always_apply() -> None:
    settings = Settings(auth={"ana": "s3cret"})
    assert auth_pairs(settings, "0.0.0.0", no_auth=False) == [("ana", "s3cret")]
    assert auth_pairs(settings, "127.0.0.1", no_auth=True) == [("ana", "s3cret")]

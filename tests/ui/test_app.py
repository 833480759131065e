"""The assembled app and the serving rules it relies on (``ui/server.py``, read-only here)."""

import pytest
from pydantic import SecretStr

from rag.config import Settings
from rag.service import CorpusChat
from ui.app import build_app
from ui.server import check_credentials, web_login


def test_app_has_its_tabs_and_no_analytics(ui_engine: CorpusChat) -> None:
    app = build_app(ui_engine)
    assert app.analytics_enabled is False
    config = app.get_config_file()
    elem_ids = {c["props"].get("elem_id") for c in config["components"]}
    assert {"chat-tab", "corpus-tab", "eval-tab", "chatbot", "sources-panel", "doc-viewer"} <= elem_ids
    assert {"chat-settings", "chat-filters", "chat-sources", "chat-after", "chat-before"} <= elem_ids
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
    check_credentials(Settings(), host, no_auth=False)
    assert web_login(Settings()) is None


def test_beyond_loopback_auth_is_required_unless_explicitly_waived() -> None:
    with pytest.raises(ValueError, match="--no-auth"):
        check_credentials(Settings(), "0.0.0.0", no_auth=False)
    check_credentials(Settings(), "0.0.0.0", no_auth=True)


def test_one_error_names_every_missing_credential() -> None:
    """Not the users first, then, once they are added, the keys."""
    with pytest.raises(ValueError) as caught:
        check_credentials(Settings(), "0.0.0.0", no_auth=False)
    assert str(caught.value) == (
        "serving on 0.0.0.0 needs users in the 'auth' setting (rag.toml [auth] name = \"password\") and "
        "API keys in the 'api_keys' setting (rag.toml api_keys = [\"...\"]), or --no-auth to serve "
        "without authentication"
    )
    with pytest.raises(ValueError, match="needs API keys in the 'api_keys' setting") as caught:
        check_credentials(Settings(auth={"ana": "s3cret"}), "0.0.0.0", no_auth=False)
    assert "'auth'" not in str(caught.value)
    with pytest.raises(ValueError, match="needs users in the 'auth' setting") as caught:
        check_credentials(Settings(api_keys=["k1"]), "0.0.0.0", no_auth=False)
    assert "'api_keys'" not in str(caught.value)
    check_credentials(Settings(auth={"ana": "s3cret"}, api_keys=["k1"]), "0.0.0.0", no_auth=False)


def test_configured_users_always_apply() -> None:
    settings = Settings(auth={"ana": "s3cret"})
    assert web_login(settings) == [("ana", "s3cret")]
    assert web_login(settings.model_copy(update={"api_keys": [SecretStr("k1")]})) == [("ana", "s3cret")]


def test_without_users_an_api_key_is_the_web_apps_password() -> None:
    """Keys set and no users: the app's endpoints (upload, delete) need a key too, as /v1 does."""
    login = web_login(Settings(api_keys=["k1", "k2"]))
    assert callable(login)
    assert login("anyone", "k2") and login("ana", "k1")
    assert not login("anyone", "k3") and not login("anyone", "") and not login("k1", "wrong")
    assert not login("anyone", "kä")  # not ASCII: refused, not an error

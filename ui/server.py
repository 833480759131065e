"""Start the app: bind address and authentication rules."""

import ipaddress

from rag.config import Settings
from rag.service import CorpusChat


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_pairs(settings: Settings, host: str, no_auth: bool) -> list[tuple[str, str]] | None:
    """Gradio auth for ``host``: required beyond loopback unless ``no_auth`` says otherwise."""
    users = [(name, secret.get_secret_value()) for name, secret in settings.auth.items()]
    if users:
        return users
    if is_loopback(host) or no_auth:
        return None
    raise ValueError(
        f"serving on {host} needs users in the 'auth' setting (rag.toml [auth] name = \"password\"), "
        "or --no-auth to serve without authentication"
    )


def serve(settings: Settings, host: str, port: int, no_auth: bool = False) -> None:
    from ui.app import build_app

    auth = auth_pairs(settings, host, no_auth)
    engine = CorpusChat(settings)
    app = build_app(engine)
    app.queue().launch(server_name=host, server_port=port, auth=auth, show_error=True)

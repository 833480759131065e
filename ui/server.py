"""Start the app: one port serves the OpenAI-compatible API (``/v1``) and the Gradio UI (``/``).

Beyond loopback both need credentials: Gradio users (``auth``) for the UI and Bearer keys
(``api_keys``) for the API; without them the server refuses to start unless ``--no-auth`` says so.
Configured credentials apply on every address, and API keys guard the UI too when it has no users:
its endpoints (answer, upload, re-scan, delete) are on the same port as ``/v1``.
"""

import ipaddress
import socket
import sys
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

from rag.api import key_check
from rag.config import Settings
from rag.service import CorpusChat


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_credentials(settings: Settings, host: str, no_auth: bool) -> None:
    """Beyond loopback, users for the UI and keys for the API, unless ``no_auth`` waives both; one error
    names every setting that is missing."""
    if is_loopback(host) or no_auth:
        return
    needs = (
        ("users in the 'auth' setting (rag.toml [auth] name = \"password\")", settings.auth),
        ("API keys in the 'api_keys' setting (rag.toml api_keys = [\"...\"])", settings.api_keys),
    )
    missing = [need for need, configured in needs if not configured]
    if missing:
        raise ValueError(
            f"serving on {host} needs {' and '.join(missing)}, or --no-auth to serve without authentication"
        )


Login = list[tuple[str, str]] | Callable[[str, str], bool] | None
KEY_LOGIN = "Sign in with any user name and one of the server's API keys as the password."


def web_login(settings: Settings) -> Login:
    """Gradio auth, which guards the web app and every endpoint it calls: the configured users, wherever
    the app is served; without users, any user name with an API key as its password, so that a client
    without a key cannot answer, upload or delete through the app's endpoints either; None (no login)
    without users or keys."""
    if settings.auth:
        return [(name, secret.get_secret_value()) for name, secret in settings.auth.items()]
    is_key = key_check(settings)
    return None if is_key is None else lambda _name, password: is_key(password)


def build_server(settings: Settings, host: str, no_auth: bool = False) -> FastAPI:
    """The API app with the Gradio UI mounted at ``/``."""
    import gradio as gr

    from rag.api import create_api
    from ui.app import build_app

    check_credentials(settings, host, no_auth)
    login = web_login(settings)
    engine = CorpusChat(settings)
    engine.warm()  # one model, store and retriever for every request, loaded before the first
    api = create_api(engine, settings)
    # Uploads over the limit are refused as they arrive, not read whole into memory first.
    limit = int(settings.max_upload_mb * 1024 * 1024)
    app = build_app(engine)
    return gr.mount_gradio_app(
        api,
        app,
        path="/",
        auth=login,
        auth_message=KEY_LOGIN if callable(login) else None,
        show_error=True,
        max_file_size=limit,
    )


class _AnnouncingServer(uvicorn.Server):
    """uvicorn's own lines are off (``log_level="warning"``); say where the app is once it listens."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:  # bound and listening (a port in use leaves uvicorn's error and exit code)
            print(
                f"corpus-chat: web app on {self.url}/ , OpenAI-compatible API on {self.url}/v1",
                file=sys.stderr,
            )


def _check_port_free(host: str, port: int) -> None:
    """Fail before the model loads, with one line, when the address is taken or cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            raise RuntimeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(settings: Settings, host: str, port: int, no_auth: bool = False) -> None:
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    _check_port_free(host, port)
    app = build_server(settings, host, no_auth)
    _AnnouncingServer(uvicorn.Config(app, host=host, port=port, log_level="warning"), url).run()

"""Start the app: one port serves the OpenAI-compatible API (``/v1``) and the Gradio UI (``/``).

Beyond loopback both need credentials: Gradio users (``auth``) for the UI and Bearer keys
(``api_keys``) for the API; without them the server refuses to start unless ``--no-auth`` says so.
"""

import ipaddress
import socket
import sys

import uvicorn
from fastapi import FastAPI

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


def check_api_keys(settings: Settings, host: str, no_auth: bool) -> None:
    """The API's rule, the same as the UI's: keys required beyond loopback unless ``no_auth``."""
    if settings.api_keys or is_loopback(host) or no_auth:
        return
    raise ValueError(
        f"serving on {host} needs API keys in the 'api_keys' setting (rag.toml api_keys = [\"...\"]), "
        "or --no-auth to serve without authentication"
    )


def build_server(settings: Settings, host: str, no_auth: bool = False) -> FastAPI:
    """The API app with the Gradio UI mounted at ``/``."""
    import gradio as gr

    from rag.api import create_api
    from ui.app import build_app

    auth = auth_pairs(settings, host, no_auth)
    check_api_keys(settings, host, no_auth)
    engine = CorpusChat(settings)
    engine.warm()  # one model, store and retriever for every request, loaded before the first
    api = create_api(engine, settings)
    # Uploads over the limit are refused as they arrive, not read whole into memory first.
    limit = int(settings.max_upload_mb * 1024 * 1024)
    app = build_app(engine)
    return gr.mount_gradio_app(api, app, path="/", auth=auth, show_error=True, max_file_size=limit)


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

"""Start real servers on loopback for the tests and the benchmarks, and stop them afterwards."""

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ready(url: str, headers: dict[str, str]) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextmanager
def running(
    command: Sequence[str],
    ready_url: str,
    log: Path,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    headers: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``command`` (in ``cwd``) until the block ends; enter once ``ready_url`` answers 200 to a GET
    with ``headers`` (its output goes to ``log``, quoted in the error if it never does)."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(command), stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, cwd=cwd
        )
    try:
        deadline = time.monotonic() + timeout
        while not _ready(ready_url, headers or {}):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{command[0]} did not come up at {ready_url}:\n{tail}")
            time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

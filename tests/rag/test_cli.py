"""The `rag` CLI end to end on the default corpus: real model, real Chroma, in a temp store."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.cli import _print_sources, app
from rag.config import Settings
from rag.schema import Answer, Citation
from tests.conftest import ARTICLE, CORPUS, StoreMode


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_mode: StoreMode) -> dict[str, str]:
    env = {"RAG_PERSIST_DIR": str(tmp_path / "store"), "RAG_CORPUS_DIR": str(CORPUS), **store_mode.env()}
    if store_mode.url:  # collections of this test's own on the shared server
        env["RAG_COLLECTION"] = f"cli-{uuid.uuid4().hex[:12]}"
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.both_stores
def test_ingest_ask_json_and_status(cli_env: dict[str, str]) -> None:
    code, out = run("ingest")
    assert code == 0, out
    assert "1 added" in out

    code, out = run("ask", "Which bases did Erdogan threaten to close?", "--json")
    assert code == 0, out
    answer = json.loads(out)
    assert set(answer) == {
        "question",
        "answer",
        "short_answer",
        "abstained",
        "citations",
        "passages",
        "backend",
        "retrieval_query",
        "sentences",
        "dropped_markers",
        "supported_rate",
        "fallback_from",
        "relevance",
        "similarity",
    }
    assert answer["abstained"] is False
    assert answer["relevance"] >= 0.29 and answer["similarity"] >= 0.25  # above both abstention thresholds
    assert "Incirlik" in answer["answer"] and "Kureci" in answer["answer"]
    source_text = ARTICLE.read_text(encoding="utf-8")
    assert answer["citations"], "an answer must cite"
    for citation in answer["citations"]:
        assert set(citation) == {"marker", "chunk_id", "source", "title", "page", "start", "end", "quote"}
        assert citation["source"] == "turkey_s400_nato.txt"
        assert source_text[citation["start"] : citation["end"]] == citation["quote"]
        assert f"[{citation['marker']}]" in answer["answer"]
    assert any("Incirlik and Kureci" in c["quote"] for c in answer["citations"])
    for rank, passage in enumerate(answer["passages"], start=1):
        assert passage["rank"] == rank
        assert isinstance(passage["score"], float)
        assert source_text[passage["start"] : passage["end"]] == passage["text"]
    assert any(p["cited"] for p in answer["passages"])

    code, out = run("ask", "Which bases did Erdogan threaten to clsoe?")  # a misspelt word
    assert code == 0 and "searched for: Which bases did Erdogan threaten to close?" in out
    assert "short answer: Incirlik and Kureci" in out

    code, out = run("status", "--json")
    assert code == 0
    status = json.loads(out)
    assert status["documents"] == 1
    assert status["chunks"] > 1
    assert status["embedding_model"] == "all-MiniLM-L6-v2"
    assert status["store"] == cli_env.get("RAG_CHROMA_URL", str(Path(cli_env["RAG_PERSIST_DIR"]).resolve()))
    assert status["last_ingest"]["added"] == 0 or status["last_ingest"]["unchanged"] >= 0


def test_abstains_when_the_corpus_cannot_answer(cli_env: dict[str, str]) -> None:
    assert run("ingest")[0] == 0
    code, out = run("ask", "Who won the 2018 World Cup?", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["abstained"] is True
    assert answer["citations"] == []
    assert "not found in the corpus" in answer["answer"].lower()


def test_top_k_option_limits_passages(cli_env: dict[str, str]) -> None:
    assert run("ingest")[0] == 0
    code, out = run("ask", "What is the S-400?", "--json", "-k", "2")
    assert code == 0
    assert len(json.loads(out)["passages"]) == 2


def test_ingest_exit_code_reports_failed_files(tmp_path: Path, cli_env: dict[str, str]) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Ferries leave the harbour at nine every morning.\n")
    (corpus / "bad.txt").write_bytes(b"")
    code, out = run("ingest", str(corpus))
    assert code == 1
    assert f"{corpus / 'bad.txt'}: empty file" in out.replace("\n", "")
    assert "1 added" in out


@pytest.mark.both_stores
def test_the_index_remembers_its_folder_and_another_replaces_it_only_on_rebuild(
    tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAG_CORPUS_DIR")  # a corpus_dir set explicitly would be the folder instead
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ferry.txt").write_text("Ferries leave the harbour at nine every morning.\n")
    assert run("ingest", str(docs))[0] == 0
    (docs / "bus.txt").write_text("The bus to the airport leaves every hour.\n")
    code, out = run("ingest")  # no folder: the one the collection mirrors, not corpus_dir
    assert code == 0 and "1 added" in out and "0 removed" in out
    assert str(docs) in out.replace("\n", "")

    code, out = run("ingest", str(CORPUS))  # would remove both documents
    assert code == 2
    assert f"mirrors {docs}" in out.replace("\n", "") and "remove 2 of its 2 documents" in out
    moved = docs.rename(tmp_path / "moved")  # the same files elsewhere: nothing to embed again
    code, out = run("ingest", str(moved))
    assert code == 0 and "2 unchanged" in out and "0 removed" in out
    code, out = run("ingest", str(moved / "ferry.txt"))
    assert code == 2 and "not a folder" in out
    monkeypatch.setenv("RAG_CORPUS_DIR", str(CORPUS))  # a corpus_dir set explicitly is the folder
    code, out = run("ingest")
    assert code == 2 and "remove 2 of its 2 documents" in out.replace("\n", " ")
    assert json.loads(run("status", "--json")[1])["documents"] == 2

    code, out = run("ingest", str(CORPUS), "--rebuild")
    assert code == 0 and "1 added" in out
    status = json.loads(run("status", "--json")[1])
    assert status["documents"] == 1 and status["last_ingest"]["folder"] == str(CORPUS.resolve())


def test_ingest_reports_the_unreadable_page_of_a_pdf_it_indexed(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    from tests.index.test_loaders import write_pdf_with_a_lost_page

    corpus = tmp_path / "docs"
    corpus.mkdir()
    pdf = write_pdf_with_a_lost_page(corpus / "report.pdf")
    code, out = run("ingest", str(corpus))
    assert code == 0 and "1 added" in out
    assert f"partly read: {pdf}: page 3 unreadable, skipped" in out.replace("\n", "")
    # the next ingest finds the file unchanged and says so again; status names it
    code, out = run("ingest", str(corpus))
    assert code == 0 and "1 unchanged" in out
    assert f"partly read: {pdf}: page 3 unreadable, skipped" in out.replace("\n", "")
    assert json.loads(run("status", "--json")[1])["partly_read"] == ["report.pdf"]


def test_sources_print_each_marker_once_with_its_quotes_on_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def cite(marker: int, source: str, start: int, quote: str) -> Citation:
        return Citation(
            marker=marker, chunk_id="c", source=source, title=source, start=start, end=start + 9, quote=quote
        )

    answer = Answer(
        question="q",
        answer="a [1] b [1] c [2]",
        abstained=False,
        citations=[
            cite(1, "faq.txt", 0, "Q: It is\n   wrapped."),
            cite(1, "faq.txt", 40, "Another."),
            cite(2, "man.txt", 7, "-i\n    Ignore case."),
        ],
    )
    _print_sources(answer)
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "[1] faq.txt — faq.txt",
        "    “Q: It is wrapped.” (0-9)",
        "    “Another.” (40-49)",
        "[2] man.txt — man.txt",
        "    “-i Ignore case.” (7-16)",
    ]


def test_ask_before_ingest_is_a_clear_error(cli_env: dict[str, str]) -> None:
    code, out = run("ask", "anything?")
    assert code == 2
    assert "rag ingest" in out


def test_missing_corpus_folder_is_a_clear_error(tmp_path: Path, cli_env: dict[str, str]) -> None:
    code, out = run("ingest", str(tmp_path / "nowhere"))
    assert code == 2
    assert "no such file or folder" in out
    assert os.path.basename(str(tmp_path / "nowhere")) in out


def test_a_filter_nothing_matches_is_a_clear_error(cli_env: dict[str, str]) -> None:
    """Not "Not found in the corpus", as if the question were at fault."""
    assert run("ingest")[0] == 0
    code, out = run("ask", "What is the S-400?", "--where", "source=s400.txt")
    assert code == 2
    assert "no indexed document matches --where source=s400.txt" in out
    assert "source is the path inside the corpus folder" in out.replace("\n", " ")
    code, out = run("ask", "What is the S-400?", "--before", "1990-01-01")
    assert code == 2
    assert out.strip() == "error: no indexed document matches --before 1990-01-01 --date-field published_at"
    code, out = run("ask", "What is the S-400?", "--after", "2020-01-01", "--date-field", "team")
    assert code == 2
    assert out.strip() == "error: no indexed document matches --after 2020-01-01 --date-field team"


def test_after_later_than_before_is_a_usage_error(cli_env: dict[str, str]) -> None:
    code, out = run("ask", "What is the S-400?", "--after", "2021-01-01", "--before", "2020-01-01")
    assert code == 2
    assert out.strip() == "error: --after 2021-01-01 is later than --before 2020-01-01"


def test_wrong_settings_are_one_line_errors_naming_them(
    tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAG_TOP_K", "abc")
    code, out = run("status")
    assert code == 2 and out.count("\n") == 1
    assert "setting 'top_k' (RAG_TOP_K or rag.toml)" in out and "'abc'" in out
    monkeypatch.delenv("RAG_TOP_K")
    config = tmp_path / "rag.toml"
    monkeypatch.setenv("RAG_CONFIG", str(config))
    config.write_text("topk = 3\n")
    assert run("status") == (2, f"error: {config}: unknown setting 'topk'\n")
    config.write_text("top_k = \n")
    code, out = run("status")
    assert code == 2 and f"{config}: not valid TOML" in out
    config.write_text('openai_api_key = ["sk-secret"]\n')
    code, out = run("status")
    assert code == 2 and "openai_api_key" in out and "sk-secret" not in out


def test_every_wrong_setting_gets_its_own_line(
    cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAG_TOP_K", "abc")
    monkeypatch.setenv("RAG_CHUNK_OVERLAP", "900")
    code, out = run("status")
    lines = out.splitlines()
    assert code == 2 and len(lines) == 2 and all(line.startswith("error: setting '") for line in lines)
    assert {line.split("'")[1] for line in lines} == {"top_k", "chunk_overlap"}


# Each is one line naming the setting, and exits 2 before any command starts.
BAD_SETTINGS = [
    pytest.param(
        "RAG_CHROMA_URL",
        "ftp://x",
        "setting 'chroma_url' (RAG_CHROMA_URL or rag.toml): URL scheme should be 'http' or 'https' "
        "(got 'ftp://x')",
        id="chroma_url-scheme",
    ),
    pytest.param(
        "RAG_CHROMA_URL",
        "http://127.0.0.1:abc",
        "setting 'chroma_url' (RAG_CHROMA_URL or rag.toml): Input should be a valid URL, invalid port "
        "number (got 'http://127.0.0.1:abc')",
        id="chroma_url-port",
    ),
    pytest.param(
        "RAG_API_KEYS",
        "k1",  # a secret: not echoed
        "setting 'api_keys' (RAG_API_KEYS or rag.toml): must be JSON, e.g. RAG_API_KEYS='[\"key1\"]'",
        id="api_keys-not-json",
    ),
    pytest.param(
        "RAG_AUTH",
        "notjson",
        "setting 'auth' (RAG_AUTH or rag.toml): must be JSON, e.g. RAG_AUTH='{\"alice\": \"password\"}'",
        id="auth-not-json",
    ),
    pytest.param(
        "RAG_API_KEYS",
        '["k1", ""]',
        "setting 'api_keys.1' (RAG_API_KEYS or rag.toml): must not be empty",
        id="api_keys-empty",
    ),
    pytest.param(
        "RAG_AUTH",
        '{"alice": ""}',
        "setting 'auth.alice' (RAG_AUTH or rag.toml): must not be empty",
        id="auth-empty-password",
    ),
    pytest.param(
        "RAG_CHUNK_OVERLAP",
        "900",
        "setting 'chunk_overlap' (RAG_CHUNK_OVERLAP or rag.toml): must be less than chunk_size (800) "
        "(got '900')",
        id="chunk_overlap-not-below-chunk_size",
    ),
]


@pytest.mark.parametrize(("variable", "value", "error"), BAD_SETTINGS)
def test_bad_settings_are_one_line_errors_before_anything_starts(
    variable: str, value: str, error: str, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    assert run("status") == (2, f"error: {error}\n")


def test_list_and_dict_settings_take_json_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_API_KEYS", '["k1", "k2"]')
    monkeypatch.setenv("RAG_AUTH", '{"alice": "pw"}')
    settings = Settings()
    assert [key.get_secret_value() for key in settings.api_keys] == ["k1", "k2"]
    assert settings.auth["alice"].get_secret_value() == "pw"


def test_a_config_file_named_by_rag_config_must_exist(
    tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv("RAG_CONFIG", str(missing))
    assert run("status") == (2, f"error: {missing}: no such file (named by RAG_CONFIG)\n")
    monkeypatch.delenv("RAG_CONFIG")
    monkeypatch.chdir(tmp_path)  # no rag.toml here: the defaults
    assert run("status")[0] == 0


@pytest.mark.parametrize(("command", "usage"), [("ask", "{QUESTION}"), ("ingest", "[PATH]")])
def test_help_names_the_argument_in_capitals(command: str, usage: str) -> None:
    """Typer marks a required argument {NAME} in the usage line, an optional one [NAME]."""
    code, out = run(command, "--help")
    assert code == 0 and f" [OPTIONS] {usage} " in out


def test_the_cli_runs_as_a_module_too() -> None:
    """``python -m rag.cli`` is the ``rag`` command (it used to exit 0 doing nothing)."""
    done = subprocess.run(
        [sys.executable, "-m", "rag.cli", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0
    assert "ingest" in done.stdout and "ask" in done.stdout

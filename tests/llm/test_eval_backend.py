"""``rag eval`` with a generative back end: the runner drives the ``openai`` back end against the real
llama.cpp server and reports its verification figures."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from eval.runner import run_eval
from rag.service import CorpusChat
from tests.conftest import CORPUS, REPO

pytestmark = pytest.mark.slow


def test_eval_runs_through_the_openai_back_end(
    openai_engine: Callable[..., CorpusChat], tmp_path: Path
) -> None:
    lines = (REPO / "eval" / "sets" / "seed.jsonl").read_text(encoding="utf-8").splitlines()
    set_path = tmp_path / "two.jsonl"
    set_path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    settings = openai_engine(verification="flag").settings.model_copy(
        update={"persist_dir": tmp_path / "store"}
    )
    run = run_eval(set_path, corpus=CORPUS, settings=settings, out_dir=tmp_path / "run")
    metrics = json.loads((run.run_dir / "metrics.json").read_text())
    rows = [json.loads(line) for line in (run.run_dir / "results.jsonl").read_text().splitlines()]
    assert metrics["backend"] == "openai" and {row["backend"] for row in rows} <= {"openai", "extractive"}
    assert len(rows) == 2
    answered = [row for row in rows if not row["abstained"]]
    for row in answered:
        assert row["sentences"], "every generated sentence is checked"
    rate = metrics["summary"]["unsupported_rate"]
    assert rate is None if not answered else 0.0 <= rate <= 1.0

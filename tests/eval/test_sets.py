"""The shipped eval sets load and hold what the README promises; bad input fails with one clear line."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from eval.dataset import EvalRecord, EvalSetError, load_eval_set

REPO = Path(__file__).resolve().parents[2]
SETS = REPO / "eval" / "sets"
ARTICLE = REPO / "corpus" / "turkey_s400_nato.txt"


@pytest.fixture(scope="module")
def seed():
    return load_eval_set(SETS / "seed.jsonl")


# --- shipped sets --------------------------------------------------------------------------------


def test_seed_set_counts_and_corpus(seed) -> None:
    counts = Counter(r.type for r in seed.records)
    assert len(seed) >= 45
    assert counts["unanswerable"] >= 6
    assert counts["false_premise"] >= 4
    assert counts["list"] >= 1 and counts["multi"] >= 1 and counts["factoid"] >= 1
    assert seed.corpus_dir == (REPO / "corpus").resolve()
    assert seed.name == "seed"


def test_seed_answers_and_evidence_are_verbatim(seed) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    for record in seed.records:
        for quote in record.evidence:
            assert quote in article, f"{record.id}: evidence not in the article: {quote!r}"
            assert 15 <= len(quote.split()) <= 40, record.id
        if record.answerable:
            assert record.answer in article, f"{record.id}: answer not verbatim"
            assert record.evidence, record.id
            assert record.sources == ["turkey_s400_nato.txt"], record.id
            assert (seed.corpus_dir / record.sources[0]).is_file()
        else:
            assert record.type in {"unanswerable", "false_premise"}, record.id


def test_seed_contains_the_required_bases_question(seed) -> None:
    [record] = [r for r in seed.records if r.question == "Which bases did Erdogan threaten to close?"]
    assert record.answer == "Incirlik and Kureci"
    assert record.type == "list"


def test_seed_false_premises_keep_their_correction(seed) -> None:
    false_premises = [r for r in seed.records if r.type == "false_premise"]
    assert all(r.answer == "" and r.model_extra and r.model_extra.get("note") for r in false_premises)


def test_squad_set() -> None:
    squad = load_eval_set(SETS / "squad2-sample.jsonl")
    counts = Counter(r.type for r in squad.records)
    assert len(squad) == 500
    assert counts == {"factoid": 242, "unanswerable": 258}
    assert sum(not r.answerable for r in squad.records) == 258
    files = sorted(p.name for p in squad.corpus_dir.iterdir() if p.suffix == ".txt")
    assert len(files) == 411
    assert {s for r in squad.records for s in r.sources} == set(files)
    for record in squad.records:
        context = (squad.corpus_dir / record.sources[0]).read_text(encoding="utf-8")
        assert all(gold in context for gold in record.golds), record.id
        assert record.answer not in record.aliases
    assert (SETS / "squad2-sample" / "ATTRIBUTION.md").is_file()


@pytest.mark.parametrize(
    ("name", "n_questions", "n_files", "n_null"),
    [("multihop-rag-sample", 500, 326, 71), ("multihop-rag-subset", 150, 100, 20)],
)
def test_multihop_sets(name: str, n_questions: int, n_files: int, n_null: int) -> None:
    loaded = load_eval_set(SETS / f"{name}.jsonl")
    assert len(loaded) == n_questions
    files = {p.name: p for p in loaded.corpus_dir.glob("*.md")}
    assert len(files) == n_files
    counts = Counter(r.type for r in loaded.records)
    assert counts["null_query"] == n_null
    assert set(counts) == {"inference_query", "comparison_query", "temporal_query", "null_query"}
    bodies = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    for record in loaded.records:
        if record.type == "null_query":
            assert record.answer == "" and record.model_extra == {"note": "Insufficient information."}
            continue
        assert record.answerable and record.evidence and record.sources, record.id
        for quote in record.evidence:
            assert any(quote in bodies[source] for source in record.sources), record.id
    assert (SETS / name / "ATTRIBUTION.md").is_file()


def test_multihop_markdown_front_matter() -> None:
    path = next((SETS / "multihop-rag-subset" / "corpus").glob("*.md"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front, rest = text[4:].split("\n---\n\n", 1)
    meta = yaml.safe_load(front)
    assert list(meta) == ["title", "author", "source", "category", "published_at", "url"]
    assert isinstance(meta["published_at"], str)
    assert rest.startswith(f"# {meta['title']}\n\n")


# --- loader behaviour ----------------------------------------------------------------------------


def _record(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "q1",
        "question": "Which bases?",
        "answer": "Incirlik and Kureci",
        "type": "list",
        "corpus": "corpus",
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def _write(tmp_path: Path, *lines: object) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    path = tmp_path / "set.jsonl"
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def test_load_keeps_extra_fields_and_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path, _record(note="why", custom=3), "", _record(id="q2", answer="", type="unanswerable")
    )
    loaded = load_eval_set(path)
    first, second = loaded.records
    assert first.model_extra == {"note": "why", "custom": 3}
    assert first.model_dump()["note"] == "why"
    assert first.aliases == [] and first.evidence == [] and first.sources == []
    assert first.answerable and not second.answerable
    assert second.golds == []
    assert loaded.corpus_dir == (tmp_path / "corpus").resolve()
    assert loaded.count_by_type() == {"list": 1, "unanswerable": 1}


def test_golds_deduplicate_answer_and_aliases() -> None:
    record = EvalRecord(id="x", question="q?", answer="F 16", aliases=["F-16", "F 16", " "], type="factoid")
    assert record.golds == ["F 16", "F-16"]


def test_corpus_override(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(corpus="does-not-exist"))
    other = tmp_path / "other"
    other.mkdir()
    assert load_eval_set(path, corpus=other).corpus_dir == other.resolve()


def _error(path: Path, corpus: Path | None = None) -> str:
    with pytest.raises(EvalSetError) as info:
        load_eval_set(path, corpus=corpus)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_bad_json_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(), '{"id": "q2", "question": ')
    assert _error(path) == f"{path}:2: invalid JSON: Expecting value (column 26)"


def test_non_object_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "[1, 2]")
    assert _error(path) == f"{path}:1: expected a JSON object, got list"


def test_missing_question(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(), _record(id="q2", question=None))
    assert _error(path) == f"{path}:2: field 'question': Field required"


def test_blank_question(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(question="   "))
    assert _error(path) == f"{path}:1: field 'question': Value error, must not be empty"


def test_wrong_type_names_the_nested_field(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(evidence=["a quote", 7]))
    assert _error(path) == f"{path}:1: field 'evidence.1': Input should be a valid string"


def test_repeated_id(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(), _record())
    assert _error(path) == f"{path}:2: field 'id': 'q1' repeats line 1"


def test_corpus_values_that_disagree(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(), _record(id="q2", corpus=None), _record(id="q3", corpus="elsewhere"))
    assert _error(path) == f"{path}:3: field 'corpus': 'elsewhere' disagrees with 'corpus' (line 1)"


def test_missing_corpus_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(corpus="nowhere"))
    missing = (tmp_path / "nowhere").resolve()
    assert _error(path) == f"{path}:1: field 'corpus': folder {missing} does not exist"


def test_no_corpus_at_all(tmp_path: Path) -> None:
    path = _write(tmp_path, _record(corpus=None))
    assert _error(path) == f"{path}:1: field 'corpus': no record names a corpus folder"


def test_missing_override_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, _record())
    missing = (tmp_path / "gone").resolve()
    assert _error(path, corpus=missing) == f"{path}: corpus override: folder {missing} does not exist"


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "")
    assert _error(path) == f"{path}: eval set has no records"


def test_eval_set_error_is_a_value_error() -> None:
    assert issubclass(EvalSetError, ValueError)


# --- the public sets are reproducible -------------------------------------------------------------

PUBLIC_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.skipif(not PUBLIC_DATA.is_dir(), reason="public source data not available")
def test_build_public_sets_reproduces_the_shipped_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("build_public_sets", SETS / "build_public_sets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    assert module.main(["--data", str(PUBLIC_DATA), "--out", str(tmp_path)]) == 0
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(built) == 3 + 3 + 411 + 326 + 100
    for relative in built:
        assert (SETS / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative

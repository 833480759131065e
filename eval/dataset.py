"""Eval sets: JSON Lines files of questions with reference answers and evidence.

The format is described in ``eval/sets/README.md``. Loading validates every line and fails with one
line naming the file, the line number and the field, so a broken hand-written set is quick to fix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["EvalRecord", "EvalSet", "EvalSetError", "load_eval_set"]


class EvalSetError(ValueError):
    """An eval set file that cannot be used; the message is one line: ``file:line: field 'x': why``."""


class EvalRecord(BaseModel):
    """One question of an eval set. Unknown fields (``note``, dataset extras) are kept."""

    model_config = ConfigDict(extra="allow")

    id: str
    question: str
    answer: str
    aliases: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    type: str
    corpus: str | None = None
    history: list[str] = Field(default_factory=list)
    """The earlier user turns of the conversation the question follows up, oldest first."""

    @field_validator("id", "question", "type")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("evidence")
    @classmethod
    def _no_blank_quotes(cls, value: list[str]) -> list[str]:
        # An empty quote would be "contained" in every passage and make every retrieval relevant.
        if any(not quote.strip() for quote in value):
            raise ValueError("evidence quotes must not be empty")
        return value

    @property
    def answerable(self) -> bool:
        """True when the record has a reference answer (unanswerable / false premise / null have "")."""
        return bool(self.answer.strip())

    @property
    def golds(self) -> list[str]:
        """Reference answer followed by its aliases, without blanks or repeats (empty if unanswerable)."""
        if not self.answerable:
            return []
        return list(dict.fromkeys(g for g in [self.answer, *self.aliases] if g.strip()))


class EvalSet(BaseModel):
    """A loaded eval set: its records and the corpus folder they are asked against."""

    name: str
    path: Path
    records: list[EvalRecord]
    corpus_dir: Path

    def __len__(self) -> int:
        return len(self.records)

    def count_by_type(self) -> dict[str, int]:
        """Number of questions per ``type``, in order of first appearance."""
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.type] = counts.get(record.type, 0) + 1
        return counts


def _where(path: Path, line_no: int | None) -> str:
    return f"{path}:{line_no}" if line_no is not None else str(path)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _parse_line(path: Path, line_no: int, line: str) -> EvalRecord:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalSetError(f"{path}:{line_no}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(data, dict):
        raise EvalSetError(f"{path}:{line_no}: expected a JSON object, got {type(data).__name__}")
    try:
        return EvalRecord.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "(record)"
        raise EvalSetError(f"{path}:{line_no}: field '{field}': {_one_line(error['msg'])}") from None


def _read_records(path: Path) -> list[tuple[int, EvalRecord]]:
    """Parse every non-blank line; also reject repeated ids, which would merge rows in reports."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalSetError(f"{path}: cannot read eval set: {exc.strerror or exc}") from None
    records: list[tuple[int, EvalRecord]] = []
    first_line_of_id: dict[str, int] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = _parse_line(path, line_no, line)
        if record.id in first_line_of_id:
            raise EvalSetError(
                f"{path}:{line_no}: field 'id': '{record.id}' repeats line {first_line_of_id[record.id]}"
            )
        first_line_of_id[record.id] = line_no
        records.append((line_no, record))
    if not records:
        raise EvalSetError(f"{path}: eval set has no records")
    return records


def _corpus_from_records(path: Path, records: list[tuple[int, EvalRecord]]) -> tuple[str, int]:
    """The one corpus value the records agree on, with the line that first gave it."""
    chosen: tuple[str, int] | None = None
    for line_no, record in records:
        if record.corpus is None:
            continue
        if chosen is None:
            chosen = (record.corpus, line_no)
        elif record.corpus != chosen[0]:
            raise EvalSetError(
                f"{path}:{line_no}: field 'corpus': '{record.corpus}' disagrees with "
                f"'{chosen[0]}' (line {chosen[1]})"
            )
    if chosen is None:
        raise EvalSetError(f"{path}:{records[0][0]}: field 'corpus': no record names a corpus folder")
    return chosen


def load_eval_set(path: Path, corpus: Path | None = None) -> EvalSet:
    """Load and validate a JSON Lines eval set.

    The corpus folder comes from the records' ``corpus`` field (relative to the set file's folder),
    unless ``corpus`` is given: it overrides the records (a relative override is taken from the
    current directory, as a command-line argument would be). Raises ``EvalSetError`` on bad input.
    """
    path = Path(path)
    records = _read_records(path)
    if corpus is not None:
        corpus_dir = Path(corpus).expanduser().resolve()
        if not corpus_dir.is_dir():
            raise EvalSetError(f"{path}: corpus override: folder {corpus_dir} does not exist")
    else:
        value, line_no = _corpus_from_records(path, records)
        corpus_dir = (path.parent / value).resolve()
        if not corpus_dir.is_dir():
            raise EvalSetError(f"{path}:{line_no}: field 'corpus': folder {corpus_dir} does not exist")
    return EvalSet(
        name=path.stem,
        path=path.resolve(),
        records=[record for _, record in records],
        corpus_dir=corpus_dir,
    )

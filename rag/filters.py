"""Metadata filters for a request, in Chroma's ``where`` syntax, from command-line style input."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from index.metadata import parse_date


class FilterError(ValueError):
    """A filter that cannot be understood; the message names the offending part."""


def _value(text: str) -> str | int | float | bool:
    if text.lower() in {"true", "false"}:
        return text.lower() == "true"
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return text


def _date(text: str, end_of_day: bool = False) -> datetime:
    """``text`` as a date; ``end_of_day``: a plain day (``2023-12-31``) includes all of that day."""
    date = parse_date(text)
    if date is None:
        raise FilterError(f"date {text!r}: expected YYYY-MM-DD")
    if end_of_day and len(text) == 10:
        date = date.replace(hour=23, minute=59, second=59)
    return date


def build_where(
    equals: list[str] | None = None,
    after: str | None = None,
    before: str | None = None,
    date_field: str = "published_at",
    sources: Sequence[str] = (),
) -> dict[str, Any] | None:
    """``["source=report.pdf"]``, an ``after``/``before`` date (inclusive) on ``date_field``, and
    ``sources`` (a document is any one of them; none: all) -> where.

    Dates are compared through the ``<field>_ts`` timestamps that ingest stores for every ISO date.
    """
    clauses: list[dict[str, Any]] = [{"source": {"$in": list(sources)}}] if sources else []
    for item in equals or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise FilterError(f"--where {item!r}: expected KEY=VALUE")
        key, text = key.strip(), value.strip()
        typed = _value(text)
        # Front matter keeps a quoted `edition: "2"` as a string and `edition: 2` as a number: the
        # command line cannot tell which is meant, so a value that reads as a number matches both.
        clauses.append({key: typed} if typed == text else {"$or": [{key: typed}, {key: text}]})
    start = None if after is None else _date(after)
    end = None if before is None else _date(before, end_of_day=True)
    if start is not None and end is not None and start > end:
        raise FilterError(f"--after {after} is later than --before {before}")
    for bound, operator in ((start, "$gte"), (end, "$lte")):
        if bound is not None:
            clauses.append({f"{date_field}_ts": {operator: int(bound.timestamp())}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}

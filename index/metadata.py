"""Document metadata in the index: reserved keys, dates made filterable, and the document header.

Front-matter fields (Markdown) travel with every chunk. Those that would collide with corpus-chat's own
chunk keys are kept under a ``doc_`` prefix (a front-matter ``source: The Verge`` becomes
``doc_source``). Every ISO date also gets a ``<key>_ts`` twin in Unix seconds, so date ranges can be
filtered with Chroma's numeric operators. The *header* (title plus descriptive fields such as source,
author, date) is indexed with each chunk: questions often name the publication or the date.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

from index.sentence_vectors import SPANS_KEY, VECTORS_KEY

Scalar = str | int | float | bool
RESERVED_KEYS = frozenset(
    {"doc_id", "source", "title", "doc_hash", "chunk_index", "start", "end", "page", "page_breaks"}
    | {"score", "chunk_end"}
    | {SPANS_KEY, VECTORS_KEY}
)
_MAX_HEADER_VALUE = 100


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 date or date-time (``2023-09-26`` or ``2023-09-26T17:01:22+00:00``), else None."""
    if len(value) < 10 or not value[:4].isdigit() or value[4] != "-":
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def document_metadata(front_matter: Mapping[str, Scalar]) -> dict[str, Scalar]:
    """A document's own fields as chunk metadata: reserved names prefixed, dates given a timestamp."""
    out: dict[str, Scalar] = {}
    for key, value in front_matter.items():
        name = f"doc_{key}" if key in RESERVED_KEYS else key
        out[name] = value
        if isinstance(value, str) and (date := parse_date(value)) is not None:
            out[f"{name}_ts"] = int(date.timestamp())
    return out


def document_header(title: str, metadata: Mapping[str, Scalar]) -> str:
    """The title and the short descriptive fields (no URLs, ids or timestamps), dates spelled out."""
    parts: list[str] = []
    for key, value in metadata.items():
        if key in RESERVED_KEYS or key.endswith("_ts") or not isinstance(value, str):
            continue
        if not value or len(value) > _MAX_HEADER_VALUE or "://" in value:
            continue
        date = parse_date(value)
        shown = f"{date:%B} {date.day}, {date.year}" if date else value
        parts.append(f"{key.removeprefix('doc_')}: {shown}")
    return "\n".join([title, *parts]) if parts else title

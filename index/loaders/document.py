"""What every loader returns or raises, and what they share: decoding text files, a file's own
author and date as metadata."""

import codecs
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import any_specified_encoding


class LoadError(Exception):
    """A file that cannot be turned into text; ``str(error)`` is a one-line report naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LoadedDocument:
    """A document's normalised text, its title ("" when the file has none: :func:`load_document` then
    makes one of the file's name), and where each PDF page starts in that text;
    ``warnings`` says what of the file could not be read (the rest is indexed)."""

    text: str
    title: str
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, for paged formats."""
        if not self.page_starts:
            return None
        return sum(1 for start in self.page_starts if start <= offset) or 1


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text written without a byte-order mark, or None: a NUL byte in at least half the odd
    (little-endian) or even (big-endian) places, the high byte of every Latin letter, and few in the
    others (the low byte of a few CJK characters), decoding to printable text."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    for zeros, others, encoding in (
        (sample[1::2], sample[0::2], "utf-16-le"),
        (sample[0::2], sample[1::2], "utf-16-be"),
    ):
        if zeros.count(0) >= len(zeros) / 2 and others.count(0) <= len(others) / 20:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            head = text[:4096]
            printable = sum(c.isprintable() or c in "\n\r\t" for c in head)
            return text if printable >= 0.95 * len(head) else None
    return None


_ISO_2022 = ("iso2022_jp_2", "iso2022_kr")


def decode(path: Path, data: bytes) -> str:
    for bom, encoding in _BOMS:  # UTF-16/32 text is full of NUL bytes: its BOM says it is text
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise LoadError(path, f"invalid {encoding.upper()} text") from None
    if b"\x00" in data[:8192]:
        if (text := _bomless_utf16(data)) is not None:
            return text
        raise LoadError(path, "binary content, not text")
    if b"\x1b$" in data:  # 7-bit ISO-2022 text (Japanese, Korean) switches its character set by escapes,
        for encoding in _ISO_2022:  # which UTF-8 would keep as they are: "$BF~Lg%,%$%I"
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise LoadError(path, "not valid text in any known encoding")
    # Short texts often fit several code pages equally well; among the best, prefer Windows-1252,
    # the most common legacy encoding (the one browsers use for "latin-1").
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    if best.encoding != "cp1252" and not any_specified_encoding(data):  # a <meta charset> is obeyed
        # charset_normalizer may leave Windows-1252 out altogether: its curly quotes and dashes
        # (0x91-0x97) read as letters of DOS code pages score as less chaotic ("He said ônoö").
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and mess_ratio(western, 1.0) <= best.chaos + 0.05:
            return western
    return str(best)


# Names that tools write where nobody is named: reportlab's "anonymous", python-docx's template's own.
_NO_AUTHOR = frozenset({"anonymous", "unknown", "author", "user", "administrator", "python-docx"})


def file_fields(author: object, date: datetime | None) -> dict[str, str]:
    """The author and date a file's own properties give, as metadata: ``published_at`` is what
    ``--after`` / ``--before`` filter on. Tools' placeholders ("anonymous") are no author."""
    fields: dict[str, str] = {}
    if author is not None and (name := " ".join(str(author).split())) and name.lower() not in _NO_AUTHOR:
        fields["author"] = name
    if date is not None:
        fields["published_at"] = (date if date.tzinfo else date.replace(tzinfo=UTC)).isoformat()
    return fields

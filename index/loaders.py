"""Turn a file into normalised text plus metadata; one loader per supported format.

Every failure is a :class:`LoadError` whose message names the file and says what is wrong in one line,
so the pipeline can report it and go on with the rest of the corpus.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml
from charset_normalizer import from_bytes

from index.normalize import normalize_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# libyaml's parser when PyYAML was built with it: the pure-Python one took a fifth of an ingest's time
# outside the model on Markdown with front matter; both build values with the same safe constructors.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadError(Exception):
    """A file that cannot be turned into text; ``str(error)`` is a one-line report naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LoadedDocument:
    """A document's normalised text, its title, and where each PDF page starts in that text."""

    text: str
    title: str
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, for paged formats."""
        if not self.page_starts:
            return None
        return sum(1 for start in self.page_starts if start <= offset) or 1


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise LoadError(path, "binary content, not text")
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
    return str(best)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _load_text(path: Path, data: bytes) -> LoadedDocument:
    return LoadedDocument(text=normalize_text(_decode(path, data)), title=path.stem)


def _load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """Markdown stays Markdown (headings help retrieval); a YAML front matter block becomes metadata."""
    text = normalize_text(_decode(path, data))
    metadata: dict[str, str | int | float | bool] = {}
    if match := _FRONT_MATTER.match(text):
        try:
            front = yaml.load(match.group(1), Loader=_YAML_LOADER) or {}
        except yaml.YAMLError as error:
            raise LoadError(path, f"invalid YAML front matter ({error.__class__.__name__})") from None
        if isinstance(front, dict):
            metadata = {str(k): _scalar(v) for k, v in front.items() if v is not None}
        text = text[match.end() :]
    heading = _HEADING.search(text)
    title = str(metadata.pop("title", "")) or (heading.group(1) if heading else path.stem)
    return LoadedDocument(text=text, title=title, metadata=metadata)


def _load_html(path: Path, data: bytes) -> LoadedDocument:
    import html2text

    html = _decode(path, data)
    converter = html2text.HTML2Text()
    converter.body_width = 0
    converter.ignore_images = True
    converter.ignore_links = True
    converter.ignore_emphasis = True
    text = normalize_text(converter.handle(html)).strip("\n")
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    heading = _HEADING.search(text)
    title = " ".join(match.group(1).split()) if match else (heading.group(1) if heading else path.stem)
    return LoadedDocument(text=text, title=title or path.stem)


def _load_pdf(path: Path, data: bytes) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LoadError(path, "encrypted PDF")
        pages = [normalize_text(page.extract_text() or "").strip() for page in reader.pages]
        info_title = reader.metadata.title if reader.metadata else None
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise LoadError(path, f"unreadable PDF ({error.__class__.__name__}: {error})") from None
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    return LoadedDocument(text="\n\n".join(parts), title=str(info_title or path.stem), page_starts=starts)


def _load_docx(path: Path, data: bytes) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LoadError(path, f"unreadable DOCX ({error.__class__.__name__})") from None
    blocks = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                blocks.append(" | ".join(cells))
    title = document.core_properties.title or next(
        (p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")),
        path.stem,
    )
    return LoadedDocument(text=normalize_text("\n\n".join(blocks)), title=title.strip() or path.stem)


_LOADERS: dict[str, Callable[[Path, bytes], LoadedDocument]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}


def load_document(path: Path, data: bytes | None = None) -> LoadedDocument:
    """Load ``path`` (or its already-read bytes) into normalised text, or raise :class:`LoadError`."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise LoadError(path, f"cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise LoadError(path, "empty file")
    document = loader(path, data)
    if not document.text.strip():
        raise LoadError(path, "no text could be extracted")
    return document

"""Turn a file into normalised text plus metadata; one loader per supported format, each in its own
module.

Every failure is a :class:`LoadError` whose message names the file and says what is wrong in one line,
so the pipeline can report it and go on with the rest of the corpus.
"""

import re
from collections.abc import Callable
from pathlib import Path

from index.loaders.document import LoadedDocument, LoadError
from index.loaders.docx import load_docx
from index.loaders.html import load_html
from index.loaders.markdown import load_markdown
from index.loaders.pdf import load_pdf
from index.loaders.text import load_text

__all__ = ["HEADING_SUFFIXES", "SUPPORTED_SUFFIXES", "LoadError", "LoadedDocument", "load_document"]

_LOADERS: dict[str, Callable[[Path, bytes], LoadedDocument]] = {
    ".txt": load_text,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}
SUPPORTED_SUFFIXES = tuple(_LOADERS)
# The formats whose text writes headings as Markdown does ("## Keepers", index.loaders.markdown.HEADING);
# in the others a line that starts with "#" is text (a comment in a .txt file).
HEADING_SUFFIXES = frozenset(
    suffix for suffix, load in _LOADERS.items() if load in (load_markdown, load_html)
)


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
    try:
        document = loader(path, data)
    except LoadError:
        raise
    except Exception as error:  # a parser failing on a malformed file fails that file, not the ingest
        kind = type(error).__name__
        kind = f"{type(error).__module__}.{kind}" if kind.islower() else kind  # "zlib.error", not "error"
        detail = next(iter(str(error).splitlines()), "")[:120]
        reason = f"{kind}: {detail}" if detail else kind
        raise LoadError(path, f"unreadable {path.suffix.lstrip('.').upper()} ({reason})") from None
    if not document.text.strip():
        raise LoadError(path, "no text could be extracted")
    document.title = " ".join(document.title.split()) or title_from_name(path)
    return document


# A slug's hyphen, beside a lower-case word ("annual-report-2024", "nwankwo-fell"), not a date's or a
# reference's ("2026-03-18", "HR-OF-2026").
_SLUG_HYPHEN = re.compile(r"(?<=[a-z])-|-(?=[a-z])")


def title_from_name(path: Path) -> str:
    """A title made of the file's name, for a document that gives none: its words apart
    ("turkey_s400_nato" reads "turkey s400 nato"), so that they count as words where the title does."""
    return " ".join(_SLUG_HYPHEN.sub(" ", path.stem.replace("_", " ")).split()) or path.stem

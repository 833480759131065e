"""Plain text files (terminal output too)."""

import re
from pathlib import Path

from index.loaders.document import LoadedDocument, decode
from index.normalize import normalize_text

# Terminal output saved as text (a man page rendered by grotty, a coloured log) marks letters up with
# ANSI escape sequences ("ESC[1m" bold, OSC 8 hyperlinks) and overstrikes ("N BS N" bold, "_ BS N"
# underlined): without them the words read whole ("[1mmandb" was a word).
_TERMINAL_CODES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[^\n]\x08"
)


def load_text(path: Path, data: bytes) -> LoadedDocument:
    text = _TERMINAL_CODES.sub("", decode(path, data))
    return LoadedDocument(text=normalize_text(text), title=path.stem)

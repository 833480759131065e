"""Text normalisation that keeps character offsets meaningful.

Citations point into the normalised text by character offsets, so normalisation only makes changes that
keep a clean UTF-8 file's characters where they are: line endings become ``\\n`` and invisible or control
characters become spaces (one for one). A plain ``.txt`` file with ``\\n`` line endings is therefore its
own normalised text, and a citation's offsets point straight into the file.
"""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00a0\u200b\u2028\u2029\ufeff]")


def normalize_text(text: str) -> str:
    """Return ``text`` with unified line endings, NFC composition and control characters as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)

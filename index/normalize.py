"""Text normalisation that keeps character offsets meaningful.

Citations point into the normalised text by character offsets, so normalisation only makes changes that
keep a clean UTF-8 file's characters where they are: line endings become ``\\n``, invisible or control
characters become spaces and symbol fonts' bullets "•" (one for one). A plain ``.txt`` file with
``\\n`` line endings is therefore its own normalised text, and a citation's offsets point straight into
the file.
"""

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00a0\u200b\u2028\u2029\ufeff]")
# The bullets Word draws from its Symbol and Wingdings fonts, which a PDF (or text copied from one)
# gives as private-use characters: U+F0B7 is Symbol's "•", the others Wingdings' squares, diamonds,
# arrowheads and ticks. Each reads as the bullet it stands for.
_SYMBOL_FONT_BULLETS = str.maketrans(
    dict.fromkeys("\uf0b7\uf0a7\uf06e\uf0a8\uf071\uf076\uf0d8\uf0fc\uf0e0", "•")
)


def normalize_text(text: str) -> str:
    """Return ``text`` with unified line endings, NFC composition, control characters as spaces and
    symbol fonts' bullets as "•"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_SYMBOL_FONT_BULLETS)
    return _CONTROL.sub(" ", text)

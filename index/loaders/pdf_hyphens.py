"""A hyphen that ends a PDF's line: a typesetter's break inside a word ("leak-\\ning" is "leaking"), or
the hyphen of a word that holds one ("part-\\ncancelled" is "part-cancelled"). The document's own words
decide when they can, the program that made it otherwise."""

import re
from dataclasses import dataclass

# A word, then a hyphen (or a soft hyphen) and a line break, then the word's lower-case rest.
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)([-\u00ad])\n([a-z\u00df-\u00ff][^\W\d_]*)")
# A word as a line writes it: letters, maybe joined by hyphens ("part-cancelled").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Programs that break no word at a line end unless told to (word processors, browsers, report
# libraries): a hyphen they end a line with is the word's own. TeX, groff and typesetting programs
# hyphenate by syllable.
_KEEPS_WORDS_WHOLE = re.compile(
    r"LibreOffice|OpenOffice|Microsoft|Skia|Chrom|wkhtmltopdf|ReportLab|Google Docs", re.IGNORECASE
)


@dataclass(frozen=True)
class LineEndHyphens:
    """How one document's line-end hyphens are read: the words it writes inside its lines, and whether
    the program that made it hyphenates words at line ends."""

    words: frozenset[str]
    hyphenates: bool

    @classmethod
    def of(cls, texts: list[str], producer: str) -> "LineEndHyphens":
        """``texts``: the document's pages; ``producer``: its Producer and Creator as the PDF names them."""
        words = frozenset(word.lower() for text in texts for word in _WORD.findall(text))
        return cls(words=words, hyphenates=_KEEPS_WORDS_WHOLE.search(producer) is None)

    def undone(self, text: str) -> str:
        """``text`` with each line-end hyphen read: the word whole again, with its hyphen when it has
        one. A soft hyphen only ever breaks a word."""
        return _LINE_END_HYPHEN.sub(self._word, text)

    def _word(self, match: re.Match[str]) -> str:
        before, hyphen, after = match.groups()
        joined, hyphened = before + after, f"{before}-{after}"
        if hyphen == "\u00ad" or joined.lower() in self.words:
            return joined
        if hyphened.lower() in self.words or not self.hyphenates:
            return hyphened
        return joined

"""A PDF page's footnotes. They sit at the page's bottom, under the text, so a sentence that goes on
over the page is read with the notes in its middle ("... a new menu based on", "1 Counted by ticket
scans ...", then the next page's "local produce."). A footnote block is found by how it is set: a
line opening with a raised label ("1", "*") whose text, like every line after it, is smaller than
the page's body text; a footer set as the body after it (two lines at most) stays on the page. A
page whose notes are set as its body, or unlabelled, keeps them where they are."""

import re
import statistics

import pypdfium2.raw as pdfium_c

from index.loaders.pdf_superscripts import font_size, shift

# A line's opening label: the note's text follows it, on its line or (as PDFium breaks after a raised
# mark) the next.
_LABEL = re.compile(r"[ \t]*([0-9]{1,3}|[*†‡])(?=\s|$)")
_TEXT = re.compile(r"\S")
_LINE = re.compile(r"[^\r\n]+")
_SMALLER = 0.9  # a note's font size, at most, against the page's body text
_FOOTER_LINES = 2  # lines set as the body that may follow the notes: the page's footer


def footnotes_span(textpage, text: str) -> tuple[int, int] | None:
    """(start, end) of the page's footnote block in ``text`` (the page's ``get_text_range()``), or
    None when it has none."""
    if len(text) != pdfium_c.FPDFText_CountChars(textpage):
        return None
    lines = [m.span() for m in _LINE.finditer(text)]
    labelled = [n for n, (a, b) in enumerate(lines) if _opens_with_label(textpage, text, a, b)]
    if not labelled:
        return None  # the usual page: no size read for its every character
    sizes = [None if ch.isspace() else font_size(textpage, i) for i, ch in enumerate(text)]
    body = statistics.median(size for size in sizes if size is not None)

    def small(line: tuple[int, int]) -> bool:
        line_sizes = [size for size in sizes[slice(*line)] if size is not None]
        return bool(line_sizes) and max(line_sizes) <= _SMALLER * body

    for first in labelled:
        rest = lines[first:]
        # the label's note: on its line, or the next when the label stands alone
        with_note = 1 if _LABEL.fullmatch(text, *rest[0]) is None else 2
        end = len(rest)
        while end > with_note and len(rest) - end < _FOOTER_LINES and not small(rest[end - 1]):
            end -= 1
        if end >= with_note and all(map(small, rest[:end])):
            return rest[0][0], rest[end - 1][1]
    return None


def _opens_with_label(textpage, text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` opens with a label raised against the text after it."""
    match = _LABEL.match(text, start, end)
    after = _TEXT.search(text, match.end()) if match else None
    return after is not None and shift(textpage, match.start(1), after.start()) == "up"

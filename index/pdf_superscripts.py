"""Superscripts (and subscripts) in a PDF page's text. PDFium reads a raised, smaller mark as text
of the line and often breaks the line after it ("not allowed.1", then a line break, then "The
council ..."), and runs a power into its base ("2" and a raised "31" read "231"). The sentence then
breaks where it does not end, and a footnote mark after a full stop hides the sentence's end from
the splitter. Here a mark is written as HTML's are (``index.loaders._mark_powers``): after a number
or a bracket a power ("2^31"), after a sentence's punctuation a footnote mark, which goes ("allowed.
The council"), after a word as it is ("policy3", "km2"); and the break after it goes when the text
goes on on the same line. A mark opening a line is a footnote's label: its note follows it on the
line. A subscript ("CO2") is written as it is, without the break after it."""

import ctypes
import re

import pypdfium2.raw as pdfium_c

_MARK = re.compile(r"[0-9*†‡]+")
_MAX_MARK = 3  # characters: a footnote's number or an exponent, not a raised line of text
_SMALLER = 0.9  # a superscript's font size, at most, against the character it is raised beside
_RAISED = 0.2  # how much higher its bottom sits, at least, in that character's height
_LOWERED = 0.1  # how much lower a subscript's bottom sits, at least
_SAME_LINE = 0.5  # how far apart two bottoms on one line may be, in a character's height
_ENDS_SENTENCE = frozenset(".!?;:,\"'”’")


def _box(textpage, index: int) -> tuple[float, float, float]:
    """(font size, bottom, height) of character ``index``."""
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, *map(ctypes.byref, (left, right, bottom, top)))
    return pdfium_c.FPDFText_GetFontSize(textpage, index), bottom.value, top.value - bottom.value


def _shift(size: float, bottom: float, beside_size: float, beside_bottom: float, height: float) -> str:
    """ "up" for a superscript, "down" for a subscript, "" for text of the line: smaller than what it is
    beside and raised, or lowered, against it."""
    if size > _SMALLER * beside_size:
        return ""
    if bottom >= beside_bottom + _RAISED * height:
        return "up"
    return "down" if bottom <= beside_bottom - _LOWERED * height else ""


def _made_break(textpage, text: str, index: int) -> bool:
    """Whether a line break PDFium made, not the document, starts at ``index``."""
    return text.startswith("\r\n", index) and bool(pdfium_c.FPDFText_IsGenerated(textpage, index))


def _next_letter(text: str, index: int) -> int | None:
    """The first character from ``index`` on that is not white space, or None."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index if index < len(text) else None


def joined_superscripts(textpage, text: str) -> str:
    """``text`` (the page's ``get_text_range()``, one character per PDFium character) with its
    superscripts written as the module says and the line breaks PDFium made after them removed."""
    if len(text) != pdfium_c.FPDFText_CountChars(textpage):
        return text  # characters beyond the BMP: indexes would not line up
    out: list[str] = []
    last = 0
    for match in _MARK.finditer(text):
        start, end = match.span()
        if start == 0:
            continue
        opens_line = text[start - 1] in "\r\n"
        # What a mark is raised beside: the character before it; after a space the run's first (the
        # base of "2" and a raised "31"); for a footnote's label, its note's first letter.
        own_base = text[start - 1].isspace()
        beside = _next_letter(text, end) if opens_line else start if own_base else start - 1
        if beside is None:
            continue
        size, bottom, height = _box(textpage, beside)
        shifts = [
            _shift(mark_size, mark_bottom, size, bottom, height)
            for mark_size, mark_bottom, _ in (_box(textpage, i) for i in range(start, end))
        ]
        first = next((start + n for n, shift in enumerate(shifts) if shift), end)
        shift = shifts[first - start] if first < end else ""
        if not shift or any(s != shift for s in shifts[first - start :]) or end - first > _MAX_MARK:
            continue
        previous = text[first - 1]
        mark = text[first:end]
        if shift == "down":
            pass  # a subscript stays as it is: "CO2"
        elif previous in _ENDS_SENTENCE:
            mark = ""
        elif previous.isdigit() or previous == ")":
            mark = "^" + mark
        out += [text[last:first], mark]
        last = end
        after = _next_letter(text, end + 2) if _made_break(textpage, text, end) else None
        if after is not None and abs(_box(textpage, after)[1] - bottom) <= _SAME_LINE * height:
            out.append("" if text[end + 2].isspace() else " ")
            last = end + 2
    return "".join(out) + text[last:]

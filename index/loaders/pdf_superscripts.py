"""Superscripts (and subscripts) in a PDF page's text. PDFium reads a raised, smaller mark as text of
the line and often breaks the line around it ("not allowed.1", then a line break, then "The council
..."; "-2", a break, "31 to ..."), and runs a power into its base ("2" and a raised "31" read
"231"). Sentences then break where they do not end, a footnote mark after a full stop hides the
sentence's end from the splitter, and a mark glued to an amount ("750,000 pounds6") becomes part of
the answer. Here the breaks PDFium made around a mark go when the text goes on on the same line
(same baseline), and a raised mark is read as:

- a power after 10 or 2 ("1.2 x 10^6", "2^31") and a negative one anywhere ("10^-3", "kg m^-3");
- kept as written after a one- or two-letter unit or symbol ("km2", "x2");
- a footnote mark, which goes, everywhere else: after a sentence's punctuation, a bracket, a per
  cent sign, another number ("in 2024^3" was a footnote, not a power) or a word ("pounds6");
- a footnote's label when it opens a line ("1 See the minutes"): kept, its note after it.

A subscript ("CO2", "H2SO4") is written as it is, without the breaks around it."""

import ctypes
import re

import pypdfium2.raw as pdfium_c

from index.loaders.pdf_spaces import with_spaces

# A run of digits or footnote signs, a power's minus sign before it (U+2212 as typeset, or "-").
_MARK = re.compile(r"[−-]?[0-9]+|[*†‡]")
_MAX_MARK = 4  # characters: a footnote's number or an exponent, not a raised line of text
_SMALLER = 0.9  # a mark's font size, at most, against the character it is raised beside
_RAISED = 0.2  # how much higher its baseline sits, at least, in that character's font size
_LOWERED = 0.1  # how much lower a subscript's baseline sits, at least
_SAME_LINE = 0.3  # how far apart two baselines on one line may be, in the font size
_POWER_BASES = frozenset({"10", "2"})
_MAX_UNIT = 2  # letters of a unit or symbol a raised number belongs to ("km2", "x2")


def font_size(textpage, index: int) -> float:
    return pdfium_c.FPDFText_GetFontSize(textpage, index)


def _baseline(textpage, index: int) -> float:
    """The y of character ``index``'s origin: its baseline, whatever its descenders."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
    return y.value


def _made_break(textpage, text: str, index: int) -> bool:
    """Whether a line break PDFium made, not the document, starts at ``index``."""
    return text.startswith("\r\n", index) and bool(pdfium_c.FPDFText_IsGenerated(textpage, index))


def _next_letter(text: str, index: int) -> int | None:
    """The first character from ``index`` on that is not white space, or None."""
    while index < len(text) and text[index].isspace():
        index += 1
    return index if index < len(text) else None


def _same_line(textpage, a: int, b: int) -> bool:
    size = max(font_size(textpage, a), font_size(textpage, b), 1.0)
    return abs(_baseline(textpage, a) - _baseline(textpage, b)) <= _SAME_LINE * size


def shift(textpage, mark: int, beside: int) -> str:
    """ "up" for a superscript, "down" for a subscript, "" for text of the line: smaller than the
    character it is beside, and raised or lowered against it."""
    size = font_size(textpage, beside)
    if font_size(textpage, mark) > _SMALLER * size:
        return ""
    rise = _baseline(textpage, mark) - _baseline(textpage, beside)
    return "up" if rise >= _RAISED * size else "down" if rise <= -_LOWERED * size else ""


def _written(mark: str, before: str) -> str:
    """A raised mark as the text reads it, from ``before``: the text of its line up to it."""
    if mark[0] in "−-":
        return "^" + mark
    number = re.search(r"[\d.,]+$", before)
    if number:
        return "^" + mark if number.group() in _POWER_BASES else ""
    word = re.search(r"(?<![^\W\d_])[^\W\d_]+$", before)
    return mark if word and len(word.group()) <= _MAX_UNIT else ""


def joined_superscripts(
    textpage, text: str, span: tuple[int, int] | None = None, gaps: frozenset[int] = frozenset()
) -> str:
    """``text`` (the page's ``get_text_range()``, one character per PDFium character), or its
    ``span``, with its superscripts and subscripts written as the module says, and a space before
    each index of ``gaps`` (:func:`index.loaders.pdf_spaces.missing_spaces`) but a mark's."""
    begin, stop = span or (0, len(text))
    if len(text) != pdfium_c.FPDFText_CountChars(textpage):
        return text[begin:stop]  # characters beyond the BMP: indexes would not line up
    out: list[str] = []
    last = begin
    for match in _MARK.finditer(text, begin, stop):
        start, end = match.span()
        if start == 0:
            continue
        broken_after = end + 2 <= stop and _made_break(textpage, text, end)
        after = _next_letter(text, end + 2 if broken_after else end)
        # What the mark sits beside: the character before it (skipping a break PDFium made before
        # it, when the text goes on on that line after the mark), after a space the run's own first
        # (the base of "2" and a raised "31"), or, when the mark opens a line, the note it labels.
        before = start - 1
        broken_before = (
            start >= begin + 3 and _made_break(textpage, text, start - 2) and not text[start - 3].isspace()
        )
        if broken_before and after is not None and _same_line(textpage, start - 3, after):
            before = start - 3
        # A label is raised against its note; a run opening a line that is not ("10" and a raised
        # "3") holds its own base.
        label = text[before] in "\r\n" and after is not None and bool(shift(textpage, start, after))
        beside = after if label else start if text[before].isspace() else before
        if beside is None:
            continue
        shifts = [shift(textpage, i, beside) for i in range(start, end)]
        first = next((start + n for n, shift in enumerate(shifts) if shift), end)
        if first == end or len(set(shifts[first - start :])) > 1 or end - first > _MAX_MARK:
            continue
        # without a break before it
        kept = with_spaces(text, last, first if before == start - 1 else before + 1, gaps)
        mark = text[first:end]
        if shifts[-1] == "up" and not label:
            mark = _written(mark, kept[kept.rfind("\n") + 1 :] if first == start else text[start:first])
        out += [kept, mark]
        last = end
        if broken_after and after is not None and (label or _same_line(textpage, beside, after)):
            follows = text[end + 2]
            out.append("" if follows.isspace() or follows in ".,;:!?)]}”’%" else " ")
            last = end + 2
    return "".join(out) + with_spaces(text, last, stop, gaps)

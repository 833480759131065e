"""The spaces a PDF page's text lacks between words. A PDF places words; it need not write the
space between them, and PDFium makes one up only where the gap is wide enough for its own rule.
groff's PostScript turned PDF by Ghostscript sets justified man pages word by word with narrow gaps,
and PDFium reads "string.Ifthere are arguments" and "anyremaining" there (about one word gap in a
hundred). Measured on the glyphs' advance boxes (their width as set, their font's height), letters
of one word touch, give or take kerning, while a word gap is a fifth of the line's height or more;
the threshold leaves every other PDF of the testers' sets and the loader stress test as PDFium reads
it but for a handful of gaps before a dash or a dot leader, which are spaces too."""

import ctypes

import pypdfium2.raw as pdfium_c

_WORD_GAP = 0.15  # of the characters' box height: a gap at least this wide separates two words
_SAME_LINE = 0.3  # of that height: how far apart the bottoms of two characters of one line may be


def _box(textpage, index: int) -> tuple[float, float, float, float]:
    """Character ``index``'s advance box (left, right, bottom, top): its width as set, its font's height."""
    rect = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage, index, ctypes.byref(rect))
    return rect.left, rect.right, rect.bottom, rect.top


def missing_spaces(textpage, text: str) -> frozenset[int]:
    """The indexes of ``text`` (the page's ``get_text_range()``, one character per PDFium character)
    before which a word gap stands that the text writes no space for."""
    if len(text) != pdfium_c.FPDFText_CountChars(textpage):
        return frozenset()  # characters beyond the BMP: indexes would not line up
    gaps = set()
    before = None
    for index, char in enumerate(text):
        if char.isspace():
            before = None
            continue
        box = _box(textpage, index)
        if before is not None:
            left, _, bottom, top = box
            _, right, bottom_before, top_before = before
            height = max(top - bottom, top_before - bottom_before)
            if (
                height > 0
                and abs(bottom - bottom_before) <= _SAME_LINE * height
                and left - right > _WORD_GAP * height
            ):
                gaps.add(index)
        before = box
    return frozenset(gaps)


def with_spaces(text: str, start: int, end: int, gaps: frozenset[int]) -> str:
    """``text[start:end]`` with a space before each index of ``gaps`` strictly inside it."""
    inside = sorted(gap for gap in gaps if start < gap < end)
    if not inside:
        return text[start:end]
    pieces = [text[a:b] for a, b in zip([start, *inside], [*inside, end], strict=True)]
    return " ".join(pieces)

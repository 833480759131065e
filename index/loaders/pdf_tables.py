"""Tables a PDF only lays out. A PDF keeps no table structure, only where each word is: PDFium reads a
row as one line with a space between cells ("Midlands 1,205 1,187 +1.5%"), which says neither where a
cell ends nor what its column is. Here a space far wider than a word space (the gap between two
cells) is a cell border, lines whose cells line up in columns make a table (index.loaders.tables),
and its rows are written as the other formats' tables are: "Region: Midlands | Q3 2024 (£k): 1,205".

The borders are marked in PDFium's text one character for one (the space becomes a border mark,
which also tells how many columns on the next cell is), so the indexes that the rest of the page's
reading relies on hold; :func:`written_tables` writes the marked
rows once the page's text is read."""

import ctypes
import re
from itertools import pairwise

import pypdfium2.raw as pdfium_c

from index.loaders.pdf_superscripts import font_size
from index.loaders.tables import Cell, laid_out_table, table_blocks

# A border's mark, by how many columns on the next cell is: the next column's (the first), or one
# further on for each mark after it, past the empty cells of a row that leaves some (a sub-row).
_BORDERS = "\x1f\x1e\x1d\x1c"
_ANY_BORDER = re.compile(f"[{_BORDERS}]")
# The mark of a line break (its "\r") after which a line goes on with the row above, cells wrapped
# onto it, by the column its first cell is in: the first, the second, ...
_GOES_ON = "\x11\x12\x13\x14\x15\x16"
# The mark of a line break before a table's header that leaves its first columns empty (a corner
# above the rows' names: "Last year  This year"), by the column its first cell is in: the second, ...
_OPENS_AT = "\x05\x06\x07\x08"
_CELL_GAP = 1.0  # a gap between words this many times the font size, at least, parts two cells
_SLACK = 2.0  # points by which a column's cells may reach into the next column's
_LINE = re.compile(r"[^\r\n]+")


def _box(textpage, index: int) -> tuple[float, float]:
    """The left and right edges of character ``index``."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, *(ctypes.byref(v) for v in (left, right, bottom, top)))
    return left.value, right.value


def _cells(textpage, raw: str, start: int, end: int) -> tuple[list[Cell], list[int]]:
    """The cells of the line ``raw[start:end]`` and the indexes of the spaces that part them."""
    words = [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", raw[start:end])]
    lefts = [_box(textpage, a)[0] for a, _ in words]  # each word's edges, asked of PDFium once
    rights = [_box(textpage, b - 1)[1] for _, b in words]
    cells: list[Cell] = []
    borders: list[int] = []
    first = 0
    for n in range(1, len(words) + 1):
        if n < len(words):
            gap = lefts[n] - rights[n - 1]
            if gap < _CELL_GAP * max(font_size(textpage, words[n - 1][1] - 1), 1.0):
                continue
            borders.append(words[n - 1][1])
        cells.append(Cell(raw[words[first][0] : words[n - 1][1]], lefts[first], rights[n - 1]))
        first = n
    return cells, borders


def marked_borders(textpage, raw: str) -> str:
    """``raw`` (a page's text as PDFium reads it) with the spaces between the cells of the rows of
    the tables it lays out replaced by border marks."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(raw)]
    read = [_cells(textpage, raw, start, end) for start, end in lines]
    found: list[list[Cell] | None] = [cells for cells, _ in read]
    marked = list(raw)
    for block in table_blocks(found, _SLACK):
        for n, placed in enumerate(block.columns, start=block.start):
            for index, (before, after) in zip(read[n][1], pairwise(placed or []), strict=True):
                marked[index] = _BORDERS[min(after - before, len(_BORDERS)) - 1]
            if n in block.goes_on and placed and raw[lines[n - 1][1]] == "\r":
                marked[lines[n - 1][1]] = _GOES_ON[min(placed[0], len(_GOES_ON) - 1)]
            elif n == block.start and placed and placed[0] > 0 and n > 0 and raw[lines[n - 1][1]] == "\r":
                marked[lines[n - 1][1]] = _OPENS_AT[min(placed[0], len(_OPENS_AT)) - 1]
    return "".join(marked)


def _row(line: str) -> list[str]:
    """A marked line's cells, ``""`` for each empty one its borders pass over."""
    cells: list[str] = []
    start = 0
    for border in _ANY_BORDER.finditer(line):
        cells += [line[start : border.start()].strip(), *[""] * _BORDERS.index(border.group())]
        start = border.end()
    return [*cells, line[start:].strip()]


def _rows(lines: list[str], opens_at: int = 0) -> list[list[str]]:
    """The rows of a run of marked lines, a line that goes on with the row above (its break marked)
    merged into that row's cells; the first line's first cell is in column ``opens_at``."""
    rows: list[list[str]] = []
    goes_on: int | None = None  # the column of the first cell of a line that goes on with the row
    for line in lines:
        empty = goes_on if rows else opens_at
        cells = [""] * (empty or 0) + _row(line.rstrip(_GOES_ON + "\r"))
        if goes_on is not None and rows:
            width = max(len(rows[-1]), len(cells))
            last = rows[-1] + [""] * (width - len(rows[-1]))
            rows[-1] = [
                f"{a} {b}".strip() for a, b in zip(last, cells + [""] * (width - len(cells)), strict=True)
            ]
        else:
            rows.append(cells)
        goes_on = _GOES_ON.index(line[-1]) if _goes_on_after(line) else None
    return rows


def _goes_on_after(line: str) -> bool:
    """Whether the line after ``line`` goes on with its row (its break is marked so)."""
    return line[-1:] != "" and line[-1] in _GOES_ON


def written_tables(text: str) -> str:
    """A page's text with each run of marked rows written as a table (index.loaders.tables), its
    marks gone from any row that makes none."""
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and (
            _ANY_BORDER.search(lines[end])
            or _goes_on_after(lines[end])
            or (end > n and _goes_on_after(lines[end - 1]))
        ):
            end += 1
        if end - n >= 2:
            above = lines[n - 1][-1:] if n > 0 else ""
            rows = _rows(lines[n:end], _OPENS_AT.index(above) + 1 if above and above in _OPENS_AT else 0)
            width = max(map(len, rows))
            rows = [row + [""] * (width - len(row)) for row in rows]
            if (table := laid_out_table(rows, ruled=False)) is not None:
                lines[n:end] = ["", *table.split("\n"), ""]
                n += len(table.split("\n")) + 2
                continue
        n = max(end, n + 1)
    text = _ANY_BORDER.sub(" ", "\n".join(lines))
    return re.sub(f"[{_GOES_ON}{_OPENS_AT}]", "\r", text)

"""Tables as text: a row a line, "a | b | c", and under a header row each cell with its column's
name, "Item: Widget B | Colour: Red | Price: $15". A row is then a statement of its own: quoted
alone, retrieved alone or in a chunk that the header row is not in, it still says what each of its
values is ("What is the price of Widget B?" finds "Price: $15" in it). The header row itself goes:
every row says it. DOCX, HTML and Markdown tables are written this way (PDF keeps no table
structure to read)."""

import re

# Longest text a header cell may hold: a column's name, not a sentence (a first row of prose is data).
_MAX_HEADER_CHARS = 60
# What a column's name holds not, but data often does: a digit, an e-mail address, a link.
_DATA = re.compile(r"\d|@|://")


def separator(before: str) -> str:
    """What goes between a cell and the next: " | ", or a space after a cell that names the next
    with a colon ("`ctxt`:", "Jump to:")."""
    return " " if before.endswith(":") else " | "


def row_line(cells: list[str]) -> str:
    """A row without a header: its non-empty cells, " | " between them (see :func:`separator`)."""
    line = ""
    for cell in filter(None, cells):
        line += (separator(line) if line else "") + cell
    return line


def names_columns(cells: list[str], marked: bool) -> bool:
    """Whether a first row can name its table's columns: two cells or more, all short. A row the
    format marks as its header (Markdown's, HTML's <th> cells, Word's repeated header row) may leave
    a corner empty and name years ("| | 2023 | 2024 |"); a row only typed bold must read as names,
    every cell a text without a digit, e-mail address or link: a bold first row of data (a contact
    list's project lead) would otherwise lose its row and mislabel every other."""
    if len(cells) < 2 or any(len(cell) > _MAX_HEADER_CHARS for cell in cells):
        return False
    if marked:
        return sum(bool(cell) for cell in cells) >= 2
    return all(cell and not _DATA.search(cell) for cell in cells)


def column_name(header_cell: str) -> str:
    """A header cell as the name its column's cells are written after ("Price:" is "Price")."""
    return header_cell.rstrip(":").strip()


def labelled_rows(header: list[str], rows: list[list[str]]) -> list[str]:
    """Each row as "Header: cell | Header: cell" (empty cells left out); a row whose cells do not line
    up with the header's (a merged cell) is written as it is."""
    names = [column_name(cell) for cell in header]
    lines: list[str] = []
    for cells in rows:
        if len(cells) != len(names):
            line = row_line(cells)
        else:
            pairs = zip(names, cells, strict=True)
            line = " | ".join(f"{name}: {cell}" if name else cell for name, cell in pairs if cell)
        if line:
            lines.append(line)
    return lines

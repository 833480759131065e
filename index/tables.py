"""Tables as text: a row a line, "a | b | c", and under a header row each cell with its column's
name, "Item: Widget B | Colour: Red | Price: $15". A row is then a statement of its own: quoted
alone, retrieved alone or in a chunk that the header row is not in, it still says what each of its
values is ("What is the price of Widget B?" finds "Price: $15" in it). The header row itself goes:
every row says it. DOCX, HTML and Markdown tables are written this way (PDF keeps no table
structure to read)."""

# Longest text a header cell may hold: a column's name, not a sentence (a first row of prose is data).
_MAX_HEADER_CHARS = 60


def row_line(cells: list[str]) -> str:
    """A row without a header: its non-empty cells, " | " between them."""
    return " | ".join(cell for cell in cells if cell)


def names_columns(cells: list[str]) -> bool:
    """Whether a first row can name its table's columns: two cells or more, each a short text that
    is not a number ("2024" heads no column; a row of figures is data)."""
    return len(cells) >= 2 and all(
        cell and len(cell) <= _MAX_HEADER_CHARS and not cell.replace(".", "").replace(",", "").isdigit()
        for cell in cells
    )


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

"""Tables as text: a row a line, "a | b | c", and under a header row each cell with its column's
name, "Item: Widget B | Colour: Red | Price: $15". A row is then a statement of its own: quoted
alone, retrieved alone or in a chunk that the header row is not in, it still says what each of its
values is ("What is the price of Widget B?" finds "Price: $15" in it). The header row itself goes:
every row says it. DOCX, HTML and Markdown tables are written this way, and so are the tables that
PDF and plain text only lay out, in columns that line up (see :func:`table_blocks`)."""

import re
from dataclasses import dataclass

# Longest text a header cell may hold: a column's name, not a sentence (a first row of prose is data).
_MAX_HEADER_CHARS = 60
_MONEY = re.compile(r"\W*[£$€¥]\s?\d")
# What a column's name holds not, but data often does: a figure first (an amount, a date, a phone
# number: "£12", "02/11/1981", "+44 20 ..."), an e-mail address, a link. A figure inside words names
# a column well enough: "Convictions in the last 5 years", "Q3 2024 (£k)".
_DATA = re.compile(r"^\W*\d|@|://")


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
    every cell a text that opens with no figure and holds no e-mail address or link: a bold first
    row of data (a contact list's project lead) would otherwise lose its row and mislabel every
    other."""
    if len(cells) < 2 or any(len(cell) > _MAX_HEADER_CHARS for cell in cells):
        return False
    if marked:
        return sum(bool(cell) for cell in cells) >= 2
    return all(cell and not _DATA.search(cell) for cell in cells)


def bold_names_columns(cells: list[str], body: list[list[str]]) -> bool:
    """Whether a first row the format only types bold names its table's columns: by names
    (:func:`names_columns`), or by names and the periods the figures below are of ("Department |
    2024 | 2025"), as a report compares years."""
    return names_columns(cells, marked=False) or (
        _names_periods(cells, body) and names_columns(cells, marked=True)
    )


def column_name(header_cell: str) -> str:
    """A header cell as the name its column's cells are written after ("Price:" is "Price")."""
    return header_cell.rstrip(":").strip()


def labelled_rows(
    header: list[str], rows: list[list[str]], spans: list[list[int]] | None = None
) -> list[str]:
    """Each row as "Header: cell | Header: cell" (empty cells left out). ``spans`` tells, where the
    format merges cells, how many columns each cell spans: a merged cell is named by its columns'
    name when they share one, else written bare ("Total" across Item and Qty), and the cells after it
    keep their own columns' names. A row whose cells do not line up with the header is written as it
    is."""
    names = [column_name(cell) for cell in header]
    lines: list[str] = []
    for n, cells in enumerate(rows):
        widths = spans[n] if spans is not None else [1] * len(cells)
        if len(widths) != len(cells) or sum(widths) != len(names):
            line = row_line(cells)
        else:
            labelled = []
            starts = [sum(widths[:c]) for c in range(len(cells))]
            for cell, start, width in zip(cells, starts, widths, strict=True):
                spanned = set(names[start : start + width])
                name = names[start] if len(spanned) == 1 else ""
                if cell:
                    labelled.append(f"{name}: {cell}" if name else cell)
            line = " | ".join(labelled)
        if line:
            lines.append(line)
    return lines


@dataclass(frozen=True)
class Cell:
    """A cell of a line laid out in columns: its text and where it lies across the line (characters
    in plain text, points in a PDF)."""

    text: str
    left: float
    right: float


# Most lines a header above a rule is set on.
_MAX_HEADER_LINES = 3
# Fewest lines a table laid out in columns has: a header row and two rows, or three rows; two of
# them at least with a cell in every column.
_MIN_ROWS = 3
_MIN_FULL_ROWS = 2


@dataclass(frozen=True)
class Block:
    """Lines ``[start, end)`` that lay out a table, and the column of each cell of each line
    (``None`` for a rule): a full row's cells are in every column in turn, a row with empty cells
    (a sub-row, an amount left blank) has its cells where they lie, and so does a line that goes on
    with the row above, its cells wrapped onto it (``goes_on``, the lines' numbers)."""

    start: int
    end: int
    columns: list[list[int] | None]
    goes_on: frozenset[int] = frozenset()


def _placed(line: list[Cell], lefts: list[float], rights: list[float], slack: float) -> list[int] | None:
    """The columns of a row with fewer cells than the table's, by where each cell lies: each within
    its column's reach (after the previous column's rightmost end, before the next's leftmost start,
    ``slack`` of overlap at most). None when its cells fit no such columns."""
    columns: list[int] = []
    for cell in line:
        column = next(
            (
                c
                for c in range(columns[-1] + 1 if columns else 0, len(lefts))
                if (c == 0 or cell.left > rights[c - 1] - slack)
                and (c == len(lefts) - 1 or cell.right < lefts[c + 1] + slack)
            ),
            None,
        )
        if column is None:
            return None
        columns.append(column)
    return columns


# A cell's last words that say it goes on: a list's comma, a conjunction ("Dev (driver)," over "Wendell"),
# a preposition or a determiner ("£750 (increased from £350 after your" over "2023 claim)").
_GOES_ON_AFTER = re.compile(
    r"(?:[,&/-]|\b(?:and|or|of|the|to|for|with|a|an|your|our|their|its|from|in|on|at|by|after|before|than))$"
)


def _goes_on(line: list[Cell], placed: list[int], row: dict[int, Cell], rights: list[float]) -> bool:
    """Whether a line of cells placed in a table's columns goes on with the row above (``row``, its
    last cell in each column it fills; ``rights``, how far each column reaches), its cells wrapped
    onto it. Each cell goes on from words in lower case or a bracket ("bottles, pots, tubs and
    trays", "(garden waste subscribers only)", "gutters" under "Rainwater pipes and"), from a cell
    above that ends in a comma or a conjunction ("Priya" under "Dev (driver),"), or from one that
    fills its column, where a wrapped line breaks, when the line holds two cells or more ("Sunil"
    under "Aled, Marguerite"); past the first column, it may also fill a column the row left empty
    (a cell set lower, "Every 2 weeks"). Not a caption under the table ("Table 1: ..."), a page's
    number, a row that leaves its first cell empty ("Screenwash top-up   no charge" under "Sump plug
    washer", which leaves its column half empty), or a sub-row (one that opens in the first column
    holds one cell: "ls   list files" is a row of its own)."""
    if placed[0] == 0 and len(line) > 1:
        return False

    def full(cell: Cell, column: int) -> bool:
        # words wrap, figures do not: "York   12" under "Leeds   10" is a group's next row
        above = row[column]
        wide = above.right - above.left >= 0.8 * (rights[column] - above.left)
        return len(line) > 1 and wide and cell.text[:1].isalpha()

    return all(
        cell.text[:1].islower()
        or cell.text[:1] in "(["
        or (column in row and (_GOES_ON_AFTER.search(row[column].text) is not None or full(cell, column)))
        or (placed[0] > 0 and column not in row)
        for cell, column in zip(line, placed, strict=True)
    )


def _row_goes_on(
    lines: list[list[Cell] | None], n: int, lefts: list[float], rights: list[float], slack: float
) -> bool:
    """Whether line ``n`` goes on with a row whose one cell, in the first column, is the line above:
    a row whose first cell wraps, its other cells set lower ("Rainwater pipes and" over "gutters"
    over "D3   2   Rear gutter leaks ...")."""
    line = lines[n] if n < len(lines) else None
    above = lines[n - 1]
    placed = _placed(line, lefts, rights, slack) if line else None
    return placed is not None and bool(above) and _goes_on(line, placed, {0: above[0]}, rights)  # type: ignore[arg-type, index]


def table_blocks(lines: list[list[Cell] | None], slack: float) -> list[Block]:
    """The runs of lines that lay out a table: at least three lines of two cells or more, as many on
    each (or two, and rows of fewer cells between them), whose cells keep to columns: every cell of
    a column ends before any cell of the next begins (``slack`` of overlap at most). Left-aligned,
    right-aligned or centred, a header over its column or not, the columns of a table never
    interleave; words spaced at random do. Among them, a table may hold rows of fewer cells, each in
    a column's reach (:func:`_placed`), lines that go on with the row above (:func:`_goes_on`), and
    rules under a header ("-----  -----"). A line's cells are ``[]`` for a line that is no row,
    ``None`` for a rule."""
    blocks: list[Block] = []
    n = 0
    while n < len(lines):
        first = lines[n]
        if not first or len(first) < 2:
            n += 1
            continue
        # each column's rightmost end and leftmost start so far: a row is checked in one pass
        rights, lefts = [cell.right for cell in first], [cell.left for cell in first]
        columns: list[list[int] | None] = [list(range(len(first)))]
        row = dict(enumerate(first))  # the row's last cell in each column
        goes_on: set[int] = set()
        end = n + 1
        while end < len(lines):
            line = lines[end]
            if line is None:
                if None not in columns and 1 < end - n <= _MAX_HEADER_LINES:
                    # a rule under the first lines: they are the header, on lines of its own
                    # ("Week   Tue evening" over "beginning   distribution")
                    goes_on |= set(range(n + 1, end))
                columns.append(None)
                end += 1
                continue
            if len(line) != len(first):
                placed = _placed(line, lefts, rights, slack) if 0 < len(line) < len(first) else None
                if placed is None:
                    break
                if _goes_on(line, placed, row, rights):
                    goes_on.add(end)
                    row |= {c: cell for cell, c in zip(line, placed, strict=True)}
                elif placed[0] > 0 or (
                    len(line) < 2 and not _row_goes_on(lines, end + 1, lefts, rights, slack)
                ):
                    break  # prose: one cell in the first column, or cells from halfway across
                else:
                    row = {c: cell for cell, c in zip(line, placed, strict=True)}
                columns.append(placed)
                end += 1
                continue
            new_rights = [max(r, cell.right) for r, cell in zip(rights, line, strict=True)]
            new_lefts = [min(left, cell.left) for left, cell in zip(lefts, line, strict=True)]
            if any(new_rights[c] > new_lefts[c + 1] + slack for c in range(len(first) - 1)):
                break
            columns.append(list(range(len(first))))
            row = dict(enumerate(line))
            rights, lefts, end = new_rights, new_lefts, end + 1
        while end > n and lines[end - 1] is None:  # a rule after the table is not in it
            end -= 1
        # A row with empty cells counts towards the least when a full row follows it ("Sat 2 Aug  SM
        # 417 ... 09:50", no seats, between the header and the one full row): one at the end may be
        # a row wrapped onto lines that are no rows. A row with the lines that go on with it is
        # full when together they fill every column.
        fills: list[set[int]] = []
        for k, placed in enumerate(columns[: end - n], start=n):
            if placed and k in goes_on and fills:
                fills[-1] |= set(placed)
            elif placed:
                fills.append(set(placed))
        full = sum(len(fill) == len(first) for fill in fills)
        confirmed = len(fills) >= _MIN_ROWS and len(fills[-1]) == len(first)
        after_another = bool(blocks) and blocks[-1].end >= n
        corner = None if after_another else _corner_header(lines, n, lefts, rights, slack)
        # a header over the rows' names' empty corner makes two full rows a table
        if full >= _MIN_ROWS or (full >= _MIN_FULL_ROWS and (confirmed or corner is not None)):
            start, columns = n, columns[: end - n]
            if corner is not None:
                start, columns = n - 1, [corner, *columns]
            blocks.append(Block(start, end, columns, frozenset(k for k in goes_on if k < end)))
            n = end
        elif (form := _labels_over_values(lines, n, slack)) is not None:
            blocks.append(form)
            n = form.end
        else:
            n += 1
    return blocks


def _labels_over_values(lines: list[list[Cell] | None], n: int, slack: float) -> Block | None:
    """Lines ``n`` and ``n + 1`` as a form's labels over their values, a paragraph of their own
    ("Odometer reading   Test number   Expiry date" over "68,412 miles   4471 2209 6518   13 March
    2027"), or a header over one row: as many cells on each, two or more, in the same columns, every
    label a name and not every value one; a value may wrap onto the lines below ("17:42 Harnby
    Central to" over "Wexmoor Parkway", see :func:`_goes_on`). None for lines of no such kind."""
    if n + 1 >= len(lines):
        return None
    labels, values = lines[n], lines[n + 1]
    if not labels or not values or len(labels) < 2 or len(labels) != len(values):
        return None
    lefts = [min(a.left, b.left) for a, b in zip(labels, values, strict=True)]
    rights = [max(a.right, b.right) for a, b in zip(labels, values, strict=True)]
    apart = all(rights[c] <= lefts[c + 1] + slack for c in range(len(labels) - 1))
    named = all(_reads_as_name(cell.text) for cell in labels)
    if (
        (n > 0 and lines[n - 1] != [])
        or not apart
        or not named
        or all(_reads_as_name(c.text) for c in values)
    ):
        return None
    columns: list[list[int] | None] = [list(range(len(labels)))] * 2
    row = dict(enumerate(values))
    end = n + 2
    while end < len(lines) and (line := lines[end]):
        placed = _placed(line, lefts, rights, slack)
        if placed is None or not _goes_on(line, placed, row, rights):
            return None
        row |= {c: cell for cell, c in zip(line, placed, strict=True)}
        columns.append(placed)
        end += 1
    if end < len(lines) and lines[end] is None:
        return None  # a rule under them: a table of another kind
    return Block(n, end, columns, frozenset(range(n + 2, end)))


def _corner_header(
    lines: list[list[Cell] | None], n: int, lefts: list[float], rights: list[float], slack: float
) -> list[int] | None:
    """The columns of the line above a table's first row when it is a header that leaves the first
    column's name empty, naming the columns of figures over a column of row names ("Last year  This
    year" over "Buildings cover  £392.14  £441.60"): two cells or more, each a name over a column
    past the first, in turn. None when the line above is no such header."""
    above = lines[n - 1] if n > 0 else None
    if not above or len(above) < 2 or any(_DATA.search(cell.text) for cell in above):
        return None
    placed = _placed(above, lefts, rights, slack)
    if placed is None or placed[0] == 0 or placed != list(range(placed[0], placed[0] + len(above))):
        return None
    return placed


def placed_rows(cells: list[list[str]], block: Block) -> list[list[str]]:
    """The rows of ``block``, its lines' ``cells``, each with a cell in every column: ``""`` where a
    row leaves one empty, a cell wrapped onto the lines below whole. Rules are left out."""
    width = max(len(placed) for placed in block.columns if placed)
    rows: list[list[str]] = []
    for n, (texts, placed) in enumerate(zip(cells, block.columns, strict=True), start=block.start):
        if placed is None:
            continue
        if n in block.goes_on and rows:
            for text, column in zip(texts, placed, strict=True):
                rows[-1][column] = f"{rows[-1][column]} {text}".strip()
            continue
        row = [""] * width
        for text, column in zip(texts, placed, strict=True):
            row[column] = text
        rows.append(row)
    return rows


def laid_out_table(rows: list[list[str]], ruled: bool, led: bool = False) -> str | None:
    """The rows of a table laid out in columns, written as this module writes tables: a row a
    paragraph, each cell under its column's name when the first row names the columns: a rule is
    under it (``ruled``), or its cells read as names (each opens with a capital, holds no figure) and
    the rows under it hold figures ("Emissions band  First permit" above "0 g/km  £30"). Two columns
    whose every first cell reads as a name are fields: a spec sheet's "Capacity: 1.7 L", a form's
    "Applicant: Mr D. Kowalczyk", a leaflet's box ("Booking line: 01632 960 419"), and so are two
    columns that dot leaders join (``led``: "Sunday ........ 10.30am"). None for other two columns
    that no row names: a list of terms and what they mean ("-c      compact output"), which the
    answerer reads as such, or a page set in two columns (lines of prose are no names)."""
    labels = all(len(row) == 2 for row in rows) and (led or all(row[0].endswith(":") for row in rows))
    # a form's labels, joined to their values by dot leaders or ending in a colon ("Customer:   Mrs
    # P. Hadley"): no header, however much the first row reads like one
    if labels:
        return _as_fields(rows)
    if pairs_labels(rows, [[cell.endswith(":") for cell in row] for row in rows]):
        return "\n\n".join(paired_fields(rows))
    if (beside := _fields_beside(rows)) is not None:
        return beside
    header, *body = rows
    figures = any(re.search(r"\d", cell) for row in body for cell in row)
    # a rule under it marks the header, which may then name columns by figures ("(from 08:00)"), but
    # not by an amount of money: a rule under a row of prices closes the items above a total
    ruled = ruled and not any(_MONEY.match(cell) for cell in header)
    # a header that leaves the corner above the rows' names empty ("| Last year | This year")
    corner = not header[0] and all(header[1:])
    names = header[1:] if corner else header
    periods = figures and _names_periods(names, body)
    named = (ruled or periods or (figures and all(map(_reads_as_name, names)))) and names_columns(
        header, marked=ruled or corner or periods
    )
    if not named and len(header) < 3:
        return _as_fields(rows) if all(_reads_as_name(row[0]) for row in rows) else None
    return "\n\n".join(labelled_rows(header, body) if named else map(row_line, rows))


def pairs_labels(rows: list[list[str]], labelled: list[list[bool]]) -> bool:
    """Whether a table is a form laid out in pairs, each label's value after it ("Job number |
    CH-25-11947 | Date of visit | 3 December 2025"), four cells in a row at least: in every row the
    first, third, ... cells are labels that read as names (``labelled``, cell by cell, as the format
    marks them: bold, a colon) and the others are not; a row may hold fewer pairs (an address's value
    merged across the rest of its row)."""
    labels = [cell for row in rows for cell in row[::2]]
    return (
        max(map(len, rows), default=0) >= 4
        and all(len(row) % 2 == 0 for row in rows)
        and all(flag == (c % 2 == 0) for flags in labelled for c, flag in enumerate(flags))
        and names_columns(labels, marked=False)
    )


def paired_fields(rows: list[list[str]]) -> list[str]:
    """The rows of a form laid out in pairs (:func:`pairs_labels`), each pair a field: "Job number:
    CH-25-11947 | Date of visit: 3 December 2025"."""
    return [
        " | ".join(
            f"{column_name(label)}: {value}"
            for label, value in zip(row[::2], row[1::2], strict=True)
            if value
        )
        for row in rows
    ]


def drawn_table(rows: list[list[str]], headed: bool) -> str:
    """The rows of a table drawn in characters, whose rules say whether the first row is its header
    (``headed``): each row under its columns' names; without a header, two columns whose first cells
    all read as names are fields ("Show: The Lantern Keeper's Daughter"), other rows stay rows."""
    if headed:
        return "\n\n".join(labelled_rows(rows[0], rows[1:]))
    if len(rows[0]) == 2 and names_columns([row[0] for row in rows], marked=False):
        return _as_fields(rows)
    return "\n\n".join(filter(None, map(row_line, rows)))


def _fields_beside(rows: list[list[str]]) -> str | None:
    """A letter's address beside its reference fields ("27 Linnet Close      Date:   16 March 2026"):
    the last two columns are labels that end in a colon and their values, the columns before them
    a block of their own. The block's lines, then each field; None for a table of no such kind."""
    width = len(rows[0])
    if width < 3 or any(len(row) != width for row in rows):
        return None
    labels, values = [row[-2] for row in rows], [row[-1] for row in rows]
    if not all(label.endswith(":") for label in labels) or not all(values):
        return None
    block = "\n".join(line for row in rows if (line := row_line(row[:-2])))
    return "\n\n".join(filter(None, [block, _as_fields([row[-2:] for row in rows])]))


def _as_fields(rows: list[list[str]]) -> str:
    """Each row as a field, its first cell the name: "Sunday: 10.30am"."""
    return "\n\n".join(f"{column_name(row[0])}: {row_line(row[1:])}" for row in rows)


# A column named by a period, after words or not: "2024/25", "Target 2025/26", "FY2025", "Q3 2024".
_PERIOD_NAME = re.compile(r"(?:[A-Z][a-z]*\s+)*(?:FY\s?|Q[1-4]\s)?(?:19|20)\d{2}(?:[/–-]\d{2,4})?")


def _names_periods(names: list[str], body: list[list[str]]) -> bool:
    """Whether a first row names columns by the periods their figures are of ("Indicator | 2024/25 |
    2025/26 | Target 2025/26 | Status", as a report compares years): every cell a name or a period,
    one a period at least, and no cell below a period itself (a timeline's first row is data)."""
    return (
        any(_PERIOD_NAME.fullmatch(name) for name in names)
        and all(_reads_as_name(name) or _PERIOD_NAME.fullmatch(name) for name in names)
        and not any(_PERIOD_NAME.fullmatch(cell) for row in body for cell in row)
    )


def _reads_as_name(cell: str) -> bool:
    """Whether a cell reads as the name of a column or a field: a capital first, a few words, no
    figure, no closing punctuation, no assignment, which is code ("DEFAULT=less"): "Emissions band",
    "Cord length"."""
    return bool(re.match(r"[A-Z]", cell)) and len(cell.split()) <= 4 and not re.search(r"\d|[.,;]$|=", cell)

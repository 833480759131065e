"""Plain text files (terminal output too)."""

import re
from datetime import datetime
from pathlib import Path

from index.loaders.document import LoadedDocument, decode, file_fields
from index.loaders.tables import Cell, drawn_table, laid_out_table, placed_rows, table_blocks
from index.normalize import normalize_text

# Terminal output saved as text (a man page rendered by grotty, a coloured log) marks letters up with
# ANSI escape sequences ("ESC[1m" bold, OSC 8 hyperlinks) and overstrikes ("N BS N" bold, "_ BS N"
# underlined): without them the words read whole ("[1mmandb" was a word).
_TERMINAL_CODES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[^\n]\x08"
)


# A cell of a line laid out in columns: words with single spaces between, two spaces or a tab apart
# from the next cell, not after a sentence's end (two spaces after a full stop are typewriter style;
# more part cells: "Part no.       Description");
# a rule under a table's header ("------  -----", "===+===").
_CELL = re.compile(r"\S+(?:(?: |(?<=[.!?])  (?=\S))\S+)*")
_RULE = re.compile(r"[ \t]*[-=_+:]{3,}[-=_+: \t]*")
# Dot leaders between a name and its value ("Sunday ........ 10.30am"): a cell border, as spaces are.
_LEADER = re.compile(r" ?\.{4,} ?")


def _cells(line: str) -> list[Cell] | None:
    """A line's cells, ``[]`` for a line that is no table's row: blank, a row already written with
    "|" borders, a cell of marks only (a comment's "#", a ditto mark). A line of one cell may go on
    with a row above it, wrapped onto it (``index.loaders.tables``)."""
    if _RULE.fullmatch(line):
        return None
    line = _LEADER.sub(lambda leader: " " * max(len(leader.group()), 2), line.expandtabs(8))
    cells = [Cell(m.group(), m.start(), m.end()) for m in _CELL.finditer(line)]
    if "|" in line or not all(re.search(r"\w", cell.text) for cell in cells):
        return []
    return cells


# A table drawn in characters: its rows between "|" borders, its rules "+----+----+" ("+====+" under
# the header of a reStructuredText grid table) or "|----|----|" (a Markdown table pasted in).
_GRID_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")
_GRID_RULE = re.compile(r"[ \t]*(?:\+[-=:+]*[-=][-=:+]*\+|\|[-=:| ]*-[-=:| ]*\|)[ \t]*")
_LAID_OUT = re.compile(r"\S {2,}\S")
_GRID_HEADER_RULE = re.compile(r"[ \t]*\+[=:+]*=[=:+]*\+[ \t]*")


def _with_grid_tables(text: str) -> str:
    """``text`` with each table drawn in characters (a psql or MySQL result, a reStructuredText grid
    table, a Markdown table in a plain text, an e-mail's booking details) written as rows under its
    columns' names (index.loaders.tables): the rule under the first row marks the header, and where
    rules part every row, a row's lines are one row (its cells wrapped)."""
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and (_GRID_ROW.fullmatch(lines[end]) or _GRID_RULE.fullmatch(lines[end])):
            end += 1
        rows = _grid_rows(lines[n:end])
        # a box whose cells lay out columns of their own (a payslip's payments beside its deductions)
        # is no grid of cells: left as it is written
        if len(rows) >= 2 and not any(_LAID_OUT.search(cell) for row in rows for cell in row):
            lines[n:end] = ["", drawn_table(rows, headed=_grid_headed(lines[n:end])), ""]
            n += 3
        else:
            n = end + 1
    return "\n".join(lines)


def _grid_rows(lines: list[str]) -> list[list[str]]:
    """The rows of a drawn table's lines, each with as many cells: one row a line, or where rules part
    every row after the header, the lines between two rules one row."""
    groups: list[list[list[str]]] = [[]]
    for line in lines:
        if _GRID_RULE.fullmatch(line):
            groups.append([])
        else:
            groups[-1].append([cell.strip() for cell in line.strip()[1:-1].split("|")])
    groups = [group for group in groups if group]
    if not groups or len({len(cells) for group in groups for cells in group}) != 1:
        return []
    if len(groups) < 3:  # rules only around the table and under its header: a row a line
        return [cells for group in groups for cells in group]
    return [[" ".join(filter(None, column)) for column in zip(*group, strict=True)] for group in groups]


def _grid_headed(lines: list[str]) -> bool:
    """Whether a drawn table's first row is its header: a rule under it, "+====+" (or "|---|"), or
    one rule among the rows (a database result's "+----+" under the column names)."""
    rows = [n for n, line in enumerate(lines) if not _GRID_RULE.fullmatch(line)]
    rules = [n for n in range(rows[0] + 1, rows[-1]) if _GRID_RULE.fullmatch(lines[n])] if rows else []
    return bool(rules) and (_GRID_HEADER_RULE.fullmatch(lines[rules[0]]) is not None or len(rules) == 1)


def _with_tab_columns(text: str) -> str:
    """``text`` with each table whose cells tabs part (two lines or more, each split by its tabs into
    as many cells, empty ones included: "Subtotal\t\t\t£250.98") laid out in aligned columns, as
    :func:`_with_tables` reads them: a tab stop is no column once a cell outgrows it. Its rows may
    stand apart by one blank line, which goes (the totals under the items). Lines whose tabs part
    them differently (tabs that indent, or line up text by eye) are left as they are."""
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        tabs = lines[n].count("\t")
        run = [n] if tabs else []
        end = n + 1
        while run and end < len(lines):
            gap = end + (not lines[end].strip())
            if gap >= len(lines) or lines[gap].count("\t") != tabs:
                break
            run.append(gap)
            end = gap + 1
        # cells without the spaces around them, but the first, which may be the line's indent
        rows = [
            [cell.strip() if c else cell.rstrip() for c, cell in enumerate(lines[k].split("\t"))] for k in run
        ]
        if len(rows) >= 2 and any(row[0].strip() for row in rows) and not _lined_up([lines[k] for k in run]):
            widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
            lines[run[0] : run[-1] + 1] = [
                "   ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                for row in rows
            ]
            end = run[0] + len(rows)
        n = end
    return "\n".join(lines)


def tabbed_table(rows: list[str]) -> str | None:
    """Lines whose cells tabs part, as another format keeps them (a DOCX's paragraphs set out in
    columns by tab stops: "Gates open\t8:40\t8:40"), read as a plain text's table of them is; None
    when they make no table (two columns that no row names: a list of phone numbers)."""
    aligned = _with_tab_columns("\n".join(rows))
    table = _with_tables(aligned)
    return table.strip("\n") if table != aligned else None


def _lined_up(lines: list[str]) -> bool:
    """Whether the tab stops already line up each of the lines' cells under the one above (tabs
    set by eye, two where a cell is short): every cell starts in the same column in each line."""
    starts: dict[int, set[int]] = {}
    for line in lines:
        cells = line.split("\t")
        for n, cell in enumerate(cells):
            if cell.strip():  # its column as _cells reads the line, tabs expanded
                starts.setdefault(n, set()).add(len("".join(c + "\t" for c in cells[:n]).expandtabs(8)))
    return all(len(found) == 1 for found in starts.values())


def _with_tables(text: str) -> str:
    """``text`` with each table it lays out in aligned columns written as rows (index.loaders.tables),
    a cell wrapped onto further lines whole."""
    lines = text.split("\n")
    found = [_cells(line) for line in lines]
    for block in reversed(table_blocks(found, slack=1)):
        cells = [[cell.text for cell in line or []] for line in found[block.start : block.end]]
        rows = placed_rows(cells, block)
        led = all(_LEADER.search(line) for line in lines[block.start : block.end])
        # a rule under the header, and under the lines that go on with it
        under = next((n for n in range(block.start + 1, block.end) if n not in block.goes_on), block.end)
        ruled = under < block.end and found[under] is None
        if (table := laid_out_table(rows, ruled=ruled, led=led)) is not None:
            lines[block.start : block.end] = ["", table, ""]
    return "\n".join(lines)


# A first line that reads as the text's title ("TARN HOLLOW CIRCUIT", "Kelby Parking Regulations 2024"):
# short, opening with a letter or digit, with words in it and no closing punctuation.
_TITLE_LINE = re.compile(r"[^\W_][^\n]{0,78}[^\s.!?,;:]")
# A header of two fields or more, a line each, that opens a text ("Archive-Name: editor-faq/sed",
# "Version: 015"), then a blank line.
_HEADER_FIELDS = re.compile(r"(?:[A-Z][\w-]*:[ \t]+\S[^\n]*\n){2,}[ \t]*\n")


# An e-mail saved as text opens with its header's fields, one a line.
_MAIL_HEADER = re.compile(r"(?:(?:From|To|Cc|Bcc|Date|Sent|Subject|Reply-To):[^\n]*\n){2,}", re.IGNORECASE)
_SUBJECT = re.compile(r"^Subject:[ \t]*(\S[^\n]*)", re.IGNORECASE | re.MULTILINE)
_MAIL_LINE = re.compile(r"^(from|date):[ \t]*(\S[^\n]*)", re.IGNORECASE | re.MULTILINE)


def _title(text: str) -> str | None:
    """The text's first line when it reads as its title (at most twelve words, and what follows it
    a blank line or a line opening with a capital: not "Uptake of O" above "2 from the air ..."),
    below the header fields a posting opens with, or an e-mail's subject ("From: Postline
    <no-reply@...>" is none); else None."""
    if header := _MAIL_HEADER.match(text.lstrip()):
        subject = _SUBJECT.search(header.group())
        return subject.group(1).strip() if subject else None
    if fields := _HEADER_FIELDS.match(text.lstrip()):
        text = text.lstrip()[fields.end() :]  # a posting's "Archive-Name: ..." lines: the title is below
    lines = text.lstrip().split("\n", 2)
    first, after = lines[0].strip(), lines[1].lstrip() if len(lines) > 1 else ""
    titled = _TITLE_LINE.fullmatch(first) and len(first.split()) <= 12 and re.search(r"[^\W\d_]{2}", first)
    return first if titled and (not after or after[0].isupper()) else None


def load_text(path: Path, data: bytes) -> LoadedDocument:
    """Plain text as it is, but the tables it lays out in aligned columns, written a row a line with
    each cell under its column's name (a text with none is its own normalised text, offsets and all);
    titled by its first line when that reads as a title, or by an e-mail's subject (else
    :func:`index.loaders.load_document` titles it by the file's name)."""
    text = decode(path, data)
    text = normalize_text(_with_tables(_with_tab_columns(_with_grid_tables(_TERMINAL_CODES.sub("", text)))))
    metadata = _mail_fields(text) or file_fields(author=None, date=_date_field(text))
    return LoadedDocument(text=text, title=_title(text) or "", metadata=metadata)


# A "Date:" field among a text's first lines (minutes, a memo, a notice: "Date:     Wednesday 14 January
# 2026, 19:30"), with a month named or an ISO date ("03/04/2026" could be March or April) and a year; not
# a table's row ("Date: Sat 2 Aug | Flight: TP1351").
_DATE_FIELD = re.compile(r"^[ \t]*Dated?:[ \t]*(\S[^\n|]*)$", re.IGNORECASE | re.MULTILINE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_OPENING_LINES = 15
_NAMED_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s|\b\d{4}-\d{2}-\d{2}\b", re.IGNORECASE
)


def _date_field(text: str) -> datetime | None:
    """The date a text's opening "Date:" field gives (the day a meeting's minutes or a memo are of),
    which ``--after`` and ``--before`` filter on and the document's header says; None without one."""
    from dateutil import parser

    opening = "\n".join(text.lstrip().split("\n", _OPENING_LINES)[:_OPENING_LINES])
    field = _DATE_FIELD.search(opening)
    if field is None or not _NAMED_DATE.search(field.group(1) + " ") or not _YEAR.search(field.group(1)):
        return None
    try:
        return parser.parse(field.group(1), dayfirst=True, fuzzy=True)
    except (ValueError, OverflowError):
        return None


def _mail_fields(text: str) -> dict[str, str]:
    """An e-mail's sender and date as the document's author and date ("From: Rutger Nijlunsing
    <rutger@...>", "Date: Thu, 10 Aug 2006 22:00:26 +0200"), which ``--after`` and ``--before`` filter
    on; none for other texts."""
    from email.utils import getaddresses, parsedate_to_datetime

    header = _MAIL_HEADER.match(text.lstrip())
    if header is None:
        return {}
    lines = {name.lower(): value for name, value in _MAIL_LINE.findall(header.group())}
    sender = next(iter(getaddresses([lines.get("from", "")])), ("", ""))
    try:
        date = parsedate_to_datetime(lines["date"]) if "date" in lines else None
    except (TypeError, ValueError):
        date = None
    return file_fields(author=sender[0] or sender[1] or None, date=date)

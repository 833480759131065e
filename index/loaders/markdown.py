"""Markdown files: front matter as metadata, tables as labelled rows, markup only a renderer needs
dropped."""

import html
import re
import tomllib
from datetime import date, datetime
from pathlib import Path

import yaml

from index.loaders.document import LoadedDocument, decode
from index.loaders.tables import drawn_table, labelled_rows, names_columns, row_line
from index.normalize import normalize_text

# libyaml's parser when PyYAML was built with it: the pure-Python one took a fifth of an ingest's time
# outside the model on Markdown with front matter; both build values with the same safe constructors.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# YAML front matter (closed by "---" or YAML's own end marker "..."), or TOML between "+++" (Hugo).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# A heading: "# Title" (ATX) or a line underlined with "=" or "-" (setext, "PyYAML\n======"); group 1
# is an ATX heading's text, group 2 a setext heading's. Markdown's text keeps its headings so, and so does
# HTML's (html2text writes <h2> as "## "): the app shows them as headings (ui/render.py).
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$|^(\w[^\n]*?)[ \t]*\n(?:=+|-+)[ \t]*$", re.MULTILINE)


# Words set bold or italic ("*Postcards from Everywhere*"): marks a title shown as plain text drops.
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2}|_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def first_heading(text: str) -> str | None:
    heading = HEADING.search(text)
    return _EMPHASIS.sub(r"\2", heading.group(1) or heading.group(2)) if heading else None


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


# A fenced code block, to its closing fence or the document's end (CommonMark leaves it open so).
_FENCED_CODE = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<code>.*?)(?:^ {0,3}(?P=fence)[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)


def _indented(code: str) -> str:
    """A fenced block's code without its fence lines, indented as an indented code block is: its
    "# comment" and "---" lines are code, not a heading and its underline (``HEADING`` needs them at
    a line's start), which the app would show as headings and the title would be taken from."""
    return "\n" + re.sub(r"^(?=[ \t]*\S)", "    ", code, flags=re.MULTILINE)


def _line_break(match: re.Match[str]) -> str:
    line_start = match.string.rfind("\n", 0, match.start()) + 1
    return " " if match.string[line_start : match.start()].lstrip().startswith("|") else "\n"


# A code span ("`&amp;`", not across a blank line), which shows what it holds as written, or a
# character reference ("&middot;", "&#8212;", "&#x2014;"), which the rendered page shows as its character.
_SPAN_OR_REFERENCE = re.compile(
    r"(?P<span>(`+)(?:(?!\n[ \t]*\n)[^`])(?:(?!\n[ \t]*\n).)*?(?<!`)\2(?!`))"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.DOTALL,
)


def _character(match: re.Match[str]) -> str:
    return match.group() if match.group("span") else html.unescape(match.group())


# Markdown that only the rendered page needs: images and badges (a linked image too), an inline
# link's target (its text stays), reference definitions, footnote marks and layout HTML tags; character
# references read as the characters they stand for. Code shows all of these as written.
_MARKUP = (
    (re.compile(r"\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\)|!\[[^\]\n]*\]\([^)\n]*\)"), ""),
    # not after a word or a bracket: code indexes ("m[i][j]", "handlers[0](event)")
    # (its text may wrap onto the next line: "[Documentation Style\nGuide](#style-guide)")
    (
        re.compile(
            r"(?<![\w\]])\[((?:[^\]\n]|\n(?![ \t]*\n))+)\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"\n]*\")?\)"
        ),
        r"\1",
    ),
    # a reference-style link, "[text][ref]" or "[text][]", by its text (not "[2][3]", reference marks)
    (re.compile(r"(?<![\w\]])\[([^\]\n]*[^\]\d\n][^\]\n]*)\]\[[^\]\n]*\]"), r"\1"),
    # a footnote's text keeps its label, as a PDF's does ("1 Email the office ..."); its mark in the
    # text goes, as the rendered page shows it only raised
    (re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*", re.MULTILINE), r"\1 "),
    (re.compile(r"\[\^[^\]\s]+\]"), ""),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$", re.MULTILINE), ""),
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),  # comments, which the rendered page does not show
    # a definition list's description (": ..." under its term) indented under it, as HTML's are read
    (
        re.compile(r"^:[ \t]+(.*(?:\n[ \t]{2,}\S.*)*)", re.MULTILINE),
        lambda item: "    " + re.sub(r"\n[ \t]+", "\n    ", item.group(1)),
    ),
    # a backslash that ends a line (not a code block's) is a hard line break
    (re.compile(r"^(?! {4}|\t)([^\n]*[^\\\n])\\[ \t]*$", re.MULTILINE), r"\1"),
    # a line break inside a line: a new line, but a space in a table's cell, which the row holds whole
    # ("drop-in seats<br>*materials extra*")
    (re.compile(r"[ \t]*<br\s*/?>[ \t]*(?=[^\n])", re.IGNORECASE), _line_break),
    # layout and phrasing tags, which may wrap their attributes onto another line ('<code\nclass="option">')
    (
        re.compile(
            r"</?(?:a|p|div|span|img|br|hr|picture|source|sup|sub|details|summary|center|h[1-6]|em|strong|small"
            r"|b|i|u|dfn|code|kbd|abbr|mark|s|del|ins|cite|q|var|samp|tt|font|time)\b[^<>]*>",
            re.IGNORECASE,
        ),
        "",
    ),
    (_SPAN_OR_REFERENCE, _character),
)


def _markup_dropped(text: str) -> str:
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


def _without_markup(text: str) -> str:
    """``text`` without the markup outside its fenced code blocks, whose code stays, indented, without
    its fence lines."""
    parts: list[str] = []
    done = 0
    for block in _FENCED_CODE.finditer(text):
        parts += [_markup_dropped(text[done : block.start()]), _indented(block.group("code"))]
        done = block.end()
    return "".join([*parts, _markup_dropped(text[done:])])


# A table written in HTML inside the Markdown (a table with merged cells, a price list pasted in),
# from a line opening with its tag to the line its own closing tag ends: a table in one of its cells
# closes first.
_HTML_TABLE_START = re.compile(r"^[ \t]*<table\b", re.IGNORECASE | re.MULTILINE)
_TABLE_TAG = re.compile(r"<(/?)table\b[^>]*>", re.IGNORECASE)


def _with_html_tables(text: str) -> str:
    from index.loaders.html import table_text  # html.py takes first_heading from here

    parts: list[str] = []
    done = 0
    for start in _HTML_TABLE_START.finditer(text):
        if start.start() < done:
            continue  # a table inside the one just read
        depth = 0
        for tag in _TABLE_TAG.finditer(text, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = text.find("\n", tag.end())
                end = len(text) if end < 0 else end
                if not text[tag.end() : end].strip():
                    parts += [text[done : start.start()], table_text(text[start.start() : end])]
                    done = end
                break
    return "".join([*parts, text[done:]])


# A GitHub-flavoured Markdown table: a header row, the delimiter row under it ("|---|:--:|"), its rows.
_MD_ROW = r"[ \t]*\|?[^\n]*\|[^\n]*"
_MD_TABLE = re.compile(
    rf"^(?P<header>{_MD_ROW})\n[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\n"
    rf"(?P<rows>(?:{_MD_ROW}(?:\n|$))*)",
    re.MULTILINE,
)
_MD_CELL_BORDER = re.compile(r"(?<!\\)\|")


# A cell set bold or italic whole ("**Weekly rent**"): the marks only a renderer needs.
_EMPHASISED_CELL = re.compile(r"(\*{1,2}|_{1,2})(\S(?:.*\S)?)\1")


def _md_cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    cells = [" ".join(cell.replace("\\|", "|").split()) for cell in _MD_CELL_BORDER.split(line)]
    return [match.group(2) if (match := _EMPHASISED_CELL.fullmatch(cell)) else cell for cell in cells]


def _md_table(match: re.Match[str]) -> str:
    """A Markdown table as a paragraph a row, each cell with its column's name (``index.loaders.tables``)."""
    header = _md_cells(match.group("header"))
    rows = [_md_cells(line) for line in match.group("rows").splitlines() if line.strip()]
    if not any(header):  # no column names: a box of fields ("Weekly rent | £176.40") or of rows
        lines = drawn_table(rows, headed=False).split("\n\n")
    elif rows and names_columns(header, marked=True):
        lines = labelled_rows(header, rows)
    else:
        lines = [row_line(cells) for cells in [header, *rows]]
    follows = match.string[match.end() : match.end() + 1]
    return "\n\n".join(line for line in lines if line) + ("\n" if follows in ("\n", "") else "\n\n")


def load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """Markdown stays Markdown where it helps (headings help retrieval, lists and emphasis read as
    they are) and loses what only the rendered page needs (see _MARKUP); a YAML or TOML front matter
    block becomes metadata."""
    text = normalize_text(decode(path, data))
    metadata: dict[str, str | int | float | bool] = {}
    warnings: list[str] = []
    # Front matter that does not parse stays in the text, indexed as it is, with a warning.
    if match := _TOML_FRONT_MATTER.match(text):
        try:
            front = tomllib.loads(match.group(1))
        except tomllib.TOMLDecodeError as error:
            warnings.append(f"invalid TOML front matter ({error}), indexed as text")
        else:
            metadata = {str(k): _scalar(v) for k, v in front.items()}
            text = text[match.end() :]
    elif match := _FRONT_MATTER.match(text):
        try:
            front = yaml.load(match.group(1), Loader=_YAML_LOADER) or {}
        except yaml.YAMLError as error:
            warnings.append(f"invalid YAML front matter ({error.__class__.__name__}), indexed as text")
            front = None
        # Only a mapping is front matter: a document that opens with a "---" rule and has another
        # further down keeps the text between them (YAML reads it as a plain string).
        if isinstance(front, dict):
            metadata = {str(k): _scalar(v) for k, v in front.items() if v is not None}
        if isinstance(front, dict) or (front is not None and not match.group(1).strip()):
            text = text[match.end() :]
    text = _MD_TABLE.sub(_md_table, _without_markup(_with_html_tables(text)))
    title = str(metadata.pop("title", "")) or first_heading(text) or ""
    return LoadedDocument(text=text, title=title, metadata=metadata, warnings=warnings)

"""Turn a file into normalised text plus metadata; one loader per supported format.

Every failure is a :class:`LoadError` whose message names the file and says what is wrong in one line,
so the pipeline can report it and go on with the rest of the corpus.
"""

import codecs
import io
import re
import threading
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from charset_normalizer.utils import any_specified_encoding

from index.docx_lists import ListLabels
from index.metadata import parse_date
from index.normalize import normalize_text
from index.sentences import line_break_ends
from index.tables import column_name, labelled_rows, names_columns, row_line, separator

if TYPE_CHECKING:
    import html2text
    import lxml.html
    from pypdfium2 import PdfDocument

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
# libyaml's parser when PyYAML was built with it: the pure-Python one took a fifth of an ingest's time
# outside the model on Markdown with front matter; both build values with the same safe constructors.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadError(Exception):
    """A file that cannot be turned into text; ``str(error)`` is a one-line report naming the file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LoadedDocument:
    """A document's normalised text, its title, and where each PDF page starts in that text;
    ``warnings`` says what of the file could not be read (the rest is indexed)."""

    text: str
    title: str
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, for paged formats."""
        if not self.page_starts:
            return None
        return sum(1 for start in self.page_starts if start <= offset) or 1


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text written without a byte-order mark, or None: a NUL byte in at least half the odd
    (little-endian) or even (big-endian) places, the high byte of every Latin letter, and few in the
    others (the low byte of a few CJK characters), decoding to printable text."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    for zeros, others, encoding in (
        (sample[1::2], sample[0::2], "utf-16-le"),
        (sample[0::2], sample[1::2], "utf-16-be"),
    ):
        if zeros.count(0) >= len(zeros) / 2 and others.count(0) <= len(others) / 20:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            head = text[:4096]
            printable = sum(c.isprintable() or c in "\n\r\t" for c in head)
            return text if printable >= 0.95 * len(head) else None
    return None


def _decode(path: Path, data: bytes) -> str:
    for bom, encoding in _BOMS:  # UTF-16/32 text is full of NUL bytes: its BOM says it is text
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise LoadError(path, f"invalid {encoding.upper()} text") from None
    if b"\x00" in data[:8192]:
        if (text := _bomless_utf16(data)) is not None:
            return text
        raise LoadError(path, "binary content, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise LoadError(path, "not valid text in any known encoding")
    # Short texts often fit several code pages equally well; among the best, prefer Windows-1252,
    # the most common legacy encoding (the one browsers use for "latin-1").
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding != "cp1252"))
    if best.encoding != "cp1252" and not any_specified_encoding(data):  # a <meta charset> is obeyed
        # charset_normalizer may leave Windows-1252 out altogether: its curly quotes and dashes
        # (0x91-0x97) read as letters of DOS code pages score as less chaotic ("He said ônoö").
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and mess_ratio(western, 1.0) <= best.chaos + 0.05:
            return western
    return str(best)


# YAML front matter (closed by "---" or YAML's own end marker "..."), or TOML between "+++" (Hugo).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
# A heading: "# Title" (ATX) or a line underlined with "=" or "-" (setext, "PyYAML\n======").
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$|^(\w[^\n]*?)[ \t]*\n(?:=+|-+)[ \t]*$", re.MULTILINE)


def _first_heading(text: str) -> str | None:
    heading = _HEADING.search(text)
    return (heading.group(1) or heading.group(2)) if heading else None


def _scalar(value: object) -> str | int | float | bool:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


# Terminal output saved as text (a man page rendered by grotty, a coloured log) marks letters up with
# ANSI escape sequences ("ESC[1m" bold, OSC 8 hyperlinks) and overstrikes ("N BS N" bold, "_ BS N"
# underlined): without them the words read whole ("[1mmandb" was a word).
_TERMINAL_CODES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[^\n]\x08"
)


def _load_text(path: Path, data: bytes) -> LoadedDocument:
    text = _TERMINAL_CODES.sub("", _decode(path, data))
    return LoadedDocument(text=normalize_text(text), title=path.stem)


# Markdown that only the rendered page needs: images and badges (a linked image too), an inline
# link's target (its text stays), reference definitions, code fence lines (the code stays) and layout
# HTML tags.
_MARKUP = (
    (re.compile(r"\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\)|!\[[^\]\n]*\]\([^)\n]*\)"), ""),
    # not after a word or a bracket: code indexes ("m[i][j]", "handlers[0](event)")
    (re.compile(r"(?<![\w\]])\[([^\]\n]+)\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"\n]*\")?\)"), r"\1"),
    # a reference-style link, "[text][ref]" or "[text][]", by its text (not "[2][3]", reference marks)
    (re.compile(r"(?<![\w\]])\[([^\]\n]*[^\]\d\n][^\]\n]*)\]\[[^\]\n]*\]"), r"\1"),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$", re.MULTILINE), ""),
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),  # comments, which the rendered page does not show
    (re.compile(r"^ {0,3}(?:```|~~~)[^\n]*$", re.MULTILINE), ""),
    (
        re.compile(
            r"</?(?:a|p|div|span|img|br|hr|picture|source|sup|sub|details|summary|center|h[1-6])\b[^>\n]*>",
            re.IGNORECASE,
        ),
        "",
    ),
)


def _without_markup(text: str) -> str:
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text


# A GitHub-flavoured Markdown table: a header row, the delimiter row under it ("|---|:--:|"), its rows.
_MD_ROW = r"[ \t]*\|?[^\n]*\|[^\n]*"
_MD_TABLE = re.compile(
    rf"^(?P<header>{_MD_ROW})\n[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*\n"
    rf"(?P<rows>(?:{_MD_ROW}(?:\n|$))*)",
    re.MULTILINE,
)
_MD_CELL_BORDER = re.compile(r"(?<!\\)\|")


def _md_cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [" ".join(cell.replace("\\|", "|").split()) for cell in _MD_CELL_BORDER.split(line)]


def _md_table(match: re.Match[str]) -> str:
    """A Markdown table as a paragraph a row, each cell with its column's name (``index.tables``)."""
    header = _md_cells(match.group("header"))
    rows = [_md_cells(line) for line in match.group("rows").splitlines() if line.strip()]
    labelled = rows and names_columns(header, marked=True)
    lines = labelled_rows(header, rows) if labelled else [row_line(cells) for cells in [header, *rows]]
    follows = match.string[match.end() : match.end() + 1]
    return "\n\n".join(line for line in lines if line) + ("\n" if follows in ("\n", "") else "\n\n")


def _load_markdown(path: Path, data: bytes) -> LoadedDocument:
    """Markdown stays Markdown where it helps (headings help retrieval, lists and emphasis read as
    they are) and loses what only the rendered page needs (see _MARKUP); a YAML or TOML front matter
    block becomes metadata."""
    text = normalize_text(_decode(path, data))
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
    text = _MD_TABLE.sub(_md_table, _without_markup(text))
    title = str(metadata.pop("title", "")) or _first_heading(text) or path.stem
    return LoadedDocument(text=text, title=title, metadata=metadata, warnings=warnings)


# Page furniture, not content: menus, banners, footers, sidebars, forms, cookie notices.
_BOILERPLATE = (
    "//nav | //footer | //aside | //form | //noscript | //template | //dialog"
    " | //*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']"
    " | //*[@aria-hidden='true']"
)


# Furniture known by its class instead of its tag: navigation panels (Texinfo's "Next: ..., Up: ..."
# headers, Node.js's API pickers), sidebars, tables of contents, skip links, Sphinx's "¶" permalinks,
# copy buttons' labels. Not ids: generators derive them from headings ("file-menu" in IDLE's help is
# the section about the File menu).
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation sidebar breadcrumb breadcrumbs toc toctree menu picker skip headerlink "
    "copybtn cookie cookies".split()
)
_CLASS_WORD = re.compile(r"[\s_-]+")


def _drop_marked_furniture(root: "lxml.html.HtmlElement") -> None:
    """Drop buttons, and elements whose class names them furniture (a <div> classed "header" only
    without the page's <h1>). A wrapper that holds most of the page ("page-with-sidebar") or its
    <main>, <article> or <h1> stays, whatever its class says."""
    body_text = len(root.text_content())
    for node in root.xpath("//button | //*[@class]"):
        if node.getparent() is None or node.tag in {"html", "body", "main", "article"}:
            continue
        if node.tag != "button":
            words = set(_CLASS_WORD.split(node.get("class", "").lower()))
            header = node.tag in {"div", "table"} and "header" in words  # not a table's header row
            furniture = words & _FURNITURE_WORDS or (header and not node.xpath(".//h1"))
            if not furniture or node.xpath(".//main | .//article | .//h1"):
                continue
            if len(node.text_content()) > body_text / 2:
                continue
        node.drop_tree()


# <meta> names and properties that date a page or name its author, most specific first.
_HTML_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "date",
    "pubdate",
    "publishdate",
)
_HTML_AUTHOR_KEYS = ("author", "article:author", "dcterms.creator", "dc.creator")


def _html_page(html: str) -> tuple[str, str, dict[str, str]]:
    """The page's content without its furniture (its <main> or single <article> when it has one, else
    the body without menus, headers, footers and sidebars), its <title>, and its date and author."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        # an XHTML page's "<?xml ... encoding=...?>": lxml refuses a decoded string that declares one
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ParserError, ValueError):
        return html, "", {}
    title = " ".join((root.findtext(".//title") or "").split())
    meta = {
        (node.get("property") or node.get("name") or node.get("itemprop") or "").lower(): node.get(
            "content", ""
        )
        for node in root.xpath("//meta[@content]")
    }
    fields = _file_fields(
        author=next((meta[key] for key in _HTML_AUTHOR_KEYS if meta.get(key)), None),
        date=next(
            (found for key in _HTML_DATE_KEYS if (found := parse_date(meta.get(key, "").strip()))), None
        ),
    )
    for node in root.xpath(_BOILERPLATE):
        if node.getparent() is not None:
            node.drop_tree()
    _drop_marked_furniture(root)
    main = root.xpath("//main") or root.xpath("//article")
    if len(main) != 1:
        main = root.xpath("//body") or [root]
        # A site's header (logo, cookie notice) goes; a header holding the page's <h1> (an article's
        # or pandoc's title block) stays.
        for header in main[0].xpath("//header[not(ancestor::article) and not(.//h1)]"):
            header.drop_tree()
    _drop_contents_lists(main[0])
    _lay_out_tables(main[0])
    _drop_permalinks(main[0])
    _split_code_blocks(main[0])
    _mark_powers(main[0])
    for quote in main[0].xpath(".//blockquote"):  # html2text would mark every line "> ", even blank ones
        quote.tag = "div"
    return lxml.html.tostring(main[0], encoding="unicode"), title, fields


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# What a heading's link to itself shows: "#" (Node.js), "¶" (Sphinx), "§", a link emoji.
_PERMALINK_MARKS = frozenset({"", "#", "¶", "§", "🔗", "⚓"})


def _drop_permalinks(root: "lxml.html.HtmlElement") -> None:
    """Drop permalinks, links to their own place on the page that show only a mark: a heading's
    (kept, "## Assert#" would be the heading's text), a Texinfo definition's ("ffi_call (...) ¶")."""
    for link in root.xpath(".//a[starts-with(@href, '#')]"):
        if link.text_content().strip() in _PERMALINK_MARKS:
            link.drop_tree()


def _split_code_blocks(root: "lxml.html.HtmlElement") -> None:
    """Put each <code> of a <pre> that holds several (one example in two module systems, Node.js's
    ESM and CommonJS) on lines of its own: flattened, the last line of one ran into the first of the
    next."""
    for pre in root.xpath(".//pre[count(code) > 1]"):
        for code in pre.findall("code")[:-1]:
            code.tail = "\n" + (code.tail or "")


def _drop_contents_lists(root: "lxml.html.HtmlElement") -> None:
    """Drop the page's own table of contents: a list or table that is little but links to places on
    the page (three or more). It repeats the headings, and as a passage it matches every question
    it lists while answering none."""
    for node in root.xpath(".//ul | .//ol | .//table"):
        links = node.xpath(".//a[starts-with(@href, '#')]")
        if len(links) >= 3 and _linked_share(node, links) >= _MOSTLY_LINKS:
            node.drop_tree()


_MOSTLY_LINKS = 0.8  # the share of a block's text in links that makes it a list of links


def _linked_share(node: "lxml.html.HtmlElement", links: list["lxml.html.HtmlElement"]) -> float:
    """How much of ``node``'s text (spaces normalised) is the text of ``links``."""
    text = len(" ".join(node.text_content().split()))
    return sum(len(" ".join(link.text_content().split())) for link in links) / text if text else 0.0


# What only a table of data has: a caption, header cells, a header or footer row group (not a summary:
# DocBook gives its layout tables one, "Q and A Div").
_DATA_TABLE_MARKS = "./caption | ./thead | ./tfoot | ./tr/th | ./tbody/tr/th"
# What no table of data holds in a cell: a table of its own (a page's regions nested), a heading,
# paragraphs (two or more: a cell of one is how Word saves a table as HTML).
_PAGE_BLOCKS = ".//table | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6 | self::*[count(.//p) > 1]"
# A cell's blocks that html2text would run together ("here.Then") or that would break its row's line.
_CELL_BLOCKS = frozenset("p div br ul ol li dl dt dd h1 h2 h3 h4 h5 h6 blockquote".split())


def _own_rows(table: "lxml.html.HtmlElement") -> list["lxml.html.HtmlElement"]:
    """The table's own rows (not those of a table nested in a cell)."""
    return table.xpath("./tr | ./tbody/tr | ./thead/tr | ./tfoot/tr")


def _own_cells(table: "lxml.html.HtmlElement") -> list["lxml.html.HtmlElement"]:
    """The table's own cells, row by row."""
    return [cell for row in _own_rows(table) for cell in row.xpath("./td | ./th")]


def _lays_out_page(table: "lxml.html.HtmlElement") -> bool:
    """Whether a <table> lays out the page (an old page's banner, menu column and content in cells)
    rather than holding data, after Readability's rules: marked so (role="presentation"), one column
    (a stack of blocks, the whole page's wrapper), or no mark of data and a cell holding a table, a
    heading or paragraphs."""
    if table.get("role") in ("presentation", "none"):
        return True
    if all(len(row.xpath("./td | ./th")) <= 1 for row in _own_rows(table)):
        return True
    if table.xpath(_DATA_TABLE_MARKS):
        return False
    return any(cell.xpath(_PAGE_BLOCKS) for cell in _own_cells(table))


def _is_menu(node: "lxml.html.HtmlElement") -> bool:
    """Whether ``node`` is a menu: three links or more, short ones (a menu's entries name pages; a
    list of references names works, in more words), that are more than half of its text. Never what
    holds the page's <h1>."""
    links = node.xpath(".//a[@href]")
    if len(links) < 3 or node.xpath(".//h1"):
        return False
    words = sum(len(link.text_content().split()) for link in links)
    return words < _MENU_ENTRY_WORDS * len(links) and _linked_share(node, links) > _MENU_LINKS


_MENU_ENTRY_WORDS = 5  # a menu entry's words, at most, on average ("Events calendar", "About us")
# More than half the text in links, separators between them counting as text ("Home | News | Contact"
# is 0.7 links): a menu is only looked for where a page lays itself out, never in a table of data.
_MENU_LINKS = 0.5


def _lay_out_tables(root: "lxml.html.HtmlElement") -> None:
    """Old pages lay themselves out in tables. A menu goes: a layout table or a bar of links that is
    one, a layout table's cell that is one (the menu column), unless it holds most of the page (an
    index page's links are its content); a table of data stays whole, whatever links it holds (an
    index, a list of functions). A layout table's cells are then read as blocks, one after the other,
    and a table of data keeps a line a row, its cells' paragraphs spaced: html2text wrote a layout
    table as a Markdown table, ran a cell's paragraphs together ("here.Then") and joined a nested
    table's first row to the paragraph before it."""
    page_text = len(root.text_content())
    tables = root.xpath(".//table")
    layout = {table for table in tables if _lays_out_page(table)}  # before any cell goes
    for table in tables:
        for node in _menu_candidates(table, table in layout):
            if node.getparent() is not None and _is_menu(node) and len(node.text_content()) <= page_text / 2:
                node.drop_tree()
    for table in tables:
        if table.getparent() is None:  # gone with a menu
            continue
        if table in layout:
            _unwrap(table)
        else:
            for cell in _own_cells(table):
                _flatten_cell(cell)
            _rows_as_paragraphs(table)


def _menu_candidates(table: "lxml.html.HtmlElement", layout: bool) -> list["lxml.html.HtmlElement"]:
    """What of a table may be a menu: a layout table and each of its cells, a table of one row (a bar
    of links, one a cell); nothing of a table of data."""
    if layout:
        return [table, *_own_cells(table)]
    return [table] if len(_own_rows(table)) == 1 else []


def _unwrap(table: "lxml.html.HtmlElement") -> None:
    """A layout table's rows as blocks, its cells as blocks too where they hold one, else as words of
    their row's line (a question's number and the question, "1.1. How do you pronounce ..."); its
    nested tables are tables still."""
    for cell in _own_cells(table):
        if next(cell.iterdescendants(*_CELL_BLOCKS, "pre", "table", "hr"), None) is None:
            cell.tag = "span"
            cell.tail = " " + (cell.tail or "")
        else:
            cell.tag = "div"
    for node in [*table.xpath("./tbody | ./thead | ./tfoot"), *_own_rows(table), table]:
        node.tag = "div"


def _flatten_cell(cell: "lxml.html.HtmlElement") -> None:
    """A data cell's paragraphs, line breaks and list items as text on one line, spaced: a space after
    each, and before each that follows some of the cell's text (one at its start, after html2text's
    "| ", would be a second)."""
    from lxml import etree

    text_before = bool((cell.text or "").strip())
    for event, node in etree.iterwalk(cell, events=("start", "end")):
        if node is cell:
            continue
        if event == "end":
            text_before = text_before or bool((node.tail or "").strip())
            continue
        if node.tag in _CELL_BLOCKS:
            node.tag = "span"
            node.text = (" " if text_before else "") + (node.text or "")
            node.tail = " " + (node.tail or "")
        text_before = text_before or bool((node.text or "").strip())


def _rows_as_paragraphs(table: "lxml.html.HtmlElement") -> None:
    """A table of data as a paragraph a row (``index.tables``): under a header row of <th> cells,
    each cell with its column's name; a row that opens with a <th> (a field's name) as "Name: value";
    the cells' own markup (code, links, exponents) kept. html2text would write the rows as one run
    of lines, read as one sentence."""
    from lxml import html

    rows = [row.xpath("./td | ./th") for row in _own_rows(table)]
    texts = [[" ".join(cell.text_content().split()) for cell in cells] for cells in rows]
    header = _html_header(rows, texts)
    block = html.Element("div")
    start = 1 if header else 0
    for cells, cell_texts in zip(rows[start:], texts[start:], strict=True):
        aligned = header is not None and len(cells) == len(header)
        field = (
            not aligned and len(cells) >= 2 and [c.tag for c in cells] == ["th"] + ["td"] * (len(cells) - 1)
        )
        paragraph = html.Element("p")
        for n, (cell, text) in enumerate(zip(cells, cell_texts, strict=True)):
            if not text:
                continue
            # " | " between cells; under a header always, else a field's name takes ": " and a cell
            # that ends in a colon names the next ("`ctxt`: the XSLT context")
            so_far = paragraph.text_content()
            written = " ".join(so_far.split())
            if not len(paragraph):
                between = ""
            elif aligned:
                between = " | "
            elif field and n == 1 and not written.endswith(":"):
                between = ": "
            else:
                between = separator(written)
            if between == " " and so_far[-1:].isspace():
                between = ""
            label = f"{column_name(header[n])}: " if aligned and header and column_name(header[n]) else ""
            cell.tag, cell.tail = "span", None
            cell.attrib.clear()
            cell.text = between + label + (cell.text or "").lstrip()
            paragraph.append(cell)
        if len(paragraph):
            block.append(paragraph)
    for caption in table.xpath("./caption"):
        caption.tag = "p"
        block.insert(0, caption)
    block.tail = table.tail
    table.getparent().replace(table, block)


def _html_header(rows: list[list["lxml.html.HtmlElement"]], texts: list[list[str]]) -> list[str] | None:
    """A table's header row, when its first row is one (and a row follows it): <th> cells (an empty
    corner may be a <td>), or, as old pages write it, cells whose text is all bold; no cell spanning
    columns (the names would not line up with the cells under them)."""
    if len(rows) < 2 or any(cell.get("colspan", "1").strip() not in ("", "1") for cell in rows[0]):
        return None
    first = list(zip(rows[0], texts[0], strict=True))
    if all(cell.tag == "th" or not text for cell, text in first):
        return texts[0] if names_columns(texts[0], marked=True) else None
    bold = all(
        text and " ".join(" ".join(b.text_content() for b in cell.xpath(".//b | .//strong")).split()) == text
        for cell, text in first
    )
    return texts[0] if bold and names_columns(texts[0], marked=False) else None


def _mark_powers(root: "lxml.html.HtmlElement") -> None:
    """Write an exponent as a power, "2^31": flattened, 2<sup>31</sup> read as 231. An exponent is a
    short number or letter after a number or a bracket, with no link in it; a footnote's mark
    ("2020<sup>[4]</sup>", "word<sup>1</sup>") and an ordinal's ending ("19<sup>th</sup>") stay."""
    for sup in root.xpath(".//sup"):
        previous = sup.getprevious()
        before = (previous.tail if previous is not None else sup.getparent().text) or ""
        exponent = _EXPONENT.fullmatch(sup.text_content().strip()) and not sup.xpath(".//a")
        if exponent and (before[-1:].isdigit() or before[-1:] == ")"):
            sup.text = "^" + (sup.text or "")


# What a superscript holds when it is an exponent: 31, -1, n, x+1; not an ordinal's "th", "st".
_EXPONENT = re.compile(r"[-−+]?(?:\d+|[a-z](?:[-+]\d+)?)")


_NO_AUTHOR = frozenset({"anonymous", "unknown", "author", "user", "administrator"})


def _file_fields(author: object, date: datetime | None) -> dict[str, str]:
    """The author and date a file's own properties give, as metadata: ``published_at`` is what
    ``--after`` / ``--before`` filter on. Tools' placeholders ("anonymous") are no author."""
    fields: dict[str, str] = {}
    if author is not None and (name := " ".join(str(author).split())) and name.lower() not in _NO_AUTHOR:
        fields["author"] = name
    if date is not None:
        fields["published_at"] = (date if date.tzinfo else date.replace(tzinfo=UTC)).isoformat()
    return fields


def _load_html(path: Path, data: bytes) -> LoadedDocument:
    content, title, fields = _html_page(_decode(path, data))
    text = normalize_text(_plain_text_converter().handle(content))
    for pattern, replacement in _MARKDOWN_LAYOUT:
        text = pattern.sub(replacement, text)
    text = text.strip("\n")
    return LoadedDocument(text=text, title=title or _first_heading(text) or path.stem, metadata=dict(fields))


# Markdown layout html2text writes, no text: the line under a table's first row ("---|---", or "---"
# under a row of one cell; a <pre>'s lines are indented), the two spaces before a line break
# (Markdown's hard break), and blank lines beyond one (empty blocks).
_MARKDOWN_LAYOUT = (
    (
        re.compile(
            r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?)?[ \t]*$\n?|^---[ \t]*$\n?", re.M
        ),
        "",
    ),
    (re.compile(r"[ \t]+$", re.M), ""),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def _plain_text_converter() -> "html2text.HTML2Text":
    """html2text writing the page's text as it reads, one line a paragraph, without images, link targets
    or emphasis marks; its Markdown escapes ("Stability: 2 \\- Stable",
    "1\\. Usage") are for a Markdown renderer, and the index has none."""
    import html2text

    class PlainText(html2text.HTML2Text):
        def handle_data(self, data: str, entity_char: bool = False) -> None:
            super().handle_data(data, entity_char=True)  # html2text escapes no entity's text

        def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
            if tag == "table":  # a block of its own: html2text ran a table's first row into what came before
                self.p()
            super().handle_tag(tag, attrs, start)

    converter = PlainText()
    converter.body_width = 0
    converter.unicode_snob = True  # keep the page's own characters (not "--" for an em dash, "(C)" for ©)
    converter.ignore_images = True
    converter.ignore_links = True
    converter.ignore_emphasis = True
    return converter


_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# A word hyphenated at a line end ("leak-\ning"): the hyphen and the line break go, the word is whole again.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad]\n(?=[a-z\u00df-\u00ff])")
_EDGE_LINES = 3  # how far from a page's top or bottom a running header or footer is looked for
_NUMBER = re.compile(r"\d+")
_OUTER_NUMBERS = re.compile(r"^(?:# )+|(?: #)+$")
_MISSING_PAGES = 2  # how many pages a page number may skip (a scan's left-out pages)


def _edges(lines: list[str]) -> dict[int, tuple[str, str]]:
    """The lines near a page's top and bottom, by index: (side, the line with its numbers as "#", none
    at its ends: a book's header puts the page number outside, left on even pages, right on odd)."""
    out = {}
    for i, line in enumerate(lines):
        side = "top" if i < _EDGE_LINES else "bottom" if i >= len(lines) - _EDGE_LINES else ""
        key = _NUMBER.sub("#", " ".join(line.split()))
        if side and key:
            out[i] = (side, _OUTER_NUMBERS.sub("", key) or key)
    return out


def _running_lines(split: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) of the running headers and footers, lines at the same edge of several pages:
    - the same on at least half of the pages (two at least);
    - the same page's outermost line (first or last) on two pages or more: a chapter's or section's
      title in the header of its pages ("CHAPTER 4. SIMPLE EXAMPLE 4.8. STEP 4: BUILDING");
    - differing only by the page's number, on at least half of the pages or three of them: a footer
      ("Page 7 of 12"), or a chapter's title with the page number ("Chapter 3: Basic Shell Features 17");
    - a title differing only by a number that counts the pages (gaps allowed), as the outermost line
      of two pages or more: "Chapter 3: Utilities 6", "52 THE SIEGE OF VICKSBURG."."""
    seen: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for page, lines in enumerate(split):
        for i, item in _edges(lines).items():
            seen.setdefault(item, []).append((page, i))
    outermost = set()
    for page, lines in enumerate(split):
        filled = [i for i, line in enumerate(lines) if line.strip()]
        outermost.update((page, i) for i in filled[:1] + filled[-1:])
    running: set[tuple[int, int]] = set()
    for places in seen.values():
        pages = {page for page, _ in places}
        if len(pages) < 2:
            continue
        common = len(pages) >= len(split) / 2
        texts = {" ".join(split[page][i].split()) for page, i in places}
        # a title, not a listing's closing "}" that happens to end two pages
        titled = len(re.findall(r"[^\W\d_]{2,}", next(iter(texts)))) >= 2
        heads = titled and all(place in outermost for place in places)
        if len(texts) == 1:
            if common or heads:
                running.update(places)
            continue
        numbers = [(page, [int(n) for n in _NUMBER.findall(split[page][i])]) for page, i in sorted(places)]
        # "Page 7 of 12" on page 7: some number in each line minus the page's index is the same; a
        # title at the top of its pages may count them with gaps, a scan's left-out pages
        shifts = [{n - page for n in found} for page, found in numbers]
        if ((common or len(pages) >= 3) and set.intersection(*shifts)) or (heads and _counts_pages(numbers)):
            running.update(places)
    return running


def _counts_pages(places: list[tuple[int, list[int]]]) -> bool:
    """Whether the lines' numbers count the pages: (page, numbers) in page order, each line holding a
    number that exceeds one of the line before by as many pages as lie between them, or by up to
    two more (pages a scan left out)."""
    return all(
        any(0 <= b - a - (page - before) <= _MISSING_PAGES for a in earlier for b in numbers)
        for (before, earlier), (page, numbers) in pairwise(places)
    )


def _clean_pdf_pages(pages: list[str]) -> list[str]:
    """Ligatures spelled out, running headers and footers dropped, line-end hyphenation undone."""
    split = [page.split("\n") for page in pages]
    running = _running_lines(split)
    return [
        _clean_pdf_text("\n".join(line for i, line in enumerate(lines) if (page, i) not in running))
        for page, lines in enumerate(split)
    ]


def _clean_pdf_text(text: str) -> str:
    """Ligatures spelled out, line-end hyphenation undone."""
    return _LINE_END_HYPHEN.sub("", text.translate(_LIGATURES)).strip()


# PDFium is not thread-safe: uploads, the API's ingest jobs and eval runs may load PDFs at once.
_PDFIUM_LOCK = threading.Lock()


def _load_pdf(path: Path, data: bytes) -> LoadedDocument:
    """A PDF's text through PDFium (pypdfium2): it spaces words from their positions, where pypdf ran
    together the words of PDFs that place each word on its own (LaTeX, DocBook: "Theofficialdocument")."""
    import pypdfium2 as pdfium

    if b"%PDF-" not in data[:1024]:
        raise LoadError(path, "not a PDF file (no %PDF header)")
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)  # a PDF encrypted only against changes opens for anyone
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise LoadError(path, "encrypted PDF (a password is needed to open it)") from None
            raise LoadError(path, f"unreadable PDF ({_reason(error)})") from None
        try:
            pages, notes, unreadable = _pdf_pages(document)
            info = document.get_metadata_dict(skip_empty=True)
        finally:
            document.close()
    if unreadable and len(unreadable) == len(pages):
        raise LoadError(path, f"unreadable PDF (no page could be read: {unreadable[0][1]})")
    text, starts = _joined_pages(_clean_pdf_pages(pages), [_clean_pdf_text(note) for note in notes])
    return LoadedDocument(
        text=text,
        title=_pdf_title(info.get("Title", "")) or path.stem,
        metadata=_file_fields(author=info.get("Author"), date=_pdf_date(info.get("CreationDate", ""))),
        page_starts=starts,
        warnings=[f"page {number} unreadable, skipped ({reason})" for number, reason in unreadable],
    )


# What a PDF's Title holds when the tool that made it filled it in: "Microsoft Word - report.docx"
# (the document's file name after the tool's), "Binder1.pdf", "Untitled".
_TOOL_TITLE = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - ", re.IGNORECASE)
_DOCUMENT_EXTENSION = r"\.(?:pdf|docx?|pptx?|xlsx?|od[tps]|rtf|txt|tex|dvi|ps|indd|html?|md)"
_FILE_NAME = re.compile(rf"^\S+{_DOCUMENT_EXTENSION}$|^untitled\b.*$", re.IGNORECASE)


def _pdf_title(title: str) -> str:
    """A PDF's Title without what the tool that made it wrote there: the tool's name before a file
    name goes, and so does the file's extension; a bare file name ("Binder1.pdf") or "Untitled" is
    no title ("" then: the file's own name serves)."""
    title = " ".join(title.split())
    if _TOOL_TITLE.match(title):
        return re.sub(rf"{_DOCUMENT_EXTENSION}$", "", _TOOL_TITLE.sub("", title), flags=re.IGNORECASE)
    return "" if _FILE_NAME.match(title) else title


# Where a sentence ends in a page's text: its stop, closing quotes or brackets, then a space or the end.
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


def _joined_pages(pages: list[str], notes: list[str] | None = None) -> tuple[str, list[int]]:
    """The pages as one text, and where each starts: a paragraph break between two pages, or a line
    break where the sentence goes on over the page (``index.sentences.line_break_ends``, the rule that
    joins a hard-wrapped sentence's lines), so the splitter keeps it whole. A page's footnotes
    (``notes``, see ``index.pdf_notes``) follow its text, or, when its last sentence goes on over the
    page, that sentence's end on the next."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    held = ""  # the notes of the page before, until its last sentence ends
    for page, note in zip(pages, notes or [""] * len(pages), strict=True):
        if parts:
            last_line = parts[-1].rsplit("\n", 1)[-1]  # the rule reads only the lines around the break
            goes_on = page and not line_break_ends(f"{last_line}\n{page[:200]}", len(last_line))
            if held and not goes_on:
                parts.append(f"\n\n{held}")
                length, held = length + len(parts[-1]), ""
            parts.append("\n" if goes_on else "\n\n")
            length += len(parts[-1])
        starts.append(length)
        if held and (stop := _SENTENCE_STOP.search(page)):
            page = f"{page[: stop.end()]}\n\n{held}\n\n{page[stop.end() :].lstrip()}".rstrip()
            held = ""
        parts.append(page)
        length += len(page)
        held = "\n\n".join(filter(None, (held, note)))
    if held:
        parts.append(f"\n\n{held}")
    return "".join(parts), starts


# PDFium joins the lines around a hyphen that ends a line and marks the hyphen: U+FFFE for a hard one,
# which goes back to a hyphen and a line break for _LINE_END_HYPHEN to judge ("leak-\ning" becomes
# "leaking", "Anglo-\nSaxon" stays as it is), U+0002 for a soft hyphen, which only ever splits a word.
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-\n", "\x02": None})


def _pdf_pages(document: "PdfDocument") -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """Each page's text (a filled form's with its values), its footnotes (``index.pdf_notes``), and
    (number, reason) for each page that cannot be read: its text is left empty, so one broken page
    does not cost the document its other pages."""
    import pypdfium2.raw as pdfium_c

    from index.pdf_notes import footnotes_span
    from index.pdf_superscripts import joined_superscripts

    pages: list[str] = []
    notes: list[str] = []
    unreadable: list[tuple[int, str]] = []
    forms = document.get_formtype() != pdfium_c.FORMTYPE_NONE
    if forms:
        document.init_forms()  # before any page is loaded, so the fields show their values
    for number in range(1, len(document) + 1):
        try:
            if forms:  # a filled form's values are annotations, not page text, until flattened into it
                document[number - 1].flatten(pdfium_c.FLAT_NORMALDISPLAY)
            textpage = document[number - 1].get_textpage()
            raw = textpage.get_text_range()
            start, end = footnotes_span(textpage.raw, raw) or (len(raw), len(raw))
            text = joined_superscripts(textpage.raw, raw, (0, start)).rstrip("\r\n")
            text += joined_superscripts(textpage.raw, raw, (end, len(raw)))  # the footer after the notes
            note = joined_superscripts(textpage.raw, raw, (start, end))
        except Exception as error:  # a damaged page fails with errors of every kind, not just PDFium's
            pages.append("")
            notes.append("")
            unreadable.append((number, _reason(error)))
            continue
        pages.append(normalize_text(text.translate(_PDFIUM_HYPHENS)))
        notes.append(normalize_text(note.translate(_PDFIUM_HYPHENS)).strip())
    return pages, notes, unreadable


def _reason(error: Exception) -> str:
    return " ".join(f"{error.__class__.__name__}: {error}".split())[:160]


# A PDF date: D:YYYYMMDDHHmmSS (some writers leave out the D:), any tail of it left out, then the
# offset from UTC (Z, or +HH'mm').
_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:(Z)|([+-])(\d\d)'?(?:(\d\d)'?)?)?"
)


def _pdf_date(value: str) -> datetime | None:
    """A PDF's creation date (its /CreationDate), or None when it has none or a malformed one."""
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, zulu, sign, zone_hours, zone_minutes = match.groups()
    try:
        zone = UTC if zulu else None
        if sign:
            offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes or 0))
            zone = timezone(-offset if sign == "-" else offset)  # ValueError beyond 24 hours
        fields = (month or 1, day or 1, hour or 0, minute or 0, second or 0)
        return datetime(int(year), *map(int, fields), tzinfo=zone)
    except ValueError:
        return None


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DOCX_NS = {"w": _W, "mc": _MC}
_W_P, _W_R, _W_TBL, _W_SDT, _W_SDT_CONTENT, _W_CUSTOM_XML = (
    f"{{{_W}}}{name}" for name in ("p", "r", "tbl", "sdt", "sdtContent", "customXml")
)
# Where a run's text is not its paragraph's: deleted or moved away (tracked changes), a text box's own
# paragraph (read after the one it is anchored in), the VML copy of a text box (mc:Fallback).
_NOT_THE_PARAGRAPHS = frozenset({f"{{{_W}}}del", f"{{{_W}}}moveFrom", _W_P, f"{{{_MC}}}Fallback"})


def _docx_paragraph(paragraph, lists: ListLabels, in_cell: bool) -> list[str]:
    """A paragraph's text after its list label ("3. ", "• "; in a table cell, where a cell's
    paragraphs share its row's line, "(3) ": "Tasks: 1. Create accounts 2. Agree" would read as
    sentences ending at "1." and "2."), then the text of the text boxes anchored in it (the DrawingML
    copy, not the VML fallback that repeats it): the paragraphs inside a paragraph are text boxes'."""
    from lxml import etree

    label = lists.label(paragraph)  # counted even when empty: Word shows its number
    if in_cell and label and label[-1] in ".)":
        label = f"({label[:-1]})"
    text = _w_text(paragraph)
    boxes = etree._Element.xpath(paragraph, ".//w:p[not(ancestor::mc:Fallback)]", namespaces=_DOCX_NS)
    return [
        t for t in [f"{label} {text}" if label and text.strip() else text, *map(_w_text, boxes)] if t.strip()
    ]


def _w_text(paragraph) -> str:
    """A paragraph's text as it reads with its tracked changes accepted: its runs' text wherever they
    sit (a hyperlink, a field's result, a content control, an insertion, a smart tag), but not the
    runs of _NOT_THE_PARAGRAPHS. python-docx's ``Paragraph.text`` reads only runs and hyperlinks ("the
    fare is  kroner" without its inserted "45"); its runs' text (tabs, line breaks) serves."""
    return "".join(run.text for run in paragraph.iter(_W_R) if _run_of(paragraph, run))


def _run_of(paragraph, run) -> bool:
    for parent in run.iterancestors():
        if parent is paragraph:
            return True
        if parent.tag in _NOT_THE_PARAGRAPHS:
            return False
    return False


def _block_elements(element) -> Iterator:
    """The paragraphs and tables of a body or a cell in order, with those in content controls and
    custom XML, which python-docx's ``iter_inner_content`` skips (a template's or a form's text), but
    not a table of contents kept in a content control: it repeats the headings."""
    for child in element.iterchildren(_W_P, _W_TBL, _W_SDT, _W_CUSTOM_XML):
        if child.tag == _W_CUSTOM_XML:
            yield from _block_elements(child)
        elif child.tag != _W_SDT:
            yield child
        elif (content := child.find(_W_SDT_CONTENT)) is not None and not _is_contents(child):
            yield from _block_elements(content)


def _is_contents(sdt) -> bool:
    from lxml import etree

    query = "./w:sdtPr/w:docPartObj/w:docPartGallery/@w:val"
    return "Table of Contents" in etree._Element.xpath(sdt, query, namespaces=_DOCX_NS)


def _docx_blocks(element, parent, lists: ListLabels, in_cell: bool = False) -> list[str]:
    """Paragraphs (hard-wrapped ones joined again, see ``_unwrapped``) and tables in document order; a
    table row becomes one "a | b | c" line, and stays one: no paragraph is joined to it. ``parent``
    is the python-docx object (the document, a cell) whose ``element`` is the body or cell."""
    from docx.table import Table

    blocks: list[str] = []
    paragraphs: list[str] = []
    for item in _block_elements(element):
        if item.tag == _W_TBL:
            blocks += _unwrapped(paragraphs)
            paragraphs = []
            blocks += _table_rows(Table(item, parent), lists)
        else:
            paragraphs.extend(_docx_paragraph(item, lists, in_cell))
    return blocks + _unwrapped(paragraphs)


def _table_rows(table, lists: ListLabels) -> list[str]:
    """Each row of a DOCX table as a line (``index.tables``): "a | b | c", or under a header row
    "Item: a | Colour: b | Price: c". A cell merged across columns is written once (python-docx
    repeats it for each column it spans), a cell that only says the same as its neighbour is kept."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # the spanned columns of one cell come one after the other
                continue
            previous = cell._tc
            cells.append(" ".join(" ".join(_docx_blocks(cell._tc, cell, lists, in_cell=True)).split()))
        rows.append(cells)
    header = _header_kind(table) if len(rows) > 1 else None
    if header is not None and names_columns(rows[0], marked=header == "marked"):
        return labelled_rows(rows[0], rows[1:])
    if _names_its_rows(table, rows):
        return [f"{cells[0].rstrip(':')}: {row_line(cells[1:])}" for cells in rows if row_line(cells[1:])]
    return [line for line in map(row_line, rows) if line]


def _names_its_rows(table, rows: list[list[str]]) -> bool:
    """Whether a table names each row's value in its first column, set bold, as a spec sheet does
    ("Weight | 1.2 kg" reads "Weight: 1.2 kg"): two columns or more in every row, and every first
    cell bold text that reads as a name (``index.tables.names_columns``)."""
    if any(len(cells) < 2 for cells in rows):
        return False
    firsts = [row.cells[0] for row in table.rows]
    return names_columns([cells[0] for cells in rows], marked=False) and all(map(_all_bold, firsts))


def _all_bold(cell) -> bool:
    """Whether all the text of a DOCX cell is bold, by its runs or its paragraphs' style."""
    runs = [
        (run, paragraph)
        for paragraph in cell.paragraphs
        for run in paragraph._p.iter(_W_R)
        if "".join(run.itertext()).strip()
    ]
    own = [(_bold(run.find(f"{{{_W}}}rPr")), paragraph) for run, paragraph in runs]
    return bool(own) and all(_style_bold(paragraph.style) if b is None else b for b, paragraph in own)


def _header_kind(table) -> str | None:
    """How a DOCX table's first row shows it is the header: "marked" when Word repeats it atop each
    page (w:tblHeader), "bold" when all its text is bold (typed so, by its paragraphs' style, such as
    LibreOffice's "Table Heading", or by the table style's first-row look, as Word's built-in styles
    make it), else None."""
    from lxml import etree

    first = table.rows[0]
    if etree._Element.xpath(first._tr, "./w:trPr/w:tblHeader", namespaces=_DOCX_NS):
        return "marked"
    if _style_bolds_first_row(table) or all(map(_all_bold, first.cells)):
        return "bold"
    return None


def _bold(rpr) -> bool | None:
    """A run's or style's bold setting: True, False, or None when it sets none."""
    bold = rpr.find(f"{{{_W}}}b") if rpr is not None else None
    return None if bold is None else bold.get(f"{{{_W}}}val", "true") not in ("0", "false", "off")


def _style_bold(style) -> bool:
    """Whether a paragraph style, or the style it is based on, makes its text bold."""
    while style is not None:
        if (bold := _bold(style.element.find(f"{{{_W}}}rPr"))) is not None:
            return bold
        style = style.base_style
    return False


def _style_bolds_first_row(table) -> bool:
    """Whether the table's style makes its first row bold and the table shows its first row so
    (w:tblLook firstRow; a style's first-row look alone, which plain grids carry too, is not enough)."""
    look = table._tbl.tblPr.find(f"{{{_W}}}tblLook")
    if look is None or table.style is None:
        return False
    first_row = look.get(f"{{{_W}}}firstRow")
    shown = (
        first_row in ("1", "true", "on")
        if first_row is not None
        else int(look.get(f"{{{_W}}}val", "0"), 16) & 0x20
    )
    rpr = table.style.element.find(f"{{{_W}}}tblStylePr[@{{{_W}}}type='firstRow']/{{{_W}}}rPr")
    return bool(shown) and bool(_bold(rpr))


def _list_labels(document) -> ListLabels:
    """The document's list numbering, read from its numbering and styles parts where it has them
    (python-docx would make up empty ones)."""
    parts = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in document.part.rels.values()}
    roots = [getattr(parts.get(name), "element", None) for name in ("numbering", "styles")]
    return ListLabels(*roots)


def _docx_footnotes(document) -> list[str]:
    """The text of the footnotes and endnotes (python-docx does not read them), parsed as python-docx
    parses the document, so that their runs read as the body's (``_w_text``)."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    notes: list[str] = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        root = parse_xml(rel.target_part.blob)
        for note in etree._Element.xpath(root, "w:footnote | w:endnote", namespaces=_DOCX_NS):
            if note.get(f"{{{_W}}}type") in (None, "normal"):
                for para in note.iter(_W_P):
                    if text := _w_text(para).strip():
                        notes.append(text)
    return notes


def _unwrapped(blocks: list[str]) -> list[str]:
    """Paragraphs with a hard-wrapped sentence's lines joined again: a document converted from
    wrapped text has a paragraph per line ("... must be always installed and cannot be" / "removed
    by ..."). Joined where a line break between them would only wrap the sentence (the rule of
    ``index.sentences.line_break_ends``)."""
    joined: list[str] = []
    for block in blocks:
        previous = joined[-1].rstrip() if joined else ""
        together = f"{previous}\n{block.strip()}"
        if previous and not line_break_ends(together, len(previous)):
            joined[-1] = together
        else:
            joined.append(block)
    return joined


def _docx_core(data: bytes) -> tuple[str, dict[str, str]]:
    """Title, author and creation date from docProps/core.xml, read from the package itself:
    python-docx finds the part only under Word's relationship type (not LibreOffice's), and otherwise
    makes up a default titled "Word Document"."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        name = next((n for n in package.namelist() if n.lower() == "docprops/core.xml"), None)
        if name is None:
            return "", {}
        root = etree.fromstring(package.read(name))

    def core(local_name: str) -> str:
        return " ".join("".join(root.xpath(f"//*[local-name()='{local_name}']/text()")).split())

    return core("title"), _file_fields(author=core("creator") or None, date=parse_date(core("created")))


def _load_docx(path: Path, data: bytes) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _docx_blocks(document.element.body, document, _list_labels(document))
        notes = _docx_footnotes(document)
        core_title, fields = _docx_core(data)
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError, OSError) as error:
        raise LoadError(path, f"unreadable DOCX ({error.__class__.__name__})") from None
    if notes:
        blocks += ["Notes", *notes]
    title = core_title or next(
        (p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")),
        path.stem,
    )
    text = normalize_text("\n\n".join(blocks))
    return LoadedDocument(text=text, title=title.strip() or path.stem, metadata=dict(fields))


_LOADERS: dict[str, Callable[[Path, bytes], LoadedDocument]] = {
    ".txt": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}


def load_document(path: Path, data: bytes | None = None) -> LoadedDocument:
    """Load ``path`` (or its already-read bytes) into normalised text, or raise :class:`LoadError`."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise LoadError(path, f"cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise LoadError(path, "empty file")
    document = loader(path, data)
    if not document.text.strip():
        raise LoadError(path, "no text could be extracted")
    return document

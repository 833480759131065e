"""HTML pages: the content without page furniture (menus, footers, permalinks), tables as labelled
rows, written out as plain text."""

import copy
import re
from pathlib import Path
from typing import TYPE_CHECKING

from index.loaders.tables import bold_names_columns, column_name, names_columns, separator
from index.metadata import parse_date
from index.normalize import normalize_text

if TYPE_CHECKING:
    import html2text
    import lxml.html
from index.loaders.document import LoadedDocument, decode, file_fields
from index.loaders.markdown import first_heading

# Page furniture, not content: menus, forms, hidden parts.
_BOILERPLATE = (
    "//nav | //form | //noscript | //template | //dialog | //*[@role='navigation'] | //*[@aria-hidden='true']"
    " | //*[@hidden] | //*[contains(translate(@style, ' ', ''), 'display:none')]"
)
# A page's margins: its site header (one that does not hold the page's <h1>), footer and sidebars.
# They may give what the content never says (the nursery's phone number in a bar above the page,
# the school's name in its header, an address in the footer, opening hours in a sidebar), so they
# stay unless they are links or cookie notices (:func:`_is_furniture`).
_MARGINS = (
    "//footer | //aside | //header[not(.//h1)]"
    " | //*[@role='banner' or @role='contentinfo' or @role='complementary']"
)
_COOKIES = re.compile(r"\bcookies?\b", re.IGNORECASE)
_MIN_MARGIN_WORDS = 3  # words a margin's text has, out of links, to be kept
# A margin that the page marks as a notice to its readers ("<div class="alert">Service update</div>",
# role="alert"), kept however short: "Closed today" says something.
_NOTICE = re.compile(r"\b(?:alert|notice|warning|announcement)s?\b", re.IGNORECASE)


# Furniture known by its class instead of its tag: navigation panels (Texinfo's "Next: ..., Up: ..."
# headers, Node.js's API pickers), sidebars, tables of contents, skip links, Sphinx's "¶" permalinks,
# copy buttons' labels, tooltips (Doxygen's "ttc" boxes, which its style sheet hides). Not ids:
# generators derive them from headings ("file-menu" in IDLE's help is the section about the File menu).
_FURNITURE_WORDS = frozenset(
    "nav navbar navigation sidebar breadcrumb breadcrumbs toc toctree menu picker skip headerlink "
    "copybtn cookie cookies tooltip ttc".split()
)
_CLASS_WORD = re.compile(r"[\s_-]+")


def _title_as_heading(root: "lxml.html.HtmlElement") -> None:
    """A page without an <h1> that marks its title by a class ("title", as Doxygen writes
    "Json::CharReaderBuilder Class Reference" inside its header) has that as its <h1>: the header
    it sits in would otherwise go as the site's, and the page lose what it is about."""
    if root.xpath("//h1"):
        return
    titled = root.xpath("//body//*[contains(concat(' ', normalize-space(@class), ' '), ' title ')]")
    if titled and titled[0].text_content().strip() and not titled[0].xpath(".//h2 | .//h3 | .//p | .//table"):
        titled[0].tag = "h1"


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
            if "sidebar" in words and not _is_furniture(node):
                continue  # a page's margin, which may say what the content does not (see _MARGINS)
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
    fields = file_fields(
        author=next((meta[key] for key in _HTML_AUTHOR_KEYS if meta.get(key)), None),
        date=next(
            (found for key in _HTML_DATE_KEYS if (found := parse_date(meta.get(key, "").strip()))), None
        ),
    )
    for node in root.xpath(_BOILERPLATE):
        if node.getparent() is not None:
            node.drop_tree()
    _title_as_heading(root)
    _drop_marked_furniture(root)
    for node in root.xpath(_MARGINS):
        if node.getparent() is not None and _is_furniture(node):
            node.drop_tree()
    main = root.xpath("//main") or root.xpath("//article")
    main = [_with_margins(main[0])] if len(main) == 1 else root.xpath("//body") or [root]
    _drop_contents_lists(main[0])
    _lay_out_tables(main[0])
    _drop_permalinks(main[0])
    _split_code_blocks(main[0])
    _join_code_runs(main[0])
    _mark_powers(main[0])
    for quote in main[0].xpath(".//blockquote"):  # html2text would mark every line "> ", even blank ones
        quote.tag = "div"
    return lxml.html.tostring(main[0], encoding="unicode"), title, fields


def _is_furniture(node: "lxml.html.HtmlElement") -> bool:
    """Whether a page's margin (or what lies beside its <main>) is furniture: a cookie notice, fewer
    than three words out of links ("© Example News | Privacy | Terms" as links, a logo, "Other
    manuals: grep, sed"), or mostly links (a footer's columns of them under a few headings). A
    link to the cookie policy makes no cookie notice; a notice the page marks as one (an alert)
    is no furniture."""
    unlinked = " ".join(node.xpath(".//text()[not(ancestor::a)]"))
    if _COOKIES.search(unlinked):
        return True
    marked = re.sub(r"[-_]", " ", " ".join(node.get(name, "") for name in ("class", "id", "role")))
    if _NOTICE.search(marked) and re.search(r"\w", unlinked):
        return False
    if len(re.findall(r"\w+", unlinked)) < _MIN_MARGIN_WORDS:
        return True
    return _linked_share(node, node.xpath(".//a")) > _MENU_LINKS


def _with_margins(main: "lxml.html.HtmlElement") -> "lxml.html.HtmlElement":
    """The page's <main> (or single <article>) with what lies beside it that is no furniture (a bar
    above the page with its phone number, the site's header, its footer): what comes before the
    content, then the content, then what follows it, each a block of its own."""
    import lxml.html

    before: list = []
    after: list = []
    node = main
    while (parent := node.getparent()) is not None and parent.tag not in {"html", "head"}:
        siblings = [
            sibling
            for sibling in parent
            if isinstance(sibling.tag, str) and sibling.tag not in {"script", "style"}
        ]
        place = siblings.index(node)
        before[:0] = siblings[:place]
        after += siblings[place + 1 :]
        node = parent
    page = lxml.html.Element("div")
    for block in [*before, main, *after]:
        if block is main or not _is_furniture(block):
            page.append(block)
    return page


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


_INLINE_CODE = ("code", "tt", "kbd", "samp")


def _join_code_runs(root: "lxml.html.HtmlElement") -> None:
    """Join inline code elements that touch into one: texi2any writes "--emulate" as
    ``<tt>-</tt><tt>-emulate</tt>``, which would read "`-``-emulate`"."""
    for code in root.xpath(" | ".join(f".//{tag}" for tag in _INLINE_CODE)):
        if code.getparent() is None:  # joined into the one before it
            continue
        while (after := code.getnext()) is not None and after.tag == code.tag and not code.tail:
            if len(code):
                code[-1].tail = (code[-1].tail or "") + (after.text or "")
            else:
                code.text = (code.text or "") + (after.text or "")
            code.extend(list(after))
            code.tail, after.tail = after.tail, None
            after.getparent().remove(after)


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
    """How much of ``node``'s text is the text of ``links``, spaces and the marks that part or frame
    links left out ("Home | News", texi2html's "[ << ] [ >> ] [Top]")."""
    text = len(_SEPARATORS.sub("", node.text_content()))
    return sum(len(_SEPARATORS.sub("", link.text_content())) for link in links) / text if text else 0.0


_SEPARATORS = re.compile(r"[\s|·•/\[\]()]+")


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
# More than half the text in links (separators between them left out): a menu is only looked for
# where a page lays itself out, never in a table of data.
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


# The most columns or rows one cell may span: a page's "colspan=1000" spans the table, no more.
_MAX_SPAN = 100
# The most rows a table's header may take: a group of columns named above the columns' own names.
_MAX_HEADER_ROWS = 3


def _span(cell: "lxml.html.HtmlElement", attribute: str) -> int:
    value = cell.get(attribute, "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _grid(table: "lxml.html.HtmlElement") -> list[list["lxml.html.HtmlElement"]]:
    """The table's rows as its columns hold them: a cell that spans columns or rows (``colspan``,
    ``rowspan``) stands in each place it covers, so every cell keeps its column (an empty cell is a
    place too)."""
    grid: list[list[lxml.html.HtmlElement]] = []
    below: dict[int, tuple[lxml.html.HtmlElement, int]] = {}  # column -> cell spanning down, rows left
    for row in _own_rows(table):
        cells = iter(row.xpath("./td | ./th"))
        places: list[lxml.html.HtmlElement] = []
        while True:
            column = len(places)
            if column in below:
                cell, left = below.pop(column)
                if left > 1:
                    below[column] = (cell, left - 1)
                places.append(cell)
                continue
            cell = next(cells, None)
            if cell is None:
                break
            down = _span(cell, "rowspan")
            for _ in range(_span(cell, "colspan")):
                if down > 1:
                    below[len(places)] = (cell, down - 1)
                places.append(cell)
        grid.append(places)
    return grid


def _own_copies(grid: list[list["lxml.html.HtmlElement"]]) -> list[list["lxml.html.HtmlElement"]]:
    """``grid`` with a copy of a cell that spans rows in each row after its first: each row says it."""
    seen: set[int] = set()
    rows = []
    for places in grid:
        copies: dict[int, lxml.html.HtmlElement] = {}  # a cell spanning columns too: one copy
        for cell in places:
            if id(cell) in seen and id(cell) not in copies:
                copies[id(cell)] = copy.deepcopy(cell)
        rows.append([copies.get(id(cell), cell) for cell in places])
        seen.update(id(cell) for cell in places)
    return rows


def _rows_as_paragraphs(table: "lxml.html.HtmlElement") -> None:
    """A table of data as a paragraph a row (``index.loaders.tables``): under a header of <th> cells,
    each cell with its column's name ("Low season, Per night: £18" under a group of columns); a row
    that opens with a <th> (a field's name) as "Name: value"; the cells' own markup (code, links,
    exponents) kept. html2text would write the rows as one run of lines, read as one sentence."""
    from lxml import html

    grid = _grid(table)
    texts = [[" ".join(cell.text_content().split()) for cell in places] for places in grid]
    header_rows, header = _html_header(grid, texts, len(table.xpath("./thead/tr")) or _MAX_HEADER_ROWS)
    column_names = [column_name(name) for name in header or []]
    block = html.Element("div")
    for places, place_texts in zip(_own_copies(grid[header_rows:]), texts[header_rows:], strict=True):
        # a cell spanning columns is written once, in its first place, named by its columns' name
        # when they share one (not a section's title across the table)
        cells = [(n, cell, text) for n, (cell, text) in enumerate(zip(places, place_texts, strict=True))]
        cells = [entry for n, entry in enumerate(cells) if n == 0 or places[n - 1] is not entry[1]]
        aligned = header is not None and len(places) == len(header)
        names = column_names if aligned else []
        field = (
            not aligned
            and len(cells) >= 2
            and [c.tag for _, c, _ in cells] == ["th"] + ["td"] * (len(cells) - 1)
        )
        paragraph = html.Element("p")
        for n, (column, cell, text) in enumerate(cells):
            if not text:
                continue
            spanned = {names[m] for m, place in enumerate(places) if place is cell} if names else set()
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
            label = f"{names[column]}: " if len(spanned) == 1 and names[column] else ""
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


def _html_header(
    grid: list[list["lxml.html.HtmlElement"]], texts: list[list[str]], most: int
) -> tuple[int, list[str] | None]:
    """How many rows a table's header takes (``most`` at most: its <thead>'s rows), and its columns'
    names, when its first rows are one (and a row follows them): rows of <th> cells (an empty corner
    may be a <td>), a column's name joining what each says of it ("Low season" over "Per night":
    "Low season, Per night"), not a row of one cell across the table (a section's title); or, as old
    pages write it, a first row whose cells' text is all bold. ``(0, None)`` for a table without one."""

    def heads(row: int) -> bool:
        places = list(zip(grid[row], texts[row], strict=True))
        return (
            len(grid[row]) == len(grid[0])
            and len({id(cell) for cell in grid[row]}) > 1
            and any(cell.tag == "th" and text for cell, text in places)
            and all(cell.tag == "th" or not text for cell, text in places)
        )

    marked = 0
    while marked < min(most, _MAX_HEADER_ROWS, len(grid) - 1) and heads(marked):
        marked += 1
    if marked:
        names = []
        for column in range(len(grid[0])):
            said = [(grid[row][column], texts[row][column]) for row in range(marked)]
            # a cell spanning rows says its name once
            new = [
                text for n, (cell, text) in enumerate(said) if text and (n == 0 or cell is not said[n - 1][0])
            ]
            names.append(", ".join(new))
        return (marked, names) if names_columns(names, marked=True) else (0, None)
    if len(grid) < 2:
        return 0, None
    first = list(zip(grid[0], texts[0], strict=True))
    bold = all(
        text and " ".join(" ".join(b.text_content() for b in cell.xpath(".//b | .//strong")).split()) == text
        for cell, text in first
    )
    spans = len({id(cell) for cell in grid[0]}) < len(grid[0])  # bold names over columns unmarked
    return (1, texts[0]) if bold and not spans and bold_names_columns(texts[0], texts[1:]) else (0, None)


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


def load_html(path: Path, data: bytes) -> LoadedDocument:
    # control characters as spaces first: lxml refuses to set a text holding one (a form feed in a cell)
    content, title, fields = _html_page(normalize_text(decode(path, data)))
    text = _as_text(content)
    return LoadedDocument(text=text, title=title or first_heading(text) or "", metadata=dict(fields))


def _as_text(content: str) -> str:
    """HTML content as the text it reads."""
    text = normalize_text(_plain_text_converter().handle(content))
    for pattern, replacement in _MARKDOWN_LAYOUT:
        text = pattern.sub(replacement, text)
    return text.strip("\n")


def table_text(table_html: str) -> str:
    """An HTML <table> (written raw inside Markdown) as this loader writes a page's tables: a row a
    paragraph, each cell under its column's name."""
    import lxml.html

    root = lxml.html.fragment_fromstring(table_html, create_parent="div")
    _lay_out_tables(root)
    return _as_text(lxml.html.tostring(root, encoding="unicode"))


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

        described = False  # a definition list's description ended, and no term began since
        describing = False  # inside a definition list's description

        def handle_tag(self, tag: str, attrs: dict[str, str | None], start: bool) -> None:
            # a block of its own: html2text ran a table's first row into what came before, and a
            # definition list's next term into the description before it ("... £1,987\nEPC
            # rating"); not a term into the term it is another name for ("-f format", "--format")
            if tag == "table" or (tag == "dt" and start and self.described):
                self.p()
            if tag in {"dt", "dd"}:
                self.described = tag == "dd" and not start
                self.describing = tag == "dd" and start
            super().handle_tag(tag, attrs, start)
            # a description's every line indented under its term, as html2text indents its first
            # ("Delivery address" over "    Flat B", "    27 Orchard Mews"), so none reads as loose text
            if tag == "br" and start and self.describing:
                self.o("    ")

    converter = PlainText()
    converter.body_width = 0
    converter.unicode_snob = True  # keep the page's own characters (not "--" for an em dash, "(C)" for ©)
    converter.ignore_images = True
    converter.ignore_links = True
    converter.ignore_emphasis = True
    return converter

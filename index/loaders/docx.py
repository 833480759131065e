"""DOCX files: paragraphs with their list labels, tables as labelled rows, footnotes, core
properties as metadata."""

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from index.loaders.document import LoadedDocument, LoadError, file_fields
from index.loaders.docx_lists import BULLET, ListLabels
from index.loaders.tables import (
    bold_names_columns,
    labelled_rows,
    names_columns,
    paired_fields,
    pairs_labels,
    row_line,
)
from index.loaders.text import tabbed_table
from index.metadata import parse_date
from index.normalize import normalize_text
from index.sentences import line_break_ends

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
    elif label == BULLET:  # a nested bullet indented under its item, as Word shows it ("  • or £40 a month")
        label = "  " * lists.depth(paragraph) + label
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
    """Each row of a DOCX table as a line (``index.loaders.tables``): "a | b | c", or under a header row
    "Item: a | Colour: b | Price: c". A cell merged across columns is written once (python-docx
    repeats it for each column it spans), a cell that only says the same as its neighbour is kept."""
    rows: list[list[str]] = []
    spans: list[list[int]] = []  # how many columns each cell spans
    bold: list[list[bool]] = []  # each cell's text all bold: a form's labels
    for row in table.rows:
        cells: list[str] = []
        spans.append([])
        bold.append([])
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # the spanned columns of one cell come one after the other
                spans[-1][-1] += 1
                continue
            previous = cell._tc
            cells.append(" ".join(" ".join(_docx_blocks(cell._tc, cell, lists, in_cell=True)).split()))
            spans[-1].append(1)
            bold[-1].append(_all_bold(cell))
        rows.append(cells)
    header = _header_kind(table) if len(rows) > 1 else None
    if (header == "marked" and names_columns(rows[0], marked=True)) or (
        header == "bold" and bold_names_columns(rows[0], rows[1:])
    ):
        return _under_header(rows, spans, 0)
    # a title merged across the table above its bold header ("Living room" over "Item | Condition"):
    # the title a line of its own, the rows under the header's names
    if len(rows) > 2 and len(rows[0]) == 1 and all(bold[1]) and bold_names_columns(rows[1], rows[2:]):
        return [rows[0][0], *_under_header(rows, spans, 1)]
    if pairs_labels(rows, bold):
        return paired_fields(rows)
    if _names_its_rows(table, rows):
        return [f"{cells[0].rstrip(':')}: {row_line(cells[1:])}" for cells in rows if row_line(cells[1:])]
    return [line for line in map(row_line, rows) if line]


def _under_header(rows: list[list[str]], spans: list[list[int]], header: int) -> list[str]:
    """The rows after row ``header`` under its names; a merged cell in a row keeps the columns after it
    named, when the header itself has no merged cell to say otherwise."""
    merged_header = any(width > 1 for width in spans[header])
    below = slice(header + 1, None)
    return labelled_rows(rows[header], rows[below], None if merged_header else spans[below])


def _names_its_rows(table, rows: list[list[str]]) -> bool:
    """Whether a table names each row's value in its first column, set bold, as a spec sheet does
    ("Weight | 1.2 kg" reads "Weight: 1.2 kg"): two columns or more in every row, and every first
    cell bold text that reads as a name (``index.loaders.tables.names_columns``)."""
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
    properties = table._tbl.find(f"{{{_W}}}tblPr")  # required, but LibreOffice reads a table without
    look = properties.find(f"{{{_W}}}tblLook") if properties is not None else None
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
    internal = [rel for rel in document.part.rels.values() if not rel.is_external]  # a web link has no part
    parts = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in internal}
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


# A page's number or count as a header or footer shows it, its fields left out ("Page  of ", "- 3 -").
_PAGE_NUMBER = re.compile(r"[\W\d_]*(?:page[\W\d_]*(?:of[\W\d_]*)?)?", re.IGNORECASE)
# The words a page field leaves at the end of a margin's line once its number is blanked: "... ·
# Confidential · Page  of ".
_PAGE_LABEL = re.compile(r"\s*[·|•,–—-]?\s*\bpage\s*(?:of\s*)?$", re.IGNORECASE)
# The fields that show a page's number or the count of pages.
_PAGE_FIELD = re.compile(r"\s*(?:PAGE|NUMPAGES|SECTIONPAGES)\b")


# What Word shows for a field it could not compute: "Error! Reference source not found.", "Error! No
# text of specified style in document.", "Error! Bookmark not defined."
_FIELD_ERROR = re.compile(r"\s*Error!\s")


def _blank_fields(element, pages: bool) -> None:
    """Empty what a field shows when that is no text of the document: a field's error, anywhere
    (``_FIELD_ERROR``: a cross-reference or a running header's STYLEREF to a heading the document
    lacks), and with ``pages``, in a header or footer, what the page fields show (Word's PAGE,
    NUMPAGES): the number of the page they were last shown on, "Page 1 of 1" on every page of a long
    contract. A complex field's result runs from its "separate" mark to its "end"; a simple field's
    is its text."""
    # the open fields, innermost last: ([counts pages, in its result], the text nodes of its result)
    fields: list[tuple[list[bool], list]] = []
    for node in element.iter(f"{{{_W}}}fldChar", f"{{{_W}}}instrText", f"{{{_W}}}t"):
        if node.tag == f"{{{_W}}}fldChar":
            kind = node.get(f"{{{_W}}}fldCharType")
            if kind == "begin":
                fields.append(([False, False], []))
            elif kind == "separate" and fields:
                fields[-1][0][1] = True
            elif kind == "end" and fields:
                _, shown = fields.pop()
                if _FIELD_ERROR.match("".join(t.text or "" for t in shown)):
                    for t in shown:
                        t.text = ""
        elif node.tag == f"{{{_W}}}instrText" and fields:
            fields[-1][0][0] = fields[-1][0][0] or (pages and bool(_PAGE_FIELD.match(node.text or "")))
        else:
            for (_, in_result), shown in fields:
                if in_result:
                    shown.append(node)
            simple = [f.get(f"{{{_W}}}instr", "") for f in node.iterancestors(f"{{{_W}}}fldSimple")]
            if (
                any(counts and in_result for (counts, in_result), _ in fields)
                or (pages and any(_PAGE_FIELD.match(instr) for instr in simple))
                or (simple and _FIELD_ERROR.match(node.text or ""))
            ):
                node.text = ""


def _docx_margins(document, lists: ListLabels) -> tuple[list[str], list[str]]:
    """The text of the headers and of the footers, each once: a letter's letterhead names its sender
    ("Pawsworth Boarding Kennels & Cattery · Holt Lane ... · 01632 960 298") and a footer its licence,
    which the body may never say again. Page numbers and headers linked to the section before are
    left out."""
    seen: set[str] = set()
    margins: tuple[list[str], list[str]] = ([], [])
    even_pages = bool(document.settings.odd_and_even_pages_header_footer)
    for section in document.sections:
        for blocks, parts in zip(margins, _margin_parts(section, even_pages), strict=True):
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                _blank_fields(part._element, pages=True)
                for block in _docx_blocks(part._element, part, lists):
                    block = _PAGE_LABEL.sub("", block)
                    text = block.strip()
                    if text not in seen and not _PAGE_NUMBER.fullmatch(text):
                        seen.add(text)
                        blocks.append(block)
    return margins


def _margin_parts(section, even_pages: bool) -> tuple[list, list]:
    """A section's headers and its footers: the first page's and even pages' too, where they differ,
    the first page's first (a letterhead on the first page, a running header on the rest)."""
    headers = [section.header]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        headers.insert(0, section.first_page_header)
        footers.insert(0, section.first_page_footer)
    if even_pages:
        headers.append(section.even_page_header)
        footers.append(section.even_page_footer)
    return headers, footers


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


# The creation date python-docx's default template carries into every document made from it.
_PYTHON_DOCX_TEMPLATE_DATE = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


# Word's "Strict Open XML Document" names its parts' namespaces and relationships under
# purl.oclc.org ("http://purl.oclc.org/ooxml/wordprocessingml/main") where the usual, transitional
# form that python-docx reads has "http://schemas.openxmlformats.org/wordprocessingml/2006/main".
_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/")


def _transitional(data: bytes) -> bytes:
    """A Strict Open XML package rewritten with the transitional names, so that python-docx reads it;
    any other package as it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if not _STRICT.search(package.read("_rels/.rels")):
            return data
        rewritten = io.BytesIO()
        with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as out:
            for item in package.infolist():
                part = package.read(item)
                if item.filename.endswith((".xml", ".rels")):
                    part = _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", part)
                out.writestr(item, part)
    return rewritten.getvalue()


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

    created = parse_date(core("created"))
    if created == _PYTHON_DOCX_TEMPLATE_DATE:
        created = None  # python-docx's template was made then, not the document
    return core("title"), file_fields(author=core("creator") or None, date=created)


def _styled_title(document) -> str:
    """The text of the first paragraph in Word's Title style, else of the first Heading 1 or a heading
    that opens the document (its first paragraph with text): a document titled in the Title style
    ("Linden Court Housing Co-operative") may head its sections as headings under it ("Minutes of the
    General Meeting"), and a letter's first section ("Before your appointment") is no title."""
    styled = [(p.style.style_id if p.style is not None else "", p.text.strip()) for p in document.paragraphs]
    styled = [(style, text) for style, text in styled if text]
    title = next((text for style, text in styled if style == "Title"), "")
    heads = (
        text
        for n, (style, text) in enumerate(styled)
        if style == "Heading1" or (n == 0 and style.startswith("Heading"))
    )
    return title or next(heads, "")


def _with_tabbed_tables(blocks: list[str]) -> list[str]:
    """``blocks`` with each run of three paragraphs or more that tab stops set out in the same columns
    (as many tabs in each: "Time\tReception\tKey Stage 2" over "Gates open\t8:40\t8:40") read as a
    table, each cell under its column's name."""
    out: list[str] = []
    run: list[str] = []
    for block in [*blocks, ""]:
        tabs = block.count("\t") if "\n" not in block else 0
        if run and (not tabs or tabs != run[0].count("\t")):
            table = tabbed_table(run) if len(run) >= _MIN_TABBED_ROWS else None
            out += [table] if table is not None else run
            run = []
        if tabs:
            run.append(block)
        elif block:
            out.append(block)
    return out


_MIN_TABBED_ROWS = 3


def load_docx(path: Path, data: bytes) -> LoadedDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        data = _transitional(data)
        document = docx.Document(io.BytesIO(data))
        lists = _list_labels(document)
        _blank_fields(document.element.body, pages=False)
        blocks = _docx_blocks(document.element.body, document, lists)
        header, footer = _docx_margins(document, lists)
        notes = _docx_footnotes(document)
        core_title, fields = _docx_core(data)
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError, OSError) as error:
        raise LoadError(path, f"unreadable DOCX ({error.__class__.__name__})") from None
    blocks = [*header, *_with_tabbed_tables(blocks), *footer]
    if notes:
        blocks += ["Notes", *notes]
    text = normalize_text("\n\n".join(blocks))
    return LoadedDocument(text=text, title=core_title or _styled_title(document), metadata=dict(fields))

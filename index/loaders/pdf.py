"""PDF files, read with PDFium: running headers and footers kept once, page numbers dropped,
footnotes after the sentence they belong to, powers written as such."""

import re
import threading
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from index.normalize import normalize_text
from index.sentences import ends_sentence, line_break_ends

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument
from index.loaders.document import LoadedDocument, LoadError, file_fields
from index.loaders.pdf_hyphens import LineEndHyphens

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


def _running_lines(split: list[list[str]]) -> tuple[set[tuple[int, int]], list[tuple[str, str]]]:
    """(page, line) of the running headers and footers, lines at the same edge of several pages, and
    those worth keeping once (``_kept_once``: side, text). Running lines are:
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
    kept: list[tuple[str, str]] = []
    for (side, _), places in seen.items():
        pages = {page for page, _ in places}
        if len(pages) < 2:
            continue
        common = len(pages) >= len(split) / 2
        texts = {" ".join(split[page][i].split()) for page, i in places}
        # a title, not a listing's closing "}" that happens to end two pages
        titled = _in_words(next(iter(texts)))
        heads = titled and all(place in outermost for place in places)
        if len(texts) == 1:
            if common or heads:
                running.update(places)
                kept += [(side, text) for text in _kept_once(texts, common)]
            continue
        numbers = [(page, [int(n) for n in _NUMBER.findall(split[page][i])]) for page, i in sorted(places)]
        # "Page 7 of 12" on page 7: some number in each line minus the page's index is the same; a
        # title at the top of its pages may count them with gaps, a scan's left-out pages
        shifts = [{n - page for n in found} for page, found in numbers]
        paged = set.intersection(*shifts)
        if ((common or len(pages) >= 3) and paged) or (heads and _counts_pages(numbers)):
            running.update(places)
            # the same but for "Page 2 of 3", or for the page's bare number at either end
            unnumbered = {_PAGE_OF.sub("", text).strip() for text in texts}
            if len(unnumbered) > 1 and paged:
                shift = min(paged)
                unnumbered = {
                    _without_number(" ".join(split[page][i].split()), page + shift) for page, i in places
                }
            kept += [(side, text) for text in _kept_once(unnumbered, common)]
    running |= _section_headers(split, running)
    return running, kept


# The words a section's running header opens with, whatever section it names: "4 THE CLASS FILE 4.2
# Title page" and "4 THE CLASS FILE 4.3 Section headers" both open "THE CLASS".
_OPENING_WORDS = 2
_MAX_HEADER_WORDS = 12


def _section_headers(split: list[list[str]], running: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """(page, line) of the headers that name each page's chapter and section: the first line of three
    pages or more (a third of them at least) opening with the same capitalised words, a title (a few
    words, no sentence's end), the rest of it differing; or set in capitals, opening with the same
    word. Left in, one would run into the sentence a page break cuts ("... by using the class" / "4
    THE CLASS FILE 4.2 Title page" / "option sectionnumbering=true")."""
    groups: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for page, lines in enumerate(split):
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            continue
        line = " ".join(lines[first].split())
        words = re.findall(r"[^\W\d_][\w'’-]*", line)
        opening = words[:_OPENING_WORDS]
        titled = len(opening) == _OPENING_WORDS and all(word[0].isupper() for word in opening)
        if not titled:
            continue
        if len(line.split()) <= _MAX_HEADER_WORDS and not ends_sentence(line):
            groups.setdefault(tuple(word.lower() for word in opening), []).append((page, first))
        if line.upper() == line and len(line.split()) <= 2 * _MAX_HEADER_WORDS:
            # set in capitals, it may name a new chapter on each page, and its section may ask
            # ("CHAPTER 7. BASICS OF THE DEBIAN PACKAGE… 7.5. WHAT IS A DEBIAN CONFFILE?"): the
            # pages' first lines in capitals that open with the same word
            groups.setdefault(("", opening[0].lower()), []).append((page, first))
    return {
        place
        for places in groups.values()
        if len(places) >= 3 and len(places) >= len(split) / 3
        for place in places
        if place not in running
    }


# A page's number as a running line says it, with its count: "Page 2 of 12", "page 3", "2/12".
_PAGE_OF = re.compile(
    r"[\s|·•–—-]*(?:\bpage\s+\d+(?:\s*(?:of|/)\s*\d+)?|\b\d+\s*(?:of|/)\s*\d+)[\s|·•–—-]*$", re.IGNORECASE
)


def _without_number(text: str, number: int) -> str:
    """A running line without the page's ``number`` at its start or end ("Halverin Ropeworks Ltd,
    Ropery Lane 2", "12 | Annual Review"); as it is when the number is elsewhere."""
    edge = r"[\s|·•–—-]*"
    return re.sub(rf"^{edge}{number}{edge}(?=\D)|(?<=\D){edge}\b{number}{edge}$", "", text).strip()


def _kept_once(texts: set[str], common: bool) -> list[str]:
    """The text of a running line to keep once: what the header or footer of most pages says,
    its page number left out, when that is words (a letterhead, a policy's reference, a helpline's
    number that the body never gives: "Home emergency helpline: 0800 555 0671. Page 1 of 2"); not a
    chapter's title, which heads only its own pages, nor a bare page number."""
    if len(texts) > 1 or not common:
        return []
    (text,) = texts
    return [text] if _in_words(text) else []


def _in_words(text: str) -> bool:
    """Whether a running line says something in words (two or more), not only marks and figures."""
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= 2


def _counts_pages(places: list[tuple[int, list[int]]]) -> bool:
    """Whether the lines' numbers count the pages: (page, numbers) in page order, each line holding a
    number that exceeds one of the line before by as many pages as lie between them, or by up to
    two more (pages a scan left out)."""
    return all(
        any(0 <= b - a - (page - before) <= _MISSING_PAGES for a in earlier for b in numbers)
        for (before, earlier), (page, numbers) in pairwise(places)
    )


def _clean_pdf_pages(pages: list[str], hyphens: LineEndHyphens) -> list[str]:
    """Ligatures spelled out, running headers and footers kept once (see ``_kept_once``), line-end
    hyphens read (``index.loaders.pdf_hyphens``)."""
    split = [page.split("\n") for page in pages]
    running, kept = _running_lines(split)
    cleaned = [
        _clean_pdf_text("\n".join(line for i, line in enumerate(lines) if (page, i) not in running), hyphens)
        for page, lines in enumerate(split)
    ]
    if cleaned:  # the running lines kept, once: the headers before the first page, the footers after the last
        headers, footers = ([text for side, text in kept if side == edge] for edge in ("top", "bottom"))
        cleaned[0] = "\n\n".join(filter(None, [*headers, cleaned[0]]))
        cleaned[-1] = "\n\n".join(filter(None, [cleaned[-1], *footers]))
    return cleaned


# A table of contents' dot leaders between an entry and its page ("Getting started . . . . . 5",
# "OVERVIEW………6"), which say nothing and would read as a table's column gaps.
_LEADERS = re.compile(r"[ \t]*(?:\.[ \t]?){4,}[ \t]*|[ \t]*…{2,}[ \t]*")


def _clean_pdf_text(text: str, hyphens: LineEndHyphens) -> str:
    """Ligatures spelled out, line-end hyphens read, an option's dashes as typed (groff sets the "-c"
    of a man page as minus signs, "−c", "−−help", ``_OPTION_MINUS``)."""
    text = hyphens.undone(text.translate(_LIGATURES))
    return _OPTION_MINUS.sub(lambda minus: "-" * len(minus.group()), text).strip()


# A minus sign that opens a word of letters or joins two: an option's dash ("−c", "−−help",
# "active−region−start"), not a negative number's sign ("−5") nor a subtraction ("x − y").
_OPTION_MINUS = re.compile(r"(?<![\w)\]\u2212])\u2212{1,2}(?=[A-Za-z])|(?<=[A-Za-z])\u2212(?=[A-Za-z])")


# PDFium is not thread-safe: uploads, the API's ingest jobs and eval runs may load PDFs at once.
_PDFIUM_LOCK = threading.Lock()


def load_pdf(path: Path, data: bytes) -> LoadedDocument:
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
    producer = f"{info.get('Producer', '')} {info.get('Creator', '')}"
    hyphens = LineEndHyphens.of([text.translate(_LIGATURES) for text in pages + notes], producer)
    cleaned_notes = [_clean_pdf_text(note, hyphens) for note in notes]
    text, starts = _joined_pages(_clean_pdf_pages(pages, hyphens), cleaned_notes)
    if not text.strip():  # pages of images: a scan, or a print to PDF of pictures
        raise LoadError(path, "no text layer (scanned pages? corpus-chat runs no OCR: add one with ocrmypdf)")
    return LoadedDocument(
        text=text,
        title=_pdf_title(info.get("Title", "")),
        metadata=file_fields(author=info.get("Author"), date=_pdf_date(info.get("CreationDate", ""))),
        page_starts=starts,
        warnings=[f"page {number} unreadable, skipped ({reason})" for number, reason in unreadable],
    )


# What a PDF's Title holds when the tool that made it filled it in: "Microsoft Word - report.docx"
# (the document's file name after the tool's), "Binder1.pdf", "Untitled".
_TOOL_TITLE = re.compile(r"^Microsoft (?:Word|PowerPoint|Excel) - ", re.IGNORECASE)
_DOCUMENT_EXTENSION = (
    r"\.(?:pdf|docx?|pptx?|xlsx?|od[tps]|rtf|txt|tex|dvi|ps|eps|ai|indd|qxd|qxp|p65|pub|wpd|fm|html?|md|xml"
    r"|exe|tmp|dat|bin)"
)
# ... or a file's name of its own ("905_Precinct_NoOU"), or a job's numbers ("88300 162..177", "上").
_FILE_NAME = re.compile(rf"^\S+{_DOCUMENT_EXTENSION}$|^untitled\b.*$|^[^\s_]*_\S*$", re.IGNORECASE)
_MIN_TITLE_LETTERS = 2


def _pdf_title(title: str) -> str:
    """A PDF's Title without what the tool that made it wrote there: the tool's name before a file
    name goes, and so does the file's extension; a bare file name ("Binder1.pdf", "10811.exe",
    "905_Precinct_NoOU"), "Untitled", or what holds hardly a letter ("88300 162..177", "上") is no
    title ("" then: the file's own name serves). TeX's quotes, which hyperref copies as typed
    ("the ``Beilstein Journal''"), are the quotes they print."""
    title = " ".join(title.split()).replace("``", "“").replace("''", "”")
    if _TOOL_TITLE.match(title):
        return re.sub(rf"{_DOCUMENT_EXTENSION}$", "", _TOOL_TITLE.sub("", title), flags=re.IGNORECASE)
    letters = sum(c.isalpha() for c in title)
    if letters < _MIN_TITLE_LETTERS or letters < len(title.replace(" ", "")) / 3:
        return ""  # numbers and marks, a job's rather than a title
    return "" if _FILE_NAME.match(title) else title


# Where a sentence ends in a page's text: its stop, closing quotes or brackets, then a space or the end.
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


def _joined_pages(pages: list[str], notes: list[str] | None = None) -> tuple[str, list[int]]:
    """The pages as one text, and where each starts: a paragraph break between two pages, or a line
    break where the sentence goes on over the page (``index.sentences.line_break_ends``, the rule that
    joins a hard-wrapped sentence's lines), so the splitter keeps it whole. A page's footnotes
    (``notes``, see ``index.loaders.pdf_notes``) follow its text, or, when its last sentence goes on over the
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
# which goes back to a hyphen and a line break for LineEndHyphens to judge ("leak-\ning" becomes
# "leaking", "Anglo-\nSaxon" stays as it is), U+0002 for a soft hyphen, which only ever splits a word.
_PDFIUM_HYPHENS = str.maketrans({"\ufffe": "-\n", "\x02": None})


def _pdf_pages(document: "PdfDocument") -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """Each page's text (a filled form's with its values), its footnotes (``index.loaders.pdf_notes``), and
    (number, reason) for each page that cannot be read: its text is left empty, so one broken page
    does not cost the document its other pages."""
    import pypdfium2.raw as pdfium_c

    from index.loaders.pdf_notes import footnotes_span
    from index.loaders.pdf_spaces import missing_spaces
    from index.loaders.pdf_superscripts import joined_superscripts
    from index.loaders.pdf_tables import marked_borders, written_tables

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
            marked = marked_borders(textpage.raw, raw)  # the same length: raw's indexes hold
            gaps = missing_spaces(textpage.raw, raw)
            text = joined_superscripts(textpage.raw, marked, (0, start), gaps).rstrip("\r\n")
            text += joined_superscripts(
                textpage.raw, marked, (end, len(raw)), gaps
            )  # the footer after the notes
            text = written_tables(_LEADERS.sub(" ", text))
            note = written_tables(joined_superscripts(textpage.raw, marked, (start, end), gaps))
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

"""Every loader on a real file of its format, and the one-line errors for bad files."""

import re
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from index.loaders import LoadedDocument, LoadError, load_document
from index.loaders.markdown import HEADING
from tests.conftest import REPO


def write_pdf(path: Path, pages: list[str], title: str = "Test PDF") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(title)
    for text in pages:
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return path


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Quarterly Report", level=1)
    document.add_paragraph("Revenue grew by 12 percent in the third quarter.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Region"
    table.rows[0].cells[1].text = "North"
    document.save(str(path))
    return path


def test_txt_is_its_own_normalised_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("First line.\r\nSecond line.\n", encoding="utf-8")
    document = load_document(path)
    assert document.text == "First line.\nSecond line.\n"
    assert document.title == "note"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("TARN HOLLOW CIRCUIT\nA walker's guide, updated 2 May 2024.\n", "TARN HOLLOW CIRCUIT"),
        ("Kelby Parking Regulations 2024\n\nPART 1\n", "Kelby Parking Regulations 2024"),
        ("The walk starts at the car park.\nIt is 14 km long.\n", "notes"),  # a sentence
        ("Uptake of O\n2 from the air is the purpose of respiration.\n", "notes"),  # it goes on
        (  # an e-mail: its subject
            "From: Postline <no-reply@postline.example>\nDate: Thu, 19 Mar 2026 10:47:12 +0000\n"
            "Subject: Your Redirection is booked - reference RD-7730416\n\nHello Ottilie,\n",
            "Your Redirection is booked - reference RD-7730416",
        ),
        (  # a posting's header fields, then its title
            "Archive-Name: editor-faq/sed\nVersion: 015\nMaintainer: Eric Pement\n\n"
            "                            THE SED FAQ\n\nFrequently asked questions about sed.\n",
            "THE SED FAQ",
        ),
    ],
)
def test_a_txt_is_titled_by_a_first_line_that_reads_as_a_title(tmp_path: Path, text: str, title: str) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    assert load_document(path).title == title


def test_a_txt_e_mail_has_its_sender_and_date_as_author_and_date(tmp_path: Path) -> None:
    """An e-mail saved as text is dated by its Date header (which --after and --before filter on) and
    written by its sender; a text without a header has neither, and a date that does not parse is none."""
    mail = tmp_path / "mail.txt"
    mail.write_text(
        "From: Rutger Nijlunsing <rutger@nospam.example>\nSubject: Setting up Git over HTTP\n"
        "Date: Thu, 10 Aug 2006 22:00:26 +0200\n\nThis document is from 2006.\n",
        encoding="utf-8",
    )
    fields = load_document(mail).metadata
    assert fields == {"author": "Rutger Nijlunsing", "published_at": "2006-08-10T22:00:26+02:00"}
    mail.write_text("From: <help@desk.example>\nDate: last Tuesday\n\nHello.\n", encoding="utf-8")
    assert load_document(mail).metadata == {"author": "help@desk.example"}
    plain = tmp_path / "plain.txt"
    plain.write_text("The walk starts at the car park.\n", encoding="utf-8")
    assert load_document(plain).metadata == {}


@pytest.mark.parametrize(
    ("opening", "dated"),
    [
        (
            "Management Committee – Minutes\n\nDate:     Wednesday 14 January 2026, 19:30\n",
            "2026-01-14T19:30:00+00:00",
        ),
        ("MEMO\nDated: 2025-03-18\n", "2025-03-18T00:00:00+00:00"),
        ("MEMO\nDate: 03/04/2026\n", None),  # March or April
        ("Date: Sat 2 Aug | Flight: TP1351 | From: Lisbon\n", None),  # a table's row, no year
        ("Notes\n" + "Line.\n" * 20 + "Date: 10 Aug 2006\n", None),  # not among the opening lines
    ],
)
def test_a_txt_is_dated_by_a_date_field_among_its_opening_lines(
    tmp_path: Path, opening: str, dated: str | None
) -> None:
    """Minutes or a memo say their day in a "Date:" field at the top: it dates the document (which
    --after and --before filter on, and its header says), when it names its month and year."""
    path = tmp_path / "minutes.txt"
    path.write_text(f"{opening}\nThe committee agreed the budget.\n", encoding="utf-8")
    assert load_document(path).metadata.get("published_at") == dated


def test_txt_saved_from_a_terminal_loses_its_escape_codes_and_overstrikes(tmp_path: Path) -> None:
    path = tmp_path / "man-db.txt"
    # as grotty renders a man page: SGR escapes, bold and underline by overstriking, an OSC 8 link
    path.write_bytes(
        b"\x1b[1mman-db - the database cached manual pager suite\x1b[0m\n"
        b"Run m\x08ma\x08an\x08nd\x08db\x08b to build the _\x08c_\x08a_\x08c_\x08h_\x08e. "
        b"See \x1b]8;;https://example.org\x1b\\the manual\x1b]8;;\x1b\\.\n"
    )
    assert load_document(path).text == (
        "man-db - the database cached manual pager suite\nRun mandb to build the cache. See the manual.\n"
    )


def test_txt_in_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = (
        "Le café au lait et la crème brûlée sont servis après le déjeuner. "
        "Les élèves préfèrent la pâtisserie française, très sucrée, à la boulangerie du quartier. "
        "Où se trouve la gare? Elle est à côté de l'hôtel de ville."
    )
    path.write_bytes(text.encode("cp1252"))
    assert "crème brûlée" in load_document(path).text


def test_markdown_front_matter_becomes_metadata(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(
        "---\ntitle: Launch day\npublished_at: 2023-09-26T17:01:22+00:00\nsource: The Verge\n---\n"
        "# Launch day\n\nThe rocket lifted off at dawn.\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Launch day"
    assert document.metadata["source"] == "The Verge"
    assert str(document.metadata["published_at"]).startswith("2023-09-26")
    assert document.text.startswith("# Launch day")


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text("Intro line\n\n## Installing the tool\n\nRun make.\n", encoding="utf-8")
    assert load_document(path).title == "Installing the tool"
    path.write_text("PyYAML\n======\n\nA YAML parser.\n\n## Installation\n\nRun pip.\n", encoding="utf-8")
    assert load_document(path).title == "PyYAML"  # an underlined (setext) heading
    path.write_text("# Summer Show: *Postcards* from **Everywhere**\n\nDear parents,\n", encoding="utf-8")
    assert load_document(path).title == "Summer Show: Postcards from Everywhere"  # marks only


def test_markdown_loses_what_only_the_rendered_page_needs(tmp_path: Path) -> None:
    """Badges, images, link targets (also of reference-style links), fence lines, comments and layout
    tags go; link text, code, reference marks and headings stay."""
    path = tmp_path / "README.md"
    path.write_text(
        "# tiktoken\n[![PyPI](https://img.shields.io/pypi/v/t.svg)](https://pypi.org/p/t/) ![CI](ci.svg)\n"
        '<p align="center"><img src="logo.png"></p>\n\nRead the [docs](https://example.org/a_(b) "Docs").\n'
        "<!-- YAML\nadded: v0.1\n-->\nSee [`encode()`][] and the [guide][docs], lit in 1916.[2][3]\n"
        "```python\nrows = m[i][j] + handlers[0](event)\n```\n[docs]: https://example.org/\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert text.startswith("# tiktoken\n")
    assert "Read the docs." in text
    assert "See `encode()` and the guide, lit in 1916.[2][3]" in text
    assert "rows = m[i][j] + handlers[0](event)" in text
    for markup in ("http", "svg", "<p", "<img", "```", "[docs]", "YAML", "-->"):
        assert markup not in text


def test_markdown_character_references_read_as_characters_except_in_code(tmp_path: Path) -> None:
    path = tmp_path / "rooms.md"
    path.write_text(
        "# Caf&eacute; rules\n\n**The Loom Rooms** &middot; co-working &#8212; since 1998 &#x2014; "
        "in AT&T's old mill. Write `&amp;` for &amp;.\n\n```html\n<p>&copy; 2025</p>\n```\n\n"
        "| Item | Price |\n|---|---|\n| Tea &amp; cake | &pound;3.50 |\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Café rules"
    assert "**The Loom Rooms** · co-working — since 1998 — in AT&T's old mill." in document.text
    assert "Write `&amp;` for &." in document.text
    assert "<p>&copy; 2025</p>" in document.text
    assert "Item: Tea & cake | Price: £3.50" in document.text


def test_a_markdown_footnote_keeps_its_text_after_its_label(tmp_path: Path) -> None:
    """A footnote's text often holds the answer ("whom to email"): it stays, after its label, as a
    PDF's does; its mark in the text goes, as reference definitions still do."""
    path = tmp_path / "syllabus.md"
    path.write_text(
        "The charge can be waived.[^1] Field trips run in May.[^trips]\n\n"
        "[^1]: Email the School office with your bursary number.\n"
        "[^trips]: Weather permitting.\n[docs]: https://example.org/\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "The charge can be waived. Field trips run in May." in text
    assert "1 Email the School office with your bursary number." in text
    assert "trips Weather permitting." in text
    assert "[^" not in text and "example.org" not in text


def test_a_markdown_code_block_holds_no_headings(tmp_path: Path) -> None:
    """A shell comment or a YAML "---" in fenced code is code: no heading for the app to show, nor
    the document's title; the code is kept, indented as an indented code block."""
    path = tmp_path / "README.md"
    path.write_text(
        "Set-up notes.\n\n```bash\n# Install the tool\npip install tool\n```\n\n"
        "~~~yaml\nname: x\n---\n~~~\n\n# Usage\n\nRun it.\n\n```\n# left open to the end\n",
        encoding="utf-8",
    )
    document = load_document(path)
    assert document.title == "Usage"
    assert [match.group(1) or match.group(2) for match in HEADING.finditer(document.text)] == ["Usage"]
    assert "    # Install the tool\n    pip install tool\n" in document.text
    assert "    # left open to the end" in document.text


def load_html(tmp_path: Path, html: str) -> LoadedDocument:
    """``html`` as a page file, loaded."""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return load_document(path)


def test_html_text_and_title(tmp_path: Path) -> None:
    document = load_html(
        tmp_path,
        "<html><head><title>Harbour news</title><script>var x = 1;</script></head>"
        "<body><h1>Ferry schedule</h1><p>The ferry leaves at <b>9 am</b> daily.</p></body></html>",
    )
    assert document.title == "Harbour news"
    assert "The ferry leaves at 9 am daily." in document.text
    assert "var x" not in document.text


def test_pdf_pages_and_offsets(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "report.pdf", ["Alpha page text here.", "Beta page text here."])
    document = load_document(path)
    assert document.title == "Test PDF"
    assert "Alpha page text here." in document.text
    beta = document.text.index("Beta page")
    assert document.page_at(beta) == 2
    assert document.page_at(0) == 1


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Microsoft Word - Harbour Report.docx", "Harbour Report"),
        ("Binder1.pdf", "scan"),
        ("Untitled", "scan"),
        ("10811.exe", "scan"),
        ("905_Precinct_NoOU", "scan"),
        ("88300 162..177", "scan"),
        ("上", "scan"),
        ("年报", "年报"),
        ("snake_case Guide", "snake_case Guide"),
        ("Node.js Guide", "Node.js Guide"),
        ("A class for the ``Beilstein Journal'' (BJNANO)", "A class for the “Beilstein Journal” (BJNANO)"),
    ],
)
def test_pdf_title_a_tool_filled_in_is_cleaned_or_left_for_the_file_name(
    tmp_path: Path, title: str, shown: str
) -> None:
    assert load_document(write_pdf(tmp_path / "scan.pdf", ["Some text."], title=title)).title == shown


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("turkey_s400_nato.txt", "turkey s400 nato"),
        ("annual-report-2024.txt", "annual report 2024"),
        ("statement_2026-03-18_HR-OF-12.txt", "statement 2026-03-18 HR-OF-12"),
        ("job_offer_nwankwo-fell.txt", "job offer nwankwo fell"),
        ("___.txt", "___"),
    ],
)
def test_a_document_without_a_title_is_titled_by_its_file_names_words(
    tmp_path: Path, name: str, title: str
) -> None:
    path = tmp_path / name
    path.write_text("The walk starts at the car park.\n", encoding="utf-8")
    assert load_document(path).title == title


def test_pdf_form_is_read_with_its_filled_values(tmp_path: Path) -> None:
    """A filled form's values are annotations, not page text: they are read too."""
    pdf = canvas.Canvas(str(tmp_path / "form.pdf"), pagesize=A4)
    pdf.drawString(72, 720, "Applicant name:")
    pdf.acroForm.textfield(name="applicant", value="Ingrid Halvorsen", x=180, y=710, width=200, height=20)
    pdf.showPage()
    pdf.save()
    assert load_document(tmp_path / "form.pdf").text == "Applicant name:\nIngrid Halvorsen"


def test_docx_paragraphs_tables_and_heading_title(tmp_path: Path) -> None:
    document = load_document(write_docx(tmp_path / "report.docx"))
    assert "Revenue grew by 12 percent in the third quarter." in document.text
    assert "Region | North" in document.text
    assert document.title == "Quarterly Report"


def test_a_docx_with_a_web_link_loads_with_the_links_text(tmp_path: Path) -> None:
    """A hyperlink to a web page is an external relationship of the package: it has no part to read,
    and the document still loads whole, the link's words in their sentence."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    word = docx.Document()
    paragraph = word.add_paragraph("The full rules are on ")
    link = word.part.relate_to("https://example.org/rules", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r='
            f'"http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{link}">'
            "<w:r><w:t>the club's website</w:t></w:r></w:hyperlink>"
        )
    )
    paragraph.add_run(", updated each March.")
    word.save(tmp_path / "rules.docx")
    assert (
        "The full rules are on the club's website, updated each March."
        in load_document(tmp_path / "rules.docx").text
    )


def test_a_docx_title_in_the_title_style_comes_before_its_first_heading(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Linden Court Housing Co-operative", style="Title")
    word.add_heading("Minutes of the General Meeting", level=1)
    word.add_paragraph("The meeting opened at 7 pm.")
    word.save(tmp_path / "minutes.docx")
    assert load_document(tmp_path / "minutes.docx").title == "Linden Court Housing Co-operative"


def test_a_docx_section_heading_after_the_letters_text_is_no_title(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Dear Mr Achebe,")
    word.add_paragraph("We have booked an appointment for you.")
    word.add_heading("Before your appointment", level=2)
    word.add_paragraph("Bring a list of your medicines.")
    word.save(tmp_path / "appointment_letter.docx")
    assert load_document(tmp_path / "appointment_letter.docx").title == "appointment letter"
    word.add_heading("Clinic 7", level=1)
    word.save(tmp_path / "appointment_letter.docx")
    assert load_document(tmp_path / "appointment_letter.docx").title == "Clinic 7"  # a Heading 1 titles


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"   \n\n  ", "empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "unreadable PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", "unreadable DOCX"),
        ("data.xlsx", b"whatever", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_files_raise_one_line_errors_naming_the_file(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


def test_pdf_without_text_is_reported(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [""])
    with pytest.raises(LoadError, match=r"scan\.pdf: no text layer \(scanned pages\?"):
        load_document(path)


def _pdf_writer(source: Path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    return writer


def test_pdf_encrypted_only_against_changes_opens_and_one_with_a_password_is_reported(tmp_path: Path) -> None:
    source = write_pdf(tmp_path / "plain.pdf", ["The harbour opens at dawn."])
    for name, user_password in (("owner.pdf", ""), ("locked.pdf", "secret")):
        writer = _pdf_writer(source)
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
        writer.write(tmp_path / name)
    assert "The harbour opens at dawn." in load_document(tmp_path / "owner.pdf").text
    with pytest.raises(LoadError, match="a password is needed"):
        load_document(tmp_path / "locked.pdf")


def test_pdf_running_headers_are_kept_once_page_numbers_go_and_hyphenated_words_are_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setProducer("pdfTeX-1.40.25")  # a typesetter, which breaks words at line ends
    for page in range(1, 5):
        pdf.drawString(72, 800, "Water Authority Internal")
        body = [f"Inspection {n}: valves checked in sector {n * 3 + page * 11}." for n in range(1, 7)]
        body[2:4] = [f"District {page * 7} found a leak-", f"ing pipe near station {page}."]
        for n, line in enumerate(body):
            pdf.drawString(72, 700 - 14 * n, line)
        pdf.drawString(72, 60, f"Page {page} of 4")
        pdf.showPage()
    pdf.save()
    text = load_document(path).text
    assert text.startswith("Water Authority Internal\n\n") and text.count("Water Authority Internal") == 1
    assert "of 4" not in text
    assert all(f"District {n * 7} found a leaking pipe near station {n}." in text for n in range(1, 5))
    assert text.count("valves checked") == 16  # numbered lines that are not page numbers stay


@pytest.mark.parametrize("numbered", ["Page {} of 2", "{}/2", "{}", "| {}"])
def test_a_pdf_footer_that_holds_the_page_number_is_kept_once_without_it(
    tmp_path: Path, numbered: str
) -> None:
    """A letter's footer may give what its body never does ("call the helpline at any time"): the
    helpline's number stays, once, and only the page number goes."""
    path = tmp_path / "renewal.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page, body in enumerate(["Call the helpline at any time.", "Your cover renews in April."], start=1):
        pdf.drawString(72, 700, body)
        pdf.drawString(72, 60, f"Harrier Home Insurance. Helpline: 0800 555 0671. {numbered.format(page)}")
        pdf.showPage()
    pdf.save()
    text = load_document(path).text
    assert text.count("Helpline: 0800 555 0671.") == 1 and "Page" not in text and "/2" not in text
    assert "0671. 1" not in text and "|" not in text
    assert "Call the helpline at any time.\n\nYour cover renews in April." in text


def test_pdf_book_headers_with_the_page_number_on_either_side_go_even_where_a_scan_skips_pages(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in (49, 50, 52, 53):  # page 51 is missing from the scan
        header = f"{number} THE HARBOUR YEARS." if number % 2 == 0 else f"THE HARBOUR YEARS. {number}"
        pdf.drawString(72, 800, header)
        pdf.drawString(72, 700, f"The pilots rowed out to ship number {number * 3} at dawn.")
        pdf.showPage()
    pdf.save()
    text = load_document(path).text
    assert "HARBOUR" not in text
    assert all(f"ship number {number * 3} at dawn." in text for number in (49, 50, 52, 53))


def test_pdf_words_placed_one_by_one_keep_their_spaces() -> None:
    """A real DocBook/LaTeX PDF places each word on its own, with no space character between them:
    the spaces come from the positions (pypdf ran its words together: "Thisguidefocusesonthemodern")."""
    document = load_document(REPO / "tests" / "data" / "debmake-guide-abstract.pdf")
    assert "This guide focuses on the modern packaging style and comes with many simple examples." in (
        document.text
    )
    assert document.title == "Guide for Debian Maintainers (abstract page)"


def test_pdf_chapter_headers_go_and_a_sentence_goes_on_over_the_page(tmp_path: Path) -> None:
    """Books head each page with its chapter's title and page number ("Chapter 3: Basic Shell Features
    17"), or with the section's title alone: each on fewer than half of the pages, still furniture."""
    path = tmp_path / "book.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    bodies = ["Gulls circle.", "The ferry to Bozcaada leaves", "at nine in the morning.", "Nets dry."]
    bodies += ["Ropes fray.", "Oars creak.", "Sails fill.", "Boats return."]
    for page, body in enumerate(bodies, start=1):
        chapter = "Chapter 1: Harbours" if page <= 3 else "Chapter 2: Ferries"
        pdf.drawString(72, 800, "SECTION 2.4 TIMETABLES" if page in (6, 7) else f"{chapter} {page + 10}")
        pdf.drawString(72, 700, body)
        pdf.showPage()
    pdf.save()
    text = load_document(path).text
    assert "Chapter" not in text and "SECTION" not in text
    assert "The ferry to Bozcaada leaves\nat nine in the morning." in text
    assert "Nets dry.\n\nRopes fray." in text  # between two sentences a page break stays a paragraph break


def write_headed_pdf(path: Path, pages: list[tuple[str, str]]) -> Path:
    """A PDF of a page for each (header, body): the header at the page's top, where one is given."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for header, body in pages:
        if header:
            pdf.drawString(72, 800, header)
        pdf.drawString(72, 700, body)
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_headers_naming_each_pages_section_go_and_a_sentence_goes_on_over_the_page(
    tmp_path: Path,
) -> None:
    """LaTeX heads each page with its chapter and the section the page is in ("4 THE CLASS FILE 4.2
    Title page"): every page's header differs, but they open alike; a page whose first line is its
    text is left as it is."""
    path = write_headed_pdf(
        tmp_path / "handbook.pdf",
        [
            ("3 INSTALLING IT", "Unpack the archive."),
            ("4 THE CLASS FILE 4.1 Class options", "You can switch numbering back on by using the class"),
            ("4 THE CLASS FILE 4.2 Title page", "option sectionnumbering=true when you load it."),
            ("4 THE CLASS FILE 4.3 Section headers", "Headings are set in bold."),
            ("", "Quenmoor Lido reopened in May."),
            ("", "Quenmoor Lido had 186,450 visits."),
        ],
    )
    text = load_document(path).text
    assert "THE CLASS FILE" not in text
    assert "You can switch numbering back on by using the class\noption sectionnumbering=true" in text
    assert "Quenmoor Lido reopened in May." in text and "Quenmoor Lido had 186,450 visits." in text


def test_pdf_headers_in_capitals_naming_a_new_chapter_on_each_page_go(tmp_path: Path) -> None:
    """dblatex heads each page with its chapter and section in capitals, cut to fit, and a FAQ's
    sections ask: the headers share only their first word, run past twelve words, end in "?"."""
    path = write_headed_pdf(
        tmp_path / "faq.pdf",
        [
            (
                "CHAPTER 1. DEFINITIONS AND OVERVIEW 1.3. OK, NOW I KNOW WHAT DEBIAN IS...…",
                "When we say free",
            ),
            (
                "CHAPTER 1. DEFINITIONS AND OVERVIEW 1.6. HOW DOES THE DEBIAN PROJECT FIT IN…",
                "we mean freedom.",
            ),
            (
                "CHAPTER 7. BASICS OF THE DEBIAN PACKAGE… 7.5. WHAT IS A DEBIAN CONFFILE?",
                "A conffile is kept.",
            ),
            ("", "Packages are built with dpkg."),
        ],
    )
    text = load_document(path).text
    assert "CHAPTER" not in text
    assert "When we say free\nwe mean freedom." in text


def test_pdfs_load_from_several_threads_at_once() -> None:
    """PDFium is not thread-safe (uploads, API ingest jobs and eval runs load files concurrently):
    unguarded, a quarter of these loads failed with "Data format error"."""
    from concurrent.futures import ThreadPoolExecutor

    path = REPO / "tests" / "data" / "debmake-guide-abstract.pdf"
    with ThreadPoolExecutor(4) as pool:
        texts = set(pool.map(lambda _: load_document(path).text, range(200)))
    assert len(texts) == 1


def test_pdf_ligatures_are_spelled_out() -> None:
    from index.loaders.pdf import _clean_pdf_pages
    from index.loaders.pdf_hyphens import LineEndHyphens

    hyphens = LineEndHyphens(words=frozenset(), hyphenates=True)
    cleaned = _clean_pdf_pages(["The \ufb01rst of\ufb01cer \ufb02ew home."], hyphens)
    assert cleaned == ["The first officer flew home."]


@pytest.mark.parametrize(
    ("producer", "elsewhere", "read"),
    [
        ("LibreOffice 7.4", "", "Cancellations include part-cancelled rotations."),
        ("Microsoft® Word for Microsoft 365", "", "Cancellations include part-cancelled rotations."),
        ("pdfTeX-1.40.25", "", "Cancellations include partcancelled rotations."),
        ("pdfTeX-1.40.25", "Two were part-cancelled.", "Cancellations include part-cancelled rotations."),
        ("LibreOffice 7.4", "None was partcancelled.", "Cancellations include partcancelled rotations."),
    ],
)
def test_pdf_line_end_hyphen_is_the_words_own_unless_the_producer_breaks_words(
    tmp_path: Path, producer: str, elsewhere: str, read: str
) -> None:
    """A word processor ends a line after a word's own hyphen ("part-" / "cancelled"), a typesetter
    breaks words by syllable; the document's own spelling elsewhere decides first."""
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setProducer(producer)
    for n, line in enumerate(["Cancellations include part-", "cancelled rotations.", "", elsewhere]):
        pdf.drawString(72, 700 - 14 * n, line)
    pdf.save()
    assert load_document(path).text.startswith(read)


def test_a_file_that_is_not_the_pdf_its_name_says_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(b"<html><body>Saved from a browser</body></html>")
    with pytest.raises(LoadError, match="not a PDF"):
        load_document(path)


def test_html_page_furniture_is_left_out_but_not_what_its_margins_say(tmp_path: Path) -> None:
    """Menus, cookie notices and links beside the content go; a bar above the page, a notice marked
    as one however short, a sidebar and a footer that say something stay, before or after the content
    as they stand: the page may never say its phone number, its opening hours or its address anywhere
    else."""
    document = load_html(
        tmp_path,
        "<html><head><title>Tom &amp; Jerry &ndash; Caf&eacute; report</title></head><body>"
        "<div class='top'>Call us: 01632 960 642</div><div class='site-alert'>Closed today</div>"
        "<header><a href='/'>Logo</a> Accept cookies</header><nav><a href='/a'>Home</a> | Sports</nav>"
        "<main><h1>Caf\u00e9 report</h1>"
        "<p>The caf\u00e9 \u2014 opened in 1921 \u2014 serves 40 tables.</p></main>"
        "<aside>Related: <a href='/f'>Ten best fjords</a></aside>"
        "<div class='sidebar'><h2>Opening times</h2><p>Tuesday to Sunday, 10:00 to 17:00.</p></div>"
        "<footer>Example News, 4 Quay Street \u00b7 <a href='/c'>Cookies</a></footer>"
        "</body></html>",
    )
    assert document.title == "Tom & Jerry \u2013 Caf\u00e9 report"
    assert document.text.startswith("Call us: 01632 960 642\n\nClosed today\n\n# Caf\u00e9 report")
    assert "The caf\u00e9 \u2014 opened in 1921 \u2014 serves 40 tables." in document.text
    assert document.text.endswith(
        "## Opening times\n\nTuesday to Sunday, 10:00 to 17:00.\n\nExample News, 4 Quay Street \u00b7 Cookies"
    )
    for furniture in ("cookies", "Sports", "fjords"):
        assert furniture not in document.text


def test_html_furniture_marked_by_class_is_left_out_but_not_what_wraps_the_content(tmp_path: Path) -> None:
    """Texinfo's "Next: ... Up: ..." headers, a sidebar, a table of contents, Sphinx's permalink marks
    and copy buttons go; a wrapper classed after its sidebar, a table's header row and a section whose
    id (made from its heading) says "menu" stay."""
    text = load_html(
        tmp_path,
        "<html><body><div class='page-with-sidebar'>"
        "<div class='header'><p>Next: <a href='b.html'>Options</a>, Up: <a href='i.html'>Top</a></p></div>"
        "<div class='sidebar'>Other manuals: <a href='g.html'>grep</a>, <a href='s.html'>sed</a></div>"
        "<div class='toc'>1 Usage 2 Options</div>"
        "<section id='file-menu'><p>The File menu opens and saves files.</p></section>"
        "<h2>Usage<a class='headerlink' href='#usage'>¶</a></h2>"
        "<p>The ferry leaves the harbour at seven.</p>"
        "<pre>ferry --depart 07:00</pre><button class='copy'>Copy</button>"
        "<table><tr class='header'><th>Station</th><th>Visitors</th></tr>"
        "<tr><td>Lindesnes</td><td>95 000</td></tr></table>"
        "</div></body></html>",
    ).text
    kept = ("The ferry leaves the harbour at seven.", "ferry --depart 07:00", "Station", "95 000")
    kept += ("File menu",)
    for content in kept:
        assert content in text
    for furniture in ("Next:", "Other manuals", "1 Usage", "¶", "Copy", "---"):  # nor a table's rule
        assert furniture not in text


def test_xhtml_with_an_xml_declaration_is_cleaned_like_any_page(tmp_path: Path) -> None:
    """An XHTML page that opens with "<?xml ... encoding=...?>" keeps its title and author and loses
    its menus; headings lose their permalinks ("#"), an example written twice in one <pre> (ESM and
    CommonJS) keeps one line each, and no Markdown escape ("2 \\- Stable") gets into the text."""
    path = tmp_path / "notes.html"
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        b'<title>Release notes 4.2</title><meta name="author" content="Ada Vik"/></head><body>'
        b"<nav>Home / Downloads</nav><h2>Assert<a class='mark' href='#assert'>#</a></h2>"
        b"<p>Stability: 2 <span>- Stable</span></p><ol><li>Usage</li></ol>"
        b"<pre><code>import assert from 'node:assert';</code><code>const assert = require('node:assert');"
        b"</code></pre></body></html>"
    )
    document = load_document(path)
    assert (document.title, document.metadata) == ("Release notes 4.2", {"author": "Ada Vik"})
    assert "Home" not in document.text
    assert "## Assert\n" in document.text
    assert "Stability: 2 - Stable" in document.text
    assert "from 'node:assert';\n" in document.text and "\\" not in document.text


def test_a_definitions_permalink_goes_too(tmp_path: Path) -> None:
    """Texinfo puts a permalink mark after each function's definition, outside any heading."""
    text = load_html(
        tmp_path,
        "<html><body><dl><dt id='index-void'><span>Function: void <em>ffi_call (ffi_cif *cif)</em>"
        "<a href='#index-void' class='copiable-anchor'> &para;</a></span></dt>"
        "<dd><p>Calls the function. See <a href='#note'>the note</a>.</p></dd></dl></body></html>",
    ).text
    assert "¶" not in text and "Function: void ffi_call (ffi_cif *cif)" in text
    assert "See the note." in text  # a link within the page that shows words stays


def test_each_term_of_a_definition_list_starts_a_paragraph_with_its_description(tmp_path: Path) -> None:
    """A description that ends without a full stop does not run into the next term ("... 2025/26)
    EPC rating"); two terms for one description stay together."""
    text = load_html(
        tmp_path,
        "<html><body><dl><dt>Council tax band</dt><dd>C (£1,987 for 2025/26)</dd>"
        "<dt>EPC rating</dt><dd>D (61)</dd><dt>-f format</dt><dt>--format=format</dt>"
        "<dd>Use format.</dd></dl></body></html>",
    ).text
    assert "Council tax band\n    C (£1,987 for 2025/26)\n\nEPC rating\n    D (61)\n\n" in text
    assert "-f format\n--format=format\n    Use format." in text


def test_html_with_control_characters_loads_them_as_spaces(tmp_path: Path) -> None:
    """A form feed or a vertical tab in a page (pasted from a terminal or a PDF) is no reason to lose
    the page: lxml refuses to set a text that holds one, so they are spaces first."""
    text = load_html(
        tmp_path,
        "<html><body><table><tr><th>Fee</th><th>Amount</th></tr><tr><td>Room\x0chire</td><td>£9</td></tr>"
        "</table><p>Paid\x0bin full.</p></body></html>",
    ).text
    assert "Fee: Room hire | Amount: £9" in text and "Paid in full." in text


def test_a_pages_title_marked_by_its_class_in_a_header_is_its_heading(tmp_path: Path) -> None:
    """Doxygen writes a class's page with no <title> and no <h1>: its title is a div classed "title"
    in a div classed "header", which would go as the site's header."""
    document = load_html(
        tmp_path,
        "<html><body><div class='header'><div class='headertitle'><div class='title'>Json::CharReaderBuilder "
        "Class Reference</div></div></div><div class='contents'><p>Build a CharReader implementation.</p>"
        "<h2>Public Member Functions</h2><p>Allocate a CharReader.</p></div></body></html>",
    )
    assert document.title == "Json::CharReaderBuilder Class Reference"
    assert document.text.startswith("# Json::CharReaderBuilder Class Reference\n\nBuild a CharReader")


def test_a_bar_of_bracketed_links_is_a_menu(tmp_path: Path) -> None:
    """texi2html frames each link of its navigation bar in brackets, "[ << ] [ >> ] [Top]": the marks
    around the links are no text of the bar."""
    links = [("a", " &lt;&lt; "), ("b", " &gt;&gt; "), ("", ""), ("", ""), ("", ""), ("t", "Top")]
    links += [("c", "Contents"), ("i", "Index"), ("h", " ? ")]
    cells = "\n".join(  # a cell a line, as texi2html writes them
        f"<td>[<a href='{page}.html'>{label}</a>]</td>" if page else "<td> &nbsp; </td>"
        for page, label in links
    )
    text = load_html(
        tmp_path,
        f"<html><body><table><tr>{cells}</tr></table><h1>3. The Format of PO Files</h1>"
        "<p>A PO file is made of entries, each the original string of a program and its translation.</p>"
        "</body></html>",
    ).text
    assert text.startswith("# 3. The Format of PO Files\n\nA PO file is made of entries")


def test_what_a_page_hides_is_not_its_text(tmp_path: Path) -> None:
    """The hidden attribute, an inline display:none, and a tooltip's box (Doxygen's "ttc", which its
    style sheet hides) are not what a reader sees."""
    text = load_html(
        tmp_path,
        "<html><body><h1>Reader</h1><p>Parses JSON.</p><div hidden>Draft note.</div>"
        "<p style='display: none'>Old text.</p><div class='ttc'>Definition: reader.cpp:1880</div>"
        "<p>Returns a value.</p></body></html>",
    ).text
    assert text == "# Reader\n\nParses JSON.\n\nReturns a value."


def test_a_descriptions_lines_all_sit_under_its_term(tmp_path: Path) -> None:
    """An address a description sets on lines of its own (<br>) stays indented under its term, every
    line of it, and the next paragraph is not indented."""
    text = load_html(
        tmp_path,
        "<html><body><dl><dt>Delivery address</dt><dd>Flat B<br>27 Orchard Mews<br>PE7 2JW</dd>"
        "<dt>Phone</dt><dd>0123 456</dd></dl><p>Sent today.<br>Thank you.</p></body></html>",
    ).text
    assert "Delivery address\n    Flat B\n    27 Orchard Mews\n    PE7 2JW\n\nPhone\n    0123 456" in text
    assert text.endswith("\n\nSent today.\nThank you.")


def test_html_faq_reads_as_its_answers(tmp_path: Path) -> None:
    """A FAQ's list of its own questions (links within the page) goes, and so does Texinfo's header
    table; an answer in a <blockquote> keeps its paragraphs (no "> " before each line), and a power
    stays one (2^31, not 231), while a footnote's mark after a word is left as it is."""
    text = load_html(
        tmp_path,
        "<html><body><table class='header'><tr><td>Next: <a href='b.html'>Files</a></td></tr></table>"
        "<ol><li><a href='#q1'>How big can a row be?</a></li><li><a href='#q2'>Is it free?</a></li>"
        "<li><a href='#q3'>Who wrote it?</a></li></ol>"
        "<h2 id='q1'>How big can a row be?</h2><blockquote><p>A row holds up to 2<sup>31</sup>-1 bytes."
        "</p><p>Most rows are far smaller.</p></blockquote>"
        "<p>It is in the public domain<sup>1</sup>. It began in the 19<sup>th</sup> century, in 1901"
        "<sup><a href='#n2'>[2]</a></sup>.</p><p>&gt; 5 means more than five.</p></body></html>",
    ).text
    assert "Next:" not in text and text.count("How big can a row be?") == 1
    assert "A row holds up to 2^31-1 bytes.\n\nMost rows are far smaller." in text
    assert "It is in the public domain1. It began in the 19th century, in 1901[2]." in text
    assert "> 5 means more than five." in text  # a ">" of the text itself stays


def test_markdown_opening_with_a_rule_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("---\nThe ferry runs twice a day.\n\n---\n\nMore notes.\n", encoding="utf-8")
    assert "The ferry runs twice a day." in load_document(path).text


def test_unicode_text_with_a_byte_order_mark_and_windows_quotes_are_decoded(tmp_path: Path) -> None:
    utf16 = tmp_path / "notepad.txt"
    utf16.write_bytes("The port handled 318 ships.".encode("utf-16"))
    assert load_document(utf16).text == "The port handled 318 ships."
    for encoding in ("utf-16-le", "utf-16-be"):  # no byte-order mark
        utf16.write_bytes("The port of 東京 handled 318 ships.".encode(encoding))
        assert load_document(utf16).text == "The port of 東京 handled 318 ships."
    samples = tmp_path / "samples.txt"  # 16-bit numbers: NUL bytes in every other place, but no text
    samples.write_bytes(bytes(b for n in range(1, 200) for b in (n % 32, 0)))
    with pytest.raises(LoadError, match=r"samples\.txt: binary content"):
        load_document(samples)
    western = tmp_path / "quotes.txt"
    western.write_bytes(
        "He said \u201cthe bridge cost \u20ac42 million\u201d \u2013 twice the plan.".encode("cp1252")
    )
    assert "\u201cthe bridge cost \u20ac42 million\u201d \u2013" in load_document(western).text


def test_symbol_font_bullets_read_as_bullets(tmp_path: Path) -> None:
    """Word's bullets, copied out of a PDF, are Symbol's and Wingdings' private-use characters."""
    path = tmp_path / "notes.txt"
    path.write_text("Planned work:\n\uf0b7 Liferaft inspection\n\uf0a7 Hull survey\n", encoding="utf-8")
    assert load_document(path).text == "Planned work:\n• Liferaft inspection\n• Hull survey\n"


def test_docx_tables_stay_where_they_are(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Introduction to the budget.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Repairs"
    table.rows[0].cells[1].text = "40,000"
    document.add_paragraph("Conclusion of the report.")
    document.save(str(tmp_path / "budget.docx"))
    text = load_document(tmp_path / "budget.docx").text
    assert text.index("Introduction") < text.index("Repairs | 40,000") < text.index("Conclusion")


def test_docx_table_rows_keep_equal_cells_and_write_merged_ones_once(tmp_path: Path) -> None:
    """Two cells that say the same are two columns ("Yes | Yes"); a cell merged across two columns is
    one; a paragraph with no full stop before a table is not joined to its first row."""
    document = docx.Document()
    document.add_paragraph("Feature support by platform")
    table = document.add_table(rows=3, cols=3)
    header_and_sockets = (("Feature", "Linux", "macOS"), ("Sockets", "Yes", "Yes"))
    for row, values in zip(table.rows, header_and_sockets, strict=False):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.rows[2].cells[1].merge(table.rows[2].cells[2])
    table.rows[2].cells[0].text = "Threads"
    merged.text = "2 on both"
    document.save(str(tmp_path / "matrix.docx"))
    text = load_document(tmp_path / "matrix.docx").text
    assert "Feature support by platform\n\nFeature | Linux | macOS\n" in text
    assert "Sockets | Yes | Yes\n" in text
    assert text.endswith("Threads | 2 on both")


def _docx_price_table(path: Path, header: str) -> Path:
    """A price list whose first row is a header typed bold (``header="bold"``), marked as Word's
    repeated header row (``"marked"``), or plain text like the rows under it (``"plain"``)."""
    document = docx.Document()
    document.add_paragraph("Spring catalogue.")
    rows = (("Item", "Colour", "Price"), ("Widget A", "Blue", "$12"), ("Widget B", "", "$15"))
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    first = table.rows[0]
    if header == "bold":
        for cell in first.cells:
            cell.paragraphs[0].runs[0].bold = True
    elif header == "table style":  # Word's built-in styles make the first row bold
        table.style = "Light Grid Accent 1"
    elif header == "paragraph style":  # LibreOffice types header cells in its bold "Table Heading"
        heading = document.styles.add_style("Table Heading", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        heading.font.bold = True
        for cell in first.cells:
            cell.paragraphs[0].style = heading
    elif header == "marked":
        from docx.oxml import OxmlElement

        first._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    document.save(str(path))
    return path


@pytest.mark.parametrize("header", ["bold", "table style", "paragraph style", "marked"])
def test_docx_table_under_a_header_row_names_each_cell_by_its_column(tmp_path: Path, header: str) -> None:
    """A row quoted alone still says what its values are; an empty cell is left out, and the header
    row, which every row now says, goes."""
    text = load_document(_docx_price_table(tmp_path / "prices.docx", header)).text
    assert text == (
        "Spring catalogue.\n\nItem: Widget A | Colour: Blue | Price: $12\n\nItem: Widget B | Price: $15"
    )


def test_docx_table_with_a_bold_first_row_of_data_keeps_it_as_a_row(tmp_path: Path) -> None:
    """A contact list that sets its project lead in bold: her row is data (an e-mail address is no
    column's name), and the other rows are not labelled with her details."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    rows = (("Project lead", "Astrid Moe", "astrid@example.org"), ("Firmware", "Per Lund", "per@example.org"))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    document.save(str(tmp_path / "contacts.docx"))
    assert load_document(tmp_path / "contacts.docx").text == (
        "Project lead | Astrid Moe | astrid@example.org\n\nFirmware | Per Lund | per@example.org"
    )


@pytest.mark.parametrize(
    ("first", "labelled"),
    [
        (("Name", "Licence", "Convictions in the last 5 years"), True),  # a figure inside words names
        (("Tomasz Barrow", "Full UK", "02/11/1981"), False),  # a date opens a cell: data
    ],
)
def test_docx_bold_first_row_names_columns_unless_a_cell_opens_with_a_figure(
    tmp_path: Path, first: tuple[str, ...], labelled: bool
) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (first, ("Freya Barrow", "Full UK, 1 year", "None")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    document.save(str(tmp_path / "drivers.docx"))
    text = load_document(tmp_path / "drivers.docx").text
    named = "Name: Freya Barrow | Licence: Full UK, 1 year | Convictions in the last 5 years: None"
    assert (text == named) is labelled
    assert labelled or text.endswith("Freya Barrow | Full UK, 1 year | None")


def test_docx_form_of_bold_labels_each_before_its_value_is_read_as_fields(tmp_path: Path) -> None:
    """A report's form sets its labels bold in the first and third columns, each before its value:
    each pair is a field, not the first column naming the rest of its row."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    rows = (
        ("Job number", "CH-25-11947", "Date of visit", "3 December 2025"),
        ("Engineer", "Marek Villanueva-Shaw", "Gas Safe ID", "4471902"),
    )
    for row, values in zip(table.rows, rows, strict=True):
        for n, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = value
            cell.paragraphs[0].runs[0].bold = n % 2 == 0
    address = table.add_row().cells  # a value merged across the rest of its row
    address[0].text = "Address"
    address[0].paragraphs[0].runs[0].bold = True
    address[1].merge(address[3]).text = "7 Bramble Mews, Ferncombe"
    document.save(str(tmp_path / "report.docx"))
    assert load_document(tmp_path / "report.docx").text == (
        "Job number: CH-25-11947 | Date of visit: 3 December 2025\n\n"
        "Engineer: Marek Villanueva-Shaw | Gas Safe ID: 4471902\n\nAddress: 7 Bramble Mews, Ferncombe"
    )


def test_docx_title_merged_across_the_table_above_its_bold_header(tmp_path: Path) -> None:
    """An inventory's room name spans the table above the bold header that names its columns."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    title = table.rows[0].cells[0].merge(table.rows[0].cells[2])
    title.text = "Living room"
    for cell, name in zip(table.rows[1].cells, ("Item", "Description", "Condition"), strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    for cell, value in zip(table.rows[2].cells, ("Sofa", "Grey, 3-seat", "Good"), strict=True):
        cell.text = value
    document.save(str(tmp_path / "inventory.docx"))
    assert load_document(tmp_path / "inventory.docx").text == (
        "Living room\n\nItem: Sofa | Description: Grey, 3-seat | Condition: Good"
    )


def test_docx_merged_cell_under_a_header_of_years_leaves_later_columns_named(tmp_path: Path) -> None:
    """A budget's bold header names a column and two years; its total row merges the first two cells:
    the total still says which year it is for, and the merged label names no column."""
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for cell, name in zip(table.rows[0].cells, ("Department", "2024", "2025"), strict=True):
        cell.paragraphs[0].add_run(name).bold = True
    for cell, value in zip(table.rows[1].cells, ("Roads", "1.2m", "1.4m"), strict=True):
        cell.text = value
    table.rows[2].cells[0].merge(table.rows[2].cells[1]).text = "Total"
    table.rows[2].cells[2].text = "1.75m"
    document.save(str(tmp_path / "budget.docx"))
    assert load_document(tmp_path / "budget.docx").text == (
        "Department: Roads | 2024: 1.2m | 2025: 1.4m\n\nTotal | 2025: 1.75m"
    )


def test_docx_table_with_a_plain_first_row_keeps_it_as_a_row(tmp_path: Path) -> None:
    """A first row typed like the others may be data (a form's "Name | Ada"): no column names."""
    text = load_document(_docx_price_table(tmp_path / "prices.docx", "plain")).text
    assert text == "Spring catalogue.\n\nItem | Colour | Price\n\nWidget A | Blue | $12\n\nWidget B | $15"


def test_markdown_table_rows_are_paragraphs_with_their_column_names(tmp_path: Path) -> None:
    """The delimiter row goes; a cell's escaped pipe is a pipe; a header's empty corner names no
    column, its years name theirs; a table at the end of a line-run closes it."""
    path = tmp_path / "ports.md"
    path.write_text(
        "# Ports\n\n| Service | Port \\| proto |\n|:--|--:|\n| PostgreSQL | 5432/tcp |\n| DNS | 53 |\n"
        "Next line.\n\n|  | 2023 | 2024 |\n|---|---|---|\n| Visitors | 9 000 | 12 000 |\n",
        encoding="utf-8",
    )
    assert load_document(path).text == (
        "# Ports\n\nService: PostgreSQL | Port | proto: 5432/tcp\n\nService: DNS | Port | proto: 53\n\n"
        "Next line.\n\nVisitors | 2023: 9 000 | 2024: 12 000\n"
    )


def test_html_table_rows_name_their_fields_and_keep_their_caption(tmp_path: Path) -> None:
    """A row that opens with a <th> reads "Name: value"; a header row of years (<th>, an empty corner)
    names its columns, as an old page's row of bold cells does; a bold row of data names none."""
    text = load_html(
        tmp_path,
        "<html><body><p>About zlib.</p><table><caption>Release</caption>"
        "<tr><th>Version</th><td>1.3.1</td></tr>"
        "<tr><th>Licence</th><td>zlib <code>(MIT-like)</code></td></tr>"
        "</table><table><tr><td></td><th>2023</th><th>2024</th></tr>"
        "<tr><th>Visitors</th><td>9 000</td><td>12 000</td></tr></table>"
        "<table><tr><td><b>Zones</b></td><td><strong>Adult</strong></td></tr>"
        "<tr><td>3</td><td>NOK 79</td></tr></table>"
        "<table><tr><td><code>ctxt</code>:</td><td>the XSLT context</td></tr>"
        "<tr><th>Jump to: </th><td><a href='#a'>A</a> <a href='#b'>B</a></td></tr></table>"
        "<table><tr><td><b>Lead</b></td><td><b>ada@example.org</b></td></tr>"
        "<tr><td>Deputy</td><td>bo@example.org</td></tr></table></body></html>",
    ).text
    assert text == (
        "About zlib.\n\nRelease\n\nVersion: 1.3.1\n\nLicence: zlib `(MIT-like)`\n\n"
        "Visitors | 2023: 9 000 | 2024: 12 000\n\nZones: 3 | Adult: NOK 79\n\n"
        "`ctxt`: the XSLT context\n\nJump to: A B\n\nLead | ada@example.org\n\nDeputy | bo@example.org"
    )


def test_html_code_elements_that_touch_are_one_code_span(tmp_path: Path) -> None:
    """texi2any writes an option as two <tt> elements side by side; code apart stays apart."""
    text = load_html(
        tmp_path,
        "<html><body><p>The long option <tt>-</tt><tt>-emulate</tt> must come first; "
        "<code>a</code> <code>b</code> are two.</p></body></html>",
    ).text
    assert text == "The long option `--emulate` must come first; `a` `b` are two."


def test_html_bold_first_row_may_name_years_but_not_a_timeline(tmp_path: Path) -> None:
    """A bold row of a name and years names the columns of the figures under it; a bold row of years
    over rows of years is a timeline's data."""
    text = load_html(
        tmp_path,
        "<html><body><table><tr><td><b>Service</b></td><td><b>2024</b></td><td><b>2025</b></td></tr>"
        "<tr><td>Buses</td><td>41</td><td>44</td></tr></table>"
        "<table><tr><td><b>Event</b></td><td><b>2019</b></td></tr>"
        "<tr><td>Opened</td><td>2021</td></tr></table></body></html>",
    ).text
    assert text == "Service: Buses | 2024: 41 | 2025: 44\n\nEvent | 2019\n\nOpened | 2021"


def test_html_table_cells_keep_their_columns_under_a_header_of_two_rows(tmp_path: Path) -> None:
    """A group of columns named above the columns' own names ("Low season" over "Per night" and "Per
    week") names each column by both; an empty cell keeps its place, so the cells after it keep their
    columns; a cell spanning rows is said in each; a section's title across the table is no header."""
    text = load_html(
        tmp_path,
        "<html><body><table><thead>"
        "<tr><th rowspan='2'>Pitch</th><th colspan='2'>Low season</th><th colspan='2'>High season</th></tr>"
        "<tr><th>Per night</th><th>Per week</th><th>Per night</th><th>Per week</th></tr></thead>"
        "<tbody><tr><td>Tent</td><td>£18</td><td>£110</td><td>£26</td><td>£165</td></tr>"
        "<tr><td>Bell tent</td><td>£75</td><td></td><td>£110</td><td>£700</td></tr></tbody></table>"
        "<table><tr><th>Zone</th><th>Route</th><th>Fare</th></tr>"
        "<tr><th colspan='3'>Weekdays</th></tr>"
        "<tr><td rowspan='2'>Inner</td><td>47</td><td>£2</td></tr><tr><td>48</td><td>£3</td></tr>"
        "</table></body></html>",
    ).text
    assert text == (
        "Pitch: Tent | Low season, Per night: £18 | Low season, Per week: £110 | "
        "High season, Per night: £26 | High season, Per week: £165\n\n"
        "Pitch: Bell tent | Low season, Per night: £75 | High season, Per night: £110 | "
        "High season, Per week: £700\n\n"
        "Weekdays\n\nZone: Inner | Route: 47 | Fare: £2\n\nZone: Inner | Route: 48 | Fare: £3"
    )


def test_markdown_line_break_is_a_space_in_a_table_cell_and_a_new_line_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "courses.md"
    path.write_text(
        "Brackenford Centre<br>Lowgate\n\n| Course | Fee |\n|---|---|\n"
        "| Upholstery: drop-in seats<br>*materials extra* | £164 |\n",
        encoding="utf-8",
    )
    assert load_document(path).text == (
        "Brackenford Centre\nLowgate\n\nCourse: Upholstery: drop-in seats *materials extra* | Fee: £164\n"
    )


def test_markdown_html_table_and_backslash_line_break(tmp_path: Path) -> None:
    """A table written in HTML inside Markdown reads as its pipe tables do, a row a paragraph under its
    columns' names; a backslash that ends a line breaks it, but not in a code block."""
    path = tmp_path / "pool.md"
    path.write_text(
        "## Prices\n\n<table>\n  <tr><th>Ticket</th><th>Peak</th><th>Off-peak</th></tr>\n"
        "  <tr><td>Adult swim</td><td>£5.40</td><td>£4.20</td></tr>\n</table>\n\n"
        "Corran Leisure Pool\\\nSandgate Road\n\n    ./configure \\\n      --prefix=/usr\n",
        encoding="utf-8",
    )
    assert load_document(path).text == (
        "## Prices\n\nTicket: Adult swim | Peak: £5.40 | Off-peak: £4.20\n\n"
        "Corran Leisure Pool\nSandgate Road\n\n    ./configure \\\n      --prefix=/usr\n"
    )


def test_a_markdown_html_table_holding_a_table_in_a_cell_is_read_whole(tmp_path: Path) -> None:
    """The table in a cell closes first: the rows after it are the outer table's, not raw HTML."""
    path = tmp_path / "faq.md"
    path.write_text(
        "<table>\n  <tr><th>Ticket</th><th>Price</th><th>Pay monthly?</th></tr>\n"
        "  <tr><td>Weekend adult</td><td>£189</td><td>\n"
        "    <table>\n      <tr><th>When</th><th>Payment</th></tr>\n"
        "      <tr><td>At booking</td><td>£49</td></tr>\n    </table>\n  </td></tr>\n"
        "  <tr><td>Weekend teen</td><td>£95</td><td>No</td></tr>\n</table>\n\nCamping is included.\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "When: At booking | Payment: £49" in text
    assert "Ticket: Weekend teen | Price: £95 | Pay monthly?: No" in text
    assert "<" not in text and text.endswith("Camping is included.\n")


def test_markdown_table_without_column_names_and_definition_list(tmp_path: Path) -> None:
    """A table whose header row is empty is a box of fields, its cells' bold marks gone; a definition
    list's description is indented under its term, as an HTML one is read."""
    path = tmp_path / "contract.md"
    path.write_text(
        "| | |\n|---|---|\n| **Contract no.** | HC-31852 |\n| **Weekly rent** | £176.40 |\n\n"
        "| Item | Amount |\n|---|---|\n| **Total** | **£7,056.00** |\n\n"
        "Guests\n: You may have one overnight guest for up to 3 nights. Sign them\n  in at reception.\n",
        encoding="utf-8",
    )
    assert load_document(path).text == (
        "Contract no.: HC-31852\n\nWeekly rent: £176.40\n\nItem: Total | Amount: £7,056.00\n\n"
        "Guests\n    You may have one overnight guest for up to 3 nights. Sign them\n    in at reception.\n"
    )


def test_docx_made_from_hard_wrapped_text_has_its_sentences_whole(tmp_path: Path) -> None:
    """A converter made a paragraph of each line; a new sentence or heading still starts its own."""
    document = docx.Document()
    for line in ("Protected", "Denote that a package must be always installed and cannot be", "removed."):
        document.add_paragraph(line)
    document.add_paragraph("It applies to essential packages.")
    document.save(str(tmp_path / "policy.docx"))
    text = load_document(tmp_path / "policy.docx").text
    assert text == (
        "Protected\n\nDenote that a package must be always installed and cannot be\nremoved.\n\n"
        "It applies to essential packages."
    )


def test_docx_with_damaged_xml_is_reported(tmp_path: Path) -> None:
    import zipfile

    source = write_docx(tmp_path / "good.docx")
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as good, zipfile.ZipFile(damaged, "w") as bad:
        for item in good.infolist():
            content = good.read(item)
            bad.writestr(
                item, content[: len(content) // 2] if item.filename == "word/document.xml" else content
            )
    with pytest.raises(LoadError, match=r"unreadable DOCX \(XMLSyntaxError\)"):
        load_document(damaged)


def test_docx_table_without_its_properties_is_read_as_word_processors_read_it(tmp_path: Path) -> None:
    """w:tblPr is required, but LibreOffice opens a table without it (python-docx's own fixtures have
    one): its rows are read, not the file lost to python-docx's error."""
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Fee</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>£5</w:t></w:r>"
        "</w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Room</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>"
        "<w:t>£9</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    assert "Fee | £5\n\nRoom | £9" in load_document(_docx_with_body_xml(tmp_path / "fees.docx", [table])).text


def test_a_file_a_parser_fails_on_its_own_way_is_reported_in_one_line(tmp_path: Path) -> None:
    """A DOCX whose compressed body is damaged makes zlib raise, which no loader expects: the file
    fails with a one-line reason naming it (and an ingest goes on), it does not stop the ingest."""
    import zipfile

    word = docx.Document()
    word.add_paragraph("The fee is £5. " * 50)
    word.save(tmp_path / "fees.docx")
    data = bytearray((tmp_path / "fees.docx").read_bytes())
    with zipfile.ZipFile(tmp_path / "fees.docx") as package:
        body = package.getinfo("word/document.xml")
    start = body.header_offset + 30 + len(body.filename) + len(body.extra)  # its compressed bytes
    data[start + 5 : start + 9] = bytes(b ^ 0xFF for b in data[start + 5 : start + 9])
    with pytest.raises(
        LoadError, match=r"fees\.docx: unreadable DOCX \(zlib\.error: Error -3 while decompressing"
    ):
        load_document(tmp_path / "fees.docx", bytes(data))


def test_the_date_and_author_a_file_carries_become_its_metadata(tmp_path: Path) -> None:
    """What --after/--before filter on (published_at) and the header indexed with each chunk."""
    pdf = tmp_path / "memo.pdf"
    writer = _pdf_writer(write_pdf(tmp_path / "plain.pdf", ["The harbour opens at dawn."]))
    writer.add_metadata({"/Author": "Ada Vik", "/CreationDate": "D:20240305101500+01'00'"})
    writer.write(pdf)
    html = tmp_path / "page.html"
    html.write_text(
        '<html><head><meta name="author" content="Ola  Nordmann">'
        '<meta property="article:published_time" content="2023-09-26T17:01:22Z"></head>'
        "<body><p>The ferry leaves at nine.</p></body></html>",
        encoding="utf-8",
    )
    word = docx.Document()
    word.core_properties.author = "Kari Holm"
    word.core_properties.created = datetime(2022, 1, 31, 8, 0, tzinfo=UTC)
    word.add_paragraph("The bridge opened in May.")
    word.save(str(tmp_path / "note.docx"))
    assert load_document(pdf).metadata == {"author": "Ada Vik", "published_at": "2024-03-05T10:15:00+01:00"}
    assert load_document(html).metadata == {
        "author": "Ola Nordmann",
        "published_at": "2023-09-26T17:01:22+00:00",
    }
    assert load_document(tmp_path / "note.docx").metadata == {
        "author": "Kari Holm",
        "published_at": "2022-01-31T08:00:00+00:00",
    }
    anonymous = tmp_path / "anonymous.pdf"  # reportlab's default author is a placeholder
    write_pdf(anonymous, ["Nothing to attribute."])
    assert "author" not in load_document(anonymous).metadata
    template = docx.Document()  # python-docx's template names itself the author, dated 2013-12-23
    template.add_paragraph("Nothing to date.")
    template.save(str(tmp_path / "template.docx"))
    assert load_document(tmp_path / "template.docx").metadata == {}


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: Ferry times\npublished_at: 2024-05-01\n...\n",  # YAML's own end marker
        '+++\ntitle = "Ferry times"\npublished_at = 2024-05-01\n+++\n',  # TOML (Hugo)
    ],
)
def test_markdown_front_matter_in_yaml_or_toml(tmp_path: Path, front: str) -> None:
    path = tmp_path / "ferry.md"
    path.write_text(front + "The ferry leaves at nine.\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "Ferry times"
    assert document.metadata == {"published_at": "2024-05-01"}
    assert document.text == "The ferry leaves at nine.\n"


@pytest.mark.parametrize(
    ("front", "warning"),
    [
        ("---\ntitle: [unclosed\n---\n", "invalid YAML front matter (ParserError), indexed as text"),
        ('+++\ntitle = "unclosed\n+++\n', "invalid TOML front matter"),
    ],
)
def test_markdown_with_broken_front_matter_is_indexed_with_a_warning(
    tmp_path: Path, front: str, warning: str
) -> None:
    """Not skipped whole: the body is what the reader wants; the block stays in the text as written."""
    path = tmp_path / "ferry.md"
    path.write_text(front + "The ferry leaves at nine.\n", encoding="utf-8")
    document = load_document(path)
    assert document.text == front + "The ferry leaves at nine.\n"
    assert document.metadata == {} and len(document.warnings) == 1
    assert document.warnings[0].startswith(warning)


def test_pdf_words_set_apart_by_character_spacing_are_read_apart(tmp_path: Path) -> None:
    """Ghostscript sets groff's justified man pages piece by piece, a word gap inside a piece made
    by character spacing ("(yp) Tj" at 2.5 Tc after "(An) Tj"), for which PDFium writes no space:
    "Anypart". The gap is as wide as a space, so a space is read there; letters set close are not
    parted."""
    path = tmp_path / "manual.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    text = pdf.beginText(72, 700)
    text.setFont("Times-Roman", 10)
    # "An" is 12.22 points wide; "y" and "p" 5 each, 2.5 apart
    text._code.append(
        "(An) Tj 12.22 0 Td 2.5 Tc (yp) Tj 12.5 0 Td 0 Tc (art of the pattern may be quoted.) Tj"
    )
    pdf.drawText(text)
    pdf.save()
    assert load_document(path).text == "Any part of the pattern may be quoted."


def write_pdf_with_a_damaged_page(path: Path) -> Path:
    """Three pages; the second's content stream holds an invalid hex string, as bit rot leaves it."""
    from pypdf.generic import DecodedStreamObject, NameObject

    intact = write_pdf(path.with_name("intact.pdf"), ["Alpha page.", "Beta page.", "Gamma page."])
    writer = _pdf_writer(intact)
    intact.unlink()
    damaged = DecodedStreamObject()
    damaged.set_data(b"BT /F1 12 Tf 72 720 Td <zz> Tj ET")
    writer.pages[1][NameObject("/Contents")] = writer._add_object(damaged)
    writer.write(path)
    return path


def write_pdf_with_a_lost_page(path: Path) -> Path:
    """Three pages by the document's page count, but the second page's object was overwritten with an
    empty page tree: the third page cannot be found."""
    data = write_pdf(path, ["Alpha page.", "Beta page.", "Gamma page."]).read_bytes()
    page_two = re.compile(rb"(\n4 0 obj\n<<).*?(>>\nendobj)", re.S)
    lost = page_two.sub(rb"\1 /Type /Pages /Kids [ ] /Count 0 \2", data, count=1)
    assert lost != data
    path.write_bytes(lost)
    return path


def test_a_damaged_pdf_page_costs_only_that_page(tmp_path: Path) -> None:
    document = load_document(write_pdf_with_a_damaged_page(tmp_path / "report.pdf"))
    assert "Alpha page." in document.text and "Gamma page." in document.text
    assert "Beta" not in document.text  # PDFium reads past the bad string: the page is empty, not fatal
    assert document.page_at(document.text.index("Gamma")) == 3
    lost = load_document(write_pdf_with_a_lost_page(tmp_path / "lost.pdf"))
    assert "Alpha page." in lost.text and "Gamma page." in lost.text
    assert lost.warnings == ["page 3 unreadable, skipped (PdfiumError: Failed to load page.)"]


def test_a_two_page_pdf_keeps_its_running_header_once_and_loses_its_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "glacier.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page, body in enumerate(
        ["The glacier survey began in May.", "The team counted 214 crevasses."], start=1
    ):
        pdf.drawString(72, 800, "Glacier Survey Annual Report - confidential")
        pdf.drawString(72, 700, body)
        pdf.drawString(300, 60, str(page))
        pdf.showPage()
    pdf.save()
    document = load_document(path)
    assert document.text == (
        "Glacier Survey Annual Report - confidential\n\n"
        "The glacier survey began in May.\n\nThe team counted 214 crevasses."
    )


def test_html_laid_out_in_tables_loses_its_menus_and_keeps_its_content_in_order(tmp_path: Path) -> None:
    """An old page in a layout table: the bar of links at the top and the menu column go; the content
    cell reads as blocks (no "|" between regions), its own table of data keeps a paragraph a row, each
    cell with its column's name, and its list of references (links too, but whole works) stays."""
    text = load_html(
        tmp_path,
        "<html><body><table width='100%'><tr><td colspan='2'><a href='/'>Home</a> | "
        "<a href='/about.html'>About us</a> | <a href='/contact.html'>Contact</a></td></tr>"
        "<tr><td valign='top'><b>Sections</b><br><a href='/news.html'>News</a><br>"
        "<a href='/events.html'>Events calendar</a><br><a href='/members.html'>Members area</a><br>"
        "<a href='/archive.html'>Archive</a></td>"
        "<td><h1>The lighthouse restoration</h1><p>Volunteers restored the lighthouse in 1998.</p>"
        "<table border='1'><tr><th>Year</th><th>Visitors</th></tr><tr><td>1999</td><td>12 000</td></tr>"
        "</table><h2>References</h2><ul>"
        "<li><a href='http://example.org/a'>Hansen, K. (1999). Lights of the south coast.</a></li>"
        "<li><a href='http://example.org/b'>Olsen, P. (2001). Restoring iron towers.</a></li>"
        "<li><a href='http://example.org/c'>Berg, T. (2003). Volunteer heritage work.</a></li>"
        "</ul></td></tr></table></body></html>",
    ).text
    assert text == (
        "# The lighthouse restoration\n\nVolunteers restored the lighthouse in 1998.\n\n"
        "Year: 1999 | Visitors: 12 000\n\n## References\n\n"
        "  * Hansen, K. (1999). Lights of the south coast.\n"
        "  * Olsen, P. (2001). Restoring iron towers.\n"
        "  * Berg, T. (2003). Volunteer heritage work."
    )


def test_html_tables_of_data_keep_their_links_and_a_line_a_row(tmp_path: Path) -> None:
    """A table of download links and an index of functions are data, links or not, a paragraph a row;
    a cell's paragraphs and line breaks stay on its row's line, spaced, after its column's name; a bar
    of links in a table of one row goes; a page laid out without headings loses its menu column; a
    question's number and the question in a
    DocBook table (with a summary, as DocBook gives its layout tables) read as one line."""
    text = load_html(
        tmp_path,
        "<html><body><table><tr><td><a href='/'>Home</a></td><td><a href='/n'>News</a></td>"
        "<td><a href='/c'>Contact</a></td></tr></table>"
        "<table><tr><td><a href='/'>Home</a><br><a href='/n'>News</a><br><a href='/e'>Events</a></td>"
        "<td><p>The ferry leaves at nine.</p><p>It returns at five.</p></td></tr></table>"
        "<table><tr><td>Linux</td><td><a href='a'>x64</a> <a href='b'>arm64</a> <a href='c'>source</a>"
        "</td></tr><tr><td>macOS</td><td><a href='d'>x64</a> <a href='e'>arm64</a></td></tr></table>"
        "<table><tr><th>Term</th><th>Meaning</th></tr><tr><td>Lee</td><td><p>The sheltered side.</p>"
        "<p>Away from wind.</p></td></tr><tr><td>Fetch</td><td>Open water<br>upwind</td></tr></table>"
        "<table summary='Q and A Div'><tr><td colspan='2'><h3>1. Sailing</h3></td></tr>"
        "<tr><td><b>1.1.</b></td><td><b>What is a reef?</b></td></tr>"
        "<tr><td></td><td><p>A sail made smaller.</p></td></tr></table></body></html>",
    ).text
    assert text == (
        "The ferry leaves at nine.\n\nIt returns at five.\n\n"
        "Linux | x64 arm64 source\n\nmacOS | x64 arm64\n\n"
        "Term: Lee | Meaning: The sheltered side. Away from wind.\n\n"
        "Term: Fetch | Meaning: Open water upwind\n\n"
        "### 1. Sailing\n\n1.1. What is a reef?\n\nA sail made smaller."
    )


def test_html_index_page_keeps_its_links(tmp_path: Path) -> None:
    """A page that is little but a list of links beside its menu column: the links are its content
    (most of the page), the menu column goes."""
    entries = "".join(f"<li><a href='f{n}.html'>xsltFunction{n}</a></li>" for n in range(12))
    text = load_html(
        tmp_path,
        "<html><body><table><tr><td><a href='/'>Home</a><br><a href='/d'>Docs</a><br>"
        f"<a href='/b'>Bugs</a></td><td><h2>Index of functions</h2><ul>{entries}</ul></td></tr>"
        "</table></body></html>",
    ).text
    assert text.startswith("## Index of functions\n\n  * xsltFunction0\n")
    assert "xsltFunction11" in text and "Home" not in text


def _docx_with_body_xml(path: Path, blocks: list[str]) -> Path:
    """A DOCX whose body holds ``blocks``, WordprocessingML as Word writes it (python-docx has no API
    for tracked changes, fields or content controls)."""
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    section = document.element.body[-1]  # the body's last child: its section properties
    for block in blocks:
        section.addprevious(parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {namespace}", block)))
    document.save(str(path))
    return path


def test_docx_reads_tracked_changes_fields_and_content_controls_once_in_order(tmp_path: Path) -> None:
    """Inserted text is read and deleted text is not (changes accepted); text moved is read where it
    went to, once; a field's result, a content control's and a smart tag's text are read in place;
    a table of contents Word keeps in a content control is not (it repeats the headings)."""
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'.format
    toc = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
        f"</w:sdtPr><w:sdtContent><w:p>{run('Fares 2')}</w:p></w:sdtContent></w:sdt>"
    )
    path = _docx_with_body_xml(
        tmp_path / "fares.docx",
        [
            toc,
            f"<w:p>{run('The fare is ')}<w:del w:id='1' w:author='a'><w:r><w:delText>40</w:delText></w:r>"
            f"</w:del><w:ins w:id='2' w:author='a'>{run('45')}</w:ins>{run(' kroner.')}</w:p>",
            f"<w:p><w:moveFrom w:id='3' w:author='a'>{run('Pay on board.')}</w:moveFrom></w:p>",
            f"<w:p>{run('Printed on page ')}<w:fldSimple w:instr=' PAGE '>{run('7')}</w:fldSimple>"
            f"{run(' by ')}<w:sdt><w:sdtContent>{run('Ola Nordmann')}</w:sdtContent></w:sdt>"
            f"{run(' in ')}<w:smartTag w:uri='urn:x' w:element='place'>{run('Bergen')}</w:smartTag>"
            f"{run('.')}</w:p>",
            f"<w:sdt><w:sdtContent><w:p>{run('Children ride free.')}</w:p></w:sdtContent></w:sdt>",
            f"<w:p><w:moveTo w:id='4' w:author='a'>{run('Pay on board.')}</w:moveTo></w:p>",
        ],
    )
    assert load_document(path).text == (
        "The fare is 45 kroner.\n\nPrinted on page 7 by Ola Nordmann in Bergen.\n\n"
        "Children ride free.\n\nPay on board."
    )


def test_docx_letterhead_and_footer_are_read_once_without_page_numbers(tmp_path: Path) -> None:
    """A letter's header names its sender and its footer a licence, which the body never says: they
    open and close the text, once however many sections share them; a page number is left out."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Pawsworth Boarding Kennels · Holt Lane, Ebbersley · 01632 960 298"
    section.footer.paragraphs[0].text = "Licensed by Ebbersley District Council, licence AAL-0419"
    section.footer.add_paragraph("Page 1 of 2")
    document.add_paragraph("Dear Mr Vantongeren, thank you for booking Biscuit in with us.")
    document.add_section()  # its header and footer are linked to the first section's
    document.add_paragraph("Kind regards, Ffion Castellano")
    path = tmp_path / "booking.docx"
    document.save(str(path))
    text = load_document(path).text
    assert text.startswith("Pawsworth Boarding Kennels · Holt Lane, Ebbersley · 01632 960 298\n\nDear")
    assert text.endswith("Ffion Castellano\n\nLicensed by Ebbersley District Council, licence AAL-0419")
    assert text.count("Pawsworth") == 1 and "Page 1" not in text


def test_docx_footers_page_fields_are_left_out_of_its_line(tmp_path: Path) -> None:
    """ "Page 1 of 1" as Word's PAGE and NUMPAGES fields show it in a footer that also names the parties
    (a complex field and a simple one): the line is kept, without the page it was last shown on."""
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = "Pellworth Valley Schools Trust · Confidential · Page "
    footer._p.append(
        parse_xml(
            f"<w:r {namespace}><w:fldChar w:fldCharType='begin'/><w:instrText> PAGE </w:instrText>"
            "<w:fldChar w:fldCharType='separate'/><w:t>1</w:t><w:fldChar w:fldCharType='end'/></w:r>"
        )
    )
    footer.add_run(" of ")
    footer._p.append(
        parse_xml(f"<w:fldSimple {namespace} w:instr=' NUMPAGES '><w:r><w:t>1</w:t></w:r></w:fldSimple>")
    )
    document.add_paragraph("The Contractor shall cut the hedges twice a year.")
    document.save(str(tmp_path / "agreement.docx"))
    text = load_document(tmp_path / "agreement.docx").text
    assert text.endswith("twice a year.\n\nPellworth Valley Schools Trust · Confidential")


def test_docx_fields_word_could_not_compute_are_left_out(tmp_path: Path) -> None:
    """A cross-reference to a heading since deleted, a running header's STYLEREF to a style the
    document never uses: Word shows "Error! ..." in their place, which is no text of the document;
    a field that worked is read."""
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def field(instruction: str, shown: str) -> str:
        return (
            f"<w:r {namespace}><w:fldChar w:fldCharType='begin'/><w:instrText>{instruction}</w:instrText>"
            f"<w:fldChar w:fldCharType='separate'/><w:t>{shown}</w:t><w:fldChar w:fldCharType='end'/></w:r>"
        )

    document = docx.Document()
    document.sections[0].header.paragraphs[0]._p.append(
        parse_xml(field(' STYLEREF "Heading 7" ', "Error! No text of specified style in document."))
    )
    body = document.add_paragraph("Torque the bolts as set out in section ")
    body._p.append(parse_xml(field(" REF _Ref1 \\h ", "Error! Reference source not found.")))
    body.add_run(" and table ")
    body._p.append(parse_xml(field(" REF _Ref2 \\h ", "4")))
    body.add_run(".")
    document.add_paragraph("See also ").runs[0]._r.addnext(
        parse_xml(
            f"<w:fldSimple {namespace} w:instr=' REF _Ref3 '><w:r><w:t>Error! Bookmark not defined.</w:t>"
            "</w:r></w:fldSimple>"
        )
    )
    document.save(str(tmp_path / "service.docx"))
    text = load_document(tmp_path / "service.docx").text
    assert "Error!" not in text
    assert "as set out in section and table 4." in " ".join(text.split())


def test_docx_first_pages_letterhead_comes_before_the_other_pages_header(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "ALDWICK FOODS · Greywell Mill · 01632 961 480"
    section.header.paragraphs[0].text = "Mr C. Nwankwo-Fell · Offer of employment"
    document.add_paragraph("Dear Casimir, I am delighted to offer you the job.")
    path = tmp_path / "offer.docx"
    document.save(str(path))
    assert load_document(path).text.startswith(
        "ALDWICK FOODS · Greywell Mill · 01632 961 480\n\nMr C. Nwankwo-Fell · Offer of employment\n\nDear"
    )


def test_docx_text_box_is_read_once_and_a_footnote_with_its_changes(tmp_path: Path) -> None:
    """A text box follows the paragraph it is anchored in, read from its DrawingML copy and not again
    from the VML fallback; a footnote's inserted words are read, its deleted ones are not."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:txbxContent><w:p><w:r><w:t>Boats "
        "moor here.</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p>"
        "<w:r><w:t>Boats moor here.</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent>"
        "</w:r>"
    )
    path = _docx_with_body_xml(
        tmp_path / "harbour.docx",
        [
            '<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<w:r><w:t>The pier is long.</w:t></w:r>{box}</w:p>",
            "<w:p><w:r><w:t>It was rebuilt.</w:t></w:r></w:p>",
        ],
    )
    document = docx.Document(str(path))
    notes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:footnote w:id='1'><w:p><w:r><w:t xml:space='preserve'>Rebuilt in </w:t></w:r>"
        "<w:del w:id='5' w:author='a'><w:r><w:delText>2002</w:delText></w:r></w:del>"
        "<w:ins w:id='6' w:author='a'><w:r><w:t>2003</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>"
        "</w:footnote></w:footnotes>"
    )
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    part = Part(PackURI("/word/footnotes.xml"), content_type, notes.encode(), document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))
    assert load_document(path).text == (
        "The pier is long.\n\nBoats moor here.\n\nIt was rebuilt.\n\nNotes\n\nRebuilt in 2003."
    )


def test_docx_list_items_are_numbered_as_word_shows_them(tmp_path: Path) -> None:
    """Word keeps no list number in the text: they are counted from numbering.xml. A style's list
    (python-docx's "List Number") continues after a bulleted list; an outline list counts its
    levels in their own formats ("%1.%2", lower letters), a deeper level restarting under each new
    item; an instance that overrides its start counts on its own."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    level = (
        '<w:lvl w:ilvl="{}"><w:start w:val="1"/><w:numFmt w:val="{}"/><w:lvlText w:val="{}"/></w:lvl>'.format
    )
    outline = level(0, "decimal", "%1.") + level(1, "decimal", "%1.%2") + level(2, "lowerLetter", "%3)")
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{outline}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride>'
    numbering.append(parse_xml(f'<w:num {w} w:numId="91"><w:abstractNumId w:val="90"/>{restart}</w:num>'))

    def item(text: str, num_id: int, ilvl: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )

    document.add_paragraph("Download the package.", style="List Number")
    document.add_paragraph("Unpack it.", style="List Number")
    document.add_paragraph("fast", style="List Bullet")
    document.add_paragraph("Run the installer.", style="List Number")
    for text, num_id, ilvl in [
        ("Scope", 90, 0),
        ("Goals", 90, 1),
        ("Speed", 90, 2),
        ("Size", 90, 2),
        ("Limits", 90, 1),
        ("Detail", 90, 2),
        ("Method", 90, 0),
        ("Appendix", 91, 0),
    ]:
        item(text, num_id, ilvl)
    document.save(str(tmp_path / "lists.docx"))
    assert load_document(tmp_path / "lists.docx").text.split("\n\n") == [
        "1. Download the package.",
        "2. Unpack it.",
        "• fast",
        "3. Run the installer.",
        "1. Scope",
        "1.1 Goals",
        "a) Speed",
        "b) Size",
        "1.2 Limits",
        "a) Detail",
        "2. Method",
        "7. Appendix",
    ]


def test_pdf_superscripts_are_footnote_marks_powers_or_labels_and_break_no_line(tmp_path: Path) -> None:
    """PDFium broke the line around raised marks and ran a power into its base. A footnote mark goes
    (after a full stop, so the splitter sees the sentence end; after a word, a year, an amount, a per
    cent sign or a bracket); a power after 10 or 2, or a negative one, is written with "^"; a unit's
    or symbol's exponent stays ("km2"); a subscript stays ("CO2"); a note keeps its label; a mark at
    a line's real end keeps that line break."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"]
    path = tmp_path / "notes.pdf"
    report = "The harbour report noted that ferry departures rose sharply over the year.<super>4</super> "
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [
            Paragraph(
                "Dogs were not allowed.<super>1</super> The policy<super>2</super> was popular. The area is "
                "2<super>31</super> square metres, and CO<sub>2</sub> levels fell.",
                style,
            ),
            Paragraph(
                "Sales grew 8.4 per cent in 2024<super>3</super>, to 750,000 pounds<super>5</super> (see "
                "Appendix B)<super>6</super> or 12%<super>7</super>; 1.2 x 10<super>6</super> visitors, "
                "a rate of 4.7 x 10<super>-3</super> per 71 km<super>2</super>.",
                style,
            ),
            Paragraph(report * 2, style),
            Paragraph("<super>1</super> See the minutes of the council.", style),
        ]
    )
    text = load_document(path).text
    first = "Dogs were not allowed. The policy was popular. The area is 2^31 square metres, and CO2 levels"
    assert text.startswith(first)
    assert (
        "Sales grew 8.4 per cent in 2024, to 750,000 pounds (see Appendix B) or 12%; 1.2 x 10^6 visitors, "
        "a rate of 4.7 x 10^-3 per 71 km2." in " ".join(text.split())
    )
    assert "year. The harbour" in text or "year.\nThe harbour" in text
    assert text.endswith("\n1 See the minutes of the council.")


def test_docx_paragraphs_set_out_in_columns_by_tabs_are_a_table(tmp_path: Path) -> None:
    """A school day's times set out by tab stops read as a table's rows, each cell under its column's
    name; labels parted from their values by a tab (a reference, a phone list) read as fields."""
    document = docx.Document()
    for line in ["Time\tReception\tJuniors", "Gates open\t8:40\t8:40", "Registration\t8:50\t8:55"]:
        document.add_paragraph(line)
    document.add_paragraph("Lunch is served in the hall.")
    for line in ["Our ref:\tPP/2026/018834", "Zone:\tZone K (Cresswell)", "Valid from:\t1 June 2026"]:
        document.add_paragraph(line)
    document.add_paragraph("Call us if anything is wrong.")
    for line in [
        "Appointments\t01632 960 555",
        "Transport (if eligible)\t0300 555 0471",
        "Interpreters\t612",
    ]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "letter.docx"))
    text = load_document(tmp_path / "letter.docx").text
    assert "Time: Registration | Reception: 8:50 | Juniors: 8:55" in text
    assert "Our ref: PP/2026/018834\n\nZone: Zone K (Cresswell)" in text
    assert "Appointments: 01632 960 555\n\nTransport (if eligible): 0300 555 0471" in text


def test_docx_nested_bullets_are_indented_under_their_item(tmp_path: Path) -> None:
    """Every level of a bulleted list shows "•": a nested one is indented under its item, as Word
    shows it, so "or £40 a month" reads as the senior rate's, not an item of its own."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = "".join(
        f'<w:lvl w:ilvl="{n}"><w:numFmt w:val="bullet"/><w:lvlText w:val="{mark}"/></w:lvl>'
        for n, mark in enumerate("•o")
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="80">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="80"><w:abstractNumId w:val="80"/></w:num>'))
    for text, depth in [
        ("Senior: £420 a year", 0),
        ("or £40 a month by direct debit", 1),
        ("Junior: £150", 0),
    ]:
        document.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{depth}"/><w:numId w:val="80"/></w:numPr>')
        )
    document.save(str(tmp_path / "fees.docx"))
    text = load_document(tmp_path / "fees.docx").text
    assert "• Senior: £420 a year\n\n  • or £40 a month by direct debit\n\n• Junior: £150" in text


def test_docx_legal_numbering_and_a_list_style_are_numbered_as_word_shows_them(tmp_path: Path) -> None:
    """A legal-style level (w:isLgl) shows its parent's Roman numeral as a decimal ("1.1", not
    "I.1"); a list that links to a list style (w:numStyleLink) takes that style's levels."""
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    articles = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/>'
        '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl>'
    )
    rules = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    )
    for abstract_id, body in (
        (80, articles),
        (81, f'<w:styleLink w:val="AuditRules"/>{rules}'),
        (82, '<w:numStyleLink w:val="AuditRules"/>'),
    ):
        numbering.insert(
            0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="{abstract_id}">{body}</w:abstractNum>')
        )
        numbering.append(
            parse_xml(f'<w:num {w} w:numId="{abstract_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
        )
    document.styles.element.append(
        parse_xml(
            f'<w:style {w} w:type="numbering" w:styleId="AuditRules"><w:name w:val="Audit rules"/>'
            '<w:pPr><w:numPr><w:numId w:val="81"/></w:numPr></w:pPr></w:style>'
        )
    )
    for text, num_id, ilvl in [("Labour", 80, 0), ("Working hours", 80, 1), ("Audits are announced.", 82, 0)]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
    document.save(str(tmp_path / "code.docx"))
    assert load_document(tmp_path / "code.docx").text.split("\n\n") == [
        "Article I Labour",
        "1.1 Working hours",
        "1. Audits are announced.",
    ]


def test_docx_table_naming_its_rows_in_a_bold_first_column_reads_name_value(tmp_path: Path) -> None:
    """A spec sheet's two columns, names set bold: "Weight: 1.2 kg". Without bold, rows stay rows."""
    for bold, expected in (
        (True, "Weight: 1.2 kg\n\nBattery: 10 h | Li-ion"),
        (False, "Weight | 1.2 kg\n\nBattery | 10 h | Li-ion"),
    ):
        document = docx.Document()
        table = document.add_table(rows=2, cols=3)
        for row, values in zip(
            table.rows, (("Weight", "1.2 kg", ""), ("Battery", "10 h", "Li-ion")), strict=True
        ):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
            row.cells[0].paragraphs[0].runs[0].bold = bold
        document.save(str(tmp_path / "spec.docx"))
        assert load_document(tmp_path / "spec.docx").text == expected


def test_pdf_footnotes_follow_the_sentence_that_goes_on_over_the_page(tmp_path: Path) -> None:
    """A page's footnotes, set small under a raised label, sat in the middle of a sentence that goes
    on over the page; they now follow its end. A page footer set as the body stays where it was."""
    path = tmp_path / "report.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica", 11)
    for n, line in enumerate(
        ["Visitors rose to a record.", "Staff numbers held steady.", "The shop did well."]
    ):
        pdf.drawString(72, 750 - 15 * n, line)
    pdf.drawString(72, 705, "The cafe reopened in May with a new menu based on")
    pdf.setFont("Helvetica", 6)
    pdf.drawString(72, 104, "1")
    pdf.setFont("Helvetica", 8)
    pdf.drawString(78, 100, "Counted by ticket scans at both entrances.")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(300, 60, "Annual report")
    pdf.showPage()
    pdf.setFont("Helvetica", 11)
    for n, line in enumerate(
        ["local produce. The board met six times.", "Two trustees joined.", "Grants rose."]
    ):
        pdf.drawString(72, 750 - 15 * n, line)
    pdf.drawString(300, 60, "Annual report")
    pdf.showPage()
    pdf.save()
    text = load_document(path).text
    assert "based on\nlocal produce.\n\n1 Counted by ticket scans at both entrances.\n\nThe board met" in text
    assert text.endswith("Grants rose.\n\nAnnual report")  # the running footer, kept once at the end


def test_a_pdf_table_of_contents_loses_its_dot_leaders(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "guide.pdf", ["Getting started . . . . . . . . . 5", "Overview\u2026\u2026\u20266"]
    )
    text = load_document(path).text
    assert "Getting started 5" in text and "Overview 6" in text and ". ." not in text


def test_a_strict_open_xml_docx_is_read_as_the_usual_kind(tmp_path: Path) -> None:
    """Word's "Strict Open XML Document" names its namespaces under purl.oclc.org."""
    import io
    import zipfile

    usual = write_docx(tmp_path / "usual.docx").read_bytes()
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(usual)) as package, zipfile.ZipFile(strict, "w") as out:
        for item in package.infolist():
            part = package.read(item)
            if item.filename.endswith((".xml", ".rels")):
                part = re.sub(
                    rb"http://schemas\.openxmlformats\.org/(\w+)/2006/",
                    rb"http://purl.oclc.org/ooxml/\1/",
                    part,
                )
            out.writestr(item, part)
    path = tmp_path / "strict.docx"
    path.write_bytes(strict.getvalue())
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in zipfile.ZipFile(path).read("word/document.xml")
    assert load_document(path).text == load_document(tmp_path / "usual.docx").text


def test_seven_bit_iso_2022_japanese_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "tutorial.txt"
    path.write_bytes(
        "Emacs 入門ガイド\n\nコマンドを入力するには、コントロールキーを使います。\n".encode("iso2022_jp")
    )
    document = load_document(path)
    assert document.title == "Emacs 入門ガイド" and "コントロールキー" in document.text


def test_markdown_links_that_wrap_and_phrasing_tags_read_as_their_text(tmp_path: Path) -> None:
    path = tmp_path / "contributing.md"
    path.write_text(
        "# Contributing\n\nSee the [Documentation Style\nGuide](#style-guide) first.\n\n"
        'Kabir Khan - <strong>Microsoft</strong> uses <code\nclass="option">options</code>.\n',
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "See the Documentation Style\nGuide first." in text
    assert "Kabir Khan - Microsoft uses options." in text and "<" not in text


def test_a_pdf_options_minus_signs_read_as_dashes(tmp_path: Path) -> None:
    """groff sets a man page's "-c" and "--help" as minus signs; a negative number keeps its sign."""
    path = write_pdf(
        tmp_path / "bash.pdf",
        ["Use \u2212c or \u2212\u2212help, active\u2212region; \u22125 and x \u2212 y."],
    )
    assert "Use -c or --help, active-region; \u22125 and x \u2212 y." in load_document(path).text

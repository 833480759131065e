"""Every loader on a real file of its format, and the one-line errors for bad files."""

from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from index.loaders import LoadError, load_document


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


def test_html_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Harbour news</title><script>var x = 1;</script></head>"
        "<body><h1>Ferry schedule</h1><p>The ferry leaves at <b>9 am</b> daily.</p></body></html>",
        encoding="utf-8",
    )
    document = load_document(path)
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


def test_docx_paragraphs_tables_and_heading_title(tmp_path: Path) -> None:
    document = load_document(write_docx(tmp_path / "report.docx"))
    assert "Revenue grew by 12 percent in the third quarter." in document.text
    assert "Region | North" in document.text
    assert document.title == "Quarterly Report"


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
    with pytest.raises(LoadError, match="no text could be extracted"):
        load_document(path)

"""Tables written as text (index/loaders/tables.py), also those PDF and plain text lay out in columns."""

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from index.loaders import load_document
from index.loaders.tables import labelled_rows, names_columns, row_line


def test_rows_under_a_header_name_their_cells_and_a_merged_row_stays_as_it_is() -> None:
    header = ["Feature", "Linux:", "macOS"]
    rows = [["Sockets", "Yes", ""], ["Threads", "2 on both"], ["", "", ""]]
    assert labelled_rows(header, rows) == ["Feature: Sockets | Linux: Yes", "Threads | 2 on both"]


def test_a_marked_header_may_name_years_and_leave_a_corner_but_a_bold_row_must_read_as_names() -> None:
    assert names_columns(["", "2023", "2024"], marked=True)
    assert not names_columns(["", "2023"], marked=True)  # one column named: nothing to label by
    assert names_columns(["Item", "Price"], marked=False)
    assert not names_columns(["Item"], marked=False)  # one column: a list, not a table to label
    assert not names_columns(["Region", "2023"], marked=False)  # a bold row of figures is data
    assert not names_columns(["Project lead", "Astrid Moe", "astrid@example.org"], marked=False)
    assert not names_columns(["Item", ""], marked=False)
    assert not names_columns(
        ["Item", "A sentence of prose that runs on past what a column name holds."], True
    )
    assert row_line(["a", "", "c"]) == "a | c"


def test_a_cell_ending_in_a_colon_names_the_next_without_a_bar() -> None:
    assert (
        row_line(["`ctxt`:", "the XSLT transformation context"]) == "`ctxt`: the XSLT transformation context"
    )
    assert row_line(["Jump to:", "A C F", "V"]) == "Jump to: A C F | V"


def test_a_plain_text_table_laid_out_in_columns_is_written_a_row_a_line(tmp_path: Path) -> None:
    """Columns that line up: each row says what each value is; a row of names over figures names
    them. Two columns that no row names (a list of options) and prose spaced after its full stops
    stay as they are."""
    path = tmp_path / "charges.txt"
    table = (
        "Annual charges:\n\n"
        "Emissions band        First permit   Second permit\n"
        "0 g/km (electric)     £30            £30\n"
        "1-120 g/km            £75            £115\n"
        "Over 185 g/km         £190           £285\n"
    )
    options = "  -c     compact output\n  -n     use null as the input\n  -e     set the exit status\n"
    prose = (
        "The zone opened in 2019.  Permits are sold online.\n"
        "Visitors pay at the machine.  Residents do not pay.\n"
        "Blue Badge holders park free.  Others pay by the hour.\n"
    )
    path.write_text(table + "\n" + options + "\n" + prose, encoding="utf-8")
    text = load_document(path).text
    assert "Emissions band: 1-120 g/km | First permit: £75 | Second permit: £115" in text
    assert "Emissions band        First" not in text
    assert options in text and prose in text


def test_two_columns_of_names_and_figures_are_a_spec_sheets_fields(tmp_path: Path) -> None:
    path = tmp_path / "kettle.txt"
    path.write_text(
        "Specifications\n\nModel       K2-170\nCapacity    1.7 L\nPower       2200 W\n"
        "Colours     black, cream\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Capacity: 1.7 L\n\nPower: 2200 W" in text and "Colours: black, cream" in text


def _pdf_with_a_table(path: Path) -> Path:
    """A PDF page with a contacts table set in columns (its names right-aligned) under prose."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 780, "Call the people below in an emergency, in the order given.")
    rows = [("Role", "Name", "Extension"), ("Safety Officer", "Dr Alan Whitcombe", "2210")]
    rows += [("Stores Manager", "Karen Lowther", "2235"), ("Security", "Duty guard", "4444")]
    for n, (role, name, extension) in enumerate(rows):
        y = 750 - 18 * n
        pdf.drawString(72, y, role)
        if n:
            pdf.drawRightString(340, y, name)
        else:
            pdf.drawString(240, y, name)
        pdf.drawString(380, y, extension)
    pdf.drawString(72, 660, "Keep this list by the telephone.")
    pdf.save()
    return path


def test_a_pdf_table_laid_out_in_columns_is_written_a_row_a_line(tmp_path: Path) -> None:
    text = load_document(_pdf_with_a_table(tmp_path / "contacts.pdf")).text
    assert "Role: Stores Manager | Name: Karen Lowther | Extension: 2235" in text
    assert "Call the people below in an emergency, in the order given." in text
    assert "Keep this list by the telephone." in text


def test_a_plain_text_tables_row_may_leave_cells_empty(tmp_path: Path) -> None:
    """A sub-row or a blank amount does not end the table: its cells go under the columns they lie
    in, and the rows after it keep their columns' names."""
    path = tmp_path / "cover.txt"
    path.write_text(
        "Section                 Maximum cover   Excess\n"
        "Baggage                 £1,500          £75\n"
        "  Single item limit     £300\n"
        "Travel delay                            Nil\n"
        "Personal liability      £2,000,000      £250\n"
        "Legal expenses          £25,000         Nil\n"
        "Screened topsoil        £95\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Section: Single item limit | Maximum cover: £300\n" in text
    assert "Section: Screened topsoil | Maximum cover: £95" in text  # a short row ends the table too
    assert "Section: Travel delay | Excess: Nil" in text
    assert "Section: Personal liability | Maximum cover: £2,000,000 | Excess: £250" in text


def test_a_pdf_tables_sub_row_keeps_the_rows_after_it_named(tmp_path: Path) -> None:
    path = tmp_path / "cover.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    rows = [("Section", "Maximum cover", "Excess"), ("Baggage", "£1,500", "£75")]
    rows += [("   Single item limit", "£300", ""), ("Personal liability", "£2,000,000", "£250")]
    rows += [("Legal expenses", "£25,000", "Nil")]
    for n, row in enumerate(rows):
        for x, cell in zip((72, 260, 400), row, strict=True):
            pdf.drawString(x, 750 - 18 * n, cell)
    pdf.save()
    text = load_document(path).text
    assert "Section: Single item limit | Maximum cover: £300" in text
    assert "Section: Personal liability | Maximum cover: £2,000,000 | Excess: £250" in text


def test_lines_that_dot_leaders_join_are_fields(tmp_path: Path) -> None:
    """A price list's or opening hours' name and value, joined by dot leaders: "Sunday: 10.30am",
    whatever the name holds; an ellipsis in prose is no leader."""
    path = tmp_path / "hours.txt"
    path.write_text(
        "OPENING HOURS\n\n"
        "  Monday to Saturday ........ 9.00am - 5.30pm\n"
        "  Sunday .................... 10.30am - 4.30pm\n"
        "  Easter Sunday (20 April) .... Closed\n\n"
        "Wait... then go.\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Monday to Saturday: 9.00am - 5.30pm\n\nSunday: 10.30am - 4.30pm" in text
    assert "Easter Sunday (20 April): Closed" in text
    assert "Wait... then go." in text

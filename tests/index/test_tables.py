"""Tables written as text (index/loaders/tables.py), also those PDF and plain text lay out in columns."""

from pathlib import Path

import pytest
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


def test_a_first_row_of_assignments_names_no_columns(tmp_path: Path) -> None:
    """Linux-PAM's pam_env example: "DEFAULT=less" is code, not a column's name, so the first row
    stays a row (it had become every other row's labels, its own line gone)."""
    path = tmp_path / "pam.txt"
    path.write_text(
        "Set the defaults:\n\n        PAGER          DEFAULT=less\n        MANPAGER       DEFAULT=less\n"
        '        LESS           DEFAULT="M q e h15 z23 b80"\n',
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "PAGER: DEFAULT=less\n\nMANPAGER: DEFAULT=less" in text
    assert "PAGER: MANPAGER" not in text


def test_two_columns_whose_names_end_in_a_colon_are_fields_a_wrapped_value_whole(tmp_path: Path) -> None:
    """A form's names and values ("Applicant:    Mr D. Kowalczyk"), whatever the values hold; a value
    wrapped onto a line of its own under where it starts goes on with it."""
    path = tmp_path / "decision.txt"
    path.write_text(
        "NOTICE OF DECISION\n\n"
        "Application no.:   24/0617/FUL\n"
        "Applicant:         Mr and Mrs D. Kowalczyk\n"
        "Proposal:          Two-storey side extension and detached\n"
        "                   garden office (amended plans)\n"
        "Case officer:      Priya Ramsden\n\n"
        "The council grants permission.\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Application no.: 24/0617/FUL\n\nApplicant: Mr and Mrs D. Kowalczyk" in text
    assert "Proposal: Two-storey side extension and detached garden office (amended plans)\n" in text
    assert "Case officer: Priya Ramsden" in text and "The council grants permission." in text


def test_a_wrapped_line_is_left_as_it_is_where_no_table_is_written(tmp_path: Path) -> None:
    """A list of options and what they do is no table: its wrapped lines stay where they were."""
    path = tmp_path / "usage.txt"
    source = (
        "Options:\n"
        "  -c, --compact   compact output, each\n"
        "                  result on one line\n"
        "  -q, --quiet     print nothing\n"
        "  -v, --verbose   print more\n"
    )
    path.write_text(source, encoding="utf-8")
    assert load_document(path).text == source


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


def test_a_laid_out_tables_columns_named_by_periods_name_its_figures(tmp_path: Path) -> None:
    """A report compares years: "2024/25" and "Target 2025/26" name the figures under them; a first
    row of years over more years is data (a timeline), not a header."""
    path = tmp_path / "indicators.txt"
    path.write_text(
        "Indicator                      2024/25    2025/26    Target 2025/26    Status\n"
        "Recycling rate (%)             45.8       47.3       48.0              Close\n"
        "Days to process new claims     19.6       17.4       16.0              Not met\n\n"
        "Club          1998       2004       2011\n"
        "Founded       1921       1921       1921\n"
        "Promoted      1999       2005       2012\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert (
        "Indicator: Days to process new claims | 2024/25: 19.6 | 2025/26: 17.4 | Target 2025/26: 16.0 | "
        "Status: Not met" in text
    )
    assert "Club | 1998 | 2004 | 2011" in text and "Promoted | 1999 | 2005 | 2012" in text


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


def test_a_plain_text_table_whose_cells_tabs_part_is_read_by_its_columns(tmp_path: Path) -> None:
    """Tabs part the cells, not tab stops: a cell longer than a stop does not shift the next. The
    totals one blank line under the items stay in the table; tabs that indent a line stay."""
    path = tmp_path / "invoice.txt"
    path.write_text(
        "Parts and labour\n\n"
        "Item\tQty\tUnit price\tTotal\n"
        "Gold Service (labour)\t1\t£95.00\t£95.00\n"
        "Cassette, 11-speed 11-34T (Tessel CS-1134)\t1\t£54.99\t£54.99\n"
        "\n"
        "Subtotal\t\t\t£149.99\n"
        "Balance due\t\t\t£0.00\n\n"
        "\tThank you for your custom.\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert (
        "Item: Cassette, 11-speed 11-34T (Tessel CS-1134) | Qty: 1 | Unit price: £54.99 | Total: £54.99"
        in text
    )
    assert "Item: Subtotal | Total: £149.99" in text and "Item: Balance due | Total: £0.00" in text
    assert "\tThank you for your custom." in text


def test_a_table_of_a_header_and_two_rows_may_leave_cells_empty_in_the_first(tmp_path: Path) -> None:
    """A header and two rows make a table when a row with empty cells lies between full ones; one
    after the last full row may be a wrapped row of prose, and does not make a table."""
    path = tmp_path / "flights.txt"
    path.write_text(
        "  Date        Flight   From                 Departs   Seats\n"
        "  Sat 2 Aug   SM 417   Manchester (MAN)     06:55\n"
        "  Tue 12 Aug  SM 424   Porto (OPO)          18:40     14A-14D\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Date: Sat 2 Aug | Flight: SM 417 | From: Manchester (MAN) | Departs: 06:55\n" in text
    assert "Date: Tue 12 Aug | Flight: SM 424 | From: Porto (OPO) | Departs: 18:40 | Seats: 14A-14D" in text
    last = (
        "  Date        Flight   From                 Departs   Seats\n"
        + "  Tue 12 Aug  SM 424   Porto (OPO)          18:40     14A-14D\n"
        + "  Sat 2 Aug   SM 417   Manchester (MAN)     06:55\n"
    )
    path.write_text(last, encoding="utf-8")
    assert load_document(path).text == last


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


def test_a_pdf_tables_cells_wrapped_onto_further_lines_stay_in_their_rows(tmp_path: Path) -> None:
    """A cell wrapped onto a second line, a first cell wrapped with the row's other cells set
    between its lines, and a cell set lower than the others all stay in their row, and the rows
    after keep their columns' names; a caption under the table and the prose after it stay prose."""
    path = tmp_path / "survey.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    lines = [
        (("Element", 72), ("Ref", 200), ("Rating", 240), ("Comments", 290)),
        (("Roof coverings", 72), ("D2", 200), ("3", 240), ("About 15 slipped tiles on the rear slope;", 290)),
        (("water has entered the roof space", 290),),
        (("Rainwater pipes and", 72),),
        (("gutters", 72),),
        (("D3", 200), ("2", 240), ("Rear gutter leaks at two joints", 290)),
        (("Main walls", 72), ("D4", 200), ("1", 240)),
        (("Sound", 290),),
        (("Heating", 72), ("F4", 200), ("2", 240), ("Boiler about 14 years old", 290)),
        (("Table 1: Condition", 290),),
        (("The walls are of cavity brickwork.", 72),),
    ]
    for n, cells in enumerate(lines):
        for text, x in cells:
            pdf.drawString(x, 760 - 14 * n, text)
    pdf.save()
    text = load_document(path).text
    assert (
        "Element: Roof coverings | Ref: D2 | Rating: 3 | Comments: About 15 slipped tiles on the rear slope; "
        "water has entered the roof space\n" in text
    )
    assert "Element: Rainwater pipes and gutters | Ref: D3 | Rating: 2 | Comments: Rear gutter leaks" in text
    assert "Element: Main walls | Ref: D4 | Rating: 1 | Comments: Sound" in text
    assert "Element: Heating | Ref: F4 | Rating: 2 | Comments: Boiler about 14 years old\n" in text
    assert "\nTable 1: Condition\n" in text and "The walls are of cavity brickwork." in text


def test_a_plain_text_tables_header_on_two_lines_names_each_column_whole(tmp_path: Path) -> None:
    path = tmp_path / "triggers.txt"
    path.write_text(
        " Command line     Trigproc      Trigproc        Configure\n"
        "                  these         any triggered\n"
        " ---------------  ------------  --------------  ---------\n"
        " --unpack         no            usually         none\n"
        " --remove         n/a           usually         none\n"
        " --install        n/a           usually         these\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert (
        "Command line: --unpack | Trigproc these: no | Trigproc any triggered: usually | Configure: none"
        in text
    )


def test_a_rota_with_a_header_on_two_lines_and_names_wrapped_reads_whole(tmp_path: Path) -> None:
    """A header on the lines above its rule names each column whole, figures and all; a cell that
    fills its column, or ends in a comma, goes on onto the line below; a row that only leaves its
    first cell empty ("Screenwash top-up") is no wrapped line, and a header cell may end in an
    abbreviation's full stop ("Part no.")."""
    path = tmp_path / "rota.txt"
    path.write_text(
        "  Week         Tue evening        Fri van run\n"
        "  beginning    distribution       (from 08:00)\n"
        "  ----------   ----------------   ----------------\n"
        "  3 Nov        Aled, Marguerite   Dev (driver),\n"
        "               Sunil              Priya\n"
        "  10 Nov       Aled, Bryony       GAP\n"
        "  17 Nov       Keir               Dev (driver)\n\n"
        "  Part no.       Description                             Total\n"
        "  -----------    ------------------------------------    --------\n"
        "  TV-OF-1150     Oil filter                              £12.40\n"
        "  LQ-5W30-FS     Engine oil 5W-30 fully synthetic (l)    £44.10\n"
        "  TV-SW-0102     Sump plug washer                        £0.85\n"
        "                 Screenwash top-up                       no charge\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert (
        "Week beginning: 3 Nov | Tue evening distribution: Aled, Marguerite Sunil | "
        "Fri van run (from 08:00): Dev (driver), Priya\n" in text
    )
    assert "Week beginning: 17 Nov | Tue evening distribution: Keir" in text
    assert "Part no.: TV-SW-0102 | Description: Sump plug washer | Total: £0.85\n" in text
    assert "Screenwash top-up" in text and "washer Screenwash" not in text
    # a group's next row, its figures filling their column as the row above does, is no wrapped line
    path.write_text(
        "Region   City    Sales\n------   -----   -----\nNorth    Leeds      10\n         York       12\n"
        "South    Bath       14\nWest     Truro      16\n",
        encoding="utf-8",
    )
    assert "Leeds York" not in load_document(path).text


def test_a_box_of_names_and_values_is_fields_whatever_the_values(tmp_path: Path) -> None:
    path = tmp_path / "clinic.txt"
    path.write_text(
        "  Practice         Hollowmere Medical Practice\n"
        "  Online booking   hollowmeremedical.nhs.example/vaccines\n"
        "  Clinic lead      Senior Practice Nurse Comfort Adjei-Lindgren\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Practice: Hollowmere Medical Practice\n\nOnline booking: hollowmeremedical" in text
    assert "Clinic lead: Senior Practice Nurse Comfort Adjei-Lindgren" in text


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


@pytest.mark.parametrize("joint", [":         ", " ............ "])
def test_a_forms_names_are_fields_even_when_its_first_row_reads_as_a_header(
    tmp_path: Path, joint: str
) -> None:
    """A first row of names ("Customer:  Mrs Perpetua Hadley-Norquist") over values with figures would
    pass for a header; labels that end in a colon, or that dot leaders join to their values, are not."""
    path = tmp_path / "bill.txt"
    labels = ("Customer", "Account number", "Bill date")
    values = ("Mrs Perpetua Hadley-Norquist", "FW-3307215", "12 March 2026")
    path.write_text(
        "YOUR WATER BILL\n\n"
        + "".join(f"{label}{joint}{value}\n" for label, value in zip(labels, values, strict=True)),
        encoding="utf-8",
    )
    text = load_document(path).text
    assert (
        "Customer: Mrs Perpetua Hadley-Norquist\n\nAccount number: FW-3307215\n\nBill date: 12 March 2026"
        in text
    )


def test_a_rule_under_a_row_of_prices_is_no_header(tmp_path: Path) -> None:
    """A receipt's rule closes its items above the total; a price is no column's name."""
    path = tmp_path / "receipt.txt"
    path.write_text(
        "PAYMENT\n\n"
        " Photocard (new)                     £0.00\n"
        "                               -----------\n"
        " TOTAL PAID                      £4,580.00\n"
        " Paid by .................. Visa debit ending 2290\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "£0.00:" not in text and "TOTAL PAID: £4,580.00" in text


def _pdf_lines(path: Path, lines: list[tuple[tuple[str, float], ...]]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for n, cells in enumerate(lines):
        for text, x in cells:
            pdf.drawString(x, 760 - 14 * n, text)
    pdf.save()
    return path


def test_a_header_that_leaves_the_corner_above_the_rows_names_empty_names_its_columns(tmp_path: Path) -> None:
    """ "Last year  This year" over rows named in the first column: which figure is this year's."""
    lines = [
        (("Your price", 72),),
        (("Last year", 300), ("This year", 400)),
        (("Buildings cover", 72), ("£392.14", 300), ("£441.60", 400)),
        (("Contents cover", 72), ("£146.80", 300), ("£158.25", 400)),
        (("Total annual premium", 72), ("£596.93", 300), ("£661.84", 400)),
    ]
    text = load_document(_pdf_lines(tmp_path / "renewal.pdf", lines)).text
    assert "Your price\n\nBuildings cover | Last year: £392.14 | This year: £441.60" in text
    assert "Total annual premium | Last year: £596.93 | This year: £661.84" in text
    plain = tmp_path / "renewal.txt"
    plain.write_text(
        "Your price\n"
        "                         Last year    This year\n"
        "Buildings cover          £392.14      £441.60\n"
        "Contents cover           £146.80      £158.25\n"
        "Total annual premium     £596.93      £661.84\n",
        encoding="utf-8",
    )
    assert "Contents cover | Last year: £146.80 | This year: £158.25" in load_document(plain).text


def test_a_cell_that_ends_in_a_determiner_goes_on_onto_the_next_line(tmp_path: Path) -> None:
    lines = [
        (("Cover", 72), ("Limit", 260), ("Excess", 400)),
        (("Contents", 72), ("£70,000", 260), ("£150", 400)),
        (("Escape of water", 72), ("Within limits", 260), ("£750 (increased after your", 400)),
        (("2023 claim)", 400),),
        (("Garden sheds", 72), ("£1,500", 260), ("£150", 400)),
    ]
    text = load_document(_pdf_lines(tmp_path / "cover.pdf", lines)).text
    assert "Excess: £750 (increased after your 2023 claim)\n" in text
    assert "Cover: Garden sheds | Limit: £1,500 | Excess: £150" in text


def test_a_form_laid_out_in_pairs_of_labels_and_values_is_fields(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "BOILER SERVICE REPORT\n\n"
        "Job number:   CH-25-11947              Date of visit:   3 December 2025\n"
        "Customer:     Mr B. Rhys-Okafor        Phone:           07700 900 284\n"
        "Engineer:     Marek Villanueva-Shaw    Gas Safe ID:     4471902\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Job number: CH-25-11947 | Date of visit: 3 December 2025" in text
    assert "Engineer: Marek Villanueva-Shaw | Gas Safe ID: 4471902" in text


def test_tables_drawn_in_characters_are_rows_under_their_columns_names(tmp_path: Path) -> None:
    """A booking e-mail's details box (no header: fields), a grid table with "+===+" under its header,
    a database result with one rule under its column names, and a grid table whose rules part every
    row (a cell wrapped onto two lines) are written as other tables are; a payslip's box, whose
    cells lay out columns of their own, is left as it is written."""
    path = tmp_path / "booking.txt"
    path.write_text(
        "+--------------+--------------------------+\n"
        "| Show         | The Lantern Keeper       |\n"
        "| Running time | About 2 hours 35 minutes |\n"
        "+--------------+--------------------------+\n\n"
        "+--------+-----+-----------+---------+\n"
        "| Area   | Row | Ticket    | Price   |\n"
        "+========+=====+===========+=========+\n"
        "| Stalls | H   | Adult     | £38.50  |\n"
        "| Stalls | H   | Under 16  | £19.25  |\n"
        "+--------+-----+-----------+---------+\n\n"
        "+----+---------+\n| id | name    |\n+----+---------+\n| 1  | Alice   |\n| 2  | Bob     |\n"
        "+----+---------+\n\n"
        "+---------+--------------+\n| Term    | Meaning      |\n+=========+==============+\n"
        "| Excess  | What you pay |\n|         | first        |\n+---------+--------------+\n"
        "| Premium | The price    |\n+---------+--------------+\n\n"
        "+------------------------------+------------------+\n"
        "| Basic pay     151.67  £13.85 | Income tax  £336 |\n"
        "+------------------------------+------------------+\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Show: The Lantern Keeper\n\nRunning time: About 2 hours 35 minutes" in text
    assert "Area: Stalls | Row: H | Ticket: Under 16 | Price: £19.25" in text
    assert "id: 2 | name: Bob" in text
    assert "Term: Excess | Meaning: What you pay first\n\nTerm: Premium | Meaning: The price" in text
    assert "| Basic pay     151.67  £13.85 | Income tax  £336 |" in text


def test_a_forms_labels_over_their_values_are_fields(tmp_path: Path) -> None:
    """A certificate's labels on a line above their values, the two a paragraph of their own."""
    path = tmp_path / "mot.txt"
    path.write_text(
        "MOT TEST CERTIFICATE\n\n"
        "Odometer reading    Test number       Expiry date\n"
        "68,412 miles        4471 2209 6518    13 March 2027\n\n"
        "Test result:    PASS\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Odometer reading: 68,412 miles | Test number: 4471 2209 6518 | Expiry date: 13 March 2027" in text


def test_a_corner_header_makes_two_rows_a_table(tmp_path: Path) -> None:
    lines = [
        (("At age 67, in today's money", 72),),
        (("Pot value", 300), ("Yearly income", 400)),
        (("If payments continue", 72), ("£176,400", 300), ("£7,240", 400)),
        (("If payments stop now", 72), ("£78,900", 300), ("£3,180", 400)),
        (("These figures are estimates, not promises.", 72),),
    ]
    text = load_document(_pdf_lines(tmp_path / "pension.pdf", lines)).text
    assert "If payments continue | Pot value: £176,400 | Yearly income: £7,240" in text
    assert "If payments stop now | Pot value: £78,900 | Yearly income: £3,180" in text


def test_an_address_beside_reference_fields_reads_as_a_block_then_fields(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text(
        "TOLMERE RAIL\n\n"
        "Ms Rosalind Achterberg-Mensah                   Our ref:     DR-2611408\n"
        "27 Linnet Close                                 Date:        16 March 2026\n"
        "Wexmoor                                         Adviser:     Callum Ferreday\n\n"
        "Dear Ms Achterberg-Mensah,\n",
        encoding="utf-8",
    )
    text = load_document(path).text
    assert "Ms Rosalind Achterberg-Mensah\n27 Linnet Close\nWexmoor\n\nOur ref: DR-2611408" in text
    assert "Date: 16 March 2026\n\nAdviser: Callum Ferreday" in text


def test_a_header_over_one_row_whose_cell_wraps_is_a_table(tmp_path: Path) -> None:
    path = tmp_path / "journey.txt"
    path.write_text(
        "YOUR JOURNEY\n\n"
        "Journey date   Train                       Actual arrival   Delay\n"
        "7 Mar 2026     17:42 Harnby Central to     19:49            58 minutes\n"
        "               Wexmoor Parkway\n\n"
        "The train was held outside Cresley Junction.\n",
        encoding="utf-8",
    )
    assert (
        "Journey date: 7 Mar 2026 | Train: 17:42 Harnby Central to Wexmoor Parkway | Actual arrival: 19:49"
        in load_document(path).text
    )

"""Tables written as text (index/loaders/tables.py)."""

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

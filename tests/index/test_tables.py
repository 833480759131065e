"""Tables written as text (index/tables.py)."""

from index.tables import labelled_rows, names_columns, row_line


def test_rows_under_a_header_name_their_cells_and_a_merged_row_stays_as_it_is() -> None:
    header = ["Feature", "Linux:", "macOS"]
    rows = [["Sockets", "Yes", ""], ["Threads", "2 on both"], ["", "", ""]]
    assert labelled_rows(header, rows) == ["Feature: Sockets | Linux: Yes", "Threads | 2 on both"]


def test_only_short_texts_name_columns() -> None:
    assert names_columns(["Item", "Price"])
    assert not names_columns(["Item"])  # one column: a list, not a table to label
    assert not names_columns(["2023", "1,500.5"])  # figures are data
    assert not names_columns(["Item", ""])
    assert not names_columns(["Item", "A sentence of prose that runs on well past what a column name holds."])
    assert row_line(["a", "", "c"]) == "a | c"

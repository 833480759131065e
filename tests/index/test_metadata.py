"""Front-matter metadata: reserved names, timestamps for date filters, the indexed header."""

from datetime import UTC, datetime

from index.metadata import document_header, document_metadata, parse_date


def test_reserved_names_are_prefixed_and_dates_get_timestamps() -> None:
    meta = document_metadata({"source": "The Verge", "published_at": "2023-09-26T17:01:22+00:00"})
    assert meta["doc_source"] == "The Verge"
    assert "source" not in meta
    assert meta["published_at_ts"] == int(datetime(2023, 9, 26, 17, 1, 22, tzinfo=UTC).timestamp())


def test_plain_dates_are_read_as_utc_and_other_strings_are_not_dates() -> None:
    assert parse_date("2024-02-29") == datetime(2024, 2, 29, tzinfo=UTC)
    assert parse_date("2024 was a year") is None
    assert parse_date("S-400") is None


def test_header_spells_dates_and_leaves_out_urls_and_long_values() -> None:
    meta = document_metadata(
        {
            "source": "The Verge",
            "published_at": "2023-09-26T17:01:22+00:00",
            "url": "https://example.org/a",
            "summary": "x" * 300,
        }
    )
    header = document_header("Apple defends Google deal", meta)
    assert header.splitlines() == [
        "Apple defends Google deal",
        "source: The Verge",
        "published_at: September 26, 2023",
    ]

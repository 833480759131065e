"""The Chat tab's Filters and top-k: the request built from the components' values (as ``rag ask``
builds it from its options), the dates' inline errors, and the browser's copy of the settings."""

import json
from datetime import UTC, datetime

import gradio as gr
import pytest

from rag.filters import FilterError, build_where
from rag.service import CorpusChat
from ui.chat_settings import (
    ChatSettings,
    Filters,
    SearchRequest,
    date_errors,
    filters_accordion,
    filters_from_ui,
    filters_title,
    restored_settings,
    saved_settings,
)

DOCUMENTS = ["bases.md", "turkey_s400_nato.txt"]


def _timestamp(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def test_nothing_set_filters_nothing() -> None:
    for empty in (filters_from_ui(None, None, None, None), filters_from_ui([], "  ", "", 0)):
        assert empty == Filters()
        assert empty.request() == SearchRequest(None, None)
        assert empty.summary() == "" and filters_title(empty) == "Filters"


def test_the_request_is_the_one_rag_ask_builds() -> None:
    filters = filters_from_ui(DOCUMENTS, " 2023-01-01 ", "2023-12-31", 0.3)
    where, min_score = filters.request()
    assert min_score == 0.3
    assert where == build_where(after="2023-01-01", before="2023-12-31", sources=DOCUMENTS)
    assert where == {
        "$and": [
            {"source": {"$in": DOCUMENTS}},
            {"published_at_ts": {"$gte": _timestamp("2023-01-01")}},
            {"published_at_ts": {"$lte": _timestamp("2023-12-31T23:59:59")}},  # that whole day
        ]
    }
    one = filters_from_ui(["bases.md"], "", "", 0).request()
    assert one == SearchRequest({"source": {"$in": ["bases.md"]}}, None)


@pytest.mark.parametrize(
    ("after", "before", "message"),
    [
        ("2023-13-01", "", "date '2023-13-01': expected YYYY-MM-DD"),
        ("last week", "", "date 'last week': expected YYYY-MM-DD"),
        ("", "01/02/2023", "date '01/02/2023': expected YYYY-MM-DD"),
        ("2024-01-01", "2023-01-01", "--after 2024-01-01 is later than --before 2023-01-01"),
    ],
)
def test_dates_rag_ask_refuses_are_refused(after: str, before: str, message: str) -> None:
    with pytest.raises(FilterError) as refused:
        filters_from_ui([], after, before, 0).request()
    assert str(refused.value) == message


def test_each_date_box_shows_its_own_error() -> None:
    assert date_errors("2023-13-01", "2023-02-30") == (
        "date '2023-13-01': expected YYYY-MM-DD",
        "date '2023-02-30': expected YYYY-MM-DD",
    )
    assert date_errors("2023-01-01", "soon") == ("", "date 'soon': expected YYYY-MM-DD")
    # both dates fine on their own: their order is Before's error
    assert date_errors("2024-01-01", "2023-01-01") == (
        "",
        "--after 2024-01-01 is later than --before 2023-01-01",
    )
    assert date_errors("2023-01-01", "2023-01-01") == ("", "")  # that one day
    assert date_errors("2023-09-26T17:01:22+00:00", None) == ("", "")  # a date-time, as the CLI takes
    assert date_errors(None, " ") == ("", "")


def test_the_summary_says_what_the_search_is_restricted_to() -> None:
    assert Filters(("bases.md",), after="2023-01-01").summary() == "bases.md, on or after 2023-01-01"
    both = Filters(tuple(DOCUMENTS), before="2023-12-31", min_score=0.3)
    assert both.summary() == "2 documents, on or before 2023-12-31, passages scoring 0.30 or more"
    assert filters_title(both) == f"Filters: {both.summary()}"


def _through_the_browser(settings: ChatSettings, user: str | None) -> object:
    """The copy as the browser hands it back: JSON text, parsed again."""
    return json.loads(json.dumps(saved_settings(settings, user)))


def test_saved_settings_are_restored_for_their_user_only() -> None:
    settings = ChatSettings(7, Filters(tuple(DOCUMENTS), "2023-01-01", "2023-12-31", 0.25))
    assert restored_settings(_through_the_browser(settings, "ana"), "ana", DOCUMENTS) == settings
    assert restored_settings(_through_the_browser(settings, "ana"), "ben", DOCUMENTS) is None
    assert restored_settings(_through_the_browser(settings, None), None, DOCUMENTS) == settings


def test_a_chosen_document_no_longer_indexed_is_dropped() -> None:
    settings = ChatSettings(5, Filters(tuple(DOCUMENTS)))
    restored = restored_settings(_through_the_browser(settings, None), None, ["turkey_s400_nato.txt"])
    assert restored == ChatSettings(5, Filters(("turkey_s400_nato.txt",)))


@pytest.mark.parametrize(
    "saved",
    [
        None,
        "settings",
        {"user": None},
        {"user": None, "settings": {"top_k": 0}},
        {"user": None, "settings": {"top_k": 51}},
        {"user": None, "settings": {"top_k": 5, "filters": {"min_score": 1.5}}},
        {"user": None, "settings": {"top_k": 5, "filters": {"sources": "bases.md"}}},
    ],
)
def test_a_copy_that_does_not_read_as_settings_restores_nothing(saved: object) -> None:
    assert restored_settings(saved, None, DOCUMENTS) is None


def test_the_filters_offer_the_indexed_documents(ui_engine: CorpusChat) -> None:
    with gr.Blocks():
        panel = filters_accordion(ui_engine, gr.Slider(1, 50, value=5))
    assert [choice[1] for choice in panel.sources.choices] == [r.doc_id for r in ui_engine.documents()]
    assert panel.sources.multiselect and panel.sources.value == []
    assert panel.filters == [panel.sources, panel.after, panel.before, panel.min_score]

"""A question's qualifier (a day, a date, a year, a group of people, ...) that the answer's passages
contradict: the answer tells of something beside what was asked, and is declined."""

import pytest

from rag.extractive import ExtractiveAnswerer
from rag.qualifiers import (
    calendar_fit,
    contradicted_qualifier,
    document_identity,
    gives_the_asked,
    other_members,
    qualifiers_told_otherwise,
)
from rag.schema import Passage


@pytest.mark.parametrize(
    ("question", "sentence", "kind"),
    [
        ("How much is a child return ticket on the ferry?", "An adult return ticket costs €30.", "group"),
        ("How much is a child return ticket?", "Return tickets: adults €30, children €15.", None),
        ("What is the fee for a senior member?", "Concessions pay £20 a year; adults £45.", None),
        (
            "When does the recall line open on Sundays?",
            "Recall line: Monday to Saturday, 8am to 8pm.",
            "weekday",
        ),
        ("When does the recall line open on Tuesday?", "Recall line: Monday to Saturday, 8am to 8pm.", None),
        ("When does the recall line open on Tuesday?", "Recall line: weekdays 8am to 8pm.", None),
        ("What time is the clinic on Saturday 25 October?", "Sat 4 October 08:30 to 13:00", "date"),
        (
            "What time is the clinic on Saturday 25 October?",
            "Clinics run 20 to 27 October, 08:30-13:00.",
            None,
        ),
        ("How many people did it control as of February 2015?", "By March 2015 it held 8 million.", "month"),
        (
            "How much does a 60-minute appointment cost?",
            "An appointment of 30 minutes costs £62.",
            "amount in minute",
        ),
        ("How much does a 60-minute appointment cost?", "A 60 min appointment costs £95.", None),
        ("How much is the 50-page passport?", "The standard 34-page passport costs £88.50.", "count of page"),
        ("How much is the 50-page passport?", "The 50-page passport costs £100.", None),
        ("How much is the 50-page passport?", "A 2-day service costs £40 more.", None),  # other counts
        (
            "How hot were streets with over 60% canopy cover?",
            "Streets with 40% cover were 2.3 °C cooler.",
            "amount in percent",
        ),
        ("How many trees were planted in 2023-24?", "In 2025-26 we plan to plant 4,000 trees.", "year"),
        ("How many trees were planted in 2024?", "In 2023-24 we planted 4,000 trees.", None),
        # one of a numbered series, "Lot 7", is not the table's next row, "Lot: 6"
        (
            "What is the annual value of Lot 7?",
            "Lot: 6 | Routes: 5 | Est. annual value: £457,000",
            "number of lot",
        ),
        ("What is the annual value of Lot 6?", "Lot: 6 | Routes: 5 | Est. annual value: £457,000", None),
        ("When does Route 12 leave?", "Route 7 leaves at 08:10 and route 12 at 08:25.", None),
        # a financial year is not the next, though the two share a calendar year
        ("What is the budget for 2026/27?", "The net revenue budget for 2025/26 was £24.6 million.", "year"),
        ("What was the budget in 2026?", "The net revenue budget for 2025/26 was £24.6 million.", None),
        ("Who led the reinforcements in 1765?", "In 1756 Montcalm led the reinforcements.", "year"),
        (
            "How many days of leave do part-time staff get?",
            "Full-time staff get 27 days a year.",
            "working hours",
        ),
        ("How deep is the tread on the front tyres?", "Rear tyres at 3.1 mm and 2.9 mm.", "end"),
        ("When does the summer term end?", "The autumn term ends on 19 December.", "season"),
        ("What time is lunch served?", "Breakfast is served from 7 to 10.", "meal"),
        (
            "How much will a school dinner cost?",
            "School lunches cost £2.90 from 3 November.",
            None,
        ),  # dinner may be lunch
        (
            "What does the Sunday evening ceilidh cost?",
            "The Saturday evening ceilidh (tickets £12).",
            "weekday",
        ),
        ("How much is a room per night?", "Dinner is served every evening; rooms cost £95 per night.", None),
        ("Is the clinic open on Sunday?", "The clinic is open on Saturday.", None),  # a yes/no question
        ("What did the council decide in May 2019?", "In June 2019 the council closed the library.", "month"),
        ("May I bring my dog in June?", "Dogs are welcome in July.", None),
        (
            "What did the report of 1 November say, and the report of 2 December?",
            "On 28 October it said so.",
            None,
        ),
        # a language, named as one: the translations the sentence lists are others
        (
            "Who translated l2tabu into Spanish?",
            "So far l2tabu has been translated into English, French, and Italian.",
            "language",
        ),
        (
            "Who translated l2tabu into French?",
            "It has been translated into English, French, and Italian.",
            None,
        ),
        # a nationality is no language: "the French army" narrows nothing
        ("When did the Spanish army land?", "The French army landed in 1808, the English army later.", None),
    ],
)
def test_a_qualifier_the_passage_contradicts(question: str, sentence: str, kind: str | None) -> None:
    contradiction = contradicted_qualifier(question, [sentence], [sentence])
    assert (contradiction.kind if contradiction else None) == kind


def test_a_qualifier_said_elsewhere_in_the_passage_is_not_contradicted() -> None:
    """The passage names the child fare beside the sentence chosen: the answer may lie there."""
    sentence = "An adult return ticket costs €30."
    passage = f"{sentence} Child fares are half price."
    assert contradicted_qualifier("How much is a child return ticket?", [sentence], [passage]) is None


def test_a_sentence_naming_no_value_of_the_kind_contradicts_nothing() -> None:
    sentence = "Return tickets cost €30."
    assert contradicted_qualifier("How much is a child return ticket?", [sentence], [sentence]) is None


def test_the_answerer_declines_what_the_corpus_tells_only_of_another_group(engine_over) -> None:
    """ "How much is a child return ticket?" over a timetable that gives only the adult fare: declined,
    not answered with the adult fare. Where the corpus gives the child fare, it is the short answer."""
    engine = engine_over(
        {"ferry.md": "# Inishcarra ferry\n\nAn adult return ticket on the Inishcarra ferry costs €30.\n"}
    )
    child = engine.ask("How much is a child return ticket on the Inishcarra ferry?")
    assert child.abstained and not child.citations
    assert child.answer == "Not found in the corpus: the closest passages say “adult”, not “child”."
    assert child.relevance is not None and child.relevance >= engine.settings.min_relevance
    assert engine.ask("How much is an adult return ticket on the Inishcarra ferry?").short_answer == "€30"
    (engine.settings.corpus_dir / "ferry.md").write_text(
        "# Inishcarra ferry\n\nAn adult return ticket on the Inishcarra ferry costs €30. "
        "A child return ticket costs €12.\n"
    )
    engine.ingest()
    assert engine.ask("How much is a child return ticket on the Inishcarra ferry?").short_answer == "€12"


def test_a_series_member_is_told_apart_by_the_date_its_file_name_gives(engine_over) -> None:
    """Minutes of two meetings, dated only in their file names: "... agreed at the 11 February 2026
    meeting" is answered from February's (the sentence's other date does not contradict it), and a
    meeting with no minutes is declined, not answered from a sibling's."""
    minutes = "# Committee minutes\n\nThe seed swap will be held on {}.\n"
    engine = engine_over(
        {
            "minutes_2026-02-11.md": minutes.format("Saturday 7 March"),
            "minutes_2026-03-11.md": minutes.format("Saturday 4 April"),
        }
    )
    answer = engine.ask("When is the seed swap, as agreed at the 11 February 2026 committee meeting?")
    assert not answer.abstained and answer.short_answer == "Saturday 7 March"
    assert [c.source for c in answer.citations] == ["minutes_2026-02-11.md"]
    later = engine.ask("When is the seed swap, as agreed at the 11 March 2026 committee meeting?")
    assert later.short_answer == "Saturday 4 April"
    missing = engine.ask("When is the seed swap, as agreed at the 13 May 2026 committee meeting?")
    assert missing.abstained


def test_the_values_a_sentence_tells_otherwise_than_the_question_narrows_by() -> None:
    question = "What day does Year 9 go back in September 2026?"
    told = qualifiers_told_otherwise
    assert told(question, "All other year groups start on Friday 4 September 2026.") == 0
    assert told(question, "The autumn term 2027 will start on Wednesday 8 September 2027.") == 1  # the year
    assert told(question, "Parents' evening: Thursday 15 October 2026.") == 1  # the month
    assert told(question, "Doors open at 18:45.") == 0  # no day at all: nothing told otherwise
    assert gives_the_asked(question, "month", "Term starts 4 Sept.") is True
    assert gives_the_asked(question, "month", "Term starts 15 October.") is False


def _passages(texts: list[str]) -> list[Passage]:
    return [
        Passage(
            rank=n,
            chunk_id=f"c{n}",
            source=f"d{n}.txt",
            title="Term dates",
            start=0,
            end=len(text),
            score=1.0 / n,
            text=text,
        )
        for n, text in enumerate(texts, start=1)
    ]


def test_the_short_answer_comes_from_the_sentence_that_gives_the_asked_month(embeddings) -> None:
    """Both sentences are quoted; the one about October matches more of the question's words, but the
    question asks about September."""
    passages = _passages(
        [
            "Year 9 pupils start their options evening on Thursday 15 October 2026.",
            "Autumn term: Year 9 and all other pupils return on Friday 4 September 2026.",
        ]
    )
    answer = ExtractiveAnswerer(embeddings)("What day do Year 9 pupils start in September 2026?", passages)
    assert answer.short_answer == "Friday 4 September 2026"


@pytest.mark.parametrize(
    ("title", "source", "gives", "tells_otherwise"),
    [
        ("Monthly Operations Report: June 2026", "report.docx", True, False),
        ("", "kbf_operations_report_2026-07_july.pdf", False, True),
        ("Committee minutes", "minutes_2026-06-03.md", True, False),  # an ISO date, written out
        ("Committee minutes", "minutes.md", False, False),  # no period: neither
    ],
)
def test_a_documents_title_and_file_name_place_it_in_the_asked_period_or_another(
    title: str, source: str, gives: bool, tells_otherwise: bool
) -> None:
    fit = calendar_fit("What was the busiest day in June 2026?", document_identity(title, source))
    assert (fit.gives, fit.tells_otherwise) == (gives, tells_otherwise)
    # a year that only overlaps the season asked does not place a document in it
    season = "How much is an adult season ticket for 2024/25?"
    assert not calendar_fit(season, document_identity("", "programme_2025.pdf")).gives
    assert calendar_fit(season, document_identity("", "season_2024-25.html")).gives
    # a question naming two months is given by no one document: none is preferred
    both = "Were there more sailings in June 2026 or in July 2026?"
    assert not calendar_fit(both, document_identity(title, source)).gives


def test_another_member_of_a_series_is_told_by_its_period_or_model() -> None:
    """Only when a document of the member asked about is among them: a data sheet of the HX200S, not
    the HX200's; a question naming no model prefers none."""
    identities = [
        document_identity("Corvane HX200 submersible pump", "corvane_hx200_datasheet.html"),
        document_identity("", "corvane_hx200s_datasheet.md"),
        document_identity("Installation guide", "install.md"),
    ]
    assert other_members("How much does a Corvane HX200S cost?", identities) == [True, False, False]
    assert other_members("How much does a Corvane HX300 cost?", identities) == [False, False, False]
    assert other_members("How much does a Corvane pump cost?", identities) == [False, False, False]
    assert other_members("Is the HX200 or the HX200S dearer?", identities) == [False, False, False]


def test_a_product_lines_data_sheet_answers_for_its_own_model(engine_over) -> None:
    sheet = "# Corvane {} pump\n\nThe {} costs {} including VAT and weighs {}.\n"
    engine = engine_over(
        {
            "corvane_hx200_datasheet.md": sheet.format(
                "HX200", "HX200 (and the soft-start HX200S)", "£249", "8 kg"
            ),
            "corvane_hx200s_datasheet.md": sheet.format("HX200S", "HX200S", "£289", "8.4 kg"),
        }
    )
    answer = engine.ask("How much does a Corvane HX200S cost?")
    assert answer.short_answer == "£289"
    assert {c.source for c in answer.citations} == {"corvane_hx200s_datasheet.md"}

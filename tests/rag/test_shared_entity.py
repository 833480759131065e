"""The name several documents share answers a question that describes it by facts from each."""

from collections.abc import Callable

import pytest

from rag.names import names_in
from rag.schema import Passage
from rag.service import CorpusChat
from rag.shared_entity import shared_entity
from rag.short_answer import short_answer

DOCUMENTS = {
    "harbour.txt": "Marlow Shipping announced a new ferry route between Kestrel Bay and Port Ellis. "
    "Crossings start in June, weather permitting.",
    "court.txt": "The Reef Guild, a fishing cooperative, sued the ferry operator over the noise of its night "
    "crossings. In its filings the guild names Marlow Shipping as that operator.",
    "markets.txt": "Shares of Marlow Shipping rose on Monday after the firm reported record cargo "
    "volumes for the third quarter.",
}
QUESTION = (
    "Which company announced a ferry route between Kestrel Bay and Port Ellis, was sued by a fishing "
    "cooperative over the noise of its night crossings, and reported record cargo volumes?"
)


def passages_of(documents: dict[str, str]) -> list[Passage]:
    return [
        Passage(
            rank=n, chunk_id=f"c{n}", source=name, title=name, start=0, end=len(text), score=1.0, text=text
        )
        for n, (name, text) in enumerate(documents.items(), start=1)
    ]


def test_names_leave_out_sentence_openers_dates_and_the_questions_own() -> None:
    texts = ["However Marlow Shipping said so on Monday. Section 2 of the section. Ask Kestrel Bay."]
    assert names_in(texts, "Where is Kestrel Bay?") == [["Marlow Shipping"]]


def test_the_name_that_links_the_documents_answers_a_question_none_answers_alone() -> None:
    assert shared_entity(QUESTION, passages_of(DOCUMENTS)) == "Marlow Shipping"


def test_a_question_one_document_answers_keeps_its_own_answer() -> None:
    question = "Which cooperative sued the ferry operator over the noise of its night crossings?"
    assert shared_entity(question, passages_of(DOCUMENTS)) is None


def test_a_name_in_one_document_only_is_no_shared_name() -> None:
    one = {"harbour.txt": DOCUMENTS["harbour.txt"], "court.txt": DOCUMENTS["court.txt"].split(". In")[0]}
    assert shared_entity(QUESTION, passages_of(one)) is None


def test_a_person_is_not_answered_by_an_all_capitals_name() -> None:
    documents = {
        "a.txt": "The FTX founder Sam Wren was portrayed as a careful steward of customer money.",
        "b.txt": "Prosecutors accuse Wren of taking FTX customer funds for personal gain.",
    }
    question = (
        "Who was portrayed as a careful steward of customer money and is accused of taking funds for gain?"
    )
    assert shared_entity(question, passages_of(documents)) == "Sam Wren"


def test_of_two_names_the_same_documents_share_the_first_named_answers() -> None:
    documents = {
        name: text.replace("Marlow Shipping", "Marlow Shipping (and Aaron Lines)")
        for name, text in DOCUMENTS.items()
    }
    assert shared_entity(QUESTION, passages_of(documents)) == "Marlow Shipping"


@pytest.mark.parametrize(
    "question",
    [
        "What did the operator do after it announced a ferry route between Kestrel Bay and Port Ellis, was "
        "sued by a fishing cooperative over noise, and reported record cargo volumes?",
        "Which route did the operator announce, and what cargo volumes did it report after the suit?",
    ],
)
def test_a_question_that_asks_what_something_is_or_two_things_gets_no_shared_name(question: str) -> None:
    assert shared_entity(question, passages_of(DOCUMENTS)) is None


def test_the_answer_quotes_where_the_shared_name_is_said(
    engine_over: Callable[..., CorpusChat],
) -> None:
    engine = engine_over(DOCUMENTS)
    answer = engine.ask(QUESTION)
    assert answer.short_answer == "Marlow Shipping"
    assert any("Marlow Shipping" in citation.quote for citation in answer.citations)
    best = max(answer.citations, key=lambda c: len(set(c.quote.split()) & set(QUESTION.split())))
    assert short_answer(QUESTION, best.quote) != "Marlow Shipping"  # the best sentence alone names another

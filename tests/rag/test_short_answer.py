"""Short-answer spans, hand-checked on sentences of each kind."""

import pytest

from rag.short_answer import answer_kind, short_answer


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many nuclear weapons are there?", "number"),
        ("What percentage of households had it?", "number"),
        ("When did the plague reach England?", "date"),
        ("In what year was it founded?", "date"),
        ("Who is the spokesman for Erdogan?", "name"),
        ("Where is the airbase?", "place"),
        ("What did the US suspend?", "phrase"),
    ],
)
def test_answer_kind(question: str, kind: str) -> None:
    assert answer_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        (
            "Which bases did Erdogan threaten to close?",
            "then if necessary we may close Incirlik and Kureci installations where the U S keeps weapons",
            "Incirlik and Kureci installations",
        ),
        (
            "How many people lived in Warsaw in 1939?",
            "In 1939 Warsaw had 1,300,000 inhabitants, a third of them Jewish.",
            "1,300,000",
        ),
        (
            "When did the plague reach England?",
            "The plague reached England in the spring of 1349, killing many.",
            "spring of 1349",
        ),
        (
            "Who is the spokesman for Erdogan?",
            "said Ibrahim Kalin a spokesman for President Recep Tayyip Erdogan late on Tuesday",
            "Ibrahim Kalin",
        ),
        (
            "When does the ferry to Bozcaada leave?",
            "The ferry to Bozcaada leaves Geyikli at nine in the morning.",
            "nine in the morning",
        ),
    ],
)
def test_short_answer_spans(question: str, sentence: str, expected: str) -> None:
    answer = short_answer(question, sentence)
    assert answer == expected
    assert answer in sentence


def test_sentence_without_a_distinct_span_is_returned_whole() -> None:
    assert short_answer("What is it?", "It.") == "It."

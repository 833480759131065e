"""Citation verification on real passages with the real embedding model."""

import pytest
from langchain_core.embeddings import Embeddings

from rag.schema import Answer, Passage
from rag.service import CorpusChat
from rag.verify import check_sentences, drop_invalid_markers, markers_in, split_claims, verify_answer
from tests.conftest import ARTICLE

QUESTION = "Which bases did Erdogan threaten to close?"
MIN_SUPPORT = 0.45


@pytest.fixture(scope="module")
def passages(seed_engine: CorpusChat) -> list[Passage]:
    return seed_engine.ask(QUESTION).passages


def bases_passage(passages: list[Passage]) -> Passage:
    return next(p for p in passages if "Incirlik and Kureci" in p.text)


def other_passage(passages: list[Passage]) -> Passage:
    return next(p for p in passages if "Incirlik" not in p.text)


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("One claim [1]. Two [2][3].", ["One claim [1].", "Two [2][3]."]),
        ("One claim. [1] Two. [2]", ["One claim. [1]", "Two. [2]"]),
        ("lower case quote [1] another quote [2]", ["lower case quote [1] another quote [2]"]),
        ("A quote [1] The next one [2]", ["A quote [1]", "The next one [2]"]),
        ("The U.S. keeps 50 there [1, 2]. Done.", ["The U.S. keeps 50 there [1, 2].", "Done."]),
    ],
)
def test_answers_split_into_claims_with_their_markers(text: str, claims: list[str]) -> None:
    assert split_claims(text) == claims


def test_markers_are_parsed_and_invalid_ones_dropped() -> None:
    text = "Turkey bought it [1][7]. The US objected [2, 9]. Nobody knows [8]."
    assert markers_in(text) == [1, 7, 2, 9, 8]
    cleaned, dropped = drop_invalid_markers(text, {1, 2})
    assert cleaned == "Turkey bought it [1]. The US objected [2]. Nobody knows."
    assert dropped == [7, 8, 9]


def test_a_quoted_sentence_is_supported_with_its_exact_span(
    passages: list[Passage], embeddings: Embeddings
) -> None:
    passage = bases_passage(passages)
    claim = "Erdogan said that if necessary we may close Incirlik and Kureci installations [1]."
    (sentence,) = check_sentences([claim], {1: passage}, embeddings, MIN_SUPPORT, QUESTION)
    assert sentence.supported and sentence.score >= MIN_SUPPORT
    assert sentence.markers == [1]
    span = sentence.support
    assert span is not None and span.marker == 1 and span.chunk_id == passage.chunk_id
    assert ARTICLE.read_text(encoding="utf-8")[span.start : span.end] == span.quote
    assert "Incirlik and Kureci" in span.quote


def test_wrong_passage_wrong_answer_and_no_citation_are_unsupported(
    passages: list[Passage], embeddings: Embeddings
) -> None:
    right, wrong = bases_passage(passages), other_passage(passages)
    claims = [
        "Erdogan threatened to close Incirlik and Kureci [2].",  # cites a passage that does not say it
        "Erdogan threatened to close Ramstein and Aviano air bases [1].",  # answer not in the passage
        "Erdogan threatened to close Incirlik and Kureci.",  # cites nothing
    ]
    checked = check_sentences(claims, {1: right, 2: wrong}, embeddings, MIN_SUPPORT, QUESTION)
    assert [s.supported for s in checked] == [False, False, False]
    assert checked[2].score == 0 and checked[2].support is None


def test_verify_answer_removes_and_reports_out_of_range_markers(
    passages: list[Passage], embeddings: Embeddings
) -> None:
    draft = Answer(
        question=QUESTION,
        answer="If necessary we may close Incirlik and Kureci installations [1][6]. Turkey likes tea [4].",
        abstained=False,
        passages=passages,
    )
    checked = verify_answer(draft, {1: bases_passage(passages)}, embeddings, MIN_SUPPORT)
    assert checked.dropped_markers == [4, 6]
    assert "[6]" not in checked.answer and "[4]" not in checked.answer
    assert [s.supported for s in checked.sentences] == [True, False]
    assert checked.supported_rate == 0.5


def test_extractive_answers_are_verified_as_supported(seed_engine: CorpusChat) -> None:
    for question in [QUESTION, "What is Turkey refusing to give up?", "Who is Ibrahim Kalin?"]:
        answer = seed_engine.ask(question)
        assert not answer.abstained
        assert answer.sentences and all(s.supported for s in answer.sentences)
        assert answer.supported_rate == 1.0 and answer.dropped_markers == []
        for sentence, citation in zip(answer.sentences, answer.citations, strict=True):
            span = sentence.support
            assert span is not None and span.start < citation.end and citation.start < span.end


def test_an_abstention_has_no_sentences(seed_engine: CorpusChat) -> None:
    answer = seed_engine.ask("Who won the 2018 World Cup?")
    assert answer.abstained and answer.sentences == [] and answer.supported_rate is None

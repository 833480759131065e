"""Hand-computed cases for eval.metrics (no model, no I/O)."""

from __future__ import annotations

import pytest

from eval.dataset import EvalRecord
from eval.metrics import (
    abstention_summary,
    aggregate,
    answer_contains,
    canonical,
    citation_precision,
    citation_recall,
    contains_evidence,
    exact_match,
    hit_at_k,
    latency_summary,
    mrr_at_k,
    normalize_answer,
    recall_at_k,
    relevance,
    token_f1,
)
from eval.scoring import outcome
from rag.schema import Answer

# --- SQuAD normalisation, EM, F1 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Incirlik base", "incirlik base"),
        ("  An   apple,  a pear!  ", "apple pear"),
        ("U.S. forces", "us forces"),
        ("Theatre of the absurd", "theatre of absurd"),  # "the" only as a whole word
        ("anti-Turkish", "antiturkish"),  # the official script deletes punctuation, it does not split
        ("S-400s' radar", "s400s radar"),
        ("", ""),
        ("A", ""),
    ],
)
def test_normalize_answer_matches_official_script(text: str, expected: str) -> None:
    assert normalize_answer(text) == expected


def test_normalize_answer_keeps_curly_quotes_like_the_official_script() -> None:
    # string.punctuation is ASCII only, so a curly apostrophe survives normalisation.
    assert normalize_answer("Erdogan’s") == "erdogan’s"


def test_exact_match_ignores_case_articles_and_punctuation() -> None:
    assert exact_match("the Incirlik and Kureci.", ["Incirlik and Kureci"]) == 1.0
    assert exact_match("Incirlik", ["Incirlik and Kureci"]) == 0.0


def test_exact_match_takes_the_best_gold() -> None:
    assert exact_match("F-16", ["U S made F 16 jets", "F-16"]) == 1.0


def test_token_f1_partial_overlap_exact_fraction() -> None:
    # pred tokens: [pay, compensation] ; gold tokens: [pay, substantial, compensation]
    # common 2 -> precision 2/2, recall 2/3, F1 = 2 * 1 * 2/3 / (1 + 2/3) = 0.8
    assert token_f1("pay compensation", ["pay substantial compensation"]) == pytest.approx(0.8)
    # pred [incirlik, base, closed] vs gold [incirlik, and, kureci]: common 1 -> P 1/3, R 1/3, F1 1/3
    assert token_f1("the Incirlik base closed", ["Incirlik and Kureci"]) == pytest.approx(1 / 3)


def test_token_f1_counts_repeated_tokens_once_per_occurrence() -> None:
    # pred [no, no, no] vs gold [no]: common min(3, 1) = 1 -> P 1/3, R 1 -> F1 = 0.5
    assert token_f1("no no no", ["no"]) == pytest.approx(0.5)


def test_token_f1_best_over_golds_and_no_overlap() -> None:
    assert token_f1("Kureci", ["Incirlik", "Kureci"]) == 1.0
    assert token_f1("Ankara", ["Incirlik and Kureci"]) == 0.0


@pytest.mark.parametrize("metric", [exact_match, token_f1])
def test_no_answer_cases(metric) -> None:
    assert metric("", []) == 1.0
    assert metric("", [""]) == 1.0
    assert metric("the", []) == 1.0  # normalises to an empty answer
    assert metric("Paris", []) == 0.0
    assert metric("", ["Incirlik"]) == 0.0


def test_blank_golds_are_dropped_like_the_official_script() -> None:
    assert exact_match("Kureci", ["", "Kureci"]) == 1.0
    assert token_f1("", ["", "  "]) == 1.0


def test_answer_contains_reads_curly_quotes_and_dashes_as_plain_punctuation() -> None:
    answer = "There are two new dpkg status values, ‘triggers-pending’ and ‘triggers‐awaited’."
    assert answer_contains(answer, ["triggers-pending and triggers-awaited"]) == 1.0


def test_answer_contains_a_value_that_punctuation_joins_to_code() -> None:
    """SQuAD's normalisation deletes punctuation: "max_denominator=1000000" would read as one word."""
    assert answer_contains("limit_denominator(max_denominator=1000000)", ["1000000"]) == 1.0
    assert answer_contains("requires SQLite 3.7.15 or newer", ["3.7.15"]) == 1.0
    assert answer_contains("limit_denominator(max_denominator=1000000)", ["100000"]) == 0.0


def test_answer_contains_on_word_boundaries() -> None:
    answer = "Erdogan threatened to close Incirlik and Kureci [1]."
    assert answer_contains(answer, ["incirlik and kureci"]) == 1.0
    assert answer_contains(answer, ["Ankara", "the Kureci"]) == 1.0
    assert answer_contains("About 500 weapons", ["50"]) == 0.0  # "50" is not a word of "500"
    assert answer_contains("About 50 weapons", ["50"]) == 1.0
    assert answer_contains("Incirlik only", ["Incirlik and Kureci"]) == 0.0


def test_answer_contains_without_golds_is_the_no_answer_rule() -> None:
    assert answer_contains("", []) == 1.0
    assert answer_contains("It is Paris.", [""]) == 0.0


# --- evidence matching ----------------------------------------------------------------------------


def test_canonical_unifies_case_quotes_dashes_and_whitespace() -> None:
    assert canonical("  Google \u201csiphons off\u201d\n news\u2014publishers\u2019 ") == (
        'google "siphons off" news-publishers\''
    )


def test_contains_evidence() -> None:
    passage = "The case argues that Google “siphons off” news publishers’ content,\nreaders and revenue."
    assert contains_evidence(passage, 'Google "siphons off" news publishers\' content, readers')
    assert not contains_evidence(passage, "Google siphons off")
    assert not contains_evidence(passage, "   ")


# --- retrieval ------------------------------------------------------------------------------------

QUOTE_A = "the lira crashed"
QUOTE_B = "approximately 50 B61 nuclear weapons"
RETRIEVED = [
    ("corpus/a.txt", "Nothing relevant here."),
    ("corpus/b.txt", "As Bloomberg reminds us the Lira  crashed and sent the economy into recession."),
    ("corpus/a.txt", "Also nothing."),
    ("corpus/c.txt", "the U S keeps approximately 50 B61 nuclear weapons"),
]


def test_relevance_by_quotes_ignores_sources() -> None:
    assert relevance(RETRIEVED, [QUOTE_A, QUOTE_B], ["a.txt"]) == [False, True, False, True]


def test_relevance_by_sources_only_without_quotes() -> None:
    assert relevance(RETRIEVED, [], ["a.txt"]) == [True, False, True, False]
    # a retrieved path matches a corpus-relative gold path on a path-component boundary only
    assert relevance([("/x/corpus/sub/a.txt", ""), ("/x/corpus/xa.txt", "")], [], ["sub/a.txt", "a.txt"]) == [
        True,
        False,
    ]


def test_hit_recall_mrr_with_quotes() -> None:
    evidence = [QUOTE_A, QUOTE_B]
    assert hit_at_k(RETRIEVED, evidence, [], k=1) == 0.0
    assert hit_at_k(RETRIEVED, evidence, [], k=2) == 1.0
    assert recall_at_k(RETRIEVED, evidence, [], k=2) == 0.5
    assert recall_at_k(RETRIEVED, evidence, [], k=4) == 1.0
    assert mrr_at_k(RETRIEVED, evidence, [], k=10) == 0.5
    assert mrr_at_k(RETRIEVED, evidence, [], k=1) == 0.0


def test_recall_counts_each_evidence_item_once() -> None:
    assert recall_at_k(RETRIEVED, [QUOTE_A, QUOTE_A, "not there"], [], k=10) == 0.5


def test_retrieval_by_sources() -> None:
    assert hit_at_k(RETRIEVED, [], ["c.txt"], k=3) == 0.0
    assert mrr_at_k(RETRIEVED, [], ["c.txt"]) == 0.25
    assert recall_at_k(RETRIEVED, [], ["b.txt", "c.txt", "z.txt"], k=4) == pytest.approx(2 / 3)


def test_retrieval_metrics_do_not_apply_without_targets() -> None:
    assert hit_at_k(RETRIEVED, [], []) is None
    assert recall_at_k(RETRIEVED, [], []) is None
    assert mrr_at_k(RETRIEVED, [], []) is None
    assert mrr_at_k([], [QUOTE_A], []) == 0.0


# --- citations ------------------------------------------------------------------------------------


def test_citation_precision() -> None:
    cited = [
        "the lira crashed and sent the Turkish economy into a recession",  # evidence quote
        "Erdogan said we may close Incirlik and Kureci",  # reference answer, not a quote
        "Turkey is playing a showdown",  # neither
    ]
    assert citation_precision(cited, [QUOTE_A], ["Incirlik and Kureci"]) == pytest.approx(2 / 3)
    assert citation_precision(cited, [], []) == 0.0
    assert citation_precision([], [QUOTE_A], ["x"]) is None


def test_citation_recall() -> None:
    cited = ["As Bloomberg reminds us the lira crashed", "unrelated"]
    assert citation_recall(cited, [QUOTE_A, QUOTE_B]) == 0.5
    assert citation_recall([], [QUOTE_A]) == 0.0
    assert citation_recall(cited, []) is None


# --- abstention, latency, aggregation ------------------------------------------------------------


def test_abstention_summary() -> None:
    outcomes = [
        (True, False),
        (True, False),
        (True, False),
        (True, True),  # false abstention: 1 of 4 answerable
        (False, True),
        (False, False),  # answered an unanswerable: 1 of 2 declined
    ]
    summary = abstention_summary(outcomes)
    assert summary["n_answerable"] == 4
    assert summary["n_unanswerable"] == 2
    assert summary["unanswerable_accuracy"] == 0.5
    assert summary["false_abstention_rate"] == 0.25
    assert summary["balanced_accuracy"] == pytest.approx((0.5 + 0.75) / 2)


def test_abstention_summary_always_declining_scores_half() -> None:
    summary = abstention_summary([(True, True), (False, True), (False, True)])
    assert summary["balanced_accuracy"] == 0.5


def test_abstention_summary_with_one_group_missing() -> None:
    summary = abstention_summary([(False, True)])
    assert summary["unanswerable_accuracy"] == 1.0
    assert summary["false_abstention_rate"] is None
    assert summary["balanced_accuracy"] is None


def test_latency_summary() -> None:
    # sorted 1..5 ; median 3 ; p95 at position 0.95 * 4 = 3.8 -> 4 + 0.8 * (10 - 4) = 8.8
    summary = latency_summary([3.0, 1.0, 10.0, 2.0, 4.0])
    assert summary == {"n": 5, "median": 3.0, "p95": pytest.approx(8.8)}
    assert latency_summary([]) == {"n": 0, "median": None, "p95": None}


def test_aggregate_means_skip_none_and_group_by_type() -> None:
    rows = [
        {"id": "1", "type": "factoid", "em": 1.0, "f1": 1.0, "hit@10": 1.0, "abstained": False},
        {"id": "2", "type": "factoid", "em": 0.0, "f1": 0.5, "hit@10": None, "abstained": False},
        {"id": "3", "type": "unanswerable", "em": 1.0, "f1": 1.0, "hit@10": None, "abstained": True},
    ]
    result = aggregate(rows)
    assert result["overall"] == {
        "n": 3,
        "em": pytest.approx(2 / 3),
        "f1": pytest.approx(2.5 / 3),
        "hit@10": 1.0,
        "abstained": pytest.approx(1 / 3),
    }
    assert list(result["groups"]) == ["factoid", "unanswerable"]
    assert result["groups"]["factoid"] == {"n": 2, "em": 0.5, "f1": 0.75, "hit@10": 1.0, "abstained": 0.0}
    assert result["groups"]["unanswerable"]["hit@10"] is None


def test_aggregate_by_other_key_and_missing_group() -> None:
    rows = [{"set": "seed", "f1": 0.5}, {"set": "seed", "f1": float("nan")}, {"f1": 1.0}]
    result = aggregate(rows, by="set")
    assert result["groups"]["seed"] == {"n": 2, "f1": 0.5}
    assert result["groups"]["(none)"] == {"n": 1, "f1": 1.0}
    assert aggregate([]) == {"overall": {"n": 0}, "groups": {}}


@pytest.mark.parametrize(
    ("short", "abstained", "contains", "f1", "expected"),
    [
        ("nine", False, 1.0, 1.0, "correct"),
        ("", False, 1.0, 0.0, "correct"),  # no short answer: the quote is the answer
        ("Protocol", False, 1.0, 0.0, "quoted"),  # the quote holds "5432", the short answer does not
        ("Protocol", False, 0.0, 0.0, "wrong"),
        ("", True, 0.0, 0.0, "abstained"),
    ],
)
def test_outcome_of_an_answerable_question(
    short: str, abstained: bool, contains: float, f1: float, expected: str
) -> None:
    record = EvalRecord(id="q", question="Which port?", answer="5432", type="factoid")
    answer = Answer(question="Which port?", answer="…", short_answer=short, abstained=abstained, backend="x")
    assert outcome(record, answer, contains, f1) == expected

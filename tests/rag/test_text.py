"""Word-level helpers: content terms and stems."""

import pytest

from rag.text import content_terms, question_terms, stem


def test_an_irregular_past_form_has_its_verbs_stem() -> None:
    assert content_terms("She left the station and wrote two books.") == content_terms(
        "She leaves the station and writes two books."
    )
    assert stem("took") == stem("take")


def test_a_past_form_that_is_also_another_word_keeps_its_own_stem() -> None:
    assert stem("found") != stem("find")  # "founded" a company, not "found" a key
    assert stem("bound") != stem("bind")  # an upper bound


def test_a_possessive_is_no_word() -> None:
    """ "Erdogan's" is "erdogan": its "s" was a word that any other possessive matched."""
    assert content_terms("Erdogan's threat, BSkyB’s service") == ["erdogan", "threat", "bskyb", "servic"]


def test_a_superlative_that_says_a_maximum_or_minimum_is_that_word() -> None:
    assert "maximum" in content_terms("What is the biggest message size allowed?")
    assert set(content_terms("the lowest and the smallest")) == {"minimum"}
    assert stem("largest") == stem("maximum")


@pytest.mark.parametrize(
    "question",
    [
        "Which table format does tabulate use when I don't pass tablefmt?",
        "What font does dot use if I do not set fontname?",
        "Which port is used without specifying one?",
        "Which port is assumed if the port is omitted?",
    ],
)
def test_a_question_about_a_setting_left_unset_asks_for_its_default(question: str) -> None:
    assert stem("default") in question_terms(question)


def test_a_question_that_leaves_nothing_unset_asks_for_no_default() -> None:
    assert stem("default") not in question_terms("Why did he not set the record straight?")
    assert question_terms("Which port does it use?") == set(content_terms("Which port does it use?"))

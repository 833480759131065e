"""Which questions lean on the conversation: the extractive back end's follow-up rule."""

import pytest

from rag.followup import Exchange, depends_on_conversation, split_asked, standalone_query, whole_question


@pytest.mark.parametrize(
    ("question", "depends"),
    [
        ("And what did the US suspend?", True),  # a connective
        ("Who wrote it?", True),  # a back reference
        ("What is the price?", True),  # one content word, naming nothing
        ("Why?", True),
        ("What is libtasn1?", False),  # one content word that names something
        ("What is Git?", False),
        ("What does json.dumps do?", False),
        ("Who is Ibrahim Kalin?", False),
        ("What do I pay?", True),  # "I" names nothing
    ],
)
def test_a_question_depends_on_the_conversation(question: str, depends: bool) -> None:
    assert depends_on_conversation(question) is depends


def test_a_question_that_names_its_subject_is_searched_alone() -> None:
    history = ["What does assert.deepStrictEqual test?"]
    assert standalone_query("What is libtasn1?", history) == "What is libtasn1?"
    assert standalone_query("What is the price?", history) == f"{history[0]} What is the price?"


def test_a_question_that_names_nothing_is_searched_with_what_its_message_told() -> None:
    told = "I've mislaid my Calderbrook membership card again."
    asked = "Will I have to pay for another one?"
    assert standalone_query(asked, [told], told=True) == f"{told} {asked}"
    # an earlier turn is not what the message told: the question stands alone there
    assert standalone_query(asked, [told]) == asked
    # a question that names its subject is searched alone; so is one after a told part naming nothing
    named = "Will Calderbrook charge for another card?"
    assert standalone_query(named, [told], told=True) == named
    assert standalone_query(asked, ["Sadly, it has happened again."], told=True) == asked


def test_a_follow_up_to_a_follow_up_keeps_the_question_both_lean_on() -> None:
    history = ["Which bases did Erdogan threaten to close?", "And why?"]
    query = standalone_query("When did he say it?", history)
    assert query == "Which bases did Erdogan threaten to close? And why? When did he say it?"
    # a question that names its subject starts the chain again
    history = ["Who is Ibrahim Kalin?", "What is libtasn1?", "Who maintains it?"]
    assert standalone_query("Since when?", history) == "What is libtasn1? Who maintains it? Since when?"


@pytest.mark.parametrize(
    ("message", "told", "asked"),
    [
        ("Which bases did Erdogan threaten to close?", "", "Which bases did Erdogan threaten to close?"),
        (
            "Some pasted text. More of it, at greater length.\n\n"
            "So, which bases did Erdogan threaten to close?",
            "Some pasted text. More of it, at greater length.",
            "So, which bases did Erdogan threaten to close?",
        ),
        (
            "The report came out in 2019 after a long delay. What does it say? And why?",
            "The report came out in 2019 after a long delay.",
            "What does it say? And why?",
        ),
        (
            "The report came out in 2019 after a long delay. Setting that aside: who won?",
            "The report came out in 2019 after a long delay.",
            "Setting that aside: who won?",
        ),
        ("The S-400 arrived. Why did the US object to it?", "", None),  # tells less than it asks
        # the question goes on from what the message tells (it says "setgid" again)
        ("ssh-agent is installed setgid to stop ptrace() attacks. Setgid to which group?", "", None),
        ("Tell me about the S-400.", "", "Tell me about the S-400."),  # asks nothing at its end
        # one question cut at an abbreviation: its closing part does not open as a question
        ("Does the article about A.J. Dillon say so?", "", "Does the article about A.J. Dillon say so?"),
        ("After Super Mario Bros. Wonder came out, did Engadget like it?", "", None),
    ],
)
def test_a_message_asks_its_closing_questions(message: str, told: str, asked: str | None) -> None:
    assert split_asked(message) == (told, asked or message)


@pytest.mark.parametrize(
    ("previous", "follow_up", "whole"),
    [
        # the part that changes, in place of its counterpart
        (
            "How much is the health plan for dogs?",
            "And for cats?",
            "How much is the health plan for cats?",
        ),
        (
            "How much is a standard consultation at the clinic?",
            "And a repeat consultation?",
            "How much is a repeat consultation at the clinic?",
        ),
        ("When was GNU units 2.20 released?", "And 2.21?", "When was GNU units 2.21 released?"),
        (
            "What's the temperature accuracy of the TH-40?",
            "And the TH-30's?",
            "What's the temperature accuracy of the TH-30?",
        ),
        (
            "Which option helps if I have problems with the OpenSSL library?",
            "What about with the readline library?",
            "Which option helps if I have problems with the readline library?",
        ),
        # an option, a name it extends, a capitalised name, in place of one of the same shape
        (
            "What decompression speed does zstd 1.5.1 -1 reach?",
            "What about with --fast=4?",
            "What decompression speed does zstd 1.5.1 --fast=4 reach?",
        ),
        (
            "What is the default markup style of latexdiff's --type option?",
            "And for --subtype?",
            "What is the default markup style of latexdiff's --subtype option?",
        ),
        (
            "Which version of latexdiff does the manual document?",
            "And latexdiff-vc?",
            "Which version of latexdiff-vc does the manual document?",
        ),
        ("Which wget version added HTTP/1.1 support?", "And HSTS?", "Which wget version added HSTS support?"),
        # else after the earlier question's wh-word and verb
        (
            "How much is the setup allowance?",
            "And the broadband contribution?",
            "How much is the broadband contribution?",
        ),
    ],
)
def test_an_elliptical_follow_up_asks_the_whole_question_it_stands_for(
    previous: str, follow_up: str, whole: str
) -> None:
    assert whole_question(follow_up, [previous]) == whole


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        (
            "Which bases did Erdogan threaten to close?",
            "And what did the US suspend?",
        ),  # a question of its own
        ("Which bases did Erdogan threaten to close?", "And the F 35?"),  # no wh-word and verb to ask it by
        ("The S-400 arrived in July.", "And the F-35?"),  # no question before it
        ("How much is the health plan for dogs?", "Who runs it?"),  # no ellipsis
    ],
)
def test_a_follow_up_that_is_no_ellipsis_of_a_question_is_left_as_asked(
    previous: str, follow_up: str
) -> None:
    assert whole_question(follow_up, [previous]) is None


def test_an_ellipsis_after_an_ellipsis_stands_for_the_question_both_lean_on() -> None:
    history = ["How much is the health plan for dogs?", "And for cats?"]
    assert whole_question("And for rabbits?", history) == "How much is the health plan for rabbits?"


def test_an_ellipsis_finds_its_counterpart_in_a_turn_before_the_last() -> None:
    history = ["On which days are blood tests taken at the Riverside branch?", "What hours?"]
    assert (
        whole_question("And at Quay Street?", history)
        == "On which days are blood tests taken at Quay Street?"
    )
    history = ["What does Junior membership cost for the 2025 season?", "What about Crew membership?"]
    assert whole_question("And Family?", history) == "What does Family membership cost for the 2025 season?"


def test_a_long_conversation_is_resolved_turn_by_turn() -> None:
    """Each turn is resolved once (not again for every later turn, which would take exponential time)."""
    history = ["How much is the health plan for dogs?"] + ["And for cats?", "And for dogs?"] * 30
    assert whole_question("And for rabbits?", history) == "How much is the health plan for rabbits?"


def test_a_pronoun_may_stand_for_what_the_previous_turn_answered() -> None:
    history = [Exchange("Which pager was w3m derived from?", "fm [1]")]
    assert (
        standalone_query("When was it written?", history)
        == "Which pager was w3m derived from? fm When was it written?"
    )
    # an ellipsis names its own subject; a date, an amount or a yes is nothing a pronoun stands for
    assert standalone_query("And why?", history) == "Which pager was w3m derived from? And why?"
    dated = [Exchange("When was wget 1.21.3 released?", "26 February 2022")]
    assert standalone_query("What did it add?", dated) == "When was wget 1.21.3 released? What did it add?"
    # a question whose answer is not known is searched as before
    assert standalone_query("When was it written?", ["Which pager was w3m derived from?"]) == (
        "Which pager was w3m derived from? When was it written?"
    )

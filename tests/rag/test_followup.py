"""Which questions lean on the conversation: the extractive back end's follow-up rule."""

import pytest

from rag.followup import depends_on_conversation, split_asked, standalone_query


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

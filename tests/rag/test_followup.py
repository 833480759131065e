"""Which questions lean on the conversation: the extractive back end's follow-up rule."""

import pytest

from rag.followup import depends_on_conversation, standalone_query


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
    ],
)
def test_a_question_depends_on_the_conversation(question: str, depends: bool) -> None:
    assert depends_on_conversation(question) is depends


def test_a_question_that_names_its_subject_is_searched_alone() -> None:
    history = ["What does assert.deepStrictEqual test?"]
    assert standalone_query("What is libtasn1?", history) == "What is libtasn1?"
    assert standalone_query("What is the price?", history) == f"{history[0]} What is the price?"

"""Misspelt question words, corrected to the corpus's own (rag.spelling), over a real index."""

from collections.abc import Callable

import pytest

from rag.service import CorpusChat
from rag.spelling import Speller

ZIPAPP = (
    "The --compress option compresses the files in the archive with the deflate method. "
    "The default interpreter is the one given by the compresslevel setting of the module. "
    "Constants are declared once; their costs are listed in the appendix."
)


@pytest.fixture
def engine(engine_over: Callable[..., CorpusChat]) -> CorpusChat:
    return engine_over({"zipapp.txt": ZIPAPP})


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        (
            "Which option compreses the files in the archve?",
            "Which option compresses the files in the archive?",
        ),
        ("What is the defualt interpreter?", "What is the default interpreter?"),  # two letters swapped
        ("What does compreslevel set?", "What does compresslevel set?"),  # the corpus's own term
        # a real word the corpus lacks is what the question asks: it stays
        ("Which option encrypts the files?", "Which option encrypts the files?"),
        # an abbreviation is not a typo of a shorter word; names and code stay as typed
        ("How many consts are declared?", "How many consts are declared?"),
        ("Does Archve or gzip.compreslevel apply?", "Does Archve or gzip.compreslevel apply?"),
    ],
)
def test_misspelt_words_are_corrected_to_the_corpus_words_one_edit_away(
    engine: CorpusChat, typed: str, searched: str
) -> None:
    assert Speller(engine.bm25.knows).corrected(typed) == searched


def test_an_answer_keeps_the_question_as_typed_and_says_what_was_searched(engine: CorpusChat) -> None:
    answer = engine.ask("Which option compreses the files in the archve?")
    assert answer.question == "Which option compreses the files in the archve?"
    assert answer.retrieval_query == "Which option compresses the files in the archive?"
    assert not answer.abstained and "--compress" in answer.answer
    engine.settings = engine.settings.model_copy(update={"spelling": False})
    as_typed = engine.ask("Which option compreses the files in the archve?")
    assert as_typed.retrieval_query == "Which option compreses the files in the archve?"

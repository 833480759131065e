"""A question's misspelt words, corrected to the corpus's own ("defualt" is "default").

A word is taken as misspelt only when neither the corpus nor an English dictionary (pyspellchecker's,
shipped with the package) knows it: a real word the corpus lacks ("Marine" where a paragraph says
"Navy") is part of what the question asks, and stays. It is then replaced by a word one edit away
that the corpus holds (a letter left out, mistyped, or two swapped), the dictionary's most common one
first. Only words of five letters or more are corrected, to a word as long or longer with the same first
letter: a shorter word would take an abbreviation ("consts") for a typo of another word ("costs").
Names (a capital first) and code ("gzip.open", "$HOME", "max_width") are left as typed.
"""

import re
from collections.abc import Callable
from functools import cache

from spellchecker import SpellChecker

# A lower-case word of five letters or more that no code character touches.
_WORD = re.compile(r"(?<![\w.$/\\@-])[a-z]{5,}(?![\w./\\@(-])")
_LETTERS = re.compile(r"[a-z]+")


@cache
def _dictionary() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


class Speller:
    """Corrects questions to a corpus's words. ``known`` tells which of some words the corpus holds
    (``index.bm25.BM25Index.knows``: by their stems, as they are searched)."""

    def __init__(self, known: Callable[[list[str]], list[bool]]) -> None:
        self._known = known

    def corrected(self, question: str) -> str:
        """``question`` with each misspelt word replaced by the corpus word it most likely means."""
        dictionary = _dictionary()
        strange = [match for match in _WORD.finditer(question) if not dictionary.known([match.group()])]
        in_corpus = self._known([match.group() for match in strange])
        unknown = [match for match, known in zip(strange, in_corpus, strict=True) if not known]
        for match in reversed(unknown):  # from the end, so earlier offsets hold
            word = self._correction(match.group(), dictionary)
            if word is not None:
                question = question[: match.start()] + word + question[match.end() :]
        return question

    def _correction(self, word: str, dictionary: SpellChecker) -> str | None:
        edits = sorted(
            edit
            for edit in dictionary.edit_distance_1(word)
            if len(edit) >= len(word) and edit[0] == word[0] and _LETTERS.fullmatch(edit)
        )
        in_corpus = [edit for edit, known in zip(edits, self._known(edits), strict=True) if known]
        return max(in_corpus, key=lambda edit: dictionary.word_usage_frequency(edit), default=None)

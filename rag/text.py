"""Word-level text helpers shared by lexical retrieval, answer extraction and citation checks."""

import re
from functools import cache

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from index.bm25 import OPTION_PATTERN

# Function words that carry no content in a question, beyond Lucene's stop list that bm25s ships.
_QUESTION_WORDS = frozenset(
    """what which who whom whose when where why how did does do done doing has have had having am been
    being can could would should shall may might must also about after before from into over than then
    there these those this that its it's he she they them their his her him our we you your i me my
    said says say tell told many much more most some any all one ones both each other such only
    very""".split()
)
STOPWORDS = frozenset(STOPWORDS_EN) | _QUESTION_WORDS
_WORD = re.compile(r"\w+", re.UNICODE)
_OPTION = re.compile(OPTION_PATTERN)


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, then the command-line options among them as written ("-i", "--color";
    "-i" is not "-I"): "-i" is what "What does grep -i do?" asks about, not the pronoun "i" (a stop
    word), and a sentence holding "-i" must count as matching it."""
    return _WORD.findall(text.lower()) + _OPTION.findall(text)


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` without stop words (duplicates kept)."""
    return _stemmer().stemWords([w for w in words(text) if w not in STOPWORDS])


def stem(word: str) -> str:
    """The English stem of one lower-cased word."""
    return _stemmer().stemWord(word)

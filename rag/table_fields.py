"""The short answer of a table row of named cells ("Service: PostgreSQL | Port: 5432/tcp"): the
value of the field the question points at."""

import re
from functools import lru_cache

from rag.answer_kind import head_noun
from rag.answer_tokens import FIELD, TOKEN
from rag.text import STOPWORDS, content_terms, stem


@lru_cache(maxsize=64)
def _asked(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The question's content terms (stemmed) and its words: read once for all the fields and rows
    one answer weighs."""
    words = frozenset(word.lower() for word in TOKEN.findall(question) if word.lower() not in STOPWORDS)
    return frozenset(content_terms(question)), words


def names_of_the_question(question: str, text: str) -> int:
    """How many of ``text``'s content terms the question says, whole or shortened in ``text`` as
    tables shorten them ("Jul" for "July", "max" for "maximum")."""
    asked, asked_words = _asked(question)
    return sum(
        term in asked or (len(term) >= 3 and any(word.startswith(term) for word in asked_words))
        for term in set(content_terms(text))
    )


# Words a column's name shortens past what a prefix tells: "Part no." names a number, "Qty" a quantity.
_NAME_ABBREVIATIONS = (
    (re.compile(r"\b(?:no|nr)\b\.?|#", re.IGNORECASE), "number"),
    (re.compile(r"\bqty\b\.?", re.IGNORECASE), "quantity"),
    (re.compile(r"\btel\b\.?", re.IGNORECASE), "telephone phone"),
    (re.compile(r"\bdept\b\.?", re.IGNORECASE), "department"),
)


def _spelled_out(name: str) -> str:
    """A column's name with its abbreviations written out ("Application no." -> "Application number")."""
    for abbreviation, words in _NAME_ABBREVIATIONS:
        name = abbreviation.sub(words, name)
    return name


def field_value(question: str, sentence: str) -> str | None:
    """In a table row of named cells, the value of the one field the question points at most: by the
    words of its name ("Which port does PostgreSQL use?" -> "5432/tcp" from "Service: PostgreSQL |
    Port: 5432/tcp | Protocol: TCP"; "Route 12", not "Route 7", for "When does Route 12 leave?"), a
    name shortened ("Wed" for "Wednesday"), or the noun it asks by in its value ("Which aisle ...?"
    -> "Aisle 4"); of fields named alike, the one named by the noun the question asks by ("Topic",
    not "Week beginning", for "What is the topic in week 10?"). A field whose value the question
    says is what it asks by, not for (a placeholder
    letter aside: "`--max-items N`" for "... of the --max-items option?"). None when no field, or
    several alike, stand out: the words around a cell are its neighbours', not its context."""
    fields = FIELD.findall(sentence.strip())
    if len(fields) < 2:
        return None
    asked = _asked(question)[0]
    head = head_noun(question)
    scored = []
    for name, value in fields:
        value_terms = set(content_terms(value))
        letters = {term for term in value_terms if len(term) == 1 and term.isalpha()}
        if not ((value_terms - letters) or value_terms) <= asked:
            holds_head = head is not None and stem(head) in value_terms
            name = _spelled_out(name)
            names_head = head is not None and stem(head) in content_terms(name)
            score = (names_of_the_question(question, name) + holds_head, names_head)
            scored.append((score, value.strip().strip("`")))
    most = max((score for score, _ in scored), default=(0, False))
    best = [value for score, value in scored if score == most]
    return best[0] if most[0] and len(best) == 1 else None

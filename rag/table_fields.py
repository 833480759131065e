"""The short answer of a table row of named cells ("Service: PostgreSQL | Port: 5432/tcp"): the
value of the field the question points at."""

import re
from functools import lru_cache

from rag.answer_kind import NOUN_KIND, asked_attribute, head_noun
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


# The names of the fields that hold what a where, who or when question asks for: "Location: Under
# the kitchen sink" for "Where is the water meter?".
_ASKED_BY = {
    "where": frozenset("location place venue address where position".split()),
    "who": frozenset("name who contact person".split()),
    "when": frozenset("date when time day deadline".split()),
    "how many": frozenset("number quantity count".split()),  # "Component: Lantern cards | Number: 60"
}
_WH_WORD = re.compile(r"^\W*(where|who|when|how many)m?\b", re.IGNORECASE)  # "whom" asks as "who"


def _named_as_asked(question: str, name: str, wh: frozenset[str] = frozenset(_ASKED_BY)) -> int:
    """1 when ``name`` names what the question's wh-word (one of ``wh``) asks for ("Location" for
    "Where ...?")."""
    asked = _WH_WORD.match(question)
    if asked is None or asked.group(1).lower() not in wh:
        return 0
    words = {word.lower() for word in TOKEN.findall(_spelled_out(name))}  # "Qty", "No." spelled out
    return int(bool(words & _ASKED_BY[asked.group(1).lower()]))


def _fields(text: str) -> list[tuple[str, str]]:
    """The named fields of ``text``: a row's cells ("Service: PostgreSQL | Port: 5432/tcp"), or those
    of a block whose every line opens with one ("VAT at 20%:   £111.65" over "INVOICE TOTAL:
    £669.89"); not of a line that goes on onto the next (a list item wrapped)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and all(FIELD.match(line) for line in lines):
        return [field for line in lines for field in FIELD.findall(line)]
    return FIELD.findall(text.strip())


def field_value(question: str, sentence: str) -> str | None:
    """In a table row of named cells, the value of the one field the question points at most: by the
    words of its name ("Which port does PostgreSQL use?" -> "5432/tcp" from "Service: PostgreSQL |
    Port: 5432/tcp | Protocol: TCP"; "Route 12", not "Route 7", for "When does Route 12 leave?"), a
    name shortened ("Wed" for "Wednesday"), or the noun it asks by in its value ("Which aisle ...?"
    -> "Aisle 4"); of fields named alike, the one named by the noun the question asks by ("Topic",
    not "Week beginning", for "What is the topic in week 10?"). A field whose value the question
    says is what it asks by, not for (a placeholder
    letter aside: "`--max-items N`" for "... of the --max-items option?"). None when no field, or
    several alike, stand out: the words around a cell are its neighbours', not its context. A line
    that is one field counts as a row of one when its name is the attribute the question asks for
    ("Invoice total: £669.89", :func:`names_the_attribute`), and so does such a line of a sentence of
    several."""
    fields = _fields(sentence)
    one = False
    if len(fields) < 2:
        # a line that is one field named by the attribute asked for ("INVOICE TOTAL:   £669.89" for
        # "What was the total ...?", "password: asdfzxcv" under a PDF's heading) answers by its value
        # as a row's does
        named = [
            line
            for line in (" ".join(line.split()) for line in sentence.splitlines())
            if FIELD.fullmatch(line) and names_the_attribute(question, line) > 0
        ]
        if len(named) != 1:
            return None
        fields, one = _fields(named[0]), True
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
            said = names_of_the_question(question, name)
            score = (
                said + holds_head + _named_as_asked(question, name),
                names_head,
                said - len(set(content_terms(name))),  # "2025/26" over "Target 2025/26" for "... in 2025/26?"
            )
            scored.append((score, value.strip().strip("`")))
    most = max((score for score, _ in scored), default=(0, False, 0))
    best = [value for score, value in scored if score == most]
    if not most[0] or len(best) != 1:
        return None
    # a line's one field: its value, less a note in brackets at its end ("312 (2022)", "a year (pro
    # rata for part-time hours)")
    return re.sub(r"(?<=\S)\s+\([^()]*\)$", "", best[0]) if one else best[0]


def names_the_attribute(question: str, text: str) -> float:
    """How well a field of ``text`` ("Voluntary excess: £150", a cell under its column's name) is named
    by the attribute a what/which question asks for (:func:`rag.answer_kind.asked_attribute`), when
    its name holds the attribute's last word: the question's words the name says ("Invoice total"
    for "What was the total on invoice INV-30418?", not a row's "Total"), then the share of words
    the name and the attribute have in common, of all either has ("Valuation band", 0.25, for
    "council tax band", over "Band C charge"). A time, date, name or place named by one word
    ("What time ...", "the last date") asks for its kind, not a field: such a name must share two
    words with the attribute ("Closing date"). A where-question asks for a field that names a place
    ("Location", "Address"): 1. 0 when no field's name holds what is asked."""
    words = asked_attribute(question)
    if not words:
        return float(any(_named_as_asked(question, name, frozenset({"where"})) for name, _ in _fields(text)))
    attribute, head = set(content_terms(" ".join(words))), stem(words[-1])
    generic = NOUN_KIND.get(words[-1]) in ("date", "place", "name")
    best = 0.0
    for name, _ in _fields(text):
        terms = set(content_terms(_spelled_out(name)))
        shared = terms & attribute
        if head in terms and (len(shared) >= 2 or not generic):
            best = max(best, names_of_the_question(question, name) + len(shared) / len(terms | attribute))
    return best

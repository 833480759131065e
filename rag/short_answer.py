"""The short answer: the span of the best sentence that answers the question (a name, number, date,
list), found without a reading-comprehension model.

No PyPI package carries the weights of an extractive QA model, so the span is chosen by rules: the
question's wh-form says what kind of span to look for (a number, a date, a name, a place, or any
phrase); candidate spans are the stretches of the sentence the question does not already say; the one
nearest to where the sentence matches the question wins.
"""

import re
from dataclasses import dataclass

from rag.text import STOPWORDS, stem

# Numbers keep their separators (1,300,000; 2.5; 15–100), words their inner hyphens and apostrophes.
_TOKEN = re.compile(r"[£$€]?\d[\d,.]*\d(?:[–-]\d[\d,.]*)?%?|\w+(?:[-'’.]\w+)*|[^\w\s]")
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen half quarter".split()
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_DATE_WORDS = _MONTHS | frozenset(
    "century centuries decade decades bc ad bce ce morning afternoon evening night noon midnight am pm "
    "o'clock monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter "
    "early late mid".split()
)
_DATE_CONNECTORS = frozenset("in the of on".split())
_KIND_PATTERNS = (
    (
        "number",
        r"\bhow (many|much|long|far|old|big|large|tall|high|often|fast|deep|wide)\b|"
        r"\bwhat (percentage|percent|number|amount|proportion|share|fraction|size)\b",
    ),
    ("date", r"\bwhen\b|\b(what|which|in what) (year|date|day|month|century|decade|time|period|era)\b"),
    ("name", r"^\W*(who|whom|whose)\b|\b(who|whom|whose)\W*$|\bwhich (person|people|man|woman|group)\b"),
    ("place", r"\bwhere\b|\b(what|which) (country|city|state|region|place|town|continent|nation)\b"),
)
_BREAKS = frozenset(',;:()[]"“”?!')
# Words that open a new clause: a phrase answer stops before them.
_CLAUSE_OPENERS = frozenset("where which who whom whose that when while because although whereas if".split())
_MAX_PHRASE_TOKENS = 8


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    in_question: bool

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_number(self) -> bool:
        return any(ch.isdigit() for ch in self.text) or self.lower in _NUMBER_WORDS

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def answer_kind(question: str) -> str:
    """What the question asks for: number, date, name, place or phrase."""
    lowered = question.lower()
    for kind, pattern in _KIND_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return "phrase"


def _tokens(sentence: str, question: str) -> list[_Token]:
    question_words = {
        w.lower() for w in _TOKEN.findall(question) if w[:1].isalnum() and w.lower() not in STOPWORDS
    }
    question_stems = {stem(w) for w in question_words}
    return [
        _Token(
            m.group(),
            m.start(),
            m.end(),
            m.group().lower() in question_words or stem(m.group().lower()) in question_stems,
        )
        for m in _TOKEN.finditer(sentence)
    ]


def _runs(tokens: list[_Token]) -> list[tuple[int, int]]:
    """Maximal stretches [i, j) of tokens the question does not contain, cut at punctuation."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, token in enumerate([*tokens, _Token(",", 0, 0, True)]):
        breaks = token.in_question or token.text in _BREAKS or token.lower in _CLAUSE_OPENERS
        if breaks and start is not None:
            runs.append((start, i))
            start = None
        elif not breaks and start is None:
            start = i
    return runs


def _trim(tokens: list[_Token], i: int, j: int) -> tuple[int, int]:
    """Drop stop words and punctuation at both ends of [i, j)."""
    while i < j and (tokens[i].lower in STOPWORDS or not tokens[i].is_word):
        i += 1
    while j > i and (tokens[j - 1].lower in STOPWORDS or not tokens[j - 1].is_word):
        j -= 1
    return i, j


def _typed_spans(tokens: list[_Token], i: int, j: int, kind: str) -> list[tuple[int, int]]:
    """Sub-spans of [i, j) of the asked kind."""
    spans: list[tuple[int, int]] = []
    k = i
    while k < j:
        token = tokens[k]
        if kind == "number" and token.is_number:
            end = k + 1
            while end < j and (tokens[end].is_number or tokens[end].lower in {"%", "percent", "per"}):
                end += 1
            spans.append((k, end))
            k = end
        elif kind == "date" and (token.is_number or token.lower in _DATE_WORDS):
            end = k + 1
            while end < j and (
                tokens[end].is_number
                or tokens[end].lower in _DATE_WORDS
                or (
                    (tokens[end].text == "," or tokens[end].lower in _DATE_CONNECTORS)
                    and any(t.is_number or t.lower in _DATE_WORDS for t in tokens[end + 1 : min(j, end + 3)])
                )
            ):
                end += 1
            spans.append(_trim(tokens, k, end))
            k = end
        elif kind in {"name", "place"} and token.is_capitalised and token.is_word:
            end = k + 1
            while end < j and (
                (tokens[end].is_capitalised and tokens[end].is_word)
                or (
                    tokens[end].lower in {"of", "de", "van", "von", "the", "and"}
                    and end + 1 < j
                    and tokens[end + 1].is_capitalised
                )
            ):
                end += 1
            # A name run on from a name the question gives ("President ... Erdogan") is that name.
            if not _touches_question_name(tokens, k, end):
                spans.append((k, end))
            k = end
        else:
            k += 1
    return [s for s in spans if s[1] > s[0]]


def _touches_question_name(tokens: list[_Token], i: int, j: int) -> bool:
    neighbours = [tokens[n] for n in (i - 1, j) if 0 <= n < len(tokens)]
    return any(t.in_question and t.is_capitalised and t.is_word for t in neighbours)


def short_answer(question: str, sentence: str) -> str:
    """The shortest span of ``sentence`` that answers ``question``, or the sentence when none stands out."""
    tokens = _tokens(sentence, question)
    if not tokens:
        return sentence
    anchors = [i for i, t in enumerate(tokens) if t.in_question and t.lower not in STOPWORDS and t.is_word]
    kind = answer_kind(question)
    candidates: list[tuple[int, int]] = []
    for i, j in _runs(tokens):
        if kind != "phrase":
            candidates.extend(_typed_spans(tokens, i, j, kind))
    if not candidates:
        for i, j in _runs(tokens):
            i, j = _trim(tokens, i, j)
            if j > i:
                candidates.append((i, min(j, i + _MAX_PHRASE_TOKENS)))
    if not candidates:
        return sentence

    def distance(span: tuple[int, int]) -> tuple[int, int, int]:
        """Nearest to the words the question shares with the sentence; a lone word only after a longer
        phrase at the same distance; then the span that follows those words (the slot the wh-word
        stands for usually comes after the verb)."""
        if not anchors:
            return (0, 0, span[0])
        gap = min(min(abs(a - span[0]), abs(a - (span[1] - 1))) for a in anchors)
        lone = int(kind == "phrase" and span[1] - span[0] == 1)
        before_all = int(span[1] <= min(anchors))
        return (gap + lone, before_all, span[0])

    i, j = min(candidates, key=distance)
    return sentence[tokens[i].start : tokens[j - 1].end]

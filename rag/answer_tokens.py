"""A sentence's tokens, read against a question: words, numbers with their separators, dates and
times written as one word, each marked by whether the question says it. The short answer's rules
(:mod:`rag.short_answer`, :mod:`rag.names`, :mod:`rag.amounts`) and the form checks
(:mod:`rag.question_form`) all work on these."""

import re
from dataclasses import dataclass, replace

from rag.text import STOPWORDS, stem

# A date written as one word: "2001-07-22", "22-Jul-2001", "07/22/2001".
DATE_TOKEN = r"\d{4}-\d{1,2}-\d{1,2}\b|\d{1,2}-[A-Za-z]{3,9}-\d{2,4}\b|\d{1,2}/\d{1,2}/\d{2,4}\b"
# A power as the loaders write it, with its coefficient: "2^31", "1.2 × 10^6", "10^-3".
_POWER_TOKEN = r"(?:\d[\d,.]* ?[×x] ?)?\d+\^[−-]?\d+"
# A release's number: "0.25.0", "1.20", "v2.1b", "3.7.15", R's "0.9-30" (not a longer dotted run's
# piece, nor one end of a range, "2.6-3.0").
RELEASE = re.compile(r"(?<![\w.])v?\d+(?:\.\d+)+[a-z]?(?:-\d+(?![\w.]))?(?![\w.]*\d)")
# A time of day: "07:15", "16:40:05", the "11:30" of "11:30pm".
TIME_TOKEN = r"\d{1,2}:\d{2}(?::\d{2})?(?!\d)"
# A telephone number in groups, "0113 496 0725", "07700 900418", "+44 20 7946 0958": one token, or
# its groups would read as separate numbers.
_PHONE_TOKEN = r"(?<![\w+.,])(?:\+\d{1,3}(?: \d{2,5})|0\d{2,4})(?: \d{3,6}){1,2}(?![\d,.]?\d)"
# An amount of money in millions, billions or thousands as news writes it: "£1.3m", "$2bn", "€40k".
_SCALED_MONEY = r"[£$€]\d[\d,.]*(?:m|bn|k)\b"
# Numbers keep their separators (1,300,000; 2.5; 15–100), words their inner hyphens, apostrophes and
# ampersands ("AT&T"); a number joined to a word by a hyphen is one word with it ("30-megabyte",
# "128-bit", as "3-year").
TOKEN = re.compile(
    rf"{DATE_TOKEN}|{TIME_TOKEN}|{_PHONE_TOKEN}|{_POWER_TOKEN}|{_SCALED_MONEY}"
    rf"|(?!\d+-[A-Za-z])(?:(?<![\w.,])[−-](?=[£$€]?\d))?(?:[£$€]?\d[\d,.]*\d|[£$€]\d)(?:[–-]\d(?:[\d,.]*\d)?)?(?:%|st\b|nd\b|rd\b|th\b|s\b)?"
    r"|\w+(?:[-'’.&]\w+)*|[^\w\s]"
)
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion dozen half quarter none zero".split()
)
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
DATE_WORDS = MONTHS | frozenset(
    "century centuries decade decades bc ad bce ce morning afternoon evening night noon midnight am pm "
    "o'clock monday tuesday wednesday thursday friday saturday sunday spring summer autumn fall winter "
    "early late mid".split()
)
# A field of a table row as index.loaders.tables writes it under a header row: "Item: Widget B | Price: $15".
FIELD = re.compile(r"(?:^|(?<=\s\|\s))([^:|\n]{1,60}):\s+([^|\n]+?)(?=\s\|\s|$)")


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark of a sentence, with its offsets in it."""

    text: str
    start: int
    end: int
    in_question: bool
    opens_line: bool = False  # the sentence's first token, or the first after a line break
    names_a_field: bool = False  # a word of a table row's column name ("Serial number: SP-88213")

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_number(self) -> bool:
        # "twenty-two" as well as "two"
        return any(ch.isdigit() for ch in self.text) or all(w in NUMBER_WORDS for w in self.lower.split("-"))

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


# A UK postcode's two halves ("KF4 3NW", "EC1A 1BB").
_POSTCODE_START = re.compile(r"[A-Z]{1,2}\d[A-Z\d]?")
_POSTCODE_END = re.compile(r"\d[A-Z]{2}")


def in_a_postcode(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` is one half of a UK postcode ("KF4" or "3NW" of "KF4 3NW")."""
    text = tokens[n].text
    after = tokens[n + 1].text if n + 1 < len(tokens) else ""
    before = tokens[n - 1].text if n else ""
    return bool(
        (_POSTCODE_START.fullmatch(text) and _POSTCODE_END.fullmatch(after))
        or (_POSTCODE_END.fullmatch(text) and _POSTCODE_START.fullmatch(before))
    )


def names_a_model(tokens: list[Token], n: int) -> bool:
    """Whether number token ``n`` is part of a name ("B61", "F-35", the "400" of "S 400", a postcode's
    "3NW") or of a reference to a document's part ("clause 2", "page 14"), not a count."""
    token = tokens[n]
    if not token.text[:1].isdigit():  # a number word counts, and "£15"; "B61", "F-35" name a model
        return token.text[:1].isalpha() and any(ch.isdigit() for ch in token.text)
    if _POSTCODE_END.fullmatch(token.text) and in_a_postcode(tokens, n):
        return True  # a postcode's second half: the "3NW" of "KF4 3NW"
    before = tokens[n - 1].text if n else ""
    if before.lower() in _REFERENCE_NOUNS and "." not in token.text:
        return True  # "clause 2", "page 14": which one, not how many
    return len(before) == 1 and before.isupper() and before not in {"A", "I"}  # "A 50% rise" counts


# Nouns whose number says which one is meant (a document's parts), not how many there are.
_REFERENCE_NOUNS = frozenset(
    "clause clauses section sections part chapter article paragraph para page pages item figure fig "
    "table schedule appendix annex step rule".split()
)


def tokenize(sentence: str, question: str) -> list[Token]:
    """The tokens of ``sentence``, each marked by whether ``question`` says it (its stem, or every part
    of a compound: "steam-powered" for "steam powered"; "U.S." for "US"), and the words of a table
    row's column names marked as such."""
    question_words = {  # an amount of money too: "£250"
        w.lower()
        for w in TOKEN.findall(question)
        if (w[:1].isalnum() or w[:1] in "£$€¥") and w.lower() not in STOPWORDS
    }
    question_stems = {stem(w) for w in question_words}

    def in_question(word: str) -> bool:
        # A compound is in the question when its parts are: "steam-powered" for "steam powered".
        parts = word.split("-")
        return word in question_words or all(stem(part) in question_stems for part in parts if part)

    tokens: list[Token] = []
    for m in TOKEN.finditer(sentence):
        opens_line = not tokens or "\n" in sentence[tokens[-1].end : m.start()]
        word = m.group().lower()
        asked = in_question(word) or ("." in word and word.replace(".", "") in question_words)  # U.S.
        tokens.append(Token(m.group(), m.start(), m.end(), asked, opens_line))
    names = [m.span(1) for m in FIELD.finditer(sentence)]
    if len(names) > 1:  # a table row of named cells, as index.loaders.tables writes it
        tokens = [replace(t, names_a_field=any(a <= t.start < b for a, b in names)) for t in tokens]
    return _spelled_out(tokens, question_words)


def _spelled_out(tokens: list[Token], question_words: set[str]) -> list[Token]:
    """``tokens`` with the capitals of an abbreviation written apart ("U S", as text stripped of its
    full stops has it) marked as the question's when the question writes it whole ("US")."""
    n = 0
    while n < len(tokens):
        end = n
        while end < len(tokens) and len(tokens[end].text) == 1 and tokens[end].text.isupper():
            end += 1
        if end - n > 1 and "".join(t.lower for t in tokens[n:end]) in question_words:
            tokens[n:end] = [replace(t, in_question=True) for t in tokens[n:end]]
        n = max(end, n + 1)
    return tokens

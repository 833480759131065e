"""What kind of answer a question asks for (a number, date, name, place, reason or phrase), and the
noun it names its answer by ("What church ...", "Which CPython versions ..."): read from the
question's form alone, for the short-answer rules and the answerer's checks."""

import re
from functools import lru_cache

from rag.code_answer import IDENTIFIER_NOUNS
from rag.question_form import AUXILIARY
from rag.text import STOPWORDS, stem

# Nouns by which a question names the kind of its answer: "What year ...", "which country ...".
_KIND_NOUNS = {
    "number": "percentage percent number amount proportion share fraction size temperature distance "
    "length height width depth weight speed cost price fee population rate range revenue sales profit "
    "income turnover salary budget capacity fare mileage deposit premium excess balance wage rent charge "
    "fine discount payment instalment installment refund compensation",
    "date": "year date day month century decade time period era deadline birthday",
    "place": "country city state region place town continent nation",
    "name": "person people man woman group nationality language religion",
    "colour": "colour color colours colors",
    # what names a thing, in figures and letters: "What is the key safe code?" - "2906", "3.37.0"
    "code": "code pin password passcode reference ref id version release",
}
NOUN_KIND = {noun: kind for kind, nouns in _KIND_NOUNS.items() for noun in nouns.split()}
# Nouns that name what the answer is: of a kind, or an identifier ("Which venv option ...").
NAMING_NOUNS = frozenset(NOUN_KIND) | IDENTIFIER_NOUNS


# The words after "how" that ask for a measured amount, which carries its unit ("How long ...?" - "45
# minutes"); "how many" asks for a count.
MEASURES = (
    "long far old big large tall high deep wide fast quickly soon heavy much often hot cold warm thick "
    "expensive"
)


def _nouns(kind: str) -> str:
    return "|".join(_KIND_NOUNS[kind].split())


_KIND_PATTERNS = (
    (
        "number",
        rf"\bhow (many|{'|'.join(MEASURES.split())})\b|\bwhat ({_nouns('number')})\b|"
        # "What does the ticket cost?", "What will they charge me if ...?": an amount of money
        rf"^\W*what\s+(?:{AUXILIARY})\s+(?:[\w'’-]+\s+){{1,6}}?(?:cost|charge|pay|earn|spend)\b"
        r"(?!\s+(?:attention|tribute|respects?|homage|heed|a visit)\b)|"
        # "What's the most the repair cafe can claim ...?": the most or least of an amount (not "the
        # most popular dish", which a clause does not follow)
        rf"\bwhat(?:['’]s|\s+(?:{AUXILIARY}))\s+the\s+(?:most|least|maximum|minimum)\s+(?:[\w'’-]+\s+){{0,4}}?"
        r"(?:can|could|may|might|will|would|should|must|do|does|did)\b",
    ),
    ("date", rf"\bwhen\b|\b(what|which|in what) ({_nouns('date')})\b"),
    (
        "name",
        rf"^\W*(who|whom|whose)\b|\b(who|whom|whose)\W*$|\bwhich ({_nouns('name')})\b|"
        r"\b(what|which) (is|was|are|were) the names? of\b|"
        r"\b(what|which) (is|was|are|were) .+ (called|named)\W*$",
    ),
    ("place", rf"\bwhere\b|\b(what|which) ({_nouns('place')})\b"),
)
# "What church ...", "which type of bat ...": the answer is usually a phrase ending in that noun.
_HEAD_NOUN = re.compile(r"\b(?:what|which)\s+(?:(?:type|kind|sort|form)s?\s+of\s+)?([a-z][\w-]*)")
TYPE_OF = re.compile(r"\b(?:type|kind|sort|form)s?\s+of\b")
# "... corresponds to which zlib compression level?": a wh-phrase that ends a question it does not open
# ends in its noun (no verb in it: "What approach did Oppenheimer advocate?" names "approach").
_FINAL_NOUN = re.compile(
    rf"(?<=\w)\W+(?:what|which)\s+(?:(?!{AUXILIARY}\b)[\w-]+\s+){{0,3}}?(?!{AUXILIARY}\b)([a-z][\w-]*)\W*$"
)
# "What was Hero of Alexandria's nationality?": the last word after the possessive.
_POSSESSED_NOUN = re.compile(
    r"\b(?:what|which)\s+(?:is|was|are|were)\s+.+?(?:['’]s|s['’])\s+(?:[a-z][\w-]*\s+)*?([a-z][\w-]*)\W*$"
)
# "What is the major tributary for ...": the noun before the first preposition, clause or participle
# ("What was the fare before the increase?": fare; "What is the minimum glib version needed ...?").
_DEFINED_NOUN = re.compile(
    r"\b(?:what|which)\s+(?:is|was|are|were)\s+(?:the|a|an|my|your|our|his|her|its|their|(?:[\w-]+\s+){0,2}[\w-]+(?:['’]s|s['’]))\s+"
    r"(?:[a-z][\w-]*\s+){0,3}?([a-z][\w-]*)"
    r"(?:\s+(?:of|for|in|on|at|to|from|that|which|who|by|with|between|among|used|before|after|since|until"
    r"|during|under|per|when|if|[a-z]{3,}ed)\b|\W*$)"
)

# The words after "which" or "what" up to three: "which venv option skips".
_MODIFIED_NOUN = re.compile(r"\b(?:which|what)((?:\s+[\w.-]+){2,3})")
# "Which" and a noun of two words before the auxiliary: the second is the head ("Which merge strategy
# does ...").
_WHICH_COMPOUND = re.compile(rf"^\W*which\s+([a-z][\w-]*)\s+([a-z][\w-]*)\s+{AUXILIARY}\b")
# "What's X ...?", or "whats X" as people type it, as "What is X ...?".
WH_IS = re.compile(r"\b(what|which|who|where|when|how)(?:['’]s|s)\b", re.IGNORECASE)
# The words a what/which question names its answer by, up to its verb: "Which CPython versions does".
_NAMING_WORDS = re.compile(
    r"\b(?:which|what)((?:\s+[\w-]+){1,3}?)\s+(?:do|does|did|are|were|is|was|can|could|have|has|had|will|would)\b"
)


# The words a what/which question names the attribute it asks for by, before its verb or preposition:
# "What tax code is on ...", "What is the voluntary excess on ...", "What's the unit rate on ..."; a
# who-question the role it asks who holds ("Who is the procurement lead for ...?").
# The attribute ends at its verb, a preposition, a clause ("What's the mileage rate if I drive ...?")
# or the question ("What is Ms Dunmore-Katsaros's resident parking permit number?").
_ATTRIBUTE = re.compile(
    r"^\W*(?:(?:what|which)(?:['’]s|\s+(?:is|are|was|were))?|who(?:['’]s|\s+(?:is|are|was|were)))\s+"
    r"(?:(?:the|a|an|my|your|our|his|her|its|their)\s+)?"
    rf"(?!{AUXILIARY}\b)((?:[\w'’-]+\s+){{0,5}}?[\w'’-]+?)(?:\s+(?:{AUXILIARY}|on|of|for|in|at|to|from|with|by"
    r"|under|during|if|when|whenever|while|because|unless|until|so)\b|\W*$)"
)
# "What time's my appointment?": the verb "is", not a possessive (a determiner follows it).
_IS_CONTRACTED = re.compile(r"\b(\w+)['’]s(?=\s+(?:my|the|a|an|your|our|his|her|its|their|this|that)\b)")


# "When does redirection RD-7730416 start?": the date of what its last word says ("Start date").
_WHEN_LAST_WORD = re.compile(rf"^\W*when\s+{AUXILIARY}\s+.+\s([a-z]+)\W*$")


# "How much did Fenella pay altogether ...?", "What did the repair come to?": the total is asked.
_TOTAL_ASKED = re.compile(r"\b(?:altogether|in total|in all|all told|come to|came to|comes to)\b")


@lru_cache(maxsize=64)
def asked_attribute(question: str) -> tuple[str, ...]:
    """The words by which a what/which question names the attribute it asks for (a who-question the
    role: "Who is the procurement lead ...?" -> procurement, lead), after a possessive
    ("What was Marisol's net pay for November?" -> net, pay; "What council tax band is Flat 2 in?" ->
    council, tax, band), or a when-question the date of what its last word says ("When does the
    redirection start?" -> date, start); none for other questions ("What does Greenacre charge
    ...?" asks what is done). Read once for all the candidates of one answer."""
    lowered = question.lower()
    if _TOTAL_ASKED.search(lowered):
        return ("total",)
    if (when := _WHEN_LAST_WORD.match(lowered)) and when.group(1) not in STOPWORDS:
        return ("date", when.group(1))  # the verb last: it names the field ("Start date", "Start")
    match = _ATTRIBUTE.match(_IS_CONTRACTED.sub(r"\1 is", lowered))
    if not match:
        return ()
    words = match.group(1).split()
    owner = max((n for n, word in enumerate(words) if word.endswith(("'s", "’s", "s'", "s’"))), default=-1)
    return tuple(word for word in words[owner + 1 :] if word not in STOPWORDS)


def asks_for_several(question: str) -> bool:
    """Whether the question names its answer by a plural noun ("Which CPython versions ...?")."""
    match = _NAMING_WORDS.search(question.lower())
    noun = match.group(1).split()[-1] if match else ""
    return _ends_as_plural(noun) and stem(noun) != noun


def asks_for_one(question: str) -> bool:
    """Whether the word after the question's opening "which" or "what" is a noun that is not plural:
    "Which company ...", "What port ..." ask for one of a kind."""
    match = _WH_AND_NOUN.match(question)
    return match is not None and not _ends_as_plural(match.group(1).lower())


# "Which company ...": the wh-word and the word after it, when that is no verb.
_WH_AND_NOUN = re.compile(
    r"\W*(?:which|what)\s+(?!(?:is|are|was|were|do|does|did|can|should|will)\b)(\w+)", re.IGNORECASE
)


def _ends_as_plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


def answer_kind(question: str) -> str:
    """What the question asks for: number, date, name, place, colour, reason or phrase."""
    lowered = question.lower()
    # The wh-phrase that comes first decides: "What does a T cell extend when it meets ...?" asks for a
    # phrase, not a date. On a tie the more specific kind wins ("In what year" is a date).
    found = [
        (match.start(), rank, kind)
        for rank, (kind, pattern) in enumerate(
            (*_KIND_PATTERNS, ("reason", r"\bwhy\b"), ("phrase", r"\b(what|which|how)\b"))
        )
        if (match := re.search(pattern, lowered))
    ]
    return min(found)[2] if found else "phrase"


def counted_unit(question: str) -> str | None:
    """What a how-many question counts ("How many days ..." -> days), if it says."""
    match = re.search(r"\bhow many ([a-z][\w-]*)", question.lower())
    return match.group(1) if match and match.group(1) not in STOPWORDS else None


# A title of capitalised words after "Which" and before a verb: "Which US District Judge ruled ...".
_TITLE_BEFORE_VERB = re.compile(r"\W*(?:Which|What)\s+(?:[A-Z][\w.-]*\s+){1,3}([A-Z][a-z]+)\s+([a-z]+)\b")


def head_noun(question: str) -> str | None:
    """The noun a what/which question names its answer by ("What church ..." -> church, "At what WAL
    file size ..." -> size), if any."""
    if (title := _TITLE_BEFORE_VERB.match(question)) and _is_verb(title.group(2).lower()):
        return title.group(1).lower()  # "Which US District Judge ruled ...?" -> judge
    lowered = WH_IS.sub(r"\1 is", question.lower())  # "What's the key safe code ...?"
    if (compound := _WHICH_COMPOUND.match(lowered)) and not any(
        w in STOPWORDS or _is_verb(w) for w in compound.groups()
    ):
        return compound.group(2)  # "Which merge strategy does git use ...?" -> strategy
    naming = _NAMING_WORDS.search(lowered)
    named = naming.group(1).split() if naming else []
    # the noun that ends the words after "what", when they are a noun phrase ("what WAL file size
    # does"), not a verb and its subject ("what did the group do")
    if named and named[-1] in NAMING_NOUNS and named[0] not in STOPWORDS:
        return named[-1]
    # a compound that names several ends in its head: "Which temperature scales can ...", "which other
    # compression tools was ..."
    if named[:1] == ["other"]:
        named = named[1:]
    plural = len(named) > 1 and named[-1].endswith("s") and not named[-1].endswith("ss")
    if plural and not any(w in STOPWORDS or _is_verb(w) or not w.isalpha() for w in named):
        return named[-1]
    # "Which venv option skips ...", "Which SQLite version added ...": no auxiliary ends the wh-phrase,
    # and a noun of a kind after a modifier or two ends it (not after a verb: "which company released
    # version ...", nor after a noun of a kind: "what people value")
    if modified := _MODIFIED_NOUN.search(lowered):
        words = modified.group(1).split()
        ends = [n for n in range(1, len(words)) if words[n] in NAMING_NOUNS]
        before = words[: ends[-1]] if ends else []
        if before and not any(w in STOPWORDS or w in NAMING_NOUNS or _is_verb(w) for w in before):
            return words[ends[-1]]
    for pattern in (_DEFINED_NOUN, _POSSESSED_NOUN, _FINAL_NOUN, _HEAD_NOUN):
        match = pattern.search(lowered)
        # "What caused ...?" names no noun
        if match and match.group(1) not in STOPWORDS and not _is_verb(match.group(1)):
            return match.group(1)
    return None


def _is_verb(word: str) -> bool:
    """A verb by its form: "What happens ...", a past form ("caused", "replaced"; not a noun ending in
    -eed such as speed)."""
    past = len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
    return past or word in {"happen", "happens"}

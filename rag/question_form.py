"""What a sentence cannot answer by its form alone, whatever words it shares with the question: a
sentence that itself asks; for a question about what is not so, sentences that deny nothing; for one
about a count, a year or a time of day, sentences that give none; for one naming a release or a
model, passages that never name it."""

import re

from rag.answer_tokens import names_a_model, tokenize

# A question mark ends the text, before closing quotes or parentheses, Markdown emphasis or code marks,
# and a reStructuredText heading's underline ("Why use it?\n-----"). Not before a square bracket: an
# editor's note ("debts).[unreliable source?]") asks nothing.
_QUESTION_END = re.compile(r"\?[\"'”’)*_`]*(?:\s*\n[ \t]*([-=~^\"'+#*])\1{2,})?\s*$")


def is_question(text: str) -> bool:
    """Whether a sentence asks rather than tells ("How do you pronounce Valgrind?" in a FAQ): it matches
    the question's words but answers nothing."""
    return _QUESTION_END.search(text) is not None


_NEGATION = re.compile(r"\b(?:not|never|no|cannot|without|none|neither|nor)\b|n't\b", re.IGNORECASE)
_QUESTION_TOKEN = re.compile(r"[\w'’]+|,")
# Where a question's main clause ends: a relative or subordinate clause, or a comma, begins.
_CLAUSE_START = frozenset(
    "that which who whom whose where when while if because although though after before since unless "
    "until whereas".split()
)
_PREPOSITIONS = frozenset("of for by about in on from at to with".split())
# The verbs that open a yes/no question ("Does ...?") or follow "when"/"where" in a wh-question.
AUXILIARY = r"(?:is|are|am|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must)"
_YES_NO = re.compile(rf"^\W*{AUXILIARY}\b", re.I)
# A clause that asks for something: a wh-word, after a preposition too ("In which game ..."), or
# "when"/"where" with its verb next ("When did ...").
_WH_CLAUSE = re.compile(
    r"^\W*(?:(?:(?:in|on|at|for|from|by|with|of|to|into|about|under|after|before|during|between|among)\s+)?"
    rf"(?:what|which|who|whom|whose|why|how)\b|(?:when|where)\s+{AUXILIARY}\b)",
    re.IGNORECASE,
)
# What may come before a question's wh-word or verb without changing what it asks: "and", "so",
# "anyway", and one short phrase set off by a comma or colon ("Setting that aside: which ...?").
_LEAD_IN = re.compile(
    r"^\W*(?:(?:and|but|so|then|now|anyway|also|okay|ok|well)\b[\s,]*)*(?:[^\W\d][^,:;?]{0,40}[,:]\s*)?",
    re.IGNORECASE,
)


def _opens_as_asked(text: str) -> bool:
    return bool(_YES_NO.match(text) or _WH_CLAUSE.match(text))


# Whose account a question asks about, which says nothing of its answer: "According to the Courier's
# report, what ...?", "Who chairs the association, according to the Gazette?".
_ATTRIBUTION_LEAD = re.compile(
    r"^\W*(?:according to|as (?:reported|stated|described) (?:by|in))\s[^,:;?]{1,80}[,:]\s*", re.I
)
_ATTRIBUTION_END = re.compile(
    r",\s*(?:according to|as (?:reported|stated|described) (?:by|in))\s[^,;?]{1,80}(?=\?\W*$)", re.I
)


def without_lead_in(question: str) -> str:
    """``question`` from its wh-word or verb on, when "and", "so", "anyway", a short phrase or whose
    account it is comes first ("Besides Guido, who contributed ...?" has the form of "Who contributed
    ...?"), and without whose account it is at its end ("..., according to the Gazette?")."""
    question = _ATTRIBUTION_END.sub("", question)
    lead = _ATTRIBUTION_LEAD.match(question) or _LEAD_IN.match(question)
    assert lead is not None  # every part of _LEAD_IN is optional
    rest = question[lead.end() :]
    return rest if lead.end() and _opens_as_asked(rest) else question


# "Please", "Can you", "Could you please" before an order or a wish.
_POLITE = r"^\W*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
# A request put as an order or a wish, before the question it stands for: "Tell me which ...", "Can
# you tell me how ...", "I'd like to know when ...".
_ASKING = re.compile(
    rf"{_POLITE}(?:tell|show)\s+me\s+"
    r"|^\W*(?:i\s+(?:want|need|would\s+like)|i['’]d\s+like)\s+to\s+know\s+|^\W*(?:i\s+wonder|do\s+you\s+know)\s+",
    re.IGNORECASE,
)
# An order that names what it wants: "Give the block size ...", "Name the new option ...", "List the
# three ...": what the question "What is the ...?" (or "What are ...?") asks.
_ORDER = re.compile(
    rf"{_POLITE}(give|tell|show|name|list|state|find|provide|identify)(?:\s+me)?\s+"
    r"(?=(?:the|all|each|every|both|two|three|four|five|six)\b)",
    re.IGNORECASE,
)
_PLURAL_OPENERS = frozenset("all both two three four five six".split())
_ASKED_WORD = re.compile(r"(?:what|which|who|whom|whose|why|how|when|where)\b", re.IGNORECASE)
_ANY_ASKED_WORD = re.compile(rf"\b{_ASKED_WORD.pattern}", re.IGNORECASE)
# A few words typed as a search, no sentence: "rsync default port", "price for a childrens party".
# (a sentence ends in a full stop: "The ferry leaves at 9." tells)
_KEYWORDS = re.compile(r"\s*[\w'’-]+(?:\s+[\w'’.,/-]*[\w'’/-])+\s*\??\s*")
_MAX_KEYWORDS = 10
# An order or a greeting put first, which no keyword search opens with: "Show me a picture".
_VERB_FIRST = re.compile(
    r"\s*(?:please|show|tell|give|explain|describe|find|list|name|help|summari[sz]e|compare|hi|hello|thanks)\b",
    re.IGNORECASE,
)


def as_question(request: str) -> str:
    """A request put as an order or a wish in the form of the question it stands for ("Tell me which
    command ...?" as "which command ...?", "Give the block size that ..." as "What is the block size
    that ...?"), and a few keywords as the question they ask ("rsync default port" as "What is the
    rsync default port?"); a question as it is."""
    if (asking := _ASKING.match(request)) and _ASKED_WORD.match(request[asking.end() :]):
        rest = request[asking.end() :].rstrip(" .!?")  # "when the office opens": asked as a question
        return f"{rest[0].upper()}{rest[1:]}?"
    if order := _ORDER.match(request):
        rest = request[order.end() :].rstrip(" .!?")
        plural = order.group(1).lower() == "list" or rest.split(maxsplit=1)[0].lower() in _PLURAL_OPENERS
        return f"What {'are' if plural else 'is'} {rest}?"
    keywords = _KEYWORDS.fullmatch(request) and len(request.split()) <= _MAX_KEYWORDS
    if (
        keywords
        and not _ANY_ASKED_WORD.search(request)
        and not _YES_NO.match(request)
        and not _VERB_FIRST.match(request)
    ):
        rest = request.strip().rstrip(" ?")
        article = "" if re.match(r"(?:the|a|an)\b", rest, re.IGNORECASE) else "the "
        return f"What is {article}{rest}?"
    return request


def opens_a_question(sentence: str) -> bool:
    """Whether ``sentence`` begins as a question does: with a wh-word (after a preposition too) or with
    its verb ("Does ...", "Is ..."), maybe after "and", "so", "anyway" or a short phrase."""
    return _opens_as_asked(without_lead_in(sentence))


def asks_yes_or_no(question: str) -> bool:
    """Whether the question's main clause opens with its verb ("Does pypdf support OCR?"), also after
    a clause or phrase put before it ("After the October report, did TechCrunch ...?", "When the server
    starts, does it read rag.toml?"): it asks yes or no, or to choose between the options it names."""
    for n, part in enumerate(question.split(",")):
        # after a comma the verb is in lower case: "Of Apple, Will Smith and Disney, which ...?" names Will
        if _YES_NO.match(part) and (n == 0 or re.match(r"\W*[a-z]", part)):
            return True
        if _WH_CLAUSE.match(part):
            return False
    return False


def denies_in_main_clause(question: str) -> bool:
    """Whether a wh-question asks about what is not so ("Which country did not sign ...?"): a negation
    before its first relative or subordinate clause or comma, not "not only", nor one opening a gerund
    after a preposition ("the goal of not using ..."). Not a why question: the reason something is
    not so is stated positively ("Why can't it attach?" - "It needs control from the start")."""
    if asks_yes_or_no(question) or re.match(r"\W*why\b", question, re.IGNORECASE):
        return False
    words = [w.lower() for w in _QUESTION_TOKEN.findall(question)]
    for n, word in enumerate(words):
        if n and (word in _CLAUSE_START or word == ","):
            return False
        if _NEGATION.fullmatch(word) or word.endswith(("n't", "n’t")):
            if n + 1 < len(words) and words[n + 1] == "only":
                continue
            if n and words[n - 1] in _PREPOSITIONS:
                continue
            if word == "without":  # a condition ("park ... without a permit"), not a denial
                continue
            return True
    return False


# Words that deny without a "not": "Binary files are skipped" answers "Which files are not indexed?".
_IMPLICIT_DENIAL = re.compile(
    r"\b(?:except|excluding|exclude[sd]?|fail(?:s|ed|ure)?|refuse[sd]?|lack(?:s|ed|ing)?|absent|unable|"
    r"instead|rather than|skip(?:s|ped)?|omit(?:s|ted)?|reject(?:s|ed)?|den(?:y|ies|ied)|prevent(?:s|ed)?|"
    r"avoid(?:s|ed)?|ban(?:s|ned)?|forbid(?:s|den)?|prohibit(?:s|ed)?|neglect(?:s|ed)?|ignore[sd]?)\b",
    re.IGNORECASE,
)


def negates(text: str) -> bool:
    """Whether ``text`` says "not", "no", "never", "n't" and the like."""
    return _NEGATION.search(text.replace("’", "'")) is not None


def negates_in_main_clause(sentence: str) -> bool:
    """Whether ``sentence`` denies what its main clause says: "zlib is Y2K compliant because it doesn't
    handle dates." does not ("because ..." only gives the reason), "Although it is fast, it does not
    support OCR." does. The main clause runs to the first subordinating word, after an opening
    subordinate clause's comma (a reported "that" clause counts as main: "It says that it does not
    ...")."""
    words = _QUESTION_TOKEN.findall(sentence.replace("’", "'"))
    subordinating = _CLAUSE_START - {"that"}
    if words and words[0].lower() in subordinating:
        words = words[words.index(",") + 1 :] if "," in words else []
    end = next((n for n, word in enumerate(words) if n and word.lower() in subordinating), len(words))
    return negates(" ".join(words[:end]))


def denies(text: str) -> bool:
    """Whether ``text`` denies something: a "not", "no", "never", or a word such as "skipped" or
    "refused"."""
    return negates(text) or _IMPLICIT_DENIAL.search(text) is not None


def misses_the_negation(question: str, sentences: list[str]) -> bool:
    """A question about what is not so, answered by sentences that deny nothing, with a "not" or a word
    such as "skipped" or "refused": they state what is so ("Which country did not sign the treaty?"
    against "Norway signed the treaty in 1994.")."""
    if not denies_in_main_clause(question):
        return False
    return not any(denies(s) for s in sentences)


# A release the question names: "zlib 1.2.11", "v2.0", "version 3.8" (not a bare decimal, "3.8 million").
_VERSION = re.compile(
    r"(?<![\w.])(?:v\d+(?:\.\d+)+|\d+(?:\.\d+){2,}|(?<=version )\d+(?:\.\d+)+)(?![\w.]*\d)", re.I
)
# A model the question names by letters and a number: "SD900", "F-35", "A380", a single figure after
# a hyphen ("FC-3", "V-2"; not "COVID-19", "Q3").
_MODEL = re.compile(r"(?<![\w-])[A-Z][A-Za-z]{0,3}(?:-?\d{2,5}|-\d)[A-Za-z]{0,2}(?![\w-])")
# A letter before a number, apart in some texts ("S 400", "F-35"): written together to compare.
_LETTER_NUMBER_GAP = re.compile(r"(?<=[A-Za-z])[\s-]+(?=\d)")


def misses_the_version(question: str, texts: list[str]) -> bool:
    """Whether the question names a release ("When was zlib 1.2.11 released?") or a model ("How loud
    is the SD900?") that none of ``texts`` (the passages of the chosen sentences) mentions: they tell
    of other releases or models (the SD400 and the SD600)."""
    said = " ".join(texts).lower()
    versions = {match.group().lower().lstrip("v") for match in _VERSION.finditer(question)}
    if any(not re.search(rf"(?<![\w.]){re.escape(version)}(?![\w]|\.\d)", said) for version in versions):
        return True
    compact = _LETTER_NUMBER_GAP.sub("", said)
    return any(
        not re.search(rf"(?<![a-z0-9]){re.escape(model)}(?![a-z0-9])", compact)
        for model in models_named(question)
    )


def models_named(text: str, any_case: bool = False) -> set[str]:
    """The models ``text`` names by letters and a number ("SD900", "HX200S", "F-35s" as "f35": a plural's
    "s" is lower case), written together in lower case; ``any_case`` for a file name's
    ("corvane_hx200s_datasheet")."""
    pattern = re.compile(_MODEL.pattern, re.IGNORECASE) if any_case else _MODEL
    models = set()
    for match in pattern.finditer(text):
        name = match.group() if any_case else re.sub(r"(?<=\d)s$", "", match.group())  # "F-35s"
        models.add(_LETTER_NUMBER_GAP.sub("", name).lower())
    return models


# Where a question joins parts that each ask about something else: "Does A report X, while B
# reports Y?", "Between the report on X, and the report on Y, ...".
_PART_BREAK = re.compile(r",?\s+(?:while|whereas)\s+|,\s+(?:and|but)\s+(?=(?:the|a|an|its|their)\b)", re.I)


def question_parts(question: str) -> list[str]:
    """The parts of a question that joins several ("Does the Verge article say X, while the TechCrunch
    article says Y?"), each to be answered by a sentence of its own; one part for most questions."""
    return [part for part in _PART_BREAK.split(question) if part.strip()]


# Questions about a year, and what names one ("1994", "the 1990s", "632 AD", "the 16th century").
_ASKS_YEAR = re.compile(r"\b(?:what|which) year\b")
# "What time does the first bus leave?" and what tells one: "07:15", "0845" and "1430 hrs" (a
# timetable's 24-hour clock; "1430" alone may be a year), "9 am", "noon", "o'clock".
ASKS_TIME = re.compile(rf"\b(?:what|which) time (?:{AUXILIARY})\b")  # not "What time control ...?"
TIME_OF_DAY = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b0\d[0-5]\d\b|\b(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs|hours|h)\b"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m\b|p\.?m\b)|\b(?:noon|midday|midnight|o['’]clock)\b"
    r"|\b(?:morning|afternoon|evening|night|dawn|dusk|sunrise|sunset)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?:1\d{3}|20\d{2})s?\b|\b\d{1,4}\s*(?:AD|BC|BCE|CE)\b|\b(?:century|centuries|decade)\b", re.I
)
# Questions about a count or an amount: whatever answers them holds a number.
_COUNT = re.compile(r"\bhow (many|much)\b|\bwhat (percentage|percent|number|amount|proportion|fraction)\b")


def lacks_asked_number(question: str, text: str) -> bool:
    """Whether ``question`` asks for a count or an amount and ``text`` holds no number it does not
    already give (a model's number, "F 35", counts nothing), asks for a year and ``text`` names
    none, or for a time of day and ``text`` tells none: such a text cannot answer it, however well
    it matches the question's words."""
    lowered = question.lower()
    if ASKS_TIME.search(lowered):  # a time the question does not give itself ("... in the morning?")
        return not any(time.group().lower() not in lowered for time in TIME_OF_DAY.finditer(text))
    if _ASKS_YEAR.search(lowered):
        given = set(re.findall(r"\d+", question))
        return not any(re.sub(r"\D", "", year.group()) not in given for year in _YEAR.finditer(text))
    if not _COUNT.search(lowered):
        return False
    tokens = tokenize(text, question)
    return not any(
        t.is_number and not t.in_question and not names_a_model(tokens, n) for n, t in enumerate(tokens)
    )

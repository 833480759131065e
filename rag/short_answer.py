"""The short answer: the span of the best sentence that answers the question (a name, number, date,
list), found without a reading-comprehension model.

No PyPI package carries the weights of an extractive QA model, so the span is chosen by rules: the
question's wh-form, or the noun it names its answer by ("the target percentage", "X's nationality"),
says what kind of span to look for (a number, a date, a name, a place, a reason, or any phrase);
candidate spans are the stretches of the sentence the question does not already say; the one nearest
to where the sentence matches the question wins (on a tie, the one whose clause holds more of the
question's words). Three shapes narrow the choice: a what/which question that names its answer by a
noun ("What church ...") wants the phrase ending in that noun or set beside it by apposition, a why
question what follows "because", "due to", etc., and a wh-word standing where its answer goes
("... is named after whom?") the span right after the word before it. A yes/no question gets "Yes"
or "No" when the sentence says all it asks, else nothing: no span of it answers.
"""

import re
from collections.abc import Callable

from index.sentences import SECTION_NUMBER, without_section_number
from rag.acronyms import expansion
from rag.addresses import URL, WEB_NOUNS, asked_address
from rag.amounts import (
    CURRENCY_SIGNS,
    asks_money,
    dates,
    hours_from,
    is_enumerator,
    is_money,
    is_unit,
    numbers_a_clause,
    through_range,
    unit_end,
)
from rag.answer_kind import (
    MEASURES,
    NOUN_KIND,
    TYPE_OF,
    WH_IS,
    answer_kind,
    asks_for_one,
    asks_for_several,
    counted_unit,
    head_noun,
)
from rag.answer_tokens import (
    DATE_WORDS,
    MONTHS,
    NUMBER_WORDS,
    RELEASE,
    TOKEN,
    Token,
    in_a_postcode,
    names_a_model,
    tokenize,
)
from rag.code_answer import IDENTIFIER_NOUNS, NAMED_IDENTIFIER, assigned_value, code_answer, default_value
from rag.names import POSSESSIVE_END, name_end, named_like, touches_question_name
from rag.question_form import (
    ASKS_TIME,
    AUXILIARY,
    TIME_OF_DAY,
    asks_yes_or_no,
    negates,
    negates_in_main_clause,
    without_lead_in,
)
from rag.table_fields import field_value
from rag.text import STOPWORDS, content_terms, stem, words

# An identifier as code and configuration spell it, marked as code or not: "XZ_DEFAULTS", "max_tokens",
# "EAR99".
_DATE_CONNECTORS = frozenset("in the of on".split())
# What a date may open with but is no date alone: "paid early, on Friday 19 December".
_DATE_MODIFIERS = frozenset({"early", "late", "mid", ",", "-"})
# What answers "What colour is ...?": colour words, with their shades ("dark blue", "red and white").
_COLOURS = frozenset(
    "red orange yellow green blue purple violet pink brown black white grey gray silver gold golden "
    "beige cyan magenta turquoise navy maroon crimson scarlet ochre cream ivory".split()
)
_SHADES = frozenset("light dark pale bright deep".split())
# What introduces a reason or a purpose, for "why" questions; longest first.
_REASON_MARKERS = (
    ("as", "a", "result", "of"),
    ("in", "order", "to"),
    ("because", "of"),
    ("due", "to"),
    ("owing", "to"),
    ("thanks", "to"),
    ("so", "that"),
    ("so", "as", "to"),
    ("because",),
    ("since",),
    ("to",),
)
_BREAKS = frozenset(',;:()[]"“”?!')
# Words that open a new clause: a phrase answer stops before them.
_CLAUSE_OPENERS = frozenset(
    "where which who whom whose that when while because although whereas if unless".split()
)
_MAX_PHRASE_TOKENS = 8
# Prepositions and conjunctions beyond the stop list: an answer neither starts nor ends with one.
_PREPOSITIONS = frozenset(
    """according across along amid among around beside besides between beyond despite during except
    following including like near per since throughout toward towards under unless until upon via
    whether while within without although though""".split()
)
# Nouns of a measured amount: "What temperature ...", "At what file size ..." ("1000 pages").
_MEASURED_NOUNS = frozenset(
    "size temperature distance length height width depth weight speed mileage".split()
)
# Questions about a measured amount, whose answer carries its unit ("45 minutes", "1,230 km").
_MEASURE = re.compile(rf"\bhow ({'|'.join(MEASURES.split())})\b")
_MEASURE_OF_A_SHARE = re.compile(r"\bhow (?:much|fast|quickly)\b")
# The units a measure is given in, by the word that asks for it ("How far ...?" - "0.6 miles", not the
# "22 minutes" of the train beside it) or the noun that names it ("What is the weight ...?").
_LENGTHS = (
    "mile miles km kilometre kilometres kilometer kilometers m metre metres meter meters yard yards ft feet "
    "foot cm mm inch inches"
)
_WEIGHTS = "kg kilo kilos kilogram kilograms g gram grams tonne tonnes ton tons lb lbs ounce ounces oz stone"
_DURATIONS = (
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month months "
    "year years"
)
_UNITS_OF = {
    measure: frozenset(units.split())
    for measures, units in (
        ("far distance tall high deep wide thick height width depth length mileage", _LENGTHS),
        ("heavy weight", _WEIGHTS),
        ("quickly soon", _DURATIONS),  # "Attend within: 2 hours", not the "Priority: 1" of its row
    )
    for measure in measures.split()
}
# How long a text is: "a host name (2 to 63 characters)", "a summary of 200 words".
_TEXT_LENGTHS = "character characters char chars letter letters digit digits byte bytes word words line lines"
_LONG_UNITS = frozenset(f"{_DURATIONS} {_LENGTHS} {_TEXT_LENGTHS}".split())
_HOW_LONG = re.compile(r"\bhow long\b", re.IGNORECASE)


def _units_asked(question: str) -> frozenset[str]:
    """The units of the measure a question asks for by its word or its noun (:data:`_UNITS_OF`); none
    for other questions, or a measure given in units of many kinds ("How long ...": minutes or
    metres, :data:`_LONG_UNITS`)."""
    measure = _MEASURE.search(question.lower())
    word = measure.group(1) if measure else head_noun(question)
    return _UNITS_OF.get(word or "", frozenset())


def _counts(tokens: list[Token], n: int, unit: str) -> bool:
    """Whether the number before token ``n`` counts ``unit``: "12 days", "5 working days", "209-acre"."""
    if n > 0 and _joined_count(tokens[n - 1].text, unit):
        return True
    return any(stem(token.lower) == stem(unit) for token in tokens[n : max(unit_end(tokens, n), n + 1)])


# A number and the unit a hyphen joins to it, one token: "209-acre", "30-megabyte".
_JOINED_UNIT = re.compile(r"([\d,.]+)-([A-Za-z]+)")


def _joined_count(text: str, unit: str) -> str | None:
    """The number of ``text`` when it is one joined to ``unit`` by a hyphen ("209" of "209-acre")."""
    joined = _JOINED_UNIT.fullmatch(text)
    return joined.group(1) if joined and stem(joined.group(2).lower()) == stem(unit) else None


_ASKS_PERCENTAGE = re.compile(r"\b(?:percentage|percent|per cent)\b", re.IGNORECASE)


def _is_share(tokens: list[Token], span: tuple[int, int]) -> bool:
    """Whether tokens ``span`` are a percentage ("38%", "25 per cent")."""
    words = [t.lower for t in tokens[span[0] : span[1] + 2]]
    return words[0].endswith("%") or "%" in words or "percent" in words or "cent" in words


def _is_label(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` labels a field: a word of a table row's column name ("... | Serial number:
    SP-88213"), or a capitalised word opening a line, up to two more words before a colon ("Version:
    2.1", "Upstream-Contact: ...", "Known for: Mosses of the Northern Heights"). The value is the
    answer, never the label."""
    token = tokens[n]
    if token.names_a_field:
        return True
    if not (token.opens_line and token.is_capitalised):
        return False
    label = tokens[n + 1 : n + 4]
    colon = next((k for k, t in enumerate(label) if not t.is_word), None)
    return colon is not None and label[colon].text == ":"


def _runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal stretches [i, j) of tokens the question does not contain, cut at punctuation, at a
    field's label and at a numbered section's heading opening a line."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, token in enumerate([*tokens, Token(",", 0, 0, True)]):
        breaks = token.in_question or token.text in _BREAKS or token.lower in _CLAUSE_OPENERS
        breaks = breaks or (i < len(tokens) and _is_label(tokens, i))
        # a numbered section's heading on the next line ("1.2 Modifying page layout"; not "18.6GB")
        breaks = breaks or (i < len(tokens) and numbers_a_clause(tokens, i))
        if breaks and start is not None:
            runs.append((start, i))
            start = None
        elif not breaks and start is None:
            start = i
    return runs


def _text_of(tokens: list[Token], sentence: str, span: tuple[int, int]) -> str:
    """The text of ``sentence`` that tokens [i, j) cover."""
    return sentence[tokens[span[0]].start : tokens[span[1] - 1].end]


def _trim(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """Drop stop words, prepositions and punctuation at both ends of [i, j); not the month May ("by
    Friday 16 May"), whose name is the modal verb's, nor a clock's "am" ("10.30 am")."""

    def loose(n: int) -> bool:
        token = tokens[n]
        month = token.lower in MONTHS and token.is_capitalised
        clock = token.lower == "am" and n > 0 and tokens[n - 1].is_number
        kept = month or clock
        return (token.lower in STOPWORDS and not kept) or token.lower in _PREPOSITIONS or not token.is_word

    while i < j and loose(i):
        i += 1
    while j > i and loose(j - 1):
        j -= 1
    return i, j


# What goes on a code written together: letters and figures, and the marks between its pieces
# ("120/BF44817", "TX26-0048"), not a mark of punctuation or code around it ("`1`:").
_IN_A_CODE = re.compile(r"[\w/#-]")


def _beside_a_month(tokens: list[Token], k: int) -> bool:
    """Whether token ``k`` is a date's day or year: a month beside it ("6 APRIL 2026")."""
    return any(tokens[n].lower in MONTHS for n in (k - 1, k + 1) if 0 <= n < len(tokens))


def _typed_spans(tokens: list[Token], i: int, j: int, kind: str, question: str) -> list[tuple[int, int]]:
    """Sub-spans of [i, j) of the asked kind."""
    spans: list[tuple[int, int]] = []
    k = i
    while k < j:
        token = tokens[k]
        if kind == "number" and is_enumerator(tokens, k):
            k += 1
        elif kind == "number" and token.is_number and not names_a_model(tokens, k):
            end = k + 1  # a count stops before a model's number ("50 B61 weapons") and a number word
            while end < j and (  # before digits, which count something else ("two 30-megabyte volumes")
                (
                    tokens[end].is_number
                    and not names_a_model(tokens, end)
                    and not _words_then_digits(tokens, end)
                    and not _figures_on_a_new_line(tokens, end)
                )
                or tokens[end].lower in {"%", "percent"}
                or _joins_number_words(tokens, end, j)
            ):
                end += 1
            if end < len(tokens) and tokens[end].lower == "per":
                end = _per_unit_end(tokens, end)
            spans.append((k, end))
            k = end
        elif (
            kind == "date"
            and (
                dates(tokens, k)
                or token.lower in DATE_WORDS
                # a number word dates only with a date word after it: "nine in the morning", not "two dogs"
                or (
                    token.is_number
                    and not token.text[:1].isdigit()  # digits: dates
                    and any(t.lower in DATE_WORDS for t in tokens[k + 1 : min(j, k + 4)])
                )
            )
        ):
            end = k + 1
            while end < j and (
                tokens[end].is_number
                or tokens[end].lower in DATE_WORDS
                or (
                    (tokens[end].text == "," or tokens[end].lower in _DATE_CONNECTORS)
                    and any(t.is_number or t.lower in DATE_WORDS for t in tokens[end + 1 : min(j, end + 3)])
                )
            ):
                end += 1
            # "early", "late" or "mid" alone dates nothing ("paid early, on Friday 19 December")
            if any(t.lower not in _DATE_MODIFIERS for t in tokens[k:end]):
                spans.append(_trim(tokens, k, end))
            k = end
        elif kind == "code" and any(ch.isdigit() for ch in token.text) and not _beside_a_month(tokens, k):
            end = k + 1  # "120/BF44817", "TX26-0048": the pieces written together are one code
            while end < j and tokens[end].start == tokens[end - 1].end and _IN_A_CODE.match(tokens[end].text):
                end += 1
            while end > k + 1 and not tokens[end - 1].text[-1].isalnum():
                end -= 1  # "120/", not its slash
            code = "".join(t.text for t in tokens[k:end])
            # an exit code's "1", not "3.x"; nor an address's: the house number of a name the question
            # gives ("4 Fernbank Rise" for "What's the alarm code at Fernbank Rise?"), a postcode
            version = RELEASE.fullmatch(code) is not None  # "Python 3.9": no house number
            if (
                (code.isdigit() or sum(ch.isalnum() for ch in code) >= 3 or version)
                and (version or not touches_question_name(tokens, k, end))
                and not (end == k + 1 and in_a_postcode(tokens, k))
            ):
                spans.append((k, end))
            k = end
        elif kind == "colour" and (token.lower in _COLOURS or token.lower in _SHADES):
            end = k + 1
            while end < j and (
                tokens[end].lower in _COLOURS | _SHADES
                or (
                    tokens[end].lower in {"and", "or", "-", ","}
                    and end + 1 < j
                    and tokens[end + 1].lower in _COLOURS
                )
            ):
                end += 1
            if any(t.lower in _COLOURS for t in tokens[k:end]):
                spans.append((k, end))
            k = end
        elif kind in {"name", "place"} and _opening_conjunction(tokens, k, j):
            k += 1  # "And I was commenting": a capitalised stop word opening a line names nothing
        elif kind in {"name", "place"} and token.is_capitalised and token.is_word:
            end = name_end(tokens, k, j)
            # A name run on from a name the question gives ("President ... Erdogan") is that name; a
            # lone capital opening a sentence, a line or a list item ("The", "According to", "- Some
            # of") says nothing.
            # Nor does a lone letter: the pronoun "I", the "E" of "E. g.", an article; nor a lone
            # month or weekday ("born in June", "on Saturday"), which is a date; nor a lone stop word.
            opens = token.opens_line or tokens[k - 1].text in {".", "!", "?", "-", "*", "•"}
            lone_opener = opens and end == k + 1 and end < len(tokens) and tokens[end].text.islower()
            model = end < len(tokens) and names_a_model(tokens, end)  # "F 35"
            lone_letter = end == k + 1 and len(token.text) == 1 and not model
            lone_date = end == k + 1 and token.lower in DATE_WORDS
            # "In" of "In 1931 Solberg married ..." (not "US", written in capitals)
            lone_stopword = end == k + 1 and token.lower in STOPWORDS and token.text[1:].islower()
            # a name whose first word alone the question says, in another name, is a name of its own:
            # "Harbour Green" for "Where is the finish of the Saltmere Harbour 10K?"
            start = k - 1 if _shares_first_word(tokens, i, k, question) else k
            if not touches_question_name(tokens, start, end) and not (
                lone_opener or lone_letter or lone_date or lone_stopword
            ):
                spans.append((start, end))
            k = end
        else:
            k += 1
    return [s for s in spans if s[1] > s[0]]


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _quoted(sentence: str, tokens: list[Token], span: tuple[int, int]) -> bool:
    """Whether the span [i, j) lies inside double quotation marks."""
    start, end = tokens[span[0]].start, tokens[span[1] - 1].end
    return any(q.start() < start and end < q.end() for q in _QUOTED.finditer(sentence))


_YEAR = re.compile(r"\d{4}")
# The words that join a name's parts: "University of New South Wales", "Vasco da Gama".
_NAME_JOINERS = frozenset("of de da du von van der".split())
# The last word of an organisation's name, which names no organisation alone.
_ORGANISATION_HEADS = frozenset(
    "foundation institute university college company corporation inc ltd group council committee society "
    "association party project agency bank trust union league federation consortium organization "
    "organisation".split()
)


def _whole_name(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """A name the span [i, j) is part of: with the capitalised word before a joiner it opens
    ("University of New South Wales", not "of New South Wales", when the question says "university"),
    the capitalised words before an organisation's head ("Mozilla Foundation", when the question
    names Mozilla), and with the model number after it ("IBM 7090"; not a year)."""
    if i > 0 and tokens[i].lower in _NAME_JOINERS and tokens[i - 1].is_capitalised and tokens[i - 1].is_word:
        i -= 1
    if j == i + 1 and tokens[i].lower in _ORGANISATION_HEADS:  # "Mozilla Foundation", not "Foundation"
        while i > 0 and j - i < 4 and tokens[i - 1].is_capitalised and tokens[i - 1].is_word:
            i -= 1
    short = j - i <= 3  # a name, not a phrase that ends in one ("deliver a single F")
    if (
        short
        and j < len(tokens)
        and tokens[j - 1].is_capitalised
        and re.fullmatch(r"\d{2,5}", tokens[j].text)
    ):
        year = _YEAR.fullmatch(tokens[j].text) and 1000 <= int(tokens[j].text) <= 2100
        if not year and not tokens[j].in_question:
            j += 1
    return i, j


# A short quotation: a name or term the sentence sets in quotation marks (‘Chinese Red’, “memex”; not
# a clause, "that SkyDrive will soon become OneDrive").
_SHORT_QUOTE = re.compile(r"‘([^’]{1,60})’|“([^”]{1,60})”|\"([^\"]{1,60})\"")


def _in_quotes(sentence: str, start: int, end: int) -> str | None:
    """The whole of a short quotation that the text from ``start`` to ``end`` is part of, or None."""
    for quote in _SHORT_QUOTE.finditer(sentence):
        group = quote.lastindex or 0
        words = quote.group(group).split()
        if (
            quote.start(group) <= start
            and end <= quote.end(group)
            and len(words) <= 4
            and words[0] not in STOPWORDS
        ):
            inside = quote.group(group).strip(" ,.;:")
            return inside if inside and (start, end) != (quote.start(group), quote.end(group)) else None
    return None


def _month_day_year(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """A date written "November 17, 1858" whole, when the span [i, j) is its month and day or its
    year: the comma between them cuts it in two."""

    def month_day(end: int) -> bool:  # tokens end-2, end-1 are "November 17"
        day = tokens[end - 1].text
        return end >= 2 and day.isdigit() and len(day) <= 2 and tokens[end - 2].lower in MONTHS

    comma_year = j + 1 < len(tokens) and tokens[j].text == "," and _YEAR.fullmatch(tokens[j + 1].text)
    if comma_year and j - i >= 2 and month_day(j):
        return i, j + 2
    if (
        j == i + 1
        and _YEAR.fullmatch(tokens[i].text)
        and i >= 3
        and tokens[i - 1].text == ","
        and month_day(i - 1)
    ):
        return i - 3, j
    return i, j


def _words_then_digits(tokens: list[Token], n: int) -> bool:
    """Whether number token ``n`` is written in digits after a number written in words."""
    return tokens[n].text[:1].isdigit() and not any(ch.isdigit() for ch in tokens[n - 1].text)


def _opening_conjunction(tokens: list[Token], k: int, j: int) -> bool:
    """Whether token ``k`` is a stop word other than "The" opening a line or sentence before another
    capital ("And I", "But Paris"), which starts no name: the capital after it may."""
    token = tokens[k]
    opens = token.opens_line or (k > 0 and tokens[k - 1].text in {".", "!", "?"})
    return (
        opens
        and token.is_capitalised
        and token.lower in STOPWORDS
        and token.lower != "the"
        and k + 1 < j
        and tokens[k + 1].is_capitalised
    )


def _figures_on_a_new_line(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` is figures opening a line after figures: another value of a form or table
    ("SUP 05" above "1100 REGISTERED VOTERS"), not the same number's next word ("fifty\nthousand")."""
    return tokens[n].opens_line and tokens[n].text[:1].isdigit() and tokens[n - 1].text[:1].isdigit()


def _joins_number_words(tokens: list[Token], n: int, j: int) -> bool:
    """Whether token ``n`` is the "and" inside a number in words: "five hundred and twenty"."""
    return (
        tokens[n].lower == "and"
        and tokens[n - 1].lower in {"hundred", "thousand", "million", "billion"}
        and n + 1 < j
        and tokens[n + 1].is_number
        and not tokens[n + 1].text[:1].isdigit()
    )


def _with_its_month(tokens: list[Token], j: int) -> int:
    """The end of a date that stops at a day's number before the month the question says, past that
    month and its year ("Friday 4 September 2026" for "... start in September?", not "Friday 4")."""
    day = 0 < j < len(tokens) and tokens[j - 1].text.isdigit() and len(tokens[j - 1].text) <= 2
    if day and tokens[j].lower in MONTHS and tokens[j].in_question:
        j += 1
        if j < len(tokens) and re.fullmatch(r"\d{4}", tokens[j].text):
            j += 1
    return j


def _shares_first_word(tokens: list[Token], i: int, k: int, question: str) -> bool:
    """Whether the capitalised word before token ``k``, which opens the stretch [i, ...), is one the
    question says only inside another name, after its first word ("Harbour" of "the Saltmere Harbour
    10K"), and not after another of its capitalised words here (that name run on): the two words
    name something else ("Harbour Green"). Not a name's first word ("Wayfarer Cover Ltd" for
    "Wayfarer Travel Insurance" is of the same family)."""
    if k != i or k == 0:
        return False
    before = tokens[k - 1]
    run_on = k > 1 and tokens[k - 2].in_question and tokens[k - 2].is_capitalised and tokens[k - 2].is_word
    if not before.in_question or not before.is_capitalised or not before.is_word or run_on:
        return False
    return re.search(rf"\b[A-Z][\w'’-]*\s+{re.escape(before.text)}\b", question) is not None


def _phrase_after(tokens: list[Token], start: int) -> tuple[int, int] | None:
    """The phrase that starts at token ``start``: up to a break or a new clause, at most
    ``_MAX_PHRASE_TOKENS`` tokens, stop words trimmed."""
    end = start
    while (
        end < len(tokens)
        and end - start < _MAX_PHRASE_TOKENS
        and tokens[end].text not in _BREAKS
        and tokens[end].lower not in _CLAUSE_OPENERS
    ):
        end += 1
    i, j = _trim(tokens, start, end)
    return (i, j) if j > i else None


def _examples_after(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The first example the noun at ``n`` introduces: "xz" of "tools like xz, lzip and bzip2",
    "such as", "including" (the whole list when the question asks for several)."""
    after = [t.lower for t in tokens[n + 1 : n + 3]]
    if after[:1] in (["like"], ["including"]):
        start = n + 2
    elif after == ["such", "as"]:
        start = n + 3
    else:
        return None
    if start >= len(tokens) or tokens[start].in_question:
        return None
    end = start + 1  # one item: the list it opens is taken whole later
    while end < len(tokens) and tokens[end].is_word and tokens[end].lower not in {"and", "or"} | STOPWORDS:
        end += 1
    return start, end


def _introduced_after(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """What follows the colon that the noun at ``n`` (and an "of" phrase) leads to, to the clause's end:
    "patch.diff, patch-2.diff, patch-3.diff" of "the following sequence of patch names: patch.diff,
    patch-2.diff, patch-3.diff,. . ."."""
    colon = next((k for k in range(n + 1, min(n + 5, len(tokens))) if tokens[k].text in _BREAKS), None)
    if colon is None or tokens[colon].text != ":" or (colon > n + 1 and tokens[n + 1].lower != "of"):
        return None
    start = end = colon + 1
    while (
        end < len(tokens) and tokens[end].text not in _INTRODUCED_END and end - start < _MAX_INTRODUCED_TOKENS
    ):
        end += 1
    while end > start and not (tokens[end - 1].is_word or tokens[end - 1].is_number):
        end -= 1  # the list's trailing ",. . ."
    return (start, end) if end > start and not tokens[start].in_question else None


_INTRODUCED_END = frozenset(".;()[]?!")
_MAX_INTRODUCED_TOKENS = 24


def _head_spans(tokens: list[Token], head: str) -> list[tuple[int, int]]:
    """Phrases ending in the question's head noun ("Manakin Episcopal Church"), or, where the noun
    has no modifiers the question lacks, what follows "<noun> of" ("the choice of encoding")."""
    head_stem = stem(head)
    spans: list[tuple[int, int]] = []
    values: list[tuple[int, int]] = []  # "port 213" of "port 213 - the assigned IANA port"
    for n, token in enumerate(tokens):
        if head in _NAME_NOUNS and token.lower in _NAMING_VERBS and (given := _called(tokens, n)):
            spans.append(given)  # "What name did he give it?": 'which he dubbed "memex"'
        # an acronym and its number name one of a series: "RFC 1034" for "Which RFCs ...?"
        acronym = len(token.text) > 1 and token.text.isupper() and token.is_word
        if stem(token.lower) != head_stem and not (acronym and token.lower == head.lower().removesuffix("s")):
            continue
        if acronym and n + 1 < len(tokens) and tokens[n + 1].text[:1].isdigit():
            if spans and spans[-1][1] == n - 1 and tokens[n - 1].lower in {"and", "or", ","}:
                spans[-1] = (spans[-1][0], n + 2)  # "RFC 1034 and RFC 1035": one list
            else:
                spans.append((n, n + 2))
            continue
        if (given := _called_after(tokens, n)) is not None:
            spans.append(given)  # "a bash script called camlidldll"
            continue
        if (examples := _examples_after(tokens, n)) is not None:
            spans.append(examples)  # "tools like xz, lzip and bzip2"
            continue
        if (introduced := _introduced_after(tokens, n)) is not None:
            spans.append(introduced)  # "the following sequence of patch names: patch.diff, ..."
            continue
        joined = n - 1  # "the ro,nodev,noexec,noatime options": values written together, one answer
        while joined > 0 and tokens[joined - 1].end == tokens[joined].start:
            joined -= 1
        if 0 <= joined < n - 1 and any(t.text == "," for t in tokens[joined : n - 1]):
            spans.append((joined, n))
            continue
        i = n
        while (
            i > 0
            and n - i < 4
            and tokens[i - 1].is_word
            and not tokens[i - 1].in_question
            and tokens[i - 1].lower not in STOPWORDS
        ):
            i -= 1
        if (name := _name_after(tokens, n)) is not None:
            spans.append(name)
        elif (value := _value_after(tokens, n)) is not None:
            values.append(value)
        elif i < n:
            spans.append((i, n + 1))
        elif (quoted := _quoted_before(tokens, n)) is not None:
            spans.append(quoted)
        elif (named := _apposed(tokens, n)) is not None:
            spans.append(named)
        elif (
            n + 2 < len(tokens)
            and tokens[n + 1].lower == "of"
            and not tokens[n + 2].in_question
            and (after := _phrase_after(tokens, n + 2)) is not None
            and not all(t.in_question for t in tokens[after[0] : after[1]] if t.lower not in STOPWORDS)
        ):
            spans.append(after)
    return values or spans


def names_the_value(question: str, sentence: str) -> bool:
    """Whether ``sentence`` gives the value of the noun a what/which question asks by right after it:
    "port 80" for "Which port ...?", "a script called camlidldll" for "What script ...?", or the
    value it assigns to the identifier the question names (:func:`assigned_value`)."""
    if assigned_value(question, sentence) is not None:
        return True
    head = head_noun(question)
    if head is None:
        return False
    tokens = tokenize(sentence, question)
    return any(
        stem(token.lower) == stem(head)
        and (_value_after(tokens, n) is not None or _called_after(tokens, n) is not None)
        for n, token in enumerate(tokens)
    )


# Verbs that give a name ("a script called camlidldll", 'which he dubbed "memex"'), and the nouns by
# which a question asks for one.
_NAMING_VERBS = frozenset("called named dubbed termed titled entitled nicknamed".split())
_NAME_NOUNS = frozenset("name names nickname term title".split())


def _called_after(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The name a naming verb right after the noun at ``n`` gives it ("script called camlidldll")."""
    if n + 1 < len(tokens) and tokens[n + 1].lower in _NAMING_VERBS:
        return _called(tokens, n + 1)
    return None


def _called(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The name the verb at ``n`` gives: quoted, a capitalised name, or one word that is no stop
    word."""
    at = n + 1
    if at >= len(tokens):
        return None
    if (closing := _QUOTES.get(tokens[at].text) or _OPENING_QUOTES.get(tokens[at].text)) is not None:
        reach = range(at + 1, min(at + 2 + _MAX_QUOTED_TOKENS, len(tokens)))
        end = next((k for k in reach if tokens[k].text == closing), None)
        while end is not None and end > at + 1 and tokens[end - 1].text in ",.;:":
            end -= 1  # 'dubbed "memex,"'
        return (at + 1, end) if end is not None and end > at + 1 else None
    if (end := name_end(tokens, at, len(tokens))) > at:
        return at, end
    word = tokens[at]
    return (at, at + 1) if word.is_word and word.lower not in STOPWORDS and not word.in_question else None


_QUOTES = {'"': '"', "”": "“", "’": "‘", "'": "'"}
_MAX_QUOTED_TOKENS = 8
_OPENING_QUOTES = {opening: closing for closing, opening in _QUOTES.items()}


def _quoted_before(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The words a pair of quotes holds right before the noun at ``n``: the name it is given ('the
    "It's Scotland's oil" campaign')."""
    if n < 3 or (opening := _QUOTES.get(tokens[n - 1].text)) is None:
        return None
    for start in range(n - 2, max(n - 2 - _MAX_QUOTED_TOKENS, 0) - 1, -1):
        if tokens[start].text == opening:
            inside = tokens[start + 1 : n - 1]
            return (start + 1, n - 1) if inside and not all(t.in_question for t in inside) else None
    return None


def _per_unit_end(tokens: list[Token], n: int) -> int:
    """Where the rate that "per" at token ``n`` opens ends: its unit, one or two lower-case words up
    to a stop word or a break, whether the question says them or not ("£950 per calendar month" for
    "the monthly rent", "25 per cent", "£80 per person per night"); ``n`` when none follows."""
    end = n + 1
    while (
        end < len(tokens)
        and end - n <= 2
        and tokens[end].is_word
        and tokens[end].text.islower()
        and tokens[end].lower not in STOPWORDS
        and tokens[end].lower not in _PREPOSITIONS
    ):
        end += 1
    if end == n + 1:
        return n
    return _per_unit_end(tokens, end) if end < len(tokens) and tokens[end].lower == "per" else end


def _name_after(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The name right after the noun at ``n``, bracketed or not: "anthropologists David Graeber",
    "another planet (Vulcan)"."""
    start = n + 1 + (n + 1 < len(tokens) and tokens[n + 1].text == "(")
    end = name_end(tokens, start, len(tokens))
    if end == start or any(t.in_question for t in tokens[start:end]):
        return None
    return start, end


def _value_after(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """The value right after the common noun at ``n`` that it names: "the default port 5432", "level
    6", "uid/gid 41", "variable XZ_DEFAULTS". Not after a name's own word ("Route 66", "Super Bowl
    50")."""
    at = n + 3 if n + 3 < len(tokens) and tokens[n + 1].text == "/" else n + 1  # "uid/gid 41"
    if at >= len(tokens) or not tokens[n].text.islower():
        return None
    value = tokens[at]
    if value.in_question or not (value.is_number or NAMED_IDENTIFIER.fullmatch(value.text)):
        return None
    return at, at + 1


def _apposed(tokens: list[Token], n: int) -> tuple[int, int] | None:
    """What an apposition pairs with the noun at ``n``: "its tributary, the river Aare" (after it) or
    "Pawiak, an infamous prison" (before it, across a comma and at most four words)."""
    if n + 2 < len(tokens) and tokens[n + 1].text == ",":
        after = _phrase_after(tokens, n + 2)
        if after is not None and not any(t.in_question for t in tokens[after[0] : after[1]]):
            return after
    k = n
    while k > 0 and n - k < 5 and tokens[k - 1].text != ",":
        k -= 1
    if k > 1 and tokens[k - 1].text == "," and tokens[k].lower in {"a", "an", "the"}:
        end = k - 1
        start = end
        while start > 0 and tokens[start - 1].is_word and tokens[start - 1].is_capitalised:
            start -= 1
        if start < end and not any(t.in_question for t in tokens[start:end]):
            return start, end
    return None


def _reason_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """What follows a marker of reason ("due to ...", "because ...", "since ..."), a marker's longest
    form at each place ("because of", not "because"); what follows a "to" of purpose only when the
    sentence has none of them ("... was not released since it was rejected by pause.perl.org due to
    ...": both, the nearer the question's words chosen later)."""
    lowered = [t.lower for t in tokens]
    spans: list[tuple[int, int]] = []
    for strong in (True, False):
        marked: set[int] = set()
        for marker in _REASON_MARKERS:
            if (marker == ("to",)) == strong:
                continue
            for n in range(len(tokens) - len(marker)):
                if n not in marked and tuple(lowered[n : n + len(marker)]) == marker:
                    marked.add(n)
                    if (span := _phrase_after(tokens, n + len(marker))) is not None:
                        spans.append(span)
        if spans:
            return spans
    return []


_WHERE = re.compile(r"\bwhere\b", re.IGNORECASE)
_LOCATIVES = frozenset(
    "in at near from on outside inside across into to via throughout around beside within off".split()
)


def _located(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` follows a preposition of place, directly or across up to two lower-case
    words ("in Bergen", "in northern Syria", "at the old harbour")."""
    k = n - 1
    while k >= max(0, n - 3) and tokens[k].lower not in _LOCATIVES and tokens[k].text.islower():
        k -= 1
    return k >= 0 and tokens[k].lower in _LOCATIVES


def _described_places(tokens: list[Token]) -> list[tuple[int, int]]:
    """The places a sentence describes without naming them: what follows a preposition of place to
    the clause's end ("to assembly point B in the visitor car park", "under the kitchen sink"), but
    not the place the question gives itself ("... in the distillery")."""
    spans = []
    k = 0
    while k < len(tokens) - 1:
        if tokens[k].lower in _PLACE_WORDS and not tokens[k + 1].in_question and tokens[k + 1].is_word:
            end = k + 1
            while (
                end < len(tokens)
                and tokens[end].text not in _BREAKS
                and tokens[end].text != "."
                and tokens[end].lower not in _CLAUSE_OPENERS  # "to stdout unless you specify a file"
            ):
                end += 1
            if end - k - 1 <= _MAX_PLACE_TOKENS and not all(t.in_question for t in tokens[k + 1 : end]):
                spans.append(_trim(tokens, k + 1, end))  # the whole place: "in the blue tin on the top shelf"
                k = end
        k += 1
    return [(i, j) for i, j in spans if j > i]


_PLACE_WORDS = _LOCATIVES | frozenset("under behind below beneath above opposite".split())
_MAX_PLACE_TOKENS = 12


def _clause(tokens: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """The stretch of tokens around ``span`` between punctuation breaks."""
    i, j = span
    while i > 0 and tokens[i - 1].text not in _BREAKS:
        i -= 1
    while j < len(tokens) and tokens[j].text not in _BREAKS:
        j += 1
    return i, j


_IN_SITU = re.compile(r"([\w'’-]+)\s+(?:what|whom|who|which)\b(?!.*\b(?:what|whom|who|which)\b)", re.I)


def _in_situ_slot(question: str, tokens: list[Token]) -> int | None:
    """Where the answer sits when the wh-word stands in its place ("D'Olier Street is named after
    whom?"): the sentence's token for the word before the wh-word, when the question does not open with
    its wh-word and the sentence uses that word once."""
    if re.match(r"\W*(?:what|whom|who|which|where|when|why|how)\b", question, re.I):
        return None
    match = _IN_SITU.search(question)
    if match is None:
        return None
    word = match.group(1).lower()
    places = [n for n, t in enumerate(tokens) if t.lower == word]
    return places[0] if len(places) == 1 else None


def reads_as_heading(line: str) -> bool:
    """Whether a line reads as a heading: words, none of them lower-case, no digits (a version or a
    date may be the answer) but a section's number, and no closing punctuation ("Staffing", "AUTHORS /
    CONTRIBUTORS", "3. Training")."""
    line = without_section_number(line)  # "3. Training"
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    closed = line.rstrip()[-1:] in {".", "!", "?", ":", ";", ","}
    lower = any(w[0].islower() for w in words)
    return bool(words) and not closed and not lower and not re.search(r"\d", line)


# A Markdown heading's marks and its section's number: "#### 4.3.6. link_dest" is titled "link_dest".
_HEADING_NUMBER = re.compile(rf"#{{1,6}}[ \t]+(?:{SECTION_NUMBER}[ \t]+)?")


def _without_heading_number(sentence: str) -> str:
    """A Markdown heading line without its marks and section number, which answer nothing ("Which rsync
    version ...?" is not answered by the "4.3.6" of "#### 4.3.6. link_dest")."""
    heading = _HEADING_NUMBER.match(sentence)
    return sentence[heading.end() :] if heading and "\n" not in sentence.strip() else sentence


def _body(sentence: str) -> str:
    """``sentence`` without the heading lines that extraction glued to its start (PDF and plain text
    keep a heading on the line above its paragraph): "Staffing\nLindesnes has three keepers." would
    otherwise offer "Staffing Lindesnes" as a name; and without the marks of a Markdown quote."""
    lines = sentence.split("\n")
    skip = 0
    # A next line that goes on in lower case continues the first: "Ingrid Olsen\nwrote it" is no heading.
    while (
        skip < len(lines) - 1 and reads_as_heading(lines[skip]) and not lines[skip + 1].lstrip()[:1].islower()
    ):
        skip += 1
    body = "\n".join(lines[skip:]) if skip else sentence
    return _QUOTE_MARKER.sub("", body)  # Markdown's "> " before each line of a quoted paragraph


_QUOTE_MARKER = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)


def _list_from(sentence: str, start: int, first: str, question: str, least: int = 2) -> str | None:
    """The coordinated list of at least ``least`` items that ``first`` (at ``start``) opens, "HTTP/1.1,
    HTTP/2 and WebSockets": items no longer than the first (an article aside), the last after "and" or
    "or", none of them one the question names ("Along with English and mathematics, what ...?" asks
    for another). The first item runs on to its comma by a word or two that are no stop words
    ("Microsoft 365, Slack and 1Password" opened by "Microsoft")."""
    if rest := _ITEM_REST.match(sentence, start + len(first)):
        first += rest.group()
    item = rf"(?:(?:the|a|an) )?[^\s,;:()]+(?: [^\s,;:()]+){{0,{len(first.split()) - 1}}}"
    last_item = r"(?:(?:the|a|an) )?[^\s,;:()]+(?: [^\s,;:()]+){0,3}"
    listed = re.compile(rf"{re.escape(first)}((?:, {item})*),? (?:and|or) ({last_item})")
    listed = listed.match(sentence, start)
    if listed is None or listed.group(1).count(",") + 2 < least:
        return None
    # the last item no longer than those between ("..., 1Password and ExpenseHub", not "ExpenseHub
    # installed")
    between = [_without_article(middle).split() for middle in listed.group(1).split(",") if middle.strip()]
    words = _without_article(listed.group(2)).split()
    keep = max(map(len, between), default=len(first.split()))
    while 0 < keep < len(words) and words[keep - 1][:1].isupper() and words[keep][:1].isupper():
        keep += 1  # a name goes on: "Orkney, Shetland and the Western Isles"
    last = words[:keep]
    article = listed.group(2)[: len(listed.group(2)) - len(_without_article(listed.group(2)))]
    asked = set(content_terms(question))
    items = [first.split(), *between, last]
    if len(items[0]) > 2 * max(map(len, items[1:])) + 1:
        return None  # no list of like items: "during periods of lower global temperatures, snow and rain"
    if any(terms and set(terms) <= asked for terms in (content_terms(" ".join(i)) for i in items)):
        return None
    return sentence[start : listed.start(2)] + article + " ".join(last).rstrip(".")


def _without_article(item: str) -> str:
    return re.sub(r"^\s*(?:the|a|an)\s+", "", item)


_STOP = "|".join(sorted(STOPWORDS))
_ITEM_REST = re.compile(rf"(?: (?!(?:{_STOP})\b)[^\s,;:()]+){{1,2}}(?=,)", re.IGNORECASE)


def _yes_or_no(question: str, tokens: list[Token]) -> str | None:
    """ "Yes" or "No" to a question that opens with its verb, when the sentence says every content word
    the question says: "No" when one of them says "not" (or "no", "never") and the other does not
    ("Can I use tzlocal to convert ...?" - "It's not for converting ..."). Words that deny without a
    "not" ("skip", "ignore") are more often the question's own predicate than a denial of it ("Can I
    skip the tests?" - "Tests are never skipped."): they do not count. A sentence that leaves out a
    word of the question settles nothing ("Can cloudpickle send objects between different Python
    versions?" - "... between the exact same version of Python"): None. A sentence that opens with
    its own "Yes." or "No." (a FAQ's answer, "A: No. ...") gives it."""
    labelled = len(tokens) > 2 and tokens[0].lower in {"a", "answer"} and tokens[1].text == ":"
    opening = tokens[2:5] if labelled else tokens[:3]  # "No. All processes must ...", not "No. 10 ..."
    answered = len(opening) > 1 and opening[0].lower in {"yes", "no"} and opening[1].text in ".,!;:"
    if answered and (len(opening) < 3 or not opening[2].is_number):
        return opening[0].lower.capitalize()
    words = [w.lower() for w in TOKEN.findall(question) if w[:1].isalnum() and w.lower() not in STOPWORDS]
    said = {stem(part) for token in tokens for part in token.lower.split("-")}
    asked = [w for w in words if not negates(w)]
    if not asked or any(stem(w) not in said and not {stem(p) for p in w.split("-")} <= said for w in asked):
        return None
    sentence = " ".join(token.text for token in tokens)
    return "No" if negates(question) != negates_in_main_clause(sentence) else "Yes"


# "Who is/was <a name>?" and nothing else: a question about what someone is, not which person.
_IDENTITY = re.compile(r"^\W*[Ww]ho\s+(?:is|was|are|were)\s+(?:[A-Z][\w.'’-]*\s*)+\W*$")


_WHO = re.compile(r"\W*(?:who|whom)\b", re.IGNORECASE)
_WHOSE = re.compile(r"\W*whose\b", re.IGNORECASE)
_SUBJECT_WHO = re.compile(rf"^\W*who\s+(?:[a-z]+ly\s+)?(?!{AUXILIARY}\b)([a-z]+)\b", re.IGNORECASE)
# "Who is the original creator of IDLE?", "Who is named as the TeX Users Group's executive director
# in ...?": the role whose holder it asks for.
_ROLE_WHO = re.compile(
    r"^\W*who\s+(?:is|was|are|were)\s+(?:(?:named|listed|given|shown|credited|mentioned)\s+as\s+)?"
    r"(?:the|a|an)\s+(?:[\w'’.-]+\s+){0,4}?([a-z]+)\s+(?:of|at|in|for|on|behind)\b",
    re.IGNORECASE,
)
_COPULA = frozenset("is was are were".split())


# "What does the EM argument of zeroinfl.control() allow?": the verb whose object the question asks.
_OBJECT_WHAT = re.compile(r"^\W*(?:what|which\s+[a-z]+)\s+(?:do|does|did)\s+.+\s([a-z]+)\W*$", re.IGNORECASE)


def asked_verb(question: str) -> str | None:
    """The stem of the verb whose subject a who-question asks for ("Who really invented ...?":
    invent) or whose object a what-question ends in ("What does the EM argument allow?": allow), or
    None."""
    question = without_lead_in(question)
    match = _SUBJECT_WHO.match(question) or _OBJECT_WHAT.match(question)
    if match is None or match.group(1).lower() in STOPWORDS:
        return None
    return stem(match.group(1).lower())


def _subject_side(question: str, tokens: list[Token]) -> Callable[[tuple[int, int]], int] | None:
    """For a question that asks for its verb's subject ("Who built the bridge?") or a role's holder
    ("Who is the creator of IDLE?"), 0 for a span on the side of that verb or role noun where the
    sentence says who (before it, "The Beta team built the bridge", "Guido van Rossum, the creator
    of ..."; after it in the passive, "built by the Beta team", or after a copula, "The creator is
    Guido"), else 1; None for other questions or sentences without the word."""
    match = _SUBJECT_WHO.match(question) or _ROLE_WHO.match(question)
    if match is None:
        return None
    word = stem(match.group(1).lower())
    # after the verb, "by" names the subject ("built in 1889 by Gustave Eiffel"); after the role, a
    # copula names its holder ("The creator of IDLE is Guido"), else the holder came before ("Guido
    # van Rossum, the creator of ...")
    after_names = {"by"} if match.re is _SUBJECT_WHO else _COPULA
    for n, token in enumerate(tokens):
        if token.in_question and stem(token.lower) == word:
            after = tokens[n + 1 : n + 6]
            clause = after[: next((k for k, t in enumerate(after) if t.text in _BREAKS), len(after))]
            if any(t.lower in after_names for t in clause):
                return lambda span: int(span[0] < n)
            return lambda span: int(span[1] > n)
    return None


# A number that names, not counts: "the batch number", "her policy number", "the phone number" (not
# "the number of ...", "the total number of ...", "a large number of ...").
_COUNTING_WORDS = (
    "the a an what which any that this its their his her total whole same exact average overall combined "
    "large small great high low huge record maximum minimum growing increasing rising estimated certain"
)
_NAMING_NUMBER = re.compile(rf"\b(?!(?:{'|'.join(_COUNTING_WORDS.split())})\b)[a-z]+ number\b")


def _by_its_noun(question: str, kind: str, head: str | None) -> str:
    """The kind a phrase question names by its noun further on: "What was the target percentage
    ...?" asks for a number, "What was Hero's nationality?" for a name, "What colour is it?" for a
    colour; "what kind of state" still for a phrase; a number that names something asks for a code
    ("What was the batch number of the vaccine?": "TX26-0048"), as a code, a PIN or a reference do."""
    lowered = question.lower()
    if head == "number" and _NAMING_NUMBER.search(lowered):
        return "code"
    if head and not TYPE_OF.search(lowered):
        return NOUN_KIND.get(head, kind)
    return kind


def holds_asked_kind(question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds something of the kind the question asks for when that is a number,
    a date, a colour ("320 metres" for "How long is the bridge?") or, for a where-question, a place (a
    name after "in", "at", ...: "born in Bergen"): the sentence of an answer to take the short answer
    from; for a question about money, an amount of money; for one that asks who, a name ("Grace Obi
    takes over as incident commander.", not "Incident: INC-2025-0318 - Card payments failing"); for
    one that asks how often, a number or a frequency ("Every week"); for one that asks for an e-mail or
    web address, one. Any sentence can hold another
    name or a phrase."""
    if addresses := asked_address(question):
        return addresses.search(sentence) is not None
    question = without_lead_in(question)  # "When the server is gone, how long ...?" asks how long
    kind = answer_kind(question)
    if kind == "phrase":
        kind = _by_its_noun(question, kind, head_noun(question))
    asks_who = kind == "name" and _WHO.match(question) is not None
    if kind not in {"number", "date", "colour", "place", "code"} and not asks_who:
        return True
    tokens = tokenize(_body(sentence), question)
    spans = [span for i, j in _runs(tokens) for span in _typed_spans(tokens, i, j, kind, question)]
    if kind == "place":
        described = len(sentence.split()) <= _MAX_PLACE_WORDS and _PLACE_PHRASE.match(sentence) is not None
        return not _WHERE.search(question) or described or any(_located(tokens, i) for i, _ in spans)
    if kind == "number" and asks_money(question):
        return any(is_money(tokens, *span) for span in spans)  # "£22 per pupil", not "12/06/2025"
    if kind == "number" and _HOW_OFTEN.search(question) and _FREQUENCY.search(sentence):
        return True  # "Every week", "fortnightly", "twice a year"
    if kind == "date" and ASKS_TIME.search(question.lower()):
        return TIME_OF_DAY.search(sentence) is not None  # "At 06:52 on 14 November ...", not the title's date
    return bool(spans)


def field_holds_asked_kind(question: str, value: str, row: str) -> bool:
    """Whether a table's cell that the question names holds what it asks (:func:`holds_asked_kind`);
    for a question about money, a bare figure does too in a ``row`` that writes no currency sign: a
    budget's columns give theirs in their header or caption ("2025/26: 116,050"); for a code, a word
    written together names one too ("password: asdfzxcv")."""
    if holds_asked_kind(question, value):
        return True
    if _by_its_noun(question, answer_kind(question), head_noun(question)) == "code":
        return re.fullmatch(r"[^\s|]{4,}", value.strip()) is not None
    bare_figure = re.fullmatch(r"\d[\d,]*(?:\.\d+)?", value.strip()) is not None
    return bare_figure and asks_money(question) and not any(sign in row for sign in CURRENCY_SIGNS)


# A place described, not named, in a few words: a table's "Location: Under the kitchen sink".
_PLACE_PHRASE = re.compile(
    r"\s*(?:under|behind|below|beneath|above|beside|next to|opposite|inside|outside|in|on|at|by|near)\s",
    re.IGNORECASE,
)
_MAX_PLACE_WORDS = 6
_HOW_OFTEN = re.compile(r"\bhow often\b", re.IGNORECASE)
_FREQUENCY = re.compile(
    r"\b(?:every|each|once|twice|daily|weekly|fortnightly|monthly|quarterly|annually|yearly|hourly)\b",
    re.IGNORECASE,
)
# How often something happens, said whole: "twice a year", "3 times a week", "every 20 minutes",
# "every other Tuesday", "fortnightly".
_PERIOD_WORDS = r"(?:day|week|fortnight|month|quarter|term|season|year|hour|minute)s?"
_TIMES = r"(?:once|twice|thrice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten) times)"
_HOW_FREQUENT = re.compile(
    rf"\b(?:{_TIMES}\s+(?:a|an|per|each|every)\s+(?:\w+\s+)?{_PERIOD_WORDS}"
    rf"|every\s+(?:other\s+|\d+\s+|two\s+|three\s+|few\s+)?(?:{_PERIOD_WORDS}"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|daily|weekly|fortnightly|monthly|quarterly"
    r"|annually|yearly|hourly)\b",
    re.IGNORECASE,
)


def counts_the_asked(question: str, sentence: str) -> bool:
    """Whether a number of ``sentence`` counts what a how-many question counts, within two words
    ("48 residential streets" for "How many streets were measured?", not "within 200 m of the
    streets"); True for other questions."""
    unit = counted_unit(question)
    if unit is None:
        return True
    if (field := field_value(question, sentence)) and field[:1].isdecimal():
        return True  # a row naming what it counts by a cell, its count by another ("Number: 60")
    tokens = tokenize(_body(sentence), question)
    return any(
        token.is_number and any(stem(t.lower) == stem(unit) for t in tokens[n + 1 : n + 4])
        for n, token in enumerate(tokens)
    )


def only_counts(question: str, span: str) -> bool:
    """Whether ``span`` says how many where the question asks which: "two military bases" for "Which
    bases did he threaten to close?" (a number, then the question's own noun), a poorer short answer
    than the names another sentence gives."""
    words = span.lower().split()
    head = head_noun(question) if answer_kind(question) == "phrase" else None
    counted = len(words) > 1 and (words[0].isdigit() or words[0] in NUMBER_WORDS)
    return counted and head is not None and stem(words[-1]) == stem(head)


def _in_latin_script(question: str) -> bool:
    """Whether most of the question's letters are Latin: the rules read English (its stop words,
    wh-words, capitals), so a Russian or Japanese question gets no span they would guess at."""
    letters = [c for c in question if c.isalpha()]
    return sum(c.isascii() for c in letters) >= len(letters) / 2


# Where a field's value goes on to say something else: "3 June 1871, Perth", "£34,750 a year; paid ...".
_VALUE_BREAK = re.compile(r",\s|;|\s·\s|\s\(")


# A relative clause that goes on to say something of a value: "locale, which can also be accessed ...".
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whom|whose|where)\b", re.IGNORECASE)


def field_answer(question: str, value: str) -> str:
    """A field's value as the short answer, without a relative clause that goes on about it ("locale"
    of "one key available: locale, which can also be accessed via the alias lang"); to a question that
    asks for a date, a number or who, up to where it goes on to say something else, when that part
    holds what is asked ("3 June 1871" of "Born: 3 June 1871, Perth, Scotland" for "When was she
    born?"); the whole value otherwise, without a shell's prompt ("lsof -a +L1 /home" of "use: $ lsof
    -a +L1 /home")."""
    value = _PROMPT.sub("", value)
    parts = [part.strip() for part in value.split(";") if part.strip()]
    asked = set(content_terms(question))
    naming = [part for part in parts if asked & set(content_terms(part))]
    if (
        len(parts) > 1
        and len(naming) == 1
        and naming[0] != parts[0]
        and holds_asked_kind(question, naming[0])
    ):
        # of a value in parts, the one that names what the question asks about ("disco from 19:30" of
        # "Times: 10:00–12:00; disco from 19:30" for "What time does Disco on Ice start?")
        return short_answer(question, naming[0]) or naming[0]
    value = _RELATIVE_CLAUSE.split(value, maxsplit=1)[0].strip() or value  # what it says of the value
    first = _VALUE_BREAK.split(value, maxsplit=1)[0].strip()
    kind = answer_kind(question)  # a who-question's too: "Anneliese Corrib-Watts, Senior Procurement Officer"
    if kind in {"date", "number", "name"} and first != value and holds_asked_kind(question, first):
        return first
    return value


_PROMPT = re.compile(r"^\s*[$%#>]\s+(?=[a-z])")
# Nouns by which a question asks for a release ("Which Linux kernel version ...?").
RELEASE_NOUNS = frozenset({"version", "release"})
# What a sentence names after saying what it is about: "..., namely A and B" (not "i.e.", which
# goes on to explain: "(i.e. there is no '/' in the name)").
_NAMELY = re.compile(r"\bnamely[,:]?\s+([^;!?]*[^;!?.\s])")


def short_answer(question: str, sentence: str) -> str:
    """The shortest span of ``sentence`` that answers ``question``, or "" when none stands out (the
    sentence itself is the answer then, and repeating it as a short answer would add nothing), or
    the question is not in Latin script; without the quotation marks around its words ("NFC, NFKC,
    NFD, and NFKD" of "‘NFC’, ‘NFKC’, ‘NFD’, and ‘NFKD’"; not an apostrophe, "Z’s", nor code's:
    '--format="%s"')."""
    span = _span(question, sentence)
    if _CODE_PUNCTUATION.search(span):
        return span
    span = _QUOTE_MARK.sub("", span).strip()
    last = span.split()[-1] if span else ""
    if (
        last.endswith(".")
        and last.count(".") == 1
        and len(last) > 2
        and last[:-1].lower() not in _ABBREVIATED
    ):
        span = span[:-1]  # the sentence's full stop after its last quoted item: "... and ‘NFKD’."
    return span


# Words written with a full stop of their own.
_ABBREVIATED = frozenset("etc inc ltd co corp jr sr st dr mr mrs ms prof vs no approx dept".split())
# The punctuation of code, whose quotes are its own ('--format="%s"'), and a quotation mark at a word's
# edge, not an apostrophe inside one ("don’t", "Z’s").
_CODE_PUNCTUATION = re.compile(r"[=(){}\[\]<>$\\/`%]")
_QUOTE_MARK = re.compile(r"(?<!\w)[“”‘’\"']+(?=\S)|(?<=\S)(?<![A-Za-z]s)[“”‘’\"']+(?!\w)|(?<=s)[“”\"]+(?!\w)")


def _span(question: str, sentence: str) -> str:
    """:func:`short_answer` with its quotation marks."""
    if not _in_latin_script(question):
        return ""
    lead_in = question  # its list items are not the answer: "Along with English and maths, what ...?"
    question = WH_IS.sub(r"\1 is", question)  # "What's X's classification?" as "What is ..."
    question = without_lead_in(question)  # "Besides Guido, who contributed ...?" as "Who ...?"
    sentence = _without_heading_number(_body(sentence))
    tokens = tokenize(sentence, question)
    if not tokens:
        return ""
    anchors = [i for i, t in enumerate(tokens) if t.in_question and t.lower not in STOPWORDS and t.is_word]
    at = [tokens[a].start for a in anchors]
    if (noun := noun_of_is_there(question)) and (code := code_answer(question, sentence, at, noun)):
        return code  # "Is there a flag to stop Black from ...?": "--skip-string-normalization"
    if asks_yes_or_no(question):  # no span of the sentence answers it, whatever words they share
        return _yes_or_no(question, tokens) or ""
    if _ASKS_KEYS.search(question) and (
        keys := [m for m in _KEYS.finditer(sentence) if m.group() not in question]
    ):
        return _nearest(keys, at).group()  # "What key combination locks it?": "CTRL-F10"
    if expanded := expansion(question, sentence):
        return expanded  # "What does mnt stand for?": "Multiple NoTangle"
    if (field := field_value(question, sentence)) and field_holds_asked_kind(question, field, sentence):
        return field_answer(question, field)  # the cell under the column the question names
    kind = answer_kind(question)
    if kind == "name" and _IDENTITY.match(question):
        kind = "phrase"  # "Who is Ibrahim Kalin?" asks what he is: "a spokesman for President Erdogan"
    head = head_noun(question) if kind == "phrase" else None
    if value := default_value(question, sentence, at) or assigned_value(question, sentence):
        return value  # "defaults to 873", "PRIME32_1 = 0x9E3779B1U"
    namely = _NAMELY.search(sentence)
    if kind in {"phrase", "name"} and namely and any(a < namely.start() for a in at):
        return namely.group(1).strip()  # "some tools that may help, namely mold-remover.py and delete-later"
    releases = (
        [m for m in RELEASE.finditer(sentence) if m.group() not in question] if head in RELEASE_NOUNS else []
    )
    if releases:  # "Which SQLite version ...?": "3.7.15" of "requires SQLite 3.7.15 or newer"
        return _nearest(releases, at).group()
    web = head in WEB_NOUNS or (kind == "place" and _WHERE.search(question) is not None)
    addresses = asked_address(question) or (URL if web else None)
    if addresses and (given := [m for m in addresses.finditer(sentence) if m.group() not in question]):
        # "Which website ...?": "https://www.linux-on-laptops.com/"; "Where can I download it?"; "What
        # e-mail address ...?": "bugs@example.org"
        return _nearest(given, at).group()
    if kind == "phrase" and head and (changed := _changed_to(question, sentence, head)):
        return changed
    if head in _WORK_NOUNS and (
        titles := [m for m in _TITLE.finditer(sentence) if m.group(1) not in question]
    ):
        return _nearest(titles, at).group(1)  # "Which book ...?": “Seven Habits of Highly Effective People”
    if kind == "phrase" and _WHAT.match(question) and (said := _after_the_colon(sentence, at)):
        return said  # "the best way of taking the blame: do it for someone else"
    if kind in {"phrase", "place"} and (code := code_answer(question, sentence, at, head, kind == "place")):
        return code
    kind = _by_its_noun(question, kind, head)
    if kind == "number" and _HOW_OFTEN.search(question) and (frequency := _HOW_FREQUENT.search(sentence)):
        return frequency.group()  # "twice a year", not the "2." of its list item
    candidates: list[tuple[int, int]] = []
    if kind == "reason":
        candidates = _reason_spans(tokens)
    elif kind == "phrase" and head:
        # "What company ...": where the sentence does not use the noun, its answer is usually a name
        candidates = _head_spans(tokens, head) or [
            span for i, j in _runs(tokens) for span in _typed_spans(tokens, i, j, "name", question)
        ]
    else:
        for i, j in _runs(tokens):
            candidates.extend(_typed_spans(tokens, i, j, kind, question))
        if kind == "name":
            candidates.extend(named_like(tokens, question))
            if _WHOSE.match(question):  # the name said in the possessive: "John Gruber’s Markdown"
                candidates = [
                    (i, j) for i, j in candidates if POSSESSIVE_END.search(tokens[j - 1].text)
                ] or candidates
            if _WHO.match(question):  # a person, not the words of a title in quotes ("“A Standard for
                # the Transmission of IP Datagrams”, D. Waitzman"), nor a name written with figures (a
                # citation key, "[Joh15b]"; a model, "F-35")
                candidates = [
                    span
                    for span in candidates
                    if not _quoted(sentence, tokens, span)
                    and not any(ch.isdigit() for t in tokens[span[0] : span[1]] for ch in t.text)
                ] or candidates
        if kind == "number" and (_MEASURE.search(question.lower()) or head_noun(question) in _MEASURED_NOUNS):
            # "How long does the debate last?", "At what file size ...?": the amount with its unit ("47
            # minutes"); not a share, unless the question may ask for one ("How much ...", "How fast did
            # it grow?"), as the "38%" beside the question's words; an amount after its currency's sign
            # has its unit already ("£289", not "£289 including" of "£289 including VAT")
            candidates = [
                (i, j if tokens[i].text[:1] in CURRENCY_SIGNS else unit_end(tokens, j)) for i, j in candidates
            ]
            if units := _units_asked(question):
                candidates = [(i, j) for i, j in candidates if tokens[j - 1].lower in units] or candidates
            elif _HOW_LONG.search(question):
                # "How long ...?": minutes or metres ("again in 3 minutes", not "192.168.0.1 wasn't"),
                # or a bare number, which may open a range ("3 to 5 working days")
                candidates = [
                    (i, j) for i, j in candidates if j == i + 1 or tokens[j - 1].lower in _LONG_UNITS
                ] or candidates
            if not _MEASURE_OF_A_SHARE.search(question.lower()):
                candidates = [span for span in candidates if not _is_share(tokens, span)] or candidates
            # nor a date's day or year ("on 18 March"), nor a time of day ("19:22:41"), which measure
            # nothing: no short answer rather than one of them (the quote answers)
            candidates = [
                (i, j)
                for i, j in candidates
                if (j > i + 1 or not dates(tokens, i))
                and not _CLOCK_TIME.search(_text_of(tokens, sentence, (i, j)))
            ]
            if not candidates:
                return ""
        if kind == "date" and ASKS_TIME.search(question.lower()):
            # "What time does the centre close ...?": a time of day, not the dates around it
            timed = [span for span in candidates if TIME_OF_DAY.search(_text_of(tokens, sentence, span))]
            candidates = timed or candidates
        if kind == "place" and _WHERE.search(question):
            # "Where was she born?": the name after "in", "at", "near" ... ("born in Bergen", not "Erik";
            # not for "Which country ...?", whose answer need not follow one: "Israel's war"); with no
            # name, the place a preposition leads to its clause's end ("go to assembly point B in the
            # visitor car park")
            candidates = [span for span in candidates if _located(tokens, span[0])] or candidates
            candidates = candidates or _described_places(tokens)
        if kind == "number" and asks_money(question):
            # "How much does a permit cost?": an amount of money, not "12 rooms" or "the third quarter";
            # when the sentence names none, another amount, but no date ("built in 1790")
            money = [span for span in candidates if is_money(tokens, *span)]
            candidates = money or [(i, j) for i, j in candidates if j > i + 1 or not dates(tokens, i)]
            if not candidates:
                return ""
        if kind == "number" and _ASKS_PERCENTAGE.search(question):
            # "What percentage of items ...?": "70%", not the "214" items it is of
            candidates = [span for span in candidates if _is_share(tokens, span)] or candidates
        if kind == "number" and (bound := _asked_bound(question)):
            # "How many members can it have at most?": the "8" of "up to 8 Developers, and should
            # usually have at least 4 members"
            bounded = [span for span in candidates if _bound_before(tokens, span[0]) == bound]
            candidates = (
                bounded
                or [span for span in candidates if _bound_before(tokens, span[0]) is None]
                or candidates
            )
        if kind == "number" and (unit := counted_unit(question)):
            # "How many days ...": a number followed by what is counted (days), not any number
            counted = [(i, j) for i, j in candidates if _counts(tokens, j, unit)]
            candidates = counted or candidates
    if not candidates:
        # a when-question's time without a date: what follows a word of time ("until the oil
        # shock"), not any phrase near the question's words ("Hythebank HY2 7RW", "Thomas Telford")
        timed = kind == "date" and _WHEN.search(question) is not None
        # a name's question is not answered by a figure alone ("13" for "Which organization operates
        # a.root-servers.net?", of "There are 13 root servers")
        named = kind == "name" or head in _ORGANISATION_HEADS
        for run_start, run_end in _runs(tokens):
            starts = [k + 1 for k in range(run_start, run_end) if tokens[k].lower in _TIME_WORDS]
            for start in starts if timed else [run_start]:
                i, j = _trim(tokens, start, run_end)
                figures = named and all(t.is_number or not t.is_word for t in tokens[i:j])
                if j > i and not figures:
                    candidates.append((i, min(j, i + _MAX_PHRASE_TOKENS)))
    if not candidates:
        return ""

    if kind in {"number", "date", "code"}:
        # a value the question gives itself is what it asks by: "£45" for "... an order under £250?"
        told = [(i, j) for i, j in candidates if not all(t.in_question for t in tokens[i:j])]
        candidates = told or candidates
    subject_side = _subject_side(question, tokens)

    # the models and releases the question names ("the PureAir P500", "Python 2.2"): of spans alike near
    # its other words, the one nearest these ("the P300 with a 2-year warranty and the P500 with a
    # 3-year warranty")
    named = [a for a in anchors if names_a_model(tokens, a) or RELEASE.fullmatch(tokens[a].text)]

    def distance(span: tuple[int, int]) -> tuple[int, int, int, int, int, int]:
        """For "Who built ...?", the span on the side of the verb where the sentence names its
        subject, however far; then the nearest to the words the question shares with the sentence,
        a lone word only after a longer phrase at the same distance; then the span that follows
        those words (the slot the wh-word stands for usually comes after the verb); then the one
        whose clause holds more of those words ("a center in Hong Kong which opened in 2015", not
        the 2014 of the center before it); then the one nearest the models and releases the question
        names ("35% faster than Python 2.2", not "5% faster than Python 2.3", for "How much faster
        than Python 2.2 ...?")."""
        if not anchors:
            return (0, 0, 0, 0, 0, span[0])
        side = subject_side(span) if subject_side is not None else 0
        lone = int(kind == "phrase" and span[1] - span[0] == 1)
        before_all = int(span[1] <= min(anchors)) if subject_side is None else 0
        gap = _gap(span, anchors)
        clause = _clause(tokens, span)
        shared = len({stem(tokens[a].lower) for a in anchors if clause[0] <= a < clause[1]})
        return (side, gap + lone, before_all, -shared, _gap(span, named), span[0])

    slot = _in_situ_slot(question, tokens)
    if slot is not None and (right_after := [c for c in candidates if slot < c[0] <= slot + 2]):
        candidates = right_after
    i, j = min(candidates, key=distance)
    if kind == "date" and ASKS_TIME.search(question.lower()):
        i = hours_from(tokens, sentence, i)  # "13:00" nearest the question's words: "08:30 and 13:00"
    if kind in {"number", "date"}:
        measured = j > i + 1 and is_unit(tokens, j - 1)
        i, j = through_range(tokens, i, j, measured, _ASKS_BEFORE.search(question) is not None)
    if kind == "date":
        j = _with_its_month(tokens, j)
        i, j = _month_day_year(tokens, i, j)
    if kind in {"name", "place", "phrase"}:
        i, j = _whole_name(tokens, i, j)
    end = tokens[j - 1].end
    if (several := asks_for_several(question)) or (kind == "phrase" and not asks_for_one(question)):
        # the whole list the span opens: any to a plural's question, of three or more items to another
        # what-question's ("What does it measure?": "PM2.5, PM10, VOC and humidity"), but not to one
        # that asks for one of a kind by its noun ("Which company ...?": "Apple", not "Apple, Samsung
        # and Mozilla")
        whole_word = re.match(r"[^\s,;:()]*", sentence[end:]).end()  # "HTTP" of "HTTP/1.1"
        first = sentence[tokens[i].start : end + whole_word]
        if listed := _list_from(sentence, tokens[i].start, first, lead_in, 2 if several else 3):
            end = tokens[i].start + len(listed)  # the whole list it opens
    if kind in {"name", "place", "phrase", "colour"} and (
        quoted := _in_quotes(sentence, tokens[i].start, end)
    ):
        return quoted  # "‘Chinese Red’" whole, not "Red"
    span = " ".join(sentence[tokens[i].start : end].split())  # one line: no layout inside
    if kind in {"name", "place"}:  # names listed in the possessive: "Gailly's and Adler's"
        span = re.sub(r"['’]s(?=,|\s+(?:and|or)\b)", "", span)
    if kind == "date" and ASKS_TIME.search(question.lower()):
        span = _end_asked(question, span)
    if kind == "number" and (unit := counted_unit(question)) and (count := _joined_count(span, unit)):
        return count  # "How many acres ...?": the "209" of "209-acre"
    return POSSESSIVE_END.sub("", span)  # "Laden's" -> "Laden"


# A question about what was so before a change: "What was the fare before the increase?" asks for the
# "£4.80" of "will rise from £4.80 to £5.90".
_ASKS_BEFORE = re.compile(
    r"\b(?:before|previous(?:ly)?|prior|original(?:ly)?|formerly|former|used to)\b", re.I
)


# "Is there a flag to ...?" asks which one, as "Which flag ...?" does.
_IS_THERE = re.compile(
    rf"^\W*(?:is|are)\s+there\s+(?:a|an|any|some)\s+(?:[\w-]+\s+)?({'|'.join(sorted(IDENTIFIER_NOUNS))})s?\b",
    re.IGNORECASE,
)


def noun_of_is_there(question: str) -> str | None:
    """The noun by which "Is there a flag to ...?" asks which one, as "Which flag ...?" does."""
    there = _IS_THERE.match(question)
    return there.group(1).lower() if there else None


# Questions about keys to press, and the combinations documentation writes: "CTRL-F10", "Ctrl+Alt+Del".
_ASKS_KEYS = re.compile(
    r"\b(?:key combinations?|keystrokes?|shortcuts?|hotkeys?|press(?:es|ing)?)\b"
    r"|\b(?:which|what) keys?\s+(?:do|does|should|can|must)\b",
    re.IGNORECASE,
)
_KEYS = re.compile(
    r"\b(?:ctrl|control|alt|shift|meta|cmd|super|fn)(?:\s?[-+]\s?(?:[a-z]\w*|\d+|[^\s\w]))+(?!\w)", re.I
)


# Words that bound an amount from above or below, in a question ("at most") and before a number in a
# sentence ("up to 8", "no fewer than 4").
_UPPER_ASKED = re.compile(r"\b(?:at most|maximum|max|upper limit|no more than|up to)\b", re.IGNORECASE)
_LOWER_ASKED = re.compile(r"\b(?:at least|minimum|lower limit|no fewer than|no less than)\b", re.I)
_UPPER_BEFORE = "up to|at most|maximum|maximum of|max|no more than|not more than".split("|")
_LOWER_BEFORE = "at least|minimum|minimum of|no fewer than|no less than|not less than".split("|")


def _asked_bound(question: str) -> str | None:
    """ "upper" or "lower" when the question asks for a bound ("at most", "the minimum"), else None."""
    upper, lower = _UPPER_ASKED.search(question), _LOWER_ASKED.search(question)
    if bool(upper) == bool(lower):
        return None
    return "upper" if upper else "lower"


def _bound_before(tokens: list[Token], n: int) -> str | None:
    """ "upper" or "lower" when the words right before token ``n`` bound it ("up to 8", "at least 4")."""
    before = " ".join(t.lower for t in tokens[max(0, n - 3) : n])
    for bound, phrases in (("upper", _UPPER_BEFORE), ("lower", _LOWER_BEFORE)):
        if any(before == phrase or before.endswith(f" {phrase}") for phrase in phrases):
            return bound
    return None


# Nouns by which a question asks for a work by its title, and a title as a sentence quotes it.
_WORK_NOUNS = frozenset(
    "book books film films movie movies song songs album albums novel novels story stories poem poems play "
    "plays essay essays article articles paper papers title episode episodes".split()
)
_TITLE = re.compile(r"[“\"‘]([A-Z][^”\"’]{1,100}?)[”\"’](?!\w)")
_MAX_AFTER_COLON = 12
_WHAT = re.compile(r"\W*what\b", re.IGNORECASE)  # not "How are they considered ...?", which asks how


def _after_the_colon(sentence: str, anchors: list[int]) -> str | None:
    """What a sentence says after a colon that follows the words it shares with the question, and
    before which they all are ("Which brings us to the best way of taking the blame: do it for
    someone else."), when that is short; None otherwise."""
    for colon in re.finditer(r":\s+", sentence):
        before = [a for a in anchors if a < colon.start()]
        if len(before) < 2 or len(before) < len(anchors):
            continue
        said = re.sub(r"[\s.,;!…]+$", "", sentence[colon.end() :])  # "patch-3.diff,. . ." ends its list
        if said and len(said.split()) <= _MAX_AFTER_COLON:
            return " ".join(said.split())
    return None


# A change a sentence states of a thing, with what it was and what it is now: "Static library renamed
# from libbib.a to libbibtool.a", "Compression method changed to gzip".
_CHANGED_TO = re.compile(
    r"\b(?:renamed|changed|switched|converted|migrated)\s+(?:from\s+(?P<old>\S+(?:\s+\S+){0,3}?)\s+)?to\s+"
    rf"(?P<new>[^\s,;]+(?:[ \t]+(?!(?:{'|'.join(sorted(STOPWORDS))})\b)[^\s,;()]+){{0,3}})",
    re.IGNORECASE,
)
_CHANGED_SUBJECT_WORDS = 5


def _changed_to(question: str, sentence: str, head: str) -> str | None:
    """What the thing the question asks about by its noun was changed to ("libbibtool.a" of "Static
    library renamed from libbib.a to libbibtool.a" for "What is the static library called now?"), or
    what it was before for a question about that; None when the sentence tells no change of a thing
    so named just before its verb ("the name was changed to ..." tells nothing of "Which company
    ...?")."""
    for change in _CHANGED_TO.finditer(sentence):
        subject = words(sentence[: change.start()])[-_CHANGED_SUBJECT_WORDS:]
        if stem(head) not in {stem(word) for word in subject}:
            continue
        value = change.group("old") if _ASKS_BEFORE.search(question) else change.group("new")
        value = re.split(r"\.(?:\s|$)", value or "")[0].strip("`'\"“”‘’")  # to its sentence's end
        if value and value.lower() not in question.lower():
            return value
    return None


def _nearest(matches: list[re.Match[str]], points: list[int]) -> re.Match[str]:
    """The match that starts nearest one of ``points`` (character offsets)."""
    return min(matches, key=lambda m: min((abs(a - m.start()) for a in points), default=0))


def _gap(span: tuple[int, int], points: list[int]) -> int:
    """How many tokens lie between ``span`` and the nearest of ``points`` (0 when there are none)."""
    return min((min(abs(a - span[0]), abs(a - (span[1] - 1))) for a in points), default=0)


_WHEN = re.compile(r"\bwhen\b", re.IGNORECASE)
_TIME_WORDS = frozenset("until till after before during since following when while".split())
# A time on the clock ("19:22:41", "6.30pm"): no measure of an amount ("£8 per night" is one).
_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m\b|p\.?m\b)", re.IGNORECASE)
_HOURS = re.compile(r"(.+?)\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\band\b)\s*(.+)")
_ASKS_END = re.compile(
    r"\b(?:close[sd]?|closing|shut|shuts|finish(?:es)?|end|ends|last|(?:until|till|by) what time)\b",
    re.IGNORECASE,
)
_ASKS_START = re.compile(
    r"\b(?:open|opens|opening|start|starts|begin|begins|first|from what time)\b", re.IGNORECASE
)


def _asks_start_or_end(question: str) -> str | None:
    """ "start" for a what-time question about when something opens or starts (or the first of
    it, or from what time), "end" for one about when it closes or ends (or the last, or until what
    time); None for others, or both."""
    end, start = _ASKS_END.search(question), _ASKS_START.search(question)
    if bool(end) == bool(start):
        return None
    return "end" if end else "start"


def _end_asked(question: str, span: str) -> str:
    """The end of a span of hours that a what-time question asks for: "7:30" of "2:00 - 7:30" for
    "What time does it close?", "2:00" for "... open?"; the whole span when it asks neither or both."""
    hours = _HOURS.fullmatch(span)
    if hours is None or not all(TIME_OF_DAY.search(part) for part in hours.groups()):
        return span
    asks = _asks_start_or_end(question)
    return span if asks is None else hours.group(1 if asks == "start" else 2)

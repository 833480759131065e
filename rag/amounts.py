"""Amounts and dates in a sentence's tokens: which numbers date something, count something or only
number a list's item, what is an amount of money, and how far an amount or a date runs ("between 1
March and 31 July", "9 am to 5 pm", "2 hours 15 minutes")."""

import re

from rag.answer_tokens import DATE_TOKEN, DATE_WORDS, MONTHS, TIME_TOKEN, Token
from rag.question_form import TIME_OF_DAY
from rag.text import STOPWORDS, stem

_CLOCK_TIME = r"\d{1,2}(?:[.:]\d{2})?(?:am|pm)"  # "4pm", "8.30am"
_YEAR_OR_ORDINAL = re.compile(r"\d{4}s?|\d{1,2}(?:st|nd|rd|th)|\d+['’]?s")


def dates(tokens: list[Token], n: int) -> bool:
    """Whether token ``n``, a number, is part of a date: a year ("1887", "the 1990s"), a day
    ("22nd"), a date or time written as one word ("2001-07-22", "07:15", "4pm"), or a number beside
    a date word ("3 June", "June 3", "9 am"); not any number ("240 pages" answers no when-question)."""
    token = tokens[n]
    if not token.text[:1].isdigit():
        return False
    one_word = re.fullmatch(f"{DATE_TOKEN}|{TIME_TOKEN}|{_CLOCK_TIME}", token.text, re.IGNORECASE)
    if _YEAR_OR_ORDINAL.fullmatch(token.text) or one_word:
        return True
    beside = tokens[max(0, n - 2) : n] + tokens[n + 1 : n + 3]
    return any(t.lower in DATE_WORDS for t in beside)


_EMPHASIS_MARKS = frozenset("*_`")


def is_enumerator(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` numbers a list's item, "(1)", "2)" or "4." opening its line before a word
    ("4. We will send you a new bin within 5 working days."), or a clause of a regulation or contract,
    "1.3" opening its line before a capital ("1.3 A vehicle may park ..."), rather than counting
    anything."""
    token = tokens[n]
    closed = n + 1 < len(tokens) and tokens[n + 1].text == ")"
    word = n + 2  # the item's first word, after the marks that set it bold ("2. **Phone booths** ...")
    while word < len(tokens) and tokens[word].text in _EMPHASIS_MARKS:
        word += 1
    dotted = word < len(tokens) and tokens[n + 1].text == "." and tokens[word].is_word
    if token.opens_line and token.text.isdigit() and len(token.text) <= 2 and dotted:
        return True
    opened = n == 0 or tokens[n - 1].text == "(" or token.opens_line
    if numbers_a_clause(tokens, n):
        return True
    return token.text.isdigit() and len(token.text) <= 2 and closed and opened


_CLAUSE_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?")


def numbers_a_clause(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` numbers a clause or a section, "1.3" opening its line before a capital
    after a space ("1.3 A vehicle may park ...", "1.2 Modifying page layout"); a capital written
    against the number is its unit ("18.6GB")."""
    token = tokens[n]
    after = tokens[n + 1] if n + 1 < len(tokens) else None
    return (
        token.opens_line
        and _CLAUSE_NUMBER.fullmatch(token.text) is not None
        and after is not None
        and after.text[:1].isupper()
        and after.start > token.end
    )


# Words of a question that asks for an amount of money, and the currencies an amount is written in:
# "How much can I get ...", "How much did they quote?", "the most ... can claim", as money changes
# hands.
_MONEY_WORDS = re.compile(
    r"\b(?:costs?|price[sd]?|fees?|fares?|charge[sd]?|pa(?:y|id|ys)|sp[ae]nds?|spent|earn(?:s|ed)?|"
    r"revenues?|profits?|income|salar(?:y|ies)|budgets?|fines?|rents?|worth|expensive|cheap|"
    r"payments?|deposits?|premiums?|instal?lments?|refunds?|compensation|wages?)\b|"
    r"\bhow much (?:is|are|was|were|will)\b|"
    r"\bhow much (?:can|could|do|does|did|will|would|should|may|might|must) (?:\w+ ){1,5}?"
    r"(?:get|gets|got|receive[sd]?|borrow(?:ed)?|claim(?:ed)?|owe[sd]?|quote[sd]?|raise[sd]?|donate[sd]?|"
    r"give|gave|sell|sold|buy|bought|invest(?:ed)?|offer(?:ed)?)\b|"
    # "What's the most a volunteer can claim for lunch?", "... a business can get from the grant?"
    r"\bthe (?:most|maximum|least|minimum) (?:\w+ ){1,5}?(?:can|could|may|might|will|would) "
    r"(?:\w+ )?(?:claim|borrow|charge|receive|get from|be (?:paid|awarded|given))\b",
    re.IGNORECASE,
)
# A share asked for, whatever the money words: "What percentage of salary does Brightlane pay ...?"
_ASKS_A_SHARE = re.compile(
    r"\b(?:percentage|percent|per cent|proportion|share|fraction|ratio)\b", re.IGNORECASE
)


def asks_money(question: str) -> bool:
    """Whether ``question`` asks for an amount of money: it names a price, a fee, a payment ... and
    not a share of it."""
    return _MONEY_WORDS.search(question) is not None and _ASKS_A_SHARE.search(question) is None


_CURRENCY_WORDS = frozenset(
    "dollar dollars euro euros pound pounds sterling yen yuan rupee rupees franc francs pence cents "
    "usd eur gbp jpy cny chf".split()
)


# The signs an amount of money is written after.
CURRENCY_SIGNS = "£$€¥₹"


def is_money(tokens: list[Token], i: int, j: int) -> bool:
    """Whether tokens [i, j) are an amount of money: a currency sign, a currency word in or after
    them ("4,200 pounds" as a unit extends it), or pence ("18p")."""
    signed = any(t.text.lstrip("−-")[:1] in CURRENCY_SIGNS for t in tokens[i:j] if t.text.lstrip("−-"))
    named = any(t.lower in _CURRENCY_WORDS for t in tokens[i + 1 : j + 2])
    # pence written against the number: "18p a minute"
    pence = j < len(tokens) and tokens[j].lower == "p" and tokens[j].start == tokens[j - 1].end
    return signed or named or pence


_TO = frozenset({"to", "–", "—", "-", "until", "till", "through"})
# Verbs whose "from X to Y" is a change, not a range (stems).
_CHANGES = frozenset(
    stem(verb)
    for verb in "rise rose risen fall fell fallen increase decrease grow grew grown drop cut raise reduce "
    "change move went gone go climb jump slip".split()
)
_CLOCK = frozenset({"am", "pm", "a.m", "p.m"})


def _part_end(tokens: list[Token], k: int) -> int | None:
    """Where the amount or date that starts at token ``k`` ends (exclusive), or None when none does:
    numbers and the date words around them ("8 September 2024", "5 pm")."""
    if k >= len(tokens) or not (tokens[k].is_number or tokens[k].lower in MONTHS):
        return None
    end = k + 1
    while end < len(tokens) and (tokens[end].is_number or tokens[end].lower in DATE_WORDS):
        end += 1
    return end


def through_range(
    tokens: list[Token], i: int, j: int, measured: bool, asks_before: bool = False
) -> tuple[int, int]:
    """The span [i, j) of an amount or a date with what completes it: "am"/"pm" ("9 am"),
    the other end of a range ("between 1 March and 31 July", "15 March – 8 September 2024", "5 to 6
    hours", "from 9 am to 5 pm"; "between 75 and 100" from its second end too), with its unit; the
    other side of a size ("90 mm by 215 mm"); and the smaller unit of a compound amount whose first
    part has one (``measured``: "2 hours 15 minutes"). A change's "from X to Y" ("rose from £2.60 to
    £2.75") is no range: its end, what is now so, is the span instead, or its start for a question
    about what was so before (``asks_before``)."""
    while j < len(tokens) and tokens[j].lower in _CLOCK:
        j += 1
    if (first := _range_start(tokens, i)) is not None:
        changed = first > 1 and stem(tokens[first - 2].lower) in _CHANGES
        if not changed:
            return first, j  # "between 75 and 100", with the second end the span began at
        if asks_before:
            return first, unit_end(tokens, i - 1)
        return i, j
    if j + 1 >= len(tokens):
        return i, j
    link = tokens[j].lower
    opened = i > 0 and tokens[i - 1].lower in {"between", "from"}
    if i > 1 and tokens[i - 1].lower == "from" and stem(tokens[i - 2].lower) in _CHANGES:
        end = _part_end(tokens, j + 1) if link in _TO else None
        if asks_before or end is None:
            return i, j
        return j + 1, unit_end(tokens, end)
    # "(3 June 1871 – 22 January 1949)": one end is asked; "(2 to 63 characters)" is a range
    lifespan = i > 0 and tokens[i - 1].text == "(" and not link.isalpha()
    ranged = (link in _TO and not lifespan) or (link == "and" and opened)
    second = _part_end(tokens, j + 1) if ranged or (link == "by" and measured) else None
    if link == "by" and second is not None and not is_unit(tokens, second):
        second = None  # "90 mm by 215 mm", not "90 mm by 2015"
    if second is None and measured and tokens[j].is_number:
        second = _part_end(tokens, j)  # "2 hours 15 minutes"
        return i, (second + 1 if second is not None and is_unit(tokens, second) else j)
    if second is None:
        return i, j
    while second < len(tokens) and tokens[second].lower in _CLOCK:
        second += 1
    last = tokens[second - 1]  # a date or a time of day takes no unit: "9:00 - 16:30 every day"
    timed = last.lower in DATE_WORDS or re.fullmatch(f"{TIME_TOKEN}|{_CLOCK_TIME}", last.text, re.IGNORECASE)
    return i, (second if timed else unit_end(tokens, second))


def _range_start(tokens: list[Token], i: int) -> int | None:
    """Where the range that the amount at token ``i`` ends begins: the first number of "between 75
    and 100" or "from 1970 to 1990" (a number of one token, right after "between" or "from"); None
    when ``i`` ends no such range."""
    if i < 3 or not tokens[i - 2].is_number or tokens[i - 1].lower not in _TO | {"and"}:
        return None
    opener = tokens[i - 3].lower
    if (opener == "between" and tokens[i - 1].lower == "and") or (
        opener == "from" and tokens[i - 1].lower in _TO
    ):
        return i - 2
    return None


def hours_from(tokens: list[Token], sentence: str, n: int) -> int:
    """Where the span of hours that ends with the time of day at token ``n`` starts ("08:30" of
    "between 08:30 and 13:00", "9 am" of "9 am to 5 pm"): a what-time question asks for one end of
    it or both; ``n`` when the time ends no such span."""
    if n < 2:
        return n
    k = n - 2 - (tokens[n - 2].lower in _CLOCK and n > 2)
    last = n + 1 + (n + 1 < len(tokens) and tokens[n + 1].lower in _CLOCK)
    times = (sentence[tokens[k].start : tokens[n - 2].end], sentence[tokens[n].start : tokens[last - 1].end])
    if not all(TIME_OF_DAY.fullmatch(time) for time in times):
        return n
    between = tokens[n - 1].lower == "and" and k > 0 and tokens[k - 1].lower == "between"
    return k if tokens[n - 1].lower in _TO or between else n


# Words that qualify a unit: "5 working days", "3 calendar months", "20 square metres".
_UNIT_QUALIFIERS = frozenset("working business calendar clear consecutive full school square cubic".split())


def unit_end(tokens: list[Token], n: int) -> int:
    """Where the unit that token ``n`` starts ends (exclusive): after its qualifier and itself ("5
    working days"), after itself (:func:`is_unit`), or ``n`` when no unit starts there."""
    if n < len(tokens) and tokens[n].lower in _UNIT_QUALIFIERS and is_unit(tokens, n + 1):
        return n + 2
    return n + is_unit(tokens, n)


# Units written with capitals: sizes, rates, frequencies, power ("1012MB", "2 GHz", "5 kW").
_CAPITAL_UNITS = frozenset(
    "KB MB GB TB PB KiB MiB GiB TiB Kb Mb Gb Kbps Mbps Gbps Hz kHz MHz GHz kW MW GW kWh MWh mAh dB "
    "DPI RPM PSI".split()
)


def is_unit(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` can be the unit of the amount before it: a lower-case word the question
    does not use ("minutes", "km"), or a unit written with capitals ("MB", "GHz")."""
    if n >= len(tokens):
        return False
    token = tokens[n]
    if token.text in _CAPITAL_UNITS:
        return not token.in_question
    return token.text.islower() and token.is_word and not token.in_question and token.lower not in STOPWORDS

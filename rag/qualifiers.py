"""A question's qualifier that the answer's passages contradict. "How much is a child return ticket?"
answered by "An adult return ticket costs €30.": the question narrows what it asks by a value of a
closed kind (a weekday, a date, a month, a year, a season, a part of the day, a group of people, a
number of minutes or per cent, ...), and the chosen sentences give another value of that kind while
their passages never say the one asked. They tell of something beside what was asked; the corpus
does not say what was.

At the level of documents, the same values tell the members of a series apart: this month's report
from last month's, the HX200S's data sheet from the HX200's (:func:`other_members`)."""

import re
from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from typing import NamedTuple

from rag.answer_tokens import DATE_WORDS, MONTHS
from rag.question_form import asks_yes_or_no, models_named, question_parts

# A value's words as written, and what it covers: ("Mon-Fri", {0, 1, 2, 3, 4}).
Mention = tuple[str, frozenset[object]]

_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# A weekday's name or its short form ("Sat 4 October", "Mon-Fri"), plural too ("on Sundays").
_DAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?|wednesday|tuesday|thursday|saturday"
_DAY_NAME = re.compile(rf"\b({_DAY})s?\b\.?", re.IGNORECASE)
_DAY_RANGE = re.compile(
    rf"\b({_DAY})s?\.?\s*(?:-|–|to|until|till|through|thru)\s*({_DAY})s?\b", re.IGNORECASE
)
_ALL_WEEK = re.compile(r"\b(?:daily|every day|seven days a week|7 days a week|all week)\b", re.IGNORECASE)
_WEEKDAYS = re.compile(r"\b(?:weekdays?|working days?)\b", re.IGNORECASE)
_WEEKENDS = re.compile(r"\bweekends?\b", re.IGNORECASE)


def _day_number(word: str) -> int:
    return next(n for n, day in enumerate(_DAYS) if day.startswith(word.lower()[:3]))


def _weekdays(text: str) -> Iterator[Mention]:
    """Each weekday mention as the days it covers: "Monday to Friday", "weekends", "daily". A short
    form must be capitalised ("Sat", "SAT", not "sat" nor the "SATs" of an exam)."""
    for match in _DAY_RANGE.finditer(text):
        first, last = _day_number(match.group(1)), _day_number(match.group(2))
        yield match.group(), frozenset((first + n) % 7 for n in range((last - first) % 7 + 1))
    for match in _DAY_NAME.finditer(_DAY_RANGE.sub(" ", text)):
        word = match.group(1)
        acronym = word.isupper() and match.group().endswith("s")  # "the Year 6 SATs"
        if len(word) > 5 or word.istitle() or (word.isupper() and not acronym):
            yield match.group(), frozenset({_day_number(word)})
    for pattern, days in ((_WEEKDAYS, range(5)), (_WEEKENDS, (5, 6)), (_ALL_WEEK, range(7))):
        for match in pattern.finditer(text):
            yield match.group(), frozenset(days)


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))  # "september" before "sep"
_MONTH = rf"({_MONTH_WORDS})\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![\w])", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAYS_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|until)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?![\w])",
    re.IGNORECASE,
)
# A month named alone, by a full name or a short form ("Oct"); "May" only beside a number or after
# "in", "of", "early", ... (not "May I ...").
_MONTH_NAME = re.compile(rf"\b(?:{_MONTH_WORDS})\b")
_MAY = re.compile(r"(?:\d\s+|\b(?:in|of|early|late|mid|during|since|until|by)\s+)may\b|\bmay\s+\d", re.I)


def _dates(text: str) -> Iterator[Mention]:
    """Each day of a month named ("Saturday 25 October", "October 25th", "20 to 27 October")."""
    for match in _DAYS_MONTH.finditer(text):
        first, last, month = int(match.group(1)), int(match.group(2)), match.group(3).lower()[:3]
        yield match.group(), frozenset((day, month) for day in range(first, max(first, last) + 1))
    text = _DAYS_MONTH.sub(" ", text)
    for match in _DAY_MONTH.finditer(text):
        yield match.group(), frozenset({(int(match.group(1)), match.group(2).lower()[:3])})
    for match in _MONTH_DAY.finditer(text):
        yield match.group(), frozenset({(int(match.group(2)), match.group(1).lower()[:3])})


def _months(text: str) -> Iterator[Mention]:
    """Each month named, by its first three letters; a short form, or "march", only capitalised."""
    for match in _MONTH_NAME.finditer(text.lower()):
        word = text[match.start() : match.end()]
        if word.lower() != "may" and (word[0].isupper() or (len(word) > 3 and word.lower() != "march")):
            yield word, frozenset({word.lower()[:3]})
    for match in _MAY.finditer(text):
        yield match.group(), frozenset({"may"})


# A year, or a span of years ("2023-24", "2019/20", "2010 to 2015"), not a number of money or a share.
_YEAR = re.compile(
    r"(?<![\d£$€.,])(1[5-9]\d\d|20\d\d)(?:\s*(?:-|–|/|to)\s*(\d{2}|1[5-9]\d\d|20\d\d))?(?![\d%,.]\d)(?!%)"
)


def _years(text: str) -> Iterator[Mention]:
    """Each year or span of years as the half-years it covers: a year both its halves, a financial,
    academic or sporting year written as two ("2025/26") the second half of the first and the first
    of the next, so that "2025/26" and "2026/27" are told apart while "2026" is in both."""
    for match in _YEAR.finditer(text):
        first = int(match.group(1))
        last = match.group(2)
        end = first if last is None else int(last) if len(last) == 4 else first // 100 * 100 + int(last)
        if last is not None and len(last) == 2 and end == first + 1:
            yield match.group(), frozenset({2 * first + 1, 2 * end})
        else:
            yield match.group(), frozenset(range(2 * first, 2 * max(first, end) + 2))


# Amounts in a unit a question narrows by ("a 60-minute appointment", "more than 60% cover").
_UNITS = {
    "minute": r"min(?:ute)?s?",
    "hour": r"(?:hours?|hrs?)",
    "day": r"days?",
    "week": r"weeks?",
    "month": r"months?",
    "year": r"years?",
    "percent": r"(?:%|per ?cent)",
    "kg": r"(?:kg|kilos?|kilograms?)",
    "km": r"(?:km|kilomet(?:re|er)s?)",
    "mile": r"miles?",
    "cm": r"(?:cm|centimet(?:re|er)s?)",
    "mm": r"(?:mm|millimet(?:re|er)s?)",
    "ml": r"(?:ml|millilit(?:re|er)s?)",
    "litre": r"(?:litres?|liters?)",
}
_AMOUNTS = {
    unit: re.compile(rf"(?<![\d.,])(\d+(?:[.,]\d+)?)(?:\s?|-){pattern}(?![\w])", re.IGNORECASE)
    for unit, pattern in _UNITS.items()
}


def _amounts(pattern: re.Pattern[str]) -> Callable[[str], Iterator[Mention]]:
    """The mentions of amounts ``pattern`` finds, each valued by the number in its first group."""

    def amounts(text: str) -> Iterator[Mention]:
        for match in pattern.finditer(text):
            yield match.group(), frozenset({float(match.group(1).replace(",", ""))})

    return amounts


def _words(meanings: dict[str, frozenset[str]]) -> Callable[[str], Iterator[Mention]]:
    """Mentions of a closed set of words, each as what it means: "dinner" may be lunch or supper."""
    pattern = re.compile(rf"(?<![\w-])({'|'.join(sorted(meanings, key=len, reverse=True))})(?![\w-])", re.I)

    def mentions(text: str) -> Iterator[Mention]:
        for match in pattern.finditer(text):
            yield match.group(), frozenset(meanings[match.group(1).lower()])

    return mentions


def _same(*words: str) -> dict[str, frozenset[str]]:
    return {word: frozenset({words[0]}) for word in words}


_LANGUAGE_NAMES = (
    "English French German Spanish Italian Portuguese Dutch Russian Chinese Japanese Korean Arabic Polish "
    "Swedish Norwegian Danish Finnish Greek Turkish Czech Hungarian Hindi Hebrew Latin Esperanto Catalan "
    "Romanian Ukrainian Vietnamese Indonesian Thai Persian Welsh Irish Icelandic"
).split()
_LANGUAGE = "|".join(_LANGUAGE_NAMES)
# A language as a language, not a nationality ("the French army", "English law"): after "in",
# "into", "from" or "to", with the others a list joins to it ("translated into English, French, and
# Italian"), or before a word of language ("the Spanish translation").
_IN_LANGUAGES = re.compile(
    rf"\b(?:in|into|from|to)\s+((?:{_LANGUAGE})(?:\s*,\s*(?:and\s+|or\s+)?(?:{_LANGUAGE}))*"
    rf"(?:,?\s+(?:and|or)\s+(?:{_LANGUAGE}))?)(?!\s+[a-z])"
)
_LANGUAGE_OF = re.compile(
    rf"\b({_LANGUAGE})\s+(?:translations?|versions?|editions?|language|text|subtitles|documentation)\b"
)


def _languages(text: str) -> Iterator[Mention]:
    """Each language named as one (see ``_IN_LANGUAGES``)."""
    for pattern in (_IN_LANGUAGES, _LANGUAGE_OF):
        for match in pattern.finditer(text):
            for name in re.findall(_LANGUAGE, match.group(1)):
                yield name, frozenset({name})


_PARTS_OF_DAY = re.compile(r"\b(?:per|a|each|every|by the|two|three|\d+)\s+nights?\b", re.IGNORECASE)

# The kinds of value a question narrows by, each finding its mentions in a text as sets of what they
# cover; two mentions agree when their sets meet.
_KINDS: dict[str, Callable[[str], Iterator[Mention]]] = {
    "weekday": _weekdays,
    "date": _dates,
    "month": _months,
    "year": _years,
    "season": _words(_same("spring") | _same("summer") | _same("autumn") | _same("winter")),
    "meal": _words(
        {
            "breakfast": frozenset({"breakfast"}),
            "brunch": frozenset({"breakfast", "lunch"}),
            "lunch": frozenset({"lunch"}),
            "lunchtime": frozenset({"lunch"}),
            "dinner": frozenset({"lunch", "supper"}),  # a school dinner is lunch
            "supper": frozenset({"supper"}),
        }
    ),
    "part of day": _words(
        _same("morning", "mornings") | _same("afternoon", "afternoons") | _same("evening", "evenings")
    ),
    "group": _words(
        _same("adult", "adults")
        | _same("child", "children", "child's", "children's", "kid", "kids")
        | _same("senior", "seniors", "pensioner", "pensioners")
        | _same("student", "students")
        | {"junior": frozenset({"child"}), "juniors": frozenset({"child"})}
        | {"concession": frozenset({"senior", "student", "child"})}
        | {"concessions": frozenset({"senior", "student", "child"})}
    ),
    "working hours": _words(_same("full-time") | _same("part-time")),
    "end": _words(_same("front") | _same("rear")),
    "language": _languages,
    **{f"amount in {unit}": _amounts(pattern) for unit, pattern in _AMOUNTS.items()},
}


def _mentions(
    kind: str, text: str, kinds: dict[str, Callable[[str], Iterator[Mention]]] = _KINDS
) -> list[Mention]:
    if kind == "part of day":
        text = _PARTS_OF_DAY.sub(" ", text)  # "£95 per night" rates a stay; it names no time of day
    return list(kinds[kind](text))


class Contradiction(NamedTuple):
    """The kind of value a question narrows by, the value it asks ("child") and the one the answer's
    sentences give instead ("adult")."""

    kind: str
    asked: str
    told: str

    def explained(self) -> str:
        """Why the question is declined, for the reader: 'the closest passages say "adult", not "child".'"""
        return f"the closest passages say “{self.told}”, not “{self.asked}”."


# A count written into a compound the question narrows by, in a unit of its own ("the 50-page
# passport", "a 3-bedroom flat"): the units above are read as amounts already.
_COUNTED_COMPOUND = re.compile(r"(?<![\d.,])\d+-([a-z]+)\b", re.IGNORECASE)
_A_UNIT = re.compile("|".join(_UNITS.values()), re.IGNORECASE)
# One of a numbered series the question names by its noun and number ("Lot 7", "Route 12", "Table 3"):
# a capitalised noun, then a number of a few digits that is no year.
_NUMBERED = re.compile(r"\b([A-Z][a-z]{2,})\s+(\d{1,3})\b(?![.,:/-]?\d)")


def _kinds_of(question: str) -> dict[str, Callable[[str], Iterator[Mention]]]:
    """The kinds of value ``question`` may narrow by: the fixed ones, and a count of each compound
    it writes in a unit not among them ("50-page": pages)."""
    nouns = {match.group(1).lower() for match in _COUNTED_COMPOUND.finditer(question)}
    counted = {
        f"count of {noun}": _amounts(re.compile(rf"(?<![\d.,])(\d+)-{re.escape(noun)}\b", re.IGNORECASE))
        for noun in nouns
        if not _A_UNIT.fullmatch(noun)
    }
    # "Lot 7" against a table's "Lot: 6": the one of the series asked, not its neighbour
    series = {
        match.group(1) for match in _NUMBERED.finditer(question) if match.group(1).lower() not in DATE_WORDS
    }
    numbered = {
        f"number of {noun.lower()}": _amounts(
            re.compile(rf"\b{noun}s?:?\s+(\d{{1,3}})\b(?![.,:/-]?\d)", re.I)
        )
        for noun in series
    }
    return {**_KINDS, **counted, **numbered}


def contradicted_qualifier(question: str, sentences: list[str], passages: list[str]) -> Contradiction | None:
    """How ``question`` narrows what it asks by a value (a weekday, a group of people, ...) that
    ``passages`` (those of the chosen sentences, titles included) never give, while ``sentences``
    give another value of that kind: "How much is a ticket for the Sunday evening ceilidh?" answered
    by "the Saturday evening ceilidh (tickets £12)". None otherwise, and for a yes/no question (a
    sentence about Saturday answers "Is it open on Sunday?" with no) or one of several parts (each
    part narrows its own: "the report published on 1 November, and the one ...")."""
    if asks_yes_or_no(question) or len(question_parts(question)) > 1:
        return None
    said = " ".join(passages)
    answered = " ".join(sentences)
    kinds = _kinds_of(question)
    for kind in kinds:
        asked = _mentions(kind, question, kinds)
        given = _mentions(kind, said, kinds) if asked else []
        missing = [text for text, value in asked if not any(value & other for _, other in given)]
        if not missing:
            continue
        for text, value in _mentions(kind, answered, kinds):
            if not any(value & other for _, other in asked):
                return Contradiction(kind, missing[0], text)
    return None


def gives_the_asked(question: str, kind: str, text: str) -> bool:
    """Whether ``text`` gives every value of ``kind`` by which ``question`` narrows what it asks
    ("Friday 4 September 2026" for "... go back in September 2026?")."""
    kinds = _kinds_of(question)  # the question's own too ("Lot 7", "a 50-page passport")
    given = _mentions(kind, text, kinds)
    return all(any(value & other for _, other in given) for _, value in _mentions(kind, question, kinds))


# The kinds of value that place what a question asks in time ("in September 2026", "on Sunday"):
# a "dinner" or a "child" may name what the question is about rather than narrow it ("What time do
# the coaches leave for the conference dinner?").
CALENDAR_KINDS = ("weekday", "date", "month", "year")


def qualifiers_told_otherwise(question: str, text: str) -> int:
    """How many of the day, date, month and year by which ``question`` narrows what it asks ``text``
    tells otherwise: it gives a value of that kind, not the one asked (none for a question that names
    none, or a text that names no such value: "Time: 19:30 (doors open 18:45)" for "... on 18 April?")."""
    return sum(
        1
        for kind in CALENDAR_KINDS
        if _mentions(kind, question) and _mentions(kind, text) and not gives_the_asked(question, kind, text)
    )


class Fit(NamedTuple):
    """How a text (a document's title and file name) places itself against what a question narrows
    by: the date, month and year, or the model."""

    gives: bool  # every one of them asked, one at least
    tells_otherwise: bool  # a value of one of those kinds, not the one asked


# The periods a series of documents is told apart by; not a weekday, which names things too ("the
# 'Monday Night Football' game").
_PERIODS = ("date", "month", "year")


def calendar_fit(question: str, text: str) -> Fit:
    """Whether ``text`` gives the date, month and year ``question`` narrows by, or tells another
    ("Monthly Operations Report: July 2026" for "... in June 2026?"). Neither for a question of
    several parts, each narrowing its own, nor for one naming two periods of a kind (a comparison)."""
    if len(question_parts(question)) > 1:
        return Fit(gives=False, tells_otherwise=False)
    asked = {kind: _mentions(kind, question) for kind in _PERIODS}
    asked = {kind: mentions for kind, mentions in asked.items() if mentions}
    if any(len({value for _, value in mentions}) > 1 for mentions in asked.values()):
        return Fit(gives=False, tells_otherwise=False)  # "in June or in July": a comparison
    gives = bool(asked) and all(_within(_mentions(kind, text), mentions) for kind, mentions in asked.items())
    otherwise = any(_mentions(kind, text) and not gives_the_asked(question, kind, text) for kind in asked)
    return Fit(gives=gives, tells_otherwise=otherwise)


def model_fit(question: str, text: str) -> Fit:
    """Whether ``text`` names the model ``question`` asks about ("corvane_hx200s_datasheet" for "How
    much does the HX200S cost?"), or another ("corvane_hx200_datasheet"). Neither for a question
    naming none or several (a comparison)."""
    asked = models_named(question)
    if len(asked) != 1:
        return Fit(gives=False, tells_otherwise=False)
    named = models_named(text, any_case=True)
    return Fit(gives=bool(asked & named), tells_otherwise=bool(named) and not asked & named)


def other_members(question: str, identities: list[str]) -> list[bool]:
    """For each document, by its identity (:func:`document_identity`), whether it is another member of
    a series than the one ``question`` asks about: of another period or model, while another document
    is of the one asked. Monthly reports, minutes of meetings, a product line's data sheets say the
    same things in the same words; what tells them apart is what their titles and file names say."""
    other = [False] * len(identities)
    for fit_of in (calendar_fit, model_fit):
        fits = [fit_of(question, identity) for identity in identities]
        if any(fit.gives for fit in fits):
            other = [was or fit.tells_otherwise for was, fit in zip(other, fits, strict=True)]
    return other


def _within(given: list[Mention], asked: list[Mention]) -> bool:
    """Whether ``given`` names a period, and only within what ``asked`` names: "2025" is not within
    "2024/25", which it only overlaps."""
    covered = frozenset().union(*(value for _, value in asked))
    return bool(given) and all(value <= covered for _, value in given)


def document_identity(title: str, source: str) -> str:
    """What names a document among others of its series: its title and its file's name ("Monthly
    Operations Report: July 2026", "kbf operations report 2026-07 july"), ISO dates written out as the
    rules read dates ("minutes_2026-02-11.md" as "minutes 11 February 2026")."""
    return _ISO_DATE.sub(_written_out, f"{title}\n{PurePosixPath(source).stem.replace('_', ' ')}")


# An ISO date or month, as file names write them: "2026-02-11", "2026-07".
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")
_MONTH_NAMES = "January February March April May June July August September October November December".split()


def _written_out(match: re.Match[str]) -> str:
    year, month, day = match.group(1), _MONTH_NAMES[int(match.group(2)) - 1], match.group(3)
    return f"{int(day)} {month} {year}" if day else f"{month} {year}"

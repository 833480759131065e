"""Sentence segmentation with character offsets.

Splits on sentence punctuation and paragraph breaks. Text that carries no punctuation (transcripts,
scraped text with punctuation stripped) would otherwise be one endless "sentence", so any segment longer
than ``max_chars`` is cut at word boundaries into near-equal pieces.
"""

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

# End of a sentence: . ! ? (optionally followed by closing quotes/brackets and reference marks, as
# Wikipedia-style text has them: "in 1916.[2] Its"), then whitespace (and a table's cell border, as
# HTML and DOCX tables come out: "Is it possible? | No."), then something that can start a sentence:
# a capital of any script ("Él", "Укоренившаяся"), a letter of a script without case, a digit, maybe
# after an opening quote or an inverted mark ("¿Dónde ...?"); or a line break, then anything (a line
# after a full stop starts anew, even in lower case: a definition's term "plugdev", a command). A
# full stop of Chinese or Japanese
# ("。") ends a sentence with no space after it. Paragraph breaks (blank lines) always end a segment,
# and so does a line break before a list item ("- ", "* ", "2. ", "b) "): each item is a statement of
# its own, punctuated or not. (Not one before a field, "Version: 2.1": a record's fields answer
# questions about each other.)
_CLOSERS = r"(?:[\"'”’»)\]」』）]|\[(?:\d+|[a-z][a-z ]{0,30})\])*"
# A line that starts a list item: its marker, then a space (also ``rag.candidates``'s list finder).
LIST_ITEM = r"[ \t]*(?:[-*•+‣◦▪]|\(?(?:\d{1,3}|[a-z])[.)])[ \t]"
# Sentence ends that a space follows (Latin, Arabic "؟", Devanagari "।"), and those of Chinese and
# Japanese, which need none.
_SPACED_ENDS = ".!?؟।"
_CJK_ENDS = "。！？"
# The small words a title leaves in lower case ("Care of the Chain").
TITLE_SMALL_WORDS = frozenset("a an and or of the for in on at to with by from vs".split())
_SMALL_WORDS = "|".join(sorted(TITLE_SMALL_WORDS))
# A title on a line of its own, as PDF and plain text set a document's or a section's title above its
# first sentence with no blank line between: up to ten words, each capitalised (or a number, or a
# small word: "Velo X2 Bicycle Manual", "2.1 Care of the Chain"), after a section's number ("3.
# Training") or not, with no punctuation at its end; or,
# in sentence case, up to five words, numbered or not ("Before first use", "5. How to store it").
_TITLE_WORD = r"[\p{Lu}\p{Lt}\p{Nd}](?:[\w'’&/-]|\.(?=\w))*"
# The number of a numbered section's heading: "3. Training", "2.1 Care of the Chain", "4.2. Scope".
SECTION_NUMBER = r"\d{1,2}(?:\.\d{1,2})*\.?"
_TITLE_LINE = (
    rf"(?:\A|\n)[ \t]*(?:{SECTION_NUMBER}[ \t]+)?"
    rf"{_TITLE_WORD}(?:[ \t]+(?:{_TITLE_WORD}|(?:{_SMALL_WORDS})\b|[&–-])){{0,9}}"
)
_HEADING_LINE = (
    rf"(?:\A|\n)[ \t]*(?:{SECTION_NUMBER}[ \t]+)?[\p{{Lu}}\p{{Lt}}][\w'’-]*(?:[ \t]+[\w'’&/-]+){{0,4}}"
)
_SENTENCE_END = regex.compile(
    rf"(?<=[{_SPACED_ENDS}])(?P<closers>{_CLOSERS})\s+(?:\|\s*)?"
    rf"(?=[\"'“‘„«(\[¿¡]?[\p{{Lu}}\p{{Lt}}\p{{Lo}}\p{{Nd}}])"
    rf"|(?<=[{_SPACED_ENDS}])(?P<closers>{_CLOSERS})[ \t]*\n\s*(?=\p{{Ll}})"
    rf"|(?<=[{_CJK_ENDS}])(?P<closers>{_CLOSERS})\s*(?=\S)"
    rf"|(?P<paragraph>\n[ \t]*\n)|(?P<item>\n(?={LIST_ITEM}))"
    # (the lookahead first: the lookbehind is tried only where a line ends)
    rf"|(?=[ \t]*\n)(?<={_TITLE_LINE})(?P<title>[ \t]*\n)(?=[ \t]*[\p{{Lu}}\p{{Lt}}])"
    rf"|(?=[ \t]*\n)(?<={_HEADING_LINE})(?P<heading>[ \t]*\n)(?=[ \t]*[\p{{Lu}}\p{{Lt}}])"
)
# A line break inside a sentence, as hard-wrapped text (licences, e-mails, man pages) has them: the
# line before it does not end a sentence or introduce something, the line after goes on in lower case
# and does not start a list item ("a) Speed").
_WRAPPED = regex.compile(rf"(?<![.!?:;\n{_CJK_ENDS}])[ \t]*\n(?=[ \t]*\p{{Ll}})(?!{LIST_ITEM})")
# Abbreviations after which a period does not end a sentence (not "etc.", which mostly ends one:
# "supplementary groups, etc. The top program ...").
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "fig",
        "gen",
        "gov",
        "sen",
        "rep",
        "u.s",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
# Initials, two or more, that the stop closes: "J.H.M.", "J.R.R." (a word of its own).
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}$")
# What opens a sentence after a stop: a capitalised word that opens sentences far more often than it
# names anyone ("The", "It", "In"), or no word at all (a number, a quote, the text's end).
_SENTENCE_OPENING = re.compile(
    r"\s*(?:(?:the|a|an|this|that|these|those|it|its|he|she|they|we|i|you|his|her|their|our|my|in|on|at"
    r"|for|but|and|or|so|as|if|when|while|there|here|after|before|since|because|although|however|then"
    r"|thus|from|by|with|to|of|what|who|how|why|where|which|no|not|all|some|one|each|every|both|many)\b"
    r"|[^A-Za-z\s]|$)",
    re.IGNORECASE,
)
DEFAULT_MAX_SENTENCE_CHARS = 240
_ENDS_SENTENCE = re.compile(rf"[{_SPACED_ENDS}{_CJK_ENDS}]{_CLOSERS}$")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of some text."""

    start: int
    end: int


def _ends_with_abbreviation(text: str, end: int) -> bool:
    """Whether the full stop before ``end`` closes an abbreviation, an initial, or a list item's number
    at the start of a line ("2. Install it")."""
    # the word before the stop, without an opening bracket or quote: "(inc. VAT)", "(e.g. Python)"
    word = text[max(0, end - 12) : end].rsplit(None, 1)[-1].rstrip(".").lstrip("([{\"'“‘«").lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    if _INITIALS.search(text, max(0, end - 12), end) and not _SENTENCE_OPENING.match(text, end):
        return True  # a name's initials before the name: "by J.H.M. Dassen", not "in D.C. The ..."
    line = text[text.rfind("\n", 0, end) + 1 : end].strip()
    return re.fullmatch(r"\(?\d{1,3}[.)]", line) is not None


def without_section_number(line: str) -> str:
    """A heading line without the number of its section ("3. Training" -> "Training")."""
    return re.sub(rf"^\s*{SECTION_NUMBER}[ \t]+(?=\S)", "", line)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


# A line break before a line that starts with a letter: not one inside a formula ("SiO\n2").
_LINE_START = re.compile(r"\n(?=[ \t]*[^\W\d_])")


def _split_long(text: str, span: Span, max_chars: int) -> list[Span]:
    """Cut a segment longer than ``max_chars`` into near-equal pieces at word boundaries, at a line
    break where one falls in the second half of a piece (a record's fields, a wrapped paragraph's
    lines stay whole)."""
    out: list[Span] = []
    start = span.start
    while span.end - start > max_chars:
        target = (span.end - start) / math.ceil((span.end - start) / max_chars)
        lines = list(_LINE_START.finditer(text, int(start + target / 2), int(start + target) + 1))
        cut = lines[-1].start() if lines else text.rfind(" ", start + 1, int(start + target) + 1)
        if cut <= start:  # one word longer than the target: cut after it
            cut = text.find(" ", start + 1, span.end)
            if cut == -1:
                break
        if piece := _trimmed(text, start, cut):
            out.append(piece)
        start = cut
    if last := _trimmed(text, start, span.end):
        out.append(last)
    return out


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence punctuation (closing quotes or brackets allowed)."""
    return _ENDS_SENTENCE.search(text) is not None


def is_cut(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stops mid-sentence: no sentence punctuation and no line break after
    it (a piece of unpunctuated text, or the end of a chunk)."""
    following = text[end:]
    gap = following[: len(following) - len(following.lstrip())]
    return not ends_sentence(text[start:end]) and "\n" not in gap


def line_break_ends(text: str, newline: int) -> bool:
    """Whether the line break at ``text[newline]`` ends what comes before it, rather than wrapping a
    sentence onto the next line."""
    line_start = text.rfind("\n", 0, newline) + 1
    return _WRAPPED.match(text, max(line_start, len(text[:newline].rstrip(" \t")))) is None


def _ending_line_break(text: str, start: int, stop: int) -> int:
    """The first line break in ``text[start:stop]`` that is not a wrap inside a sentence, or -1."""
    newline = text.find("\n", start, stop)
    while newline != -1 and not line_break_ends(text, newline):
        newline = text.find("\n", newline + 1, stop)
    return newline


def sentence_start_within(text: str, start: int, reach: int) -> int:
    """Where the sentence that ``text[start:]`` starts in the middle of begins, looking at most ``reach``
    characters back: after a line break that ends a line (not one that only wraps the sentence), or
    else at a word boundary within reach (or the text's start), so no word is cut. ``start`` itself
    when the text before it ends a sentence, a line, or a table cell."""
    before = text[:start].rstrip(" \t|")  # a table cell border opens a cell, as a line break does
    line_ended = before.endswith("\n") and line_break_ends(text, len(before) - 1)
    if not before or ends_sentence(before) or line_ended:
        return start
    floor = max(0, start - reach)
    newline = text.rfind("\n", floor, start)
    while newline != -1 and not line_break_ends(text, newline):
        newline = text.rfind("\n", floor, newline)
    if newline != -1:
        return newline + 1
    if floor == 0:
        return 0
    space = text.find(" ", floor, start)
    return space + 1 if space != -1 else start


def _sentence_ends(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``(end, next start)`` of each sentence end by its punctuation in ``text[start:stop]`` (not an
    abbreviation's full stop, nor one inside brackets that go on after it)."""
    for match in _SENTENCE_END.finditer(text, start, stop):
        closers = match.group("closers")
        if closers is not None and not _ends_no_sentence(text, match.start()):
            yield match.start() + len(closers), match.end()


def _ends_no_sentence(text: str, end: int) -> bool:
    """Whether the stop before ``end`` ends no sentence: an abbreviation's, or one inside brackets."""
    return _ends_with_abbreviation(text, end) or _inside_brackets(text, end)


# How far on a bracket opened before a full stop may close, for the stop to lie inside it.
_BRACKET_REACH = 40


def _inside_brackets(text: str, end: int) -> bool:
    """Whether the stop before ``end`` lies inside round brackets opened on its line that go on after it
    and close soon, before another stop: "(approx. 70%)", "(see p. 4)" end no sentence. A stop right
    before the closing bracket ends one: "(See the appendix.) Next ..."."""
    before = text[text.rfind("\n", 0, end) + 1 : end]
    if before.count("(") <= before.count(")"):
        return False
    close = text.find(")", end, end + _BRACKET_REACH)
    inside = text[end:close] if close != -1 else ""
    return bool(inside.strip()) and "\n" not in inside and re.search(r"[.!?]\s", inside) is None


def punctuated_end_within(text: str, end: int, reach: int) -> int | None:
    """Where the sentence that ``text[:end]`` stops in the middle of ends by its punctuation, at most
    ``reach`` characters on and before any line break that ends a line; None if it does not."""
    limit = min(len(text), end + reach)
    newline = _ending_line_break(text, end, limit)
    return next((stop for stop, _ in _sentence_ends(text, end, limit if newline == -1 else newline)), None)


def punctuated_start_within(text: str, start: int, reach: int) -> int | None:
    """Where the sentence that ``text[start:]`` starts in the middle of begins after the punctuation
    that ends the one before, at most ``reach`` characters back and after any line break that ends a
    line; None if no sentence ends there."""
    floor = max(0, start - reach)
    newline = text.rfind("\n", floor, start)
    while newline != -1 and not line_break_ends(text, newline):
        newline = text.rfind("\n", floor, newline)
    floor = max(floor, newline + 1)
    # the end just before ``start`` is only seen with the character after it (what it starts with)
    ends = _sentence_ends(text, floor, min(len(text), start + 1))
    return max((begin for _, begin in ends if begin <= start), default=None)


def sentence_end_within(text: str, end: int, reach: int) -> int:
    """Where the sentence that ``text[:end]`` stops in the middle of ends, looking at most ``reach``
    characters on: after its sentence punctuation, or before a line break (not one that only wraps the
    sentence); failing both (unpunctuated text), at the last word boundary within reach, so no word is
    cut."""
    if (punctuated := punctuated_end_within(text, end, reach)) is not None:
        return punctuated
    limit = min(len(text), end + reach)
    newline = _ending_line_break(text, end, limit)
    if newline != -1:
        limit = newline
    if newline != -1 or limit == len(text):
        return len(text[:limit].rstrip()) if limit > end else end
    space = text.rfind(" ", end, limit + 1)
    return max(end, len(text[:space].rstrip())) if space != -1 else end


def _shorter_than_next_line(text: str, newline: int, share: float) -> bool:
    """Whether the line ending at ``text[newline]`` is at most ``share`` of the next one's length, as
    a title is shorter than the text under it (a wrapped sentence's lines are about as long as each
    other)."""
    line = text[text.rfind("\n", 0, newline) + 1 : newline].strip()
    after = text.find("\n", newline + 1)
    next_line = text[newline + 1 : len(text) if after == -1 else after].strip()
    return len(line) <= share * len(next_line)


# How much shorter than the line under it a title line is: one of capitalised words by a third, one
# in sentence case, which a wrapped line of a sentence can look like, by half.
_TITLE_SHARES = {"title": 2 / 3, "heading": 1 / 2}


def split_sentences(text: str, max_chars: int = DEFAULT_MAX_SENTENCE_CHARS) -> list[Span]:
    """Return the sentence spans of ``text`` in order, whitespace-trimmed, none longer than ``max_chars``
    unless a single word is."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group("closers") is not None and _ends_no_sentence(text, match.start()):
            continue
        kind = "title" if match.group("title") is not None else "heading" if match.group("heading") else None
        if kind and not _shorter_than_next_line(text, match.start(), _TITLE_SHARES[kind]):
            continue  # a line of a wrapped sentence that happens to look like a title
        end = match.start() + len(match.group("closers") or "")
        span = _trimmed(text, start, end)
        if span:
            spans.extend(_split_long(text, span, max_chars))
        start = match.end()
    tail = _trimmed(text, start, len(text))
    if tail:
        spans.extend(_split_long(text, tail, max_chars))
    return spans

"""Names in a sentence's tokens: runs of capitalised words with their particles and initials
("Bank of Ireland", "J. F. D. Shrewsbury"), told apart from words that are capitalised only because
they open a sentence."""

import re

from rag.answer_tokens import DATE_WORDS, Token, tokenize
from rag.text import STOPWORDS, stem

# Capitalised only where a sentence starts, never inside a name: "Russia But" is "Russia" and "But"
# (text stripped of its full stops runs sentences together).
_NO_NAME = frozenset(
    "but or so yet if then this that these those it he she they we his her its their".split()
)
# Lower-case words inside names: "Bank of Ireland", "Osama bin Laden", "Miguel de la Madrid".
_NAME_PARTICLES = frozenset("of de van von der den the and bin al da di du del la le y".split())


def name_end(tokens: list[Token], start: int, limit: int) -> int:
    """Where the name that starts at token ``start`` ends (exclusive, at most ``limit``): capitalised
    words, with name particles ("Bank of Ireland", "Miguel de la Madrid") and initials ("William E.
    Simon", "J. F. D. Shrewsbury") between them, up to a word that opens a sentence ("But", "It"), or
    a line after a short one: a title's or a field's line ends there ("Creativity in Machine Learning"
    above its author, "Location: Rig Floor" above "PART A"), a line wrapped at the page's width does
    not ("Los\nAngeles")."""
    end = start
    while (
        end < limit
        and not (end > start and _after_a_short_line(tokens, end))
        and (
            (
                tokens[end].is_capitalised
                and tokens[end].is_word
                and not (end > start and tokens[end].lower in _NO_NAME)
            )
            or (
                (tokens[end].lower in _NAME_PARTICLES or _is_initial_dot(tokens, end))
                and end + 1 < limit
                and tokens[end + 1].is_capitalised
            )
        )
    ):
        end += 1
    return end


# A line shorter than this ends where its writer ended it (a title, a field, a list), not where the
# page's width wrapped it.
_SHORT_LINE = 40


def _after_a_short_line(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` opens a line after one shorter than ``_SHORT_LINE`` characters."""
    if not tokens[n].opens_line or n == 0:
        return False
    first = n - 1
    while first > 0 and not tokens[first].opens_line:
        first -= 1
    return tokens[n - 1].end - tokens[first].start < _SHORT_LINE


def _is_initial_dot(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` is the full stop of an initial: a lone capital letter before it."""
    return n > 0 and tokens[n].text == "." and len(tokens[n - 1].text) == 1 and tokens[n - 1].text.isupper()


def _opens(tokens: list[Token], n: int) -> bool:
    """Whether token ``n`` opens a sentence or a line (where any word takes a capital)."""
    return tokens[n].opens_line or tokens[n - 1].text in {".", "!", "?", ":"}


def names_in(texts: list[str], question: str) -> list[list[str]]:
    """The names in each of ``texts`` that the question does not give, in order, each once: runs of
    capitalised words (with name particles and initials; "and" parts two names), without a possessive
    "'s". A stop word starts no name ("The", "How"), nor does a word that opens a sentence or that the
    texts also write in lower case, unless they capitalise it inside a sentence too ("Shares of
    Marlow Shipping rose", "Section 3" opening a line); a lone date word ("Tuesday") is none, and a
    name made only of the question's words (or of the parts of its compounds) is left out."""
    tokenised = [tokenize(text, question) for text in texts]
    common = {t.lower for tokens in tokenised for t in tokens if not t.is_capitalised}
    # The parts of the question's compounds: "Apache License" is what "Apache-licensed" names.
    parts = {stem(part) for word in re.findall(r"\w+(?:-\w+)+", question.lower()) for part in word.split("-")}
    # Words written with a capital inside a sentence: the only evidence that one opening it is a name.
    inside = {
        t.lower
        for tokens in tokenised
        for n, t in enumerate(tokens)
        if t.is_capitalised and not _opens(tokens, n)
    }
    found: list[list[str]] = []
    for text, tokens in zip(texts, tokenised, strict=True):
        names: dict[str, None] = {}
        i = 0
        while i < len(tokens):
            end = name_end(tokens, i, len(tokens))
            end = next((n for n in range(i, end) if tokens[n].lower == "and"), end)
            start = i
            while start < end and (
                tokens[start].lower in STOPWORDS
                or (
                    tokens[start].lower not in inside
                    and (tokens[start].lower in common or _opens(tokens, start))
                )
            ):
                start += 1
            words = [t for t in tokens[start:end] if t.is_word]
            lone_date = len(words) == 1 and words[0].lower in DATE_WORDS
            if words and not lone_date and not all(t.in_question or stem(t.lower) in parts for t in words):
                name = " ".join(text[tokens[start].start : tokens[end - 1].end].split())
                names[re.sub(r"['’]s$", "", name)] = None
            i = max(end, i + 1)
        found.append(list(names))
    return found


_QUESTION_NAME = re.compile(r"(?<=\s)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")


def named_like(tokens: list[Token], question: str) -> list[tuple[int, int]]:
    """The names of people that end in the first word of a longer name the question gives, where
    the sentence does not go on with that name: "Thomas Harlow" for "Who designed the Harlow
    Bridge?", "Josiah Pettigrew" for "Who founded the Pettigrew Tannery?" (the span rules leave out
    a name run on from the question's own, which this is not)."""
    starts = {name.split()[0] for name in _QUESTION_NAME.findall(question)}
    spans = []
    for n, token in enumerate(tokens[1:], start=1):
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        if token.text not in starts or (after is not None and after.is_capitalised and after.in_question):
            continue
        k = n
        while (
            k > 0 and tokens[k - 1].is_capitalised and tokens[k - 1].is_word and not tokens[k - 1].in_question
        ):
            k -= 1
        if k < n and not (tokens[k].opens_line and k == n - 1 and tokens[k].lower in STOPWORDS):
            spans.append((k, n + 1))
    return spans


# A word in the possessive: "Gruber’s", "Laden's".
POSSESSIVE_END = re.compile(r"['’]s$")


def touches_question_name(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the span [i, j) runs on from a capitalised word the question says, as part of its name
    ("President ... Erdogan"); not when the span ends in the possessive before it, a name of its own
    ("John Gruber’s Markdown")."""
    possessive = POSSESSIVE_END.search(tokens[j - 1].text) is not None
    neighbours = [tokens[n] for n in (i - 1, j) if 0 <= n < len(tokens) and not (n == j and possessive)]
    return any(t.in_question and t.is_capitalised and t.is_word for t in neighbours)

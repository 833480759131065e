"""Follow-up questions: turn "And what did the US suspend?" into a query that retrieval can use.

Without an LLM, an elliptical follow-up ("And for cats?") is asked as the whole question it stands for
(:func:`whole_question`: "How much is the health plan for cats?"), and another question that leans on
the conversation (it opens with a connective, refers back with a pronoun, or carries almost no content
words of its own and names nothing) is searched together with the previous user question (as that was
searched, when it was a follow-up too). With an LLM back end,
the condense prompt rewrites it instead (see ``rag.generative``).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.sentences import split_sentences
from rag.answer_kind import answer_kind
from rag.question_form import AUXILIARY, asks_yes_or_no, is_question, opens_a_question
from rag.text import content_terms, words


@dataclass(frozen=True)
class Exchange:
    """An earlier turn of a conversation: what the user asked and what was answered ("" when that is
    not known: a client may send its own turns only)."""

    question: str
    answer: str = ""


def as_exchanges(history: Sequence[str | Exchange]) -> list[Exchange]:
    """``history`` as turns: a plain string is a question whose answer is not known."""
    return [turn if isinstance(turn, Exchange) else Exchange(turn) for turn in history]


Rewriter = Callable[[str, Sequence[Exchange]], str]
"""``(question, history) -> standalone query``: the LLM's condense step."""
_LABEL = re.compile(r"^\s*(standalone\s+)?(search\s+)?query\s*:\s*", re.IGNORECASE)
_CONNECTIVE = re.compile(r"^\s*(and|but|also|so|then|what about|how about|and what about)\b", re.IGNORECASE)
_BACK_REFERENCES = frozenset(
    "it its they them their theirs he him his she her hers this that these those there then such "
    "former latter same".split()
)


# A word that names something: a capital past the question's first word ("Git"), a digit
# ("libtasn1"), or an identifier's inner mark ("json.dumps", "max_tokens"); not the pronoun "I".
_NAMING_WORD = re.compile(r"(?<=\s)[\"'`(]*(?!I\b)[A-Z]|\w*\d|\w[_./]\w")


def depends_on_conversation(question: str) -> bool:
    """Whether ``question`` probably cannot be understood without the turns before it: it opens with
    a connective, refers back with a pronoun, or carries at most one content word of its own and
    that one names nothing ("What is the price?", "Why?"; not "What is libtasn1?")."""
    if _CONNECTIVE.match(question):
        return True
    if _BACK_REFERENCES & set(words(question)):
        return True
    terms = content_terms(question)
    return not terms or (len(terms) == 1 and not _NAMING_WORD.search(question))


# What an elliptical follow-up asks about, after its connective: "And for cats?", "What about the
# broadband contribution?", "And 2.21?".
_ELLIPSIS = re.compile(
    r"^\W*(?:(?:and|also|then|but)\s+)?(?:what|how)\s+about\s+|^\W*(?:and|also|then)\s+", re.I
)
_PREPOSITIONS = "with|for|of|in|on|at|from|by|to|under|over|without"
# A wh-question's frame, its wh-word and the verb after it: "How much is", "When was", "What's".
_FRAME = re.compile(
    r"^\W*(?:how(?:\s+(?:much|many|long|far|old|big|often|large|high|fast|soon))?|what|which|who|whom|when"
    rf"|where|why)(?:['’]s|\s+{AUXILIARY})\b",
    re.I,
)
# A token that names a member of a series: a release ("2.20"), a model ("TH-40"), a year.
_SERIES_TOKEN = re.compile(r"(?:[A-Za-z]+-?)?\d[\w.-]*\w|\d")


def elided_question(question: str, previous: str) -> str | None:
    """The whole question an elliptical follow-up stands for, made from the question before it: the
    part that changes put in place of its counterpart (:func:`_substituted`: "How much is the health
    plan for dogs?" then "And for cats?" asks "How much is the health plan for cats?"), else after the
    earlier question's wh-word and verb ("How much is the broadband contribution?"). None when
    ``question`` is no ellipsis (it asks a question of its own: "And what did the US suspend?") or
    ``previous`` is no wh-question."""
    rest = _elided(question)
    if not rest or not opens_a_question(previous):
        return None
    previous = previous.strip().rstrip("?").strip()
    if whole := _substituted(rest, previous):
        return whole
    frame = _FRAME.match(previous)
    return f"{frame.group()} {rest}?" if frame else None


def _elided(question: str) -> str:
    """What an elliptical follow-up asks about ("for cats" of "And for cats?"), or "" for another
    question."""
    elided = _ELLIPSIS.match(question)
    rest = question[elided.end() :].strip().rstrip("?.!").strip() if elided else ""
    return "" if not rest or opens_a_question(rest) else rest


# A token a follow-up may put in place of one of the same shape: a command-line option ("-1",
# "--fast=4"), a name in capitals ("HSTS", "HTTP/1.1") or with one ("Crew", "Family").
_OPTION = re.compile(r"-{1,2}[\w][\w=.-]*")
_CAPITALISED = re.compile(r"(?<=\s)[A-Z][\w/.+-]*")
_NAME_RUN = re.compile(r"[\w.-]{4,}")


def _substituted(rest: str, previous: str) -> str | None:
    """``previous`` (a wh-question without its question mark) with ``rest`` in place of its
    counterpart: a phrase after the same preposition ("for dogs" -> "for cats"), a release or model
    of the same shape ("2.20" -> "2.21"), a command-line option ("-1" -> "--fast=4"), a name it
    extends ("latexdiff" -> "latexdiff-vc"), a capitalised name ("HTTP/1.1" -> "HSTS"), or the phrase
    ending in the same noun ("a standard consultation" -> "a repeat consultation"); None when it has
    none."""
    frame = _FRAME.match(previous)
    start = frame.end() if frame else previous.find(" ") + 1  # what the earlier question asks about
    words = rest.split()
    if words[0].lower() in _PREPOSITIONS.split("|"):  # "for dogs" -> "for cats"
        phrase = re.compile(rf"\b{words[0]}\s+[^,;?]+?(?=\s+(?:{_PREPOSITIONS})\b|[,;?]|$)", re.I)
        if counterpart := phrase.search(previous, start):
            return f"{previous[: counterpart.start()]}{rest}{previous[counterpart.end() :]}?"
        words = words[1:] or words
    head = re.sub(r"['’]s$", "", words[-1])
    named = [w for w in words if w.lower() not in {"the", "a", "an"}]
    if len(named) == 1:
        alike: list[re.Match[str]] = []
        if _SERIES_TOKEN.fullmatch(head):  # "2.20" -> "2.21", "the TH-30's" -> "TH-30"
            digit = head[0].isdigit()
            alike = [m for m in _SERIES_TOKEN.finditer(previous, start) if m.group()[0].isdigit() == digit]
        elif _OPTION.fullmatch(head):  # "-1" -> "--fast=4"
            alike = list(_OPTION.finditer(previous, start))
        if not alike:  # "latexdiff" -> "latexdiff-vc"
            alike = [
                m
                for m in _NAME_RUN.finditer(previous, start)
                if head.startswith(m.group()) and head != m.group()
            ]
        if not alike and head[:1].isupper():  # "HTTP/1.1" -> "HSTS", "Crew" -> "Family"
            alike = list(_CAPITALISED.finditer(previous, start))
        if alike:
            return f"{previous[: alike[-1].start()]}{head}{previous[alike[-1].end() :]}?"
    # the phrase ending in the same noun: "a standard consultation" -> "a repeat consultation"
    same_noun = re.compile(
        rf"\b(?:(?:the|a|an|its|their|his|her)\s+)?(?:(?!{AUXILIARY}\b)[\w'’-]+\s+){{0,3}}?{re.escape(head)}\b",
        re.I,
    )
    if counterpart := same_noun.search(previous, start):
        return f"{previous[: counterpart.start()]}{rest}{previous[counterpart.end() :]}?"
    return None


def whole_question(question: str, history: Sequence[str]) -> str | None:
    """:func:`elided_question` for ``question`` after the earlier user turns (most recent last), each
    of which may itself have been an ellipsis ("And for cats?" then "And rabbits?"); when the last
    has no counterpart of what it asks about, one of the few before it that has ("On which days are
    blood tests taken at the Riverside branch?", "What hours?", then "And at Quay Street?")."""
    turns: list[str] = []
    for turn in history:
        turns.append(_whole_after(turn, turns) or turn.strip())
    return _whole_after(question, turns)


_LOOK_BACK = 3


def _whole_after(question: str, turns: list[str]) -> str | None:
    """:func:`whole_question` after ``turns``, each already the whole question it stood for."""
    if not turns:
        return None
    if rest := _elided(question):
        for turn in reversed(turns[-_LOOK_BACK:]):
            if opens_a_question(turn) and (whole := _substituted(rest, turn.strip().rstrip("?").strip())):
                return whole
    return elided_question(question, turns[-1])


def split_asked(message: str) -> tuple[str, str]:
    """``(told, asked)``: a message that tells more than it asks, and something else (a pasted
    paragraph, then "Which bases did Erdogan threaten to close?"), asks its closing questions; what
    it tells first is context, as an earlier turn is, rather than words of the question that would
    drown it. ``told`` is empty when the whole message asks: it opens with its question, asks nothing
    at its end, tells less than it asks ("The S-400 arrived. Why did the US object to it?"), its
    question goes on from what it tells, sharing a word with it ("ssh-agent is installed setgid to
    stop ptrace() attacks. Setgid to which group?"), or its closing question does not open as a
    question does ("Does the article about A.J. Dillon's reception ...?" is one question, cut at an
    abbreviation)."""
    message = message.strip()
    spans = split_sentences(message, max_chars=max(len(message), 1))
    first = len(spans)
    while first and is_question(message[spans[first - 1].start : spans[first - 1].end]):
        first -= 1
    if first in (0, len(spans)) or not opens_a_question(message[spans[first].start : spans[first].end]):
        return "", message
    cut = spans[first].start
    told, asked = message[:cut].strip(), message[cut:]
    goes_on = set(content_terms(told)) & set(content_terms(asked))
    return (told, asked) if len(told) > len(asked) and not goes_on else ("", message)


def _one_query(rewrite: str, question: str, previous: str) -> str:
    """The rewrite's first line without a label or quotes; empty when unusable (a standalone query
    merges the question with what it refers to, so it is not much longer than both together)."""
    first = next((line for line in rewrite.splitlines() if line.strip()), "")
    query = _LABEL.sub("", first).strip().strip("\"'*`").strip()
    return query if len(query) <= 2 * (len(question) + len(previous)) + 20 else ""


def standalone_query(
    question: str, history: Sequence[str | Exchange], rewrite: Rewriter | None = None, *, told: bool = False
) -> str:
    """The retrieval query for ``question`` given the earlier turns (most recent last).

    With ``rewrite`` (an LLM's condense step) every follow-up is rewritten; an unusable rewrite falls
    back to the heuristic. ``told``: the last turn is what the same message told before its question
    (:func:`split_asked`), which a question that names nothing itself is about ("I've mislaid my
    Calderbrook membership card. Will I have to pay for another one?"). A pronoun may stand for what
    the previous turn answered ("Which pager was w3m derived from?", "fm", then "When was it
    written?"): that answer is searched too.
    """
    turns = as_exchanges(history)
    if not turns:
        return question
    last = turns[-1]
    if rewrite is not None and (query := _one_query(rewrite(question, turns), question, last.question)):
        return query
    about_told = told and not _NAMING_WORD.search(question) and _NAMING_WORD.search(last.question)
    if not depends_on_conversation(question) and not about_told:
        return question
    # the previous turn may itself be a follow-up ("Who sold it?" after "And the S-400?"): it is
    # searched as it was then, with the turns it leaned on
    previous = standalone_query(last.question.strip(), turns[:-1])
    referent = _answered(last) if _BACK_REFERENCES & set(words(question)) else ""
    return " ".join(part for part in (previous, referent, question.strip()) if part)


_MAX_REFERENT_WORDS = 30


def _answered(turn: Exchange) -> str:
    """What ``turn`` answered, when a pronoun of the next question may stand for it: the thing a
    which/what/who/where question asked for ("fm" for "Which pager was w3m derived from?"), not a
    date, an amount, a reason or a yes; its first words, without citation markers."""
    if not turn.answer or asks_yes_or_no(turn.question) or answer_kind(turn.question) not in _REFERABLE:
        return ""
    return " ".join(re.sub(r"\[\d+\]", "", turn.answer).split()[:_MAX_REFERENT_WORDS])


_REFERABLE = frozenset({"name", "phrase", "place"})

"""Context packing: which retrieved passages fit the model's context window, and how they are fenced.

Passages are numbered by retrieval rank, so [n] in an answer is passage n of the answer's ``passages``.
They go into the prompt most relevant first, whole (offsets stay exact), for as long as their tokens fit
beside the prompt, the question and the tokens reserved for the answer; one that does not fit is left
out and smaller ones after it may still go in.
"""

import re

from langchain_core.prompts import ChatPromptTemplate

from rag.llm import TokenCounter
from rag.schema import Passage

# Chat-template tokens around each message (role markers, turn separators): generous for the templates
# we know (Gemma, Llama 3, ChatML use 4-6).
MESSAGE_OVERHEAD = 8
_FENCE = re.compile(r"<(/?)passage", re.IGNORECASE)


class QuestionTooLongError(ValueError):
    """The question leaves no room in the model's context window; the message gives the numbers."""


def fence(passage: Passage) -> str:
    """A passage as prompt data: numbered, inside tags its own text cannot close."""
    text = _FENCE.sub(r"‹\1passage", passage.text)
    title = passage.title.replace('"', "'")
    return f'<passage id="{passage.rank}" title="{title}">\n{text}\n</passage>'


def format_passages(passages: list[Passage]) -> str:
    return "\n\n".join(fence(p) for p in passages)


def prompt_tokens(prompt: ChatPromptTemplate, count: TokenCounter, **values: str) -> int:
    """Tokens of the formatted prompt, template overhead included."""
    return sum(count(str(m.content)) + MESSAGE_OVERHEAD for m in prompt.format_messages(**values))


def room_left(
    prompt: ChatPromptTemplate, count: TokenCounter, window: int, reserve: int, **values: str
) -> int:
    """Tokens of ``window`` left beside the prompt filled with ``values`` and ``reserve`` answer tokens.

    Raises :class:`QuestionTooLongError` when none are.
    """
    fixed = prompt_tokens(prompt, count, **values)
    room = window - reserve - fixed
    if room <= 0:
        raise QuestionTooLongError(
            f"question too long: the prompt with it needs {fixed} tokens and the answer {reserve}, "
            f"over the model's {window}-token context window; shorten the question"
        )
    return room


def truncated(text: str, limit: int, count: TokenCounter, keep_end: bool = False) -> str:
    """The longest prefix of ``text`` that ends at a word and counts at most ``limit`` tokens; with
    ``keep_end``, the longest such suffix that starts at a word. The search gallops from the kept end
    before it bisects, so a long text is counted in pieces little longer than what is kept."""
    spans = [m.span() for m in re.finditer(r"\S+", text)]

    def words(n: int) -> str:
        """The first (or, with ``keep_end``, the last) ``n`` words, with what lies between them."""
        if not n:
            return ""
        return text[spans[-n][0] : spans[-1][1]] if keep_end else text[: spans[n - 1][1]]

    fit, over = 0, 1  # words(fit) fits; words(over) is past the text or may not fit
    while over <= len(spans) and count(words(over)) <= limit:
        fit, over = over, over * 2
    over = min(over, len(spans) + 1)
    while over - fit > 1:
        middle = (fit + over) // 2
        if count(words(middle)) <= limit:
            fit = middle
        else:
            over = middle
    return words(fit)


def pack_passages(
    prompt: ChatPromptTemplate,
    question: str,
    passages: list[Passage],
    count: TokenCounter,
    window: int,
    reserve: int,
) -> list[Passage]:
    """The passages that fit ``window`` beside the prompt with ``question`` and ``reserve`` answer tokens.

    Raises :class:`QuestionTooLongError` when the question leaves room for no passage at all.
    """
    room = room_left(prompt, count, window, reserve, question=question, passages="")
    fixed = window - reserve - room
    packed: list[Passage] = []
    for passage in passages:
        cost = count(fence(passage)) + 2  # the blank line between passages
        if cost <= room:
            packed.append(passage)
            room -= cost
    if passages and not packed:
        raise QuestionTooLongError(
            f"question too long: with it the prompt needs {fixed} tokens and the answer {reserve}, "
            f"leaving no room for a passage in the model's {window}-token context window"
        )
    return packed

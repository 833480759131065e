"""Follow-up questions: turn "And what did the US suspend?" into a query that retrieval can use.

Without an LLM, a question that leans on the conversation (it opens with a connective, refers back with
a pronoun, or carries almost no content words of its own) is searched together with the previous user
question. With an LLM back end, the condense prompt rewrites it instead (see ``rag.generative``).
"""

import re
from collections.abc import Callable, Sequence

from rag.text import content_terms, words

Rewriter = Callable[[str, Sequence[str]], str]
"""``(question, history) -> standalone query``: the LLM's condense step."""
_LABEL = re.compile(r"^\s*(standalone\s+)?(search\s+)?query\s*:\s*", re.IGNORECASE)
_CONNECTIVE = re.compile(r"^\s*(and|but|also|so|then|what about|how about|and what about)\b", re.IGNORECASE)
_BACK_REFERENCES = frozenset(
    "it its they them their theirs he him his she her hers this that these those there then such "
    "former latter same".split()
)


def depends_on_conversation(question: str) -> bool:
    """Whether ``question`` probably cannot be understood without the turns before it."""
    if _CONNECTIVE.match(question):
        return True
    if _BACK_REFERENCES & set(words(question)):
        return True
    return len(content_terms(question)) <= 1


def _one_query(rewrite: str, question: str, previous: str) -> str:
    """The rewrite's first line without a label or quotes; empty when unusable (a standalone query
    merges the question with what it refers to, so it is not much longer than both together)."""
    first = next((line for line in rewrite.splitlines() if line.strip()), "")
    query = _LABEL.sub("", first).strip().strip("\"'*`").strip()
    return query if len(query) <= 2 * (len(question) + len(previous)) + 20 else ""


def standalone_query(question: str, history: Sequence[str], rewrite: Rewriter | None = None) -> str:
    """The retrieval query for ``question`` given the earlier user turns (most recent last).

    With ``rewrite`` (an LLM's condense step) every follow-up is rewritten; an unusable rewrite falls
    back to the heuristic.
    """
    if not history:
        return question
    if rewrite is not None and (query := _one_query(rewrite(question, history), question, history[-1])):
        return query
    if not depends_on_conversation(question):
        return question
    return f"{history[-1].strip()} {question.strip()}"

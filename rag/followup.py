"""Follow-up questions: turn "And what did the US suspend?" into a query that retrieval can use.

Without an LLM, a question that leans on the conversation (it opens with a connective, refers back with
a pronoun, or carries almost no content words of its own) is searched together with the previous user
question. With an LLM back end, the condense prompt rewrites it instead (see ``rag.llm``).
"""

import re
from collections.abc import Sequence

from rag.text import content_terms, words

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


def standalone_query(question: str, history: Sequence[str]) -> str:
    """The retrieval query for ``question`` given the earlier user turns (most recent last)."""
    if not history or not depends_on_conversation(question):
        return question
    return f"{history[-1].strip()} {question.strip()}"

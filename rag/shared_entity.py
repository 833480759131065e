"""The name several retrieved documents share, for a question that describes it by facts no single
document holds ("Which company ranks local results by distance, as The Verge reports, and is sued by a
news publisher, as TechCrunch reports?").

The best sentence of one document names what that document knows (the publisher suing, "Helena World
Chronicle"); the answer is the name that links the documents. A name qualifies when the passages that
mention it, together, hold clearly more of the question's words than the best single passage does: at
least ``MIN_EXTRA_TERMS`` more, and ``MIN_EXTRA_SHARE`` of all of them. A question one passage answers
(most are) leaves no such margin, so its short answer stays the best sentence's. Only questions that
ask for one thing by name qualify ("Who ...", "Which company ..."): on a manual, "What is the default
port, and how do I enable TLS?" gathers its parts from several pages that all name the product.
"""

import re
from collections import defaultdict

from rag.answer_kind import TYPE_OF, answer_kind
from rag.names import names_in
from rag.question_form import AUXILIARY
from rag.schema import Passage
from rag.text import content_terms

MIN_EXTRA_TERMS = 3
MIN_EXTRA_SHARE = 0.15
# "Who ...?", "Which company ...?", "In which game ...?": a question about one thing, named by a noun;
# not "What is/does ...?", which asks what something is or does.
_ASKS_WHICH_ONE = re.compile(
    rf"^\W*(?:who|whom|(?:(?:in|on|at|for|from|by|with|of|to)\s+)?(?:which|what)\s+(?!{AUXILIARY}\b|happen)[a-z])",
    re.IGNORECASE,
)
# A second question joined to the first ("Which setting changes when tokens expire, and what port is
# the default?"): the documents answering each part share the product's name, which answers neither.
_SECOND_QUESTION = re.compile(
    rf"(?:,|;|\band|\bor)\s+(?:what|why|how|(?:when|where)\s+{AUXILIARY})\b", re.IGNORECASE
)
# Questions about a person: an all-capitals name ("FTX", "CEO") is an organisation or a title.
_ASKS_FOR_A_PERSON = re.compile(
    r"^\W*(?:who|whom)\b|\b(?:which|what) (?:individual|person|man|woman|player|author|executive)\b",
    re.IGNORECASE,
)


def _variants(mentions: dict[str, set[int]]) -> dict[str, set[int]]:
    """Each name with the passages that mention it in any longer form that ends with it ("Sam
    Bankman-Fried" for "Bankman-Fried", "Minnesota Vikings" for "Vikings"), keyed by its longest form.
    A form that goes on after it ("Google Search") names something else."""
    grouped: dict[str, set[int]] = {}
    for name, where in mentions.items():
        longer = [other for other in mentions if other != name and other.endswith(" " + name)]
        form = max(longer, key=len, default=name)
        grouped[form] = grouped.get(form, set()) | where | mentions[form]
    return grouped


def _asks_for_a_name(question: str) -> bool:
    """Whether the question asks for one thing by name (see the patterns above); "What type of ...?"
    asks for a kind."""
    if TYPE_OF.search(question.lower()) or _SECOND_QUESTION.search(question):
        return False
    kind = answer_kind(question)
    return kind == "name" or (kind in {"place", "phrase"} and _ASKS_WHICH_ONE.match(question) is not None)


def shared_entity(question: str, passages: list[Passage]) -> str | None:
    """The name the passages share that answers ``question`` (see the module docstring), or None."""
    if not _asks_for_a_name(question):
        return None
    asked = set(content_terms(question))
    held = [asked & set(content_terms(p.text)) for p in passages]
    best_single = max((len(terms) for terms in held), default=0)
    if len(set().union(*held)) - best_single < MIN_EXTRA_TERMS:
        return None  # not even all the passages together hold enough more: no name needs looking for
    mentions: dict[str, set[int]] = defaultdict(set)
    order: dict[str, int] = {}  # where each name is first mentioned, in reading order of the passages
    for n, names in enumerate(names_in([p.text for p in passages], question)):
        for name in names:
            mentions[name].add(n)
            order.setdefault(name, len(order))
    person = _ASKS_FOR_A_PERSON.search(question) is not None
    # the most question words held together, then the most documents, the most mentions, the first named
    scored = []
    for name, where in _variants(mentions).items():
        if not (person and name.isupper()):
            together = len(set().union(*(held[n] for n in where)))
            said = sum(passages[n].text.count(name) for n in where)
            scored.append((together, len({passages[n].source for n in where}), said, -order[name], name))
    if not scored:
        return None
    together, sources, _, _, name = max(scored)
    extra = together - best_single
    if sources < 2 or extra < MIN_EXTRA_TERMS or extra < MIN_EXTRA_SHARE * len(asked):
        return None
    return name

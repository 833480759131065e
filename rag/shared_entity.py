"""The name several retrieved documents share, for a question that describes it by facts no single
document holds ("Which company ranks local results by distance, as The Verge reports, and is sued by a
news publisher, as TechCrunch reports?").

The best sentence of one document names what that document knows (the publisher suing, "Helena World
Chronicle"); the answer is the name that links the documents. A name qualifies when the passages that
mention it, together, hold clearly more of the question's words than the best single passage does: at
least ``MIN_EXTRA_TERMS`` more, and ``MIN_EXTRA_SHARE`` of all of them. A question one passage answers
(most are) leaves no such margin, so its short answer stays the best sentence's.
"""

import re
from collections import defaultdict

from rag.schema import Passage
from rag.short_answer import TYPE_OF, answer_kind, names_in
from rag.text import content_terms

MIN_EXTRA_TERMS = 3
MIN_EXTRA_SHARE = 0.15
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


def shared_entity(question: str, passages: list[Passage]) -> str | None:
    """The name the passages share that answers ``question`` (see the module docstring), or None."""
    if (
        answer_kind(question) not in {"name", "place", "phrase"}
        or not re.match(r"\W*(?:who|whom|which|what)\b", question, re.IGNORECASE)
        or TYPE_OF.search(question.lower())  # "What type of establishments ...?" asks for a kind, not a name
    ):
        return None
    asked = set(content_terms(question))
    held = [asked & set(content_terms(p.text)) for p in passages]
    best_single = max((len(terms) for terms in held), default=0)
    if len(set().union(*held)) - best_single < MIN_EXTRA_TERMS:
        return None  # not even all the passages together hold enough more: no name needs looking for
    mentions: dict[str, set[int]] = defaultdict(set)
    for n, names in enumerate(names_in([p.text for p in passages], question)):
        for name in names:
            mentions[name].add(n)
    person = _ASKS_FOR_A_PERSON.search(question) is not None
    scored = []  # the most question words held together, then the most documents, then the first named
    for name, where in _variants(mentions).items():
        if not (person and name.isupper()):
            together = len(set().union(*(held[n] for n in where)))
            scored.append((together, len({passages[n].source for n in where}), -min(where), name))
    if not scored:
        return None
    together, sources, _, name = max(scored)
    extra = together - best_single
    if sources < 2 or extra < MIN_EXTRA_TERMS or extra < MIN_EXTRA_SHARE * len(asked):
        return None
    return name

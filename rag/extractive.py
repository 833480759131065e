"""The extractive answerer: the embedded default back end, faithful by construction.

It splits the retrieved passages into sentences, scores each against the question (embedding similarity
blended with the share of the question's content words it contains), and answers with the best few,
each followed by the [n] of the passage it came from. Sentences that are themselves questions are not
candidates; a chosen sentence ending in a colon takes what it introduces. When even the best sentence
scores below the abstention threshold, it says the corpus does not hold the answer.
"""

import re
from collections.abc import Iterator

import numpy as np
from langchain_core.embeddings import Embeddings

from index.sentences import ends_sentence
from rag.addresses import lacks_asked_address
from rag.answer_kind import answer_kind, asked_attribute, head_noun
from rag.answer_tokens import RELEASE
from rag.candidates import (
    LIST_ITEM_START,
    REFERS_TO_A_PERSON,
    Candidate,
    as_quoted,
    candidates_from,
    may_answer,
    overlapping,
    same_words,
    term_and_description,
    with_its_antecedent,
    without_overlaps,
    words_from_before,
)
from rag.code_answer import IDENTIFIER_NOUNS, VALUE_NOUNS, default_value, gives_code
from rag.followup import split_asked
from rag.names import names_in
from rag.numbered_items import item_asked, item_body
from rag.qualifiers import (
    CALENDAR_KINDS,
    Contradiction,
    contradicted_qualifier,
    document_identity,
    gives_the_asked,
    other_members,
    qualifiers_told_otherwise,
)
from rag.question_form import (
    as_question,
    asks_yes_or_no,
    lacks_asked_number,
    misses_the_negation,
    misses_the_version,
    question_parts,
    without_lead_in,
)
from rag.schema import Answer, Citation, Passage
from rag.scoring import SentenceScorer
from rag.shared_entity import shared_entity
from rag.short_answer import (
    RELEASE_NOUNS,
    asked_verb,
    counts_the_asked,
    field_answer,
    field_holds_asked_kind,
    holds_asked_kind,
    names_the_value,
    noun_of_is_there,
    only_counts,
    short_answer,
)
from rag.table_fields import field_value, names_of_the_question, names_the_attribute
from rag.text import content_terms

NOT_FOUND_IN_CORPUS = "Not found in the corpus"
NOT_FOUND = f"{NOT_FOUND_IN_CORPUS}: no indexed passage answers this question closely enough."
# How close to the best score a sentence that says what the question narrows by must come to answer in
# place of better ones that say another value.
_SAYING_RATIO = 0.75


class ExtractiveAnswerer:
    """Answer with the retrieved sentences that best match the question."""

    name = "extractive"

    def __init__(
        self,
        embeddings: Embeddings,
        min_relevance: float = 0.25,
        max_sentences: int = 2,
        semantic_weight: float = 0.6,
        keep_ratio: float = 0.85,
        min_similarity: float = -1.0,
    ) -> None:
        self.scorer = SentenceScorer(embeddings, semantic_weight)
        self.min_relevance = min_relevance
        self.min_similarity = min_similarity
        self.max_sentences = max_sentences
        self.keep_ratio = keep_ratio

    def score(
        self,
        queries: list[str],
        candidates: list[Candidate],
        borrowed: dict[tuple[str, int], str] | None = None,
    ) -> None:
        """Set each candidate's score and similarity (see :mod:`rag.scoring`), with the sentence vectors
        stored in the index where it has them, averaged over the queries: the question, and for a
        follow-up its standalone query ("And who maintains it now?" after "Who started Git?" must pick
        Git's maintainer, not any other project's). A FAQ's answer (``borrowed``, see
        :func:`words_from_before`) has the words of the question it answers as well as its own, a
        sentence opening with a pronoun those of the sentence before it; and a sentence that says
        something the question asks, those of its document's title (:func:`rag.scoring.coverage`)."""
        known = [
            c.passage.sentence_vector(c.start - c.passage.start, c.end - c.passage.start) for c in candidates
        ]
        borrowed = borrowed or {}
        texts = [" ".join(filter(None, (borrowed.get(c.key), c.text))) for c in candidates]
        titles = [c.passage.title for c in candidates]
        parts = [self.scorer.score_parts(query, texts, known, titles) for query in queries]
        scores, similarities = (np.mean([part[n] for part in parts], axis=0) for n in (0, 1))
        for candidate, score, similarity in zip(candidates, scores, similarities, strict=True):
            candidate.score, candidate.similarity = float(score), float(similarity)

    def similarity(self, top: Candidate, queries: list[str]) -> float:
        """How close in meaning the best sentence is to the question, for ``min_similarity``.

        Its stored vector is pooled from the whole chunk's forward pass: right for ranking sentences
        against each other, but the context can pull it far from what the sentence alone says ("Its
        keepers were withdrawn when it was automated in 2004." scores 0.21 in context, 0.74 alone, for
        "When were the keepers withdrawn?"). Below the floor, the sentence is embedded on its own
        (one model call, ~15 ms, so only then) and the higher of the two counts."""
        if top.similarity >= self.min_similarity or top.score < self.min_relevance:
            return top.similarity
        return max(top.similarity, self.scorer.own_similarity(queries, top.text))

    def select(self, question: str, candidates: list[Candidate], similarity: float) -> list[Candidate]:
        """The best sentence and the runners-up close to it that do not repeat it (nor say the same words
        in another document, as licence texts do), in reading order, one of them holding what the
        question asks for when a runner-up close enough does (:meth:`_holding_the_asked_kind`);
        none when the best scores below ``min_relevance`` or its ``similarity`` to the question is below
        ``min_similarity``."""
        ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
        if not ranked or ranked[0].score < self.min_relevance:
            return []
        # Word overlap alone (one rare name shared with the question, a one-word greeting) can lift an
        # unrelated sentence over min_relevance: an answer must also mean something close to the question.
        if similarity < self.min_similarity:
            return []
        floor = max(self.min_relevance, ranked[0].score * self.keep_ratio)
        chosen: list[Candidate] = []
        for candidate in ranked:
            if len(chosen) == self.max_sentences or candidate.score < floor:
                break
            if not _repeats(candidate, chosen):
                chosen.append(candidate)
        chosen = self._holding_the_asked_kind(question, ranked, chosen, floor)
        return sorted(chosen, key=lambda c: (c.passage.rank, c.start))

    def _holding_the_asked_kind(
        self, question: str, ranked: list[Candidate], chosen: list[Candidate], floor: float
    ) -> list[Candidate]:
        """``chosen``, its last sentence swapped for the best runner-up above ``floor`` that holds what
        the question asks for (a date for "When does the term end?", an amount for "How much ...?", see
        :func:`holds_asked_kind`; for "How many volunteers ...?", a number of volunteers, see
        :func:`counts_the_asked`) when none of the chosen does: the ``max_sentences`` limit must not cut
        the one sentence that answers for two that only match the question's words."""

        def holds(text: str) -> bool:
            return holds_asked_kind(question, text) and counts_the_asked(question, text)

        if not chosen or any(holds(c.text) for c in chosen):
            return chosen
        kept = chosen[:-1] if len(chosen) == self.max_sentences else chosen
        for candidate in ranked:
            if candidate.score < floor:
                break
            if not _repeats(candidate, chosen) and holds(candidate.text):
                return [*kept, candidate]
        return chosen

    def saying_the_asked(
        self, question: str, contradiction: Contradiction, candidates: list[Candidate]
    ) -> Candidate | None:
        """The best sentence above ``min_relevance`` and close to the best score that gives the value
        the chosen sentences contradicted."""
        top = max((c.score for c in candidates), default=0.0)
        floor = max(self.min_relevance, top * _SAYING_RATIO)
        saying = [
            c
            for c in candidates
            if c.score >= floor and gives_the_asked(question, contradiction.kind, c.text)
        ]
        return as_quoted(max(saying, key=lambda c: c.score)) if saying else None

    def asked_item(
        self, question: str, candidates: list[Candidate], sentences: list[Candidate], top: Candidate | None
    ) -> tuple[Candidate, str] | None:
        """For a question that points at a list's item by its label ("What is step 3 of installing
        X?", see :mod:`rag.numbered_items`), the item that answers it, scored first, with its label:
        of the items so labelled, the one whose list's lead (:func:`_lead`) shares most words with
        the question (step 3 of "Installing the agent", not of "Removing the agent"), then the best.
        None when the question points at no item, no candidate is one, or nothing matches the
        question well enough."""
        label = item_asked(question)
        if label is None or top is None or top.score < self.min_relevance:
            return None
        items = [c for c in candidates if item_body(c.text, label)]
        if not items:
            return None
        asked = set(content_terms(question))
        pick = max(items, key=lambda c: (len(asked & set(content_terms(_lead(c, sentences)))), c.score))
        pick.score = max(pick.score, top.score + 1e-3)
        return pick, label

    def asked_field(self, question: str, candidates: list[Candidate], top: Candidate | None) -> None:
        """For a what/which question that names the attribute it asks for ("What is the voluntary
        excess on policy CMM-88213047?"), a when-question the date of what it names ("When does the
        redirection start?"), or a where-question, when the best sentence does not say it, every
        word of it (it names the subject: "Policy number: CMM-88213047"), the field of the same
        document that is named so ("Voluntary excess: £150", "Location: Under the kitchen sink")
        scores first: a form or a table answers by the field's name, and the words that name the
        record are in another of its lines. Of such fields above ``min_relevance``, the one whose
        name is closest to the attribute (see :func:`names_the_attribute`), then the one that says
        most of the question's words ("Meter: Water | Location: ..." for the water meter), then the
        best."""
        words = asked_attribute(question)
        if (
            top is None
            or top.score < self.min_relevance
            or names_the_attribute(question, top.text) > 0
            or (words and set(content_terms(" ".join(words))) <= set(content_terms(top.text)))
        ):
            return
        named = [
            (names_the_attribute(question, c.text), names_of_the_question(question, c.text), c.score, n)
            for n, c in enumerate(candidates)
            if c.passage.source == top.passage.source and c.score >= self.min_relevance
        ]
        share, _, _, n = max(named, default=(0.0, 0, 0.0, -1))
        if share > 0:
            candidates[n].score = top.score + 1e-3

    def past_the_line_naming_the_record(
        self, question: str, candidates: list[Candidate], top: Candidate | None
    ) -> None:
        """When the best sentence says of the question only the names it gives, and not the kind of
        thing it asks for (a record's identity line, "Vehicle registration mark: HN17 WXD | Make:
        Corvina", or a letterhead, for "How much is parking at Kestrelford General Hospital?"), the
        sentence of the same document above ``min_relevance`` that holds that kind (see
        :func:`holds_asked_kind`) and says something the question asks of the names scores first: of
        those, the one that says most of it, then the best."""
        if top is None or top.score < self.min_relevance or holds_asked_kind(question, top.text):
            return
        said = _said_of_the_names(question)
        if said & set(content_terms(top.text)):
            return
        holding = [
            (len(said & set(content_terms(c.text))), c.score, n)
            for n, c in enumerate(candidates)
            if c.passage.source == top.passage.source
            and c.score >= self.min_relevance
            and holds_asked_kind(question, c.text)
            and counts_the_asked(question, c.text)
        ]
        best = max(holding, default=(0, 0.0, -1))
        if best[0] > 0:
            candidates[best[2]].score = top.score + 1e-3

    def with_each_part(
        self, question: str, candidates: list[Candidate], chosen: list[Candidate]
    ) -> list[Candidate]:
        """``chosen`` and, for a question of several parts ("Does A report X, while B reports Y?"),
        the best sentence for each part that none of them answers: a comparison cites both sides.
        A part's best sentence holds most of the words only that part has (ties: the higher score),
        and scores above ``min_relevance``."""
        parts = [set(content_terms(part)) for part in question_parts(question)]
        if len(parts) < 2 or not chosen:
            return chosen
        picked = list(chosen)
        eligible = [c for c in candidates if c.score >= self.min_relevance]
        terms = {id(c): set(content_terms(c.text)) for c in [*eligible, *picked]}
        for n, part in enumerate(parts):
            own = part - set().union(*(other for m, other in enumerate(parts) if m != n))
            if not own or any(own & terms[id(c)] for c in picked):
                continue
            best = max(
                (c for c in eligible if own & terms[id(c)]),
                key=lambda c: (len(own & terms[id(c)]), c.score),
                default=None,
            )
            if best is not None and not any(overlapping(c, best) for c in picked):
                picked.append(best)
        return sorted(picked, key=lambda c: (c.passage.rank, c.start))

    def __call__(self, question: str, passages: list[Passage], context: str | None = None) -> Answer:
        message = question
        _, question = split_asked(message)  # what a message tells before its question is not asked
        question = as_question(question)  # "Give the block size ..." asks "What is the block size ...?"
        asked = set(content_terms(question))
        sentences = candidates_from(passages)
        # a question naming a release, a model or a code ("error FD-3007", "invoice INV-30418") is
        # answered from the documents whose passages name it (an invoice names its number once, at its
        # head): another's ("FD-307" of an older version) shares its words, not its facts
        said = {p.source: f"{p.title}\n" for p in passages}
        for p in passages:
            said[p.source] += f"{p.text}\n"
        naming = {source: not misses_the_version(question, [text]) for source, text in said.items()}
        # nor from another member of a series than the one asked about, when that one is retrieved
        # (this month's report, not last month's in the same words; the HX200S's data sheet)
        identities = {p.source: document_identity(p.title, p.source) for p in passages}
        other = dict(zip(identities, other_members(question, list(identities.values())), strict=True))
        naming = {source: named and not other[source] for source, named in naming.items()}
        candidates = [c for c in sentences if naming[c.passage.source] and may_answer(c, question, asked)]
        queries = [question, context] if context and context != question else [question]
        self.score(queries, candidates, words_from_before(sentences))
        top = max(candidates, key=lambda c: c.score, default=None)
        similarity = self.similarity(top, queries) if top is not None else -1.0
        item = self.asked_item(question, candidates, sentences, top)
        self.asked_field(question, candidates, top)
        self.past_the_line_naming_the_record(question, candidates, top)
        selected = self.with_each_part(question, candidates, self.select(question, candidates, similarity))
        if item and item[0] in selected:
            selected = [item[0]]  # the item asked for, not the title or heading that scored beside it
        chosen = without_overlaps([as_quoted(c) for c in selected])
        if (stated := _default_stated_after(question, chosen, candidates)) is not None:
            chosen = sorted(without_overlaps([*chosen, stated]), key=lambda c: (c.passage.rank, c.start))
        texts = [c.text for c in chosen]
        # a passage says what its document's title and file name say ("minutes 2026-02-11")
        sources = [
            f"{document_identity(c.passage.title, c.passage.source)}\n{c.passage.text}" for c in chosen
        ]
        contradiction = contradicted_qualifier(question, texts, sources)
        if (
            contradiction is not None
            and contradiction.kind not in CALENDAR_KINDS
            and (saying := self.saying_the_asked(question, contradiction, candidates))
        ):
            # the sentence that says what the question narrows by ("Meal: Dinner | ... | Maximum:
            # £25.00"), not the closer one about another ("Breakfast is claimed separately ..."); not
            # for a day or year, which any sentence may name ("As of 2014 how quickly ...?")
            chosen, texts = [saying], [saying.text]
            sources = [
                f"{document_identity(saying.passage.title, saying.passage.source)}\n{saying.passage.text}"
            ]
            contradiction = contradicted_qualifier(question, texts, sources)
        if (
            lacks_asked_number(question, " ".join(texts))
            or lacks_asked_address(question, " ".join(texts))
            or misses_the_negation(question, texts)
            or misses_the_version(question, sources)
            or contradiction is not None
        ):
            chosen = []  # they match the question's words but cannot answer its form: the corpus does not say
        release = _release_heading(question, chosen, sentences)
        if release is not None:  # quoted with what it heads, the change the question asks about
            chosen = sorted(without_overlaps([*chosen, release]), key=lambda c: (c.passage.rank, c.start))
        elif _asks_release(question) and not any(_names_a_release(question, c.text) for c in chosen):
            chosen = []  # "Which version added X?": the passages tell of X, not of when it came
        best = max(chosen, key=lambda c: c.score, default=None)
        entity = shared_entity(question, passages) if chosen else None
        if entity and not any(entity in c.text for c in chosen):
            # the answer quotes where the name is said, beside the sentences that match the question best
            holder = max((c for c in candidates if entity in c.text), key=lambda c: c.score, default=None)
            if holder is None:
                entity = None
            else:
                quoted = without_overlaps([*chosen, as_quoted(holder)])
                chosen = sorted(quoted, key=lambda c: (c.passage.rank, c.start))
        # shown with the sentence that names what a pronoun stands for; checked and answered without it
        shown = without_overlaps([with_its_antecedent(c) for c in chosen])
        answer = compose_answer(message, passages, shown, self.name)
        if answer.abstained and contradiction is not None:
            answer.answer = f"{NOT_FOUND_IN_CORPUS}: {contradiction.explained()}"
        if top is not None:  # what the abstention thresholds were compared with (eval plots the trade-off)
            answer.relevance, answer.similarity = round(top.score, 4), round(similarity, 4)
        if best is not None:
            body = item_body(best.text, item[1]) if item and best.key == item[0].key else None
            version = RELEASE.search(release.text).group() if release is not None else None
            answer.short_answer = (
                body
                or version
                or entity
                or _named(question, chosen)
                or _short_answer_of(question, chosen, conversation=context if context != question else None)
            )
        return answer

    def stream(
        self, question: str, passages: list[Passage], context: str | None = None
    ) -> Iterator[str | Answer]:
        """The answer text word by word (it is complete at once; streaming keeps one interface for
        every back end), then the structured answer."""
        answer = self(question, passages, context)
        for match in re.finditer(r"\S+\s*", answer.answer):
            yield match.group()
        yield answer


_MAX_HEADING_WORDS = 12


# A release a sentence names: "3.9", "version 2", "release 7", "v3".
_NAMED_RELEASE = re.compile(rf"{RELEASE.pattern}|\b(?:version|release|v)\s*\d+\b", re.IGNORECASE)


def _asks_release(question: str) -> bool:
    """Whether the question asks which version or release ("Which wget release added ...?")."""
    return head_noun(question) in RELEASE_NOUNS


def _names_a_release(question: str, text: str) -> bool:
    """Whether ``text`` names a release the question does not give itself."""
    return any(match.group() not in question for match in _NAMED_RELEASE.finditer(text))


def _release_heading(question: str, chosen: list[Candidate], sentences: list[Candidate]) -> Candidate | None:
    """For a question asking which version or release did something, answered by a change that names
    none ("* Drop support for Python 3.7."), the heading of the release it is listed under in its
    passage ("## 0.25.0 (11th September, 2023)", "* Changes in Wget 1.20"): a changelog's short line
    naming a release, the nearest above the change."""
    if not chosen or not _asks_release(question):
        return None
    best = max(chosen, key=lambda c: c.score)
    if _names_a_release(question, best.text):
        return None  # it names a release itself (not the "TLS 1.3" the question gives)
    above = [
        s
        for s in sentences
        if s.passage is best.passage
        and s.end <= best.start
        and RELEASE.search(s.text)
        and len(s.text.split()) <= _MAX_HEADING_WORDS
        and not ends_sentence(s.text)
    ]
    return max(above, key=lambda s: s.start, default=None)


def _default_stated_after(
    question: str, chosen: list[Candidate], candidates: list[Candidate]
) -> Candidate | None:
    """For a question about a default, answered best by a sentence that describes the setting but
    gives no default, the sentence right after it when that one gives it, as reference pages do
    ("How long should pam_timestamp treat timestamp as valid ... (in seconds). Default is 300
    seconds.")."""
    best = max(chosen, key=lambda c: c.score, default=None)
    if best is None or default_value(question, best.text, []) is not None:
        return None
    after = [c for c in candidates if c.passage is best.passage and c.start >= best.end]
    follower = min(after, key=lambda c: c.start, default=None)
    return follower if follower is not None and default_value(question, follower.text, []) else None


def _repeats(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """Whether ``candidate`` says again what one of ``chosen`` says: the same text, or the same sentence
    of another document (boilerplate, licence texts)."""
    return any(overlapping(c, candidate) or same_words(c.text, candidate.text) for c in chosen)


def _lead(item: Candidate, sentences: list[Candidate]) -> str:
    """What leads a list item's list: the nearest sentence before it in its passage that is no list
    item (a heading, "To change the interval:"), or ""."""
    leads = [
        s.text
        for s in sentences
        if s.passage is item.passage and s.start < item.start and not LIST_ITEM_START.match(s.text)
    ]
    return leads[-1] if leads else ""


def _asks_for(question: str, term: str, description: str) -> bool:
    """Whether ``question`` asks for the term a description is given under: it asks what or which
    (not yes or no), and does not name the term, nor any of the names it lists ("What does -i do?"
    asks for the description of "-i, --ignore-case"); a who-question asks for the person the
    description names, when it names one ("Dr Ferrante introduces the exhibition." under "Curator's
    talk")."""
    kind = answer_kind(question)
    if asks_yes_or_no(question) or kind not in {"name", "phrase"}:
        return False
    if kind == "name" and names_in([description], question)[0]:
        return False
    names = [name.strip() for name in term.split(",") if name.strip()]
    return not any(
        re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question, re.IGNORECASE) for name in names
    )


def _named(question: str, chosen: list[Candidate]) -> str | None:
    """For a question asking who, answered best by a sentence that says "he" or "she" for the person
    and names nobody else, the first name of the sentence before it ("The trial of Sam Bankman-Fried
    began on Tuesday. He was the richest person under 30."): the person the pronoun stands for, not
    "person" or "Tuesday". A name in the sentence itself answers instead ("He studied under Haydn."
    for "Who taught Mozart?")."""
    if answer_kind(question) != "name" or not chosen:
        return None
    best = max(chosen, key=lambda c: c.score)
    if not REFERS_TO_A_PERSON.match(best.text) or names_in([best.text], question)[0]:
        return None
    named = with_its_antecedent(best)
    before = named.text[: len(named.text) - len(best.text)]
    names = names_in([before], question)[0] if before else []
    return names[0] if names else None


_NAME_WORD = re.compile(r"(?<=\s)[\"'(]*[A-Z][\w'’.-]*")


def _said_of_the_names(question: str) -> set[str]:
    """The question's content terms outside the names it gives (capitalised words past its first):
    what it says of them, or asks."""
    question = without_lead_in(question)  # not whose account it asks about: "according to the Gazette"
    named = {term for match in _NAME_WORD.finditer(question) for term in content_terms(match.group())}
    return set(content_terms(question)) - named


def _short_answer_of(question: str, chosen: list[Candidate], conversation: str | None = None) -> str:
    """The short answer from the best chosen sentence, unless another holds the number or date the
    question asks for ("The bridge is in Tromso." and "It is 320 metres long." for "How long is
    it?"; for "How many streets ...?", a number of streets), or names what the best only counts
    ("two military bases" for "Which bases ...?"). Of a description quoted under its term, the term
    when the question asks for it ("Which group can read the logs?" - "adm\n    Members of this group
    can read ..."), else a span of the description. ``conversation``: what a follow-up's conversation
    said before it (its retrieval query), which is no answer to it."""
    ranked = sorted(chosen, key=lambda c: c.score, reverse=True)
    said = _said_of_the_names(question)
    if said and not said & set(content_terms(ranked[0].text)):
        # the best matches the names the question gives; another says what it asks of them ("Whom did
        # Eleanor Voss marry?": "She married the geologist Arthur Penrose", not her dates and origin)
        saying = [c for c in ranked if said & set(content_terms(c.text))]
        ranked = saying + [c for c in ranked if c not in saying]
    verb = asked_verb(question)
    if verb and verb not in content_terms(ranked[0].text):
        # "Who really invented bucky bits?": the sentence that says the verb ("bucky bits were invented
        # by Niklaus Wirth"), not the best one that tells of the same things ("were named for
        # Buckminster Fuller"); "What does the EM argument allow?": "... EM which allows for ..."
        saying = [c for c in ranked if verb in content_terms(c.text)]
        ranked = saying + [c for c in ranked if c not in saying]
    if all(" | " in c.text for c in ranked[:2]):
        # Table rows: the row that names more of what the question names ("Ida Hagen", not the next
        # row's "Thea Hagen", which scored as high on "Hagen" and "extension").
        ranked.sort(
            key=lambda c: names_of_the_question(question, c.text) if " | " in c.text else -1, reverse=True
        )
    # for a date or an amount, a sentence that tells of another day, date, month or year than the
    # question narrows by goes after the others ("Friday 4 September 2026" for "... start in
    # September?", not an evening in October; but "Time: 19:30 (doors open 18:45)", which names no
    # day, for "... on 18 April?", not the e-mail's date line that says it); a name's question
    # describes its answer by dates ("Which company ... on November 16 ...?") that a heading may
    # hold without the name
    told = {id(c): 0 for c in ranked}
    if answer_kind(question) in {"date", "number"}:
        told = {id(c): qualifiers_told_otherwise(question, c.text) for c in ranked}
        ranked.sort(key=lambda c: told[id(c)])
    # a field only of a sentence that tells of no other day, date, month or year than another does
    fields = ((field_value(question, c.text), c.text) for c in ranked if told[id(c)] == told[id(ranked[0])])
    # a table row's cell under the column the question names, of the kind it asks for: not "Bin:
    # Brown bin (240 litres)" for "How much does the garden waste bin cost ...?"
    if field := next((f for f, row in fields if f and field_holds_asked_kind(question, f, row)), None):
        return field_answer(question, field)
    definitions = [term_and_description(c.text) for c in ranked]
    if definitions[0] and _asks_for(question, *definitions[0]):
        return definitions[0][0]
    texts = [defined[1] if defined else c.text for c, defined in zip(ranked, definitions, strict=True)]
    typed = [text for text in texts if holds_asked_kind(question, text)] or texts[:1]
    if (head_noun(question) or noun_of_is_there(question)) in IDENTIFIER_NOUNS - VALUE_NOUNS:
        # "Which aria2 option ...?": the sentence that gives one ("... using aria2's `--ca-certificate`
        # option"), not the one that matched better on the option the question gives itself (a value
        # need not be code: "3")
        typed.sort(key=lambda text: not gives_code(question, text))
    # the one that gives the value of the noun asked by ("If the port is omitted, then port 80 is
    # assumed.", not the URL of the sentence that matched better)
    typed.sort(key=lambda text: not names_the_value(question, text))
    typed = [text for text in typed if counts_the_asked(question, text)] or typed
    spans = [short_answer(question, text) for text in typed]
    if conversation and spans[0]:
        # a follow-up's answer is nothing the conversation said already ("Eleanor Shaw", whom "What was
        # her job?" asks about): no short answer rather than that, nor another sentence's
        told = conversation.lower().replace(question.lower(), "")
        if re.search(rf"(?<![\w.]){re.escape(spans[0].lower())}(?![\w.])", told):
            return ""
    return next((span for span in spans if span and not only_counts(question, span)), spans[0])


def compose_answer(question: str, passages: list[Passage], chosen: list[Candidate], backend: str) -> Answer:
    """Write the chosen sentences as the answer, numbering cited passages [1], [2]... in order of use."""
    if not chosen:
        return Answer(question=question, answer=NOT_FOUND, abstained=True, passages=passages, backend=backend)
    markers: dict[str, int] = {}
    parts: list[str] = []
    citations: list[Citation] = []
    for candidate in chosen:
        passage = candidate.passage
        marker = markers.setdefault(passage.chunk_id, len(markers) + 1)
        parts.append(f"{candidate.text} [{marker}]")
        citations.append(Citation.in_passage(marker, passage, candidate.start, candidate.end, candidate.text))
    cited = set(markers)
    marked = [p.model_copy(update={"cited": p.chunk_id in cited}) for p in passages]
    return Answer(
        question=question,
        answer=" ".join(parts),
        abstained=False,
        citations=citations,
        passages=marked,
        backend=backend,
    )

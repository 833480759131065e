"""The answer's candidate sentences: the retrieved passages split into sentences, each completed
where the splitter cut it and extended by what it introduces (a line ending in a colon, its list),
what leads it (a definition's term), or the sentence naming what its pronoun stands for; and the
words each borrows from before it for scoring (a FAQ's question, a list's lead, a pronoun's
antecedent)."""

import re
from dataclasses import dataclass
from itertools import pairwise

from index.sentences import (
    DEFAULT_MAX_SENTENCE_CHARS,
    LIST_ITEM,
    TITLE_SMALL_WORDS,
    Span,
    ends_sentence,
    is_cut,
    punctuated_end_within,
    punctuated_start_within,
    sentence_end_within,
    sentence_start_within,
    split_sentences,
    without_section_number,
)
from rag.question_form import denies, is_question
from rag.schema import Passage
from rag.short_answer import reads_as_heading
from rag.text import content_terms, words


@dataclass
class Candidate:
    """A sentence of a retrieved passage, with offsets in its document."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float = 0.0
    similarity: float = 0.0  # the embedding-similarity part of the score

    @property
    def key(self) -> tuple[str, int]:
        """Which sentence of which document it is: its source and start."""
        return self.passage.source, self.start


def same_words(a: str, b: str) -> bool:
    """Whether two sentences say the same words, whatever their layout and markup: one document
    in two formats ("installing `ccache`" in Markdown, "installing ccache" from its DOCX)."""
    return words(a) == words(b)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def overlapping(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates quote overlapping text of one document."""
    return a.passage.source == b.passage.source and _overlap((a.start, a.end), (b.start, b.end)) > 0


def sentence_spans(text: str, spans: list[Span] | None = None) -> list[Span]:
    """The sentences of ``text`` (``spans`` when known, else split here), plus a *bridge* across each
    cut the splitter made in unpunctuated text: from the middle of one piece to the middle of the
    next, so that a fact the cut split in two is whole in some candidate."""
    spans = split_sentences(text) if spans is None else spans
    bridges: list[Span] = []
    for a, b in pairwise(spans):
        gap = text[a.end : b.start]
        if gap.strip() or not is_cut(text, a.start, a.end):
            continue
        start = text.find(" ", (a.start + a.end) // 2, a.end)
        end = text.rfind(" ", b.start, (b.start + b.end) // 2)
        if start != -1 and end > start:
            bridges.append(Span(start + 1, end))
    return spans + bridges


def completed(
    candidate: Candidate,
    reach: int = DEFAULT_MAX_SENTENCE_CHARS // 2,
    lead: int = DEFAULT_MAX_SENTENCE_CHARS // 4,
) -> Candidate:
    """A candidate the splitter cut mid-sentence, extended within its passage: a long punctuated
    sentence, cut only for its length, to its whole (as far as ``DEFAULT_MAX_SENTENCE_CHARS`` each
    way); unpunctuated text by up to ``reach`` characters of the words that follow it and, when it
    also starts mid-sentence, ``lead`` characters of those before it: what a question asks about
    often sits right beside the words it shares with the text, across the cut."""
    passage = candidate.passage
    text = passage.text
    start, end = candidate.start - passage.start, candidate.end - passage.start
    if not ends_sentence(candidate.text) and end < len(text):
        whole = punctuated_end_within(text, end, DEFAULT_MAX_SENTENCE_CHARS)
        end = whole if whole is not None else sentence_end_within(text, end, reach)
    begins = punctuated_start_within(text, start, DEFAULT_MAX_SENTENCE_CHARS)
    start = begins if begins is not None else sentence_start_within(text, start, lead)
    quote = text[start:end].strip()
    start = text.index(quote, start)
    return Candidate(
        passage, passage.start + start, passage.start + start + len(quote), quote, candidate.score
    )


def without_overlaps(chosen: list[Candidate]) -> list[Candidate]:
    """The chosen sentences once completed and extended: one that now overlaps an earlier one of the
    same document is merged into it (same passage) or dropped, so no text is quoted twice."""
    kept: list[Candidate] = []
    for candidate in chosen:
        same = next((c for c in kept if overlapping(c, candidate)), None)
        if same is None:
            kept.append(candidate)
        elif same.passage is candidate.passage:
            passage = same.passage
            start, end = min(same.start, candidate.start), max(same.end, candidate.end)
            text = passage.text[start - passage.start : end - passage.start]
            merged = Candidate(passage, start, end, text, max(same.score, candidate.score))
            kept[kept.index(same)] = merged
    return kept


LIST_ITEM_START = re.compile(rf"{LIST_ITEM}[ \t]*\S")
# The next line that says something: after blank lines, its indent and its first character.
_NEXT_LINE = re.compile(r"[^\n]*\n(?:[ \t]*\n)*([ \t]*)(\S)?")


def _heads_a_paragraph(text: str, item: int) -> bool:
    """Whether the list item at ``text[item]`` is alone, a numbered heading over a paragraph: the next
    line that says something neither starts another item nor goes on with this one, indented."""
    after = _NEXT_LINE.match(text, item)
    if after is None or after.group(2) is None:
        return False
    return not after.group(1) and not LIST_ITEM_START.match(text, after.start(1))


_ANNOUNCES = re.compile(r"\b(?:the following|as follows)\b", re.IGNORECASE)


def _list_end(text: str, start: int, reach: int) -> int | None:
    """Where the list whose first item starts at ``text[start]`` ends: its items, one a line (blank
    lines between them allowed), whole, as many as fit in ``reach`` characters (at least one); None
    when no list item starts there."""
    line = text.rfind("\n", 0, start) + 1
    end = None
    while LIST_ITEM_START.match(text, line):
        item_end = text.find("\n", line)
        item_end = len(text) if item_end == -1 else item_end
        if end is not None and item_end - start > reach:
            break
        end = item_end
        line = item_end
        while line < len(text) and text[line] == "\n":
            line += 1
    return end


def _is_title(text: str) -> bool:
    """One line with no closing punctuation that is no list item itself: a heading, a changelog
    entry's "pkg (1.2-1) unstable; urgency=medium"."""
    line = text.strip()
    return bool(line) and "\n" not in line and line[-1] not in ".!?;," and not LIST_ITEM_START.match(line)


# The first item of a list that a title heads: a bullet, or the number or letter that starts a count
# (a "2." after a line that ends mid-formula, "dioxygen, O\n2. It is ...", heads nothing).
_FIRST_ITEM = re.compile(r"[ \t]*(?:[-*•+‣◦▪]|\(?(?:1|a|i)[.)])[ \t]*\S")


def with_what_it_introduces(candidate: Candidate, reach: int = DEFAULT_MAX_SENTENCE_CHARS) -> Candidate:
    """A candidate that ends in a colon ("To load them, call:") with what follows it in its passage, up
    to the next sentence end or line break, or the whole list that follows it; one that announces a
    list ("The following types are supported.") or heads it (a title line, a changelog entry's first
    line) with that list: the lead-in restates the question, what it introduces answers it."""
    colon = candidate.text.rstrip().endswith(":")
    announces = bool(_ANNOUNCES.search(candidate.text))
    if not colon and not announces and not _is_title(candidate.text):
        return candidate
    passage = candidate.passage
    text = passage.text
    end = candidate.end - passage.start
    following = len(text) - len(text[end:].lstrip())
    if following >= len(text):
        return candidate
    listed = _list_end(text, following, reach)
    if not colon and (listed is None or not (announces or _FIRST_ITEM.match(text, following))):
        return candidate  # only a colon introduces what is not a list; a title only a list's start
    if not colon and not announces and _heads_a_paragraph(text, following):
        return candidate  # a numbered heading ("1. About the scheme") after a line: no list
    stop = listed if listed is not None else sentence_end_within(text, following + 1, reach)
    start = candidate.start - passage.start
    return Candidate(
        passage,
        candidate.start,
        passage.start + stop,
        text[start:stop],
        candidate.score,
        candidate.similarity,
    )


# A bare reply that opens a FAQ's answer before the sentence that explains it: "No.", "Yes, it does.",
# "For now, no." (after the question, a label such as "A:", or another sentence).
_REPLY = re.compile(
    r"(?:^|[\n.!?:][ \t]*)((?:\w+[ ,]+){0,2}(?:yes|no)\b[^.!?\n]{0,12}[.!])[ \t]*$", re.IGNORECASE
)
# The longest line that can be a definition list's term ("adm", "-i, --ignore-case").
_TERM_CHARS = 80
_TERM_WORDS = 6


def _is_term(line: str) -> bool:
    """Whether ``line`` can be a definition list's term: short (a few words: not the start of a
    sentence wrapped onto an indented line), with a letter (a footnote's number above its text is
    none), not a sentence, a lead-in, an item or a heading (a man page's "AUTHORS" above its indented
    section)."""
    name = line.strip()
    short = len(name) <= _TERM_CHARS and len(name.split()) <= _TERM_WORDS
    named = short and any(ch.isalpha() for ch in name)
    return (
        named and name[-1] not in ".!?;:," and not LIST_ITEM_START.match(line) and not reads_as_heading(name)
    )


def _term_above(text: str, start: int) -> int | None:
    """Where the term begins that the line starting at ``text[start]`` is indented under, as a
    definition list's description is (HTML's <dl> as extracted, a man page's options: "-i,
    --ignore-case\n       Ignore case distinctions ..."); None when that line is not one."""
    line = text.rfind("\n", 0, start) + 1
    if line == 0 or start == line or text[line:start].strip() or LIST_ITEM_START.match(text, line):
        return None
    above = text.rfind("\n", 0, line - 1) + 1
    term = text[above : line - 1]
    indent = len(term) - len(term.lstrip())
    return above + indent if _is_term(term) and indent < start - line else None


def with_what_leads_it(candidate: Candidate) -> Candidate:
    """A candidate that opens a line indented under a term, with that term ("plugdev\n    Members of
    this group can access removable devices"), or that follows a bare reply, with the reply ("No.
    Please read the license in zlib.h."): without them the sentence does not say what it answers."""
    passage = candidate.passage
    text, start = passage.text, candidate.start - passage.start
    reply = _REPLY.search(text, max(0, start - 40), start)
    begin = _term_above(text, start) if reply is None else reply.start(1)
    if begin is None:
        return candidate
    end = candidate.end - passage.start
    return Candidate(
        passage, passage.start + begin, candidate.end, text[begin:end], candidate.score, candidate.similarity
    )


def term_and_description(text: str) -> tuple[str, str] | None:
    """The term and its description of a quote that gives one under the other: the line above the
    first line of the deepest indentation ("OPTIONS\n  -i, --ignore-case\n      Ignore case ...")."""
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines]
    deepest = max(range(1, len(lines)), key=lambda n: indents[n], default=0)
    if not deepest or indents[deepest] <= indents[deepest - 1] or LIST_ITEM_START.match(lines[deepest]):
        return None
    if lines[deepest].lstrip()[:1].islower():  # a sentence going on onto an indented line
        return None
    if not _is_term(lines[deepest - 1]):
        return None
    return lines[deepest - 1].strip(), "\n".join(lines[deepest:]).strip()


# A sentence whose subject is a pronoun or a demonstrative: who or what it is about was named before
# it; a person, when the pronoun is one of a person.
_REFERS_BACK = re.compile(r"^\W*(?:it|its|he|his|she|her|they|their|this|these|those)\b", re.IGNORECASE)
REFERS_TO_A_PERSON = re.compile(r"^\W*(?:he|she)\b", re.IGNORECASE)


def with_its_antecedent(candidate: Candidate) -> Candidate:
    """A sentence opening with a pronoun or a demonstrative with the sentence before it in its
    paragraph, which names who or what it stands for ("The last keeper, Ingrid Solberg, left the
    station in 1982. She had lived there for twenty-two years."): alone it does not say whom it is
    about."""
    passage = candidate.passage
    text, start = passage.text, candidate.start - passage.start
    before = text[:start].rstrip()
    if (
        not _REFERS_BACK.match(candidate.text)
        or not ends_sentence(before)
        or "\n\n" in text[len(before) : start]
    ):
        return candidate
    begin = punctuated_start_within(text, len(before) - 1, DEFAULT_MAX_SENTENCE_CHARS)
    if begin is None:
        begin = sentence_start_within(text, len(before) - 1, DEFAULT_MAX_SENTENCE_CHARS)
        if begin and text[begin - 1] != "\n":
            return candidate  # the sentence before begins out of reach (or out of the passage)
    end = candidate.end - passage.start
    return Candidate(
        passage, passage.start + begin, candidate.end, text[begin:end], candidate.score, candidate.similarity
    )


def as_quoted(candidate: Candidate) -> Candidate:
    """A chosen sentence as the answer quotes it: whole, with the term or reply that leads it and what
    it introduces."""
    return with_what_it_introduces(with_what_leads_it(completed(candidate)))


# A FAQ's labels: "Q:" opens a question, which may tell before it asks, "A:" its answer.
_FAQ_LABEL = re.compile(r"^[ \t]*([QA])[ \t]*[:.)]", re.MULTILINE)


def _in_a_question(candidate: Candidate) -> bool:
    """Whether the candidate is a question, a piece of one that the splitter cut for its length ("How
    do I put a package on hold so that ..." of a 300-character FAQ heading ending in "?"), or a
    sentence of a FAQ's question after its "Q:" label ("Q: I need to use a script that runs xz -9.
    On a system with 256 MiB of RAM, ... Is there a way ...?"), before the "A:" of its answer."""
    if is_question(candidate.text):
        return True
    text, start = candidate.passage.text, candidate.passage.start
    labels = list(_FAQ_LABEL.finditer(text, 0, candidate.start - start + 3))
    if labels and labels[-1].group(1) == "Q":
        return True
    if ends_sentence(candidate.text):
        return False
    end = sentence_end_within(text, candidate.end - start, 2 * DEFAULT_MAX_SENTENCE_CHARS)
    return is_question(text[candidate.start - start : end])


_LIST_ITEM_MARK = re.compile(rf"^\s*{LIST_ITEM}")


# A path, file name or address, written whole: "~/.npmrc", "/etc/hosts", "setup.cfg".
_LITERAL = re.compile(r"[^\s`'\"()\[\]{}<>,;]*(?:[/\\~]|\w\.\w)[^\s`'\"()\[\]{}<>,;]*")


def _tells(sentence: str, question: str, asked: set[str]) -> bool:
    """Whether the sentence says something the question (with its content terms, ``asked``) does not:
    a content word of its own, a path or file name the question does not write ("* per-user config
    file (`~/.npmrc`)" for "Where is the per-user npmrc config file?"), or a denial ("SQLite does not
    enforce the length of a VARCHAR."). One that only restates the question (a heading, "3. Maximum
    Length Of An SQL Statement") answers nothing."""
    # a list item's "3." or "(b)" is no word of the sentence's own
    body = _LIST_ITEM_MARK.sub("", sentence)
    if not set(content_terms(body)) <= asked or denies(sentence):
        return True
    written = {literal.rstrip(".:") for literal in _LITERAL.findall(question)}
    return any(literal.rstrip(".:") not in written for literal in _LITERAL.findall(body))


# A Markdown heading, as the Markdown and HTML loaders write one: "## Keepers".
_HEADING_MARKS = re.compile(r"#{1,6}[ \t]")
_UNDERLINE = re.compile(r"\n[ \t]*([=~^*+-])\1{2,}[ \t]*$")  # a plain text's title underlined: "====="
_FIGURE = re.compile(r"\d+(?:[.,/]\d+)*")


def _is_heading(text: str) -> bool:
    """Whether ``text`` is a heading of capitalised words ("# Mount Keloran Eruption Report", "Care of
    the Chain", "3. Training"): it names a subject and says nothing about it. Not a headline, which says what
    happened ("Amazon tumbles after FTC files antitrust lawsuit")."""
    text = without_section_number(_HEADING_MARKS.sub("", text.strip(), count=1))
    return _is_title(text) and reads_as_heading(
        " ".join(w for w in text.split() if w not in TITLE_SMALL_WORDS)
    )


# A field's line: a label of a few words, a colon, its value ("Contact: Hannah Brightwell, ...").
_FIELD_LINE = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,2}:[ \t]+\S[^\n]*$")


def _only_a_heading(candidate: Candidate, question: str) -> bool:
    """Whether the candidate is a heading (:func:`_is_heading`; underlined or not) that heads no list
    it would be quoted with: it answers no question however many of its words it shares. Figures the
    question gives itself are the heading's words ("# ECOL 214: Freshwater Ecology", "Ledgerly
    Desktop 4.2 - Release Notes" for "When was Ledgerly Desktop 4.2 released?"); others may be what
    it asks ("## [3.4.0] - 2025-02-11")."""
    text, underlined = _UNDERLINE.subn("", candidate.text.strip())
    if _FIELD_LINE.match(text):
        return False  # a field gives its label a value ("Contact: Hannah Brightwell, Town Centre Officer")
    figures = _FIGURE.findall(text)
    if figures and all(figure in question for figure in figures):
        text = _FIGURE.sub("", text)
    # an underline marks a heading in sentence case too ("How to setup Git server over http" over "===")
    marked = underlined and "\n" not in text and not ends_sentence(text)
    return (marked or _is_heading(text)) and with_what_it_introduces(candidate).end == candidate.end


def candidates_from(passages: list[Passage]) -> list[Candidate]:
    """Every sentence of the passages once, best-ranked passage first.

    Overlapping chunks repeat text, and unpunctuated text may be cut differently in each chunk, so a
    span that nearly coincides with one already taken from the same document is skipped.
    """
    taken: dict[str, list[tuple[int, int]]] = {}
    out: list[Candidate] = []
    for passage in passages:
        seen = taken.setdefault(passage.source, [])
        for span in sentence_spans(passage.text, passage.sentences()):
            here = (passage.start + span.start, passage.start + span.end)
            length = here[1] - here[0]
            if any(_overlap(here, other) > 0.9 * max(length, other[1] - other[0]) for other in seen):
                continue
            seen.append(here)
            out.append(Candidate(passage, here[0], here[1], passage.text[span.start : span.end]))
    return out


def words_from_before(sentences: list[Candidate]) -> dict[tuple[str, int], str]:
    """The words each sentence borrows from the one right before it in its passage, by its
    :attr:`Candidate.key`: a FAQ's answer the question it answers ("1. Is zlib Y2K-compliant?" then
    "Yes. zlib doesn't handle dates.", which says none of the question's words), a sentence opening
    with a pronoun the sentence that names what the pronoun stands for ("The Skarvik museum opened in
    1999." then "It shows the original Fresnel lens.", the answer to "What does the museum show?"), a
    list item the line ending in a colon that introduces its list, a definition's description its
    term. A sentence borrows nothing from a
    heading above it: "Serves 4." under "Leek and Potato Soup" would
    outscore "Simmer for 20 minutes." for how long the soup simmers."""
    borrowed: dict[tuple[str, int], str] = {}
    lead = ""  # the line that introduces the list being read ("Single fares to Inchkeld:")
    for before, sentence in pairwise(sentences):
        passage = sentence.passage
        if before.passage is not passage:
            lead = ""
        elif not LIST_ITEM_START.match(before.text):
            lead = before.text if before.text.rstrip().endswith(":") else ""
        if lead and LIST_ITEM_START.match(sentence.text):
            # an item has the words of the line that introduces its list: "- Motorcycle: £23.00"
            # under "Single fares from Ardmuir to Inchkeld:" answers what the crossing costs
            borrowed[sentence.key] = lead
        if (term := _term_above(passage.text, sentence.start - passage.start)) is not None:
            # a description has the words of the term it is indented under: "FD-3007" over "    Search
            # index out of date." answers what the error means
            borrowed[sentence.key] = passage.text[term : passage.text.index("\n", term)]
        between = passage.text[before.end - passage.start : sentence.start - passage.start]
        if before.passage is not passage or between.strip():
            continue
        refers_back = _REFERS_BACK.match(sentence.text) and ends_sentence(before.text)
        if is_question(before.text) or refers_back:
            borrowed[sentence.key] = before.text
        if refers_back and _REFERS_BACK.match(before.text) and before.key in borrowed:
            # a run of sentences about one subject ("She was born in Perth. She studied at Edinburgh.
            # She married ..."): each has the words of the sentence that named it
            borrowed[sentence.key] = f"{borrowed[before.key]} {before.text}"
    return borrowed


# A letter's greeting or its close, a line of its own: "Dear Ms Dunmore-Katsaros,", "Yours sincerely,".
_SALUTATION = re.compile(
    r"\s*(?:(?:dear|hello|hi)\b[^.!?:\n]{0,60}|(?:yours\s+)?(?:sincerely|faithfully|truly)(?:\s+yours)?"
    r"|(?:(?:with\s+)?(?:kind|best|warm)\s+)?(?:regards|wishes)|many\s+thanks|thank\s+you)[,.!]?\s*",
    re.IGNORECASE,
)


def _heads_a_description(candidate: Candidate) -> bool:
    """Whether the candidate is a definition's term with its description indented under it ("FD-2210"
    over "    Mail loop detected; ..."): the description, which has the term's words and is quoted
    with it, answers; the bare term says nothing."""
    text, end = candidate.passage.text, candidate.end - candidate.passage.start
    newline = text.find("\n", end)
    if newline < 0 or text[end:newline].strip():
        return False
    below = len(text) - len(text[newline + 1 :].lstrip(" \t"))  # where the next line's text starts
    return _term_above(text, below) == candidate.start - candidate.passage.start


def may_answer(candidate: Candidate, question: str, asked: set[str]) -> bool:
    """Whether a sentence may answer ``question`` (with its content terms, ``asked``) at all: it is no
    question itself (:func:`_in_a_question`) nor a letter's greeting or close, says something the
    question does not (:func:`_tells`), and is more than a heading (:func:`_only_a_heading`) or a
    definition's term (:func:`_heads_a_description`)."""
    return (
        not _in_a_question(candidate)
        and not _SALUTATION.fullmatch(candidate.text)
        and not _heads_a_description(candidate)
        and _tells(candidate.text, question, asked)
        and not _only_a_heading(candidate, question)
    )

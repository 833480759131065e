"""HTML for the chat: answers with clickable [n] markers, the sources panel and the document viewer.

Every string that comes from a document, a file name or a model is escaped here and nowhere else:
``gr.HTML`` inserts its value with ``innerHTML`` without sanitising it.

Source links point at ``#<scope>-<kind>-<position>-<index>``: which answer (the ``position``-th turn
of the chat, or the ``position``-th question of an eval run) and which of its citations (``cite``) or
retrieved passages (``passage``). The Chatbot's sanitiser keeps ``href``, ``class`` and ``title`` but
drops ``data-*``, hence the encoding. ``ui/app.js`` turns a click on any of them into one server
event, which the tab named by ``scope`` answers by opening the document viewer.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from html import escape
from itertools import groupby, pairwise
from pathlib import PurePosixPath
from typing import Any, Literal, NamedTuple

from index.loaders import HEADING_SUFFIXES
from index.loaders.markdown import HEADING
from index.sentences import split_sentences
from rag.schema import Answer, AnswerSentence, Citation, Passage
from rag.verify import strip_markers

Kind = Literal["cite", "passage"]
Scope = Literal["chat", "eval"]

# "[1]", and the "[1, 2]" some LLMs write
_MARKERS = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_TOOLTIP_CHARS = 160


class AnswerRef(NamedTuple):
    """Which answer on the page: the ``position``-th of the chat or of the open eval run."""

    scope: Scope
    position: int


class Span(NamedTuple):
    """A range of a text to wrap in ``<mark class="{css}">``."""

    start: int
    end: int
    css: str


def escape_text(value: str) -> str:
    """Escape for element content (quotes may stay)."""
    return escape(value, quote=False)


# Markdown (and the Chatbot's LaTeX) syntax that document text must not trigger: emphasis, code, links,
# tables and "$$" anywhere; headings, list items and setext underlines at the start of a line. As
# numeric character references these display as themselves, in Markdown (which never reads a reference
# as syntax) and in plain HTML alike.
_INLINE_SYNTAX = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]~|$"}
_LINE_START_SYNTAX = re.compile(r"^([ \t]*)([#+=-]|\d+[.)])", re.MULTILINE)


def _reference(char: str) -> str:
    return char if char.isdigit() else f"&#{ord(char)};"


def escape_markdown(value: str) -> str:
    """Escape for Markdown-with-HTML (the Chatbot): document text shows as written, never as a
    heading, list, emphasis or link."""
    inline = escape_text(value).translate(_INLINE_SYNTAX)
    return _LINE_START_SYNTAX.sub(lambda m: m[1] + "".join(map(_reference, m[2])), inline)


def flowed(text: str, keep: Collection[int] = ()) -> str:
    """``text`` with the line breaks inside its sentences as spaces: the line ends of a PDF or of a
    hard-wrapped file, which the Chatbot (GitHub-style line breaks) would show mid-sentence. Breaks
    between sentences, before list items and between paragraphs stay, so a list keeps its lines, and
    so do those at the offsets in ``keep`` (a heading's end). The same length as ``text``: offsets into
    one are offsets into the other."""
    chars = list(text)
    for span in split_sentences(text, max_chars=len(text) + 1):  # no cut: a cut falls at a line break
        for index in range(span.start, span.end):
            if chars[index] == "\n" and index not in keep:
                chars[index] = " "
    return "".join(chars)


class Heading(NamedTuple):
    """A heading line of a text: its own text ``text_start``-``text_end`` and the marks around it
    (``start``-``text_start``: "## "; ``text_end``-``end``: closing "#"s, a setext underline)."""

    start: int
    text_start: int
    text_end: int
    end: int
    level: int


def headings(text: str, source: str) -> list[Heading]:
    """The heading lines of a document's text ("# Title", "Title\n====="), in the formats that write
    them so (Markdown, and HTML's <h1>-<h6>); none in a .txt, whose "# " lines are text."""
    if PurePosixPath(source).suffix.lower() not in HEADING_SUFFIXES:
        return []
    found = []
    for match in HEADING.finditer(text):
        if match.group(1) is not None:
            level = len(match.group()) - len(match.group().lstrip("#"))
            found.append(Heading(match.start(), match.start(1), match.end(1), match.end(), level))
        else:
            level = 1 if "=" in text[match.end(2) : match.end()] else 2
            found.append(Heading(match.start(), match.start(2), match.end(2), match.end(), level))
    return found


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def source_href(ref: AnswerRef, kind: Kind, index: int) -> str:
    """The link target ``ui/app.js`` decodes when a source link is clicked."""
    return f"#{ref.scope}-{kind}-{ref.position}-{index}"


def location(source: str, page: int | None, spans: list[tuple[int, int]]) -> str:
    """``path · page 3 · chars 120–480`` (each span of a source's quotes: ``chars 120–480, 600–710``),
    escaped."""
    parts = [f"<code>{escape_text(source)}</code>"]
    if page:
        parts.append(f"page {page}")
    parts.append("chars " + ", ".join(f"{start}–{end}" for start, end in sorted(spans)))
    return " · ".join(parts)


# --- the answer in the chat --------------------------------------------------------------------
def marker_targets(
    answer: Answer, markers: list[re.Match[str]] | None = None
) -> list[tuple[int, int | None]]:
    """For each citing [n] of the answer text (``markers``, found when not given), in order:
    ``(n, index into answer.citations or None)``.

    One marker number can stand for several citations (one passage quoted by several sentences);
    the k-th occurrence of [n] points at the k-th citation with that marker, the last one when
    there are more occurrences than citations.
    """
    by_marker: dict[int, list[int]] = defaultdict(list)
    for index, citation in enumerate(answer.citations):
        by_marker[citation.marker].append(index)
    seen: dict[int, int] = defaultdict(int)
    targets: list[tuple[int, int | None]] = []
    for match in _citation_markers(answer) if markers is None else markers:
        for number in (int(n) for n in match.group(1).split(",")):
            indices = by_marker.get(number)
            targets.append((number, indices[min(seen[number], len(indices) - 1)] if indices else None))
            seen[number] += 1
    return targets


def _citation_markers(answer: Answer) -> list[re.Match[str]]:
    """The [n] markers of the answer text that cite, in order. A quote the answer repeats word for word
    (extractive answers) keeps the document's own reference marks ("automated in 2004.[3]"): those
    are text, not citations."""
    quoted = [
        (start, start + len(citation.quote))
        for citation in answer.citations
        if (start := answer.answer.find(citation.quote)) >= 0
    ]
    return [
        match
        for match in _MARKERS.finditer(answer.answer)
        if not any(start <= match.start() and match.end() <= end for start, end in quoted)
    ]


def _citation_link(number: int, index: int | None, citation: Citation | None, ref: AnswerRef) -> str:
    if citation is None or index is None:
        return f'<span class="citation-missing" title="no such source">[{number}]</span>'
    # One line: a line break in the attribute lets the Chatbot's Markdown read the next line ("- item")
    # as a list item of its own, which breaks the tag open.
    quote = _shorten(" ".join(citation.quote.split()), _TOOLTIP_CHARS)
    tooltip = escape(f"{citation.title}: “{quote}”")
    return (
        f'<a class="citation-link" href="{source_href(ref, "cite", index)}" title="{tooltip}">[{number}]</a>'
    )


def _unsupported_ranges(answer: Answer) -> list[tuple[int, int, AnswerSentence]]:
    """Where the sentences that verification found unsupported sit in the answer text."""
    ranges = []
    position = 0
    for sentence in answer.sentences:
        start = answer.answer.find(sentence.text, position)
        if start < 0:
            continue
        position = start + len(sentence.text)
        if not sentence.supported:
            ranges.append((start, position, sentence))
    return ranges


def answer_markdown(answer: Answer, ref: AnswerRef) -> str:
    """The answer as chat Markdown: text escaped, each [n] a link to the citation it stands for,
    and each sentence its citations do not support underlined as such."""
    markers = _citation_markers(answer)
    targets = iter(marker_targets(answer, markers))
    text = flowed(answer.answer)

    def linked(start: int, end: int) -> str:
        """text[start:end], escaped, its citing markers as links."""
        parts: list[str] = []
        position = start
        for match in (m for m in markers if start <= m.start() < end):
            parts.append(escape_markdown(text[position : match.start()]))
            for number, index in (next(targets) for _ in match.group(1).split(",")):
                citation = answer.citations[index] if index is not None else None
                parts.append(_citation_link(number, index, citation, ref))
            position = match.end()
        parts.append(escape_markdown(text[position:end]))
        return "".join(parts)

    parts: list[str] = []
    position = 0
    for start, end, sentence in _unsupported_ranges(answer):
        parts.append(linked(position, start))
        note = f"Not supported by the passages it cites (support {sentence.score:.2f})"
        parts.append(f'<span class="unsupported" title="{note}">{linked(start, end)}</span>')
        position = end
    parts.append(linked(position, len(answer.answer)))
    body = "".join(parts)
    if answer.abstained:
        return f'<em class="abstained">{body}</em>'
    if short := shown_short_answer(answer):
        # The short answer first, then the cited sentence(s) that support it.
        return f'<strong class="short-answer">{escape_markdown(short)}</strong>\n\n{body}'
    return body


def shown_short_answer(answer: Answer) -> str:
    """The short answer the chat shows above the answer (its line breaks flowed), or "": none when
    the answer declines, has none, or is no more than it."""
    short = answer.short_answer.strip()
    if answer.abstained or not short or short == strip_markers(answer.answer).strip():
        return ""
    return flowed(short)


def answer_plain_text(answer: Answer) -> str:
    """The answer as the chat shows it (the short answer first), then its numbered sources, as plain
    text: what "Copy answer" puts on the clipboard."""
    short = shown_short_answer(answer)
    lines = [short, "", flowed(answer.answer)] if short else [flowed(answer.answer)]
    if answer.citations:
        lines.append("")
    for cited in answer.citations_by_marker():
        first = cited[0]
        where = f"{first.source}, page {first.page}" if first.page else first.source
        quotes = " … ".join(f"“{flowed(c.quote)}”" for c in cited)
        lines.append(f"[{first.marker}] {first.title} ({where}): {quotes}")
    return "\n".join(lines)


# --- highlighting ------------------------------------------------------------------------------
def mark_spans(text: str, spans: Sequence[Span], heading_lines: Sequence[Heading] = ()) -> str:
    """``text`` escaped, each span wrapped in ``<mark>``; where spans overlap, the earlier one wins.
    Each of ``heading_lines`` (in order) is wrapped as a heading inside the marks, its "#" marks kept
    but hidden (``ui/style.css``): every character of ``text`` stays in its place, so a mark holds
    exactly the text it marks.

    The first span always comes out as one ``<mark>`` holding exactly ``text[start:end]``.
    """
    bounds = [p for h in heading_lines for p in (h.start, h.text_start, h.text_end, h.end)]
    marked = (max(0, min(len(text), p)) for s in spans for p in (s.start, s.end))
    cuts = sorted({0, len(text), *marked, *bounds})
    starts = [h.start for h in heading_lines]

    def role(a: int, b: int) -> str | None:
        """What ``text[a:b]`` (between two cuts) is in a heading line: its text, its marks, or neither."""
        found = bisect_right(starts, a) - 1
        heading = heading_lines[found] if found >= 0 else None
        if heading is None or b > heading.end:
            return None
        return (
            f"doc-heading h{heading.level}" if heading.text_start <= a < heading.text_end else "heading-mark"
        )

    pieces = [
        (
            next((s.css for s in spans if s.start <= a and b <= s.end), None),
            role(a, b),
            escape_text(text[a:b]),
        )
        for a, b in pairwise(cuts)
    ]
    out: list[str] = []
    for css, group in groupby(pieces, key=lambda piece: piece[0]):
        body = "".join(
            _wrapped(kind, "".join(piece for _, _, piece in same))
            for kind, same in groupby(group, key=lambda piece: piece[1])
        )
        out.append(body if css is None else f'<mark class="{css}">{body}</mark>')
    return "".join(out)


def _wrapped(css: str | None, body: str) -> str:
    return body if css is None else f'<span class="{css}">{body}</span>'


def passage_html(passage: Passage, spans: Sequence[Span] = ()) -> str:
    """A passage as the Sources panel shows it: headings as headings, the line breaks inside its
    sentences as spaces (as in the chat), ``spans`` (offsets into its text) marked."""
    found = headings(passage.text, passage.source)
    return mark_spans(flowed(passage.text, keep={h.end for h in found}), spans, found)


# --- the sources panel -------------------------------------------------------------------------
def _passage_for(answer: Answer, citation: Citation) -> Passage | None:
    return next((p for p in answer.passages if p.chunk_id == citation.chunk_id), None)


def _quote_in_context(answer: Answer, cited: list[Citation]) -> str:
    """The cited passage with its quotes highlighted, or the bare quotes if it was not retrieved."""
    passage = _passage_for(answer, cited[0])
    inside = passage is not None and all(passage.start <= c.start and c.end <= passage.end for c in cited)
    if passage is None or not inside:
        return " … ".join(f'<mark class="quote">{escape_text(c.quote)}</mark>' for c in cited)
    spans = [Span(c.start - passage.start, c.end - passage.start, "quote") for c in cited]
    return passage_html(passage, spans)


def _source_card(answer: Answer, ref: AnswerRef, marker: int, indices: list[int], active: bool) -> str:
    cited = [answer.citations[i] for i in indices]
    first = cited[0]
    passage = _passage_for(answer, first)
    score = f" · score {passage.score:.2f}" if passage else ""
    href = source_href(ref, "cite", indices[0])
    where = location(first.source, first.page, [(c.start, c.end) for c in cited])
    return (
        f'<article class="source-card{" active" if active else ""}">'
        f'<header><a class="badge citation-link" href="{href}">[{marker}]</a> '
        f'<span class="source-title">{escape_text(first.title)}</span></header>'
        f'<div class="source-meta">{where}{score}</div>'
        f'<blockquote class="source-context">{_quote_in_context(answer, cited)}</blockquote>'
        f'<a class="open-doc" href="{href}">Open in document</a></article>'
    )


def _passage_row(passage: Passage, index: int, ref: AnswerRef) -> str:
    width = max(0.0, min(1.0, passage.score)) * 100
    where = location(passage.source, passage.page, [(passage.start, passage.end)])
    return (
        f'<li class="passage-row"><a class="passage-link" href="{source_href(ref, "passage", index)}">'
        f'<span class="rank">#{passage.rank}</span> '
        f'<span class="source-title">{escape_text(passage.title)}</span>'
        f'<span class="score" title="best sentence\'s match, blended with the retrieval score">'
        f"{passage.score:.2f}"
        f'<span class="score-bar"><span style="width:{width:.0f}%"></span></span></span></a>'
        f'<div class="source-meta">{where}</div>'
        f'<details><summary>Passage text</summary><p class="passage-text">{passage_html(passage)}</p>'
        "</details></li>"
    )


def _notices(answer: Answer) -> list[str]:
    """What verification changed or found, in words."""
    notices = []
    if answer.fallback_from:
        notices.append(
            f"The {answer.fallback_from} answer was not supported by its sources; "
            "this is the extractive answer instead."
        )
    unsupported = sum(not s.supported for s in answer.sentences)
    if unsupported:
        notices.append(
            f"{unsupported} sentence{'s' if unsupported > 1 else ''} not supported by the cited "
            "passages (underlined in the answer)."
        )
    if answer.dropped_markers:
        numbers = ", ".join(f"[{n}]" for n in answer.dropped_markers)
        notices.append(f"Removed citation markers that named no retrieved passage: {numbers}.")
    return notices


def sources_html(
    answer: Answer, ref: AnswerRef, active_marker: int | None = None, searched_only: str = ""
) -> str:
    """The Sources panel for one answer: cited passages first, then the retrieved but uncited ones;
    ``searched_only`` says what the search was restricted to (the chat's Filters), when it was."""
    by_marker: dict[int, list[int]] = defaultdict(list)
    for index, citation in enumerate(answer.citations):
        by_marker[citation.marker].append(index)
    parts = ['<div class="sources">']
    if searched_only:
        parts.append(f'<p class="searched-only">Searched only: {escape_text(searched_only)}</p>')
    if answer.retrieval_query and answer.retrieval_query != answer.question:
        parts.append(f'<p class="retrieval-query">Searched for: “{escape_text(answer.retrieval_query)}”</p>')
    parts.extend(f'<p class="notice">{escape_text(notice)}</p>' for notice in _notices(answer))
    parts.append(f'<h3>Cited <span class="count">{len(by_marker)}</span></h3>')
    if not by_marker:
        parts.append('<p class="empty">This answer cites no passage.</p>')
    for marker in sorted(by_marker):
        parts.append(_source_card(answer, ref, marker, by_marker[marker], marker == active_marker))
    uncited = [(i, p) for i, p in enumerate(answer.passages) if not p.cited]
    if uncited:
        parts.append(f'<h3>Retrieved, not cited <span class="count">{len(uncited)}</span></h3>')
        parts.append(
            '<p class="order-note">In retrieval order, which puts one passage of each document before a '
            "second of the same one; the score is how well its best sentence matches.</p>"
        )
        parts.append('<ol class="passages">')
        parts.extend(_passage_row(passage, index, ref) for index, passage in uncited)
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)


def placeholder_html(message: str) -> str:
    return f'<div class="panel-placeholder">{escape_text(message)}</div>'


# --- the document viewer -----------------------------------------------------------------------
def document_html(
    title: str, source: str, page: int | None, text: str, focus: Span, others: Sequence[Span] = ()
) -> str:
    """A whole document with ``focus`` (the clicked citation or passage) highlighted as
    ``<mark class="… focus">`` and the answer's other citations in it marked more lightly."""
    return (
        '<div class="document">'
        f'<header><span class="source-title">{escape_text(title)}</span>'
        f'<div class="source-meta">{location(source, page, [(focus.start, focus.end)])}</div></header>'
        f'<div class="document-text">{mark_spans(text, [focus, *others], headings(text, source))}</div></div>'
    )


# --- the header and the corpus table -----------------------------------------------------------
def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def header_html(status: dict[str, Any]) -> str:
    """Title, tagline and what is indexed (from ``CorpusChat.status()``)."""
    chips = [
        _plural(int(status["documents"]), "document"),
        _plural(int(status["chunks"]), "chunk"),
        str(status["embedding_model"]),
    ]
    return (
        '<div class="app-header"><div class="brand"><span class="logo" aria-hidden="true">❝</span>'
        "<div><h1>corpus-chat</h1><p>Answers from your documents, every sentence cited to its source."
        '</p></div></div><div class="status">'
        + "".join(f'<span class="chip">{escape_text(chip)}</span>' for chip in chips)
        + "</div></div>"
    )


def human_size(size: int) -> str:
    """``1.2 MB``-style sizes for the corpus table."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"

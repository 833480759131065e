"""The generative answerer: an LLM answers from the numbered, fenced passages that fit its context;
every sentence is then checked against the passages it cites and the verification policy applied.

Tokens stream as the model writes them; the final :class:`Answer` is the verified one, so with the
``strip`` and ``fallback`` policies (or when invalid markers were removed) its text differs from what
was streamed. The prompt asks for a first line "Short answer: ..."; that line is held back from the
stream and becomes the answer's ``short_answer`` when its words are in the passages the answer cites.
"""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from langchain_core.embeddings import Embeddings
from langchain_core.exceptions import ContextOverflowError, ModelError
from langchain_core.output_parsers import StrOutputParser

from index.sentences import split_sentences
from prompts import load_chat_prompt
from rag.chain import Answerer
from rag.config import Settings
from rag.context import QuestionTooLongError, format_passages, pack_passages, room_left, truncated
from rag.extractive import NOT_FOUND
from rag.followup import Exchange, as_exchanges
from rag.llm import LLM, BackendUnavailableError
from rag.question_form import asks_yes_or_no
from rag.schema import Answer, Citation, Passage
from rag.short_answer import short_answer
from rag.text import content_terms
from rag.verify import LEADING_MARKERS, markers_in, strip_markers, verify_answer

ABSTENTION = "not found in the corpus"
NOTHING_SUPPORTED = (
    "Not found in the corpus: no sentence of the generated answer is supported by its sources."
)
# Earlier turns the condense prompt sees: enough to resolve a reference, short enough for small models.
CONDENSE_TURNS = 4
# How servers say a request was over the model's context window, when it is not OpenAI's own error code
# (which LangChain raises as a ContextOverflowError): llama-cpp-python and vLLM answer "This model's
# maximum context length is ...", llama.cpp's server "... exceeds the available context size ...".
_CONTEXT_EXCEEDED = re.compile(
    r"maximum context length|context_length_exceeded|exceeds? (the )?(available )?context", re.IGNORECASE
)


def is_abstention(text: str) -> bool:
    """Whether the model said the corpus does not hold the answer (as the prompt tells it to)."""
    return text.strip().strip("\"'*").lower().startswith(ABSTENTION)


# The label of the first line the prompt asks for, with any Markdown emphasis ("**Short answer:**").
_LABEL = re.compile(r"[*_]*short answer[*_]*\s*:[*_]*", re.IGNORECASE)
_LABEL_TEXT = "short answer:"
# How much of a short-answer line is held back at most before it streams regardless.
_MAX_HELD = 300


class ShortAnswerLine:
    """Takes the model's opening "Short answer: ..." line out of the text it streams.

    Deltas are held back while they can still be the start of that line; once the line ends (a line
    break, or a second sentence on the same line) its first sentence is kept as ``value`` (markers,
    emphasis and the closing full stop removed) and the rest streams on. A reply that opens
    otherwise passes through unchanged; one that is nothing but that line keeps it as its text."""

    def __init__(self) -> None:
        self.value = ""
        self._held = ""
        self._decided = False
        self._line = ""  # the short-answer line, for a reply that says nothing else
        self._passed = False  # whether any answer text was passed on after it

    def feed(self, delta: str) -> str:
        """What of ``delta`` (with anything held before it) is answer text to pass on now."""
        if self._decided:
            self._passed = self._passed or bool(delta.strip())
            return delta
        self._held += delta
        head = self._held.lstrip()
        label = _LABEL.match(head)
        if label is None:
            if _LABEL_TEXT.startswith(re.sub(r"[*_]", "", head).lower()):
                return ""  # it can still become the label
            self._decided = True
            return self._held
        line, newline, rest = head[label.end() :].partition("\n")
        if not newline and len(split_sentences(line)) < 2 and len(line) < _MAX_HELD:
            return ""  # the short answer is still coming
        self._decided, self._line = True, line.strip()
        tail, after = self._take(line), rest.lstrip()
        text = f"{tail}{newline}{after}" if tail else after
        self._passed = bool(text.strip())
        return text

    def close(self) -> str:
        """At the end of the reply: what is still held, or the short-answer line itself when nothing
        else was said (so the answer is not left empty)."""
        if not self._decided:
            self._decided = True
            head = self._held.lstrip()
            label = _LABEL.match(head)
            if label is None:  # a reply shorter than the label, and not it
                return self._held
            line = head[label.end() :]
            self._line = line.strip()
            if rest := self._take(line):
                return rest
        return "" if self._passed else self._line

    def _take(self, line: str) -> str:
        """Keep the line's first sentence as the short answer; return the rest of the line, less the
        markers that close that sentence ("Short answer: 1952. [1] Turkey joined ...")."""
        spans = split_sentences(line)
        first = line[: spans[0].end] if spans else line
        self.value = _plain(first)
        rest = line[len(first) :].lstrip()  # its end may be followed by the next delta's words
        return rest[marks.end() :].lstrip() if (marks := LEADING_MARKERS.match(rest)) else rest


def _plain(text: str) -> str:
    """A short answer as the model wrote it, without markers, emphasis, quotes and the full stop that
    closes it (an abbreviation keeps its own: "Washington, D.C.")."""
    marks = " \t\r*_\"'“”"
    plain = strip_markers(text).strip(marks)
    return plain if re.search(r"\.\w+\.$", plain) else plain.rstrip(".").strip(marks)


def checked_short_answer(question: str, answer: Answer, numbered: dict[int, Passage], proposed: str) -> str:
    """The model's short answer when the passages its answer cites hold every content word of it ("Yes"
    or "No" for a yes/no question); else one taken from the answer's first supported sentence, as the
    extractive back end takes it; "" when no sentence is supported."""
    supported = [s for s in answer.sentences if s.supported]
    if answer.abstained or not supported:
        return ""
    if proposed.lower() in {"yes", "no"} and asks_yes_or_no(question):
        return proposed.capitalize()
    cited = " ".join(numbered[m].text for m in markers_in(answer.answer) if m in numbered)
    terms = set(content_terms(proposed))
    if terms and terms <= set(content_terms(cited)):
        return proposed
    return short_answer(question, strip_markers(supported[0].text))


def with_citations(answer: Answer, numbered: dict[int, Passage]) -> Answer:
    """One citation per marker the answer uses, quoting the span that best supports it (the whole
    passage when no sentence citing it is supported)."""
    spans = {s.support.marker: s.support for s in answer.sentences if s.supported and s.support}
    markers = dict.fromkeys(m for s in answer.sentences for m in s.markers)
    citations = []
    for marker in markers:
        passage = numbered[marker]
        span = spans.get(marker)
        citations.append(
            Citation.in_passage(marker, passage, span.start, span.end, span.quote)
            if span
            else Citation.in_passage(marker, passage, passage.start, passage.end, passage.text)
        )
    cited = {numbered[m].chunk_id for m in markers}
    passages = [p.model_copy(update={"cited": p.chunk_id in cited}) for p in answer.passages]
    return answer.model_copy(update={"citations": citations, "passages": passages})


class GenerativeAnswerer:
    """Answers with a chat model; see the module docstring."""

    def __init__(self, name: str, llm: LLM, embeddings: Embeddings, settings: Settings, fallback: Answerer):
        self.name = name
        self.llm = llm
        self.embeddings = embeddings
        self.fallback = fallback
        self.max_tokens = settings.llm_max_tokens
        self.policy = settings.verification
        self.min_support = settings.min_support
        self.fallback_below = settings.fallback_below
        self.prompt = load_chat_prompt("answer", settings.llm_system_role)
        self.chain = self.prompt | llm.model | StrOutputParser()
        self.condense_prompt = load_chat_prompt("condense", settings.llm_system_role)
        self.condense_chain = self.condense_prompt | llm.model | StrOutputParser()

    def condense(self, question: str, history: Sequence[str | Exchange]) -> str:
        """The model's standalone rewrite of a follow-up question (see :mod:`rag.followup`)."""
        turns = self.recent_turns(question, history)
        with self._model_errors():
            return self.condense_chain.invoke({"question": question, "history": turns})

    def recent_turns(self, question: str, history: Sequence[str | Exchange]) -> str:
        """The conversation as the condense prompt shows it: the last :data:`CONDENSE_TURNS` turns, most
        recent first, for as long as they fit the model's context window beside the prompt with
        ``question`` and ``llm_max_tokens`` for the reply; a turn's answer, when known, after its
        question ("Assistant: ..."), and left out first. The question that does not fit whole keeps its
        end (where a pasted text's question is) in the room left; the turns before it are left out.

        Raises :class:`QuestionTooLongError` when ``question`` alone leaves no room.
        """
        count = self.llm.count_tokens
        window = self.llm.context_window
        room = room_left(self.condense_prompt, count, window, self.max_tokens, question=question, history="")
        lines: list[str] = []
        for turn in reversed(as_exchanges(history)[-CONDENSE_TURNS:]):
            line = f"User: {turn.question}"
            cost = count(line) + 1  # the line break
            if cost > room:
                kept = truncated(turn.question, room - count("User: ") - 1, count, keep_end=True)
                lines += [f"User: {kept}"] if kept else []
                break
            answered = f"Assistant: {' '.join(turn.answer.split())}" if turn.answer.strip() else ""
            if answered and cost + count(answered) + 1 <= room:
                lines.append(answered)  # most recent first: the answer before its question
                room -= count(answered) + 1
            lines.append(line)
            room -= cost
        return "\n".join(reversed(lines))

    @contextmanager
    def _model_errors(self) -> Iterator[None]:
        """The model's failures as the errors every front end reports cleanly."""
        try:
            yield
        except ModelError as error:
            # The server counted more tokens than our estimate, or has a smaller window than configured.
            if isinstance(error, ContextOverflowError) or _CONTEXT_EXCEEDED.search(str(error)):
                raise QuestionTooLongError(
                    f"question too long for the model's context window: {error}"
                ) from None
            raise BackendUnavailableError(
                f"backend '{self.name}' ({self.llm.endpoint}): {type(error).__name__}: {error}"
            ) from None

    def __call__(self, question: str, passages: list[Passage], context: str | None = None) -> Answer:
        *_, answer = self.stream(question, passages, context)
        assert isinstance(answer, Answer)
        return answer

    def stream(
        self, question: str, passages: list[Passage], context: str | None = None
    ) -> Iterator[str | Answer]:
        # A follow-up ("And what did the US suspend?") is asked as its standalone query: the model sees
        # no conversation, only this prompt.
        asked = context or question
        packed = pack_passages(
            self.prompt, asked, passages, self.llm.count_tokens, self.llm.context_window, self.max_tokens
        )
        if not packed:  # nothing retrieved: nothing to ask the model about
            yield NOT_FOUND
            yield Answer(
                question=question, answer=NOT_FOUND, abstained=True, passages=passages, backend=self.name
            )
            return
        parts: list[str] = []
        lead = ShortAnswerLine()
        with self._model_errors():
            for delta in self._generated({"question": asked, "passages": format_passages(packed)}):
                if text := lead.feed(delta):
                    parts.append(text)
                    yield text
        if text := lead.close():
            parts.append(text)
            yield text
        yield self.finish(question, passages, packed, "".join(parts), context, lead.value)

    def _generated(self, inputs: dict[str, str]) -> Iterator[str]:
        """The model's answer as it streams. A stream that ends before its first chunk (LangChain's
        "No generation chunks were returned") is asked again without streaming: llama-cpp-python's
        server ends one so when the prompt is over its context window, and answers the same request
        unstreamed with the error that says so."""
        started = False
        try:
            for delta in self.chain.stream(inputs):
                started = True
                yield delta
        except ValueError as error:
            if started or "No generation chunks" not in str(error):
                raise
            yield self.chain.invoke(inputs)

    def finish(
        self,
        question: str,
        passages: list[Passage],
        packed: list[Passage],
        text: str,
        context: str | None = None,
        short: str = "",
    ) -> Answer:
        """Verify the generated ``text`` (and the model's ``short`` answer) and apply the policy."""
        text = text.strip()
        if not text or is_abstention(text) or is_abstention(short):
            return Answer(
                question=question,
                answer=text if is_abstention(text) else NOT_FOUND,
                abstained=True,
                passages=passages,
                backend=self.name,
            )
        numbered = {p.rank: p for p in packed}
        draft = Answer(question=question, answer=text, abstained=False, passages=passages, backend=self.name)
        checked = verify_answer(draft, numbered, self.embeddings, self.min_support)
        rate = checked.supported_rate or 0.0
        if self.policy == "fallback" and rate < self.fallback_below:
            extractive = self.fallback(question, passages, context)
            return extractive.model_copy(
                update={
                    "fallback_from": self.name,
                    "supported_rate": checked.supported_rate,
                    "dropped_markers": checked.dropped_markers,
                }
            )
        if self.policy == "strip":
            kept = [s for s in checked.sentences if s.supported]
            if not kept:
                return checked.model_copy(
                    update={"answer": NOTHING_SUPPORTED, "abstained": True, "sentences": []}
                )
            checked = checked.model_copy(update={"answer": " ".join(s.text for s in kept), "sentences": kept})
        cited = with_citations(checked, numbered)
        brief = checked_short_answer(context or question, cited, numbered, short)  # what the model was asked
        return cited.model_copy(update={"short_answer": brief})

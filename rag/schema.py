"""The structured answer: what `rag ask --json`, the UI, the HTTP API and the evaluator all share."""

import numpy as np
from pydantic import BaseModel, Field, PrivateAttr

from index import sentence_vectors
from index.sentences import Span, split_sentences


class Passage(BaseModel):
    """A retrieved chunk, in retrieval order (its last sentence finished from its document when
    chunking cut it: ``rag.retrieval.finish_cut_sentences``)."""

    rank: int = Field(description="1-based position in the retrieval results.")
    chunk_id: str
    source: str = Field(description="Document path relative to the corpus root.")
    title: str
    page: int | None = Field(None, description="1-based page for paged formats (PDF).")
    start: int = Field(description="Start offset of the chunk in the normalised document text.")
    end: int = Field(description="End offset (exclusive).")
    score: float = Field(description="Retrieval relevance; higher is better.")
    text: str
    cited: bool = Field(False, description="Whether the answer cites this passage.")
    _sentence_vectors: dict[tuple[int, int], np.ndarray] = PrivateAttr(default_factory=dict)
    _chunk_length: int | None = PrivateAttr(default=None)
    _page_breaks: tuple[int, ...] = PrivateAttr(default=())

    def __eq__(self, other: object) -> bool:
        """Passages are equal by their fields. Pydantic's own comparison also compares the private
        sentence vectors, and numpy arrays have no truth value ("ambiguous")."""
        return isinstance(other, Passage) and self.__dict__ == other.__dict__

    def with_index_data(self, metadata: dict[str, object]) -> "Passage":
        """Keep what the index stored with this chunk (never serialised): its sentence vectors (see
        :mod:`index.sentence_vectors`), where the chunk's own text ends in a finished passage (metadata
        ``chunk_end``), and the document offsets inside it where a new page starts (``page_breaks``)."""
        if breaks := str(metadata.get("page_breaks") or ""):
            self._page_breaks = tuple(int(offset) for offset in breaks.split(","))
        if (packed := sentence_vectors.unpack(metadata)) is not None:
            self._sentence_vectors = dict(zip(packed[0], packed[1], strict=True))
        if (chunk_end := metadata.get("chunk_end")) is not None:
            self._chunk_length = int(str(chunk_end)) - self.start
            own, finish = self._split()
            if (
                own
                and finish
                and (cut := self._sentence_vectors.get((own[-1].start, own[-1].end))) is not None
            ):
                # The words that finish the cut sentence share its first part's vector: embedding them
                # on every query would cost more (~20 ms) than it tells apart.
                self._sentence_vectors[(finish.start, finish.end)] = cut
        return self

    def _split(self) -> tuple[list[Span], Span | None]:
        """The chunk's own sentences, split as at ingest (so that their stored vectors match), and the
        words that finished its cut last sentence, if any."""
        own = len(self.text) if self._chunk_length is None else self._chunk_length
        spans, added = split_sentences(self.text[:own]), self.text[own:]
        if not added.strip():
            return spans, None
        return spans, Span(own + len(added) - len(added.lstrip()), len(self.text.rstrip()))

    def page_at(self, offset: int) -> int | None:
        """The page holding document offset ``offset`` of this passage (``page`` is where it starts)."""
        if self.page is None:
            return None
        return self.page + sum(1 for start in self._page_breaks if start <= offset)

    def sentences(self) -> list[Span]:
        """The passage's sentences: the chunk's, then the words that finished its cut last sentence,
        as one more."""
        own, finish = self._split()
        return [*own, finish] if finish else own

    def sentence_vector(self, start: int, end: int) -> np.ndarray | None:
        """The stored vector of the sentence at ``text[start:end]``, if the index has one."""
        return self._sentence_vectors.get((start, end))


class Citation(BaseModel):
    """One [n] marker of the answer and the exact text it points at."""

    marker: int = Field(description="The n of [n] in the answer text.")
    chunk_id: str
    source: str
    title: str
    page: int | None = None
    start: int = Field(description="Start offset of the quote in the normalised document text.")
    end: int = Field(description="End offset (exclusive); document_text[start:end] == quote.")
    quote: str

    @classmethod
    def in_passage(cls, marker: int, passage: "Passage", start: int, end: int, quote: str) -> "Citation":
        """The citation [marker] of the span ``start:end`` (document offsets) of ``passage``."""
        return cls(
            marker=marker,
            chunk_id=passage.chunk_id,
            source=passage.source,
            title=passage.title,
            page=passage.page_at(start),
            start=start,
            end=end,
            quote=quote,
        )


class SupportSpan(BaseModel):
    """The span of a cited passage that best supports an answer sentence."""

    marker: int = Field(description="The [n] of the cited passage the span lies in.")
    chunk_id: str
    source: str
    start: int = Field(description="Start offset of the quote in the normalised document text.")
    end: int = Field(description="End offset (exclusive); document_text[start:end] == quote.")
    quote: str


class AnswerSentence(BaseModel):
    """One sentence of the answer and how well the passages it cites support it."""

    text: str = Field(description="The sentence as it appears in the answer, markers included.")
    markers: list[int] = Field(default_factory=list, description="Its [n] markers (valid ones only).")
    supported: bool = Field(description="Whether a cited passage states what the sentence says.")
    score: float = Field(description="Support score in [0, 1]; 'supported' is score >= min_support.")
    support: SupportSpan | None = Field(None, description="Best supporting span among the cited passages.")


class Answer(BaseModel):
    """An answer with its citations and the passages it was drawn from."""

    question: str
    answer: str = Field(description="Answer text with [n] citation markers.")
    short_answer: str = Field(
        "",
        description="Just the span that answers (a name, number, date, list, yes or no); empty when "
        "abstaining or when no span of the answer stands out.",
    )
    abstained: bool = Field(description="True when the corpus holds nothing relevant enough.")
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    backend: str = "extractive"
    retrieval_query: str = Field("", description="The query retrieval ran with (follow-ups expanded).")
    sentences: list[AnswerSentence] = Field(
        default_factory=list, description="The answer sentence by sentence, with citation verification."
    )
    dropped_markers: list[int] = Field(
        default_factory=list, description="[n] markers removed because no retrieved passage has that number."
    )
    supported_rate: float | None = Field(
        None, description="Share of generated sentences supported, before the verification policy applied."
    )
    fallback_from: str | None = Field(
        None, description="The generative back end whose answer was replaced by the extractive one."
    )
    relevance: float | None = Field(
        None,
        description="The best answer sentence's score against the question, also when abstaining "
        "(extractive answers): below min_relevance the answerer declines.",
    )
    similarity: float | None = Field(
        None,
        description="That sentence's embedding similarity to the question: below min_similarity the "
        "answerer declines.",
    )

    def said(self) -> str:
        """What the answer told, as a follow-up may refer to it: its short answer, else its text; ""
        when it declined."""
        return "" if self.abstained else (self.short_answer or self.answer)

    def citations_by_marker(self) -> list[list[Citation]]:
        """The citations grouped by their [n], in marker order: two quotes of one passage share it."""
        grouped: dict[int, list[Citation]] = {}
        for citation in sorted(self.citations, key=lambda c: c.marker):
            grouped.setdefault(citation.marker, []).append(citation)
        return list(grouped.values())

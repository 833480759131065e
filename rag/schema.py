"""The structured answer: what `rag ask --json`, the UI, the HTTP API and the evaluator all share."""

from pydantic import BaseModel, Field


class Passage(BaseModel):
    """A retrieved chunk, in retrieval order."""

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


class Answer(BaseModel):
    """An answer with its citations and the passages it was drawn from."""

    question: str
    answer: str = Field(description="Answer text with [n] citation markers.")
    short_answer: str = Field(
        "", description="Just the span that answers (a name, number, date, list); empty when abstaining."
    )
    abstained: bool = Field(description="True when the corpus holds nothing relevant enough.")
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    backend: str = "extractive"
    retrieval_query: str = Field("", description="The query retrieval ran with (follow-ups expanded).")

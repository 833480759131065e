"""The LCEL answer chain: ``{question, query, k, where} -> retrieve -> answer -> Answer``."""

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableGenerator, RunnableLambda, RunnablePassthrough

from rag.rerank import SentenceRerankRetriever
from rag.retrieval import to_passages
from rag.schema import Answer, Passage


class Answerer(Protocol):
    """An answer back end: answers a question from ranked passages, at once or streaming."""

    name: str

    def __call__(self, question: str, passages: list[Passage], context: str | None = None) -> Answer:
        """``context``: the standalone query of a follow-up (the conversation it leans on), or None."""
        ...

    def stream(
        self, question: str, passages: list[Passage], context: str | None = None
    ) -> Iterator[str | Answer]:
        """Text deltas as they are produced, then the final :class:`Answer`."""
        ...


Finisher = Callable[[list[Document]], list[Document]]
"""A last step on the retrieved chunks (``rag.retrieval.finish_cut_sentences``)."""


def _asked(inputs: dict[str, Any]) -> str:
    """What the message asks: its closing question when it tells something first, else all of it."""
    return inputs.get("asked") or inputs["question"]


def _retrieval_step(
    retriever: BaseRetriever, finish: Finisher | None
) -> Runnable[dict[str, Any], dict[str, Any]]:
    """Adds ``passages``: retrieval runs on ``query`` (the question, or its standalone form for a
    follow-up) with the request's ``k`` and ``where``, keeping passages scoring ``min_score`` or more,
    then ``finish`` is applied. A reranker ranks a follow-up's candidates by the question itself: the
    conversation says where to look, the question what to pick; but what the same message ``told``
    before its question is part of what it asks ("I've lost my Calderbrook card. Will I have to pay
    for another one?")."""

    def retrieve(inputs: dict[str, Any]) -> list[Passage]:
        asked = _asked(inputs)
        query = inputs.get("query") or asked
        options: dict[str, Any] = {"k": inputs.get("k"), "where": inputs.get("where")}
        if query != asked and not inputs.get("told") and isinstance(retriever, SentenceRerankRetriever):
            options["focus"] = asked
        documents = retriever.invoke(query, **options)
        floor = inputs.get("min_score")
        if floor is not None:
            documents = [d for d in documents if d.metadata.get("score", 0.0) >= floor]
        return to_passages(finish(documents) if finish else documents)

    return RunnablePassthrough.assign(passages=RunnableLambda(retrieve))


def _context(inputs: dict[str, Any]) -> str | None:
    """A follow-up's standalone query: what "it" or "and ..." in the question refers to."""
    query = inputs.get("query")
    return query if query and query != _asked(inputs) else None


def _with_query(answer: Answer, inputs: dict[str, Any]) -> Answer:
    """The answer to the question as typed, with the query retrieval ran with (a follow-up's standalone
    form, misspelt words corrected)."""
    query = inputs.get("query") or _asked(inputs)
    typed = inputs.get("typed") or answer.question
    return answer.model_copy(update={"question": typed, "retrieval_query": query})


def build_chain(
    retriever: BaseRetriever, answerer: Answerer, finish: Finisher | None = None
) -> Runnable[dict[str, Any], Answer]:
    """``{question, query?, k?, where?} -> Answer``."""
    return _retrieval_step(retriever, finish) | RunnableLambda(
        lambda inputs: _with_query(
            answerer(inputs["question"], inputs["passages"], context=_context(inputs)), inputs
        )
    )


def build_stream_chain(
    retriever: BaseRetriever, answerer: Answerer, finish: Finisher | None = None
) -> Runnable[dict[str, Any], str | Answer]:
    """Same input; ``.stream()`` yields text deltas, then the final :class:`Answer`."""

    def generate(chunks: Iterator[dict[str, Any]]) -> Iterator[str | Answer]:
        inputs: dict[str, Any] = {}
        for chunk in chunks:  # a streamed ``assign`` arrives as partial dicts
            inputs.update(chunk)
        for event in answerer.stream(inputs["question"], inputs["passages"], context=_context(inputs)):
            yield _with_query(event, inputs) if isinstance(event, Answer) else event

    return _retrieval_step(retriever, finish) | RunnableGenerator(generate)

"""The LCEL answer chain: ``{question, query, k, where} -> retrieve -> answer -> Answer``."""

from collections.abc import Callable
from typing import Any

from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from rag.retrieval import to_passages
from rag.schema import Answer, Passage

Answerer = Callable[[str, list[Passage]], Answer]


def build_chain(retriever: BaseRetriever, answerer: Answerer) -> Runnable[dict[str, Any], Answer]:
    """Retrieve with ``query`` (the question, or its expansion for a follow-up), answer ``question``.

    Input keys: ``question`` (required), ``query`` (defaults to the question), ``k`` and ``where``
    (optional, per request).
    """

    def retrieve(inputs: dict[str, Any]) -> list[Any]:
        query = inputs.get("query") or inputs["question"]
        return retriever.invoke(query, k=inputs.get("k"), where=inputs.get("where"))

    def answer(inputs: dict[str, Any]) -> Answer:
        result = answerer(inputs["question"], to_passages(inputs["documents"]))
        return result.model_copy(update={"retrieval_query": inputs.get("query") or inputs["question"]})

    return RunnablePassthrough.assign(documents=RunnableLambda(retrieve)) | RunnableLambda(answer)

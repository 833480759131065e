"""Hybrid retrieval on a real store: BM25 kept in sync with Chroma, fusion, diversity, filters."""

from pathlib import Path

import pytest
from langchain_core.documents import Document

from index.bm25 import BM25Index, ChunkTokens
from rag.filters import FilterError, build_where
from rag.retrieval import diversify, document_source
from rag.scoring import coverage
from rag.service import CorpusChat

ARTICLES = {
    "ferries.md": "---\ntitle: Island ferries\nsource: Harbour Gazette\npublished_at: 2023-05-02\n"
    'edition: "2"\n---\n'
    "The ferry to Bozcaada leaves Geyikli at nine in the morning. Tickets cost forty lira.\n",
    "bakery.md": "---\ntitle: The old bakery\nsource: Town Weekly\npublished_at: 2023-11-20\n---\n"
    "The bakery on Kale Street sells simit from six. Its owner, Selin Aksoy, opened it in 1998.\n",
    "museum.md": "---\ntitle: Museum hours\nsource: Town Weekly\npublished_at: 2024-01-15\n---\n"
    "The town museum is closed on Mondays and opens at ten on other days.\n",
}


@pytest.fixture
def engine(engine_over) -> CorpusChat:
    return engine_over(ARTICLES)


def sources(documents: list[Document]) -> list[str]:
    return [str(d.metadata["source"]) for d in documents]


def test_bm25_follows_ingest_and_deletion(engine: CorpusChat, tmp_path: Path) -> None:
    assert sorted(engine.bm25.ids) == sorted(cid for cid, _, _ in engine.store.all_chunks())
    (tmp_path / "corpus" / "harbour.md").write_text("# Harbour\n\nThe lighthouse keeper is Deniz Kaya.\n")
    engine.ingest()
    assert sources(engine.retriever.invoke("lighthouse keeper", k=1)) == ["harbour.md"]
    engine.delete_document("harbour.md")
    assert all(s != "harbour.md" for s in sources(engine.retriever.invoke("lighthouse keeper", k=3)))


def test_bm25_rebuild_reads_only_new_chunks_and_scores_as_a_full_build(
    engine: CorpusChat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    chunks_by_id = engine.store.chunks_by_id

    def recording(chunk_ids: list[str]):  # the real read, with the ids it was asked for noted
        read.extend(chunk_ids)
        return chunks_by_id(chunk_ids)

    monkeypatch.setattr(engine.store, "chunks_by_id", recording)
    (tmp_path / "corpus" / "harbour.md").write_text("# Harbour\n\nThe lighthouse keeper is Deniz Kaya.\n")
    engine.ingest()
    assert read and set(read) == {
        cid for cid, _, m in engine.store.all_chunks() if m["source"] == "harbour.md"
    }
    engine.delete_document("museum.md")
    full = BM25Index.build(engine.store, tmp_path / "full", engine.settings.index_header)
    assert sorted(engine.bm25.ids) == sorted(full.ids)
    for query in ("lighthouse keeper Deniz", "ferry tickets", "simit on Kale Street", "museum Mondays"):
        incremental = dict(engine.bm25.search(query, 5))
        assert incremental.keys() == dict(full.search(query, 5)).keys()
        assert list(incremental.values()) == pytest.approx([s for _, s in full.search(query, 5)])
    # The deleted document's words left the vocabulary with it.
    vocabulary = ChunkTokens.load(engine.bm25.folder, engine.bm25.ids).vocab
    assert "keeper" in vocabulary and "museum" not in vocabulary


def test_stale_bm25_index_is_rebuilt_when_opened(engine: CorpusChat) -> None:
    engine.store.delete_document("museum.md")  # behind the engine's back, as another process would
    reopened = CorpusChat(engine.settings)
    reopened.__dict__["embeddings"] = engine.embeddings
    assert len(reopened.bm25.ids) == len(engine.bm25.ids) - 1


def test_exact_names_are_found_through_bm25_and_the_header(engine: CorpusChat) -> None:
    assert sources(engine.retriever.invoke("Selin Aksoy", k=1)) == ["bakery.md"]
    # "Harbour Gazette" appears only in the front matter, which is indexed with the chunks
    assert sources(engine.retriever.invoke("What did the Harbour Gazette report?", k=1)) == ["ferries.md"]


def test_where_filters_by_source_and_date(engine: CorpusChat) -> None:
    only_bakery = engine.retriever.invoke("opening hours", k=3, where=build_where(["source=bakery.md"]))
    assert sources(only_bakery) == ["bakery.md"]
    late_2023 = build_where(after="2023-06-01", before="2023-12-31")
    assert sources(engine.retriever.invoke("opening hours", k=3, where=late_2023)) == ["bakery.md"]
    # a quoted number in front matter is a string; the command line cannot tell, so both match
    assert sources(engine.retriever.invoke("ferry", k=3, where=build_where(["edition=2"]))) == ["ferries.md"]
    assert engine.store.matches(build_where(["source=bakery.md"]))
    assert not engine.store.matches(build_where(["source=Bakery.md"]))
    by_publisher = build_where(["doc_source=Town Weekly"])
    assert sorted(sources(engine.retriever.invoke("town", k=3, where=by_publisher))) == [
        "bakery.md",
        "museum.md",
    ]


def test_where_keeps_any_of_several_sources(engine: CorpusChat) -> None:
    """The web app's document filter: a passage of any one of the documents picked."""
    two = build_where(sources=["ferries.md", "museum.md"])
    assert sorted(sources(engine.retriever.invoke("town", k=3, where=two))) == ["ferries.md", "museum.md"]
    dated = build_where(after="2023-06-01", sources=["ferries.md", "museum.md"])
    assert sources(engine.retriever.invoke("town", k=3, where=dated)) == ["museum.md"]
    assert not engine.store.matches(build_where(before="2023-06-01", sources=["museum.md"]))
    assert build_where(sources=[]) is None


def test_min_score_drops_weak_passages(engine: CorpusChat) -> None:
    answer = engine.ask("When does the ferry leave?", k=3, min_score=0.99)
    assert all(p.score >= 0.99 for p in answer.passages)
    assert len(engine.ask("When does the ferry leave?", k=3).passages) == 3


def test_filters_reject_malformed_input() -> None:
    with pytest.raises(FilterError, match="KEY=VALUE"):
        build_where(["source"])
    with pytest.raises(FilterError, match="YYYY-MM-DD"):
        build_where(after="last week")
    with pytest.raises(FilterError, match="--after 2021-01-01 is later than --before 2020-12-31"):
        build_where(after="2021-01-01", before="2020-12-31")
    assert build_where(after="2021-01-01", before="2021-01-01") is not None  # that whole day
    assert build_where() is None
    assert build_where(["page=2", "draft=false", "source=a.md"]) == {
        "$and": [
            {"$or": [{"page": 2}, {"page": "2"}]},
            {"$or": [{"draft": False}, {"draft": "false"}]},
            {"source": "a.md"},
        ]
    }


def test_diversify_prefers_new_documents_but_fills_up() -> None:
    docs = [Document(page_content=str(i), metadata={"source": s}) for i, s in enumerate("aaabca")]
    assert [d.page_content for d in diversify(docs, 3, 1, document_source)] == ["0", "3", "4"]
    assert [d.page_content for d in diversify(docs, 5, 1, document_source)] == ["0", "3", "4", "1", "2"]
    assert [d.page_content for d in diversify(docs, 4, 0, document_source)] == ["0", "1", "2", "3"]


def test_diversify_lets_a_far_better_passage_of_the_same_document_go_first() -> None:
    """The question is about document a: its second passage (0.72) is not pushed behind b's (0.29);
    c's (0.65) is close enough to a's second passage to go before it."""
    scores = {"a1": 0.9, "c": 0.65, "a2": 0.72, "b": 0.29, "d": 0.2}
    docs = [Document(page_content=n, metadata={"source": n[0]}) for n in ["a1", "a2", "c", "b", "d"]]

    def order(ratio: float) -> list[str]:
        kept = diversify(docs, 4, 1, document_source, lambda d: scores[d.page_content], ratio)
        return [d.page_content for d in kept]

    assert order(0.8) == ["a1", "c", "a2", "b"]
    assert order(0.0) == ["a1", "c", "b", "d"]  # max_per_source strictly


def test_a_documents_second_passage_reaches_the_answer_past_other_documents(engine_over) -> None:
    """One passage per document first, but the harbour's second passage, which answers, is still
    reranked and kept ahead of unrelated documents."""
    files = {
        "harbour.md": "The harbour of Geyikli has a long breakwater and a fish market by the quay. "
        "The harbour office sells tickets for the ferry and the boat tours.\n\n"
        "The ferry to Bozcaada leaves the harbour every morning at seven o'clock, "
        "and in summer also at noon.\n",
        "bakery.md": "The bakery on the square sells bread and simit every morning.\n",
        "school.md": "The village school has two classrooms and a garden.\n",
        "museum.md": "The museum shows Trojan pottery found in the fields.\n",
    }
    engine = engine_over(files, chunk_size=200, chunk_overlap=0, rerank_depth=2, top_k=2)
    answer = engine.ask("When does the ferry to Bozcaada leave the harbour?")
    assert [p.source for p in answer.passages] == ["harbour.md", "harbour.md"]
    assert "seven o'clock" in answer.citations[0].quote


LONG_SENTENCE = (
    "The harbour master told the town council on Monday that the new breakwater would shelter the "
    "fishing fleet through the winter storms and that the ferry to Bozcaada would in future leave "
    "Geyikli from the new pier at the northern end of the harbour where the water is deeper and calmer "
    "so that the crossing could go on even in rough weather. The council approved the plan."
)


@pytest.mark.parametrize("finish", [120, 0])
def test_a_chunk_cut_mid_sentence_is_finished_from_its_document(
    make_engine, tmp_path: Path, finish: int
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "harbour.txt").write_text(LONG_SENTENCE, encoding="utf-8")
    engine = make_engine(chunk_size=150, chunk_overlap=60, finish_sentences=finish, top_k=5)
    engine.ingest()
    document = engine.document_text("harbour.txt")
    assert document is not None
    chunks = {meta["start"]: meta["end"] for _, _, meta in engine.store.all_chunks()}
    passages = engine.ask("Where will the ferry to Bozcaada leave from?").passages
    assert passages
    for passage in passages:
        chunk_end = chunks[passage.start]
        assert document[passage.start : passage.end] == passage.text  # citations resolve as before
        if finish:  # on to the end of the sentence, as far as the reach goes, or to the next chunk's end
            assert chunk_end <= passage.end <= chunk_end + finish
            next_ends = set(chunks.values()) - {chunk_end}
            assert (
                passage.text.endswith(".")
                or passage.end - chunk_end > finish - 20
                or passage.end in next_ends
            )
            assert passage.end == len(document) or document[passage.end] == " "
        else:
            assert passage.end == chunk_end
    assert any(p.end > chunks[p.start] for p in passages) == bool(finish)


def test_command_line_options_are_words_to_bm25(engine: CorpusChat, tmp_path: Path) -> None:
    """ "-n" is the whole question here: without it, the page that says "option" most would win."""
    (tmp_path / "corpus" / "grep.md").write_text(
        "# grep\n\nThe -i option makes grep ignore case. This option is the option people use most.\n"
    )
    (tmp_path / "corpus" / "sed.md").write_text(
        "# sed\n\nThe -n option makes sed print nothing by default.\n"
    )
    engine.ingest()
    ((best, _),) = engine.bm25.search("What does the -n option do?", 1)
    ((_, _, metadata),) = engine.store.chunks_by_id([best])
    assert metadata["source"] == "sed.md"


def test_command_line_options_are_words_to_the_sentence_scorer() -> None:
    """The sentence that documents "-i" matches the question about it; "-I" is another option."""
    question = "What does the -i option of grep do?"
    documented, other, upper = coverage(
        question,
        ["-i, --ignore-case: ignore case distinctions.", "grep reads files.", "-I: skip binary files."],
    )
    assert documented >= other > 0
    assert upper == 0


def test_a_documents_title_counts_for_its_sentences_that_say_more_of_the_question() -> None:
    """The question's words that name the document (its title) count for the sentence that gives the
    rent, which then outscores the address line repeating them; not for one that says nothing else
    of the question."""
    title = "Tenancy Agreement for 14 Rowan Terrace"
    address, rent, deposit = coverage(
        "How much is the rent for 14 Rowan Terrace?",
        ["The Property: 14 Rowan Terrace, Leeds.", "The rent is £950 a month.", "The deposit is held."],
        [title] * 3,
    )
    assert rent > address > deposit == 0


def test_the_reranker_credits_a_passage_with_its_documents_title_as_the_answerer_does(engine_over) -> None:
    """The passage that says what the question asks ranks first, by the names its document's title
    gives, above the one that only repeats the names."""
    files = {
        "wedding.md": "# Anika and Tom's wedding: running order\n\n"
        "Anika and Tom's wedding day begins at the Ravensby Arms, and the guests of Anika and Tom "
        "gather on the lawn at noon for the wedding.\n\n"
        "The photographer is Becca Ward of Lumen and Lace, from eleven o'clock until the first dance.\n",
        "bakery.md": "# The bakery\n\nThe bakery on the square sells bread and simit every morning.\n",
    }
    engine = engine_over(files, chunk_size=180, chunk_overlap=0, top_k=2)
    answer = engine.ask("Who is the photographer at Anika and Tom's wedding?")
    assert "Becca Ward" in answer.passages[0].text


def test_a_citation_gives_the_page_its_quote_is_on(make_engine, tmp_path: Path) -> None:
    """One chunk holds both short pages: the quote from the second says page 2, not the chunk's 1."""
    from tests.index.test_loaders import write_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "glacier.pdf", ["The glacier survey began in May.", "The team counted 214 crevasses."])
    engine = make_engine()
    engine.ingest()
    answer = engine.ask("How many crevasses did the team count?")
    (passage,) = [p for p in answer.passages if p.source == "glacier.pdf"]
    assert passage.page == 1 and "began in May" in passage.text
    (citation,) = answer.citations
    assert "214 crevasses" in citation.quote and citation.page == 2


def test_what_a_message_tells_before_its_question_ranks_passages_with_it(engine_over) -> None:
    """ "Will I have to pay for another one?" names nothing: the sentence before it says what it is
    about, and passages are ranked by both, not by the closing question alone."""
    engine = engine_over(
        {
            "museum.md": "# Calderbrook Museum membership\n\nA lost membership card is replaced free "
            "the first time. After that each new card costs £3.\n",
            "gym.md": "# Gym classes\n\nIf you miss a booked class, you will have to pay for another "
            "one. Each class costs £8.\n",
        },
        max_per_source=0,
    )
    answer = engine.ask(
        "I've mislaid my Calderbrook membership card again. Will I have to pay for another one?"
    )
    assert answer.retrieval_query.startswith("I've mislaid my Calderbrook membership card again.")
    assert answer.passages[0].source == "museum.md"

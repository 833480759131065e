"""Sentence vectors pooled at ingest: stored with each chunk, used by the reranker, upgraded on re-ingest."""

from pathlib import Path

import numpy as np

from index import sentence_vectors
from index.embeddings import embed_passages
from index.sentences import is_cut, split_sentences
from rag.candidates import Candidate, candidates_from
from rag.extractive import ExtractiveAnswerer
from rag.retrieval import to_passages
from tests.conftest import ARTICLE


def test_pack_round_trip_keeps_vectors_within_quantisation_error() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(3, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    spans = [(0, 10), (11, 40), (41, 90)]
    unpacked = sentence_vectors.unpack(sentence_vectors.pack(spans, vectors))
    assert unpacked is not None
    got_spans, got = unpacked
    assert got_spans == spans
    assert np.min(np.sum(got * vectors, axis=1)) > 0.9998
    assert sentence_vectors.unpack({"title": "no vectors"}) is None


def test_pool_spans_skips_special_tokens_and_marks_cut_spans() -> None:
    tokens = np.array([[9.0, 9.0], [1.0, 0.0], [0.0, 1.0], [9.0, 9.0]])
    offsets = [(0, 0), (0, 5), (6, 11), (0, 0)]  # [CLS] hello world [SEP]
    first, both, cut = sentence_vectors.pool_spans(tokens, offsets, [(0, 5), (0, 11), (20, 30)])
    assert np.allclose(first, [1.0, 0.0])
    assert np.allclose(both, [2**-0.5, 2**-0.5])
    assert cut is None


def test_pooled_passage_vector_is_the_models_own_and_sentences_resemble_their_text(embeddings) -> None:
    text = "Turkey bought the S-400 from Russia. The United States suspended the F-35 deliveries."
    spans = [(s.start, s.end) for s in split_sentences(text)]
    [passage] = embed_passages(embeddings, [text], [spans])
    assert np.allclose(passage.vector, embeddings.embed_documents([text])[0], atol=1e-5)
    assert embed_passages(embeddings, [], []) == []
    assert passage.sentences is not None and passage.sentences.shape == (2, 384)
    alone = np.asarray(embeddings.embed_documents([text[a:b] for a, b in spans]))
    similarity = passage.sentences @ alone.T
    # Each pooled sentence vector is closest to its own sentence encoded alone.
    assert list(similarity.argmax(axis=1)) == [0, 1]
    assert np.all(np.diag(similarity) > 0.7)


def test_pieces_of_unpunctuated_text_are_encoded_on_their_own(embeddings) -> None:
    text = ARTICLE.read_text(encoding="utf-8")[:700]
    spans = [(s.start, s.end) for s in split_sentences(text)]
    assert len(spans) > 2 and all(is_cut(text, a, b) for a, b in spans[:-1])
    [passage] = embed_passages(embeddings, [text], [spans])
    alone = np.asarray(embeddings.embed_documents([text[a:b] for a, b in spans]))
    assert passage.sentences is not None
    assert np.all(np.sum(passage.sentences * alone, axis=1) > 0.999)


def test_pieces_of_a_long_punctuated_sentence_stay_pooled(embeddings) -> None:
    long_sentence = " ".join(["Turkey bought the S-400 air defence system from Russia despite warnings"] * 5)
    text = f"{long_sentence}. The United States suspended the F-35 deliveries."
    spans = [(s.start, s.end) for s in split_sentences(text)]
    assert len(spans) > 2 and is_cut(text, *spans[0])
    [passage] = embed_passages(embeddings, [text], [spans])
    alone = np.asarray(embeddings.embed_documents([text[a:b] for a, b in spans]))
    assert passage.sentences is not None
    # Pooled in the one forward pass over the text, so not the piece's vector encoded alone.
    assert np.all(np.sum(passage.sentences * alone, axis=1) < 0.999)


def test_ingest_stores_sentence_spans_and_vectors_with_every_chunk(make_engine, corpus_copy: Path) -> None:
    engine = make_engine()
    engine.ingest()
    rows = engine.store.chunks.get(include=["documents", "metadatas"])
    for text, meta in zip(rows["documents"], rows["metadatas"], strict=True):
        unpacked = sentence_vectors.unpack(meta)
        assert unpacked is not None
        spans, vectors = unpacked
        assert [text[a:b] for a, b in spans] == [text[s.start : s.end] for s in split_sentences(text)]
        assert vectors.shape == (len(spans), 384)


def test_reranker_scores_stored_sentences_without_embedding_them(make_engine, corpus_copy: Path) -> None:
    engine = make_engine()
    engine.ingest()
    counting = engine.embeddings
    counting.documents_embedded = 0
    documents = engine.retriever.invoke("Which bases did Erdogan threaten to close?")
    assert documents and "Incirlik" in " ".join(d.page_content for d in documents)
    assert counting.documents_embedded == 0


def test_extractive_answer_embeds_only_sentences_the_index_has_no_vector_for(
    make_engine, corpus_copy: Path
) -> None:
    (corpus_copy / "note.md").write_text("# Note\n\nThe summit took place in Brussels. It lasted two days.\n")
    engine = make_engine()
    engine.ingest()
    question = "Where did the summit take place?"
    passages = to_passages(engine.retriever.invoke(question))
    counting = engine.embeddings
    counting.documents_embedded = 0
    answer = ExtractiveAnswerer(counting)(question, passages)
    assert "Brussels" in answer.answer
    candidates = candidates_from(passages)
    unknown = [c for c in candidates if c.passage.sentence_vector(*_local(c)) is None]
    # Only the bridges across the unpunctuated article's cuts (see rag.candidates) lack a stored vector.
    assert all(c.passage.source == "turkey_s400_nato.txt" for c in unknown)
    assert any(c.passage.source == "note.md" for c in candidates)
    assert counting.documents_embedded == len(unknown) < len(candidates)


def _local(candidate: Candidate) -> tuple[int, int]:
    return candidate.start - candidate.passage.start, candidate.end - candidate.passage.start

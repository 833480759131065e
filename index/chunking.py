"""Sentence-aware chunking that records where every chunk sits in its document."""

from dataclasses import dataclass

from index.sentences import DEFAULT_MAX_SENTENCE_CHARS, Span, split_sentences


@dataclass(frozen=True, slots=True)
class Chunk:
    """A slice of a document's normalised text: ``text == document_text[start:end]``."""

    index: int
    start: int
    end: int
    text: str


def chunk_text(text: str, size: int, overlap: int) -> list[Chunk]:
    """Pack whole sentences into chunks of at most ``size`` characters.

    Consecutive chunks share the trailing sentences worth up to ``overlap`` characters, and at least the
    last sentence when ``overlap > 0``, so a fact that straddles a boundary is still whole in one chunk.
    Over-long sentences (unpunctuated text) are cut at word boundaries by the sentence splitter.
    """
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError(f"chunk size must be > 0 and 0 <= overlap < size (got {size}/{overlap})")
    # Pieces of at most half a chunk, so a chunk can always repeat the previous piece as overlap.
    sentences = split_sentences(text, max_chars=min(size // 2, DEFAULT_MAX_SENTENCE_CHARS))
    groups: list[list[Span]] = []
    current: list[Span] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > size:
            groups.append(current)
            current = _overlap_tail(current, overlap, sentence, size)
        current.append(sentence)
    if current:
        groups.append(current)
    return [
        Chunk(index=i, start=g[0].start, end=g[-1].end, text=text[g[0].start : g[-1].end])
        for i, g in enumerate(groups)
    ]


def _overlap_tail(group: list[Span], overlap: int, following: Span, size: int) -> list[Span]:
    """The trailing sentences of ``group`` to repeat before ``following``: those within ``overlap``
    characters, at least one, and never so many that ``following`` no longer fits."""
    if overlap == 0:
        return []
    tail: list[Span] = []
    for sentence in reversed(group[1:]):
        too_long = bool(tail) and group[-1].end - sentence.start > overlap
        if too_long or following.end - sentence.start > size:
            break
        tail.insert(0, sentence)
    return tail


def recursive_chunks(text: str, size: int, overlap: int) -> list[Chunk]:
    """LangChain's ``RecursiveCharacterTextSplitter`` (the tutorial set-up), with offsets.

    Used by the ``baseline`` profile so that comparisons run against what most RAG tutorials build.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=size, chunk_overlap=overlap, add_start_index=True)
    chunks: list[Chunk] = []
    for document in splitter.create_documents([text]):
        start = int(document.metadata["start_index"])
        if start < 0:  # the splitter could not locate the piece (should not happen): find it
            start = text.find(document.page_content)
        chunk = document.page_content
        chunks.append(Chunk(index=len(chunks), start=start, end=start + len(chunk), text=chunk))
    return chunks

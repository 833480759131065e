"""Incremental ingest: mirror a folder into the store, embedding only what changed.

Unchanged files (same SHA-256) cost no embedding work; changed files are replaced; files that
disappeared are pruned. Each document is embedded completely before anything of it is written, so an
ingest that fails or is killed leaves every document either at its old version or its new one.
"""

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from langchain_core.embeddings import Embeddings

from index import sentence_vectors
from index.chunking import Chunk, chunk_text, recursive_chunks
from index.embeddings import embed_passages
from index.ids import chunk_id_for
from index.loaders import SUPPORTED_SUFFIXES, LoadedDocument, LoadError, load_document
from index.memory import release_free_memory
from index.metadata import document_header, document_metadata
from index.sentence_vectors import Span
from index.sentences import split_sentences
from index.store import ChunkRecord, ChunkStore, DocumentRecord, Metadata

ProgressCallback = Callable[[int, int, str], None]
"""Called as ``(files_done, files_total, what)`` while ingesting: ``what`` is "reading <path>" or
"embedding <n> chunks", and empty once everything is written."""


@dataclass(frozen=True)
class ChunkingOptions:
    """How documents are cut and what text is embedded for each chunk."""

    size: int = 800
    overlap: int = 120
    index_header: bool = True
    splitter: str = "sentence"


@dataclass
class IngestReport:
    """What an ingest did; ``failed`` holds one line per file that could not be ingested, ``warnings``
    one per part of an ingested file that could not be read (a damaged PDF page)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> dict[str, int | float]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            "failed": len(self.failed),
            "warnings": len(self.warnings),
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 2),
        }


def discover(root: Path) -> Iterator[Path]:
    """Files under ``root`` in a stable order, hidden files and folders left out. A file that
    symbolic links also reach is indexed once: by its own path if it is under ``root``, else by the
    first link. A broken link is listed too, so the ingest reports it."""
    if root.is_file():
        yield root
        return
    paths = [
        path
        for path in sorted(root.rglob("*"))
        if not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    own = {path.resolve() for path in paths if path.is_file() and not path.is_symlink()}
    seen: set[Path] = set()
    for path in paths:
        if path.is_symlink() and not path.exists():
            yield path
        elif path.is_file():
            target = path.resolve()
            if target in seen or (path.is_symlink() and target in own):
                continue
            seen.add(target)
            yield path


def doc_id_for(path: Path, root: Path) -> str:
    """A document's id: its path relative to the corpus root, with forward slashes."""
    return path.name if root.is_file() else path.relative_to(root).as_posix()


def split_document(text: str, options: ChunkingOptions) -> list[Chunk]:
    """Chunks of ``text`` by the configured splitter."""
    if options.splitter == "recursive":
        return recursive_chunks(text, options.size, options.overlap)
    return chunk_text(text, options.size, options.overlap)


def embedding_text(chunk: Chunk, header: str, options: ChunkingOptions) -> str:
    """The text embedded for a chunk: its document header first when that helps retrieval (the stored
    text and offsets are the chunk's own)."""
    return f"{header}\n{chunk.text}" if options.index_header and header else chunk.text


def _chunk_metadata(doc_id: str, doc_hash: str, document: LoadedDocument, chunk: Chunk) -> Metadata:
    meta = document_metadata(document.metadata)
    meta.update(
        doc_id=doc_id,
        source=doc_id,
        title=document.title,
        doc_hash=doc_hash,
        chunk_index=chunk.index,
        start=chunk.start,
        end=chunk.end,
    )
    page = document.page_at(chunk.start)
    if page is not None:
        meta["page"] = page
        # Where the pages after the chunk's first start inside it: a quote's own page (rag.schema).
        if breaks := [start for start in document.page_starts if chunk.start < start < chunk.end]:
            meta["page_breaks"] = ",".join(map(str, breaks))
    return meta


# What an ingest writes for each chunk: 2 added sentence spans and vectors, 3 encodes pieces of
# unpunctuated text on their own, 4 pools the pieces of long punctuated sentences (index.embeddings),
# 5 re-extracts documents with the fixed loaders (PDF, DOCX, HTML, legacy encodings, front matter),
# 6 ends sentences after reference marks ("in 1916.[2] Its") and stores where pages start in a chunk,
# 7 drops HTML furniture marked by class (navigation panels, tables of contents, permalinks), 8 ends
# sentences at a table's cell border ("Is it possible? | No."), 9 at a line that starts a list item
# ("- ", "2. ") and drops Markdown's images, link targets and code fences (and joins the lines of a
# hard-wrapped sentence a DOCX holds as paragraphs, and titles Markdown by an underlined heading),
# 10 reads PDFs with PDFium (words spaced from their positions), drops a chapter's running header
# and keeps a sentence that goes on over a page break whole; drops an HTML page's own table of
# contents and Texinfo's header tables, writes powers as 2^31 and unquotes <blockquote> lines,
# 11 ends sentences before a capital of any script and after "。", reads XHTML that declares its
# encoding like HTML, drops headings' permalinks, html2text's Markdown escapes and table rules, puts
# a <pre>'s code blocks on lines of their own, writes a merged DOCX cell once and equal neighbours
# twice, drops Markdown's comments and reference-style links' labels, reads a filled PDF form's
# values and a PDF's title without its making tool's, and drops book headers with the page number
# on either side.
# 12 drops ANSI escape codes and overstrikes from text saved from a terminal, ends a sentence at a
# line break after its full stop whatever case the next line starts in and at "etc." before a
# capital, and drops every permalink mark of an HTML page (Texinfo's "¶" after a definition), not
# only headings'; drops the menus of an HTML page laid out in tables and reads its layout tables'
# cells as blocks, keeps a data table's cell on its row's line with its paragraphs spaced, starts a
# table on a line of its own and drops html2text's hard-break spaces and extra blank lines; reads a
# DOCX's tracked insertions, field results, content controls and smart tags, and drops a moved text's
# old place and a table of contents kept in a content control.
# 13 writes a table of data a row a paragraph, each cell under a header row with its column's name
# ("Item: Widget B | Price: $15"), in DOCX, HTML and Markdown alike (index/loaders/tables.py); writes a DOCX
# list item's number or bullet ("3.", "1.2", "b)", "•"); a line that starts a list item never
# continues the sentence of the line before it; reads a PDF's superscripts and subscripts without the
# line break PDFium put after them, a footnote mark after a full stop dropped, a power as "2^31".
# 14 takes a table's header row from its bold paragraph or table style too (only of name-like
# cells), lets a marked header name years and leave a corner empty, writes a list item's label in a
# table cell as "(3)", a legal-style level's numbers as decimals and a list style's levels, a cell
# ending in a colon before the next without " | ", a DOCX row named by a bold first column as
# "Weight: 1.2 kg", and reads a PDF's superscripts by their
# baseline: breaks before a mark too, negative powers, footnote marks after numbers, brackets and
# words dropped.
# 15 moves a PDF page's footnotes (set small under a raised label) after the sentence that goes on
# over the page, out of its middle.
# 16 ends a sentence after a title on a line of its own ("Velo X2 Bicycle Manual" above a PDF's or a text
# file's first sentence, with no blank line between), which it used to open.
# 17 does so for a short title in sentence case too ("Before first use", half the next line's length).
# 18 keeps a Markdown fenced block's code indented, so that its "# comment" lines are no headings.
# 19 ends a sentence after a numbered section's title on a line of its own ("3. Training", "5. How to
# store it"), and titles
# a DOCX by its paragraph in the Title style before its first heading.
# 20 writes the tables a PDF or a plain text lays out in columns a row a paragraph, as other formats',
# and titles a text by a first line that reads as a title.
# 21 keeps a Markdown footnote's text, after its label (it was dropped as a reference definition), and
# keeps a table laid out in columns going past a row that leaves cells empty.
# 22 keeps such rows at a table's end in it too, and reads a plain text's lines that dot leaders join
# ("Sunday ........ 10.30am") as fields ("Sunday: 10.30am").
# 23 takes a plain text's header and two rows as a table when a row with empty cells lies between
# them, reads two columns whose names end in a colon as fields, and a value wrapped onto a line of
# its own with the rest of it; a PDF or plain text table's cell wrapped onto further lines stays in its
# row; an HTML definition list's terms each start a paragraph.
# 24 reads a header on the lines above its rule as one, a name wrapped in a cell that fills its column
# or ends in a comma as going on, two columns whose first cells all read as names as fields, and a
# plain text's "Part no.       Description" as two cells.
# 25 reads a DOCX's headers and footers, once each, at the text's start and end (a letterhead).
# 26 names an HTML table's columns by a header of several rows ("Low season, Per night") and keeps an
# empty or spanning cell's place in its row, and reads a Markdown <br> in a table's cell as a space.
# 27 takes a bold first row as a DOCX or HTML table's header when a cell holds a figure inside words
# ("Convictions in the last 5 years"); only a cell that opens with one is data.
# 28 reads a plain text's or PDF's two columns of labels that end in a colon, or that dot leaders join
# to their values, as fields even when the first row reads like a header, and no row of prices
# above a rule as a header.
# 29 keeps a PDF's running header and footer once (less its page number) and an HTML page's margins
# (a bar above it, its site header, sidebars and footer, unless they are links or a cookie notice);
# reads a form laid out in pairs of labels and values (DOCX bold, or ending in a colon) as fields, a
# header that leaves the corner above the rows' names empty as naming the columns, a PDF cell that
# ends in a determiner or preposition as going on, a Markdown's HTML table as its tables, and a
# backslash ending a Markdown line as a line break.
# 30 reads a plain text's tables drawn in characters ("+----+", "| a | b |") and its labels over
# their values as tables, a form's pairs in a row that holds fewer (a value merged across the rest),
# a corner header over two rows, a "2/3" page number, and keeps a page's sidebar marked by its class
# (and a footer that links to the cookie policy) unless it is links.
# 31 puts a DOCX's first-page header (a letterhead) before the header of its other pages.
# 32 reads a DOCX table's title merged across it above its bold header as a line of its own, the
# rows under the header's names.
# 33 reads a letter's address beside its reference fields ("27 Linnet Close    Date:   16 March 2026")
# as a block of lines, then the fields, and a header over one row whose cell wraps as a table.
# 34 reads a Markdown table with an empty header row as fields (or rows), a cell's bold or italic
# marks gone, and a Markdown definition list's description indented under its term.
# 35 titles a document that gives no title by its file name's words ("turkey s400 nato"), and a DOCX
# by its first heading only when that heads the document (a Heading 1, or its first paragraph).
# 36 keeps a PDF's running line once without the page's bare number ("... MH3 7RW 2"), reads a plain
# text's table whose cells tabs part by its columns, titles a text e-mail by its subject, reads a
# Markdown HTML table holding a table in a cell whole, and drops emphasis marks from a heading title.
# 37 indents every line of an HTML definition's description broken by <br> (an address) under its term.
# 38 leaves a DOCX header's or footer's page fields out of its line ("... · Confidential · Page 1 of 1").
# 39 names a laid-out table's columns by the periods of a first row ("2024/25", "Target 2025/26").
# 40 dates a text e-mail by its Date header and gives its sender as its author.
# 41 drops a PDF's headers that name each page's section ("4 THE CLASS FILE 4.2 Title page").
# 42 heads an HTML page without an <h1> by its element classed "title" (Doxygen), leaves out what a
# page hides (hidden, display:none, tooltips) and a bar of bracketed links, and reads a PDF title's
# TeX quotes as printed.
# 43 indents a DOCX's nested bullets under their item, and reads its paragraphs set out in columns by
# tab stops as a table; titles a plain text opening with header fields by the line below them.
# 44 keeps a DOCX row's columns named after a cell merged across several, and takes a DOCX's or HTML's
# bold header naming years ("Department | 2024 | 2025").
# 45 keeps a hyphen that ends a PDF's line when the word has one (by the document's own spelling, or
# its producer, which breaks no words), and reads Symbol and Wingdings bullets as "•".
# 46 dates a plain text by a "Date:" field among its opening lines (minutes, a memo).
# 47 joins an HTML page's inline code elements that touch ("<tt>-</tt><tt>-emulate</tt>").
# 48 ends no sentence at an abbreviation after an opening bracket ("Price (inc. VAT): £249.00").
# 49 ends no sentence at a stop inside brackets that go on after it ("(approx. 70%)").
# 50 reads a Markdown's character references ("&middot;") as their characters, and takes no author or
# date from python-docx's template.
# 51 drops a PDF's running headers set in capitals that name each page's chapter ("CHAPTER 7. BASICS
# OF THE ... 7.5. WHAT IS A DEBIAN CONFFILE?"), and takes no assignment ("DEFAULT=less") for a
# laid-out table's column name.
# 52 ends no sentence at a name's initials ("by J.H.M. Dassen").
# 53 keeps an HTML page's notice marked as one beside its content, however short ("Service update").
# 54 ends a Markdown code span at a blank line, so a stray backtick no longer keeps the character
# references of the paragraphs after it as written.
# 55 reads Word's Strict Open XML DOCX, 7-bit ISO-2022 (Japanese, Korean) text, a Markdown link whose
# text wraps onto the next line and its phrasing HTML tags ("<em>", "<code\nclass=...>"); drops a PDF's
# table-of-contents dot leaders and a PDF Title that is a file's or job's name ("10811.exe",
# "905_Precinct_NoOU", "88300 162..177").
# 56 writes an option's minus signs in a PDF as the dashes they stand for ("−c", "−−help" from groff).
# 57 leaves out what Word shows for a DOCX field it could not compute ("Error! Reference source not
# found.", a running header's "Error! No text of specified style in document.").
# 58 reads a space in a PDF where a word gap stands that the text writes none for (Ghostscript's
# groff man pages: "string.Ifthere", "anyremaining").
# A document indexed in an older format is indexed again even when unchanged (see version_hash).
INDEX_FORMAT = 58


def version_hash(data: bytes) -> str:
    """A document version: the SHA-256 of the file's bytes and of the index format they are indexed
    in. Indexed again in a new format, an unchanged file's text may change (a loader fixed), so its
    chunks get new ids like an edited file's: the old version stays whole until the registry points at
    the new one, none of its chunks outlives it, and no per-chunk state (BM25's tokens) is reused."""
    return hashlib.sha256(f"index format {INDEX_FORMAT}\n".encode() + data).hexdigest()


# Documents are embedded in groups of about this many chunks: one model call for many small documents.
# A group's texts are batched in order of token count (index.embeddings.token_length_batches), so the
# larger the group, the closer in length the texts of a batch and the less padding (groups of 64 padded
# 1.29x the tokens of 512). Memory stays bounded: 512 chunks' vectors and texts are a few MB.
_EMBED_BATCH_CHUNKS = 512


@dataclass
class _Pending:
    """A loaded, chunked document waiting for its embeddings."""

    doc_id: str
    doc_hash: str
    size: int
    document: LoadedDocument
    replaces: bool
    chunks: list[Chunk]


def _flush(
    pending: list[_Pending],
    store: ChunkStore,
    embeddings: Embeddings,
    options: ChunkingOptions,
    report: IngestReport,
) -> None:
    """Embed every pending document in one call, then write them in one batch (each document whole:
    ``ChunkStore.write_documents``)."""
    if not pending:
        return
    batch: list[tuple[DocumentRecord, str, list[ChunkRecord]]] = []
    texts: list[str] = []
    spans: list[list[Span]] = []  # sentences, as offsets in each chunk's own text
    shifted: list[list[Span]] = []  # the same, as offsets in the embedded text
    for p in pending:
        header = document_header(p.document.title, document_metadata(p.document.metadata))
        for chunk in p.chunks:
            text = embedding_text(chunk, header, options)
            shift = len(text) - len(chunk.text)  # the header before the chunk's own text
            texts.append(text)
            spans.append([(s.start, s.end) for s in split_sentences(chunk.text)])
            shifted.append([(start + shift, end + shift) for start, end in spans[-1]])
    embedded = iter(zip(spans, embed_passages(embeddings, texts, shifted), strict=True))
    for item in pending:
        records = []
        for chunk in item.chunks:
            chunk_spans, vectors = next(embedded)
            metadata = _chunk_metadata(item.doc_id, item.doc_hash, item.document, chunk)
            if vectors.sentences is not None:
                metadata.update(sentence_vectors.pack(chunk_spans, vectors.sentences))
            records.append(
                ChunkRecord(
                    chunk_id=chunk_id_for(item.doc_id, item.doc_hash, chunk.index),
                    text=chunk.text,
                    embedding=vectors.vector,
                    metadata=metadata,
                )
            )
        record = DocumentRecord(
            doc_id=item.doc_id,
            sha256=item.doc_hash,
            title=item.document.title,
            size=item.size,
            chunks=len(records),
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            page_starts=tuple(item.document.page_starts),
            extra=tuple(sorted(item.document.metadata.items())),
            index_format=INDEX_FORMAT,
            warnings=tuple(item.document.warnings),
        )
        batch.append((record, item.document.text, records))
    store.write_documents(batch, replacing=[item.doc_id for item in pending if item.replaces])
    for item, (_, _, records) in zip(pending, batch, strict=True):
        report.chunks_embedded += len(records)
        (report.updated if item.replaces else report.added).append(item.doc_id)
    pending.clear()
    release_free_memory()  # what embedding the group allocated, or RSS creeps up group after group


def ingest(
    root: Path,
    store: ChunkStore,
    embeddings: Embeddings,
    options: ChunkingOptions = ChunkingOptions(),
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Bring the store in line with the files under ``root``."""
    started = time.perf_counter()
    report = IngestReport()
    known = store.records()
    store.reconcile(known)
    files = list(discover(root))
    seen: set[str] = set()
    pending: list[_Pending] = []

    def flush(done: int) -> None:
        # Embedding is the slow part: say so, or progress would sit on the last file read meanwhile.
        if pending and on_progress:
            on_progress(done, len(files), f"embedding {sum(len(p.chunks) for p in pending)} chunks")
        _flush(pending, store, embeddings, options, report)

    for done, path in enumerate(files):
        doc_id = doc_id_for(path, root)
        seen.add(doc_id)
        if on_progress:
            on_progress(done, len(files), f"reading {doc_id}")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            report.failed.append(str(LoadError(path, f"unsupported file type '{path.suffix or '(none)'}'")))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = "broken link" if path.is_symlink() else f"cannot read ({error.strerror or error})"
            report.failed.append(str(LoadError(path, reason)))
            continue
        doc_hash = version_hash(data)
        previous = known.get(doc_id)
        if previous is not None and previous.sha256 == doc_hash:
            report.unchanged.append(doc_id)
            report.warnings.extend(str(LoadError(path, warning)) for warning in previous.warnings)
            continue
        try:
            document = load_document(path, data)
        except LoadError as error:
            report.failed.append(str(error))
            continue
        report.warnings.extend(str(LoadError(path, warning)) for warning in document.warnings)
        chunks = split_document(document.text, options)
        pending.append(_Pending(doc_id, doc_hash, len(data), document, previous is not None, chunks))
        if sum(len(p.chunks) for p in pending) >= _EMBED_BATCH_CHUNKS:
            flush(done + 1)
    flush(len(files))
    for doc_id in sorted(set(known) - seen):
        store.delete_document(doc_id)
        report.removed.append(doc_id)
    if on_progress:
        on_progress(len(files), len(files), "")
    report.seconds = time.perf_counter() - started
    store.record_ingest({"folder": str(root.resolve()), **report.summary()})
    return report

"""Settings: defaults, overridden by ``rag.toml`` (or the file ``RAG_CONFIG`` names), then ``RAG_*``
environment variables, then explicit arguments."""

import json
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, HttpUrl, SecretStr, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from index.embeddings import DEFAULT_EMBEDDING_MODEL
from index.pipeline import ChunkingOptions

Backend = Literal["extractive", "openai", "llamacpp"]
Splitter = Literal["sentence", "recursive"]
RetrievalMode = Literal["dense", "bm25", "hybrid"]
VerificationPolicy = Literal["flag", "strip", "fallback"]
EmbeddingBackend = Literal["torch", "onnx", "onnx-int8"]


def _not_blank(secret: SecretStr) -> SecretStr:
    """A password or API key: an empty one would let anyone in (``Authorization: Bearer `` with no key,
    an empty password), and HTTP strips the spaces of one that is only spaces."""
    if not secret.get_secret_value().strip():
        raise PydanticCustomError("blank_secret", "must not be empty")
    return secret


Credential = Annotated[SecretStr, AfterValidator(_not_blank)]


class Settings(BaseSettings):
    """Every knob of corpus-chat. Environment: ``RAG_<FIELD>`` (e.g. ``RAG_TOP_K=8``)."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", validate_default=True)

    # Corpus and store
    corpus_dir: Path = Field(
        Path("corpus"),
        description="Folder to index (unset: the one the collection last ingested, else corpus/).",
    )
    persist_dir: Path = Field(Path(".rag"), description="Where embedded Chroma keeps its files.")
    collection: str = Field("corpus", min_length=3, description="Chroma collection name.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (http(s)://host:port[/path]) instead of embedded."
    )
    chroma_token: SecretStr | None = Field(
        None, description="Token for the Chroma server (Chroma Cloud: an API key), sent as X-Chroma-Token."
    )
    chroma_retries: int = Field(
        3, ge=0, le=10, description="Retries of a failed Chroma server request, with exponential backoff."
    )
    chroma_timeout: float = Field(30.0, gt=0, description="Seconds to wait for one Chroma server request.")

    # Ingest
    embedding_model: str = Field(DEFAULT_EMBEDDING_MODEL, description="Packaged model name or local dir.")
    embedding_batch_size: int = Field(32, ge=1)
    embedding_backend: EmbeddingBackend = Field(
        "torch",
        description="Encoder runtime: torch, onnx (ONNX Runtime, exported locally on first use) or "
        "onnx-int8 (the same, int8-quantised); docs/performance.md has the measurements.",
    )
    chunk_size: int = Field(800, ge=100, description="Maximum characters per chunk.")
    chunk_overlap: int = Field(120, ge=0, description="Characters of trailing sentences repeated.")
    index_header: bool = Field(
        True, description="Index each chunk with its document header: title and descriptive metadata."
    )
    splitter: Splitter = Field(
        "sentence",
        description="'sentence' (ours) or 'recursive' (LangChain's RecursiveCharacterTextSplitter).",
    )

    # Retrieval and answering
    retrieval: RetrievalMode = Field(
        "hybrid", description="dense (Chroma), bm25 (bm25s) or hybrid (both, fused)."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    fusion_candidates: int = Field(50, ge=1, description="Hybrid: results taken from each retriever.")
    rrf_k: int = Field(60, ge=1, description="Hybrid: the k of reciprocal rank fusion, 1/(k + rank).")
    dense_weight: float = Field(1.0, ge=0, description="Hybrid: weight of the dense ranking.")
    bm25_weight: float = Field(1.0, ge=0, description="Hybrid: weight of the BM25 ranking.")
    max_per_source: int = Field(
        1, ge=0, description="Prefer at most this many passages per document before repeating one (0: off)."
    )
    diversity_ratio: float = Field(
        0.8,
        ge=0,
        le=1,
        description="A document's further passage still goes before another document's that scores below "
        "this share of its score (0: max_per_source strictly).",
    )
    semantic_weight: float = Field(
        0.6, ge=0, le=1, description="Sentence score: embedding similarity's share (the rest: word coverage)."
    )
    spelling: bool = Field(
        True,
        description="Correct a question's misspelt words (known to neither the corpus nor an English "
        "dictionary) to the corpus word one edit away (rag.spelling).",
    )
    rerank: bool = Field(True, description="Rerank candidates by their best sentence (rag.rerank).")
    rerank_depth: int = Field(12, ge=1, description="Candidates the reranker looks at.")
    rerank_retrieval_weight: float = Field(
        0.2, ge=0, le=1, description="Share of the first-stage score kept in the reranked score."
    )
    finish_sentences: int = Field(
        120,
        ge=0,
        description="Characters of its document a passage cut mid-sentence by chunking may take to "
        "finish the sentence (0: off).",
    )
    min_relevance: float = Field(
        0.29,
        ge=-1,
        le=1,
        description="Abstain when no answer sentence scores at least this (calibrated: docs/evaluation.md).",
    )
    min_similarity: float = Field(
        0.25,
        ge=-1,
        le=1,
        description="Abstain also when the best answer sentence's embedding similarity to the question is "
        "below this: one rare word shared with the question (a name, 'hi') is no answer.",
    )
    max_answer_sentences: int = Field(2, ge=1, le=8)
    backend: Backend = Field("extractive", description="Answer back end.")

    # Generative back ends (see docs/generative.md)
    openai_base_url: str | None = Field(
        None, description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (None: OpenAI)."
    )
    openai_api_key: SecretStr | None = Field(None, description="Key for that server (local ones need none).")
    openai_model: str = Field("", description="Model name the server knows, e.g. llama3.2 or gpt-4o-mini.")
    openai_context_window: int = Field(8192, ge=512, description="The served model's context, in tokens.")
    llamacpp_model_path: Path | None = Field(None, description="GGUF file for the in-process back end.")
    llamacpp_n_ctx: int = Field(4096, ge=512, description="Context window of the in-process model.")
    llamacpp_threads: int | None = Field(None, ge=1, description="CPU threads (None: llama.cpp's choice).")
    llamacpp_chat_format: str | None = Field(
        None, description="llama-cpp-python chat format, e.g. gemma (None: the GGUF file's template)."
    )
    llm_system_role: bool = Field(
        True, description="Send instructions as a system message (false: in the user message, for Gemma)."
    )
    llm_max_tokens: int = Field(384, ge=16, description="Longest generated answer, in tokens.")
    llm_reasoning_tokens: int = Field(
        4000,
        ge=0,
        description="Tokens a reasoning model (o3, o4-mini, gpt-5, ...) may spend on its hidden reasoning, "
        "on top of llm_max_tokens.",
    )
    llm_temperature: float = Field(0.0, ge=0, le=2)
    llm_timeout: float = Field(120.0, gt=0, description="Seconds to wait for the model server.")
    verification: VerificationPolicy = Field(
        "fallback",
        description="Unsupported generated sentences: flag (keep, mark), strip (drop) or fallback "
        "(answer extractively when too little is supported; docs/generative.md has the measurements).",
    )
    min_support: float = Field(
        0.45, ge=0, le=1, description="Support score from which a sentence counts as supported (measured)."
    )
    fallback_below: float = Field(
        0.5, ge=0, le=1, description="Policy fallback: least share of supported sentences to keep an answer."
    )

    # Serving
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # NoDecode: RAG_AUTH and RAG_API_KEYS are JSON read by _json_text, so that text which is not JSON is
    # a validation error naming its setting (pydantic-settings' own decoding raises one naming none).
    auth: Annotated[dict[str, Credential], NoDecode] = Field(
        default_factory=dict,
        description="UI users: name = password.",
        examples=[{"alice": "password"}],
    )
    api_keys: Annotated[list[Credential], NoDecode] = Field(
        default_factory=list, description="Bearer keys for the HTTP API.", examples=[["key1"]]
    )
    max_upload_mb: float = Field(20.0, gt=0, description="Largest file the UI accepts.")

    @field_validator("chroma_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        """An http(s) URL with a host and a valid port, normalised as the client will use it, without a
        trailing slash; empty (``RAG_CHROMA_URL=``) is unset, embedded Chroma, as before."""
        return str(HttpUrl(url)).rstrip("/") if url else None

    @field_validator("chunk_overlap")
    @classmethod
    def _overlap_within_chunk(cls, overlap: int, info: ValidationInfo) -> int:
        """Less than chunk_size, checked at start rather than at ingest. A field validator (chunk_size,
        declared before, is in ``info.data`` unless it failed itself) so the error names this setting."""
        size = info.data.get("chunk_size")
        if size is not None and overlap >= size:
            raise PydanticCustomError(
                "overlap_too_large", "must be less than chunk_size ({chunk_size})", {"chunk_size": size}
            )
        return overlap

    @field_validator("auth", "api_keys", mode="before")
    @classmethod
    def _json_text(cls, value: Any, info: ValidationInfo) -> Any:
        """A list or dict setting given as text (a ``RAG_*`` variable) is JSON."""
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            name = str(info.field_name)
            example = json.dumps(cls.model_fields[name].examples[0])  # type: ignore[index]
            raise PydanticCustomError(
                "json_invalid", "must be JSON, e.g. {example}", {"example": f"RAG_{name.upper()}='{example}'"}
            ) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        named = os.environ.get("RAG_CONFIG")
        toml_file = Path(named or "rag.toml").expanduser()
        if named and not toml_file.is_file():  # rag.toml may be absent, a file named may not
            raise FileNotFoundError(f"{named}: no such file (named by RAG_CONFIG)")
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_file))

    def embedding_identity(self) -> str:
        """What a store's vectors are made with: the model, plus the back end unless torch (so stores
        built before the setting existed stay valid). Stores never mix vectors of two back ends."""
        if self.embedding_backend == "torch":
            return self.embedding_model
        return f"{self.embedding_model}+{self.embedding_backend}"

    def chunking(self) -> ChunkingOptions:
        return ChunkingOptions(
            size=self.chunk_size,
            overlap=self.chunk_overlap,
            index_header=self.index_header,
            splitter=self.splitter,
        )

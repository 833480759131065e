"""Settings: defaults, overridden by ``rag.toml`` (or the file ``RAG_CONFIG`` names), then ``RAG_*``
environment variables, then explicit arguments."""

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from index.embeddings import DEFAULT_EMBEDDING_MODEL
from index.pipeline import ChunkingOptions

Backend = Literal["extractive", "openai", "llamacpp"]
Splitter = Literal["sentence", "recursive"]
RetrievalMode = Literal["dense", "bm25", "hybrid"]


class Settings(BaseSettings):
    """Every knob of corpus-chat. Environment: ``RAG_<FIELD>`` (e.g. ``RAG_TOP_K=8``)."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", validate_default=True)

    # Corpus and store
    corpus_dir: Path = Field(Path("corpus"), description="Folder the default collection mirrors.")
    persist_dir: Path = Field(Path(".rag"), description="Where embedded Chroma keeps its files.")
    collection: str = Field("corpus", min_length=3, description="Chroma collection name.")
    chroma_url: str | None = Field(
        None, description="A Chroma server (http://host:port) instead of embedded."
    )

    # Ingest
    embedding_model: str = Field(DEFAULT_EMBEDDING_MODEL, description="Packaged model name or local dir.")
    embedding_batch_size: int = Field(32, ge=1)
    chunk_size: int = Field(800, ge=100, description="Maximum characters per chunk.")
    chunk_overlap: int = Field(120, ge=0, description="Characters of trailing sentences repeated.")
    title_in_embedding: bool = Field(True, description="Embed 'title + chunk' instead of the chunk alone.")
    splitter: Splitter = Field(
        "sentence",
        description="'sentence' (ours) or 'recursive' (LangChain's RecursiveCharacterTextSplitter).",
    )

    # Retrieval and answering
    retrieval: RetrievalMode = Field(
        "dense", description="dense (Chroma), bm25 (bm25s) or hybrid (both, fused)."
    )
    top_k: int = Field(5, ge=1, le=50, description="Passages retrieved per question.")
    min_relevance: float = Field(
        0.25, ge=-1, le=1, description="Abstain when no answer sentence scores at least this."
    )
    max_answer_sentences: int = Field(2, ge=1, le=8)
    backend: Backend = Field("extractive", description="Answer back end.")

    # Serving
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    auth: dict[str, SecretStr] = Field(default_factory=dict, description="UI users: name = password.")
    api_keys: list[SecretStr] = Field(default_factory=list, description="Bearer keys for the HTTP API.")
    max_upload_mb: float = Field(20.0, gt=0, description="Largest file the UI accepts.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("RAG_CONFIG", "rag.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_file))

    def chunking(self) -> ChunkingOptions:
        return ChunkingOptions(
            size=self.chunk_size,
            overlap=self.chunk_overlap,
            title_in_embedding=self.title_in_embedding,
            splitter=self.splitter,
        )

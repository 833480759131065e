"""Named retrieval/answer profiles, so every evaluation can run the tutorial baseline beside ours.

A profile is a set of setting overrides applied on top of the user's settings.
"""

from typing import Any

from rag.config import Settings

PROFILES: dict[str, dict[str, Any]] = {
    # What most people build from the LangChain RAG tutorial: recursive 1000/200 splitter, MiniLM,
    # Chroma similarity search, top-4.
    "baseline": {
        "splitter": "recursive",
        "chunk_size": 1000,
        "chunk_overlap": 200,
        "index_header": False,
        "retrieval": "dense",
        "rerank": False,
        "spelling": False,
        "max_per_source": 0,
        "finish_sentences": 0,
        "top_k": 4,
    },
    # corpus-chat's own defaults (the Settings defaults).
    "default": {},
}


class UnknownProfileError(ValueError):
    """No profile of that name."""


def apply_profile(settings: Settings, name: str) -> Settings:
    """``settings`` with profile ``name``'s overrides."""
    if name not in PROFILES:
        raise UnknownProfileError(f"profile '{name}': unknown (known: {', '.join(PROFILES)})")
    return settings.model_copy(update=PROFILES[name])


def index_fingerprint(settings: Settings) -> str:
    """The settings that change what is stored in an index: runs that share them share the index."""
    return (
        f"{settings.embedding_identity()}|{settings.splitter}|{settings.chunk_size}|{settings.chunk_overlap}|"
        f"{settings.index_header}"
    )

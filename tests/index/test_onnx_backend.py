"""The ONNX encoder: exported from the packaged weights into a local cache, loaded offline, and giving
the torch model's vectors; stores never mix vectors of two back ends."""

from pathlib import Path

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from index.embeddings import resolve_model_path
from index.onnx_backend import OnnxEncoder, export_folder, use_onnx
from index.store import ChunkStore, StoreMismatchError, open_client
from rag.config import Settings
from rag.profiles import index_fingerprint

pytest.importorskip("onnxscript", reason="the onnx extra is not installed (pip install -e '.[onnx]')")

MODEL_DIR = resolve_model_path("all-MiniLM-L6-v2")
TEXTS = [
    "Erdogan threatened to close the Incirlik and Kureci bases.",
    "The S-400 is a Russian surface-to-air missile system.",
    "A lighthouse keeper counts the ferries at dawn, every day of the year, in all weathers.",
    "NATO",
]

pytestmark = pytest.mark.slow


def _model() -> SentenceTransformer:
    return SentenceTransformer(str(MODEL_DIR), device="cpu", local_files_only=True)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache with both exports made once for the module (about 20 s)."""
    folder = tmp_path_factory.mktemp("onnx-cache")
    use_onnx(_model(), MODEL_DIR, "onnx-int8", folder)
    return folder


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return _model().encode(TEXTS, normalize_embeddings=True)


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_the_onnx_backend_loads_the_local_export_and_matches_torch(
    backend: str, cache: Path, torch_vectors: np.ndarray
) -> None:
    exported = sorted(export_folder(MODEL_DIR, cache).glob("*.onnx"))
    assert [p.name for p in exported] == ["model.onnx", "model_qint8.onnx"]
    stamps = [p.stat().st_mtime_ns for p in exported]
    model = _model()
    use_onnx(model, MODEL_DIR, backend, cache)
    assert [p.stat().st_mtime_ns for p in exported] == stamps, "exported again instead of loading"
    assert model.backend == "onnx" and isinstance(model[0].model, OnnxEncoder)
    assert model[0].model.path.name == ("model_qint8.onnx" if backend == "onnx-int8" else "model.onnx")
    vectors = model.encode(TEXTS, normalize_embeddings=True)
    cosines = (vectors * torch_vectors).sum(axis=1)
    if backend == "onnx":
        assert cosines.min() > 0.999, cosines
    else:  # int8 weights lose a little: measured 0.987-1.0, mean 0.994, over 300 SQuAD texts
        assert cosines.min() > 0.98 and cosines.mean() > 0.99, cosines
    # Token embeddings too (the ingest's sentence vectors come from them).
    outputs = model.encode(TEXTS[:2], output_value=None)
    assert outputs[0]["token_embeddings"].shape[1] == 384


def test_stores_and_eval_indexes_never_mix_backends(tmp_path: Path) -> None:
    torch_settings = Settings(persist_dir=tmp_path)
    onnx_settings = Settings(persist_dir=tmp_path, embedding_backend="onnx")
    assert index_fingerprint(torch_settings) != index_fingerprint(onnx_settings)
    assert torch_settings.embedding_identity() == torch_settings.embedding_model  # older stores stay valid
    client = open_client(tmp_path)
    ChunkStore(client, "corpus", torch_settings.embedding_identity())
    with pytest.raises(StoreMismatchError, match=r"all-MiniLM-L6-v2\+onnx"):
        ChunkStore(client, "corpus", onnx_settings.embedding_identity())

"""The ONNX Runtime encoder: the embedding model's transformer exported to ONNX (optionally int8).

sentence-transformers' own ``backend="onnx"`` needs ``optimum-onnx``, whose only release requires
``transformers<4.58`` while sentence-transformers 6 requires ``transformers>=5``: pip cannot install
both. So the export is done here with ``torch.onnx.export`` from the packaged weights, and the
SentenceTransformer's transformers model is swapped for :class:`OnnxEncoder`, which runs the exported
graph with ONNX Runtime. The tokenizer, pooling and normalisation stay sentence-transformers' own, so
``SentenceTransformer.encode`` (every ``output_value``, token embeddings included) works unchanged and
``model.backend`` says ``"onnx"``.

Exports are cached outside site-packages, under ``$XDG_CACHE_HOME/corpus-chat/onnx`` (default
``~/.cache``), keyed by the weights' SHA-256, so a changed model is exported again; the first load
takes about ten seconds, later loads read the file. Nothing is downloaded.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch

OnnxBackend = Literal["onnx", "onnx-int8"]
ONNX_BACKENDS: tuple[str, ...] = ("onnx", "onnx-int8")

# Bump when the export below changes, so older cached files are not reused.
_EXPORT_VERSION = 1
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OUTPUT = "last_hidden_state"


class OnnxBackendError(RuntimeError):
    """The ONNX packages are missing or the model cannot be exported."""


_MISSING_EXTRA = "the ONNX encoder needs the onnx extra: pip install 'corpus-chat[onnx]'"


def default_cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "corpus-chat" / "onnx"


def _weights_digest(model_dir: Path) -> str:
    """SHA-256 of the model's weight and config files: the export's cache key."""
    digest = hashlib.sha256(f"v{_EXPORT_VERSION}".encode())
    files = sorted(model_dir.glob("*.safetensors")) + sorted(model_dir.glob("*.bin"))
    for path in [*files, model_dir / "config.json"]:
        if path.is_file():
            digest.update(path.name.encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


def export_folder(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where the exports of the model in ``model_dir`` live."""
    return (cache_dir or default_cache_dir()) / f"{model_dir.name}-{_weights_digest(model_dir)}"


class _Positional(torch.nn.Module):
    """The transformers model with positional inputs and one output, as the exporter wants it."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        output = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return output.last_hidden_state


def _write_atomically(target: Path, write: Any) -> None:
    """``write(path)`` into a temporary file beside ``target``, then rename: concurrent processes
    exporting the same model never see a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".onnx.part")
    os.close(handle)
    os.chmod(temporary, 0o644)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def export_onnx(model: Any, target: Path) -> None:
    """Export the transformers model of SentenceTransformer ``model`` (fp32) to ``target``."""
    try:
        import onnxscript  # noqa: F401  (the torch.export-based exporter needs it)
    except ImportError as error:
        raise OnnxBackendError(_MISSING_EXTRA) from error
    transformer = model[0]
    sample = transformer.preprocess(["An example sentence to trace.", "Another, longer one, for padding."])
    args = tuple(sample[name] for name in _INPUTS)
    batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
    shapes = {name: {0: batch, 1: sequence} for name in _INPUTS}

    def write(path: Path) -> None:
        with torch.no_grad():
            torch.onnx.export(
                _Positional(transformer.model).eval(),
                args,
                str(path),
                input_names=list(_INPUTS),
                output_names=[_OUTPUT],
                dynamic_shapes=shapes,
                external_data=False,
                dynamo=True,
                verbose=False,
            )

    _write_atomically(target, write)


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the weights, per output channel (per tensor lost up to 0.1 of
    cosine against torch on SQuAD texts; per channel at most 0.013); activations are quantised at run
    time."""
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as error:
        raise OnnxBackendError(_MISSING_EXTRA) from error

    _write_atomically(
        target, lambda path: quantize_dynamic(source, path, weight_type=QuantType.QInt8, per_channel=True)
    )


def onnx_file(model: Any, model_dir: Path, backend: OnnxBackend, cache_dir: Path | None = None) -> Path:
    """The exported graph for ``backend``, exporting (and quantising) on first use."""
    folder = export_folder(model_dir, cache_dir)
    fp32 = folder / "model.onnx"
    if not fp32.exists():
        export_onnx(model, fp32)
    if backend == "onnx":
        return fp32
    int8 = folder / "model_qint8.onnx"
    if not int8.exists():
        quantize_int8(fp32, int8)
    return int8


class OnnxEncoder(torch.nn.Module):
    """Stands in for the transformers model inside a sentence-transformers ``Transformer`` module:
    same inputs, same ``last_hidden_state`` output, computed by ONNX Runtime.

    An ``InferenceSession`` may be run from several threads at once, so one encoder serves every
    request of a server.
    """

    def __init__(self, path: Path, config: Any) -> None:
        super().__init__()
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self.path = path
        self.config = config
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.input_names = [i.name for i in self.session.get_inputs()]

    @property
    def device(self) -> torch.device:
        return torch.device("cpu")

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        **_: Any,
    ) -> dict[str, torch.Tensor]:
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        given = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
        feeds = {name: given[name].numpy().astype(np.int64, copy=False) for name in self.input_names}
        (hidden,) = self.session.run([_OUTPUT], feeds)
        return {_OUTPUT: torch.from_numpy(hidden)}


def use_onnx(model: Any, model_dir: Path, backend: str, cache_dir: Path | None = None) -> None:
    """Switch SentenceTransformer ``model`` (loaded from ``model_dir``) to the ONNX encoder in place;
    the torch weights are released."""
    if backend not in ONNX_BACKENDS:
        raise ValueError(f"embedding backend '{backend}': not an ONNX backend ({', '.join(ONNX_BACKENDS)})")
    transformer = model[0]
    path = onnx_file(model, model_dir, "onnx-int8" if backend == "onnx-int8" else "onnx", cache_dir)
    transformer.model = OnnxEncoder(path, transformer.model.config)
    transformer.backend = "onnx"
    model.backend = "onnx"

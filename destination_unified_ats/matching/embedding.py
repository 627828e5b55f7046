"""Optional semantic signal: a static embedding model read from a directory the user provides.

Off by default (`job_matching.embedding_model_dir` unset); nothing is ever downloaded. Two layouts:

- `vocab.txt` (one token per line) + `embeddings.npy` (a float matrix, row i = token i): any word or
  static sentence-embedding model exported in two lines of numpy;
- a Model2Vec directory: `model.safetensors` (one 2-D tensor, "embeddings") + `tokenizer.json`
  (a Hugging Face tokenizer whose `model.vocab` is a token -> id map or a list of [token, score]).

A text's vector is the mean of its tokens' rows (a word missing from the vocabulary is split into
WordPiece "##" pieces when it has them), L2-normalised; the cosine between a candidate's and a job's
vector is the signal. numpy is imported only when a model is configured.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from destination_unified_ats.matching.text import clean_text, raw_tokens

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_SAFETENSORS_DTYPES = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "BF16": None}
_MAX_HEADER = 100_000_000


class EmbeddingModelError(ValueError):
    """The configured model directory cannot be used (the message says which file and why)."""


def _numpy() -> Any:
    try:
        import numpy
    except ImportError as error:  # pragma: no cover - numpy ships with the connector's dependencies
        raise EmbeddingModelError("job_matching.embedding_model_dir needs numpy, which is not installed") from error
    return numpy


def _read_safetensors(path: Path) -> NDArray[Any]:
    numpy = _numpy()
    raw = path.read_bytes()
    if len(raw) < 8:
        raise EmbeddingModelError(f"{path}: too short for a safetensors file")
    size = int.from_bytes(raw[:8], "little")
    if size <= 0 or size > min(_MAX_HEADER, len(raw) - 8):
        raise EmbeddingModelError(f"{path}: bad safetensors header length {size}")
    try:
        header = json.loads(raw[8 : 8 + size])
    except ValueError as error:
        raise EmbeddingModelError(f"{path}: safetensors header is not JSON") from error
    tensors = {k: v for k, v in header.items() if k != "__metadata__" and isinstance(v, dict)}
    info = tensors.get("embeddings") or (next(iter(tensors.values())) if len(tensors) == 1 else None)
    if info is None:
        raise EmbeddingModelError(f"{path}: no 'embeddings' tensor (found {sorted(tensors)})")
    dtype = _SAFETENSORS_DTYPES.get(str(info.get("dtype")))
    shape = info.get("shape")
    offsets = info.get("data_offsets")
    if dtype is None or not isinstance(shape, list) or len(shape) != 2 or not isinstance(offsets, list):
        raise EmbeddingModelError(f"{path}: need a 2-D F16/F32/F64 tensor, got {info.get('dtype')} {shape}")
    start, end = 8 + size + int(offsets[0]), 8 + size + int(offsets[1])
    if end > len(raw) or end - start != shape[0] * shape[1] * numpy.dtype(dtype).itemsize:
        raise EmbeddingModelError(f"{path}: tensor data does not match its shape {shape}")
    matrix: NDArray[Any] = numpy.frombuffer(raw[start:end], dtype=dtype).reshape(shape)
    return matrix


def _tokenizer_vocab(path: Path) -> dict[str, int]:
    try:
        model = json.loads(path.read_text(encoding="utf-8")).get("model", {})
    except (OSError, ValueError, AttributeError) as error:
        raise EmbeddingModelError(f"{path}: not a readable tokenizer.json") from error
    vocab = model.get("vocab") if isinstance(model, dict) else None
    if isinstance(vocab, dict):
        return {str(token): int(index) for token, index in vocab.items()}
    if isinstance(vocab, list):
        return {str(item[0]): index for index, item in enumerate(vocab) if isinstance(item, list) and item}
    raise EmbeddingModelError(f"{path}: tokenizer.json has no model.vocab")


class StaticEmbedder:
    """Token vectors and a vocabulary; `embed` turns a text into a unit vector (or None)."""

    def __init__(self, vocab: dict[str, int], matrix: NDArray[Any], source: str) -> None:
        numpy = _numpy()
        if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] == 0:
            raise EmbeddingModelError(f"{source}: embeddings must be a non-empty 2-D matrix")
        if not vocab or max(vocab.values()) >= matrix.shape[0] or min(vocab.values()) < 0:
            raise EmbeddingModelError(
                f"{source}: vocabulary ids run past the {matrix.shape[0]} rows of the embedding matrix"
            )
        self.source = source
        self.vocab = vocab
        self.matrix: NDArray[np.float32] = numpy.ascontiguousarray(matrix, dtype=numpy.float32)
        self.dimensions = int(matrix.shape[1])
        self._pieces = any(token.startswith("##") for token in vocab)

    @classmethod
    def load(cls, directory: str | Path) -> StaticEmbedder:
        return _load(str(Path(directory).expanduser().resolve()))

    def _ids(self, word: str) -> list[int]:
        vocab = self.vocab
        for form in (word, "\u2581" + word, "\u0120" + word):
            index = vocab.get(form)
            if index is not None:
                return [index]
        if not self._pieces:
            return []
        # Greedy longest-match WordPiece: "kubernetes" -> "ku", "##ber", "##net", "##es".
        ids: list[int] = []
        start = 0
        while start < len(word):
            for end in range(len(word), start, -1):
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                index = vocab.get(piece)
                if index is not None:
                    ids.append(index)
                    start = end
                    break
            else:
                return []
        return ids

    def embed(self, text: str | None) -> NDArray[np.float32] | None:
        numpy = _numpy()
        ids = [i for word in raw_tokens(clean_text(text or "")) for i in self._ids(word)]
        if not ids:
            return None
        vector = self.matrix[ids].mean(axis=0)
        norm = float(numpy.linalg.norm(vector))
        if norm == 0.0:
            return None
        result: NDArray[np.float32] = (vector / norm).astype(numpy.float32)
        return result


@lru_cache(maxsize=4)
def _load(directory: str) -> StaticEmbedder:
    """One load per directory and process (a sync builds one matcher; tests build many)."""
    numpy = _numpy()
    path = Path(directory)
    if not path.is_dir():
        raise EmbeddingModelError(f"embedding model directory {directory} does not exist or is not a directory")
    if (path / "vocab.txt").is_file() and (path / "embeddings.npy").is_file():
        try:
            matrix = numpy.load(path / "embeddings.npy", allow_pickle=False)
        except (OSError, ValueError) as error:
            raise EmbeddingModelError(f"{path / 'embeddings.npy'}: not a numpy array file") from error
        tokens = (path / "vocab.txt").read_text(encoding="utf-8").splitlines()
        vocab: dict[str, int] = {}
        for index, token in enumerate(tokens):
            vocab.setdefault(token.strip(), index)
        vocab.pop("", None)
        if len(tokens) != matrix.shape[0]:
            raise EmbeddingModelError(
                f"{path}: vocab.txt has {len(tokens)} lines but embeddings.npy has {matrix.shape[0]} rows"
            )
        return StaticEmbedder(vocab, matrix, str(path))
    if (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file():
        return StaticEmbedder(
            _tokenizer_vocab(path / "tokenizer.json"), _read_safetensors(path / "model.safetensors"), str(path)
        )
    raise EmbeddingModelError(
        f"{path}: expected vocab.txt + embeddings.npy, or model.safetensors + tokenizer.json (Model2Vec)"
    )

"""The optional embedding signal: off by default, loaded from a local directory (two layouts), used by the engine."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy
import pytest
from pydantic import ValidationError

from destination_unified_ats.matching import CandidateProfile, JobMatcher, JobMatchingSettings
from destination_unified_ats.matching.embedding import EmbeddingModelError, StaticEmbedder
from unit_tests.matching.conftest import make_job

# A tiny "model": medicine words point one way, software words another, sales words a third.
WORDS: dict[str, tuple[float, float, float]] = {
    "physician": (1.0, 0.0, 0.0),
    "doctor": (1.0, 0.05, 0.0),
    "clinic": (0.9, 0.0, 0.1),
    "patients": (0.95, 0.0, 0.0),
    "engineer": (0.0, 1.0, 0.0),
    "software": (0.0, 1.0, 0.1),
    "go": (0.0, 0.9, 0.0),
    "quota": (0.0, 0.0, 1.0),
    "ku": (0.0, 0.7, 0.0),
    "##ber": (0.0, 0.7, 0.1),
}


def _vocab_layout(directory: Path) -> Path:
    directory.mkdir()
    (directory / "vocab.txt").write_text("\n".join(WORDS) + "\n")
    numpy.save(directory / "embeddings.npy", numpy.array(list(WORDS.values()), dtype=numpy.float32))
    return directory


def _model2vec_layout(directory: Path, dtype: str = "F32") -> Path:
    directory.mkdir()
    matrix = numpy.array(list(WORDS.values()), dtype="<f4" if dtype == "F32" else "<f2")
    data = matrix.tobytes()
    header = json.dumps(
        {
            "__metadata__": {"format": "pt"},
            "embeddings": {"dtype": dtype, "shape": list(matrix.shape), "data_offsets": [0, len(data)]},
        }
    ).encode()
    (directory / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + data)
    tokenizer = {"model": {"type": "WordPiece", "vocab": {word: i for i, word in enumerate(WORDS)}}}
    (directory / "tokenizer.json").write_text(json.dumps(tokenizer))
    return directory


JOBS: list[dict[str, Any]] = [
    make_job("md", "Doctor", "See patients in our clinic."),
    make_job("swe", "Software Engineer", "Go services."),
]
# "Physician" shares no word with the doctor job: BM25 alone cannot retrieve it.
PHYSICIAN = CandidateProfile(title="Physician", summary="Physician, 10 years.")


def test_off_by_default() -> None:
    settings = JobMatchingSettings()
    assert settings.embedding_model_dir is None
    matches = JobMatcher(JOBS, settings.model_copy(update={"min_score": 0.0})).match(
        CandidateProfile(title="Software Engineer", skills=("Go",))
    )
    assert matches and all("meaning" not in m.explanation for m in matches)
    assert JobMatcher(JOBS, settings.model_copy(update={"min_score": 0.0})).match(PHYSICIAN) == []


@pytest.mark.parametrize("layout", [_vocab_layout, _model2vec_layout])
def test_both_layouts_load_and_embed(tmp_path: Path, layout: Any) -> None:
    embedder = StaticEmbedder.load(layout(tmp_path / "model"))
    assert embedder.dimensions == 3
    doctor, physician, engineer = (embedder.embed(t) for t in ("Doctor", "physician", "Software engineer"))
    assert doctor is not None and physician is not None and engineer is not None
    assert float(numpy.linalg.norm(doctor)) == pytest.approx(1.0)
    assert float(doctor @ physician) > 0.99 > 0.2 > float(doctor @ engineer)
    assert embedder.embed("zzz unknown words") is None
    # A word missing from the vocabulary falls back to WordPiece pieces: "kuber" = "ku" + "##ber".
    kuber = embedder.embed("kuber")
    assert kuber is not None and float(kuber @ engineer) > 0.9


def test_half_precision_safetensors(tmp_path: Path) -> None:
    embedder = StaticEmbedder.load(_model2vec_layout(tmp_path / "f16", dtype="F16"))
    assert embedder.embed("doctor") is not None


def test_the_engine_uses_the_signal_when_configured(tmp_path: Path) -> None:
    model = _vocab_layout(tmp_path / "model")
    settings = JobMatchingSettings(top_k=2, min_score=0.0, embedding_model_dir=str(model))
    matches = JobMatcher(JOBS, settings).match(PHYSICIAN)
    assert [m.job_id for m in matches][:1] == ["md"]  # retrieved by meaning alone
    assert "meaning 0.99" in matches[0].explanation or "meaning 1.00" in matches[0].explanation
    # The same candidate, with and without the model, for a job BM25 finds anyway: the signal moves the score.
    engineer = CandidateProfile(title="Software Engineer", summary="Go services; quota.")
    plain = JobMatcher(JOBS, settings.model_copy(update={"embedding_model_dir": None})).match(engineer)[0]
    blended = JobMatcher(JOBS, settings).match(engineer)[0]
    assert plain.job_id == blended.job_id == "swe" and plain.score != blended.score


def test_bad_model_directories_fail_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is not a directory"):
        JobMatchingSettings(embedding_model_dir=str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValidationError, match="holds neither"):
        JobMatchingSettings(embedding_model_dir=str(tmp_path / "empty"))
    mismatched = _vocab_layout(tmp_path / "mismatched")
    (mismatched / "vocab.txt").write_text("physician\n")
    with pytest.raises(EmbeddingModelError, match=r"vocab\.txt has 1 lines but embeddings\.npy has 10 rows"):
        StaticEmbedder.load(mismatched)
    broken = _model2vec_layout(tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"\x05\x00\x00\x00\x00\x00\x00\x00{oops")
    with pytest.raises(EmbeddingModelError, match="not JSON"):
        StaticEmbedder.load(broken)
    assert JobMatchingSettings(embedding_model_dir="  ").embedding_model_dir is None

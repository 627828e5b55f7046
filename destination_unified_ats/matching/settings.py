"""User settings of job matching: a nested object of the connector's Airbyte spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _ui(order: int, **extra: Any) -> dict[str, Any]:
    return {"order": order, **extra}


class ConfidenceBand(BaseModel):
    """One confidence band: matches scoring at least `min_score` get the tag `name`."""

    model_config = ConfigDict(title="Confidence band")

    name: str = Field(
        title="Tag",
        description="Tag written on candidates whose match score falls in this band, e.g. match-high.",
        min_length=1,
        max_length=100,
        json_schema_extra=_ui(0, examples=["match-high"]),
    )
    min_score: float = Field(
        title="Minimum score",
        description="Lowest match score (0 to 1) that belongs to this band.",
        ge=0.0,
        le=1.0,
        json_schema_extra=_ui(1, examples=[0.8]),
    )

    @field_validator("name")
    @classmethod
    def _strip_name(cls, name: str) -> str:
        stripped = name.strip()
        if not stripped:
            raise ValueError("a band needs a non-blank tag name")
        return stripped


# Chosen by eval/job_matching/calibrate.py (target false-application rate 0.05 on the tuning sets);
# re-run it and update this when the scorer changes.
CALIBRATED_MIN_SCORE = 0.39

DEFAULT_BANDS: tuple[tuple[str, float], ...] = (
    ("match-high", 0.8),
    ("match-medium", 0.6),
    ("match-low", 0.0),
)


def _default_bands() -> list[ConfidenceBand]:
    return [ConfidenceBand(name=name, min_score=score) for name, score in DEFAULT_BANDS]


class JobMatchingSettings(BaseModel):
    """Job matching: records without a job_id are matched against the ATS's open jobs."""

    model_config = ConfigDict(title="Job matching")

    enabled: bool = Field(
        default=False,
        title="Match candidates to open jobs",
        description=(
            "When on, a record without a job_id is matched against the ATS's open jobs (read once per "
            "sync) and applied to the best ones; the score and explanation are written as metadata."
        ),
        json_schema_extra=_ui(0),
    )
    top_k: int = Field(
        default=1,
        ge=1,
        le=10,
        title="Jobs per candidate",
        description="At most this many jobs (best first) a candidate is applied to.",
        json_schema_extra=_ui(1),
    )
    min_score: float = Field(
        default=CALIBRATED_MIN_SCORE,
        ge=0.0,
        le=1.0,
        title="Minimum match score",
        description=(
            "Matches scoring below this (0 to 1) are dropped; a candidate may then match no job. The default "
            f"({CALIBRATED_MIN_SCORE}) is calibrated on the labelled evaluation set for at most 5% of the "
            "candidates no open job fits getting an application (eval/job_matching/calibrate.py); raise it to "
            "apply fewer people, lower it to miss fewer."
        ),
        json_schema_extra=_ui(2),
    )
    require_location_match: bool = Field(
        default=True,
        title="Require location match for on-site jobs",
        description=(
            "A job that is not remote only matches candidates located in one of its cities (or, when the "
            "candidate names no city, its region or country)."
        ),
        json_schema_extra=_ui(3),
    )
    enforce_minimum_years: bool = Field(
        default=True,
        title="Enforce minimum years of experience",
        description="Reject jobs whose minimum_experience_years exceeds the candidate's years plus the tolerance.",
        json_schema_extra=_ui(4),
    )
    years_tolerance: float = Field(
        default=1.0,
        ge=0.0,
        le=10.0,
        title="Years tolerance",
        description="Slack, in years, allowed below a job's minimum experience.",
        json_schema_extra=_ui(5),
    )
    enforce_degree: bool = Field(
        default=True,
        title="Enforce minimum degree",
        description=(
            "Reject jobs whose minimum_degree is above the candidate's degree "
            "(none < high school < associate < bachelor < master < doctorate)."
        ),
        json_schema_extra=_ui(6),
    )
    allow_unknown: bool = Field(
        default=True,
        title="Let unknown values pass",
        description=(
            "When a candidate's years, degree or location is unknown, the corresponding filter passes "
            "(and the explanation says so); when off, it rejects."
        ),
        json_schema_extra=_ui(7),
    )
    extra_required_terms: list[str] = Field(
        default_factory=list,
        title="Required terms",
        description=(
            "Hard filter: the candidate's title, summary, skills or experience must mention every one of "
            "these terms (synonyms count: k8s matches Kubernetes)."
        ),
        json_schema_extra=_ui(8, examples=[["kubernetes", "security clearance"]]),
    )
    confidence_bands: list[ConfidenceBand] = Field(
        default_factory=_default_bands,
        title="Confidence bands",
        description=(
            "Tags by score: a match gets the tag of the highest band whose minimum it reaches (the lowest "
            "band when it reaches none). Empty: match-high from 0.8, match-medium from 0.6, match-low below."
        ),
        json_schema_extra=_ui(9, default=[{"name": name, "min_score": score} for name, score in DEFAULT_BANDS]),
    )

    embedding_model_dir: str | None = Field(
        default=None,
        title="Embedding model directory (optional)",
        description=(
            "Off when empty. A local directory holding a static embedding model (vocab.txt + embeddings.npy, or a "
            "Model2Vec model.safetensors + tokenizer.json); its text similarity then adds to retrieval and scoring. "
            "Never downloaded. min_score is calibrated without it: re-run eval/job_matching/calibrate.py with it."
        ),
        json_schema_extra=_ui(10, examples=["/models/potion-base-8M"]),
    )

    @field_validator("embedding_model_dir")
    @classmethod
    def _check_model_dir(cls, directory: str | None) -> str | None:
        if directory is None or not directory.strip():
            return None
        path = Path(directory.strip()).expanduser()
        if not path.is_dir():
            raise ValueError(f"embedding_model_dir {directory!r} is not a directory on this machine")
        layouts = (("vocab.txt", "embeddings.npy"), ("model.safetensors", "tokenizer.json"))
        if not any(all((path / name).is_file() for name in layout) for layout in layouts):
            raise ValueError(
                f"embedding_model_dir {directory!r} holds neither vocab.txt + embeddings.npy "
                "nor model.safetensors + tokenizer.json"
            )
        return str(path)

    @field_validator("extra_required_terms")
    @classmethod
    def _clean_terms(cls, terms: list[str]) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in terms if t and t.strip()))

    @field_validator("confidence_bands")
    @classmethod
    def _sort_bands(cls, bands: list[ConfidenceBand]) -> list[ConfidenceBand]:
        if not bands:
            return _default_bands()
        names = [band.name for band in bands]
        if len(set(names)) != len(names):
            raise ValueError("confidence band tag names must be distinct")
        return sorted(bands, key=lambda band: (-band.min_score, band.name))

    def band_for(self, score: float) -> str:
        """Tag of the highest band whose minimum `score` reaches (bands are sorted best first)."""
        for band in self.confidence_bands:
            if score >= band.min_score:
                return band.name
        return self.confidence_bands[-1].name

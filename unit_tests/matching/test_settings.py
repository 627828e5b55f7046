"""JobMatchingSettings: defaults, bounds, bands, and what the Airbyte spec will show."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from destination_unified_ats.matching import ConfidenceBand, JobMatchingSettings


def test_defaults() -> None:
    settings = JobMatchingSettings()
    assert settings.enabled is False
    assert settings.top_k == 1
    assert 0.0 < settings.min_score < 1.0
    assert settings.enforce_minimum_years and settings.enforce_degree and settings.require_location_match
    assert settings.years_tolerance == 1.0
    assert settings.extra_required_terms == []
    assert [(b.name, b.min_score) for b in settings.confidence_bands] == [
        ("match-high", 0.8),
        ("match-medium", 0.6),
        ("match-low", 0.0),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        {"top_k": 0},
        {"top_k": 11},
        {"min_score": 1.5},
        {"min_score": -0.1},
        {"years_tolerance": -1},
        {"confidence_bands": [{"name": "a", "min_score": 0.5}, {"name": "a", "min_score": 0.1}]},
        {"confidence_bands": [{"name": "  ", "min_score": 0.5}]},
        {"confidence_bands": [{"name": "x", "min_score": 2}]},
    ],
)
def test_invalid_values_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        JobMatchingSettings.model_validate(bad)


def test_bands_are_sorted_and_an_empty_list_means_the_defaults() -> None:
    settings = JobMatchingSettings(
        confidence_bands=[ConfidenceBand(name="weak", min_score=0.0), ConfidenceBand(name="strong", min_score=0.9)]
    )
    assert [b.name for b in settings.confidence_bands] == ["strong", "weak"]
    assert settings.band_for(0.95) == "strong" and settings.band_for(0.5) == "weak"
    only_high = JobMatchingSettings(confidence_bands=[ConfidenceBand(name="hi", min_score=0.9)])
    assert only_high.band_for(0.1) == "hi"  # below every band: the lowest one
    assert JobMatchingSettings(confidence_bands=[]).confidence_bands == JobMatchingSettings().confidence_bands


def test_required_terms_are_trimmed_and_deduplicated() -> None:
    settings = JobMatchingSettings(extra_required_terms=[" kubernetes ", "", "kubernetes", "SOC 2"])
    assert settings.extra_required_terms == ["kubernetes", "SOC 2"]


def test_json_schema_is_ready_for_the_airbyte_spec() -> None:
    schema = JobMatchingSettings.model_json_schema()
    properties = schema["properties"]
    assert set(properties) == set(JobMatchingSettings.model_fields)
    for name, prop in properties.items():
        assert prop.get("title") and prop.get("description"), name
        assert isinstance(prop.get("order"), int), name
    assert sorted(p["order"] for p in properties.values()) == list(range(len(properties)))
    assert properties["top_k"]["minimum"] == 1 and properties["top_k"]["maximum"] == 10
    assert properties["confidence_bands"]["default"][0] == {"name": "match-high", "min_score": 0.8}
    band = schema["$defs"]["ConfidenceBand"]["properties"]
    assert all(p.get("title") and p.get("description") for p in band.values())

"""Evidence read out of free text: years (conservative against the field), degree, relocation, licensure."""

from __future__ import annotations

from datetime import date

import pytest

from destination_unified_ats.matching.candidate import CandidateProfile, candidate_signals
from destination_unified_ats.matching.degrees import DegreeLevel
from destination_unified_ats.matching.evidence import (
    FIELD,
    TEXT,
    career_span,
    degrees_in_prose,
    read_degree,
    read_relocations,
    years_statements,
)
from destination_unified_ats.matching.locations import Place, parse_location

TODAY = date(2026, 11, 30)


def _years(**profile: object) -> tuple[float | None, str, str]:
    signals = candidate_signals(CandidateProfile(**profile), TODAY)  # type: ignore[arg-type]
    return signals.years, signals.years_source, signals.years_quote


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2 yrs building Django APIs", 2.0),
        ("~1 year on an SRE team", 1.0),
        ("One year of product management", 1.0),
        ("about 3 years in fintech", 3.0),
        ("5-7 years of backend work", 5.0),
        ("8+ yrs exp", 8.0),
        ("18 months of experience in QA", 1.5),
        ("over a decade of experience", 10.0),
        ("nearly 3 years as an analyst", 2.5),
    ],
)
def test_years_stated_in_prose(text: str, years: float) -> None:
    assert min(value for value, _ in years_statements(text, TODAY)) == years


@pytest.mark.parametrize(
    "text",
    [
        "Taught algebra to 14-18 year olds",
        "Requires a 4 year degree",
        "Led a 2-year migration to Kubernetes",
        "We plan reviews twice a year",
        "Booked 40 meetings a month for AEs",
        "Shipped the rewrite in 3 months",
        "Hoping to lead a team within 2 years",
        "Built our 5-year plan",
        "Ranked top 3 of 25 AEs two years running",
        "Hit quota three years in a row",
    ],
)
def test_durations_that_are_not_experience_are_ignored(text: str) -> None:
    assert years_statements(text, TODAY) == []


def test_since_a_year_reads_against_the_reference_date() -> None:
    # "since 2023" may mean December 2023: the conservative reading is just under 3 years on 2026-11-30.
    [(value, quote)] = years_statements("Account Executive since 2023, closing SaaS deals", TODAY)
    assert value == 2.9 and quote == "since 2023"
    assert years_statements("Engineer since March 2020", TODAY)[0][0] == 6.7
    assert years_statements("since 2023", date(2030, 1, 1))[0][0] == 6.0
    assert years_statements("since 2031", TODAY) == []  # a year to come states nothing


def test_field_is_used_unless_the_text_states_fewer_years() -> None:
    assert _years(years_experience=6) == (6.0, FIELD, "")
    assert _years(years_experience=6, summary="Ten years of experience across startups") == (6.0, FIELD, "")
    value, source, quote = _years(years_experience=6, summary="Data scientist since 2025, before that a teacher.")
    assert (value, source) == (0.9, TEXT) and quote == "'since 2025', field says 6"
    assert _years(summary="2 yrs of Go") == (2.0, TEXT, "'2 yrs'")
    assert _years(title="Python developer, 3 yrs") == (3.0, TEXT, "'3 yrs'")


def test_junior_and_intern_titles_bound_the_years() -> None:
    assert _years(title="Junior DevOps Engineer") == (1.0, TEXT, "'title says junior'")
    assert _years(title="Software Engineering Intern", years_experience=3)[:2] == (0.0, TEXT)
    assert _years(title="Data Analyst Co-op")[0] == 0.0
    assert _years(summary="Recent MSc graduate; A/B test analysis.")[0] == 1.0
    # "new grads" someone precepts are not the candidate's level.
    assert _years(summary="ICU nurse; precepting new grads.", years_experience=4)[0] == 4.0


def test_positions_in_free_form_experience() -> None:
    history = "Backend Engineer at Fernway (2023-present)\nSoftware Engineer at Sable (2019-2023)"
    assert career_span(history, TODAY) == (6.9, "positions since 2019")  # from the end of 2019
    assert _years(experience=history)[:2] == (6.9, TEXT)
    # A duration next to one position is part of a history: it neither overrides the field ...
    assert _years(years_experience=9, experience="Acme (3 years): payments APIs")[0] == 9.0
    # ... unless it states experience.
    assert _years(years_experience=9, experience="2 years of experience in Go")[0] == 2.0


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("High school diploma; 4 years managing renewals", DegreeLevel.HIGH_SCHOOL),
        ("No degree - self-taught.", DegreeLevel.NONE),
        ("Data Scientist (MSc Statistics)", DegreeLevel.MASTER),
        ("PhD in Physics, then four years of ML", DegreeLevel.DOCTORATE),
        ("BSc in Statistics; 5 years of A/B tests", DegreeLevel.BACHELOR),
        ("Associate degree in web development", DegreeLevel.ASSOCIATE),
        ("BS Computer Science; currently pursuing a part-time MSc in Data Science", DegreeLevel.BACHELOR),
        ("PhD candidate in economics", DegreeLevel.MASTER),
    ],
)
def test_degree_in_prose(text: str, level: DegreeLevel) -> None:
    assert max(found for found, _ in degrees_in_prose(text)) == level


def test_words_that_only_look_like_degrees() -> None:
    assert degrees_in_prose("Advanced MS Excel and MS Office; scrum master") == []
    assert degrees_in_prose("High School Math Teacher") == []


def test_degree_field_first_text_otherwise() -> None:
    assert read_degree("BSc Computer Science", ["PhD in Physics"]).source == FIELD
    text = read_degree(None, ["Senior ML Engineer", "PhD in Physics, 4 years of PyTorch."])
    assert (text.level, text.source, text.quote) == (DegreeLevel.DOCTORATE, TEXT, "'phd'")
    assert read_degree("Pursuing BSc Computer Science", []).level == DegreeLevel.HIGH_SCHOOL
    assert read_degree("Computer Science", ["MSc in Data Science"]).level == DegreeLevel.MASTER
    assert read_degree(None, ["Go, gRPC"]).level is None
    pursuing = read_degree(None, ["BS Computer Science; currently pursuing a part-time MSc"])
    assert pursuing.level == DegreeLevel.BACHELOR and pursuing.quote in ("'bs'", "'msc in progress'")


def test_relocation_targets() -> None:
    home = parse_location("Portland, OR")
    [move] = read_relocations(["Experimentation work. Relocating to Seattle in January."], home)
    assert (move.place.city, move.place.region, move.moving) == ("seattle", "wa", True)
    assert move.quote == "relocating to seattle"
    [austin] = read_relocations(["Relocating to Austin, TX in June"], home)
    assert austin.place.city == "austin"
    assert read_relocations(["Moving to Toronto this spring"], home)[0].place.country == "ca"
    # Only real places: migrating models "to dbt" or moving "to GraphQL" is no relocation.
    assert read_relocations(["BI developer moving to dbt; moving to GraphQL next"], home) == ()


def test_licensure_by_endorsement_names_a_state() -> None:
    home = parse_location("Providence, RI")
    text = "Rhode Island RN, 5 years in a cardiac ICU; applying for Massachusetts RN licensure by endorsement."
    [licence] = read_relocations([text], home)
    assert licence.place == Place(region="ma", country="us") and not licence.moving
    assert read_relocations(["Rhode Island RN license"], home) == ()

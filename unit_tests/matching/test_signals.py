"""Degree ladder, years parsing, location normalisation and seniority signals."""

from __future__ import annotations

import pytest

from destination_unified_ats.matching.degrees import (
    DegreeLevel,
    accepts_equivalent_experience,
    candidate_degree,
    minimum_degree,
)
from destination_unified_ats.matching.locations import Place, match_place, parse_location, place_from_address
from destination_unified_ats.matching.seniority import (
    Seniority,
    employment_fit,
    job_employment,
    seniority_fit,
    title_seniority,
)
from destination_unified_ats.matching.years import parse_years, years_in_text


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("PhD", DegreeLevel.DOCTORATE),
        ("Ph.D. in Physics", DegreeLevel.DOCTORATE),
        ("Doctor of Philosophy", DegreeLevel.DOCTORATE),
        ("Master of Science", DegreeLevel.MASTER),
        ("M.S. Data Science", DegreeLevel.MASTER),
        ("MSc", DegreeLevel.MASTER),
        ("MBA", DegreeLevel.MASTER),
        ("Master's in Statistics", DegreeLevel.MASTER),
        ("Bachelor's", DegreeLevel.BACHELOR),
        ("BS", DegreeLevel.BACHELOR),
        ("B.S. in Computer Science", DegreeLevel.BACHELOR),
        ("BSc (Hons)", DegreeLevel.BACHELOR),
        ("B.Eng. Software Engineering", DegreeLevel.BACHELOR),
        ("BA, Economics", DegreeLevel.BACHELOR),
        ("Associate degree", DegreeLevel.ASSOCIATE),
        ("A.S. Nursing", DegreeLevel.ASSOCIATE),
        ("AAS Network Administration", DegreeLevel.ASSOCIATE),
        ("High school diploma", DegreeLevel.HIGH_SCHOOL),
        ("GED", DegreeLevel.HIGH_SCHOOL),
        ("Self-taught", DegreeLevel.NONE),
        ("Coding bootcamp", DegreeLevel.NONE),
    ],
)
def test_degree_ladder_parses_common_spellings(text: str, level: DegreeLevel) -> None:
    assert candidate_degree(text) == level


def test_degree_ladder_order_and_choice_of_level() -> None:
    assert DegreeLevel.NONE < DegreeLevel.HIGH_SCHOOL < DegreeLevel.ASSOCIATE < DegreeLevel.BACHELOR
    assert DegreeLevel.BACHELOR < DegreeLevel.MASTER < DegreeLevel.DOCTORATE
    # A candidate counts their highest degree, a job its lowest accepted one.
    assert candidate_degree("BA Economics, MBA") == DegreeLevel.MASTER
    assert minimum_degree("Bachelor's or Master's") == DegreeLevel.BACHELOR
    assert minimum_degree("None") is None and minimum_degree(None) is None
    assert candidate_degree("worked as a barista") is None  # "as" is no associate degree


def test_equivalent_experience_waives_the_degree() -> None:
    assert accepts_equivalent_experience("BS in Computer Science or equivalent experience")
    assert not accepts_equivalent_experience("BS in Computer Science")


@pytest.mark.parametrize(
    ("value", "years"),
    [(7, 7.0), (7.5, 7.5), ("7", 7.0), ("7+ years", 7.0), ("5-7 yrs", 5.0), ("ten years", 10.0)],
)
def test_parse_years_values(value: object, years: float) -> None:
    assert parse_years(value) == years


@pytest.mark.parametrize("value", [None, True, -1, 200, "senior", ""])
def test_parse_years_rejects_nonsense(value: object) -> None:
    assert parse_years(value) is None


def test_years_in_prose() -> None:
    assert years_in_text("8+ years of backend experience, 3 years of Kubernetes experience") == 8.0
    assert years_in_text("over a decade of professional experience") == 10.0
    assert years_in_text("Two years of hands-on experience") == 2.0
    assert years_in_text("I joined in 2019 and have 3 kids") is None


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        ("San Francisco, CA", "san francisco", "ca", "us"),
        ("SF Bay Area", "san francisco", "ca", "us"),
        ("NYC", "new york", "ny", "us"),
        ("Brooklyn, NY", "new york", "ny", "us"),
        ("Austin, Texas, United States", "austin", "tx", "us"),
        ("Greater Seattle Area", "seattle", "wa", "us"),
        ("Berlin, DE", "berlin", "be", "de"),
        ("München", "munich", "by", "de"),
        ("London, UK", "london", "england", "gb"),
        ("London, Ontario", "london", "on", "ca"),
        ("Toronto, Canada", "toronto", "on", "ca"),
        ("California", None, "ca", "us"),
        ("Germany", None, None, "de"),
    ],
)
def test_parse_location(text: str, city: str | None, region: str | None, country: str | None) -> None:
    place = parse_location(text)
    assert (place.city, place.region, place.country) == (city, region, country)
    assert not place.remote


def test_remote_locations() -> None:
    assert parse_location("Remote") == Place(remote=True)
    assert parse_location("Remote (US)") == Place(country="us", remote=True)
    flexible = parse_location("Berlin, open to remote")
    assert flexible.city == "berlin" and flexible.remote and flexible.flexible


def test_place_from_unified_address() -> None:
    address = {"city": "San Francisco", "region": "California", "region_code": "CA", "country_code": "US"}
    assert place_from_address(address) == Place("san francisco", "ca", "us")
    assert place_from_address({"region": "Texas", "country": "USA"}) == Place(None, "tx", "us")


def test_match_place_levels() -> None:
    sf_job = Place("san francisco", "ca", "us")
    assert match_place(parse_location("San Francisco"), sf_job).matched is True
    assert match_place(parse_location("Los Angeles, CA"), sf_job).matched is False
    assert match_place(parse_location("California"), sf_job).matched is None  # too vague to tell
    assert match_place(parse_location("Texas"), sf_job).matched is False
    assert match_place(parse_location("London, Ontario"), Place("london", "england", "gb")).matched is False
    assert match_place(parse_location("Portland, ME"), Place("portland", "or", "us")).matched is False
    assert match_place(parse_location("Austin, TX"), Place(None, "tx", "us")).matched is True


def test_title_seniority_and_fit() -> None:
    assert title_seniority(["senior", "backend", "engineer"]) == Seniority.SENIOR
    assert title_seniority(["staff", "engineer"]) == Seniority.STAFF
    assert title_seniority(["software", "engineering", "intern"]) == Seniority.INTERN
    assert title_seniority(["backend", "engineer"]) is None
    assert seniority_fit(Seniority.SENIOR, Seniority.SENIOR) == 1.0
    assert seniority_fit(Seniority.STAFF, Seniority.INTERN) == 0.0
    # A level read from minimum years is a floor: above it costs little, below it as much as usual.
    assert seniority_fit(Seniority.STAFF, Seniority.MID, job_level_is_minimum=True) > seniority_fit(
        Seniority.STAFF, Seniority.MID
    )
    assert seniority_fit(Seniority.JUNIOR, Seniority.SENIOR, job_level_is_minimum=True) == 0.25


def test_employment_fit() -> None:
    assert job_employment("CONTRACTOR") == job_employment("FREELANCE") == "contract"
    assert employment_fit("full-time", job_employment("FULL_TIME")) == 1.0
    assert employment_fit("internship", job_employment("INTERN")) == 1.0
    assert employment_fit("full-time", job_employment("INTERN")) < 0.2

"""The maintained vocabulary: role families and their neighbours, title synonyms/abbreviations, metro areas."""

from __future__ import annotations

import pytest

from destination_unified_ats.matching import families
from destination_unified_ats.matching.analyzer import analyze
from destination_unified_ats.matching.families import (
    NEIGHBOUR,
    SAME,
    UNKNOWN,
    UNRELATED,
    family_fit,
    text_family,
    title_families,
)
from destination_unified_ats.matching.locations import match_place, metro_of, parse_location, place_from_address
from destination_unified_ats.matching.places import CITIES, METRO_TOWNS
from destination_unified_ats.matching.text import clean_text, raw_tokens


def _families(title: str) -> frozenset[str]:
    return title_families(raw_tokens(clean_text(title)))


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Backend Engineer (Go)", "software"),
        ("Member of Technical Staff", "software"),
        ("Sr FE Engineer", "software"),
        ("SWE (TS/Node)", "software"),
        ("Software Engineer in Test", "qa"),
        ("Sr. SRE", "infrastructure"),
        ("Pre-Sales Solutions Engineer", "solutions_engineering"),
        ("Sales Development Representative", "sales_development"),
        ("BDR", "sales_development"),
        ("Enterprise Account Executive", "sales"),
        ("Talent Partner, Engineering", "recruiting"),
        ("Registered Respiratory Therapist", "respiratory_therapy"),
        ("Registered Nurse, Medical ICU (Nights)", "nursing"),
        ("BI Developer", "analytics"),
        ("Data Platform Engineer", "data_engineering"),
        ("MLE", "ml_engineering"),
    ],
)
def test_title_families(title: str, family: str) -> None:
    assert _families(title) == {family}


def test_neighbouring_families_are_penalised_not_rejected() -> None:
    assert family_fit({"respiratory_therapy"}, {"nursing"}) == NEIGHBOUR
    assert family_fit({"sales_development"}, {"sales"}) == NEIGHBOUR
    assert family_fit({"solutions_engineering"}, {"infrastructure"}) == NEIGHBOUR
    assert family_fit({"culinary"}, {"software"}) == UNRELATED
    assert family_fit({"analytics"}, {"analytics_engineering"}) == SAME  # compatible: the same jobs fit
    assert family_fit(set(), {"software"}) == UNKNOWN == family_fit({"software"}, set())
    # The best pair counts when a title names two families.
    assert family_fit({"culinary", "software"}, {"software"}) == SAME
    assert SAME > NEIGHBOUR > UNRELATED


def test_family_table_is_consistent() -> None:
    for pair in families.COMPATIBLE | families.NEIGHBOURS:
        assert len(pair) == 2 and pair <= families.FAMILIES, pair
    assert not families.COMPATIBLE & families.NEIGHBOURS


def test_family_from_prose_when_the_title_names_none() -> None:
    words = raw_tokens(clean_text("Wrote the React front end and the Node.js API myself; front end performance."))
    assert text_family(words) == {"software"}
    assert _families("Founder") == frozenset() and text_family([]) == frozenset()


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Talent Partner", "Technical Recruiter"),
        ("Talent Acquisition Partner", "Technical Recruiter"),
        ("Member of Technical Staff", "Software Engineer"),
        ("FE Engineer", "Frontend Engineer"),
        ("ReactJS", "React"),
        ("TS", "TypeScript"),
        ("PG", "PostgreSQL"),
        ("Solutions Consultant", "Solutions Engineer"),
        ("RN", "Registered Nurse"),
    ],
)
def test_title_synonyms_and_abbreviations_fold_to_the_same_terms(variant: str, canonical: str) -> None:
    assert set(analyze(canonical)) <= set(analyze(variant))


def test_bi_developer_shares_the_analytics_engineer_role() -> None:
    assert "analytics_engineering" in analyze("BI Developer")
    assert "analytics_engineering" in analyze("Analytics Engineer")
    assert "data_analytics" in analyze("BI Developer")  # still an analyst for the data analyst job


@pytest.mark.parametrize(
    ("town", "hub"),
    [
        ("Cambridge, MA", "boston"),
        ("Berkeley, CA", "san francisco"),
        ("Jersey City, NJ", "new york"),
        ("Brooklyn, NY", "new york"),
        ("Evanston, IL", "chicago"),
        ("Aurora, CO", "denver"),
        ("Aurora, IL", "chicago"),
        ("Round Rock, TX", "austin"),
        ("Mississauga, ON", "toronto"),
        ("Croydon, UK", "london"),
        ("Bellevue, WA", "seattle"),
    ],
)
def test_towns_belong_to_their_metro_area(town: str, hub: str) -> None:
    assert metro_of(parse_location(town)) == hub


def test_metro_areas_are_not_guessed() -> None:
    assert metro_of(parse_location("Aurora")) is None  # Aurora, CO or Aurora, IL?
    assert metro_of(parse_location("Richmond")) is None
    assert metro_of(parse_location("Cambridge, UK")) is None  # not the Massachusetts one
    assert metro_of(parse_location("San Jose, CA")) == "san jose"  # its own metro, not San Francisco's
    assert metro_of(parse_location("Brighton, UK")) is None


def test_metro_table_hubs_are_known_cities() -> None:
    hubs = {hub for entries in METRO_TOWNS.values() for hub, _, _ in entries}
    assert hubs <= set(CITIES)
    for hub in hubs:
        assert metro_of(parse_location(hub.title())) == hub


def test_a_suburb_matches_its_citys_on_site_job_only() -> None:
    boston = place_from_address({"city": "Boston", "region_code": "MA", "country_code": "US"})
    verdict = match_place(parse_location("Quincy, MA"), boston)
    assert verdict.matched and verdict.level == "metro area"
    assert not match_place(parse_location("Providence, RI"), boston).matched
    assert not match_place(
        parse_location("Portland, ME"), place_from_address({"city": "Portland", "region_code": "OR"})
    ).matched

"""Location normalisation (city, region, country, "Remote") and on-site location matching."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from destination_unified_ats.matching.places import (
    CITIES,
    CITY_ALIASES,
    COUNTRIES,
    METRO_TOWNS,
    REGION_NAMES,
    REGIONS_BY_COUNTRY,
    US_STATES,
)
from destination_unified_ats.matching.text import clean_text

_REMOTE = re.compile(r"\b(?:remote|remotely|anywhere|work from home|wfh|distributed|fully remote)\b")
_FLEXIBLE = re.compile(r"\b(?:open to remote|or remote|remote ok|remote friendly|hybrid|open to relocation|relocate)\b")
_NOISE = re.compile(
    r"\b(?:greater|metropolitan|metro|area|region|hybrid|on ?site|in office|office|hq|based in|based|"
    r"city of|headquarters|only|preferred)\b"
)
_SEPARATORS = re.compile(r"\s*(?:[,;/|()]|\s-\s)\s*")
_SPACES = re.compile(r"\s+")
_US_STATE_CODES = frozenset(US_STATES.values())


@dataclass(frozen=True)
class Place:
    """A normalised place: lower-case city, region code (or name), ISO country code; any may be missing."""

    city: str | None = None
    region: str | None = None
    country: str | None = None
    remote: bool = False
    flexible: bool = False
    """The text says remote is one option among others ("Berlin, open to remote", "hybrid")."""

    @property
    def known(self) -> bool:
        return bool(self.city or self.region or self.country)

    def describe(self) -> str:
        """ "San Francisco, CA, US", "Berlin, DE" (region codes only where they are well known)."""
        region = self.region if (self.country in ("us", "ca") or not self.city) else None
        parts = [p for p in (self.city, region, self.country) if p]
        label = ", ".join(p.title() if len(p) > 3 else p.upper() for p in parts)
        if self.remote:
            return f"{label} (remote)" if label else "remote"
        return label or "unknown"


def _canonical_city(name: str) -> str:
    return CITY_ALIASES.get(name, name)


def _country_code(name: str) -> str | None:
    return COUNTRIES.get(name)


def _region_code(name: str, country: str | None) -> tuple[str | None, str | None]:
    """(region code, country) of a region spelling, using the country to disambiguate when known."""
    if country is not None:
        table = REGIONS_BY_COUNTRY.get(country)
        if table is not None and name in table:
            return table[name], country
        if country in REGIONS_BY_COUNTRY:
            return None, country
    if name in REGION_NAMES:
        found_country, code = REGION_NAMES[name]
        if country is None or country == found_country:
            return code, found_country
    return None, country


def parse_location(text: str | None) -> Place:
    """Parse free text such as "San Francisco, CA", "Berlin, DE", "London, UK", "Remote (US)"."""
    if not text:
        return Place()
    cleaned = clean_text(text).replace(".", "")
    remote = bool(_REMOTE.search(cleaned))
    flexible = bool(_FLEXIBLE.search(cleaned))
    cleaned = _NOISE.sub(" ", _REMOTE.sub(" ", _FLEXIBLE.sub(" ", cleaned)))
    parts = [_SPACES.sub(" ", p).strip(" -") for p in _SEPARATORS.split(cleaned)]
    parts = [p for p in parts if p]
    if not parts:
        return Place(remote=remote, flexible=flexible)

    first = _canonical_city(parts[0])
    gazetteer = CITIES.get(first)
    city: str | None = None
    region: str | None = None
    country: str | None = None

    rest = parts[1:] if len(parts) > 1 or gazetteer else []
    if len(parts) == 1 and gazetteer is None:
        # A single part: a country, a region or an unknown city.
        only = parts[0]
        if _country_code(only) and (len(only) > 2 or only not in US_STATES):
            return Place(country=_country_code(only), remote=remote, flexible=flexible)
        if only in REGION_NAMES:
            only_country, only_region = REGION_NAMES[only]
            return Place(region=only_region, country=only_country, remote=remote, flexible=flexible)
        return Place(city=first, remote=remote, flexible=flexible)

    city = first
    for raw_part in reversed(rest):
        part = _canonical_city(raw_part)
        code = _country_code(part)
        is_us_state = part in US_STATES
        if country is None and code is not None:
            prefers_country = len(part) > 2 or not is_us_state or (gazetteer is not None and gazetteer[1] == code)
            if prefers_country and not (gazetteer is not None and gazetteer[1] == "us" and is_us_state):
                country = code
                continue
        if region is None:
            found_region, found_country = _region_code(part, country)
            if found_region is None and is_us_state and country in (None, "us"):
                found_region, found_country = US_STATES[part], "us"
            if found_region is None and gazetteer is not None and country is None:
                found_region, found_country = _region_code(part, gazetteer[1])
            if found_region is not None:
                region, country = found_region, found_country
                continue
    if gazetteer is not None:
        gaz_region, gaz_country = gazetteer
        if country is None or country == gaz_country:
            country = gaz_country
            if region is None and gaz_region:
                region = gaz_region
    return Place(city=city, region=region, country=country, remote=remote, flexible=flexible)


def _text(value: Any) -> str:
    return clean_text(value).replace(".", "").strip() if isinstance(value, str) else ""


def place_from_address(address: Mapping[str, Any]) -> Place:
    """A Unified AtsAddress ({city, region, region_code, country, country_code, ...}) as a Place."""
    country = _country_code(_text(address.get("country_code"))) or _country_code(_text(address.get("country")))
    region_text = _text(address.get("region_code")) or _text(address.get("region"))
    region: str | None = None
    if region_text:
        region, country = _region_code(region_text, country)
        if region is None:
            region = region_text
    city_text = _text(address.get("city"))
    city = _canonical_city(city_text) if city_text else None
    if city is not None and city in CITIES:
        gaz_region, gaz_country = CITIES[city]
        if country is None or country == gaz_country:
            country = gaz_country
            region = region or gaz_region or None
    if city is None and region is None and country is None:
        # Some providers only fill address1 with free text: parse it.
        parsed = parse_location(_text(address.get("address1")))
        return Place(city=parsed.city, region=parsed.region, country=parsed.country)
    return Place(city=city, region=region, country=country)


class LocationVerdict(NamedTuple):
    """`matched` is None when the candidate's place is too vague to tell (a region or country only)."""

    matched: bool | None
    level: str


def match_place(candidate: Place, job: Place) -> LocationVerdict:
    """Does an on-site job's place fit the candidate's? Compared at the most specific level the job names."""
    if candidate.country and job.country and candidate.country != job.country:
        return LocationVerdict(False, "country")
    if job.city:
        if candidate.city:
            if candidate.city == job.city:
                return LocationVerdict(not _different_us_states(candidate, job), "city")
            metro = metro_of(job)
            if metro is not None and metro == metro_of(candidate):
                return LocationVerdict(True, "metro area")
            return LocationVerdict(False, "city")
        return _coarser(candidate, job)
    if job.region:
        candidate_region = candidate.region
        if candidate_region is None and candidate.city in CITIES:
            candidate_region = CITIES[candidate.city or ""][0] or None
        if candidate_region:
            return LocationVerdict(candidate_region == job.region, "region")
        return _coarser(candidate, job)
    if job.country:
        if candidate.country:
            return LocationVerdict(True, "country")
        return LocationVerdict(None, "country")
    return LocationVerdict(None, "")


def _different_us_states(candidate: Place, job: Place) -> bool:
    """Portland, ME is not Portland, OR (other countries' region spellings vary too much to compare)."""
    return (
        candidate.country == job.country == "us"
        and candidate.region in _US_STATE_CODES
        and job.region in _US_STATE_CODES
        and candidate.region != job.region
    )


def _coarser(candidate: Place, job: Place) -> LocationVerdict:
    """The candidate names a coarser place than the job (a region or a country only)."""
    if candidate.region and job.region and candidate.region != job.region:
        return LocationVerdict(False, "region")
    return LocationVerdict(None, "region" if candidate.region else "country")


def metro_of(place: Place) -> str | None:
    """The hub city of the metro area a place's city belongs to (the hub itself for a hub), if known.

    A town's region and country disambiguate (Aurora, CO vs Aurora, IL); a town named without them
    counts only when one metro area lists it.
    """
    if not place.city:
        return None
    entries = METRO_TOWNS.get(place.city)
    if not entries:
        return None
    hubs = {
        hub
        for hub, region, country in entries
        if (place.region is None or not region or place.region == region)
        and (place.country is None or place.country == country)
    }
    return next(iter(hubs)) if len(hubs) == 1 else None

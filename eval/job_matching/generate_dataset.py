"""Generate the job-matching evaluation set: jobs.json and candidates.jsonl (deterministic).

    python eval/job_matching/generate_dataset.py          # rewrite the committed files
    python eval/job_matching/generate_dataset.py --check  # fail if they differ from what this script makes

Every candidate is drawn from a "truth" (years, degree level, city, wants remote only) and rendered into a
record with varied, realistic phrasing. Its label comes from that truth and the jobs' stated requirements
(`JobSpec.label_*`), never from the engine:

- expected_job_ids: the open jobs of the candidate's family whose requirements the truth meets
  (years >= minimum, degree >= minimum unless "or equivalent experience", on-site jobs need the same city
  and a candidate who does not insist on remote), target job first.
- rejections: for near-miss distractors, the job they were built against and the filter that must reject it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from archetypes import ARCHETYPES_BY_KEY, NO_FIT, Archetype  # noqa: E402
from jobs_spec import (  # noqa: E402
    ASSOCIATE,
    BACHELOR,
    DOCTORATE,
    HIGH_SCHOOL,
    JOBS,
    JOBS_BY_ID,
    MASTER,
    NONE,
    JobSpec,
)

SEED = 20260225
JOBS_FILE = HERE / "jobs.json"
CANDIDATES_FILE = HERE / "candidates.jsonl"

FITS_PER_JOB = 7
TECH_KEYS = frozenset(
    {"backend_go", "backend_python", "data_engineer", "ml_engineer", "data_scientist", "data_analyst", "frontend"}
    | {"fullstack", "sre", "devops", "qa", "intern"}
)
# Which archetype applies to which job when a candidate is built against it.
TARGET_ARCHETYPE: dict[str, str] = {
    "job_sr_backend_go": "backend_go",
    "job_backend_go": "backend_go",
    "job_backend_python": "backend_python",
    "job_staff_backend_python": "backend_python",
    "job_data_engineer": "data_engineer",
    "job_ml_engineer": "ml_engineer",
    "job_data_scientist": "data_scientist",
    "job_data_analyst": "data_analyst",
    "job_frontend_react": "frontend",
    "job_fullstack": "fullstack",
    "job_sre": "sre",
    "job_devops_contract": "devops",
    "job_sr_pm_payments": "product_manager",
    "job_product_designer": "product_designer",
    "job_account_executive": "account_executive",
    "job_sdr": "sdr",
    "job_csm": "csm",
    "job_qa_automation": "qa",
    "job_swe_intern": "intern",
    "job_growth_marketing": "growth_marketer",
}

CITY_TEXT: dict[str, tuple[str, ...]] = {
    "san_francisco": ("San Francisco, CA", "San Francisco, California", "SF Bay Area", "San Francisco, CA, USA"),
    "new_york": ("New York, NY", "New York City", "NYC", "Brooklyn, NY", "New York, New York, United States"),
    "austin": ("Austin, TX", "Austin, Texas", "Austin, Texas, United States"),
    "seattle": ("Seattle, WA", "Greater Seattle Area", "Seattle, Washington"),
    "chicago": ("Chicago, IL", "Chicago, Illinois", "Greater Chicago Area"),
    "denver": ("Denver, CO", "Denver, Colorado", "Denver Metropolitan Area"),
    "toronto": ("Toronto, ON", "Toronto, Ontario, Canada", "Toronto, Canada"),
    "london": ("London, UK", "London, England", "London, United Kingdom"),
    "berlin": ("Berlin, Germany", "Berlin, DE", "Berlin"),
    "los_angeles": ("Los Angeles, CA", "Los Angeles, California"),
    "boston": ("Boston, MA", "Boston, Massachusetts"),
    "portland": ("Portland, OR", "Portland, Oregon"),
    "miami": ("Miami, FL",),
    "atlanta": ("Atlanta, GA", "Atlanta, Georgia"),
    "madrid": ("Madrid, Spain",),
    "amsterdam": ("Amsterdam, Netherlands", "Amsterdam"),
    "bangalore": ("Bengaluru, India", "Bangalore, Karnataka, India"),
    "warsaw": ("Warsaw, Poland",),
    "dublin": ("Dublin, Ireland",),
    "vancouver": ("Vancouver, BC", "Vancouver, British Columbia, Canada"),
    "munich": ("Munich, Germany", "München"),
    "manchester": ("Manchester, UK",),
    "mexico_city": ("Mexico City, Mexico",),
}
ALL_CITIES: tuple[str, ...] = tuple(CITY_TEXT)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aisha Ben Carmen Dmitri Elena Farid Grace Hiro Ines Jamal Kaito Lena Mateo Nadia Omar Priya Quinn Rosa "
    "Samir Tara Uma Victor Wen Ximena Yusuf Zoe Amir Bianca Chen Dario Esther Felix Gabriela Hannah Ivan Julia "
    "Kwame Leila Marco Noor Oscar Paula Rahul Sofia Tomas Valentina Wei Yara"
)
LAST_NAMES = _words(
    "Abbott Bauer Castillo Dubois Eriksen Fischer Gomez Haddad Ibrahim Jensen Kowalski Lindqvist Moreau Nakamura "
    "Okafor Petrov Quintero Rossi Schmidt Tanaka Ueda Varga Walsh Xu Yilmaz Zhang Alvarez Brennan Costa Duarte "
    "Evans Ferreira Garcia Hughes Iyer Joshi Kim Lopez Mendes Novak Ortiz Patel"
)
COMPANIES = (
    "Brightwave",
    "Quantive",
    "Harbor Analytics",
    "Tallyline",
    "Kestrel Health",
    "Orbital Freight",
    "Lumen Bank",
    "Cobalt Retail",
    "Fernway",
    "Pinecrest Software",
    "Atlas Ledger",
    "Mosaic Labs",
    "Ridgeway Insurance",
    "Nimbus Travel",
    "Copperleaf",
    "Sable Systems",
)
GENERIC_SKILLS = ("Git", "Agile", "Jira", "Mentoring", "Communication", "Scrum", "Confluence")

DEGREE_TEXT: dict[int, tuple[str, ...]] = {
    DOCTORATE: ("PhD, {study}", "Ph.D. in {study}", "Doctorate in {study}"),
    MASTER: ("MS {study}", "M.S. in {study}", "MSc {study}", "Master of Science, {study}", "Master's in {study}"),
    BACHELOR: (
        "BS {study}",
        "B.S. in {study}",
        "BSc {study}",
        "Bachelor of Science in {study}",
        "BA, {study}",
        "Bachelor's degree in {study}",
        "B.Eng. {study}",
    ),
    ASSOCIATE: ("Associate of Science, {study}", "AAS {study}", "Associate degree in {study}"),
    HIGH_SCHOOL: ("High school diploma", "GED", "High School"),
    NONE: ("Self-taught", "Coding bootcamp (General Assembly)", "No degree"),
}

SUMMARIES = (
    "{Role} with {years_text} building {focus}. Comfortable with {s1}, {s2} and {s3}; recently {win}.",
    "I build {focus} with {s1} and {s2}. {years_sentence}Most recently at {company}, where I {win}.",
    "{Role} focused on {focus}. {years_sentence}Day to day: {s1}, {s2}, {s3}.",
    "{years_sentence}At {company} I {win}. Looking for a team that cares about {focus}.",
    "Experienced {role} ({s1}, {s2}). {years_sentence}Recently {win}.",
)
YEARS_TEXT = (
    "{y}+ years of experience",
    "{y} years of hands-on experience",
    "over {y} years of professional experience",
)


@dataclass(frozen=True)
class Truth:
    years: int
    degree: int | None
    city: str | None
    wants_remote: bool


def level_of(years: int) -> str:
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    if years < 8:
        return "senior"
    return "staff"


def failing_filter(job: JobSpec, truth: Truth) -> str | None:
    """The first requirement of `job` the truth does not meet (labels' own rule, not the engine's)."""
    if job.label_min_years and truth.years < job.label_min_years:
        return "minimum_years"
    if (
        job.label_degree is not None
        and not job.label_degree_equivalent_ok
        and truth.degree is not None
        and truth.degree < job.label_degree
    ):
        return "degree"
    if job.onsite and (truth.wants_remote or truth.city != job.city):
        return "location"
    return None


def expected_jobs(archetype: Archetype, truth: Truth, target: str | None) -> list[str]:
    fits = [j for j in archetype.family if JOBS_BY_ID[j].is_open and failing_filter(JOBS_BY_ID[j], truth) is None]
    if target in fits:
        fits.remove(target)
        fits.insert(0, target)
    return fits


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.count = 0
        self.used_names: set[tuple[str, str]] = set()

    # ---- truths ----------------------------------------------------------------------------------

    def _family_requires_degree(self, archetype: Archetype) -> bool:
        return any(
            JOBS_BY_ID[j].label_degree is not None and not JOBS_BY_ID[j].label_degree_equivalent_ok
            for j in archetype.family
        )

    def _fit_years(self, archetype: Archetype, target: JobSpec) -> int:
        if archetype.key == "intern":
            return 0
        low = int(target.label_min_years)
        mins = {int(JOBS_BY_ID[j].label_min_years) for j in archetype.family if JOBS_BY_ID[j].label_min_years}
        # Stay clear of the year just under any family minimum: a label there would hinge on tolerance.
        choices = [y for y in range(low, low + 10) if y + 1 not in mins]
        return self.rng.choice(choices)

    def _fit_degree(self, archetype: Archetype, target: JobSpec) -> int | None:
        required = None if target.label_degree_equivalent_ok else target.label_degree
        if required is not None and required > NONE:
            ladder = [required, required, min(DOCTORATE, required + 1)]
            return self.rng.choice(ladder)
        if archetype.key in TECH_KEYS:
            options: list[int | None] = [BACHELOR, BACHELOR, MASTER, ASSOCIATE, NONE]
        else:
            options = [BACHELOR, BACHELOR, HIGH_SCHOOL, ASSOCIATE]
        if not self._family_requires_degree(archetype):
            options.append(None)
        return self.rng.choice(options)

    def _fit_place(self, target: JobSpec) -> tuple[str | None, bool]:
        if target.onsite:
            return target.city, False
        return self.rng.choice(ALL_CITIES), self.rng.random() < 0.45

    def fit_truth(self, archetype: Archetype, target: JobSpec) -> Truth:
        city, wants_remote = self._fit_place(target)
        return Truth(self._fit_years(archetype, target), self._fit_degree(archetype, target), city, wants_remote)

    # ---- rendering -------------------------------------------------------------------------------

    def _name(self) -> tuple[str, str]:
        while True:
            pair = (self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES))
            if pair not in self.used_names:
                self.used_names.add(pair)
                return pair

    def _pick_skills(self, archetype: Archetype) -> list[str]:
        rng = self.rng
        core = list(archetype.core)
        rng.shuffle(core)
        chosen = [rng.choice(group) for group in core[: rng.randint(max(2, len(core) - 2), len(core))]]
        extra = list(archetype.extra)
        rng.shuffle(extra)
        chosen += [rng.choice(group) for group in extra[: rng.randint(0, min(3, len(extra)))]]
        if rng.random() < 0.5:
            chosen.append(rng.choice(GENERIC_SKILLS))
        rng.shuffle(chosen)
        return list(dict.fromkeys(chosen))

    def _title(self, archetype: Archetype, years: int) -> str:
        prefixes = dict(archetype.levels)[level_of(years)]
        base = self.rng.choice(archetype.titles)
        prefix = self.rng.choice(prefixes)
        if prefix.strip() and prefix.strip().lower() in base.lower():
            prefix = ""
        return f"{prefix}{base}"

    def _degree(self, archetype: Archetype, level: int | None) -> str | None:
        if level is None:
            return None
        template = self.rng.choice(DEGREE_TEXT[level])
        return template.format(study=self.rng.choice(archetype.studies))

    def _summary(self, archetype: Archetype, skills: list[str], years: int, years_in_text: bool) -> str:
        rng = self.rng
        pool = [s for s in skills if s not in GENERIC_SKILLS] + [rng.choice(g) for g in archetype.core]
        pool = list(dict.fromkeys(pool))
        s1, s2, s3 = (pool + pool)[:3] if len(pool) >= 3 else (pool * 3)[:3]
        role = rng.choice(archetype.role_nouns)
        years_text = rng.choice(YEARS_TEXT).format(y=years) if years > 0 else "early-career experience"
        templates = [t for t in SUMMARIES if "{years" in t] if years_in_text else list(SUMMARIES)
        template = rng.choice(templates)
        years_sentence = f"{years_text[0].upper()}{years_text[1:]}. " if years_in_text and years > 0 else ""
        if "{years_text}" in template and not years_in_text:
            years_text = "experience"
            template = template.replace("with {years_text} building", "building")
        return template.format(
            Role=role[0].upper() + role[1:],
            role=role,
            years_text=years_text,
            years_sentence=years_sentence,
            focus=rng.choice(archetype.focus),
            s1=s1,
            s2=s2,
            s3=s3,
            win=rng.choice(archetype.wins),
            company=rng.choice(COMPANIES),
        )

    def _experience(self, archetype: Archetype, title: str, years: int, skills: list[str]) -> str:
        rng = self.rng
        end = 2026
        if years == 0:
            return f"Intern at {rng.choice(COMPANIES)} (summer 2025): {rng.choice(archetype.wins)}."
        split = max(1, years // 2)
        first = rng.choice(COMPANIES)
        second = rng.choice([c for c in COMPANIES if c != first])
        tools = ", ".join(skills[:2]) if skills else rng.choice(archetype.core)[0]
        lines = [f"{title} at {first} ({end - split}-present): {rng.choice(archetype.wins)}."]
        if years > 1:
            earlier = rng.choice(archetype.titles)
            focus = rng.choice(archetype.focus)
            lines.append(f"{earlier} at {second} ({end - years}-{end - split}): worked on {focus} with {tools}.")
        return "\n".join(lines)

    def _location(self, truth: Truth) -> tuple[str | None, bool | None]:
        rng = self.rng
        if truth.city is None:
            return rng.choice(("Remote", "Remote (anywhere)", "Remote - US")), None
        text = rng.choice(CITY_TEXT[truth.city])
        if truth.wants_remote:
            return text, True
        return text, rng.choice((None, None, False))

    def record(self, archetype: Archetype, truth: Truth, *, title: str | None = None) -> dict[str, Any]:
        rng = self.rng
        first, last = self._name()
        skills = self._pick_skills(archetype)
        title = title or self._title(archetype, truth.years)
        mode = rng.random()
        years_in_text = truth.years > 0 and mode < 0.15
        record: dict[str, Any] = {
            "email": f"{first.lower()}.{last.lower()}@example.com",
            "first_name": first,
            "last_name": last,
            "title": title,
            "company_name": rng.choice(COMPANIES),
        }
        if years_in_text or rng.random() > 0.1:
            record["summary"] = self._summary(archetype, skills, truth.years, years_in_text)
        if rng.random() > 0.1:
            record["skills"] = skills
        if rng.random() < 0.55:
            record["experience"] = self._experience(archetype, title, truth.years, skills)
        if not years_in_text:
            record["years_experience"] = f"{truth.years}+ years" if mode > 0.92 and truth.years else truth.years
        degree = self._degree(archetype, truth.degree)
        if degree is not None:
            record["degree"] = degree
        location, remote = self._location(truth)
        if location is not None:
            record["location"] = location
        if remote is not None:
            record["remote"] = remote
        record["link_urls"] = [f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"]
        return record

    # ---- candidates ------------------------------------------------------------------------------

    def _entry(
        self,
        kind: str,
        archetype: Archetype,
        truth: Truth,
        target: str | None,
        rejections: list[dict[str, str]],
        note: str,
        record: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.count += 1
        return {
            "id": f"cand_{self.count:03d}",
            "kind": kind,
            "archetype": archetype.key,
            "target_job_id": target,
            "expected_job_ids": expected_jobs(archetype, truth, target),
            "rejections": rejections,
            "note": note,
            "truth": {
                "years": truth.years,
                "degree_level": truth.degree,
                "city": truth.city,
                "wants_remote": truth.wants_remote,
            },
            "record": record or self.record(archetype, truth),
        }

    def fits(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for job in JOBS:
            if not job.is_open:
                continue
            archetype = ARCHETYPES_BY_KEY[TARGET_ARCHETYPE[job.id]]
            for _ in range(FITS_PER_JOB):
                truth = self.fit_truth(archetype, job)
                out.append(self._entry("fit", archetype, truth, job.id, [], f"meets every requirement of {job.id}"))
        return out

    def distractors(self) -> list[dict[str, Any]]:
        rng = self.rng
        out: list[dict[str, Any]] = []
        for job in JOBS:
            if not job.is_open:
                continue
            archetype = ARCHETYPES_BY_KEY[TARGET_ARCHETYPE[job.id]]
            base = self.fit_truth(archetype, job)
            family_mins = {int(JOBS_BY_ID[j].label_min_years) for j in archetype.family}
            # Right title and skills, too few years.
            if job.label_min_years >= 2:
                options = [y for y in range(0, int(job.label_min_years) - 1) if y + 1 not in family_mins]
                truth = Truth(rng.choice(options), base.degree, base.city, base.wants_remote)
                out.append(
                    self._entry(
                        "distractor",
                        archetype,
                        truth,
                        job.id,
                        [{"job_id": job.id, "filter": "minimum_years"}],
                        f"{truth.years}y for a {job.label_min_years:g}y minimum",
                    )
                )
            # Right skills and years, degree below the minimum.
            required = job.label_degree
            if required is not None and required >= ASSOCIATE and not job.label_degree_equivalent_ok:
                lower = required - 1 if required != BACHELOR else rng.choice((ASSOCIATE, HIGH_SCHOOL, NONE))
                truth = Truth(self._fit_years(archetype, job), lower, base.city, base.wants_remote)
                out.append(
                    self._entry(
                        "distractor",
                        archetype,
                        truth,
                        job.id,
                        [{"job_id": job.id, "filter": "degree"}],
                        f"degree level {lower} below {required}",
                    )
                )
            if job.onsite:
                # Wants remote only, for an on-site job (often living in the job's own city).
                city = job.city if rng.random() < 0.5 else rng.choice(ALL_CITIES)
                if rng.random() < 0.25:
                    city = None
                truth = Truth(self._fit_years(archetype, job), self._fit_degree(archetype, job), city, True)
                out.append(
                    self._entry(
                        "distractor",
                        archetype,
                        truth,
                        job.id,
                        [{"job_id": job.id, "filter": "location"}],
                        "wants remote only; the job is on-site",
                    )
                )
                # Lives elsewhere, does not ask for remote.
                elsewhere = rng.choice([c for c in ALL_CITIES if c != job.city])
                truth = Truth(self._fit_years(archetype, job), self._fit_degree(archetype, job), elsewhere, False)
                out.append(
                    self._entry(
                        "distractor",
                        archetype,
                        truth,
                        job.id,
                        [{"job_id": job.id, "filter": "location"}],
                        f"lives in {elsewhere}; the job is on-site in {job.city}",
                    )
                )
        return out

    def closed_fits(self) -> list[dict[str, Any]]:
        """People made for a CLOSED job: no open job of their family takes them."""
        out: list[dict[str, Any]] = []
        go = ARCHETYPES_BY_KEY["backend_go"]
        for years, city, remote in ((3, "denver", True), (3, "austin", False), (6, "boston", True), (7, None, True)):
            truth = Truth(years, self.rng.choice((BACHELOR, MASTER)), city, remote)
            out.append(self._entry("closed_fit", go, truth, "job_backend_go", [], "fits only the CLOSED Go job"))
        marketer = ARCHETYPES_BY_KEY["growth_marketer"]
        for years, city in ((5, "chicago"), (6, "los_angeles"), (9, "london")):
            truth = Truth(years, BACHELOR, city, False)
            out.append(self._entry("closed_fit", marketer, truth, "job_growth_marketing", [], "the role is CLOSED"))
        return out

    def no_fits(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for archetype in NO_FIT:
            truth = Truth(self.rng.randint(2, 12), BACHELOR, self.rng.choice(ALL_CITIES), False)
            out.append(self._entry("no_fit", archetype, truth, None, [], "no open job is about this work"))
        return out


def build() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    generator = Generator()
    candidates = generator.fits() + generator.distractors() + generator.closed_fits() + generator.no_fits()
    for entry in candidates:
        for rejection in entry["rejections"]:
            job = JOBS_BY_ID[rejection["job_id"]]
            truth = Truth(
                entry["truth"]["years"],
                entry["truth"]["degree_level"],
                entry["truth"]["city"],
                entry["truth"]["wants_remote"],
            )
            assert failing_filter(job, truth) == rejection["filter"], entry
    return [job.ats_job() for job in JOBS], candidates


def render(jobs: list[dict[str, Any]], candidates: list[dict[str, Any]]) -> tuple[str, str]:
    jobs_text = json.dumps(jobs, indent=2, ensure_ascii=False) + "\n"
    candidates_text = "".join(json.dumps(c, ensure_ascii=False, sort_keys=False) + "\n" for c in candidates)
    return jobs_text, candidates_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    args = parser.parse_args(argv)
    jobs_text, candidates_text = render(*build())
    if args.check:
        same = JOBS_FILE.read_text() == jobs_text and CANDIDATES_FILE.read_text() == candidates_text
        print("dataset is up to date" if same else "dataset differs from generate_dataset.py output")
        return 0 if same else 1
    JOBS_FILE.write_text(jobs_text)
    CANDIDATES_FILE.write_text(candidates_text)
    print(f"wrote {JOBS_FILE.name} and {CANDIDATES_FILE.name} ({candidates_text.count(chr(10))} candidates)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

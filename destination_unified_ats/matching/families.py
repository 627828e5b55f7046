"""Role families: what kind of work a title names, and which families are neighbours.

Words shared across families ("ICU", "ventilator", "Kubernetes", "pipeline", "quota") make a
respiratory therapist look like an ICU nurse to BM25, an SDR like an account executive and a pre-sales
solutions engineer like an SRE. The family of a job (from its name, else its description) and of a
candidate (from the title, else the summary and experience) settle it: the same or a compatible
family costs nothing, a neighbouring family is penalised, an unrelated one more.

The data lives here, in one place: `_FAMILY_TABLE` ("family: phrase | phrase"), then the compatible and
neighbouring pairs. Phrases are raw cleaned tokens ("front-end" reads "front end", "Sr." reads "sr").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

_FAMILY_TABLE = """
software: software engineer | software engineers | software developer | software development
    | software engineering | backend | back end | frontend | front end | fe | fullstack | full stack
    | web developer | web engineer | swe | sde | member of technical staff | mts | programmer
    | application developer | product engineer | founding engineer | python developer | python engineer
    | go developer | go engineer | golang developer | golang engineer | java developer | java engineer
    | javascript developer | typescript developer | react developer | react engineer | node developer
    | node engineer | ui engineer | ui developer | django developer | django engineer | rails developer
    | rails engineer | staff engineer | principal engineer
infrastructure: sre | platform engineer | platform engineering | site reliability | devops | dev ops
    | infrastructure engineer | infrastructure engineering | cloud engineer | cloud engineering
    | production engineer | release engineer | build engineer | reliability engineer | systems engineer
    | sysadmin | system administrator | systems administrator
qa: qa | quality assurance | sdet | test automation | test engineer | automation engineer
    | software engineer in test | quality engineer | tester
mobile: ios | android | mobile engineer | mobile developer | swift developer | kotlin developer
embedded: embedded | firmware
data_engineering: data engineer | data engineers | data engineering | etl developer | big data engineer
    | data platform engineer
analytics_engineering: analytics engineer | analytics engineering
analytics: data analyst | data analysts | data analytics | bi analyst | bi developer | bi engineer
    | business intelligence | reporting analyst | insights analyst | analytics analyst | business analyst
data_science: data scientist | data scientists | data science | decision scientist | quantitative analyst
    | quant analyst | research scientist
ml_engineering: machine learning engineer | machine learning engineering | ml engineer | mle | ai engineer
    | applied scientist | mlops | ml ops | machine learning scientist
product_management: product manager | product managers | product management | product owner | pm | apm
    | associate product manager | group product manager | product lead
product_design: product designer | ux designer | ui designer | ux ui designer | ui ux designer | ux ui | ui ux
    | interaction designer | ux researcher | user researcher | ux
graphic_design: graphic designer | visual designer | brand designer | graphic design
sales: account executive | account executives | ae | sales executive | sales representative | sales rep
    | sales manager | inside sales | outside sales
sales_development: sdr | bdr | sales development | business development representative | lead generation
customer_success: customer success | csm | client success | account manager | account management
solutions_engineering: solutions engineer | solutions engineering | sales engineer | solutions consultant
    | pre sales | presales | solution engineer | solutions architect | sales engineering
recruiting: recruiter | recruiters | recruiting | talent partner | talent acquisition | sourcer
    | talent advisor | headhunter
people_ops: hr | human resources | people partner | hr generalist | hrbp | people operations
    | hr business partner
nursing: nurse | nurses | nursing | rn | registered nurse | lpn | nurse practitioner
respiratory_therapy: respiratory therapist | respiratory therapy | respiratory care | rrt
pharmacy: pharmacist | pharmacy | pharmd
marketing: marketing | marketer | growth marketing | content marketing | seo specialist
education: teacher | teaching | tutor | lecturer
culinary: chef | cook | sous chef | line cook
finance: accountant | accounting | bookkeeper | financial controller | cpa
legal: paralegal | lawyer | attorney | legal counsel
trades: electrician | plumber | hvac technician
hardware_engineering: mechanical engineer | mechanical engineering | civil engineer | civil engineering
    | electrical engineer | structural engineer
it_support: it support | helpdesk | help desk | desktop support | service desk | it technician
logistics: warehouse | forklift | logistics associate
"""

# Different names for work that fits the same jobs: no penalty.
_COMPATIBLE = """
analytics_engineering ~ data_engineering
analytics_engineering ~ analytics
"""

# Work next door: shared vocabulary, different job.
_NEIGHBOURS = """
software ~ infrastructure
software ~ qa
software ~ mobile
software ~ embedded
software ~ ml_engineering
software ~ data_engineering
software ~ solutions_engineering
infrastructure ~ solutions_engineering
infrastructure ~ it_support
infrastructure ~ embedded
data_engineering ~ ml_engineering
ml_engineering ~ data_science
data_science ~ analytics
analytics ~ finance
product_management ~ product_design
product_design ~ graphic_design
sales ~ sales_development
sales ~ customer_success
sales ~ solutions_engineering
customer_success ~ sales_development
recruiting ~ people_ops
nursing ~ respiratory_therapy
nursing ~ pharmacy
marketing ~ sales_development
"""

SAME = 1.0
NEIGHBOUR = 0.5
UNRELATED = 0.3
UNKNOWN = 1.0


def _lines(table: str) -> list[str]:
    """Table lines, a line starting with "|" continuing the one before."""
    lines: list[str] = []
    for raw in table.strip().splitlines():
        if raw.strip().startswith("|") and lines:
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    return lines


def _phrases(table: str) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for line in _lines(table):
        family, _, phrases = line.partition(":")
        for phrase in phrases.split("|"):
            key = tuple(phrase.split())
            if key in out:
                raise ValueError(f"role phrase {phrase.strip()!r} is listed twice")
            out[key] = family.strip()
    return out


def _pairs(table: str) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p.strip() for p in line.split("~")) for line in table.strip().splitlines())


PHRASES: dict[tuple[str, ...], str] = _phrases(_FAMILY_TABLE)
FAMILIES: frozenset[str] = frozenset(PHRASES.values())
COMPATIBLE: frozenset[frozenset[str]] = _pairs(_COMPATIBLE)
NEIGHBOURS: frozenset[frozenset[str]] = _pairs(_NEIGHBOURS)
_MAX_WORDS = max(len(key) for key in PHRASES)
_STARTS = frozenset(key[0] for key in PHRASES)


def families_in(words: Sequence[str]) -> list[str]:
    """Families named by raw words, longest phrase first at each position ("software engineer in test" is QA)."""
    found: list[str] = []
    i, n = 0, len(words)
    while i < n:
        if words[i] in _STARTS:
            for size in range(min(_MAX_WORDS, n - i), 0, -1):
                family = PHRASES.get(tuple(words[i : i + size]))
                if family is not None:
                    found.append(family)
                    i += size
                    break
            else:
                i += 1
        else:
            i += 1
    return found


def title_families(words: Sequence[str]) -> frozenset[str]:
    """Every family a title names ("Data Engineer / Analytics Engineer" names two)."""
    return frozenset(families_in(words))


def text_family(words: Sequence[str]) -> frozenset[str]:
    """The family prose talks about most (ties: all of them); empty when it names none."""
    counts: dict[str, int] = {}
    for family in families_in(words):
        counts[family] = counts.get(family, 0) + 1
    if not counts:
        return frozenset()
    best = max(counts.values())
    return frozenset(f for f, c in counts.items() if c == best)


@lru_cache(maxsize=4096)
def _pair_fit(candidate: str, job: str) -> float:
    if candidate == job:
        return SAME
    pair = frozenset((candidate, job))
    if pair in COMPATIBLE:
        return SAME
    if pair in NEIGHBOURS:
        return NEIGHBOUR
    return UNRELATED


def family_fit(candidate: Iterable[str], job: Iterable[str]) -> float:
    """Best fit over the candidate's and the job's families; UNKNOWN when either names none."""
    best: float | None = None
    for c in candidate:
        for j in job:
            fit = _pair_fit(c, j)
            if best is None or fit > best:
                best = fit
    return UNKNOWN if best is None else best


def label(families: Iterable[str]) -> str:
    return "/".join(sorted(families)) or "unknown"

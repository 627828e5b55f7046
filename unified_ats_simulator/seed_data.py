"""Default seed: realistic jobs (open, closed, draft; some without skills) and the application statuses."""

from __future__ import annotations

from typing import Any

from unified_ats_simulator.vocab import APPLICATION_STATUSES


def _address(city: str, region: str, country: str, code: str) -> dict[str, str]:
    return {"city": city, "region": region, "country": country, "country_code": code}


def _question(qid: str, question: str, qtype: str, required: bool = True, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "question": question, "type": qtype, "required": required, **extra}


SF = _address("San Francisco", "California", "United States", "US")
NYC = _address("New York", "New York", "United States", "US")
BERLIN = _address("Berlin", "Berlin", "Germany", "DE")
LONDON = _address("London", "England", "United Kingdom", "GB")
TORONTO = _address("Toronto", "Ontario", "Canada", "CA")

WORK_AUTH = _question("q_work_auth", "Are you authorized to work in this country?", "YES_NO")
SPONSORSHIP = _question("q_sponsor", "Will you require visa sponsorship?", "YES_NO")
LINKEDIN = _question("q_linkedin", "LinkedIn profile", "URL", required=False)


def _job(job_id: str, name: str, status: str, **fields: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "id": job_id,
        "name": name,
        "status": status,
        "company_id": "company_acme",
        "employment_type": "FULL_TIME",
        "remote": False,
        "addresses": [SF],
        "questions": [WORK_AUTH],
        "metadata": [],
        "skills": [],
        "number_of_openings": 1,
    }
    job.update(fields)
    return job


DEFAULT_JOBS: list[dict[str, Any]] = [
    _job(
        "job_backend_sr",
        "Senior Backend Engineer",
        "OPEN",
        description="Own our Python/Go services: APIs, queues and Postgres at scale. On-call one week in six.",
        minimum_experience_years=5,
        minimum_degree="Bachelor's in Computer Science or equivalent",
        remote=True,
        addresses=[SF, NYC],
        questions=[WORK_AUTH, SPONSORSHIP, LINKEDIN],
        skills=["Python", "Go", "PostgreSQL", "Kubernetes"],
        metadata=[{"slug": "department", "value": "Engineering"}, {"slug": "level", "value": "L5"}],
        compensation=[{"type": "SALARY", "min": 180000, "max": 230000, "currency": "USD", "frequency": "YEAR"}],
        hiring_manager_ids=["user_eng_mgr"],
        recruiter_ids=["user_recruiter_1"],
    ),
    _job(
        "job_frontend",
        "Frontend Engineer",
        "OPEN",
        description="Build our React/TypeScript product surface with designers and PMs.",
        minimum_experience_years=3,
        minimum_degree="None required",
        remote=True,
        addresses=[BERLIN],
        skills=["TypeScript", "React", "CSS"],
        metadata=[{"slug": "department", "value": "Engineering"}],
    ),
    _job(
        "job_data_sci",
        "Data Scientist, Matching",
        "OPEN",
        description="Improve candidate-job matching with embeddings, ranking models and careful evaluation.",
        minimum_experience_years=3,
        minimum_degree="Master's in Statistics, CS or a related field",
        addresses=[NYC],
        questions=[WORK_AUTH, _question("q_pubs", "Link to a paper or project you are proud of", "URL", False)],
        metadata=[{"slug": "department", "value": "Data"}, {"slug": "requires_phd", "value": False}],
    ),
    _job(
        "job_ml_platform",
        "Staff ML Platform Engineer",
        "OPEN",
        description="Design training and serving infrastructure for ranking models; mentor the platform team.",
        minimum_experience_years=8,
        minimum_degree="Bachelor's in Computer Science",
        remote=True,
        addresses=[SF, TORONTO],
        skills=["Python", "PyTorch", "Kubernetes", "Ray"],
        metadata=[{"slug": "department", "value": "Engineering"}, {"slug": "level", "value": "L7"}],
    ),
    _job(
        "job_recruiter",
        "Technical Recruiter",
        "OPEN",
        description="Run full-cycle hiring for engineering roles and partner closely with hiring managers.",
        minimum_experience_years=2,
        minimum_degree="Bachelor's degree",
        addresses=[LONDON],
        metadata=[{"slug": "department", "value": "People"}],
    ),
    _job(
        "job_product_designer",
        "Product Designer",
        "OPEN",
        description="Own end-to-end design for the recruiter workspace, from research to polished UI.",
        minimum_experience_years=4,
        remote=True,
        addresses=[BERLIN, LONDON],
        questions=[WORK_AUTH, _question("q_portfolio", "Portfolio URL", "URL")],
        skills=["Figma", "Prototyping", "User research"],
    ),
    _job(
        "job_sre",
        "Site Reliability Engineer",
        "OPEN",
        description="Keep our platform fast and available: observability, incident response, capacity planning.",
        minimum_experience_years=4,
        minimum_degree="Bachelor's in Computer Science or equivalent",
        addresses=[TORONTO],
        employment_type="CONTRACTOR",
        metadata=[{"slug": "department", "value": "Engineering"}, {"slug": "contract_months", "value": 12}],
    ),
    _job(
        "job_sales_eng",
        "Solutions Engineer",
        "OPEN",
        description="Guide customers through technical evaluations and integrations of our ATS connectors.",
        minimum_experience_years=3,
        addresses=[NYC],
        questions=[WORK_AUTH, _question("q_travel", "Are you able to travel 25% of the time?", "YES_NO")],
    ),
    _job(
        "job_intern_swe",
        "Software Engineering Intern (Summer)",
        "OPEN",
        description="A 12-week internship on the integrations team, shipping real features with a mentor.",
        minimum_experience_years=0,
        minimum_degree="Currently enrolled in a Bachelor's or Master's program",
        employment_type="INTERN",
        addresses=[SF],
        questions=[WORK_AUTH, _question("q_grad", "Expected graduation date", "DATE")],
    ),
    _job(
        "job_eng_manager",
        "Engineering Manager, Integrations",
        "CLOSED",
        description="Lead a team of eight building ATS and HRIS integrations.",
        minimum_experience_years=7,
        addresses=[SF],
        closed_at="2025-11-30T00:00:00.000Z",
        metadata=[{"slug": "department", "value": "Engineering"}],
    ),
    _job(
        "job_support",
        "Customer Support Specialist",
        "CLOSED",
        description="Help customers connect their ATS; triage and reproduce integration issues.",
        minimum_experience_years=1,
        employment_type="PART_TIME",
        addresses=[LONDON],
        closed_at="2025-10-15T00:00:00.000Z",
    ),
    _job(
        "job_security",
        "Security Engineer",
        "DRAFT",
        description="Draft: application security, threat modelling and the SOC 2 program.",
        minimum_experience_years=5,
        minimum_degree="Bachelor's in Computer Science or equivalent",
        remote=True,
        skills=["AppSec", "Threat modelling"],
    ),
    _job(
        "job_devrel",
        "Developer Advocate",
        "ARCHIVED",
        description="Archived: write guides, talks and sample apps for our unified API.",
        minimum_experience_years=3,
        addresses=[NYC],
    ),
    _job(
        "job_pm",
        "Product Manager, Sourcing",
        "PENDING",
        description="Pending approval: own the sourcing and matching roadmap.",
        minimum_experience_years=5,
        addresses=[SF, NYC],
        metadata=[{"slug": "department", "value": "Product"}],
    ),
]

_STATUS_LABELS = {
    "NEW": "New",
    "REVIEWING": "Application Review",
    "SCREENING": "Recruiter Screen",
    "SUBMITTED": "Submitted to Hiring Manager",
    "FIRST_INTERVIEW": "Technical Interview",
    "SECOND_INTERVIEW": "Onsite",
    "THIRD_INTERVIEW": "Final Interview",
    "BACKGROUND_CHECK": "Background Check",
    "OFFERED": "Offer Extended",
    "ACCEPTED": "Offer Accepted",
    "HIRED": "Hired",
    "REJECTED": "Rejected",
    "DECLINED": "Candidate Declined",
    "WITHDRAWN": "Candidate Withdrew",
}

DEFAULT_APPLICATION_STATUSES: list[dict[str, Any]] = [
    {"id": f"status_{status.lower()}", "status": status, "original_status": label, "description": label}
    for status, label in _STATUS_LABELS.items()
    if status in APPLICATION_STATUSES
]

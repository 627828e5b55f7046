"""Shared helpers for the job-matching tests: small AtsJob factories and the evaluation modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "eval" / "job_matching"

SF = {
    "city": "San Francisco",
    "region": "California",
    "region_code": "CA",
    "country": "United States",
    "country_code": "US",
}
NYC = {"city": "New York", "region": "New York", "region_code": "NY", "country": "United States", "country_code": "US"}
BERLIN = {"city": "Berlin", "country": "Germany", "country_code": "DE"}


def make_job(job_id: str, name: str, description: str = "", **fields: Any) -> dict[str, Any]:
    """An AtsJob as Unified returns it; remote by default so location never interferes unless asked."""
    job: dict[str, Any] = {
        "id": job_id,
        "name": name,
        "description": description,
        "status": "OPEN",
        "minimum_experience_years": None,
        "minimum_degree": None,
        "employment_type": "FULL_TIME",
        "remote": True,
        "addresses": [],
        "questions": [],
        "metadata": [],
        "skills": [],
    }
    job.update(fields)
    return job


def load_eval_module(name: str) -> ModuleType:
    """Import a module of eval/job_matching by file (the directory is not a package)."""
    if str(EVAL_DIR) not in sys.path:
        sys.path.insert(0, str(EVAL_DIR))
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EVAL_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def backend_jobs() -> list[dict[str, Any]]:
    """Near-duplicate engineering postings plus one closed and one sales job."""
    return [
        make_job(
            "go",
            "Senior Backend Engineer (Go)",
            "<p>Build <b>Go</b> services with gRPC, PostgreSQL and Kafka on Kubernetes.</p>",
            minimum_experience_years=5,
            minimum_degree="Bachelor's",
            remote=False,
            addresses=[SF],
        ),
        make_job(
            "py",
            "Backend Engineer (Python)",
            "<p>Django and FastAPI REST APIs, PostgreSQL, Redis, Celery.</p>",
            minimum_experience_years=2,
        ),
        make_job(
            "fe",
            "Frontend Engineer (React)",
            "<ul><li>React, TypeScript, Next.js</li><li>CSS and accessibility</li></ul>",
            minimum_experience_years=2,
        ),
        make_job(
            "closed",
            "Backend Engineer (Go)",
            "Go, gRPC, PostgreSQL.",
            status="CLOSED",
        ),
        make_job(
            "ae",
            "Account Executive",
            "Close SaaS deals, own a quota, keep Salesforce up to date.",
            minimum_experience_years=2,
        ),
    ]

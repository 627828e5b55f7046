"""Published Airbyte sources (source-faker, source-file) into this destination through PyAirbyte.

Each test starts a local Unified ATS simulator, has PyAirbyte (in its own venv, scripts/pyairbyte_env.sh) run the
real source into the real connector process (`destination.write(source, cache=False)`), and checks what landed in
the simulator. The tests skip, loudly, when PyAirbyte or the sources cannot be installed (REAL_SOURCES_REQUIRED=1
turns that into a failure); see pyairbyte_runner.py for the knobs.
"""

from __future__ import annotations

import csv
import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from destination_unified_ats.records import email_key
from integration_tests.real_sources.pyairbyte_runner import DriverResult, PyAirbyteDriver, destination_executable
from unified_ats_simulator import SimulatorServer

pytestmark = pytest.mark.slow

JOB = "job_backend_sr"


@pytest.fixture(scope="module")
def pyairbyte() -> Iterator[PyAirbyteDriver]:
    """One PyAirbyte process for the module (skips, loudly, when .venv-pyairbyte cannot be set up)."""
    driver = PyAirbyteDriver()
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer() as server:
        yield server


def destination_config(sim: SimulatorServer, tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {
        "api_token": sim.token,
        "connection_id": sim.connection_id,
        "base_url": sim.base_url,
        "default_job_id": JOB,
        "rejected_records_path": str(tmp_path / "rejected.jsonl"),
        **extra,
    }


def mappings(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"source_path": path, "record_field": field} for path, field in pairs]


def require_field_mappings_in_spec() -> None:
    """The mapping tests need the connector to read `field_mappings`; say so plainly when it does not yet."""
    proc = subprocess.run([destination_executable(), "spec"], capture_output=True, text=True, timeout=60)
    spec = next(
        (m["spec"] for line in proc.stdout.splitlines() if (m := _json(line)) and m.get("type") == "SPEC"), None
    )
    assert spec is not None, f"`destination-unified-ats spec` printed no SPEC message:\n{proc.stdout}\n{proc.stderr}"
    properties = spec["connectionSpecification"].get("properties", {})
    missing = [key for key in ("field_mappings", "auto_detect_fields") if key not in properties]
    if missing:
        pytest.fail(
            f"the connector's spec has no {', '.join(missing)}: wire destination_unified_ats.field_mapping into "
            "config.py (field_mappings: list[FieldMapping], auto_detect_fields: bool = True) and the pipeline "
            "(FieldMapper(...).apply(data) before parse_record)",
            pytrace=False,
        )


def _json(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def written(run: DriverResult) -> None:
    assert run.returncode == 0 and "error" not in run.result, run.describe()


def rejected_rows(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "rejected.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def by_email(sim: SimulatorServer) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for candidate in sim.candidates():
        for entry in candidate.get("emails") or []:
            key = email_key(entry["email"])
            assert key not in result, f"two candidates carry {key}"
            result[key] = candidate
    return result


def metadata(candidate: dict[str, Any]) -> dict[str, Any]:
    return {m["slug"]: m["value"] for m in candidate.get("metadata") or []}


def assert_one_application_each(sim: SimulatorServer, candidates: dict[str, dict[str, Any]]) -> None:
    applications = sim.applications()
    per_candidate = Counter(a["candidate_id"] for a in applications)
    ids = {c["id"] for c in candidates.values()}
    assert set(per_candidate) == ids
    assert all(count == 1 for count in per_candidate.values()), per_candidate
    assert {a["job_id"] for a in applications} == {JOB}


# --- source-faker -------------------------------------------------------------------------------------------------------

FAKER = {"count": 30, "seed": 2024, "parallelism": 1, "records_per_slice": 10}


def test_faker_users_land_by_email_without_any_mapping(
    pyairbyte: PyAirbyteDriver, sim: SimulatorServer, tmp_path: Path
) -> None:
    """The PyAirbyte plumbing alone: faker's users already carry `email` and `name`."""
    run = pyairbyte.run("source-faker", FAKER, ["users"], destination_config(sim, tmp_path))
    written(run)
    users = run.records
    assert len(users) == FAKER["count"], run.describe()
    assert run.result["processed_records"] == FAKER["count"]
    emails = {email_key(u["email"]) for u in users}
    candidates = by_email(sim)
    assert set(candidates) == emails
    assert len(sim.candidates()) == len(emails)
    for user in users:
        candidate = candidates[email_key(user["email"])]
        assert candidate["origin"] == "SOURCED"
        assert candidate["name"] == user["name"] or candidate["first_name"] == user["name"].split()[0]
    assert_one_application_each(sim, candidates)
    assert rejected_rows(tmp_path) == []


def test_faker_users_with_field_mappings(pyairbyte: PyAirbyteDriver, sim: SimulatorServer, tmp_path: Path) -> None:
    """faker's `title` is an honorific ("Mrs."): the mapping makes `occupation` the title, `address.city` the
    location; `telephone` and `academic_degree` are picked up by alias."""
    require_field_mappings_in_spec()
    config = destination_config(
        sim,
        tmp_path,
        field_mappings=mappings(("occupation", "title"), ("address.city", "location"), ("name", "name")),
        source_name="faker",
    )
    run = pyairbyte.run("source-faker", FAKER, ["users"], config)
    written(run)
    users = run.records
    assert len(users) == FAKER["count"], run.describe()
    candidates = by_email(sim)
    assert len(sim.candidates()) == len({email_key(u["email"]) for u in users}) == len(candidates)
    last_by_email = {email_key(u["email"]): u for u in users}
    first_by_email = {email_key(u["email"]): u for u in reversed(users)}
    for key, candidate in candidates.items():
        user = first_by_email[key]  # the record that created the candidate
        assert candidate["title"] == user["occupation"], (candidate, user)
        assert candidate["title"] not in ("Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.")
        assert candidate["name"] == user["name"] or candidate["first_name"] == user["name"].split()[0]
        assert metadata(candidate)["location"] in {user["address"]["city"], last_by_email[key]["address"]["city"]}
        assert metadata(candidate)["degree"] == user["academic_degree"]
        assert [t["telephone"] for t in candidate.get("telephones") or []] == [user["telephone"]]
    assert_one_application_each(sim, candidates)
    assert rejected_rows(tmp_path) == []


# --- source-file (a CSV of candidates) -----------------------------------------------------------------------------------

CSV_ROWS = [
    {
        "Email": "jane.doe@example.com",
        "First Name": "Jane",
        "Last Name": "Doe",
        "Job Title": "Staff Engineer",
        "Company": "Acme",
        "LinkedIn": "https://www.linkedin.com/in/janedoe",
        "Skills": "python;kubernetes",
        "Years of Experience": "11",
    },
    {
        "Email": "raj.patel@example.com",
        "First Name": "Raj",
        "Last Name": "Patel",
        "Job Title": "Data Scientist",
        "Company": "Globex",
        "LinkedIn": "https://www.linkedin.com/in/rajpatel",
        "Skills": "sql;pytorch",
        "Years of Experience": "6",
    },
    {  # the same person again, differently cased: one candidate, one application
        "Email": " JANE.DOE@Example.com",
        "First Name": "Jane",
        "Last Name": "Doe",
        "Job Title": "Principal Engineer",
        "Company": "Acme",
        "LinkedIn": "https://www.linkedin.com/in/janedoe",
        "Skills": "python",
        "Years of Experience": "12",
    },
    {  # no email at all: rejected with the mapper's reason, the sync goes on
        "Email": "",
        "First Name": "Nobody",
        "Last Name": "Known",
        "Job Title": "Ghost",
        "Company": "Initech",
        "LinkedIn": "",
        "Skills": "",
        "Years of Experience": "",
    },
    {
        "Email": "mei.chen@example.org",
        "First Name": "Mei",
        "Last Name": "Chen",
        "Job Title": "Backend Engineer",
        "Company": "Hooli",
        "LinkedIn": "https://www.linkedin.com/in/meichen",
        "Skills": "go;postgresql;kafka",
        "Years of Experience": "4",
    },
]


def write_csv(path: Path) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CSV_ROWS[0]))
        writer.writeheader()
        writer.writerows(CSV_ROWS)
    return path


def test_csv_file_with_field_mappings(pyairbyte: PyAirbyteDriver, sim: SimulatorServer, tmp_path: Path) -> None:
    """Explicit mappings for Email, Job Title and LinkedIn; First Name, Last Name, Company, Skills and Years of
    Experience are found by auto-detection."""
    require_field_mappings_in_spec()
    csv_path = write_csv(tmp_path / "candidates.csv")
    source_config = {
        "dataset_name": "candidates",
        "format": "csv",
        "url": str(csv_path),
        "provider": {"storage": "local"},
        "reader_options": json.dumps({"dtype": "string"}),  # keep every cell text: no int/float guessing
    }
    config = destination_config(
        sim,
        tmp_path,
        field_mappings=mappings(("Email", "email"), ("Job Title", "title"), ("LinkedIn", "link_urls")),
        tags=["csv-import"],
    )
    # source-file is full-refresh only, and PyAirbyte's "auto" strategy then asks for `overwrite`, which this
    # connector refuses (it never deletes people): a user picks append, as in the Airbyte UI.
    run = pyairbyte.run(
        "source-file", source_config, ["candidates"], config, read_records=False, write_strategy="append"
    )  # rows: CSV_ROWS
    written(run)
    assert run.result["processed_records"] == len(CSV_ROWS), run.describe()

    candidates = by_email(sim)
    assert set(candidates) == {"jane.doe@example.com", "raj.patel@example.com", "mei.chen@example.org"}
    assert len(sim.candidates()) == 3
    jane, raj, mei = (candidates[k] for k in ("jane.doe@example.com", "raj.patel@example.com", "mei.chen@example.org"))
    assert (jane["first_name"], jane["last_name"], jane["title"], jane["company_name"]) == (
        "Jane",
        "Doe",
        "Staff Engineer",  # created from the first row; a later row does not overwrite the profile
        "Acme",
    )
    assert jane["link_urls"] == ["https://www.linkedin.com/in/janedoe"]
    assert jane["skills"] == ["python", "kubernetes"]
    assert (raj["title"], raj["company_name"], raj["skills"]) == ("Data Scientist", "Globex", ["sql", "pytorch"])
    assert (mei["first_name"], mei["last_name"], mei["title"]) == ("Mei", "Chen", "Backend Engineer")
    assert mei["link_urls"] == ["https://www.linkedin.com/in/meichen"]
    assert metadata(mei)["years_experience"] == 4
    assert all("csv-import" in (c.get("tags") or []) for c in candidates.values())
    assert_one_application_each(sim, candidates)

    rejected = rejected_rows(tmp_path)
    assert len(rejected) == 1, rejected
    reasons = " ".join(rejected[0]["rejections"])
    assert "email" in reasons and "'Email'" in reasons, reasons  # names the mapping that found nothing
    assert "Nobody" not in reasons and "Initech" not in reasons  # field names, never values

"""Field mappings and alias auto-detection through the real connector process."""

from __future__ import annotations

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector
from unified_ats_simulator import SimulatorServer


def test_nested_paths_and_aliases_feed_the_workflow(sim: SimulatorServer) -> None:
    rows = [
        {
            "person": {"contact": {"emails": [{"value": "Nested@X.io"}]}, "given": "Nia", "family": "Stone"},
            "headline": "Data Engineer",
            "links": [{"url": "https://github.com/nia"}, {"url": "https://nia.dev"}],
            "req": "job_backend_sr",
        },
        {
            "Email": "alias@x.io",
            "firstName": "Al",
            "lastName": "Ias",
            "Company": "Acme",
            "linkedin": "https://linkedin.com/in/al",
        },
        {"nothing": "useful", "Name": "No Mail"},
    ]
    mappings = [
        {"source_path": "person.contact.emails[0].value", "record_field": "email"},
        {"source_path": "person.given", "record_field": "first_name"},
        {"source_path": "person.family", "record_field": "last_name"},
        {"source_path": "links[*].url", "record_field": "link_urls"},
        {"source_path": "req", "record_field": "job_id"},
    ]
    result = run_connector(
        "write", connector_config(sim, field_mappings=mappings), catalog("people"), [record("people", r) for r in rows]
    )
    assert result.returncode == 0, result.stdout[-2000:]
    candidates = {c["emails"][0]["email"]: c for c in sim.candidates()}
    nested = candidates["Nested@X.io"]
    assert (nested["first_name"], nested["last_name"], nested["title"]) == ("Nia", "Stone", "Data Engineer")
    assert nested["link_urls"] == ["https://github.com/nia", "https://nia.dev"]
    assert [a["job_id"] for a in sim.applications()] == ["job_backend_sr"]
    alias = candidates["alias@x.io"]
    assert (alias["first_name"], alias["company_name"], alias["link_urls"]) == (
        "Al",
        "Acme",
        ["https://linkedin.com/in/al"],
    )
    line = next(line for line in result.logs if line.startswith("record #3 of stream 'people' rejected"))
    assert "record: email:" in line and "nothing" in line


def test_auto_detection_can_be_turned_off(sim: SimulatorServer) -> None:
    result = run_connector(
        "write",
        connector_config(sim, auto_detect_fields=False),
        catalog("people"),
        [record("people", {"Email": "off@x.io"})],
    )
    assert result.returncode == 0
    assert sim.candidates() == []
    assert "record: email: missing" in result.log_text()

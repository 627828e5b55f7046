"""Each runtime knob: latency, rate limit (both Retry-After forms), random faults, search lag, seed."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import ats, candidate_body, client_for, create
from unified_ats_simulator import SimulatorServer


def test_latency_is_added_to_api_requests_not_admin(make_sim: SimFactory) -> None:
    sim = make_sim(latency_ms=200)
    with client_for(sim) as client:
        started = time.monotonic()
        assert client.get(ats(sim, "job")).status_code == 200
        assert time.monotonic() - started >= 0.2
        started = time.monotonic()
        client.get("/_admin/config")
        assert time.monotonic() - started < 0.15
        sim.configure(latency_ms=0)
        started = time.monotonic()
        client.get(ats(sim, "job"))
        assert time.monotonic() - started < 0.15


@pytest.mark.parametrize("fmt", ["seconds", "http-date"])
def test_rate_limit_answers_429_with_retry_after(make_sim: SimFactory, fmt: str) -> None:
    sim = make_sim(rate_limit_rps=2, rate_limit_burst=2, retry_after_format=fmt)
    with client_for(sim) as client:
        statuses = [client.get(ats(sim, "job")).status_code for _ in range(2)]
        limited = client.get(ats(sim, "job"))
    assert statuses == [200, 200]
    assert limited.status_code == 429
    assert limited.json() == {"message": "rate limit exceeded; retry later", "status": 429}
    retry_after = limited.headers["Retry-After"]
    if fmt == "seconds":
        assert retry_after == "1"
    else:
        when = parsedate_to_datetime(retry_after)
        now = datetime.now(UTC)
        assert now - timedelta(seconds=1) <= when <= now + timedelta(seconds=3)
    assert sim.state.log.outcomes()["rate_limited"] == 1


def test_rate_limit_refills(make_sim: SimFactory) -> None:
    sim = make_sim(rate_limit_rps=4, rate_limit_burst=1)
    with client_for(sim) as client:
        assert client.get(ats(sim, "job")).status_code == 200
        assert client.get(ats(sim, "job")).status_code == 429
        time.sleep(0.3)
        assert client.get(ats(sim, "job")).status_code == 200


def test_error_rate_fails_before_applying(make_sim: SimFactory) -> None:
    sim = make_sim(error_rate=1.0, seed=1)
    with client_for(sim) as client:
        statuses = {client.post(ats(sim, "candidate"), json=candidate_body()).status_code for _ in range(10)}
        assert statuses <= {500, 502, 503, 504}
        assert sim.candidates() == []
        assert client.get(f"/unified/connection/{sim.connection_id}").status_code == 200  # /ats only
        assert client.get("/_admin/state").status_code == 200


def test_applied_then_error_leaves_the_object_created(make_sim: SimFactory) -> None:
    sim = make_sim(applied_then_error_rate=1.0)
    with client_for(sim) as client:
        response = client.post(ats(sim, "candidate"), json=candidate_body("applied@example.com"))
        assert response.status_code in (500, 502)
        assert [c["emails"][0]["email"] for c in sim.candidates()] == ["applied@example.com"]
        assert client.get(ats(sim, "job")).status_code == 200  # reads are never "applied then failed"
    assert sim.requests()[0].outcome == "applied_then_error"


def test_drop_closes_the_connection_after_applying(make_sim: SimFactory) -> None:
    sim = make_sim(drop_rate=1.0)
    with client_for(sim) as client, pytest.raises(httpx.TransportError):
        client.post(ats(sim, "candidate"), json=candidate_body("dropped@example.com"))
    assert [c["emails"][0]["email"] for c in sim.candidates()] == ["dropped@example.com"]
    record = sim.requests()[-1]
    assert (record.outcome, record.status, record.object_id) == ("dropped", 0, sim.candidates()[0]["id"])
    sim.configure(drop_rate=0)
    with client_for(sim) as client:  # the server keeps serving new connections
        assert client.get(ats(sim, "candidate")).status_code == 200


def test_search_lag_hides_new_candidates_from_query_only(make_sim: SimFactory) -> None:
    sim = make_sim(search_lag_seconds=0.5)
    with client_for(sim) as client:
        created = create(client, sim, "candidate", candidate_body("lagging@example.com"))
        assert client.get(ats(sim, "candidate"), params={"query": "lagging@example.com"}).json() == []
        assert client.get(ats(sim, "candidate"), params={"query": "Jane"}).json() == []
        assert [c["id"] for c in client.get(ats(sim, "candidate")).json()] == [created["id"]]
        assert client.get(ats(sim, "candidate", created["id"])).status_code == 200
        time.sleep(0.55)
        found = client.get(ats(sim, "candidate"), params={"query": "LAGGING@example.com"}).json()
        assert [c["id"] for c in found] == [created["id"]]
        # an update makes the candidate lag again
        client.patch(ats(sim, "candidate", created["id"]), json={"title": "CTO"})
        assert client.get(ats(sim, "candidate"), params={"query": "lagging@example.com"}).json() == []


def _statuses(sim: SimulatorServer, n: int) -> list[int]:
    with client_for(sim) as client:
        return [client.get(ats(sim, "job")).status_code for _ in range(n)]


def test_seed_makes_random_faults_reproducible(make_sim: SimFactory) -> None:
    first = _statuses(make_sim(error_rate=0.5, seed=42), 30)
    second = _statuses(make_sim(error_rate=0.5, seed=42), 30)
    assert first == second
    assert 200 in first and any(s >= 500 for s in first)


def test_knobs_are_validated(sim: SimulatorServer, client: httpx.Client) -> None:
    with pytest.raises(ValueError, match="error_rate"):
        sim.configure(error_rate=1.5)
    with pytest.raises(ValueError, match="unknown"):
        sim.configure(latency=5)
    response = client.post("/_admin/config", json={"retry_after_format": "minutes"})
    assert response.status_code == 400 and "retry_after_format" in response.json()["message"]
    with pytest.raises(ValueError):
        SimulatorServer(drop_rate=-1)

"""Chaos runs: the real connector process against a faulty simulator, killed with SIGKILL at random points
and replayed from the last state it emitted (as the Airbyte platform does), until the input is done.

Then the simulator's end state is compared with what the input asks for: zero duplicate and zero missing
candidates, applications and documents.
"""

from __future__ import annotations

import base64
import json
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from integration_tests.harness import CONNECTOR
from unified_ats_simulator import SimulatorServer

PDF = base64.b64encode(b"%PDF-1.4\n% chaos resume\n%%EOF\n").decode()
OPEN_JOBS = ["job_backend_sr", "job_frontend", "job_sre", "job_data_sci"]


@dataclass
class ChaosSettings:
    records: int = 300
    duplicate_share: float = 0.10
    state_every: int = 25
    kills: int = 3
    seed: int = 7
    error_rate: float = 0.10
    applied_then_error_rate: float = 0.05
    drop_rate: float = 0.02
    rate_limit_rps: float = 150.0
    search_lag_seconds: float = 5.0
    latency_ms: float = 2.0
    max_concurrency: int = 8
    token: str = "chaos-secret-token-5f2b9c1e7d"
    candidate_lookup: str = "auto"


@dataclass
class ChaosReport:
    records: int
    distinct_emails: int
    attempts: int
    kills: int
    wall_seconds: float
    duplicate_candidates: int
    missing_candidates: int
    duplicate_applications: int
    missing_applications: int
    duplicate_documents: int
    missing_documents: int
    wrong_stages: int
    token_leaks: int
    rejected: int
    server_outcomes: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not any(
            (
                self.duplicate_candidates,
                self.missing_candidates,
                self.duplicate_applications,
                self.missing_applications,
                self.duplicate_documents,
                self.missing_documents,
                self.wrong_stages,
                self.token_leaks,
                self.rejected,
            )
        )

    def summary(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "outputs"}
        data["clean"] = self.clean
        return data


def make_input(settings: ChaosSettings) -> list[dict[str, Any]]:
    """Records (with ~duplicate_share repeats of earlier emails in other case/space) and periodic states."""
    rng = random.Random(settings.seed)
    messages: list[dict[str, Any]] = []
    emails: list[str] = []
    for index in range(settings.records):
        if emails and rng.random() < settings.duplicate_share:
            email = rng.choice(emails)
            email = f"  {email.upper()} " if rng.random() < 0.5 else email
        else:
            email = f"person{index:05d}@chaos.example"
            emails.append(email)
        data = {
            "email": email,
            "name": f"Person {index}",
            "job_id": OPEN_JOBS[hash(email.strip().lower()) % len(OPEN_JOBS)],
            "tags": ["chaos"],
            "resume_base64": PDF,
            "resume_filename": "resume.pdf",
        }
        messages.append({"type": "RECORD", "record": {"stream": "people", "data": data, "emitted_at": 0}})
        if (index + 1) % settings.state_every == 0 or index + 1 == settings.records:
            messages.append(
                {
                    "type": "STATE",
                    "state": {
                        "type": "STREAM",
                        "id": index + 1,
                        "stream": {"stream_descriptor": {"name": "people"}, "stream_state": {"n": index + 1}},
                    },
                }
            )
    return messages


def run_chaos(settings: ChaosSettings) -> ChaosReport:
    messages = make_input(settings)
    rng = random.Random(settings.seed + 1)
    catalog = {
        "streams": [
            {
                "stream": {"name": "people", "json_schema": {}, "supported_sync_modes": ["incremental"]},
                "sync_mode": "incremental",
                "destination_sync_mode": "append_dedup",
            }
        ]
    }
    started = time.monotonic()
    outputs: list[str] = []
    attempts = kills = 0
    with (
        SimulatorServer(
            token=settings.token,
            seed=settings.seed,
            latency_ms=settings.latency_ms,
            search_lag_seconds=settings.search_lag_seconds,
            rate_limit_rps=settings.rate_limit_rps,
            error_rate=settings.error_rate,
            applied_then_error_rate=settings.applied_then_error_rate,
            drop_rate=settings.drop_rate,
        ) as sim,
        tempfile.TemporaryDirectory() as tmp,
    ):
        config = {
            "api_token": settings.token,
            "connection_id": sim.connection_id,
            "base_url": sim.base_url,
            "application_status": "REVIEWING",
            "tags": ["sourced"],
            "max_concurrency": settings.max_concurrency,
            "search_lag_seconds": 60,
            "max_retry_seconds": 120,
            "candidate_lookup": settings.candidate_lookup,
        }
        Path(tmp, "config.json").write_text(json.dumps(config))
        Path(tmp, "catalog.json").write_text(json.dumps(catalog))
        remaining = messages
        while remaining:
            attempts += 1
            kill_after = rng.uniform(0.2, 2.0) if kills < settings.kills else None
            emitted, output, killed = _attempt(tmp, remaining, kill_after)
            outputs.append(output)
            kills += killed
            if not killed:
                break
            remaining = _after_last_state(remaining, emitted)
        report = _verify(sim, messages, settings, outputs)
    report.attempts, report.kills = attempts, kills
    report.wall_seconds = round(time.monotonic() - started, 1)
    report.outputs = outputs
    return report


def _attempt(
    tmp: str, messages: list[dict[str, Any]], kill_after: float | None
) -> tuple[list[dict[str, Any]], str, bool]:
    """One connector process; returns the states it emitted, everything it printed, and whether it was killed."""
    input_path = Path(tmp, "input.jsonl")
    input_path.write_text("".join(json.dumps(m) + "\n" for m in messages))
    killed = threading.Event()
    chunks: list[bytes] = []
    with input_path.open("rb") as stdin:
        proc = subprocess.Popen(
            [
                CONNECTOR,
                "write",
                "--config",
                str(Path(tmp, "config.json")),
                "--catalog",
                str(Path(tmp, "catalog.json")),
            ],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        timer: threading.Timer | None = None
        # The kill clock starts when the connector starts writing (its first log line), not at process start.
        for line in proc.stdout:
            chunks.append(line)
            if kill_after is not None and timer is None:
                timer = threading.Timer(kill_after, lambda: (killed.set(), os.kill(proc.pid, signal.SIGKILL)))
                timer.start()
        proc.wait(timeout=600)
        stderr = proc.stderr.read()
        if timer is not None:
            timer.cancel()
    stdout = b"".join(chunks)
    text = stdout.decode(errors="replace")
    states = []
    for line in text.splitlines():
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by the kill
        if message.get("type") == "STATE":
            states.append(message["state"])
    was_killed = killed.is_set() and proc.returncode == -signal.SIGKILL
    if not was_killed and proc.returncode != 0:
        raise AssertionError(f"connector failed ({proc.returncode}):\n{text[-3000:]}\n{stderr.decode()[-2000:]}")
    return states, text + stderr.decode(errors="replace"), was_killed


def _after_last_state(messages: list[dict[str, Any]], emitted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the platform replays: everything after the last state the destination emitted."""
    if not emitted:
        return messages
    last_id = emitted[-1]["id"]
    for index, message in enumerate(messages):
        if message["type"] == "STATE" and message["state"]["id"] == last_id:
            return messages[index + 1 :]
    raise AssertionError(f"emitted state {last_id} is not in the input")


def _verify(
    sim: SimulatorServer, messages: list[dict[str, Any]], settings: ChaosSettings, outputs: list[str]
) -> ChaosReport:
    wanted_apps: set[tuple[str, str]] = set()
    emails: set[str] = set()
    records = 0
    for message in messages:
        if message["type"] != "RECORD":
            continue
        records += 1
        data = message["record"]["data"]
        email = data["email"].strip().lower()
        emails.add(email)
        wanted_apps.add((email, data["job_id"]))
    candidates = sim.candidates()
    by_email = Counter(e["email"].strip().lower() for c in candidates for e in c.get("emails", []))
    email_of = {c["id"]: c["emails"][0]["email"].strip().lower() for c in candidates}
    applications = sim.applications()
    apps = Counter((email_of.get(a["candidate_id"]), a["job_id"]) for a in applications)
    docs = Counter((email_of.get(d.get("candidate_id")), d["filename"]) for d in sim.documents())
    leaks = sum(out.count(settings.token) for out in outputs)
    rejected = sum(out.count(" rejected: ") for out in outputs)
    return ChaosReport(
        records=records,
        distinct_emails=len(emails),
        attempts=0,
        kills=0,
        wall_seconds=0.0,
        duplicate_candidates=sum(n - 1 for n in by_email.values() if n > 1),
        missing_candidates=len(emails - set(by_email)),
        duplicate_applications=sum(n - 1 for n in apps.values() if n > 1),
        missing_applications=len(wanted_apps - set(apps)),
        duplicate_documents=sum(n - 1 for n in docs.values() if n > 1),
        missing_documents=len({(e, "resume.pdf") for e in emails} - set(docs)),
        wrong_stages=sum(1 for a in applications if a.get("status") != "REVIEWING"),
        token_leaks=leaks,
        rejected=rejected,
        server_outcomes=sim.state.log.outcomes(),
    )

"""The connector's container image, built and run with podman: spec, check and write against the simulator.

No Docker engine exists on these machines and no base image can be pulled, so the image is built with
podman (as root) from a local Debian bookworm base that `scripts/container_setup.sh` makes, the way the
team's container notes describe. The image is tagged by a hash of its build context and the base image,
so a run with an unchanged context reuses it and only runs the containers.

When podman cannot be installed or run here the tests are skipped with a loud reason, also printed to the
terminal and raised as a warning: never a silent pass.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
import yaml

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SETUP_SCRIPT = REPO / "scripts" / "container_setup.sh"
BASE_IMAGE = os.environ.get("BASE_IMAGE_NAME", "localhost/bookworm-base")
IMAGE_REPO = "localhost/destination-unified-ats"
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
BUILDER_LABEL = "destination-unified-ats.build-stage=builder"
# crun fails on cgroups here and the default nofile limit cannot be set: runc with explicit ulimits.
RUN_ARGS = ["--runtime", "runc", "run", "--rm", "-i", "--network", "host"]
RUN_ARGS += ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"]
BUILD_ARGS = ["build", "--isolation", "chroot", "--network", "host", "--build-arg", f"BASE_IMAGE={BASE_IMAGE}"]
# The build context as .dockerignore lets it through; their contents name the image.
CONTEXT_FILES = ("Dockerfile", ".dockerignore", "pyproject.toml", "poetry.lock", "README.md", "main.py")
CONTEXT_DIRS = ("destination_unified_ats",)
SIM_TOKEN = "sim-token"
SIM_CONNECTION = "conn_sim"

# One setup or build at a time on this machine: pytest-xdist workers and parallel runs each reach the
# module fixtures, and two apt-gets or two identical builds at once only fail or waste minutes.
LOCK_PATH = Path(tempfile.gettempdir(), "destination-unified-ats-container.lock")

TIMINGS: dict[str, str] = {}


def _terminal(config: pytest.Config, text: str) -> None:
    """Write past pytest's output capture, so a skip or a timing is seen even with -q."""
    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
    else:
        sys.stderr.write(text + "\n")


def _skip_loudly(config: pytest.Config, why: str) -> NoReturn:
    message = (
        "CONTAINER TESTS NOT RUN: " + why + " -- the connector image was NOT built or tested here. "
        "Run `sudo bash scripts/container_setup.sh` on a machine where podman works (see the container notes)."
    )
    _terminal(config, "\n" + "!" * 100 + "\n" + message + "\n" + "!" * 100)
    warnings.warn(message, UserWarning, stacklevel=2)
    pytest.skip(message)


@contextlib.contextmanager
def machine_lock(timeout: float = 2400) -> Iterator[None]:
    with LOCK_PATH.open("a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"waited {timeout:.0f}s for {LOCK_PATH}: another container setup or build holds it")
                time.sleep(1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@pytest.fixture(scope="module")
def podman(request: pytest.FixtureRequest) -> str:
    """podman, runc and the local base image, via the idempotent setup script."""
    config = request.config
    if os.name != "posix" or os.geteuid() != 0:
        _skip_loudly(config, "the container setup needs root (it installs podman and builds a base image)")
    if shutil.which("bash") is None:
        _skip_loudly(config, "bash is missing")
    started = time.monotonic()
    try:
        with machine_lock():
            proc = subprocess.run(
                ["bash", str(SETUP_SCRIPT)], capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL
            )
    except subprocess.TimeoutExpired:
        _skip_loudly(config, "scripts/container_setup.sh did not finish within 15 minutes")
    TIMINGS["setup"] = f"{time.monotonic() - started:.1f}s"
    if proc.returncode != 0:
        _skip_loudly(
            config,
            f"scripts/container_setup.sh failed (exit {proc.returncode}): podman cannot be installed or run "
            f"here.\n{_tail(proc.stderr + proc.stdout)}",
        )
    path = shutil.which("podman")
    if path is None:
        _skip_loudly(config, "scripts/container_setup.sh succeeded but podman is not on PATH")
    return path


def context_hash() -> str:
    digest = hashlib.sha256()
    files = [REPO / name for name in CONTEXT_FILES]
    for directory in CONTEXT_DIRS:
        files += [
            p
            for p in (REPO / directory).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        ]
    for path in sorted(files):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _podman(podman: str, *args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([podman, *args], capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.fixture(scope="module")
def image(podman: str) -> str:
    """The connector image for the current build context, reused when it exists already."""
    with machine_lock():
        return build_image(podman)


def build_image(podman: str) -> str:
    base = _podman(podman, "image", "inspect", "--format", "{{.Id}}", BASE_IMAGE)
    if base.returncode != 0:
        pytest.fail(f"base image {BASE_IMAGE} is missing after the setup script: {base.stderr}")
    tag = hashlib.sha256((context_hash() + base.stdout.strip()).encode()).hexdigest()[:16]
    name = f"{IMAGE_REPO}:ctx-{tag}"
    if _podman(podman, "image", "exists", name).returncode == 0:
        TIMINGS["build"] = f"0s (reused {name})"
        return name
    started = time.monotonic()
    # Stage 1 (apt-get python3) without the CA bundle volume: a read-only bundle mounted over the one that
    # Debian's ca-certificates writes makes that package fail to configure. The full build reuses the layer.
    first = _podman(podman, *BUILD_ARGS, "--target", "python-base", str(REPO), timeout=1200, stdin=subprocess.DEVNULL)
    assert first.returncode == 0, f"podman build --target python-base failed:\n{_tail(first.stdout + first.stderr)}"
    volume = ["--volume", f"{CA_BUNDLE}:{CA_BUNDLE}:ro"] if Path(CA_BUNDLE).is_file() else []
    build = _podman(podman, *BUILD_ARGS, *volume, "-t", name, str(REPO), timeout=1800, stdin=subprocess.DEVNULL)
    assert build.returncode == 0, f"podman build failed:\n{_tail(build.stdout + build.stderr, 60)}"
    TIMINGS["build"] = f"{time.monotonic() - started:.1f}s (built {name})"
    # Keep one image per machine: drop this test's images of older build contexts and the builder stage's
    # untagged images (the Dockerfile labels that stage; the python-base stage stays cached).
    listed = _podman(podman, "images", "--format", "{{.Repository}}:{{.Tag}}", IMAGE_REPO)
    for old in listed.stdout.split():
        if old.startswith(f"{IMAGE_REPO}:ctx-") and old != name:
            _podman(podman, "rmi", old)
    _podman(podman, "image", "prune", "-f", "--filter", f"label={BUILDER_LABEL}", timeout=300)
    return name


@pytest.fixture(scope="module", autouse=True)
def _report_timings(request: pytest.FixtureRequest) -> Iterator[None]:
    started = time.monotonic()
    yield
    if "build" in TIMINGS:
        TIMINGS["tests"] = f"{time.monotonic() - started:.1f}s in all"
        _terminal(request.config, "\ncontainer timings: " + ", ".join(f"{k} {v}" for k, v in TIMINGS.items()))


@dataclass
class Simulator:
    base_url: str
    token: str
    connection_id: str

    def get(self, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        response = httpx.get(f"{self.base_url}{path}", headers=headers, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json()

    def admin_state(self) -> dict[str, Any]:
        response = httpx.get(f"{self.base_url}/_admin/state", timeout=10)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def config(self, **extra: Any) -> dict[str, Any]:
        return {"api_token": self.token, "connection_id": self.connection_id, "base_url": self.base_url, **extra}


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    """A fresh simulator process on loopback (the container reaches it through the host network)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "unified_ats_simulator", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            proc.wait(timeout=10)
            pytest.fail(f"the simulator did not start: {proc.stderr.read() if proc.stderr else ''}")
        info = json.loads(line)
        assert info["token"] == SIM_TOKEN and info["connection_id"] == SIM_CONNECTION, info
        yield Simulator(info["base_url"], info["token"], info["connection_id"])
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    messages: list[dict[str, Any]]

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("type") == kind]

    def explain(self) -> str:
        return f"exit {self.returncode}\nstdout:\n{_tail(self.stdout)}\nstderr:\n{_tail(self.stderr)}"


def run_image(
    podman: str,
    image: str,
    command: str,
    config: dict[str, Any] | None = None,
    catalog: dict[str, Any] | None = None,
    stdin_messages: list[dict[str, Any]] | None = None,
) -> Run:
    """`podman run IMAGE command [--config ...] [--catalog ...]` with the files mounted read-only."""
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)  # the image runs as the non-root `airbyte` user
        args = [podman, *RUN_ARGS, "--volume", f"{tmp}:/secrets:ro", image, command]
        for flag, content in (("--config", config), ("--catalog", catalog)):
            if content is not None:
                path = Path(tmp, flag.strip("-") + ".json")
                path.write_text(json.dumps(content))
                path.chmod(0o644)
                args += [flag, f"/secrets/{path.name}"]
        stdin = "".join(json.dumps(m) + "\n" for m in stdin_messages or [])
        proc = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=300)
    messages = []
    for line in proc.stdout.splitlines():
        try:
            messages.append(json.loads(line))
        except json.JSONDecodeError:
            messages.append({"type": "_RAW", "line": line})
    return Run(proc.returncode, proc.stdout, proc.stderr, messages)


def test_image_metadata_matches_metadata_yaml(podman: str, image: str) -> None:
    inspected = json.loads(_podman(podman, "image", "inspect", image).stdout)[0]
    config = inspected.get("Config") or inspected.get("config") or {}
    labels = config.get("Labels") or inspected.get("Labels") or {}
    metadata = yaml.safe_load((REPO / "metadata.yaml").read_text())["data"]
    assert labels.get("io.airbyte.name") == metadata["dockerRepository"]
    assert labels.get("io.airbyte.version") == metadata["dockerImageTag"]
    env = dict(item.split("=", 1) for item in config.get("Env", []))
    assert env.get("AIRBYTE_ENTRYPOINT") == "destination-unified-ats"
    assert config.get("Entrypoint") == ["destination-unified-ats"]
    assert config.get("User") == "airbyte"


def test_spec(podman: str, image: str) -> None:
    run = run_image(podman, image, "spec")
    assert run.returncode == 0, run.explain()
    specs = run.of_type("SPEC")
    assert len(specs) == 1, run.explain()
    spec = specs[0]["spec"]
    schema = spec["connectionSpecification"]
    assert set(schema["required"]) == {"api_token", "connection_id"}
    assert {"api_token", "connection_id", "region", "base_url", "default_job_id"} <= set(schema["properties"])
    assert schema["properties"]["api_token"]["airbyte_secret"] is True
    assert set(spec["supported_destination_sync_modes"]) == {"append", "append_dedup"}
    assert spec["documentationUrl"] == "https://docs.airbyte.com/integrations/destinations/unified-ats"


def test_check_succeeds_against_the_simulator(podman: str, image: str, simulator: Simulator) -> None:
    run = run_image(podman, image, "check", config=simulator.config())
    assert run.returncode == 0, run.explain()
    statuses = run.of_type("CONNECTION_STATUS")
    assert len(statuses) == 1, run.explain()
    assert statuses[0]["connectionStatus"]["status"] == "SUCCEEDED", statuses[0]


def test_check_fails_clearly_with_a_wrong_token(podman: str, image: str, simulator: Simulator) -> None:
    run = run_image(podman, image, "check", config=simulator.config(api_token="not-the-token"))
    statuses = run.of_type("CONNECTION_STATUS")
    assert len(statuses) == 1, run.explain()
    status = statuses[0]["connectionStatus"]
    assert status["status"] == "FAILED"
    assert "token" in status["message"].lower() and "not-the-token" not in run.stdout


def test_write_three_records_two_people(podman: str, image: str, simulator: Simulator) -> None:
    jobs = simulator.get(f"/ats/{simulator.connection_id}/job")
    open_jobs = [j for j in jobs if str(j.get("status", "")).upper() == "OPEN"]
    assert open_jobs, f"the simulator seeded no OPEN job: {jobs}"
    job_id = open_jobs[0]["id"]
    stream = "people"
    catalog = {
        "streams": [
            {
                "stream": {
                    "name": stream,
                    "json_schema": {"type": "object"},
                    "supported_sync_modes": ["full_refresh", "incremental"],
                },
                "sync_mode": "incremental",
                "destination_sync_mode": "append_dedup",
                "primary_key": [["email"]],
            }
        ]
    }
    people = [
        {"email": "ada.container@example.com", "first_name": "Ada", "last_name": "Lovelace", "job_id": job_id},
        {"email": "grace.container@example.com", "name": "Grace Hopper", "job_id": job_id},
        # The first person again, email in other case: the same candidate, the same application.
        {"email": "ADA.Container@Example.com", "first_name": "Ada", "last_name": "Lovelace", "job_id": job_id},
    ]
    records = [
        {"type": "RECORD", "record": {"stream": stream, "data": p, "emitted_at": 1_700_000_000_000}} for p in people
    ]
    state = {
        "type": "STATE",
        "state": {
            "type": "STREAM",
            "stream": {"stream_descriptor": {"name": stream}, "stream_state": {"cursor": 3}},
            "id": 4242,
        },
    }
    messages = [*records, state]
    run = run_image(podman, image, "write", config=simulator.config(), catalog=catalog, stdin_messages=messages)
    assert run.returncode == 0, run.explain()

    states = [m["state"] for m in run.of_type("STATE")]
    assert len(states) == 1, run.explain()
    echoed = states[0]
    assert echoed.get("id") == 4242, echoed
    assert echoed["stream"]["stream_state"] == {"cursor": 3}
    assert echoed["stream"]["stream_descriptor"]["name"] == stream
    assert echoed.get("destinationStats", {}).get("recordCount") == 3, echoed

    ats = simulator.admin_state()
    candidates = ats["candidates"]
    assert len(candidates) == 2, candidates
    emails = {e["email"].lower() for c in candidates for e in c.get("emails", [])}
    assert emails == {"ada.container@example.com", "grace.container@example.com"}
    applications = [a for a in ats["applications"] if a.get("job_id") == job_id]
    assert len(applications) == 2, ats["applications"]
    assert {a["candidate_id"] for a in applications} == {c["id"] for c in candidates}

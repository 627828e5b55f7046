"""Packaging: Poetry with a committed lock (as Airbyte's Python connectors do), and a wheel that carries the
connector only (the simulator is a test tool: no files and no console script of it may ship)."""

from __future__ import annotations

import email
import os
import re
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from poetry.core.masonry import api as poetry_backend

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The connector's wheel, built by the project's own build backend (poetry-core) from this checkout."""
    out = tmp_path_factory.mktemp("dist")
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        name = poetry_backend.build_wheel(str(out))
    finally:
        os.chdir(cwd)
    return out / name


def test_poetry_table_has_what_airbyte_qa_reads(pyproject: dict[str, Any]) -> None:
    # connectors_qa's packaging checks read name, version and license under [tool.poetry] and need poetry.lock.
    poetry = pyproject["tool"]["poetry"]
    assert poetry["name"] == "destination-unified-ats"
    assert re.fullmatch(r"\d+\.\d+\.\d+", poetry["version"])
    assert poetry["license"] == "MIT"
    assert poetry["description"] and poetry["authors"]
    assert poetry["scripts"] == {"destination-unified-ats": "destination_unified_ats.run:run"}
    assert pyproject["build-system"]["build-backend"] == "poetry.core.masonry.api"
    assert (REPO / "poetry.lock").is_file()


def test_no_setuptools_license_table(pyproject: dict[str, Any]) -> None:
    # `license = { text = ... }` under [project] is deprecated by setuptools (an error from 2027).
    assert "setuptools" not in pyproject.get("tool", {})
    assert not isinstance(pyproject.get("project", {}).get("license"), dict)


def test_lock_pins_every_declared_dependency(pyproject: dict[str, Any]) -> None:
    lock = tomllib.loads((REPO / "poetry.lock").read_text())
    locked = {p["name"].lower(): p for p in lock["package"]}
    main = {k.lower() for k in pyproject["tool"]["poetry"]["dependencies"] if k != "python"}
    dev = {k.lower() for k in pyproject["tool"]["poetry"]["group"]["dev"]["dependencies"]}
    assert not (main | dev) - set(locked), f"declared but not locked: {sorted((main | dev) - set(locked))}"
    for name in main:
        assert "main" in locked[name]["groups"], name
    # The test and lint tools are dev only: the image (`poetry sync --only main`) never gets them.
    for name in ("pytest", "ruff", "mypy", "unified-python-sdk", "poetry-core"):
        assert locked[name]["groups"] == ["dev"], name
    assert locked["unified-python-sdk"]["version"] == "0.61.5"


def test_dockerfile_and_bootstrap_pin_the_same_poetry() -> None:
    dockerfile = re.findall(r"^ARG POETRY_VERSION=(\S+)$", (REPO / "Dockerfile").read_text(), flags=re.MULTILINE)
    bootstrap = re.findall(r"^POETRY_VERSION=(\S+)$", (REPO / "scripts/bootstrap.sh").read_text(), flags=re.MULTILINE)
    assert len(dockerfile) == 1 and dockerfile == bootstrap


def test_dockerfile_installs_from_the_lock() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert re.search(r"^COPY pyproject\.toml poetry\.lock \./$", text, flags=re.MULTILINE)
    assert "poetry sync --only main --no-root" in text
    # The connector's own wheel is installed without dependencies: nothing is resolved outside the lock.
    assert re.search(r"pip install -q --no-deps --no-compile /tmp/dist/\*\.whl", text)
    ignored = (REPO / ".dockerignore").read_text().splitlines()
    assert "!poetry.lock" in ignored and not any("simulator" in line for line in ignored)


def test_wheel_holds_the_connector_and_nothing_else(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    dist_info = next(top for top in tops if top.endswith(".dist-info"))
    assert tops == {"destination_unified_ats", dist_info}, sorted(tops)
    assert not [n for n in names if "simulator" in n.lower()], "simulator files in the connector's wheel"
    assert "destination_unified_ats/run.py" in names and "destination_unified_ats/matching/__init__.py" in names
    # Every module of the source tree is in the wheel (nothing dropped by the packages setting).
    sources = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "destination_unified_ats").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert sources <= set(names), sorted(sources - set(names))


def test_wheel_entry_points_and_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        dist_info = next(n.split("/", 1)[0] for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        metadata = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
    scripts = re.findall(r"^(\S+)\s*=\s*(\S+)$", entry_points.split("[console_scripts]", 1)[1], flags=re.MULTILINE)
    assert scripts == [("destination-unified-ats", "destination_unified_ats.run:run")]
    assert "simulator" not in entry_points
    assert metadata["Name"] == "destination-unified-ats" and metadata["License"] == "MIT"
    requires = " ".join(metadata.get_all("Requires-Dist") or [])
    assert "airbyte-cdk" in requires
    for dev_only in ("pytest", "ruff", "mypy", "unified-python-sdk"):
        assert dev_only not in requires, dev_only


def test_the_simulator_is_a_test_path_not_an_installed_distribution() -> None:
    import importlib.metadata

    import unified_ats_simulator

    # Importable in the dev environment from the project root (Poetry's editable install puts it on sys.path) ...
    assert Path(unified_ats_simulator.__file__).resolve().is_relative_to(REPO)
    # ... but no distribution installs it, and no console script of it exists.
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.distribution("unified-ats-simulator")
    scripts = {ep.name for ep in importlib.metadata.entry_points(group="console_scripts")}
    assert "destination-unified-ats" in scripts and "unified-ats-simulator" not in scripts

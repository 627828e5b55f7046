"""Resumes end to end against the simulator: which form reaches which provider, what is learnt, what is refused.

Covers #12: both forms kept (1), undocumented forms tried and learnt (2), one sniffer (5), the same content and
file-name rules for contents and downloads (14), pass-through URLs vetted (15).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.file_server import file_server
from integration_tests.harness import RunResult, catalog, record, run_connector
from unified_ats_simulator import SimulatorServer
from unit_tests import real_documents as real

JOB = "job_backend_sr"
PDF = real.pdf()
DOCX = real.docx()
ODT = real.odt()
OPEN = {"allow_http_resume_urls": True, "allow_private_resume_hosts": True}


@pytest.fixture(scope="module")
def files() -> Iterator[str]:
    served = {
        "/cv.pdf": ("application/pdf", PDF),
        "/cv-docx": ("application/octet-stream", DOCX),
        "/login.pdf": ("application/octet-stream", real.html()),
    }
    with file_server(served) as base:
        yield base


def person(i: int, **resume: Any) -> dict[str, Any]:
    return {"email": f"p{i}@x.io", "first_name": "Pat", "last_name": f"N{i}", "job_id": JOB, **resume}


def write(sim: SimulatorServer, rows: list[dict[str, Any]], **config: Any) -> RunResult:
    result = run_connector(
        "write", connector_config(sim, **config), catalog("people"), [record("people", r) for r in rows]
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result


def sources(sim: SimulatorServer) -> list[str]:
    infos = [sim.store.document_info(d["id"]) for d in sim.documents()]
    return sorted(info.source for info in infos if info is not None)


def document_posts(sim: SimulatorServer, status: int) -> int:
    return sim.state.log.status_counts().get(("POST", "document", status), 0)


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


# --- 1. a record with both forms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["greenhouse", "smartrecruiters", "vincere", "generic"])
def test_both_forms_send_the_url_where_the_provider_takes_urls(profile: str, files: str) -> None:
    rows = [person(i, resume_base64=b64(PDF), resume_url=f"{files}/cv.pdf", resume_filename="cv.pdf") for i in range(3)]
    with SimulatorServer(profile=profile) as sim:
        result = write(sim, rows, **OPEN)
        assert sources(sim) == ["url"] * 3, result.log_text()  # no upload of bytes the provider fetches itself
        assert document_posts(sim, 400) == 0
    assert " rejected: " not in result.log_text()


@pytest.mark.parametrize("profile", ["bullhorn", "ashby"])
def test_both_forms_send_the_contents_where_the_provider_takes_only_contents(profile: str, files: str) -> None:
    rows = [person(0, resume_base64=b64(PDF), resume_url=f"{files}/cv.pdf")]
    with SimulatorServer(profile=profile) as sim:
        write(sim, rows, **OPEN)
        [document] = sim.documents()
        info = sim.store.document_info(document["id"])
        assert info is not None and (info.source, info.content) == ("base64", PDF)
        assert document_posts(sim, 400) == 0


# --- 2. undocumented forms: try, learn from a 4xx, download only as the fallback ------------------------------------


@pytest.mark.parametrize("profile", ["lever", "workable", "cats"])
def test_a_provider_that_accepts_undocumented_urls_gets_them(profile: str) -> None:
    # The connector cannot reach this URL (nothing listens on port 9); the ATS can: the resume must not be lost.
    unreachable = "http://127.0.0.1:9/private-bucket/cv.pdf"
    rows = [person(i, resume_url=unreachable, resume_filename=f"cv{i}.pdf") for i in range(4)]
    with SimulatorServer(profile=profile, undocumented_document_url="accept") as sim:
        result = write(sim, rows, max_concurrency=4, **OPEN)
        assert sources(sim) == ["url"] * 4, result.log_text()
        assert document_posts(sim, 400) == 0
    assert " rejected: " not in result.log_text()


@pytest.mark.parametrize("profile", ["lever", "workable", "cats"])
def test_a_provider_that_refuses_urls_is_asked_once_then_sent_the_download(profile: str, files: str) -> None:
    rows = [person(i, resume_url=f"{files}/cv.pdf", resume_filename=f"cv{i}.pdf") for i in range(5)]
    with SimulatorServer(profile=profile, undocumented_document_url="refuse") as sim:
        result = write(sim, rows, max_concurrency=4, **OPEN)
        assert sources(sim) == ["base64"] * 5, result.log_text()
        infos = [sim.store.document_info(d["id"]) for d in sim.documents()]
        assert all(info is not None and info.content == PDF for info in infos)
        refused = document_posts(sim, 400)
    assert refused == 1  # learnt from the first answer, for the rest of the sync
    assert "not tried again in this sync); trying the downloaded file" in result.log_text()
    assert " rejected: " not in result.log_text()


def test_both_forms_on_a_provider_that_refuses_urls_fall_back_to_the_records_contents(files: str) -> None:
    rows = [person(i, resume_base64=b64(PDF), resume_url=f"{files}/login.pdf") for i in range(3)]
    with SimulatorServer(profile="lever", undocumented_document_url="refuse") as sim:
        result = write(sim, rows, **OPEN)
        assert sources(sim) == ["base64"] * 3  # the record's own contents, not the (HTML) download
        assert document_posts(sim, 400) == 1
    assert " rejected: " not in result.log_text()


def test_a_refused_url_that_cannot_be_downloaded_either_says_both(files: str) -> None:
    rows = [person(0, resume_url="http://127.0.0.1:9/cv.pdf")]
    with SimulatorServer(profile="workable", undocumented_document_url="refuse") as sim:
        result = write(sim, rows, **OPEN)
        assert sim.documents() == [] and len(sim.applications()) == 1
    line = next(line for line in result.logs if " rejected: " in line)
    assert "resume_url could not be downloaded" in line and "workable refused a URL on the application (400" in line


def test_the_lesson_is_per_sync(files: str) -> None:
    with SimulatorServer(profile="cats", undocumented_document_url="refuse") as sim:
        write(sim, [person(0, resume_url=f"{files}/cv.pdf")], **OPEN)
        sim.configure(undocumented_document_url="accept")  # e.g. the customer's CATS plan changed
        write(sim, [person(1, resume_url=f"{files}/cv.pdf")], **OPEN)
        assert sources(sim) == ["base64", "url"]


def peak_overlap(sim: SimulatorServer, method: str, kind: str) -> tuple[int, int]:
    """(the most `method kind` requests the simulator served at once, how many it served in all)."""
    spans = [
        (e.ts - e.duration_ms / 1000, e.ts) for e in sim.state.log.entries() if (e.method, e.kind) == (method, kind)
    ]
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak, len(spans)


@pytest.mark.parametrize(
    ("profile", "knobs", "resume"),
    [
        ("generic", {}, {"resume_base64": b64(PDF)}),  # an unknown integration: the binding is learnt
        ("lever", {"undocumented_document_url": "accept"}, {"resume_url": "http://127.0.0.1:9/cv.pdf"}),
    ],
)
def test_once_the_answer_is_learnt_the_records_queued_behind_it_go_concurrently(
    profile: str, knobs: dict[str, Any], resume: dict[str, str]
) -> None:
    # Every record arrives while the first one is still asking; once it is answered they must not go one by one
    # (which held every state back to the end of the sync).
    rows = [person(i, resume_filename=f"cv{i}.pdf", **resume) for i in range(24)]
    with SimulatorServer(profile=profile, latency_ms=60, **knobs) as sim:
        write(sim, rows, max_concurrency=8, **OPEN)
        peak, posts = peak_overlap(sim, "POST", "document")
    assert posts == 24
    assert peak >= 4, f"at most {peak} resume uploads in flight at once"


# --- 5 and 14. one content check and one set of file-name rules -----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (real.html(), "cv.pdf", "the file is an HTML page"),
        (real.xlsx(), "cv.docx", "the file is an Excel spreadsheet (XLSX)"),
        (real.plain_zip(), "cv.docx", "the file is a ZIP archive"),
    ],
)
def test_contents_that_are_not_a_resume_are_refused(content: bytes, name: str, reason: str) -> None:
    with SimulatorServer(profile="lever") as sim:
        result = write(sim, [person(0, resume_base64=b64(content), resume_filename=name)])
        assert sim.documents() == []
    assert f"resume_base64: {reason}" in result.log_text()


def test_downloads_and_contents_are_refused_for_the_same_reason(files: str) -> None:
    with SimulatorServer(profile="bullhorn") as sim:
        result = write(
            sim,
            [
                person(0, resume_base64=b64(real.html()), resume_filename="cv.pdf"),
                person(1, resume_url=f"{files}/login.pdf"),
            ],
            **OPEN,
        )
        assert sim.documents() == []
    reasons = [line for line in result.logs if " rejected: " in line]
    assert len(reasons) == 2 and all("HTML page" in line for line in reasons), reasons


def test_file_names_and_types_land_consistently(files: str) -> None:
    rows = [
        person(0, resume_base64=b64(ODT)),  # was resume.docx
        person(1, resume_base64=b64(real.pdf(prefix=b"\r\n\x00")), resume_filename="cv"),  # was .txt
        person(2, resume_base64=b64(DOCX), resume_filename="jane\u202efdp.exe\u200b"),
        person(3, resume_base64=b64(PDF), resume_filename="x" * 500 + ".pdf"),
        person(4, resume_url=f"{files}/cv-docx", resume_filename="cv.pdf"),  # downloaded: the bytes are a DOCX
    ]
    with SimulatorServer(profile="lever") as sim:
        result = write(sim, rows, **OPEN)
        names = sorted(d["filename"] for d in sim.documents())
    assert " rejected: " not in result.log_text(), result.log_text()
    assert names == sorted(["resume.odt", "cv.pdf", "janefdp.exe.docx", "x" * 196 + ".pdf", "cv.docx"])


def test_a_rerun_finds_a_downloaded_resume_under_its_corrected_name(files: str) -> None:
    rows = [person(0, resume_url=f"{files}/cv-docx", resume_filename="cv.pdf")]
    with SimulatorServer(profile="bullhorn") as sim:
        write(sim, rows, **OPEN)
        write(sim, rows, **OPEN)
        assert [d["filename"] for d in sim.documents()] == ["cv.docx"]


# --- 15. pass-through URLs are vetted before the provider sees them -------------------------------------------------


INTERNAL_URLS = [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:169.254.169.254]/latest/meta-data/",
    "https://2852039166/latest/meta-data/",  # 169.254.169.254 in decimal
    "https://0xa9fea9fe/latest/meta-data/",
    "https://0251.0376.0251.0376/latest/meta-data/",  # in octal
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://localhost/admin/cv.pdf",
    "https://files.internal/cv.pdf",
    "https://user:secret@files.example.com/cv.pdf",
    "https://10.0.0.12/cv.pdf",
    "https://[fd00::1]/cv.pdf",
    "gopher://files.example.com/cv.pdf",
]


@pytest.mark.parametrize("profile", ["greenhouse", "smartrecruiters"])
def test_url_only_providers_are_never_handed_an_internal_url(profile: str) -> None:
    rows = [person(i, resume_url=url) for i, url in enumerate(INTERNAL_URLS)]
    with SimulatorServer(profile=profile) as sim:
        result = write(sim, rows, allow_http_resume_urls=True)
        assert sim.documents() == [] and sim.request_counts().get(("POST", "document"), 0) == 0
        # The person is still written; only the gopher: record fails at intake (not an http(s) URL at all).
        assert len(sim.candidates()) == len(rows) - 1 == len(sim.applications())
    rejected = [line for line in result.logs if " rejected: " in line]
    assert len(rejected) == len(rows), result.log_text()
    [gopher] = [line for line in rejected if "gopher:" in line]
    assert "record: resume_url: 'gopher://files.example.com/cv.pdf' is not an http(s) URL" in gopher
    for line in rejected:
        assert line == gopher or "document: resume_url: Refused to pass the resume URL to the ATS" in line, line
    assert "secret" not in result.stdout


def test_a_loopback_url_passes_only_when_private_hosts_are_allowed(files: str) -> None:
    with SimulatorServer(profile="greenhouse") as sim:
        refused = write(sim, [person(0, resume_url=f"{files}/cv.pdf")], allow_http_resume_urls=True)
        assert sim.documents() == []
        write(sim, [person(0, resume_url=f"{files}/cv.pdf")], **OPEN)
        assert sources(sim) == ["url"]
    assert "the host is a loopback address" in refused.log_text()


def test_a_bad_url_next_to_good_contents_sends_the_contents_with_a_warning(tmp_path: Path) -> None:
    row = person(0, resume_base64=b64(PDF), resume_url="http://169.254.169.254/latest/meta-data/")
    audit = tmp_path / "audit.jsonl"
    with SimulatorServer(profile="vincere") as sim:
        result = write(sim, [row], allow_http_resume_urls=True, audit_path=str(audit))
        assert sources(sim) == ["base64"]
    assert " rejected: " not in result.log_text()
    [line] = [json.loads(text) for text in audit.read_text().splitlines()]
    [warning] = line["warnings"]
    assert "resume_url not used" in warning and "link-local" in warning

"""A record's resume fields: both forms kept, contents checked like a download, names cleaned the same way."""

from __future__ import annotations

import base64
import hashlib

import pytest

from destination_unified_ats.resumes import ResumeProblem, parse_resume
from unit_tests import real_documents as real

URL = "https://cdn.example.com/cv/jane.pdf?sig=1"


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def test_a_record_with_contents_and_a_url_keeps_both() -> None:
    pdf = real.pdf()
    resume = parse_resume({"resume_base64": b64(pdf), "resume_url": URL, "resume_filename": "jane.pdf"}, 10**6)
    assert resume is not None
    assert resume.url == URL and resume.data_base64 == b64(pdf)
    assert (resume.filename, resume.size, resume.sha256) == ("jane.pdf", len(pdf), hashlib.sha256(pdf).hexdigest())
    assert resume.media_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (real.odt(), None, "resume.odt"),  # was resume.docx: the old table took every ZIP for a DOCX
        (real.pdf(prefix=b"\x00\r\n"), None, "resume.pdf"),  # was resume.txt
        (real.ole2(), "cv.docx", "cv.doc"),
        (real.docx(), "cv.pdf", "cv.docx"),
        (real.text(encoding="utf-16-le", bom=True), "notes", "notes.txt"),
        (real.rtf(), "CV.RTF", "CV.RTF"),
    ],
)
def test_contents_are_named_after_what_they_are(content: bytes, name: str | None, expected: str) -> None:
    resume = parse_resume({"resume_base64": b64(content), "resume_filename": name}, 10**6)
    assert resume is not None and resume.filename == expected


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (real.html(), "cv.pdf", "HTML page"),
        (real.xlsx(), "cv.docx", "Excel spreadsheet (XLSX)"),
        (real.plain_zip(), "cv.docx", "ZIP archive"),
        (real.ole2("Workbook"), "cv.doc", "Excel spreadsheet (XLS)"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "cv.pdf", "PNG image"),
    ],
)
def test_contents_that_are_not_a_resume_are_refused_like_a_download(content: bytes, name: str, reason: str) -> None:
    with pytest.raises(ResumeProblem) as info:
        parse_resume({"resume_base64": b64(content), "resume_filename": name}, 10**6)
    assert info.value.field == "resume_base64" and reason in info.value.reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("evil\u202efdp.exe", "evilfdp.exe.pdf"),
        ("cv\x00\x07.pdf", "cv.pdf"),
        ("zero\u200bwidth\ufeff.pdf", "zerowidth.pdf"),
        ("C:\\Users\\jane\\cv.pdf", "cv.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("x" * 500 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_file_names_follow_the_same_rules_on_both_paths(name: str, expected: str) -> None:
    from_contents = parse_resume({"resume_base64": b64(real.pdf()), "resume_filename": name}, 10**6)
    from_url = parse_resume({"resume_url": "https://cdn.example.com/a", "resume_filename": name}, 10**6)
    assert from_contents is not None and from_url is not None
    assert from_contents.filename == from_url.filename == expected


@pytest.mark.parametrize(
    ("url", "name", "expected"),
    [
        ("https://cdn.example.com/cv/jane.docx?sig=1", None, "resume.docx"),
        ("https://cdn.example.com/cv/download", None, "resume.pdf"),
        ("https://cdn.example.com/cv/jane.odt", "Jane CV", "Jane CV.odt"),
        ("https://cdn.example.com/a", "jane.doe", "jane.doe.pdf"),
    ],
)
def test_a_url_only_resume_is_named_from_the_record_and_the_url(url: str, name: str | None, expected: str) -> None:
    resume = parse_resume({"resume_url": url, "resume_filename": name}, 10**6)
    assert resume is not None and resume.filename == expected and resume.data_base64 is None


def test_a_bad_url_next_to_good_contents_is_still_an_error() -> None:
    with pytest.raises(ResumeProblem) as info:
        parse_resume({"resume_base64": b64(real.pdf()), "resume_url": "ftp://x/cv.pdf"}, 10**6)
    assert info.value.field == "resume_url"

"""The one file-type sniffer and the file-name rules, on real files of every accepted type and on look-alikes."""

from __future__ import annotations

import io
import zipfile

import pytest

from destination_unified_ats import filetypes
from destination_unified_ats.filetypes import DOC, DOCX, ODT, PDF, RTF, TEXT, NotADocument, identify
from unit_tests import real_documents as real


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (real.pdf(), PDF),
        (real.ole2(), DOC),
        (real.docx(), DOCX),
        (real.odt(), ODT),
        (real.rtf(), RTF),
        (real.text(), TEXT),
        # Harder cases of the accepted types.
        (real.pdf(prefix=b"\n\n   "), PDF),  # whitespace before the header
        (real.pdf(prefix=b"\x00" + b"junk from a mail gateway\r\n" * 30), PDF),  # garbage, within 1024 bytes
        (real.text(bom=True), TEXT),
        (real.text(encoding="utf-16-le", bom=True), TEXT),
        (real.text(encoding="utf-16-be", bom=True), TEXT),
        (real.text(encoding="utf-16-le"), TEXT),  # UTF-16 without a byte-order mark
        (b"\xef\xbb\xbf" + real.rtf(), RTF),
        (real.text("<3 Python, C++ & Rust\n"), TEXT),  # a '<' that is not markup
    ],
    ids=lambda v: v.label if isinstance(v, filetypes.FileType) else None,
)
def test_real_files_are_identified_by_their_bytes(content: bytes, expected: filetypes.FileType) -> None:
    assert identify(content) == expected


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (real.html(), "HTML page"),
        (b"\xef\xbb\xbf\n  " + real.html(), "HTML page"),
        (real.text("<!doctype html><p>login</p>", encoding="utf-16-le", bom=True), "HTML page"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "HTML page or other markup"),
        (real.xlsx(), "Excel spreadsheet (XLSX)"),
        (real.plain_zip(), "a ZIP archive, not a Word or OpenDocument"),
        (real.odt(mimetype="application/vnd.oasis.opendocument.spreadsheet"), "OpenDocument package of type"),
        (real.ole2("Workbook"), "Excel spreadsheet (XLS)"),
        (real.ole2("Other"), "OLE2 (Office) container without a Word document"),
        (b"PK\x03\x04" + b"\x00" * 60, "damaged ZIP archive"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "a PNG image"),
        (b"MZ\x90\x00" + b"\x00" * 40, "a Windows program"),
        (b"\x00\x01\x02\x03binary", "not a recognisable"),
        (b"\xc3\x28 invalid utf-8 \xff", "not a recognisable"),
        (b"", "empty"),
        (b"\x00" * 1100 + real.pdf(), "not a recognisable"),  # a PDF header past 1024 bytes is not one
    ],
)
def test_what_is_not_a_resume_is_refused_saying_what_it_is(content: bytes, reason: str) -> None:
    with pytest.raises(NotADocument) as info:
        identify(content)
    assert reason in info.value.reason


def test_a_docx_whose_mimetype_entry_is_absent_but_word_part_present_is_docx() -> None:
    # Word never writes a "mimetype" entry; the package's Word part is what makes it a DOCX.
    with zipfile.ZipFile(io.BytesIO(real.docx())) as archive:
        assert "mimetype" not in archive.namelist() and "word/document.xml" in archive.namelist()
    assert identify(real.docx()) == DOCX


def test_the_generated_files_open_in_the_programs_libraries() -> None:
    """The builders make real files: each opens in a reader of its format (skipped where one is not installed)."""
    olefile = pytest.importorskip("olefile")
    docx = pytest.importorskip("docx")
    pypdf = pytest.importorskip("pypdf")
    odf = pytest.importorskip("odf.opendocument")
    assert olefile.OleFileIO(io.BytesIO(real.ole2())).listdir() == [["WordDocument"]]
    assert [p.text for p in docx.Document(io.BytesIO(real.docx())).paragraphs] == ["Jane Doe - Engineer"]
    assert "Jane Doe" in pypdf.PdfReader(io.BytesIO(real.pdf())).pages[0].extract_text()
    assert odf.load(io.BytesIO(real.odt())).mimetype == ODT.media_type


@pytest.mark.parametrize(
    ("candidates", "file_type", "expected"),
    [
        (["cv.pdf"], PDF, "cv.pdf"),
        (["CV.PDF"], PDF, "CV.PDF"),
        (["cv.docx"], PDF, "cv.pdf"),  # a document extension the bytes contradict
        (["cv.doc"], DOCX, "cv.docx"),
        (["cv.docx"], ODT, "cv.odt"),
        (["cv.pdf"], TEXT, "cv.txt"),
        (["cv.html"], PDF, "cv.pdf"),
        (["cv.exe"], PDF, "cv.exe.pdf"),
        (["download.php"], TEXT, "download.php.txt"),
        (["jane.doe"], RTF, "jane.doe.rtf"),
        (["cv"], ODT, "cv.odt"),
        (["a/b/c.pdf"], PDF, "c.pdf"),
        (["..\\..\\boot.ini"], TEXT, "boot.ini.txt"),
        (["cv\x00\x1b[31m.pdf"], PDF, "cv[31m.pdf"),
        (["evil\u202efdp.exe"], PDF, "evilfdp.exe.pdf"),  # RTL override dropped
        (["in\u200bvis\u2066ible\u2069.pdf"], PDF, "invisible.pdf"),  # zero-width and bidi isolates
        (["line\nbreak.pdf"], PDF, "linebreak.pdf"),
        (["no\u00a0break\u2028sep.pdf"], PDF, "no break sep.pdf"),
        (['what?<>:"|*.pdf'], PDF, "what_______.pdf"),
        (["CON.pdf"], PDF, "resume-CON.pdf"),
        (["   .  "], PDF, "resume.pdf"),
        ([".."], PDF, "resume.pdf"),
        ([None, "", "second.pdf"], PDF, "second.pdf"),
        ([], DOC, "resume.doc"),
    ],
)
def test_file_names_are_cleaned_and_match_the_type(
    candidates: list[str | None], file_type: filetypes.FileType, expected: str
) -> None:
    assert filetypes.resume_filename(candidates, file_type) == expected


def test_long_file_names_are_capped_keeping_the_extension() -> None:
    name = filetypes.resume_filename(["x" * 500 + ".pdf"], PDF)
    assert len(name) == filetypes.MAX_FILENAME_CHARS and name.endswith("x.pdf")
    name = filetypes.resume_filename(["é" * 500], DOCX)
    assert len(name) == filetypes.MAX_FILENAME_CHARS and name.endswith("é.docx")

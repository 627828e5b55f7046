"""The one file-type sniffer and the resume file-name rules, for resumes sent as contents and downloaded by URL.

A resume is accepted when its bytes are a PDF, a Word document (DOC or DOCX), an OpenDocument text, RTF or
plain text; the type comes from the bytes, never from a name or a declared Content-Type. Anything else (an
HTML page, a spreadsheet, a ZIP archive, an image) is refused with a reason that says what it is.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    media_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", ".pdf", "PDF")
DOC = FileType("application/msword", ".doc", "Word (DOC)")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word (DOCX)")
ODT = FileType("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text")
RTF = FileType("application/rtf", ".rtf", "RTF")
TEXT = FileType("text/plain", ".txt", "plain text")
DOCUMENT_TYPES = (PDF, DOC, DOCX, ODT, RTF, TEXT)
DOCUMENT_EXTENSIONS = frozenset(t.extension for t in DOCUMENT_TYPES)
MAX_FILENAME_CHARS = 200


class NotADocument(Exception):
    """The bytes are not a resume we accept; ``reason`` says what they look like instead."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_STREAMS = (
    ("WordDocument", None),
    ("Workbook", "an Excel spreadsheet (XLS)"),
    ("Book", "an Excel spreadsheet (XLS)"),
    ("PowerPoint Document", "a PowerPoint presentation (PPT)"),
)
_OTHER_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MARKUP = re.compile(r"^\s*<(?:!doctype\s+html|html|head|body|script|meta|title|svg|iframe|!--|\?xml)\b", re.I)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def identify(content: bytes) -> FileType:
    """The resume type of ``content``; raises ``NotADocument`` with what it is otherwise."""
    if not content:
        raise NotADocument("the file is empty")
    # PDF readers look for the header within the first 1024 bytes (junk before it is tolerated).
    if b"%PDF-" in content[:1024]:
        return PDF
    if content.startswith(_OLE2):
        return _ole2(content)
    if content.startswith(b"PK\x03\x04"):
        return _zip(content)
    if content.startswith(b"{\\rtf"):
        return RTF
    for magic, what in _OTHER_MAGIC:
        if content.startswith(magic):
            raise NotADocument(f"the file is {what}, not a PDF, Word, OpenDocument, RTF or text document")
    text = _decoded_text(content)
    if text is None:
        raise NotADocument("the file is not a recognisable PDF, Word, OpenDocument, RTF or text document")
    if text.lstrip().startswith("{\\rtf"):
        return RTF
    if _MARKUP.match(text):
        raise NotADocument("the file is an HTML page or other markup, not a resume (a login or error page?)")
    return TEXT


def _ole2(content: bytes) -> FileType:
    """An OLE2 compound file is a Word document only when it holds a WordDocument stream."""
    for stream, what in _OLE2_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in content:
            if what is None:
                return DOC
            raise NotADocument(f"the file is {what}, not a Word document")
    raise NotADocument("the file is an OLE2 (Office) container without a Word document in it")


def _zip(content: bytes) -> FileType:
    """ODF packages name their type in a ``mimetype`` entry; DOCX packages hold ``word/document.xml``."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].strip().decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, NotImplementedError):
        raise NotADocument("the file is a damaged ZIP archive") from None
    if mimetype:
        if mimetype == ODT.media_type:
            return ODT
        raise NotADocument(f"the file is an OpenDocument package of type {mimetype}, not a text document")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        raise NotADocument("the file is an Excel spreadsheet (XLSX), not a Word document")
    if "ppt/presentation.xml" in names:
        raise NotADocument("the file is a PowerPoint presentation (PPTX), not a Word document")
    raise NotADocument("the file is a ZIP archive, not a Word or OpenDocument document")


def _decoded_text(content: bytes) -> str | None:
    """``content`` as text when it is text (UTF-8, or UTF-16/32 with a byte-order mark, or UTF-16 without)."""
    encoding = next((enc for bom, enc in _BOMS if content.startswith(bom)), None)
    body = content
    if encoding is not None:
        body = content[len(next(bom for bom, enc in _BOMS if enc == encoding)) :]
    elif b"\x00" in content[:1024]:
        encoding = _bomless_utf16(content)
        if encoding is None:
            return None
    try:
        text = body.decode(encoding or "utf-8")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS for ch in text[:4096]):
        return None
    return text


def _bomless_utf16(content: bytes) -> str | None:
    """UTF-16 without a BOM shows as a zero in every other byte of mostly-ASCII text."""
    head = content[:1024]
    if len(content) % 2:
        return None
    odd_zero = head[1::2].count(0) / max(1, len(head[1::2]))
    even_zero = head[0::2].count(0) / max(1, len(head[0::2]))
    if odd_zero > 0.6 and even_zero < 0.1:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.1:
        return "utf-16-be"
    return None


# --- file names -----------------------------------------------------------------------------------------------------

_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')
_RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def clean_filename(raw: str | None) -> str | None:
    """The last path part of ``raw`` without control, format (bidi overrides, zero-width) or unsafe characters;
    None when nothing usable is left."""
    if not raw:
        return None
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category.startswith("C"):
            continue  # controls, bidi and zero-width formatting, private use, unassigned
        kept.append(" " if category.startswith("Z") else ch)
    name = " ".join(_UNSAFE_CHARS.sub("_", "".join(kept)).split()).strip(" .")
    if not name or name in (".", ".."):
        return None
    if name.split(".", 1)[0].lower() in _RESERVED_STEMS:
        name = f"resume-{name}"
    return name


def with_extension(name: str, file_type: FileType) -> str:
    """``name`` ending in the extension of ``file_type``, at most ``MAX_FILENAME_CHARS`` long, extension kept."""
    extension = file_type.extension
    stem, dot, current = name.rpartition(".")
    if dot and stem:
        current_ext = "." + current.lower()
        if current_ext == extension:
            extension = "." + current  # keep the name's own spelling (CV.PDF)
        elif current_ext not in DOCUMENT_EXTENSIONS | {".htm", ".html", ".xml", ".xlsx", ".xls", ".pptx"}:
            stem = name  # "jane.doe", "download.php": keep, and add the right one
    else:
        stem = name
    stem = stem[: MAX_FILENAME_CHARS - len(extension)].rstrip(" .") or "resume"
    return stem + extension


def resume_filename(candidates: list[str | None], file_type: FileType) -> str:
    """The first usable candidate name, cleaned, with the extension that ``file_type`` calls for."""
    for candidate in candidates:
        name = clean_filename(candidate)
        if name:
            return with_extension(name, file_type)
    return "resume" + file_type.extension

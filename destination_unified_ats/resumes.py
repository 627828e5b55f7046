"""A record's resume as it arrives: file contents, a URL, or both, with a file name that is safe to send.

Contents are checked here, by the same sniffer and file-name rules that a downloaded URL goes through
(`filetypes`): an HTML page named cv.pdf, a spreadsheet or an archive is refused with what it is, and the
name loses control, bidi and zero-width characters and path parts, is capped, and ends in the extension of
the type the bytes show. A record carrying both forms keeps both; the document step picks the one the
provider takes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from destination_unified_ats import filetypes


class ResumeProblem(Exception):
    """The record's resume fields cannot be used as they are."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class ResumeInput:
    filename: str
    data_base64: str | None = None
    url: str | None = None
    size: int | None = None
    sha256: str | None = None
    media_type: str | None = None  # of the contents, when the record carries them


_URL = re.compile(r"^https?://[^\s/]+\.[^\s]*$|^https?://\[?[^\s/]+\]?(:\d+)?/[^\s]*$", re.I)


def parse_resume(data: Mapping[str, Any], max_bytes: int) -> ResumeInput | None:
    """The resume of a record's ``resume_base64`` / ``resume_url`` / ``resume_filename``, or None without one."""
    encoded = data.get("resume_base64")
    url = data.get("resume_url")
    name = data.get("resume_filename")
    if name is not None and not isinstance(name, str):
        raise ResumeProblem("resume_filename", f"expected a string, got {_type_name(name)}")
    parsed_url = _url(url) if url not in (None, "") else None
    if encoded not in (None, ""):
        content = _contents(encoded, max_bytes)
        try:
            file_type = filetypes.identify(content)
        except filetypes.NotADocument as exc:
            raise ResumeProblem("resume_base64", exc.reason) from None
        return ResumeInput(
            filename=filetypes.resume_filename([name], file_type),
            data_base64=base64.b64encode(content).decode("ascii"),
            url=parsed_url,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            media_type=file_type.media_type,
        )
    if parsed_url is None:
        return None
    return ResumeInput(filename=url_filename(name, parsed_url), url=parsed_url)


def url_filename(name: str | None, url: str) -> str:
    """The name of a resume known only by URL: the record's name, cleaned, or ``resume``; its extension is the
    name's, else the URL's, when that is a document type (the bytes are not known yet), ``.pdf`` otherwise."""
    cleaned = filetypes.clean_filename(name) or "resume"
    by_extension = {t.extension: t for t in filetypes.DOCUMENT_TYPES}
    file_type = by_extension.get(_extension(cleaned)) or by_extension.get(_extension(_url_file(url) or ""))
    return filetypes.with_extension(cleaned, file_type or filetypes.PDF)


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return "." + extension.lower() if dot and stem else ""


def _contents(encoded: Any, max_bytes: int) -> bytes:
    if not isinstance(encoded, str):
        raise ResumeProblem("resume_base64", f"expected a base64 string, got {_type_name(encoded)}")
    compact = "".join(encoded.split())
    if compact.startswith("data:") and "," in compact:
        compact = compact.split(",", 1)[1]
    if len(compact) * 3 // 4 > max_bytes + 3:
        raise ResumeProblem("resume_base64", f"about {len(compact) * 3 // 4:,} bytes, over the {max_bytes:,} limit")
    try:
        content = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ResumeProblem("resume_base64", f"not valid base64 ({exc})") from None
    if not content:
        raise ResumeProblem("resume_base64", "decodes to an empty file")
    return content


def _url(url: Any) -> str:
    if not isinstance(url, str):
        raise ResumeProblem("resume_url", f"expected a URL string, got {_type_name(url)}")
    text = url.strip()
    if not _URL.match(text):
        raise ResumeProblem("resume_url", f"{text[:80]!r} is not an http(s) URL")
    return text


def _url_file(url: str | None) -> str | None:
    if not url:
        return None
    path = url.split("#", 1)[0].split("?", 1)[0].split("://", 1)[-1]
    return path.rstrip("/").rsplit("/", 1)[-1] if "/" in path else None


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__

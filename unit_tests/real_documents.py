"""Real, well-formed files of every resume type (and of some look-alikes), built here so no binary sits in the repo.

Each builder writes the container format properly (valid PDF cross-reference offsets, ZIP packages with the parts
Word/LibreOffice need, an OLE2 compound file with a FAT and a directory), so a test exercises the sniffer on what
a real program would produce, not on a magic prefix.
"""

from __future__ import annotations

import codecs
import io
import struct
import zipfile

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def pdf(text: str = "Jane Doe - Engineer", prefix: bytes = b"") -> bytes:
    """A one-page PDF 1.4 with a correct xref table; ``prefix`` is junk before the header (readers skip it)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(prefix)
    start = out.tell()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell() - start)
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell() - start
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx(text: str = "Jane Doe - Engineer") -> bytes:
    """A minimal WordprocessingML package (what python-docx and Word open)."""
    parts = {
        "[Content_Types].xml": _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>",
        "_rels/.rels": _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": _XML
        + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
    }
    return _zip(parts)


def xlsx() -> bytes:
    """A minimal SpreadsheetML package: a ZIP like DOCX, but a spreadsheet."""
    parts = {
        "[Content_Types].xml": _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        "</Types>",
        "_rels/.rels": _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _XML
        + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
    }
    return _zip(parts)


def odt(text: str = "Jane Doe - Engineer", mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    """An OpenDocument package: the ``mimetype`` entry first and stored, then the manifest and the content."""
    manifest = (
        _XML + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    content = (
        _XML + '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def plain_zip() -> bytes:
    return _zip({"notes.txt": "not a document package", "photo.jpg": "\xff\xd8\xff"})


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole2(stream_name: str = "WordDocument", stream_size: int = 4096) -> bytes:
    """A version-3 OLE2 compound file (what Word 97-2003 writes) holding one stream in regular sectors.

    Sector 0 is the FAT, sector 1 the directory, sectors 2.. the stream; the stream starts with the Word FIB
    magic (0xA5EC) when it is a WordDocument stream.
    """
    sector = 512
    stream_sectors = -(-stream_size // sector)
    fat = [_FAT, _END] + [2 + i + 1 for i in range(stream_sectors - 1)] + [_END]
    fat += [_FREE] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    header += struct.pack("<109I", 0, *([_FREE] * 108))
    assert len(header) == sector
    directory = _dir_entry("Root Entry", 5, child=1, start=_END, size=0)
    directory += _dir_entry(stream_name, 2, child=_NONE, start=2, size=stream_size)
    directory += _dir_entry("", 0, child=_NONE, start=0, size=0) * 2
    body = (b"\xec\xa5" if stream_name == "WordDocument" else b"\x09\x08") + b"\x00" * (stream_size - 2)
    body += b"\x00" * (stream_sectors * sector - stream_size)
    return header + struct.pack("<128I", *fat) + directory + body


def _dir_entry(name: str, kind: int, *, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    entry = encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
    entry += struct.pack("<III", _NONE, _NONE, child) + b"\x00" * 16 + struct.pack("<IQQ", 0, 0, 0)
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def rtf(text: str = "Jane Doe - Engineer") -> bytes:
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 " + text + "\\par}").encode("ascii")


def text(body: str = "Jane Doe\nEngineer, Zürich\n", encoding: str = "utf-8", bom: bool = False) -> bytes:
    boms = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    return (boms[encoding] if bom else b"") + body.encode(encoding)


def html(title: str = "Sign in") -> bytes:
    return f"<!DOCTYPE html>\n<html><head><title>{title}</title></head><body>Please sign in</body></html>".encode()

"""ResumeFetcher against an injected resolver and in-memory transports: address vetting, redirects, parsing.

The same rules against a real HTTP(S) server on 127.0.0.1: integration_tests/test_resume_fetch_server.py.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import logging
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from destination_unified_ats.resume_fetch import (
    FetchedFile,
    FetchLimits,
    ResumeFetcher,
    ResumeFetchError,
)
from unit_tests import real_documents

PUBLIC = "93.184.216.34"
PUBLIC_2 = "93.184.216.35"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"
PDF = real_documents.pdf()
DOCX = real_documents.docx()
ODT = real_documents.odt()
DOC = real_documents.ole2()
RTF = real_documents.rtf()
SECRET = "X-Amz-Signature=deadbeefcafe"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


class Resolver:
    """A fixed DNS: name -> addresses (default: one public address); counts the look-ups."""

    def __init__(self, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        if host in self.answers:
            return list(self.answers[host])
        if host.endswith(".invalid"):
            raise OSError(-2, "Name or service not known")
        return [PUBLIC]


class StreamingTransport(httpx.AsyncBaseTransport):
    """Like httpx.MockTransport, but hands the response over unread (so the fetcher streams it)."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def pdf_response(content: bytes = PDF, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/pdf", **(headers or {})}, content=content)


def streamed_pdf(content: bytes, headers: dict[str, str]) -> httpx.Response:
    """A response whose body is a stream (not read yet), in 64 KiB chunks."""

    async def body() -> AsyncIterator[bytes]:
        for start in range(0, len(content), 65536):
            yield content[start : start + 65536]

    return httpx.Response(200, headers={"content-type": "application/pdf", **(headers or {})}, content=body())


def make(
    handler: Handler,
    resolver: Resolver | None = None,
    **limits: Any,
) -> tuple[ResumeFetcher, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        result = handler(request)
        return result if isinstance(result, httpx.Response) else await result

    fetcher = ResumeFetcher(FetchLimits(**limits), resolver or Resolver(), transport=httpx.MockTransport(record))
    return fetcher, seen


async def refused(fetcher: ResumeFetcher, url: str, hint: str | None = None) -> ResumeFetchError:
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.fetch(url, hint)
    assert SECRET not in info.value.reason and SECRET not in str(info.value)
    return info.value


def never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request may be sent, got one to {request.url.host}")


# --- the URL ----------------------------------------------------------------------------------------------------------


async def test_fetches_from_the_vetted_address_with_the_original_host_and_sni() -> None:
    resolver = Resolver({"files.example.com": [PUBLIC]})
    fetcher, seen = make(lambda r: pdf_response(), resolver)
    result = await fetcher.fetch(f"https://files.example.com/cv/jane.pdf?{SECRET}")
    assert result == FetchedFile("jane.pdf", PDF, "application/pdf", hashlib.sha256(PDF).hexdigest())
    (request,) = seen
    assert request.url.host == PUBLIC  # connects to the IP that was checked ...
    assert request.url.raw_path == f"/cv/jane.pdf?{SECRET}".encode()
    assert request.headers["host"] == "files.example.com"  # ... but speaks to the name
    assert request.extensions["sni_hostname"] == "files.example.com"  # TLS: SNI and certificate name
    assert resolver.calls == [("files.example.com", 443)]


async def test_resolves_once_so_a_rebinding_dns_cannot_swap_the_address() -> None:
    answers = [[PUBLIC], ["127.0.0.1"]]

    async def rebinding(host: str, port: int) -> list[str]:
        return answers.pop(0)

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return pdf_response()

    fetcher = ResumeFetcher(FetchLimits(), rebinding, transport=httpx.MockTransport(handler))
    await fetcher.fetch("https://rebind.example.com/cv.pdf")
    assert [r.url.host for r in seen] == [PUBLIC]
    assert answers == [["127.0.0.1"]]  # never asked again


async def test_non_default_port_is_allowed_and_kept_in_the_host_header() -> None:
    resolver = Resolver()
    fetcher, seen = make(lambda r: pdf_response(), resolver)
    await fetcher.fetch("https://files.example.com:8443/cv.pdf")
    assert seen[0].url.port == 8443
    assert seen[0].headers["host"] == "files.example.com:8443"
    assert resolver.calls == [("files.example.com", 8443)]


async def test_idn_host_is_sent_as_punycode() -> None:
    fetcher, seen = make(lambda r: pdf_response())
    await fetcher.fetch("https://bücher.example/cv.pdf")
    assert seen[0].headers["host"] == "xn--bcher-kva.example"
    assert seen[0].extensions["sni_hostname"] == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://files.example.com/cv.pdf", "only https"),
        ("file:///etc/passwd", "only https"),
        ("gopher://files.example.com/", "only https"),
        ("http://files.example.com/cv.pdf", "plain http is not allowed"),
        ("https://user:pw@files.example.com/cv.pdf", "user name or password"),
        ("https://user@files.example.com/cv.pdf", "user name or password"),
        ("/relative/cv.pdf", "not absolute"),
        ("https://files.example.com:99999/cv.pdf", "not a valid port"),
        ("not a url", "not absolute"),
    ],
)
async def test_refuses_urls_by_shape(url: str, why: str) -> None:
    fetcher, _ = make(never)
    assert why in (await refused(fetcher, url)).reason


async def test_http_only_when_allowed() -> None:
    fetcher, seen = make(lambda r: pdf_response(), allow_http=True)
    await fetcher.fetch("http://files.example.com/cv.pdf")
    assert seen[0].url.scheme == "http"
    assert "sni_hostname" not in seen[0].extensions


# --- the destination ------------------------------------------------------------------------------------------------

BAD_ADDRESSES = [
    ("127.0.0.1", "loopback"),
    ("127.255.0.9", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("172.31.255.254", "private"),
    ("192.168.1.1", "private"),
    ("100.64.0.1", "private"),  # CGNAT
    ("100.127.255.254", "private"),
    ("169.254.169.254", "link-local"),  # AWS/GCP/Azure metadata
    ("169.254.0.1", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("0.1.2.3", "not a public"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("192.0.2.10", "not a public"),  # documentation
    ("198.18.0.1", "not a public"),  # benchmarking
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("fe80::1", "link-local"),
    ("fec0::1", "site-local"),
    ("ff02::1", "multicast"),
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
    ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:10.0.0.1", "private"),
    ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
    ("2002:7f00:1::1", "loopback"),  # 6to4 of 127.0.0.1
    ("::7f00:1", "reserved"),  # IPv4-compatible (deprecated)
    ("fd00:ec2::254", "private"),  # AWS IMDS over IPv6
]


@pytest.mark.parametrize(("address", "kind"), BAD_ADDRESSES)
async def test_refuses_a_name_that_resolves_to_a_non_public_address(address: str, kind: str) -> None:
    fetcher, _ = make(never, Resolver({"evil.example.com": [address]}))
    error = await refused(fetcher, f"https://evil.example.com/cv.pdf?{SECRET}")
    assert kind in error.reason
    assert "evil.example.com" in error.reason and address in error.reason
    assert error.host == "evil.example.com"


@pytest.mark.parametrize(("address", "kind"), BAD_ADDRESSES)
async def test_refuses_a_literal_non_public_ip(address: str, kind: str) -> None:
    resolver = Resolver()
    fetcher, _ = make(never, resolver)
    host = f"[{address}]" if ":" in address else address
    error = await refused(fetcher, f"https://{host}/cv.pdf?{SECRET}")
    assert kind in error.reason
    assert resolver.calls == []  # a literal is checked as it is


async def test_refuses_when_any_resolved_address_is_bad() -> None:
    fetcher, _ = make(never, Resolver({"mixed.example.com": [PUBLIC, PUBLIC_V6, "10.0.0.7"]}))
    error = await refused(fetcher, "https://mixed.example.com/cv.pdf")
    assert "10.0.0.7" in error.reason


async def test_public_literal_ips_are_fetched_without_sni() -> None:
    fetcher, seen = make(lambda r: pdf_response())
    await fetcher.fetch(f"https://{PUBLIC}/cv.pdf")
    await fetcher.fetch(f"https://[{PUBLIC_V6}]:8443/cv.pdf")
    assert [r.url.host for r in seen] == [PUBLIC, PUBLIC_V6]
    assert [r.headers["host"] for r in seen] == [PUBLIC, f"[{PUBLIC_V6}]:8443"]
    assert all("sni_hostname" not in r.extensions for r in seen)


async def test_public_nat64_address_is_allowed() -> None:
    fetcher, seen = make(lambda r: pdf_response(), Resolver({"v4only.example.com": ["64:ff9b::5db8:d822"]}))
    await fetcher.fetch("https://v4only.example.com/cv.pdf")
    assert seen[0].url.host == "64:ff9b::5db8:d822"


@pytest.mark.parametrize(
    ("host", "why"),
    [
        ("metadata.google.internal", "metadata"),
        ("METADATA.GOOGLE.INTERNAL.", "metadata"),
        ("metadata", "metadata"),
        ("instance-data", "metadata"),
        ("metadata.goog", "metadata"),
        ("localhost", "single-label"),
        ("foo.localhost", "internal"),
        ("printer.local", "internal"),
        ("db.internal", "internal"),
        ("redis", "single-label"),
        ("router.home.arpa", "internal"),
        ("2130706433", "numeric"),
        ("127.1", "numeric"),
        ("0x7f.0.0.1", "numeric"),
        ("017700000001", "numeric"),
    ],
)
async def test_refuses_internal_and_metadata_names_without_resolving_them(host: str, why: str) -> None:
    resolver = Resolver()
    fetcher, _ = make(never, resolver)
    error = await refused(fetcher, f"https://{host}/computeMetadata/v1/?{SECRET}")
    assert why in error.reason
    assert resolver.calls == []


async def test_unresolvable_names_are_refused() -> None:
    fetcher, _ = make(never, Resolver({"empty.example.com": []}))
    assert "does not resolve" in (await refused(fetcher, "https://nope.invalid/cv.pdf")).reason
    assert "does not resolve" in (await refused(fetcher, "https://empty.example.com/cv.pdf")).reason


async def test_tries_the_next_vetted_address_when_one_does_not_connect() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == PUBLIC:
            raise httpx.ConnectError("[Errno 101] Network is unreachable")
        return pdf_response()

    fetcher, seen = make(handler, Resolver({"files.example.com": [PUBLIC, PUBLIC_2]}))
    await fetcher.fetch("https://files.example.com/cv.pdf")
    assert [r.url.host for r in seen] == [PUBLIC, PUBLIC_2]
    assert all(r.headers["host"] == "files.example.com" for r in seen)


async def test_connection_failure_is_reported_without_the_query() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"failed for {request.url}")

    fetcher, _ = make(handler)
    error = await refused(fetcher, f"https://files.example.com/cv.pdf?{SECRET}")
    assert "could not connect" in error.reason and "files.example.com" in error.reason


async def test_allow_private_addresses_still_refuses_metadata() -> None:
    resolver = Resolver({"files.corp": ["10.0.0.5"], "imds.example.com": ["169.254.169.254"]})
    fetcher, seen = make(lambda r: pdf_response(), resolver, allow_private_addresses=True)
    await fetcher.fetch("https://files.corp/cv.pdf")
    await fetcher.fetch("https://127.0.0.1/cv.pdf")
    assert [r.url.host for r in seen] == ["10.0.0.5", "127.0.0.1"]
    assert "link-local" in (await refused(fetcher, "https://imds.example.com/latest/meta-data/")).reason
    assert "link-local" in (await refused(fetcher, "https://169.254.169.254/latest/meta-data/")).reason
    assert "metadata" in (await refused(fetcher, "https://metadata.google.internal/")).reason
    assert "unspecified" in (await refused(fetcher, "https://0.0.0.0/cv.pdf")).reason


# --- redirects ------------------------------------------------------------------------------------------------------


def redirecting(chain: dict[str, str], final: httpx.Response | None = None) -> Handler:
    """Answers 302 to ``chain[host + path]``, and ``final`` (a PDF) everywhere else."""

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.headers["host"] + request.url.path
        if key in chain:
            return httpx.Response(302, headers={"location": chain[key]})
        return final or pdf_response()

    return handler


async def test_follows_redirects_vetting_and_pinning_each_hop() -> None:
    resolver = Resolver({"a.example.com": [PUBLIC], "cdn.example.net": [PUBLIC_2]})
    handler = redirecting(
        {"a.example.com/r": f"https://cdn.example.net/files/Jane%20Doe.pdf?{SECRET}", "cdn.example.net/x": "/y"}
    )
    fetcher, seen = make(handler, resolver)
    result = await fetcher.fetch("https://a.example.com/r")
    assert [(r.url.host, r.headers["host"], r.extensions["sni_hostname"]) for r in seen] == [
        (PUBLIC, "a.example.com", "a.example.com"),
        (PUBLIC_2, "cdn.example.net", "cdn.example.net"),
    ]
    assert result.filename == "Jane Doe.pdf"  # named after the URL that served it
    assert [host for host, _ in resolver.calls] == ["a.example.com", "cdn.example.net"]


async def test_relative_redirects_are_resolved_against_the_current_url() -> None:
    fetcher, seen = make(redirecting({"a.example.com/files/r": "../docs/cv.pdf"}))
    result = await fetcher.fetch("https://a.example.com/files/r")
    assert [r.url.path for r in seen] == ["/files/r", "/docs/cv.pdf"]
    assert result.filename == "cv.pdf"


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("https://internal.example.com/cv.pdf", "10.0.0.8"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::ffff:127.0.0.1]/", "loopback"),
        ("https://metadata.google.internal/computeMetadata/v1/", "metadata"),
        ("https://localhost/cv.pdf", "single-label"),
        ("http://a.example.com/cv.pdf", "https down to http"),
        ("ftp://a.example.com/cv.pdf", "only https"),
        ("https://admin:pw@a.example.com/cv.pdf", "user name or password"),
    ],
)
async def test_refuses_a_redirect_to_a_bad_destination(location: str, why: str) -> None:
    resolver = Resolver({"internal.example.com": ["10.0.0.8"]})
    fetcher, seen = make(redirecting({"a.example.com/r": location}), resolver)
    error = await refused(fetcher, f"https://a.example.com/r?{SECRET}")
    assert why in error.reason
    assert "redirected" in error.reason and "a.example.com" in error.reason
    assert len(seen) == 1  # the bad hop is never contacted


async def test_https_to_http_downgrade_allowed_only_with_allow_http() -> None:
    fetcher, seen = make(redirecting({"a.example.com/r": "http://b.example.com/cv.pdf"}), allow_http=True)
    await fetcher.fetch("https://a.example.com/r")
    assert [r.url.scheme for r in seen] == ["https", "http"]


async def test_redirect_limit() -> None:
    chain = {"a.example.com/1": "/2", "a.example.com/2": "/3", "a.example.com/3": "/4", "a.example.com/4": "/5"}
    fetcher, seen = make(redirecting(chain), max_redirects=3)
    error = await refused(fetcher, "https://a.example.com/1")
    assert "more than 3 redirects" in error.reason
    assert len(seen) == 4
    fetcher, _ = make(redirecting(chain), max_redirects=4)
    assert (await fetcher.fetch("https://a.example.com/1")).filename == "5.pdf"
    fetcher, _ = make(redirecting(chain), max_redirects=0)
    assert "more than 0 redirects" in (await refused(fetcher, "https://a.example.com/1")).reason


async def test_redirect_loop_stops_at_the_limit() -> None:
    fetcher, seen = make(redirecting({"a.example.com/loop": "/loop"}))
    assert "redirects" in (await refused(fetcher, "https://a.example.com/loop")).reason
    assert len(seen) == 4


async def test_redirect_without_location() -> None:
    fetcher, _ = make(lambda r: httpx.Response(301))
    assert "without a Location" in (await refused(fetcher, "https://a.example.com/r")).reason


# --- the answer -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 429, 500, 502, 503])
async def test_refuses_error_statuses_naming_the_status(status: int) -> None:
    fetcher, _ = make(lambda r: httpx.Response(status, headers={"content-type": "application/pdf"}, content=PDF))
    error = await refused(fetcher, f"https://files.example.com/cv.pdf?{SECRET}")
    assert f"HTTP {status}" in error.reason and "files.example.com" in error.reason


@pytest.mark.parametrize("status", [204, 206, 304])
async def test_refuses_non_200_successes(status: int) -> None:
    fetcher, _ = make(lambda r: httpx.Response(status, headers={"content-type": "application/pdf"}))
    assert f"HTTP {status}" in (await refused(fetcher, "https://files.example.com/cv.pdf")).reason


@pytest.mark.parametrize(
    ("content_type", "content", "expected"),
    [
        ("application/pdf", PDF, "application/pdf"),
        ("Application/PDF; charset=binary", PDF, "application/pdf"),
        ("application/x-pdf", PDF, "application/pdf"),
        ("application/msword", DOC, "application/msword"),
        (DOCX_TYPE, DOCX, DOCX_TYPE),
        ("text/plain; charset=utf-8", b"Jane Doe\nPython, Go\n", "text/plain"),
        ("text/rtf", RTF, "application/rtf"),
        ("application/vnd.oasis.opendocument.text", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
async def test_accepts_allowed_content_types(content_type: str, content: bytes, expected: str) -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, headers={"content-type": content_type}, content=content))
    assert (await fetcher.fetch("https://files.example.com/download")).content_type == expected


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8", "image/png", "application/zip"])
async def test_refuses_content_types_outside_the_allow_list(content_type: str) -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, headers={"content-type": content_type}, content=PDF))
    error = await refused(fetcher, f"https://files.example.com/cv.pdf?{SECRET}")
    assert content_type.split(";")[0] in error.reason and "not an allowed document type" in error.reason


@pytest.mark.parametrize("content_type", ["application/octet-stream", "binary/octet-stream", None])
@pytest.mark.parametrize(
    ("content", "expected", "extension"),
    [
        (PDF, "application/pdf", ".pdf"),
        (b"\n\n%PDF-1.4 with junk first", "application/pdf", ".pdf"),
        (DOCX, DOCX_TYPE, ".docx"),
        (ODT, "application/vnd.oasis.opendocument.text", ".odt"),
        (DOC, "application/msword", ".doc"),
        (RTF, "application/rtf", ".rtf"),
        ("Jane Doe — engineer\n".encode(), "text/plain", ".txt"),
    ],
)
async def test_generic_types_are_resolved_by_magic_bytes(
    content_type: str | None, content: bytes, expected: str, extension: str
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    fetcher, _ = make(lambda r: httpx.Response(200, headers=headers, content=content))
    result = await fetcher.fetch("https://files.example.com/download")
    assert (result.content_type, result.filename) == (expected, "download" + extension)


@pytest.mark.parametrize("content_type", ["application/octet-stream", None, "text/plain", "application/pdf"])
@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><body>Sign in</body></html>",
        b"\xef\xbb\xbf  \n<!doctype HTML>\n<title>Login</title>",
        b"<html><head><meta http-equiv=refresh></head></html>",
        b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
    ],
)
async def test_refuses_html_bodies_whatever_the_type(content_type: str | None, body: bytes) -> None:
    headers = {"content-type": content_type} if content_type else {}
    fetcher, _ = make(lambda r: httpx.Response(200, headers=headers, content=body))
    assert "HTML page" in (await refused(fetcher, "https://files.example.com/cv.pdf")).reason


async def test_refuses_unrecognisable_binary_with_a_generic_type() -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, content=b"\x89PNG\r\n\x1a\n\x00\x00binary"))
    assert "the file is a PNG image" in (await refused(fetcher, "https://files.example.com/cv.pdf")).reason


async def test_magic_bytes_win_over_a_wrong_declared_type() -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, headers={"content-type": "text/plain"}, content=PDF))
    result = await fetcher.fetch("https://files.example.com/cv.txt")
    assert (result.content_type, result.filename) == ("application/pdf", "cv.pdf")


async def test_a_narrowed_allow_list_also_applies_to_sniffed_types() -> None:
    fetcher, _ = make(
        lambda r: httpx.Response(200, headers={"content-type": "application/octet-stream"}, content=DOCX),
        allowed_content_types=("application/pdf", "application/octet-stream"),
    )
    assert "wordprocessingml" in (await refused(fetcher, "https://files.example.com/cv")).reason
    fetcher, _ = make(lambda r: httpx.Response(200, content=PDF), allowed_content_types=("application/pdf",))
    assert "no Content-Type" in (await refused(fetcher, "https://files.example.com/cv")).reason


async def test_refuses_an_empty_file() -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, headers={"content-type": "application/pdf"}))
    assert "empty" in (await refused(fetcher, "https://files.example.com/cv.pdf")).reason


# --- size and time --------------------------------------------------------------------------------------------------


def streamed(chunks: int, chunk: bytes, produced: list[int], headers: dict[str, str] | None = None) -> httpx.Response:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(chunks):
            produced.append(len(chunk))
            yield chunk

    return httpx.Response(200, headers={"content-type": "application/pdf", **(headers or {})}, content=body())


async def test_refuses_a_too_large_content_length_before_reading() -> None:
    produced: list[int] = []
    transport = StreamingTransport(lambda r: streamed(100, PDF, produced, {"content-length": "5000"}))
    fetcher = ResumeFetcher(FetchLimits(max_bytes=4096), Resolver(), transport=transport)
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.fetch(f"https://files.example.com/cv.pdf?{SECRET}")
    assert "5,000 bytes, over the 4,096-byte limit" in info.value.reason
    assert produced == []


async def test_stops_reading_once_over_max_bytes() -> None:
    produced: list[int] = []
    transport = StreamingTransport(lambda r: streamed(10_000, b"%PDF" + b"x" * 1020, produced))
    fetcher = ResumeFetcher(FetchLimits(max_bytes=10_000), Resolver(), transport=transport)
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.fetch("https://files.example.com/cv.pdf")
    assert "over the 10,000-byte limit" in info.value.reason
    assert sum(produced) <= 11 * 1024  # stopped right after crossing the cap


async def test_exactly_max_bytes_is_accepted() -> None:
    content = b"%PDF" + b"x" * 4092
    fetcher, _ = make(lambda r: pdf_response(content), max_bytes=4096)
    assert len((await fetcher.fetch("https://files.example.com/cv.pdf")).content) == 4096
    fetcher, _ = make(lambda r: pdf_response(content + b"x"), max_bytes=4096)
    assert "over the 4,096-byte limit" in (await refused(fetcher, "https://files.example.com/cv.pdf")).reason


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_compressed_bodies_are_decoded_under_the_same_cap(encoding: str) -> None:
    def compress(data: bytes) -> bytes:
        return gzip.compress(data) if encoding == "gzip" else zlib.compress(data)

    small = StreamingTransport(lambda r: streamed_pdf(compress(PDF), {"content-encoding": encoding}))
    fetcher = ResumeFetcher(FetchLimits(max_bytes=4096), Resolver(), transport=small)
    assert (await fetcher.fetch("https://files.example.com/cv.pdf")).content == PDF

    bomb = compress(b"%PDF" + b"\x00" * 50_000_000)  # ~50 KB that inflates to 50 MB
    assert len(bomb) < 100_000
    big = StreamingTransport(lambda r: streamed_pdf(bomb, {"content-encoding": encoding}))
    fetcher = ResumeFetcher(FetchLimits(max_bytes=1_000_000), Resolver(), transport=big)
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.fetch("https://files.example.com/cv.pdf")
    assert "over the 1,000,000-byte limit" in info.value.reason


async def test_refuses_unknown_content_encodings() -> None:
    transport = StreamingTransport(lambda r: streamed_pdf(b"\x28\xb5\x2f\xfd", {"content-encoding": "zstd"}))
    fetcher = ResumeFetcher(FetchLimits(), Resolver(), transport=transport)
    with pytest.raises(ResumeFetchError, match="unsupported Content-Encoding"):
        await fetcher.fetch("https://files.example.com/cv.pdf")


async def test_total_timeout_covers_a_slow_server() -> None:
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return pdf_response()

    fetcher, _ = make(slow, timeout_seconds=0.2)
    started = time.monotonic()
    error = await refused(fetcher, f"https://slow.example.com/cv.pdf?{SECRET}")
    assert time.monotonic() - started < 2
    assert "longer than the 0.2 s limit" in error.reason and "slow.example.com" in error.reason


async def test_total_timeout_covers_a_slow_resolver() -> None:
    async def slow(host: str, port: int) -> list[str]:
        await asyncio.sleep(5)
        return [PUBLIC]

    fetcher = ResumeFetcher(FetchLimits(timeout_seconds=0.2), slow, transport=httpx.MockTransport(never))
    with pytest.raises(ResumeFetchError, match=r"longer than the 0\.2 s limit"):
        await fetcher.fetch("https://slow-dns.example.com/cv.pdf")


# --- file names -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('attachment; filename="Jane Doe CV.pdf"', "Jane Doe CV.pdf"),
        ("attachment; filename=cv.pdf", "cv.pdf"),
        ("attachment; filename*=UTF-8''Ren%C3%A9e%20CV.pdf", "Renée CV.pdf"),
        ("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''r%C3%A9al.pdf", "réal.pdf"),
        ('attachment; filename="../../etc/passwd"', "passwd.pdf"),
        ('attachment; filename="C:\\Users\\jane\\cv.pdf"', "cv.pdf"),
        ("inline", "download.pdf"),  # no name: the URL's
    ],
)
async def test_filename_from_content_disposition(disposition: str, expected: str) -> None:
    fetcher, _ = make(lambda r: pdf_response(headers={"content-disposition": disposition}))
    assert (await fetcher.fetch(f"https://files.example.com/download?{SECRET}")).filename == expected


async def test_filename_hint_wins_and_is_fixed_up() -> None:
    fetcher, _ = make(lambda r: pdf_response(headers={"content-disposition": 'attachment; filename="server.pdf"'}))
    assert (await fetcher.fetch("https://files.example.com/x.pdf", "Jane Doe - Resume")).filename == (
        "Jane Doe - Resume.pdf"
    )


async def test_filename_falls_back_to_resume_with_an_extension() -> None:
    fetcher, _ = make(lambda r: httpx.Response(200, content=DOC))
    assert (await fetcher.fetch("https://files.example.com/")).filename == "resume.doc"
    assert (await fetcher.fetch("https://files.example.com")).filename == "resume.doc"


# --- secrets --------------------------------------------------------------------------------------------------------


async def test_the_query_string_is_never_logged_nor_in_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="airbyte")
    airbyte_logger = logging.getLogger("airbyte")
    airbyte_logger.addHandler(caplog.handler)  # the CDK may have turned off propagation to the root logger
    try:
        await _log_and_fail_with_secrets()
    finally:
        airbyte_logger.removeHandler(caplog.handler)
    assert caplog.records, "the fetcher logs its downloads at debug level"
    assert all(SECRET not in record.getMessage() for record in caplog.records)


async def _log_and_fail_with_secrets() -> None:
    resolver = Resolver({"internal.example.com": ["10.0.0.8"]})
    handler = redirecting({"a.example.com/r": f"https://b.example.com/cv.pdf?{SECRET}&x=1"})
    fetcher, _ = make(handler, resolver)
    await fetcher.fetch(f"https://a.example.com/r?{SECRET}")
    for url in [
        f"https://internal.example.com/cv.pdf?{SECRET}",
        f"http://a.example.com/cv.pdf?{SECRET}",
        f"ftp://a.example.com/cv.pdf?{SECRET}",
        f"https://user:{SECRET}@a.example.com/cv.pdf",
        f"https://a.example.com:99999/cv.pdf?{SECRET}",
    ]:
        error = await refused(fetcher, url)
        assert "a.example.com" in error.reason or "internal.example.com" in error.reason
        assert error.__cause__ is None
    fetcher, _ = make(lambda r: httpx.Response(403))
    await refused(fetcher, f"https://a.example.com/cv.pdf?{SECRET}")


async def test_fetcher_closes_an_injected_transport() -> None:
    transport = StreamingTransport(lambda r: pdf_response())
    fetcher = ResumeFetcher(FetchLimits(), Resolver(), transport=transport)
    await fetcher.fetch("https://files.example.com/cv.pdf")
    await fetcher.aclose()
    with pytest.raises(RuntimeError):
        await fetcher.fetch("https://files.example.com/cv.pdf")


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError):
        FetchLimits(max_bytes=0)
    with pytest.raises(ValueError):
        FetchLimits(timeout_seconds=0)
    with pytest.raises(ValueError):
        FetchLimits(max_redirects=-1)


# --- vetting a URL the ATS will fetch itself --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "answers", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", {}, "plain http"),
        ("https://169.254.169.254/latest/meta-data/", {}, "link-local"),
        ("https://2130706433/cv.pdf", {}, "unusual numeric form"),  # decimal 127.0.0.1
        ("https://0x7f000001/cv.pdf", {}, "unusual numeric form"),  # hex
        ("https://0x7f.0.0.1/cv.pdf", {}, "unusual numeric form"),
        ("https://0177.0.0.1/cv.pdf", {}, "not a valid URL"),  # octal
        ("https://127.1/cv.pdf", {}, "unusual numeric form"),
        ("https://[::ffff:169.254.169.254]/cv.pdf", {}, "169.254.169.254 inside an IPv6 address"),
        ("https://[::ffff:7f00:1]/cv.pdf", {}, "127.0.0.1 inside an IPv6 address"),
        ("https://[64:ff9b::a00:1]/cv.pdf", {}, "10.0.0.1 inside an IPv6 address"),
        ("https://[fe80::1]/cv.pdf", {}, "link-local"),
        ("https://0.0.0.0/cv.pdf", {}, "unspecified"),
        ("https://localhost/cv.pdf", {}, "single-label"),
        ("https://LOCALHOST./cv.pdf", {}, "single-label"),
        ("https://files.localhost/cv.pdf", {}, "internal host name"),
        ("https://metadata.google.internal/computeMetadata/v1/", {}, "cloud metadata"),
        ("https://user:pw@files.example.com/cv.pdf", {}, "user name or password"),
        ("ftp://files.example.com/cv.pdf", {}, "only https"),
        ("file:///etc/passwd", {}, "only https"),
        ("gopher://files.example.com:70/_", {}, "only https"),
        ("http://files.example.com/cv.pdf", {}, "plain http is not allowed"),
        ("https://intranet-files.example.com/cv.pdf", {"intranet-files.example.com": ["10.1.2.3"]}, "private network"),
        ("https://cgnat.example.com/cv.pdf", {"cgnat.example.com": ["100.64.0.9"]}, "private network"),
        ("https://rebind.example.com/cv.pdf", {"rebind.example.com": [PUBLIC, "127.0.0.1"]}, "loopback"),
        ("https://v6.example.com/cv.pdf", {"v6.example.com": ["::ffff:192.168.1.1"]}, "192.168.1.1 inside"),
        ("https://gone.invalid/cv.pdf", {}, "does not resolve"),
    ],
)
async def test_a_url_for_the_ats_is_vetted_by_the_download_rules(
    url: str, answers: dict[str, list[str]], why: str
) -> None:
    fetcher, seen = make(never, Resolver(answers))
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.vet(url)
    assert why in info.value.reason and info.value.reason.startswith("Refused to pass the resume URL to the ATS")
    assert seen == []  # vetting never requests the URL


async def test_a_public_url_passes_vetting_without_being_requested() -> None:
    resolver = Resolver()
    fetcher, seen = make(never, resolver)
    await fetcher.vet(f"https://files.example.com/cv.pdf?{SECRET}")
    assert seen == [] and resolver.calls == [("files.example.com", 443)]


async def test_vetting_follows_the_users_choices_for_http_and_private_hosts() -> None:
    fetcher, _ = make(
        never, Resolver({"files.corp.example": ["10.0.0.8"]}), allow_http=True, allow_private_addresses=True
    )
    await fetcher.vet("http://files.corp.example/cv.pdf")
    await fetcher.vet("http://127.0.0.1:8080/cv.pdf")
    with pytest.raises(ResumeFetchError, match="link-local"):
        await fetcher.vet("http://169.254.169.254/latest/meta-data/")


async def test_vetting_errors_never_carry_the_query_string() -> None:
    fetcher, _ = make(never, Resolver({"files.example.com": ["10.0.0.1"]}))
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.vet(f"https://files.example.com/cv.pdf?{SECRET}")
    assert SECRET not in str(info.value)


async def test_vetting_resolves_each_host_once_per_sync() -> None:
    resolver = Resolver({"inside.example.com": ["10.0.0.2"]})
    fetcher, _ = make(never, resolver)
    for i in range(3):
        await fetcher.vet(f"https://files.example.com/cv{i}.pdf?sig={i}")
    await fetcher.vet("https://files.example.com:8443/cv.pdf")
    for _ in range(2):
        with pytest.raises(ResumeFetchError, match="private network"):
            await fetcher.vet("https://inside.example.com/cv.pdf")
    with pytest.raises(ResumeFetchError, match="user name or password"):
        await fetcher.vet("https://u:p@files.example.com/cv.pdf")  # not the clean URL's verdict
    assert resolver.calls == [("files.example.com", 443), ("files.example.com", 8443), ("inside.example.com", 443)]

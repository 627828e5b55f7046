"""ResumeFetcher against real HTTP and HTTPS servers on 127.0.0.1 (aiohttp): the size cap, the total timeout, redirect
vetting, content types, and the pinned connection's Host/SNI/certificate checks, over real sockets.

The servers are on loopback, so these tests set ``allow_private_addresses=True`` - except the one that shows that
without it the very same URL is refused.
"""

from __future__ import annotations

import asyncio
import datetime
import gzip
import logging
import ssl
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from destination_unified_ats.resume_fetch import FetchLimits, ResumeFetcher, ResumeFetchError
from unit_tests import real_documents

PDF = b"%PDF-1.4\n" + b"resume " * 1000
SECRET = "sig=TOPSECRET"


@dataclass
class Server:
    port: int
    hits: list[str] = field(default_factory=list)  # paths asked for
    hosts: list[str] = field(default_factory=list)  # Host headers received
    sni: list[str | None] = field(default_factory=list)  # TLS server names received
    sent: dict[str, int] = field(default_factory=dict)  # body bytes written, per path

    def url(self, path: str, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}{path}"


def build_app(server: Server, other_ports: dict[str, int]) -> web.Application:
    async def track(request: web.Request) -> None:
        server.hits.append(request.path)
        server.hosts.append(request.headers.get("Host", ""))

    async def pdf(request: web.Request) -> web.Response:
        await track(request)
        return web.Response(body=PDF, content_type="application/pdf")

    async def typed(request: web.Request) -> web.Response:
        await track(request)
        kind = request.match_info["kind"]
        bodies: dict[str, tuple[bytes, str]] = {
            "html": (b"<!DOCTYPE html><html><body><form>Sign in</form></body></html>", "text/html; charset=utf-8"),
            "octet-html": (b"<!doctype html>\n<html><title>Login</title></html>", "application/octet-stream"),
            "octet-pdf": (PDF, "application/octet-stream"),
            "charset-pdf": (PDF, "application/pdf; charset=binary"),
            "docx": (real_documents.docx(), "application/octet-stream"),
            "odt": (real_documents.odt(), "application/octet-stream"),
            "xlsx-as-docx": (
                real_documents.xlsx(),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        }
        body, content_type = bodies[kind]
        return web.Response(body=body, headers={"Content-Type": content_type})

    async def status(request: web.Request) -> web.Response:
        await track(request)
        return web.Response(status=int(request.match_info["code"]), text="nope", content_type="text/plain")

    async def gzipped(request: web.Request) -> web.Response:
        await track(request)
        response = web.Response(body=gzip.compress(PDF), content_type="application/pdf")
        response.headers["Content-Encoding"] = "gzip"
        return response

    async def announced_too_big(request: web.Request) -> web.StreamResponse:
        await track(request)
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        response.content_length = 50_000_000
        await response.prepare(request)
        await response.write(b"%PDF-1.4\n")
        await asyncio.sleep(10)  # the client must not wait for the rest
        return response

    async def endless(request: web.Request) -> web.StreamResponse:
        await track(request)
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = b"%PDF" + b"\x00" * 65532
        server.sent["endless"] = 0
        try:
            while server.sent["endless"] < 64 * 1024 * 1024:
                await response.write(chunk)
                server.sent["endless"] += len(chunk)
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def trickle(request: web.Request) -> web.StreamResponse:
        # Every read succeeds quickly; only a deadline on the whole download stops this.
        await track(request)
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        await response.write(b"%PDF")
        try:
            for _ in range(200):
                await asyncio.sleep(0.05)
                await response.write(b"x")
        except (ConnectionError, asyncio.CancelledError):
            pass
        return response

    async def hang(request: web.Request) -> web.Response:
        await track(request)
        await asyncio.sleep(10)
        return web.Response(body=PDF, content_type="application/pdf")

    async def redirect(request: web.Request) -> web.Response:
        await track(request)
        hops = int(request.match_info["n"])
        location = f"/redirect/{hops - 1}?{SECRET}" if hops > 1 else f"/files/Jane%20Doe.pdf?{SECRET}"
        raise web.HTTPFound(location)

    async def redirect_to(request: web.Request) -> web.Response:
        await track(request)
        targets = {
            "metadata-ip": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "metadata-name": "http://metadata.google.internal/computeMetadata/v1/?recursive=true",
            "zero": f"http://0.0.0.0:{server.port}/cv.pdf",
            "ftp": "ftp://127.0.0.1/cv.pdf",
            "named": f"http://files.resumes.test:{server.port}/files/named.pdf",
            "http": f"http://resumes.test:{other_ports.get('http', 0)}/files/plain.pdf",
        }
        raise web.HTTPFound(targets[request.match_info["where"]])

    app = web.Application()
    app.router.add_get("/cv.pdf", pdf)
    app.router.add_get("/files/{name}", pdf)
    app.router.add_get("/typed/{kind}", typed)
    app.router.add_get("/status/{code}", status)
    app.router.add_get("/gzip", gzipped)
    app.router.add_get("/announced-too-big", announced_too_big)
    app.router.add_get("/endless", endless)
    app.router.add_get("/trickle", trickle)
    app.router.add_get("/hang", hang)
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_get("/to/{where}", redirect_to)
    return app


async def start(
    server_ssl: ssl.SSLContext | None = None, other_ports: dict[str, int] | None = None
) -> tuple[Server, web.AppRunner]:
    server = Server(port=0)
    if server_ssl is not None:

        def remember_sni(sslobj: Any, name: str | None, context: ssl.SSLContext) -> None:
            server.sni.append(name)

        server_ssl.sni_callback = remember_sni
    runner = web.AppRunner(
        build_app(server, other_ports or {}), shutdown_timeout=0.2, handler_cancellation=True, access_log=None
    )
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl)
    await site.start()
    server.port = runner.addresses[0][1]
    return server, runner


@pytest.fixture
async def http_server() -> AsyncIterator[Server]:
    server, runner = await start()
    yield server
    await runner.cleanup()


async def loopback_resolver(host: str, port: int) -> list[str]:
    """Every name is on this machine (the servers are on 127.0.0.1)."""
    return ["127.0.0.1"]


def fetcher(**limits: Any) -> ResumeFetcher:
    defaults: dict[str, Any] = {"allow_private_addresses": True, "allow_http": True, "timeout_seconds": 5}
    return ResumeFetcher(FetchLimits(**{**defaults, **limits}), loopback_resolver)


async def refused(fetcher: ResumeFetcher, url: str) -> ResumeFetchError:
    with pytest.raises(ResumeFetchError) as info:
        await fetcher.fetch(url)
    assert "TOPSECRET" not in info.value.reason
    return info.value


# --- reaching the server at all ---------------------------------------------------------------------------------


async def test_downloads_from_a_local_server(http_server: Server) -> None:
    result = await fetcher().fetch(http_server.url(f"/files/Jane%20Doe.pdf?{SECRET}"))
    assert (result.filename, result.content, result.content_type) == ("Jane Doe.pdf", PDF, "application/pdf")
    assert http_server.hosts == [f"127.0.0.1:{http_server.port}"]


async def test_the_same_loopback_url_is_refused_without_allow_private_addresses(http_server: Server) -> None:
    strict = ResumeFetcher(FetchLimits(allow_http=True))  # the system resolver, as in production
    error = await refused(strict, http_server.url(f"/cv.pdf?{SECRET}"))
    assert "loopback" in error.reason and "127.0.0.1" in error.reason
    assert "single-label" in (await refused(strict, http_server.url("/cv.pdf", host="localhost"))).reason
    assert "loopback" in (await refused(strict, http_server.url("/cv.pdf", host="[::ffff:127.0.0.1]"))).reason
    assert http_server.hits == []  # nothing reached the server


async def test_a_name_is_connected_to_its_vetted_address_with_its_host_header(http_server: Server) -> None:
    result = await fetcher().fetch(http_server.url("/files/named.pdf", host="files.resumes.test"))
    assert result.content == PDF
    assert http_server.hosts == [f"files.resumes.test:{http_server.port}"]


async def test_the_system_resolver_with_allow_private_addresses(http_server: Server) -> None:
    # Where "localhost" also resolves to ::1 (nothing listens there), this also shows the fallback to the next address.
    relaxed = ResumeFetcher(FetchLimits(allow_http=True, allow_private_addresses=True, timeout_seconds=5))
    result = await relaxed.fetch(http_server.url("/cv.pdf", host="localhost"))
    assert result.content == PDF
    assert http_server.hosts == [f"localhost:{http_server.port}"]


# --- size -------------------------------------------------------------------------------------------------------


async def test_size_cap_stops_reading_an_endless_body(http_server: Server) -> None:
    started = time.monotonic()
    error = await refused(fetcher(max_bytes=256 * 1024), http_server.url(f"/endless?{SECRET}"))
    assert "over the 262,144-byte limit" in error.reason
    assert time.monotonic() - started < 3
    await asyncio.sleep(0.1)  # let the handler notice the closed connection
    assert http_server.sent["endless"] < 16 * 1024 * 1024  # far from the 64 MiB it would have sent


async def test_a_too_large_content_length_is_refused_before_reading(http_server: Server) -> None:
    started = time.monotonic()
    error = await refused(fetcher(max_bytes=1_000_000), http_server.url("/announced-too-big"))
    assert "announced 50,000,000 bytes, over the 1,000,000-byte limit" in error.reason
    assert time.monotonic() - started < 2  # did not wait for the body that never comes


async def test_gzip_body_from_a_real_server(http_server: Server) -> None:
    result = await fetcher().fetch(http_server.url("/gzip"))
    assert result.content == PDF
    assert "over the" in (await refused(fetcher(max_bytes=len(PDF) - 1), http_server.url("/gzip"))).reason


# --- time -------------------------------------------------------------------------------------------------------


async def test_total_timeout_stops_a_trickling_body(http_server: Server) -> None:
    started = time.monotonic()
    error = await refused(fetcher(timeout_seconds=0.5), http_server.url(f"/trickle?{SECRET}"))
    elapsed = time.monotonic() - started
    assert "longer than the 0.5 s limit" in error.reason and "127.0.0.1" in error.reason
    assert 0.4 < elapsed < 2


async def test_total_timeout_stops_a_server_that_never_answers(http_server: Server) -> None:
    started = time.monotonic()
    error = await refused(fetcher(timeout_seconds=0.5), http_server.url("/hang"))
    assert "longer than the 0.5 s limit" in error.reason
    assert time.monotonic() - started < 2


# --- redirects --------------------------------------------------------------------------------------------------


async def test_follows_redirects_up_to_the_limit(http_server: Server) -> None:
    result = await fetcher(max_redirects=3).fetch(http_server.url("/redirect/3"))
    assert result.filename == "Jane Doe.pdf"
    assert http_server.hits == ["/redirect/3", "/redirect/2", "/redirect/1", "/files/Jane Doe.pdf"]


async def test_refuses_one_redirect_too_many(http_server: Server) -> None:
    error = await refused(fetcher(max_redirects=3), http_server.url("/redirect/4"))
    assert "more than 3 redirects" in error.reason
    assert http_server.hits == ["/redirect/4", "/redirect/3", "/redirect/2", "/redirect/1"]


@pytest.mark.parametrize(
    ("where", "why"),
    [
        ("metadata-ip", "link-local"),  # refused even with allow_private_addresses
        ("metadata-name", "metadata"),
        ("zero", "unspecified"),
        ("ftp", "only https"),
    ],
)
async def test_refuses_redirects_to_forbidden_destinations(http_server: Server, where: str, why: str) -> None:
    error = await refused(fetcher(), http_server.url(f"/to/{where}?{SECRET}"))
    assert why in error.reason and "recursive" not in error.reason
    assert http_server.hits == [f"/to/{where}"]


async def test_a_redirect_to_a_name_is_vetted_and_pinned_too(http_server: Server) -> None:
    result = await fetcher().fetch(http_server.url("/to/named"))
    assert result.filename == "named.pdf"
    assert http_server.hosts == [f"127.0.0.1:{http_server.port}", f"files.resumes.test:{http_server.port}"]


# --- content types ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        ("html", "text/html, which is not an allowed document type"),
        ("octet-html", "HTML page"),
        ("octet-pdf", "application/pdf"),
        ("charset-pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("xlsx-as-docx", "the file is an Excel spreadsheet (XLSX)"),  # the declared type does not make it one
    ],
)
async def test_content_types(http_server: Server, kind: str, outcome: str) -> None:
    url = http_server.url(f"/typed/{kind}")
    if "/" in outcome and " " not in outcome:
        assert (await fetcher().fetch(url)).content_type == outcome
    else:
        assert outcome in (await refused(fetcher(), url)).reason


@pytest.mark.parametrize("code", [403, 404, 500])
async def test_error_statuses_are_refused(http_server: Server, code: int) -> None:
    error = await refused(fetcher(), http_server.url(f"/status/{code}?{SECRET}"))
    assert f"HTTP {code}" in error.reason and "127.0.0.1" in error.reason


# --- https: SNI, Host and the certificate checked against the name, not the IP ------------------------------------


@dataclass
class Pki:
    client: ssl.SSLContext  # trusts the test CA
    server: ssl.SSLContext  # serves a certificate for resumes.test and *.resumes.test (no IP address in it)


def make_pki() -> Pki:
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)

    def certificate(subject: str, key: Any, issuer: str, issuer_key: Any, ca: bool, names: list[str]) -> Any:
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
        return builder.sign(issuer_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate("resume-fetch test CA", ca_key, "resume-fetch test CA", ca_key, True, [])
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = certificate(
        "resumes.test", leaf_key, "resume-fetch test CA", ca_key, False, ["resumes.test", "*.resumes.test"]
    )

    client = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.NamedTemporaryFile("wb", suffix=".pem") as pem:
        pem.write(leaf.public_bytes(serialization.Encoding.PEM))
        pem.write(
            leaf_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        pem.flush()
        server.load_cert_chain(pem.name)
    return Pki(client=client, server=server)


@pytest.fixture
async def tls(http_server: Server) -> AsyncIterator[tuple[Server, Pki]]:
    pki = make_pki()
    server, runner = await start(pki.server, other_ports={"http": http_server.port})
    yield server, pki
    await runner.cleanup()


def tls_fetcher(pki: Pki, **limits: Any) -> ResumeFetcher:
    defaults: dict[str, Any] = {"allow_private_addresses": True, "timeout_seconds": 5}
    return ResumeFetcher(FetchLimits(**{**defaults, **limits}), loopback_resolver, ssl_context=pki.client)


async def test_https_sends_sni_and_host_and_verifies_the_name(tls: tuple[Server, Pki]) -> None:
    server, pki = tls
    result = await tls_fetcher(pki).fetch(server.url(f"/files/cv.pdf?{SECRET}", host="resumes.test", scheme="https"))
    assert result.content == PDF
    assert server.sni == ["resumes.test"]  # the name, although we connected to 127.0.0.1
    assert server.hosts == [f"resumes.test:{server.port}"]


async def test_https_refuses_a_certificate_for_another_name(tls: tuple[Server, Pki]) -> None:
    server, pki = tls
    error = await refused(tls_fetcher(pki), server.url(f"/cv.pdf?{SECRET}", host="other.example", scheme="https"))
    assert "certificate" in error.reason.lower() and "other.example" in error.reason
    assert server.hits == []


async def test_https_to_the_bare_ip_is_checked_against_the_ip(tls: tuple[Server, Pki]) -> None:
    server, pki = tls
    error = await refused(tls_fetcher(pki), server.url("/cv.pdf", scheme="https"))
    assert "certificate" in error.reason.lower()
    assert server.hits == []


async def test_https_to_http_redirect_is_a_refused_downgrade(tls: tuple[Server, Pki], http_server: Server) -> None:
    server, pki = tls
    url = server.url(f"/to/http?{SECRET}", host="resumes.test", scheme="https")
    error = await refused(tls_fetcher(pki), url)
    assert "down to http" in error.reason
    assert http_server.hits == []
    result = await tls_fetcher(pki, allow_http=True).fetch(url)
    assert result.filename == "plain.pdf"
    assert http_server.hosts == [f"resumes.test:{http_server.port}"]


async def test_a_tls_connection_is_never_reused_for_another_name(tls: tuple[Server, Pki]) -> None:
    server, pki = tls
    fetcher = tls_fetcher(pki)
    names = ["resumes.test", "a.resumes.test", "resumes.test"]
    results = await asyncio.gather(
        *(fetcher.fetch(server.url("/cv.pdf", host=name, scheme="https")) for name in names[:2])
    )
    results.append(await fetcher.fetch(server.url("/cv.pdf", host=names[2], scheme="https")))
    assert all(result.content == PDF for result in results)
    assert sorted(name or "" for name in server.sni) == sorted(names)  # one handshake, for its own name, per fetch
    assert sorted(server.hosts) == sorted(f"{name}:{server.port}" for name in names)


async def test_no_log_line_carries_the_query(http_server: Server, caplog: pytest.LogCaptureFixture) -> None:
    # Ours and httpx's (whose client would log "HTTP Request: GET <full URL>" at INFO; we do not go through it).
    # httpcore's DEBUG trace would print response headers, Location included: run.py keeps httpcore at WARNING.
    names = ("httpx", "airbyte")
    for name in names:
        caplog.set_level(logging.DEBUG, logger=name)
        logging.getLogger(name).addHandler(caplog.handler)  # in case propagation is off
    try:
        await fetcher().fetch(http_server.url(f"/redirect/2?{SECRET}"))
        await refused(fetcher(), http_server.url(f"/status/404?{SECRET}"))
    finally:
        for name in names:
            logging.getLogger(name).removeHandler(caplog.handler)
    messages = [record.getMessage() for record in caplog.records]
    assert any("Downloading a resume" in message for message in messages)
    assert not [message for message in messages if "TOPSECRET" in message]

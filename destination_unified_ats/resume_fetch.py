"""Downloads a resume from a record's ``resume_url``, strictly, for ATS integrations that take files only as base64.

The connector runs inside the customer's Airbyte, next to their internal services and often on a cloud VM with a
metadata endpoint, so a URL taken from a source record is treated as hostile (SSRF):

* Only ``https`` (``http`` only when ``FetchLimits.allow_http``), no ``user:password@`` part, any port.
* The host is checked before anything is sent: cloud-metadata names (``metadata.google.internal`` ...) are always
  refused; internal-looking names (single-label, ``localhost``, ``*.internal``, ``*.local`` ...) and unusual numeric
  forms (``2130706433``, ``127.1``) are refused too.
* We resolve the name ourselves and refuse when ANY answer is loopback, private (RFC 1918, fc00::/7), CGNAT
  (100.64/10), link-local (169.254/16 with the metadata address 169.254.169.254, fe80::/10), unspecified, multicast,
  reserved or otherwise not a public address; IPv4-mapped, NAT64 and 6to4 IPv6 addresses are judged by the IPv4
  address they carry. Literal IP hosts are checked the same way.
* DNS rebinding: the request is then sent to the vetted IP itself (the URL's host is replaced by the address), so
  nothing re-resolves the name between the check and the connection. The original name is kept where it matters:
  in the ``Host`` header and, for https, as the TLS SNI name (httpcore's ``sni_hostname`` request extension), which
  is also the name the certificate is verified against (``check_hostname``) - never the IP.
* No keep-alive and a fresh connection pool per fetch: a connection opened (and verified) for one name can never
  carry a request for another name that resolves to the same address. Environment proxies are ignored
  (``trust_env=False``): a proxy would resolve the name again, behind our back.
* Redirects are followed by hand, at most ``max_redirects``, and every hop is vetted by the same rules (so an
  https -> http downgrade is refused unless http is allowed).
* The whole fetch (resolution, connections, redirects, body) has one deadline; the body is read as a stream and
  dropped once over ``max_bytes`` (a too-large Content-Length is refused before reading; gzip/deflate bodies are
  decompressed with the same cap, so a compression bomb cannot blow up).
* Status >= 400 is refused, and so is any Content-Type outside the allow-list. A generic type (octet-stream or none)
  is resolved from the magic bytes; an HTML body (a login or error page) is never taken for a resume.
* The URL's query string (signed URLs carry their secret there) never goes into a log line or an error: errors name
  the host, log lines the host and path.
* ``vet`` applies the same rules, without the request, to a URL the connector hands to the ATS to fetch itself
  (URL-based integrations): the connector is never a relay into a network it would refuse to read from.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import logging
import re
import socket
import ssl
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value

import certifi
import httpx

from destination_unified_ats import filetypes

logger = logging.getLogger("airbyte")

Resolver = Callable[[str, int], Awaitable[list[str]]]

_DEFAULT_CONTENT_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/rtf",
    "text/rtf",
    "text/plain",
    "application/vnd.oasis.opendocument.text",
    "application/octet-stream",
)


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 10 * 1024 * 1024
    timeout_seconds: float = 20.0  # total, connect + read of the whole body (and every redirect hop)
    allow_http: bool = False  # https only unless the user allows http
    # Tests only: lets a test fetch from a 127.0.0.1 server. Allows loopback, RFC 1918, fc00::/7 and CGNAT addresses
    # and internal-looking names; link-local (cloud metadata), unspecified, multicast and reserved addresses and the
    # metadata names stay refused.
    allow_private_addresses: bool = False
    allowed_content_types: tuple[str, ...] = _DEFAULT_CONTENT_TYPES
    max_redirects: int = 3

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        if self.timeout_seconds <= 0:
            raise ValueError("timeout_seconds must be positive")
        if self.max_redirects < 0:
            raise ValueError("max_redirects must not be negative")


@dataclass(frozen=True)
class FetchedFile:
    filename: str
    content: bytes
    content_type: str
    sha256: str


class ResumeFetchError(Exception):
    """Why a resume could not be downloaded. ``reason`` names the host, never the URL's query string."""

    def __init__(self, reason: str, host: str = "") -> None:
        self.reason = reason
        self.host = host
        super().__init__(reason)


# --- document types -------------------------------------------------------------------------------------------------

OCTET_STREAM = "application/octet-stream"
# Names that servers use for the types above; S3 serves untyped uploads as binary/octet-stream.
_ALIASES = {
    "binary/octet-stream": OCTET_STREAM,
    "application/x-pdf": filetypes.PDF.media_type,
    "application/x-rtf": filetypes.RTF.media_type,
    "text/rtf": filetypes.RTF.media_type,
    "application/vnd.ms-word": filetypes.DOC.media_type,
}
_GENERIC_TYPES = frozenset({"", OCTET_STREAM})


def _media_type(header: str | None) -> str:
    """``Application/PDF; charset=binary`` -> ``application/pdf`` (with the common aliases folded)."""
    media = (header or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(media, media)


def _disposition_filename(header: str | None) -> str | None:
    """The file name of a Content-Disposition header; ``filename*`` (RFC 6266/5987) wins over ``filename``."""
    if not header:
        return None
    message = Message()
    try:
        message["content-disposition"] = header
        params = message.get_params(header="content-disposition") or []
        plain: str | None = None
        for key, value in params[1:]:
            if key.lower() != "filename":
                continue
            if isinstance(value, tuple):  # filename*=charset'lang'percent-encoded
                return collapse_rfc2231_value(value) or plain
            plain = plain or value
    except (ValueError, LookupError, TypeError):
        return None
    return plain


# --- destinations ---------------------------------------------------------------------------------------------------

# Always refused, whatever the limits say.
_METADATA_NAMES = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.platformequinix.com",
    }
)
# Refused unless private destinations are allowed (tests): names that only make sense inside a network.
_INTERNAL_SUFFIXES = (
    "localhost",
    "local",
    "localdomain",
    "internal",
    "intranet",
    "private",
    "corp",
    "home",
    "lan",
    "home.arpa",
)
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$")

_PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "::1/128", "fc00::/7")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str | None:
    """Why we must not connect to ``address`` (a short phrase), or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            problem = _address_problem(embedded, allow_private)
            return f"{problem} ({embedded} inside an IPv6 address)" if problem else None
    if address.is_link_local:
        return "a link-local address (where cloud metadata services live)"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return None if allow_private else "a loopback address"
    if any(address in net for net in _PRIVATE_NETWORKS):
        return None if allow_private else "a private network address"
    if address.is_reserved:
        return "a reserved address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "a site-local address"
    if not address.is_global:
        return "not a public internet address"
    return None


def _name_problem(host: str, allow_private: bool) -> str | None:
    name = host.rstrip(".")
    if name in _METADATA_NAMES or name.endswith(".metadata.google.internal"):
        return "is a cloud metadata service name"
    if not _HOSTNAME.match(name):
        return "is not a valid host name"
    last_label = name.rsplit(".", 1)[-1]
    if last_label.isdigit() or last_label.startswith("0x"):
        return "is an unusual numeric form of an IP address"
    if allow_private:
        return None
    if "." not in name:
        return "is a single-label (internal) name"
    if any(name == suffix or name.endswith("." + suffix) for suffix in _INTERNAL_SUFFIXES):
        return "is an internal host name"
    return None


async def _system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


# --- fetching -------------------------------------------------------------------------------------------------------

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_VERDICTS = 4096


@dataclass(frozen=True)
class _Target:
    url: httpx.URL  # as given (host name), for Host/SNI, logs and relative redirects
    host: str  # ASCII (IDNA) host, no brackets
    addresses: tuple[str, ...]  # vetted, in resolver order
    literal: bool  # the URL's host is an IP address (no SNI then: TLS checks the IP itself)

    @property
    def shown(self) -> str:
        return self.url.host or self.host


class _BoundedBody:
    """Collects a response body, decoding gzip/deflate, and raises ``_TooLarge`` once over ``max_bytes``."""

    def __init__(self, max_bytes: int, content_encoding: str) -> None:
        self._max = max_bytes
        self._raw_size = 0
        self._parts: list[bytes] = []
        self.size = 0
        encoding = content_encoding.strip().lower()
        if encoding in ("", "identity"):
            self._decoder: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._decoder = zlib.decompressobj(wbits=47)  # 32 + 15: zlib or gzip header, detected
        else:
            raise _UnsupportedEncoding(encoding)

    def feed(self, chunk: bytes) -> None:
        self._raw_size += len(chunk)
        if self._raw_size > self._max:
            raise _TooLarge
        if self._decoder is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            self._add(self._decoder.decompress(data, self._max - self.size + 1))
            data = self._decoder.unconsumed_tail

    def finish(self) -> bytes:
        if self._decoder is not None:
            self._add(self._decoder.flush(self._max - self.size + 1))
        return b"".join(self._parts)

    def _add(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self._max:
            raise _TooLarge
        if data:
            self._parts.append(data)


class _TooLarge(Exception):
    pass


class _UnsupportedEncoding(Exception):
    pass


class ResumeFetcher:
    """Downloads resumes by URL under ``FetchLimits`` (see the module docstring). Safe to share between tasks."""

    def __init__(
        self,
        limits: FetchLimits,
        resolver: Resolver | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``resolver`` and ``transport`` are for tests (a fixed DNS answer, ``httpx.MockTransport``); by default the
        system resolver and a fresh connection pool per fetch. ``ssl_context``: the trust store for https (default:
        certifi's CAs, with hostname checking)."""
        self._limits = limits
        self._resolver: Resolver = resolver or _system_resolver
        self._transport = transport
        self._ssl_context = ssl_context  # made on first use when not given: loading the CA bundle takes a while
        self._allowed = frozenset(_media_type(t) for t in limits.allowed_content_types)
        self._closed = False
        self._verdicts: dict[tuple[str, bool, bytes, int | None], ResumeFetchError | None] = {}

    async def aclose(self) -> None:
        self._closed = True
        if self._transport is not None:
            await self._transport.aclose()

    async def fetch(self, url: str, filename_hint: str | None = None) -> FetchedFile:
        if self._closed:
            raise RuntimeError("ResumeFetcher is closed")
        shown = [_safe_host(url)]  # the host being worked on, for the timeout message
        try:
            async with asyncio.timeout(self._limits.timeout_seconds):
                return await self._fetch(url, filename_hint, shown)
        except TimeoutError:
            raise ResumeFetchError(
                f"Could not download the resume from {shown[0]}: "
                f"it took longer than the {self._limits.timeout_seconds:g} s limit",
                shown[0],
            ) from None

    async def vet(self, url: str) -> None:
        """Applies the download rules (scheme, no user info, public host after resolving) to a URL that the ATS will
        fetch itself; raises ``ResumeFetchError`` when the connector would refuse to download it, so the connector
        never relays the ATS to a place it would not go itself. Verdicts are kept per scheme, host and port for the
        life of the fetcher (one sync): a thousand resumes on one storage host cost one DNS look-up."""
        prefix = "Refused to pass the resume URL to the ATS"
        try:
            parsed = _parse_url(url)
        except _BadUrl as exc:
            host = _safe_host(url)
            raise ResumeFetchError(f"{prefix} ({host}): {exc.why}", host) from None
        key = (parsed.scheme, bool(parsed.userinfo), parsed.raw_host, parsed.port)
        if key not in self._verdicts:
            if len(self._verdicts) >= _MAX_VERDICTS:
                self._verdicts.clear()
            try:
                async with asyncio.timeout(self._limits.timeout_seconds):
                    await self._vet(parsed, None, prefix)
                self._verdicts[key] = None
            except ResumeFetchError as exc:
                self._verdicts[key] = exc
            except TimeoutError:
                host = _safe_host(url)
                self._verdicts[key] = ResumeFetchError(
                    f"{prefix} ({host}): resolving the host name took too long", host
                )
        refusal = self._verdicts[key]
        if refusal is not None:
            raise ResumeFetchError(refusal.reason, refusal.host)

    # -- the steps -------------------------------------------------------------------------------------------------

    async def _fetch(self, url: str, filename_hint: str | None, shown: list[str]) -> FetchedFile:
        try:
            first = _parse_url(url)
        except _BadUrl as exc:
            host = _safe_host(url)
            raise ResumeFetchError(f"Refused to download the resume from {host}: {exc.why}", host) from None
        current = first
        transport = self._transport or self._new_transport()
        try:
            for hop in range(self._limits.max_redirects + 1):
                target = await self._vet(current, first if hop else None)
                shown[0] = target.shown
                logger.debug("Downloading a resume: GET %s%s", target.shown, target.url.path)
                response = await self._send(transport, target)
                try:
                    if response.status_code in _REDIRECT_STATUSES:
                        current = self._next_hop(target, response, hop)
                        continue
                    return await self._read(target, response, first, filename_hint)
                finally:
                    await response.aclose()
            raise AssertionError("unreachable")  # the last hop either returns or raises in _next_hop
        finally:
            if transport is not self._transport:
                await transport.aclose()

    def _new_transport(self) -> httpx.AsyncBaseTransport:
        if self._ssl_context is None:
            self._ssl_context = ssl.create_default_context(cafile=certifi.where())
        return httpx.AsyncHTTPTransport(
            verify=self._ssl_context,
            trust_env=False,
            http1=True,
            http2=False,
            retries=0,
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=0),
        )

    async def _vet(self, url: httpx.URL, first: httpx.URL | None, prefix: str = "") -> _Target:
        """Checks the scheme, the name and every address that the name resolves to."""
        host = url.raw_host.decode("ascii").lower()
        shown = url.host or host
        via = f" (redirected from {first.host})" if first is not None else ""

        def refuse(why: str) -> ResumeFetchError:
            if prefix:
                return ResumeFetchError(f"{prefix} ({shown}): {why}", shown)
            return ResumeFetchError(f"Refused to download the resume from {shown}{via}: {why}", shown)

        if url.scheme not in ("https", "http"):
            raise refuse(f"only https URLs are allowed, not {url.scheme}")
        if url.scheme == "http" and not self._limits.allow_http:
            downgrade = " (a redirect from https down to http)" if first is not None else ""
            raise refuse(f"plain http is not allowed{downgrade}; only https")
        if url.userinfo:
            raise refuse("URLs with a user name or password are not allowed")
        if not host:
            raise refuse("the URL has no host")
        if url.port is not None and not 0 < url.port < 65536:
            raise refuse(f"{url.port} is not a valid port")
        allow_private = self._limits.allow_private_addresses
        try:
            literal: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [host]
        else:
            problem = _name_problem(host, allow_private)
            if problem:
                raise refuse(f"the host name {problem}")
            port = url.port or (443 if url.scheme == "https" else 80)
            try:
                addresses = list(dict.fromkeys(await self._resolver(host.rstrip("."), port)))
            except OSError as exc:
                raise refuse(f"the host name does not resolve ({exc.strerror or type(exc).__name__})") from None
            if not addresses:
                raise refuse("the host name does not resolve to any address")
        for address in addresses:
            try:
                parsed = ipaddress.ip_address(address)
            except ValueError:
                raise refuse(f"the resolver answered {address!r}, which is not an IP address") from None
            problem = _address_problem(parsed, allow_private)
            if problem:
                what = "is" if literal is not None else f"resolves to {address},"
                raise refuse(f"the host {what} {problem}")
        return _Target(url=url, host=host, addresses=tuple(addresses), literal=literal is not None)

    async def _send(self, transport: httpx.AsyncBaseTransport, target: _Target) -> httpx.Response:
        """GETs ``target`` from its vetted addresses in turn (the next one only when the connection fails)."""
        url = target.url
        host_header = url.raw_host.decode("ascii")
        if ":" in host_header:
            host_header = f"[{host_header}]"
        if url.port is not None:
            host_header = f"{host_header}:{url.port}"
        timeout = self._limits.timeout_seconds
        extensions: dict[str, object] = {
            "timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
        }
        if url.scheme == "https" and not target.literal:
            extensions["sni_hostname"] = target.host.rstrip(".")  # also the name the certificate is checked against
        headers = {
            "Host": host_header,
            "Accept": ", ".join(sorted(self._allowed)) + ", */*;q=0.1",
            "Accept-Encoding": "identity",
            "User-Agent": "destination-unified-ats resume fetcher",
        }
        failure = ""
        for address in target.addresses:
            request = httpx.Request(
                "GET", url.copy_with(host=address, fragment=None), headers=headers, extensions=extensions
            )
            try:
                response = await transport.handle_async_request(request)
            except httpx.ConnectError as exc:
                failure = _scrub(str(exc), url) or "connection refused"
                continue
            except httpx.TimeoutException:
                raise ResumeFetchError(
                    f"Could not download the resume from {target.shown}: the server did not answer in time",
                    target.shown,
                ) from None
            except httpx.TransportError as exc:
                raise ResumeFetchError(
                    f"Could not download the resume from {target.shown}: {_scrub(str(exc), url) or type(exc).__name__}",
                    target.shown,
                ) from None
            response.request = request
            return response
        raise ResumeFetchError(
            f"Could not download the resume from {target.shown}: could not connect ({failure})", target.shown
        )

    def _next_hop(self, target: _Target, response: httpx.Response, hop: int) -> httpx.URL:
        status = response.status_code
        location = response.headers.get("location", "").strip()
        if not location:
            raise ResumeFetchError(
                f"Could not download the resume from {target.shown}: it answered {status} (a redirect) without a "
                "Location",
                target.shown,
            )
        if hop >= self._limits.max_redirects:
            raise ResumeFetchError(
                f"Refused to download the resume from {target.shown}: more than {self._limits.max_redirects} redirects",
                target.shown,
            )
        try:
            return _parse_url(target.url.join(location))
        except (httpx.InvalidURL, ValueError, UnicodeError):
            why = "not a valid URL"
        except _BadUrl as exc:
            why = exc.why
        raise ResumeFetchError(
            f"Refused to download the resume from {target.shown}: it redirected to a refused URL ({why})",
            target.shown,
        )

    async def _read(
        self, target: _Target, response: httpx.Response, first: httpx.URL, filename_hint: str | None
    ) -> FetchedFile:
        shown = target.shown

        def refuse(why: str) -> ResumeFetchError:
            return ResumeFetchError(f"Refused to download the resume from {shown}: {why}", shown)

        status = response.status_code
        if status >= 400:
            raise ResumeFetchError(
                f"Could not download the resume from {shown}: the server answered HTTP {status}", shown
            )
        if status != 200:
            raise refuse(f"the server answered HTTP {status}, not 200 with a file")
        declared = _media_type(response.headers.get("content-type"))
        if declared not in _GENERIC_TYPES and declared not in self._allowed:
            raise refuse(f"the server sent {declared}, which is not an allowed document type")
        if declared == "" and OCTET_STREAM not in self._allowed:
            raise refuse("the server sent no Content-Type")
        max_bytes = self._limits.max_bytes
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > max_bytes:
            raise refuse(f"the server announced {int(length):,} bytes, over the {max_bytes:,}-byte limit")
        try:
            body = _BoundedBody(max_bytes, response.headers.get("content-encoding", ""))
            if response.is_stream_consumed:  # a transport that read (and decoded) the body already: httpx.MockTransport
                body = _BoundedBody(max_bytes, "identity")
                body.feed(response.content)
            else:
                async for chunk in response.aiter_raw():
                    body.feed(chunk)
            content = body.finish()
        except _TooLarge:
            raise refuse(f"the file is over the {max_bytes:,}-byte limit") from None
        except _UnsupportedEncoding as exc:
            raise refuse(f"the server sent the file with an unsupported Content-Encoding ({exc})") from None
        except zlib.error:
            raise refuse("the server sent a corrupt compressed body") from None
        except httpx.TimeoutException:
            raise ResumeFetchError(f"Could not download the resume from {shown}: the download stalled", shown) from None
        except httpx.TransportError as exc:
            why = _scrub(str(exc), target.url) or type(exc).__name__
            raise ResumeFetchError(
                f"Could not download the resume from {shown}: the download broke off ({why})", shown
            ) from None
        if not content:
            raise refuse("the file is empty")
        try:
            file_type = filetypes.identify(content)
        except filetypes.NotADocument as exc:
            raise refuse(exc.reason) from None
        if file_type.media_type not in self._allowed:
            raise refuse(f"the file is {file_type.media_type}, which is not an allowed document type")
        final_segment = target.url.path.rsplit("/", 1)[-1]
        first_segment = first.path.rsplit("/", 1)[-1]
        filename = filetypes.resume_filename(
            [
                filename_hint,
                _disposition_filename(response.headers.get("content-disposition")),
                final_segment,
                first_segment,
            ],
            file_type,
        )
        logger.debug("Downloaded a resume of %d bytes (%s) from %s", len(content), file_type.media_type, shown)
        return FetchedFile(
            filename=filename,
            content=content,
            content_type=file_type.media_type,
            sha256=hashlib.sha256(content).hexdigest(),
        )


class _BadUrl(Exception):
    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why)


def _parse_url(url: str | httpx.URL) -> httpx.URL:
    """Parses ``url`` with httpx's own parser (the one that sends the request). Raises ``_BadUrl``."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError, UnicodeError, TypeError):
        raise _BadUrl("not a valid URL") from None
    if parsed.scheme and parsed.scheme not in ("http", "https"):
        raise _BadUrl(f"only https URLs are allowed, not {parsed.scheme}")
    if not parsed.is_absolute_url:
        raise _BadUrl("the URL is not absolute (it needs https:// and a host)")
    return parsed


def _safe_host(url: str | httpx.URL) -> str:
    """The host of a URL for a message, even when the URL does not parse; never the query or the user info."""
    text = str(url)
    rest = text.split("://", 1)[-1]
    authority = re.split(r"[/?#\\]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    return authority[:100] or "(no host)"


def _scrub(message: str, url: httpx.URL) -> str:
    """``message`` without the URL's query string (raw or decoded), should a library have quoted the URL."""
    for secret in {url.query.decode("ascii", "replace"), str(url.params)}:
        if secret:
            message = message.replace(secret, "…")
    return message[:300]

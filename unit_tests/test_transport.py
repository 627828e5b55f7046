"""The eager aiohttp transport under httpx, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator

import aiohttp
import httpx
import orjson
import pytest
from aiohttp import web

from destination_unified_ats.transport import EagerAiohttpTransport
from destination_unified_ats.unified_client import _maybe_sent


async def _echo(request: web.Request) -> web.Response:
    body = await request.read()
    seen = {"method": request.method, "path": request.path_qs, "body": body.decode(), "auth": request.headers["X-Auth"]}
    return web.json_response(seen, status=201, headers={"X-Total-Count": "7"})


async def _gzipped(request: web.Request) -> web.Response:
    return web.Response(
        body=gzip.compress(b'{"ok": true}'), headers={"Content-Encoding": "gzip"}, content_type="application/json"
    )


async def _cut_short(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Length": "1000"})
    await response.prepare(request)
    await response.write(b'{"partial": ')
    assert request.transport is not None
    request.transport.close()
    return response


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(1)
    return web.json_response({})


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/echo", _echo)
    app.router.add_get("/gzip", _gzipped)
    app.router.add_get("/cut", _cut_short)
    app.router.add_get("/slow", _slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=EagerAiohttpTransport(), headers={"X-Auth": "a"}) as client:
        yield client


async def test_a_request_and_its_answer_arrive_whole(server: str, client: httpx.AsyncClient) -> None:
    response = await client.post(f"{server}/echo?q=1", content=b'{"name": "Ana"}', headers={"X-Auth": "b"})
    assert response.status_code == 201 and response.reason_phrase == "Created"
    assert response.headers["x-total-count"] == "7"
    assert orjson.loads(response.content) == {
        "method": "POST",
        "path": "/echo?q=1",
        "body": '{"name": "Ana"}',
        "auth": "b",
    }
    assert response.http_version == "HTTP/1.1"


async def test_a_compressed_answer_is_decoded_by_httpx(server: str, client: httpx.AsyncClient) -> None:
    response = await client.get(f"{server}/gzip")
    assert response.json() == {"ok": True}


async def test_a_body_cut_short_is_an_httpx_transport_error_that_may_have_reached_the_server(
    server: str, client: httpx.AsyncClient
) -> None:
    with pytest.raises(httpx.TransportError) as caught:
        await client.get(f"{server}/cut")
    assert _maybe_sent(caught.value)


async def test_a_refused_connection_is_a_connect_error_that_surely_did_not_reach_the_server(
    client: httpx.AsyncClient,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: the connection is refused
        with pytest.raises(httpx.TransportError) as caught:
            await client.get(f"http://127.0.0.1:{port}/")
    assert isinstance(caught.value.__cause__, aiohttp.ClientConnectorError)
    assert not _maybe_sent(caught.value)


async def test_the_read_timeout_of_the_request_applies(server: str, client: httpx.AsyncClient) -> None:
    with pytest.raises(httpx.TimeoutException):
        await client.get(f"{server}/slow", timeout=httpx.Timeout(5.0, read=0.2))

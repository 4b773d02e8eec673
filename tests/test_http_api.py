"""`POST /api/check` and `GET /healthz` on a loopback test server.

Any caller may send the API anything, so every bad request must come back as a 4xx with the same
`{"id", "error"}` body as a bad JSON line, never a 500 or an HTML page.
"""
from __future__ import annotations

import json

import pytest
import pytest_asyncio
from aiohttp.test_utils import TestClient, TestServer

from bot.server import MAX_BODY, build_app
from bot.settings import Settings
from rules.models import MAX_TEXT

pytestmark = pytest.mark.asyncio
DRAFT = "Thanks for getting in touch about the bins on Mill Lane. The crew will be back tomorrow morning."


@pytest_asyncio.fixture
async def client(coach):
    app = build_app(Settings(_env_file=None), coach)
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:
        yield client


async def error_body(response, status: int) -> dict:
    assert response.status == status, await response.text()
    assert response.content_type == "application/json"
    body = await response.json()
    assert set(body) == {"id", "error"}
    assert isinstance(body["error"], str) and body["error"]
    return body


async def test_healthz(client):
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


@pytest.mark.parametrize("payload", [
    {"id": "web-1", "text": DRAFT},
    {"id": 5, "text": DRAFT, "platform": "bluesky", "account": "councillor", "pre_election": True,
     "in_reply_to": "When are the bins being collected?"},
    {"text": "Sorry to hear about the flooding 😞 call 0300 123 4567 and we'll help."},
])
async def test_a_good_draft_gets_the_engines_report(client, coach, payload):
    response = await client.post("/api/check", json=payload)
    assert response.status == 200
    assert await response.json() == coach.check(payload).to_json_dict()


async def test_charset_in_the_content_type_is_fine(client, coach):
    body = json.dumps({"id": "cs", "text": "Café opens at 9 ☕"}, ensure_ascii=False).encode("utf-8")
    response = await client.post("/api/check", data=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status == 200
    assert (await response.json())["id"] == "cs"


@pytest.mark.parametrize("payload, says", [
    ({"id": "e1", "text": ""}, "empty"),
    ({"id": "e2", "text": "  \n\t"}, "empty"),
    ({"id": "e3", "text": "a" * (MAX_TEXT + 1)}, "too long"),
    ({"id": "e4", "text": "hi", "platform": "myspace"}, "myspace"),
    ({"id": "e5", "text": "hi", "account": "mayor"}, "mayor"),
    ({"id": "e6", "text": 42}, "text"),
    ({"id": "e7"}, "text"),
    ({"id": 8, "text": "hi", "pre_election": "yes"}, "pre_election"),
])
async def test_bad_input_is_422_with_id_and_error(client, payload, says):
    body = await error_body(await client.post("/api/check", json=payload), 422)
    assert body["id"] == payload["id"]
    assert says in body["error"]


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"just text"', b"null", b"42"])
async def test_a_body_that_is_not_an_object_is_422(client, raw):
    response = await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"})
    body = await error_body(response, 422)
    assert body["id"] is None


@pytest.mark.parametrize("raw, says", [
    (b'{"id": "x", "text": ', "JSON"),
    (b"", "JSON"),
    ('{"text": "café"}'.encode("latin-1"), "UTF-8"),
    (b"[" * 100_000, "JSON"),
])
async def test_broken_json_is_400(client, raw, says):
    response = await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"})
    body = await error_body(response, 400)
    assert body["id"] is None
    assert says in body["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_wrong_content_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post("/api/check", data=json.dumps({"text": DRAFT}).encode(), headers=headers)
    await error_body(response, 415)


async def test_an_oversized_body_is_413_with_the_same_body(client):
    raw = json.dumps({"text": "a" * (MAX_BODY + 10)}).encode()
    response = await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"})
    await error_body(response, 413)


async def test_only_post_is_allowed(client):
    response = await client.get("/api/check")
    assert response.status == 405


async def test_the_server_keeps_answering_after_bad_requests(client, coach):
    for raw in (b"{", b"[]", b'{"text": ""}'):
        response = await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"})
        assert 400 <= response.status < 500
    response = await client.post("/api/check", json={"id": "after", "text": DRAFT})
    assert response.status == 200
    assert (await response.json())["id"] == "after"


# --- hostile requests (issue 11) -----------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b'{"id": ' + b"9" * 5000 + b', "text": "hi"}',
    b'{"text": "hi", "extra": {"deep": [' + b"1" * 4301 + b"]}}",
    b"[" + b"7" * 10_000 + b"]",
])
async def test_an_integer_of_more_than_4300_digits_anywhere_is_400(client, raw):
    body = await error_body(await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"}),
                            400)
    assert body["id"] is None and "too long" in body["error"]


@pytest.mark.parametrize("raw", [
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage",  # a gzip header, then nonsense
    __import__("gzip").compress(json.dumps({"text": DRAFT}).encode())[:30],  # cut short
    __import__("gzip").compress(json.dumps({"text": DRAFT}).encode())[:-8] + b"\0" * 8,  # wrong CRC
])
async def test_a_corrupt_gzip_body_is_400(client, raw):
    response = await client.post("/api/check", data=raw,
                                 headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    await error_body(response, 400)


@pytest.mark.parametrize("ident", [True, 1.5, float("nan"), [1], {"a": 1}])
async def test_an_id_that_is_not_a_string_or_integer_is_422_and_not_echoed(client, ident):
    raw = json.dumps({"id": ident, "text": "hi"}).encode()  # NaN as the bare word NaN, as Python writes it
    body = await error_body(await client.post("/api/check", data=raw, headers={"Content-Type": "application/json"}),
                            422)
    assert body["id"] is None and "id must be a string or a whole number" in body["error"]


async def test_the_clients_id_is_logged_escaped_and_short(client, caplog):
    import logging

    ident = "forged\nERROR checkpost.server admin logged in " + "x" * 900_000
    with caplog.at_level(logging.INFO, logger="checkpost"):
        response = await client.post("/api/check", json={"id": ident, "text": DRAFT})
    assert response.status == 200 and (await response.json())["id"] == ident  # echoed unchanged
    (line,) = [r.getMessage() for r in caplog.records if "api check" in r.getMessage()]
    assert "\n" not in line and "forged\\nERROR" in line and len(line) < 300


async def test_a_stalled_body_is_answered_408_and_the_connection_closed(coach):
    import asyncio

    app = build_app(Settings(_env_file=None, checkpost_body_timeout=0.2), coach)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"POST /api/check HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"text\": ")
        await writer.drain()
        # Read until the server closes; the bound only keeps a broken server from hanging the test.
        answer = await asyncio.wait_for(reader.read(), timeout=30)
        assert answer.startswith(b"HTTP/1.1 408")
        assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"].startswith("the request body did not arrive")
        writer.close()
    finally:
        await server.close()

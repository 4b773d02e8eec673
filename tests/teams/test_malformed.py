"""Malformed Activities from a local sender: each gets a 4xx or a polite answer, never a 500."""
from __future__ import annotations

import json

import pytest

from .conftest import activity, invoke

pytestmark = pytest.mark.asyncio


def variants(url: str) -> list[dict]:
    good = activity(url, text="Thanks for waiting")
    return [
        {**good, "type": 5},
        {**good, "type": ""},
        {**good, "conversation": "a:1"},
        {**good, "conversation": {}},
        {**good, "conversation": None},
        {**good, "text": {"nested": True}},
        {**good, "text": 12345},
        {**good, "entities": "mention"},
        {**good, "entities": [{"type": "mention", "mentioned": None, "text": None}]},
        {**good, "attachments": [{"contentType": None}]},
        {**good, "attachments": "file"},
        {**good, "from": None, "recipient": None},
        {**good, "value": ["not", "a", "form"], "text": ""},
        {**good, "type": "conversationUpdate", "membersAdded": "everyone"},
        {**good, "type": "conversationUpdate", "membersAdded": [{}], "recipient": None},
        {**good, "type": "messageReaction", "reactionsAdded": [{"type": "like"}]},
        {**good, "type": "typing"},
        {**good, "type": "installationUpdate", "action": "add"},
        invoke(url, "composeExtension/fetchTask", "not a dict"),
        invoke(url, "composeExtension/submitAction", {"commandId": 7, "data": [1, 2]}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft", "messagePayload": "x",
                                                      "commandContext": "message"}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft", "commandContext": "message",
                                                      "messagePayload": {"body": {"content": None}}}),
        invoke(url, "composeExtension/submitAction", {"commandId": "checkDraft",
                                                      "data": {"draft": "hello", "platform": ["x"]}}),
        invoke(url, "task/fetch", {}),
        invoke(url, "adaptiveCard/action", {"action": {"type": "Action.Execute"}}),
        {**invoke(url, "", None), "name": None},
    ]


async def test_no_malformed_activity_gets_a_server_error(server, connector):
    for number, body in enumerate(variants(connector.url)):
        status, answer = await server.post(body)
        assert status < 500, (number, status, answer)


# --- hostile requests before authentication (issue 11) --------------------------------------------

@pytest.mark.parametrize("raw, says", [
    (b'{"type": "message", "id": ' + b"9" * 5000 + b"}", "too long"),
    (b'{"type": "message", "channelData": {"n": [' + b"1" * 4301 + b"]}}", "too long"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"type": "message", "value": ' + b"[" * 100_000 + b"}", "nested too deeply"),
])
async def test_hostile_json_is_a_400_with_id_and_error(server, raw, says):
    status, body = await server.post(data=raw, headers={"Content-Type": "application/json"})
    assert status == 400 and set(body) == {"id", "error"} and says in body["error"]


async def test_json_nested_just_within_the_parsers_limit_is_a_4xx(server, connector):
    deep = "[" * 900 + "]" * 900
    raw = json.dumps(activity(connector.url, text="hi")).replace('"text": "hi"', f'"text": "hi", "value": {deep}')
    status, body = await server.post(data=raw.encode(), headers={"Content-Type": "application/json"})
    assert status < 500, body


@pytest.mark.parametrize("service_url", [
    "http://example.com\\@127.0.0.1/",
    "http://example.com\\\\@127.0.0.1:3978/",
    "http://user@127.0.0.1/",
    "http://user:pass@localhost/",
    "http://127.0.0.1 @example.com/",
    "http://127.0.0.1\t.example.com/",
    "http://localhost:notaport/",
    "ftp://127.0.0.1/",
])
async def test_a_service_url_that_is_not_plainly_loopback_is_refused(server, connector, service_url):
    status, body = await server.post(activity(connector.url, text="Thanks for waiting", serviceUrl=service_url))
    assert status == 403 and set(body) == {"id", "error"}
    assert connector.posted == []


async def test_an_activity_id_and_type_are_logged_escaped_and_short(secured_server, connector, caplog):
    import logging

    forged = "1\nERROR checkpost.teams forged line " + "x" * 900_000
    with caplog.at_level(logging.INFO, logger="checkpost"):
        status, _ = await secured_server.post(activity(connector.url, id=forged, type="message\nforged"))
    assert status == 401
    lines = [r.getMessage() for r in caplog.records if "unauthorised" in r.getMessage()]
    assert lines and all("\n" not in line and len(line) < 300 for line in lines)
    assert "1\\nERROR" in lines[0]

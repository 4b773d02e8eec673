"""Malformed Activities from a local sender, on both SDKs: 4xx or a polite answer, never a 500, and
never the draft in the logs. What real Teams sends (explicit nulls, fields no SDK models) is served."""
from __future__ import annotations

import json
import logging

import pytest

from bot import wording as w

from .conftest import BOT_ID, activity, invoke

pytestmark = pytest.mark.asyncio
SECRET = "Please ring Mrs Example on 07700 900123 about her arrears"
FRAGMENTS = ("07700", "Mrs Example", "arrears")


def not_activities(url: str) -> list[dict]:
    """JSON objects that are not Activities: each is a 400 on either SDK."""
    good = activity(url, text=SECRET)
    return [
        {**good, "type": 5},
        {**good, "type": ""},
        {**good, "conversation": "a:1"},
        {**good, "conversation": {}},
        {**good, "conversation": None},
        {**good, "text": {"nested": SECRET}},
        {**good, "text": 12345},
        {**good, "entities": "mention"},
        {**good, "attachments": SECRET},
        {**good, "type": "conversationUpdate", "membersAdded": "everyone"},
        {**good, "from": SECRET},
    ]


def odd_but_served(url: str) -> list[dict]:
    """Odd, but Activities: each gets an answer below 500 (mostly 200, or a polite 400 to an invoke)."""
    good = activity(url, text=SECRET)
    return [
        {**good, "entities": [{"type": "mention", "mentioned": None, "text": None}]},
        {**good, "attachments": [{"contentType": None}]},
        {**good, "from": None, "recipient": None},
        {**good, "value": ["not", "a", "form"], "text": ""},
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
                                                      "data": {"draft": SECRET, "platform": ["x"]}}),
        invoke(url, "task/fetch", {}),
        invoke(url, "adaptiveCard/action", {"action": {"type": "Action.Execute"}}),
        {**invoke(url, "", None), "name": None},
    ]


def logged(caplog) -> str:
    return "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)


async def test_json_that_is_not_an_activity_is_400_and_the_draft_stays_out_of_the_logs(server, connector, caplog):
    with caplog.at_level(logging.DEBUG):
        for number, body in enumerate(not_activities(connector.url)):
            status, answer = await server.post(body)
            assert status == 400 and "error" in answer, (number, status, answer)
    assert connector.posted == []
    text = logged(caplog)
    assert any("teams bad activity" in line and "1732500000001" in line  # the id is logged...
               for line in text.splitlines())
    for fragment in FRAGMENTS:                             # ...the draft is not, by us or the SDK
        assert fragment not in text


async def test_no_odd_activity_gets_a_server_error_or_leaks_the_draft(server, connector, caplog):
    with caplog.at_level(logging.DEBUG):
        for number, body in enumerate(odd_but_served(connector.url)):
            status, answer = await server.post(body)
            assert status < 500, (number, status, answer)
    text = logged(caplog)
    for fragment in FRAGMENTS:
        assert fragment not in text


async def test_explicit_nulls_as_real_teams_sends_them_are_served(server, connector, coach):
    """`"from": null` and a mention whose text is null: botbuilder took them, so must the Agents path."""
    draft = "THIS IS NOT OK and the bins will be emptied on Friday."
    message = activity(connector.url, text=f"<at>Checkpost</at> {draft}", id="1732500000888",
                       entities=[{"type": "mention", "text": None, "mentioned": {"id": BOT_ID, "name": None}},
                                 {"type": "mention", "text": "<at>Checkpost</at>",
                                  "mentioned": {"id": BOT_ID, "name": "Checkpost"}}],
                       localTimezone=None, replyToId=None, locale="")
    message["from"] = None
    status, _ = await server.post(message)
    assert status == 200
    (sent,) = connector.posted
    assert sent.reply_to_id == "1732500000888"
    assert w.length_line(coach.check({"text": draft})) in sent.body["summary"]


async def test_fields_no_sdk_models_are_tolerated(server, connector):
    message = activity(connector.url, text="Thanks for waiting", someFutureTeamsField={"x": [1, None]},
                       conversation={"conversationType": "personal", "tenantId": "t", "id": "a:1x",
                                     "someFutureConversationField": True})
    status, _ = await server.post(message)
    assert status == 200 and len(connector.posted) == 1
    assert connector.posted[0].conversation_id == "a:1x"


async def test_a_null_inside_a_card_submission_is_the_senders_data_not_a_missing_field(server, connector):
    """Nulls go only where the SDK types fields: a form's value is passed on as sent."""
    status, body = await server.post(invoke(connector.url, "composeExtension/submitAction", {
        "commandId": "checkDraft", "commandContext": "compose",
        "data": {"checkpost": "check", "draft": None, "platform": None}}))
    assert status == 200
    assert "body" in body["task"]["value"]["card"]["content"]


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

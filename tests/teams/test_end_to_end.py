"""Teams end to end: real Activity JSON to the real server on loopback, replies to a fake connector."""
from __future__ import annotations

import logging

import pytest

from bot import wording as w

from .conftest import BOT_ID, USER, activity, channel_mention, invoke

pytestmark = pytest.mark.asyncio

SARCASTIC = "Thanks for your expert opinion, Gary 🙄"


def texts_of(card: dict) -> str:
    """Every piece of visible text in a card, in order, for assertions on what the user reads."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") in ("TextBlock", "TextRun") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for key in ("body", "items", "inlines", "columns"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(card)
    return "\n".join(found)


async def test_personal_chat_draft_is_coached_as_a_reply_to_that_message(server, connector, coach):
    status, body = await server.post(activity(connector.url, text=SARCASTIC))
    assert status == 200 and body is None
    assert len(connector.posted) == 1
    sent = connector.posted[0]
    assert sent.conversation_id == "a:1personal-chat-with-sam"
    assert sent.reply_to_id == "1732500000001"
    assert sent.authorization is None  # no app id: no token was fetched or sent
    report = coach.check({"text": SARCASTIC})
    card = connector.cards()[0]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    shown = texts_of(card)
    assert w.VERDICT_TITLE[report.verdict] in shown
    for finding in report.findings:
        assert finding.message in shown and finding.source in shown
    assert sent.body["summary"].startswith(w.VERDICT_EMOJI[report.verdict])
    assert card["fallbackText"] == sent.body["summary"]


async def test_channel_mention_answers_in_the_thread_without_the_mention(server, connector, coach):
    draft = "Checkpost said we should reply: THIS IS NOT OK and the bins will be emptied on Friday."
    status, _ = await server.post(channel_mention(connector.url, draft))
    assert status == 200
    (sent,) = connector.posted
    assert sent.conversation_id == "19:general-abc@thread.tacv2;messageid=1732500000555"
    assert sent.reply_to_id == "1732500000777"
    expected = coach.check({"text": draft})
    shown = texts_of(connector.cards()[0])
    assert w.VERDICT_TITLE[expected.verdict] in shown
    # The mention went, but the word "Checkpost" inside the draft stayed: the offsets match the draft.
    first = expected.findings[0]
    assert f"“{w.excerpt_preview(first)}”" in shown
    assert expected.length.count == len(draft)
    assert w.length_line(expected) in shown


@pytest.mark.parametrize("text", ["", "   ", "hello", "Help", "hi!"])
async def test_empty_message_or_greeting_gets_the_guide(server, connector, text):
    status, _ = await server.post(activity(connector.url, text=text))
    assert status == 200
    (sent,) = connector.posted
    assert sent.body["summary"] == w.TEAMS_GUIDE
    card = connector.cards()[0]
    assert w.TEAMS_GUIDE in texts_of(card)
    assert any(item.get("id") == "draft" for item in card["body"])


async def test_image_without_text_gets_a_polite_answer(server, connector):
    message = activity(connector.url, text="", attachments=[
        {"contentType": "image/png", "contentUrl": "http://127.0.0.1:1/picture.png", "name": "picture.png"}])
    status, _ = await server.post(message)
    assert status == 200
    assert connector.posted[0].body["text"] == w.NO_TEXT


async def test_conversation_update_adding_the_bot_gets_one_welcome(server, connector):
    update = activity(connector.url, type="conversationUpdate", id="f:update-1", text=None,
                      membersAdded=[{"id": BOT_ID}, {"id": USER["id"]}])
    status, _ = await server.post(update)
    assert status == 200
    assert [p.body["text"] for p in connector.posted] == [w.TEAMS_WELCOME]


async def test_conversation_update_adding_someone_else_is_quiet(server, connector):
    update = activity(connector.url, type="conversationUpdate", id="f:update-2", text=None,
                      membersAdded=[{"id": "29:someone-else"}])
    status, _ = await server.post(update)
    assert status == 200 and connector.posted == []


async def test_fetch_task_opens_the_draft_form(server, connector):
    status, body = await server.post(invoke(connector.url, "composeExtension/fetchTask",
                                            {"commandId": "checkDraft", "commandContext": "compose", "context": {"theme": "default"}}))
    assert status == 200
    task = body["task"]
    assert task["type"] == "continue"
    card = task["value"]["card"]["content"]
    inputs = {item["id"]: item for item in card["body"] if "id" in item}
    assert inputs["draft"]["type"] == "Input.Text" and inputs["draft"]["isMultiline"] is True
    assert {c["value"] for c in inputs["platform"]["choices"]} == {"x", "bluesky", "threads", "mastodon",
                                                                   "facebook", "instagram", "linkedin"}
    assert {c["value"] for c in inputs["account"]["choices"]} == {"council", "councillor"}
    assert connector.posted == []  # an invoke is answered in the HTTP response, not through the connector


async def test_submit_action_coaches_and_offers_the_suggested_version_to_insert(server, connector, coach):
    draft = "WE HAVE ALREADY ANSWERED THIS. Read the website."
    status, body = await server.post(invoke(connector.url, "composeExtension/submitAction", {
        "commandId": "checkDraft", "commandContext": "compose",
        "data": {"checkpost": "check", "draft": draft, "platform": "bluesky", "account": "councillor",
                 "pre_election": "false"}}))
    assert status == 200
    report = coach.check({"text": draft, "platform": "bluesky", "account": "councillor"})
    card = body["task"]["value"]["card"]["content"]
    shown = texts_of(card)
    assert w.VERDICT_TITLE[report.verdict] in shown
    assert report.suggested_text in shown
    insert = next(a for a in card["actions"] if a["data"].get("checkpost") == "insert")
    assert insert["data"]["text"] == report.suggested_text

    # Pressing "Insert suggested version" puts that text into the compose box as a card.
    status, body = await server.post(invoke(connector.url, "composeExtension/submitAction", {
        "commandId": "checkDraft", "commandContext": "compose", "data": insert["data"]}))
    assert status == 200
    result = body["composeExtension"]
    assert result["type"] == "result"
    (inserted,) = result["attachments"]
    assert inserted["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert report.suggested_text in texts_of(inserted["content"])
    assert connector.posted == []


async def test_submit_action_with_missing_draft_shows_the_form_again_politely(server, connector):
    status, body = await server.post(invoke(connector.url, "composeExtension/submitAction", {
        "commandId": "checkDraft", "commandContext": "compose", "data": {"checkpost": "check", "platform": "x"}}))
    assert status == 200
    card = body["task"]["value"]["card"]["content"]
    assert w.EMPTY_DRAFT in texts_of(card)


async def test_message_action_coaches_that_message(server, connector, coach):
    html = "<p>Thanks for your expert opinion,&nbsp;Gary 🙄</p>"
    status, body = await server.post(invoke(connector.url, "composeExtension/fetchTask", {
        "commandId": "checkDraft", "commandContext": "message",
        "messagePayload": {"id": "1732500000999", "body": {"contentType": "html", "content": html},
                           "from": {"user": {"id": USER["id"], "displayName": USER["name"]}}}}))
    assert status == 200
    report = coach.check({"text": SARCASTIC})
    shown = texts_of(body["task"]["value"]["card"]["content"])
    assert w.VERDICT_TITLE[report.verdict] in shown
    assert report.findings[0].message in shown


async def test_unknown_invoke_gets_a_polite_answer_not_a_server_error(server, connector):
    status, body = await server.post(invoke(connector.url, "composeExtension/query", {"commandId": "search"}))
    assert status == 200 and body["composeExtension"]["text"] == w.UNKNOWN_ACTION
    status, body = await server.post(invoke(connector.url, "something/else", None))
    assert status == 400 and body["error"] == w.UNKNOWN_ACTION


@pytest.mark.parametrize("data, content_type", [
    (b"{not json", "application/json"),
    (b"[1, 2]", "application/json"),
    (b"\xff\xfe", "application/json"),
    (b"{}", "application/json"),
])
async def test_broken_bodies_get_400(server, connector, data, content_type):
    status, body = await server.post(data=data, headers={"Content-Type": content_type})
    assert status in (400, 403)  # {} has no serviceUrl, so the loopback check answers first
    assert "error" in body and connector.posted == []


async def test_broken_json_is_400(server, connector):
    status, body = await server.post(data=b'{"type": "message", ', headers={"Content-Type": "application/json"})
    assert status == 400 and body == {"id": None, "error": "the body is not valid JSON"}


async def test_wrong_or_missing_content_type_is_415(server, connector):
    status, _ = await server.post(data=b'{"type": "message"}', headers={"Content-Type": "text/plain"})
    assert status == 415
    status, _ = await server.post(data=b'{"type": "message"}', headers={})
    assert status == 415
    assert connector.posted == []


async def test_activity_without_a_type_is_400(server, connector):
    message = activity(connector.url, text=SARCASTIC)
    del message["type"]
    status, _ = await server.post(message)
    assert status == 400 and connector.posted == []


@pytest.mark.parametrize("service_url", [
    "https://smba.trafficmanager.net/emea/", "http://203.0.113.9:9000/", "http://10.0.0.5/",
    "http://localhost.evil.example/", "file:///etc/passwd", None])
async def test_without_an_app_id_only_loopback_service_urls_are_served(server, connector, service_url):
    message = activity(connector.url, text=SARCASTIC, serviceUrl=service_url)
    status, body = await server.post(message)
    assert status == 403 and "local traffic only" in body["error"]
    assert connector.posted == []


async def test_with_an_app_id_a_request_without_a_token_is_401_and_sends_nothing(secured_server, connector):
    status, body = await secured_server.post(activity(connector.url, text=SARCASTIC))
    assert status == 401 and body == {"id": None, "error": "a valid Bot Framework token is required"}
    status, _ = await secured_server.post(activity(connector.url, text=SARCASTIC),
                                          headers={"Authorization": "Bearer not-a-jwt"})
    assert status == 401
    status, _ = await secured_server.post(invoke(connector.url, "composeExtension/fetchTask",
                                                 {"commandId": "checkDraft", "commandContext": "compose"}))
    assert status == 401
    assert connector.posted == []


async def test_logs_never_hold_the_draft(server, connector, caplog):
    secret = "Please ring Mrs Example on 07700 900123 about her council tax arrears of £812"
    with caplog.at_level(logging.DEBUG):
        await server.post(activity(connector.url, text=secret))
        await server.post(invoke(connector.url, "composeExtension/submitAction", {
            "commandId": "checkDraft", "commandContext": "compose", "data": {"checkpost": "check", "draft": secret}}))
    assert connector.posted
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "teams check" in logged
    for fragment in ("07700", "Mrs Example", "arrears", "812"):
        assert fragment not in logged


async def test_a_connector_that_refuses_the_reply_is_logged_not_a_server_error(server, connector, caplog):
    connector.status = 403  # as the real connector does when it rejects the bot's token
    with caplog.at_level(logging.ERROR, logger="checkpost.teams"):
        status, _ = await server.post(activity(connector.url, text=SARCASTIC))
    assert status == 200
    # The coaching was tried, then the apology; both were refused and the failure was logged.
    assert [bool(p.body.get("attachments")) for p in connector.posted] == [True, False]
    assert connector.posted[1].body["text"] == w.CHECK_FAILED
    assert any("teams turn failed" in r.getMessage() for r in caplog.records)
    assert not any("expert opinion" in r.getMessage() for r in caplog.records)


async def test_a_draft_over_the_engines_limit_gets_a_polite_reply(server, connector):
    status, _ = await server.post(activity(connector.url, text="a" * 40_001))
    assert status == 200 and connector.posted[0].body["text"] == w.TOO_LONG

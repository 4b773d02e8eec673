"""The Bot Framework module on its own (botbuilder's TestAdapter), and the boundary around it."""
from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

from bot import wording as w
from bot.teams import framework
from bot.checking import InlineChecker
from bot.intake import Intake
from bot.teams.conversation import TeamsCoach
from bot.teams.endpoint import is_loopback_url, unauthenticated_refusal

from .conftest import activity, channel_mention, invoke, settings

TEAMS_DIR = Path(framework.__file__).parent


@pytest.mark.asyncio
async def test_test_adapter_personal_chat_gets_a_card_and_the_guide(coach):
    bot = framework._CheckpostBot(TeamsCoach(Intake(InlineChecker(coach))))
    adapter = TestAdapter(bot.on_turn)
    await adapter.send("Thanks for your expert opinion, Gary 🙄")
    await adapter.send("help")
    coached, guide = adapter.activity_buffer
    assert coached.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"
    assert coached.attachments[0].content["version"] == "1.5"
    assert coached.summary.startswith(w.VERDICT_EMOJI["revise"])
    assert guide.summary == w.TEAMS_GUIDE


@pytest.mark.asyncio
async def test_test_adapter_mention_is_removed_once(coach):
    bot = framework._CheckpostBot(TeamsCoach(Intake(InlineChecker(coach))))
    adapter = TestAdapter(bot.on_turn)
    mention = Entity(type="mention")
    mention.additional_properties = {"text": "<at>Checkpost</at>", "mentioned": {"id": "bot", "name": "Checkpost"}}
    incoming = Activity(type="message", text="<at>Checkpost</at> Checkpost is great", entities=[mention],
                        recipient=ChannelAccount(id="bot", name="Checkpost"),
                        conversation=ConversationAccount(id="19:x;messageid=1", conversation_type="channel"))
    await adapter.receive_activity(incoming)
    (reply,) = adapter.activity_buffer
    expected = coach.check({"text": "Checkpost is great"})
    assert w.length_line(expected) in reply.summary


def test_activity_conversion_tolerates_junk_entities_and_values():
    bad = Entity(type="mention")
    bad.additional_properties = {"text": 5, "mentioned": "nobody"}
    msg = framework.incoming_message(Activity(type="message", text=None, entities=[bad], value="x",
                                              conversation=ConversationAccount(id="a:1")))
    assert msg.text == "" and msg.mentions[0].id is None and msg.mentions[0].text is None
    action = framework.action_request(Activity(type="invoke", value=["not", "a", "dict"]))
    assert action.command_id is None and action.data is None and action.message is None


def test_only_framework_py_imports_the_bot_framework_sdk():
    offenders = []
    for path in TEAMS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("botbuilder", "botframework") for n in names) and path.name != "framework.py":
                offenders.append(path.name)
    assert offenders == []
    assert "botbuilder" in (TEAMS_DIR / "framework.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("url, ok", [
    ("http://localhost:3978", True), ("http://127.0.0.1:55000/", True), ("http://127.8.9.10", True),
    ("http://[::1]:3978/", True), ("https://localhost/", True),
    ("https://smba.trafficmanager.net/uk/", False), ("http://0.0.0.0:1/", False), ("http://[::ffff:10.0.0.1]/", False),
    ("http://127.0.0.1.nip.io/", False), ("http://localhost@evil.example/", False), ("ftp://127.0.0.1/", False),
    ("http://[bad/", False), (None, False), (42, False), ("", False)])
def test_loopback_service_urls(url, ok):
    assert is_loopback_url(url) is ok


@pytest.mark.asyncio
async def test_a_failing_turn_is_a_polite_reply_never_a_500(server, connector, monkeypatch):
    def explode(self, *args):
        raise RuntimeError("the draft would be in here")

    monkeypatch.setattr(TeamsCoach, "on_message", explode)
    monkeypatch.setattr(TeamsCoach, "on_submit_action", explode)
    status, _ = await server.post(activity(connector.url, text="Thanks"))
    assert status == 200 and [p.body["text"] for p in connector.posted] == [w.CHECK_FAILED]
    status, body = await server.post(invoke(connector.url, "composeExtension/submitAction",
                                            {"commandId": "checkDraft", "data": {"draft": "x"}}))
    assert status == 200 and body["composeExtension"]["text"] == w.CHECK_FAILED


@pytest.mark.asyncio
async def test_a_draft_containing_the_bots_name_keeps_it_end_to_end(server, connector, coach):
    draft = "Our Checkpost pilot starts on Monday."
    await server.post(channel_mention(connector.url, draft))
    (sent,) = connector.posted
    assert w.length_line(coach.check({"text": draft})) in sent.body["summary"]


@pytest.mark.parametrize("remote, service_url, refused", [
    ("127.0.0.1", "http://localhost:5000", None),
    ("::1", "http://[::1]:5000", None),
    ("::ffff:127.0.0.1", "http://127.0.0.1:5000", None),
    ("203.0.113.7", "http://127.0.0.1:5000", "the request did not come from this machine"),
    (None, "http://127.0.0.1:5000", "the request did not come from this machine"),
    ("127.0.0.1", "https://smba.trafficmanager.net/uk/", "its serviceUrl is not on loopback"),
])
def test_unauthenticated_traffic_must_be_local_at_both_ends(remote, service_url, refused):
    assert unauthenticated_refusal(remote, service_url) == refused


def test_incomplete_single_tenant_settings_stop_start_up_with_a_clear_reason(coach):
    with pytest.raises(RuntimeError, match="APP_TENANTID"):
        framework.BotFrameworkGateway(settings(microsoft_app_id="00000000-0000-0000-0000-0000000000b0",
                                               microsoft_app_password="x", microsoft_app_type="SingleTenant"),
                                      TeamsCoach(Intake(InlineChecker(coach))))


def test_start_up_warns_that_teams_runs_unauthenticated(coach, caplog):
    from aiohttp import web

    from bot.teams import mount

    with caplog.at_level(logging.WARNING, logger="checkpost.teams"):
        mount(web.Application(), settings(), coach)
    assert any("UNAUTHENTICATED" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="checkpost.teams"):
        mount(web.Application(), settings(microsoft_app_id="00000000-0000-0000-0000-0000000000b0",
                                          microsoft_app_password="x"), coach)
    assert not any("UNAUTHENTICATED" in r.getMessage() for r in caplog.records)

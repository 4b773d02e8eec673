"""The Bot Framework module on its own (botbuilder's TestAdapter), and the boundary around both SDKs."""
from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

import bot.teams
from bot import wording as w
from bot.checking import InlineChecker
from bot.intake import Intake
from bot.teams import gateway_for
from bot.teams.conversation import TeamsCoach
from bot.teams.endpoint import is_loopback_url, unauthenticated_refusal

from .conftest import activity, channel_mention, invoke, settings

TEAMS_DIR = Path(bot.teams.__file__).parent


@pytest.fixture
def framework():
    """botbuilder's module, for the tests of it alone; skipped where botbuilder is not installed."""
    pytest.importorskip("botbuilder.core")
    from bot.teams import framework
    return framework


@pytest.mark.asyncio
async def test_test_adapter_personal_chat_gets_a_card_and_the_guide(coach, framework):
    from botbuilder.core.adapters import TestAdapter
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
async def test_test_adapter_mention_is_removed_once(coach, framework):
    from botbuilder.core.adapters import TestAdapter
    from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, Entity

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


def test_msrests_retry_list_is_unchanged_by_the_faster_lookup(framework):
    from msrest.universal_http.requests import ClientRetryPolicy

    expected = [code for code in range(999) if code == 408 or code >= 500 and code not in (501, 505)]
    assert ClientRetryPolicy().policy.status_forcelist == expected


def test_activity_conversion_tolerates_junk_entities_and_values(framework):
    from botbuilder.schema import Activity, ConversationAccount, Entity

    bad = Entity(type="mention")
    bad.additional_properties = {"text": 5, "mentioned": "nobody"}
    msg = framework.incoming_message(Activity(type="message", text=None, entities=[bad], value="x",
                                              conversation=ConversationAccount(id="a:1")))
    assert msg.text == "" and msg.mentions[0].id is None and msg.mentions[0].text is None
    action = framework.action_request(Activity(type="invoke", value=["not", "a", "dict"]))
    assert action.command_id is None and action.data is None and action.message is None


@pytest.mark.parametrize("sdk_roots, home", [(("botbuilder", "botframework"), "framework.py"),
                                              (("microsoft_agents",), "agents.py")])
def test_each_sdk_is_imported_by_its_own_module_only(sdk_roots, home):
    offenders = []
    for path in [*TEAMS_DIR.glob("*.py"), TEAMS_DIR.parent / "server.py", TEAMS_DIR.parent.parent / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in sdk_roots for n in names) and path.name != home:
                offenders.append(path.name)
    assert offenders == []
    assert sdk_roots[0] in (TEAMS_DIR / home).read_text(encoding="utf-8")


@pytest.mark.parametrize("url, ok", [
    ("http://localhost:3978", True), ("http://127.0.0.1:55000/", True), ("http://127.8.9.10", True),
    ("http://[::1]:3978/", True), ("https://localhost/", True),
    ("https://smba.trafficmanager.net/uk/", False), ("http://0.0.0.0:1/", False), ("http://[::ffff:10.0.0.1]/", False),
    ("http://127.0.0.1.nip.io/", False), ("http://localhost@evil.example/", False), ("ftp://127.0.0.1/", False),
    ("http://[bad/", False), (None, False), (42, False), ("", False)])
def test_loopback_service_urls(url, ok):
    assert is_loopback_url(url) is ok


@pytest.mark.asyncio
async def test_a_failing_turn_is_a_polite_reply_never_a_500(server, connector, monkeypatch, caplog):
    leak = "the draft would be in here"

    def explode(self, *args):
        raise RuntimeError(leak)  # the traceback's frames are logged: they show this line, not the message

    monkeypatch.setattr(TeamsCoach, "on_message", explode)
    monkeypatch.setattr(TeamsCoach, "on_submit_action", explode)
    with caplog.at_level(logging.DEBUG):
        status, _ = await server.post(activity(connector.url, text="Thanks"))
        assert status == 200 and [p.body["text"] for p in connector.posted] == [w.CHECK_FAILED]
        status, body = await server.post(invoke(connector.url, "composeExtension/submitAction",
                                                {"commandId": "checkDraft", "data": {"draft": "x"}}))
    assert status == 200 and body["composeExtension"]["text"] == w.CHECK_FAILED
    failures = [r.getMessage() for r in caplog.records if "teams turn failed" in r.getMessage()]
    assert len(failures) == 2 and all("error=RuntimeError" in m for m in failures)
    assert not any("would be in here" in r.getMessage() or "Exception caught" in r.getMessage()
                   for r in caplog.records)


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


def test_incomplete_single_tenant_settings_stop_start_up_with_a_clear_reason(coach, teams_sdk):
    with pytest.raises(RuntimeError, match="TENANT"):
        gateway_for(settings(teams_sdk=teams_sdk, microsoft_app_id="00000000-0000-0000-0000-0000000000b0",
                             microsoft_app_password="x", microsoft_app_type="SingleTenant"),
                    TeamsCoach(Intake(InlineChecker(coach))))


def test_start_up_warns_that_teams_runs_unauthenticated(coach, caplog, teams_sdk):
    from aiohttp import web

    from bot.teams import mount

    with caplog.at_level(logging.WARNING, logger="checkpost.teams"):
        mount(web.Application(), settings(teams_sdk=teams_sdk), coach)
    assert any("UNAUTHENTICATED" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="checkpost.teams"):
        mount(web.Application(), settings(teams_sdk=teams_sdk, microsoft_app_id="00000000-0000-0000-0000-0000000000b0",
                                          microsoft_app_password="x"), coach)
    assert not any("UNAUTHENTICATED" in r.getMessage() for r in caplog.records)

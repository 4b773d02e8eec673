"""Feedback in the compose box's Check draft dialog, end to end on each SDK: real invoke Activities to
the real server on loopback, the dialog's answers read from the HTTP responses, and what the store
holds afterwards. A button pressed in a dialog comes back as another composeExtension/submitAction
whose `value.data` is the button's data (merged with the card's inputs)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy import select

from bot import wording as w
from bot.checking import InlineChecker
from bot.intake import Intake
from bot.server import build_app
from bot.team_store import STORE
from bot.teams import conversation, team_features
from bot.teams.conversation import TeamsCoach
from bot.teams.turns import ActionRequest
from store.feedback import rule_report
from store.models import Feedback
from store.team_settings import audit_log, load_team, settings_version

from .conftest import TENANT, USER, Server, _start, activity, invoke, settings
from .test_end_to_end import texts_of

pytestmark = pytest.mark.asyncio
ADMIN_AAD = USER["aadObjectId"]
OTHER = {"id": "29:user-kim", "name": "Kim Lee", "aadObjectId": "00000000-0000-0000-0000-0000000000b2"}
SUBMIT = "composeExtension/submitAction"
FETCH = "composeExtension/fetchTask"
# Mocking (a tone rule) and a phone number (a personal detail the shared draft must mask).
DRAFT = "Oh grow up, nobody cares about your bins. Ring me on 07700 900123."
CHANNEL = "19:general-abc@thread.tacv2"


@pytest_asyncio.fixture
async def env(coach, teams_sdk, monkeypatch):
    """The server on one SDK, with the store on (as deployed) and USER listed as an admin.

    A write past FEEDBACK_WAIT (2.5 s) answers "still saving" instead of the next card; here only a
    stuck store may take that long, so a busy machine cannot turn a card into that note (the wait
    itself is held by test_a_slow_store_does_not_hold_the_dialog_past_teams_budget)."""
    monkeypatch.setenv("CHECKPOST_ADMINS", ADMIN_AAD)
    monkeypatch.setattr(conversation, "FEEDBACK_WAIT", 120.0)
    app = build_app(settings(teams_sdk=teams_sdk), coach)
    runner, url = await _start(app)
    session = aiohttp.ClientSession()
    yield Server(url, session), app[STORE]
    await session.close()
    await runner.cleanup()


def in_channel(connector_url: str, name: str, value: dict, sender: dict = USER) -> dict:
    """The compose box of a channel: the invoke's conversation is the channel."""
    return activity(connector_url, type="invoke", name=name, value=value, id="f:invoke-channel", **{"from": sender},
                    conversation={"isGroup": True, "conversationType": "channel", "tenantId": TENANT, "id": CHANNEL},
                    channelData={"teamsChannelId": CHANNEL, "channel": {"id": CHANNEL},
                                 "team": {"id": "19:team-xyz@thread.tacv2"}, "tenant": {"id": TENANT}})


def press(connector_url: str, data: dict, *, sender: dict = USER, channel: bool = False,
          context: str = "compose") -> dict:
    """A button in the dialog, as Teams sends it: a submitAction carrying the button's data."""
    value = {"commandId": "checkDraft", "commandContext": context, "data": data}
    if channel:
        return in_channel(connector_url, SUBMIT, value, sender)
    return invoke(connector_url, SUBMIT, {**value}) | {"from": sender}


def check(draft: str = DRAFT, **form: str) -> dict:
    return {"checkpost": "check", "draft": draft, "platform": "bluesky", "account": "council",
            "pre_election": "false", **form}


def buttons(card: dict) -> list[dict]:
    """The feedback buttons under the points of a coaching card, in order."""
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "ActionSet":
                found.extend(node["actions"])
            for key in ("body", "items"):
                walk(node.get(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(card)
    return found


def button(card: dict, step: str, rule_prefix: str = "") -> dict:
    return next(b for b in buttons(card) if b["data"]["checkpost"] == step and b["data"]["r"].startswith(rule_prefix))


def dialog_card(body: dict) -> dict:
    assert body["task"]["type"] == "continue", body
    return body["task"]["value"]["card"]["content"]


async def rows(store) -> list[Feedback]:
    async with store.db.session() as session:
        return list((await session.scalars(select(Feedback).order_by(Feedback.id))).all())


async def coached_in_dialog(server, connector, **kwargs) -> dict:
    channel = kwargs.pop("channel", False)
    sender = kwargs.pop("sender", USER)
    status, body = await server.post(press(connector.url, check(**kwargs), sender=sender, channel=channel))
    assert status == 200
    return dialog_card(body)


async def test_each_point_in_the_dialog_has_helpful_and_not_right_and_insert_still_works(env, connector, coach):
    server, _ = env
    card = await coached_in_dialog(server, connector)
    report = coach.check({"text": DRAFT, "platform": "bluesky"})
    shown = {b["data"]["r"] for b in buttons(card)}
    assert shown == {f.rule for f in report.findings if f.severity != "info"}
    assert {b["title"] for b in buttons(card)} == {w.FEEDBACK_HELPFUL, w.FEEDBACK_NOT_RIGHT}
    assert all("07700" not in str(b["data"]) for b in buttons(card))  # the buttons never carry the draft
    # The dialog's own buttons are still there, and inserting still puts the text in the compose box.
    steps = [a["data"]["checkpost"] for a in card["actions"]]
    assert steps == ["insert", "again"]
    status, body = await server.post(press(connector.url, card["actions"][0]["data"]))
    assert status == 200 and body["composeExtension"]["type"] == "result"
    assert report.suggested_text in texts_of(body["composeExtension"]["attachments"][0]["content"])
    assert connector.posted == []  # a dialog is answered in the HTTP response, never through the connector


async def test_helpful_in_the_dialog_is_stored_and_closes_it_with_thanks(env, connector):
    server, store = env
    card = await coached_in_dialog(server, connector)
    helpful = button(card, "helpful", "tone.")
    status, body = await server.post(press(connector.url, helpful["data"]))
    assert status == 200 and body == {"task": {"type": "message", "value": w.FEEDBACK_THANKS}}
    (row,) = await rows(store)
    assert (row.surface, row.team, row.choice, row.reason) == ("teams", TENANT, "helpful", None)
    assert row.rule == helpful["data"]["r"] and row.check_id == helpful["data"]["c"] and row.draft is None
    # The check counts for the feedback report, as a coached chat reply's does.
    await store.tally.flush()
    now = datetime.now(timezone.utc)
    report = {r.rule: r for r in await rule_report(store.db, now - timedelta(days=1), now + timedelta(days=1),
                                                   surface="teams")}
    assert report[row.rule].checks == 1 and report[row.rule].helpful == 1
    assert connector.posted == []


async def test_not_right_in_the_dialog_shows_the_form_and_stores_the_masked_draft_when_shared(env, connector):
    server, store = env
    card = await coached_in_dialog(server, connector, sender=OTHER)
    not_right = button(card, "not_right", "tone.")
    status, body = await server.post(press(connector.url, not_right["data"], sender=OTHER))
    assert status == 200
    form = dialog_card(body)
    ids = {item.get("id") for item in form["body"]}
    assert {"reason", "comment", "share"} <= ids and "switch_off" not in ids  # not an admin
    reasons = next(item for item in form["body"] if item.get("id") == "reason")
    assert [c["value"] for c in reasons["choices"]] == ["fine_as_written", "unhelpful_advice", "something_else"]
    assert await rows(store) == []  # nothing stored until the form is sent
    # Send: the form's inputs arrive merged into the button's data.
    sent = {**form["actions"][0]["data"], "reason": "unhelpful_advice", "comment": "  too blunt  ", "share": "true"}
    status, body = await server.post(press(connector.url, sent, sender=OTHER))
    assert status == 200 and body == {"task": {"type": "message", "value": w.FEEDBACK_RECORDED}}
    (row,) = await rows(store)
    assert (row.choice, row.reason, row.comment, row.team) == ("not_right", "unhelpful_advice", "too blunt", TENANT)
    assert row.rule == not_right["data"]["r"]
    assert row.draft is not None and "07700" not in row.draft and "[phone number]" in row.draft
    assert row.draft.startswith("Oh grow up")
    assert row.context["platform"] == "bluesky"  # as chosen in the dialog


async def test_without_sharing_no_part_of_the_draft_is_stored(env, connector):
    server, store = env
    card = await coached_in_dialog(server, connector)
    not_right = button(card, "not_right", "dm.")  # the phone number's own point
    assert not_right["data"]["x"] == "[phone number]"
    status, body = await server.post(press(connector.url, not_right["data"]))
    form = dialog_card(body)
    sent = {**form["actions"][0]["data"], "reason": "fine_as_written", "share": "false"}
    status, body = await server.post(press(connector.url, sent))
    assert body["task"] == {"type": "message", "value": w.FEEDBACK_RECORDED}
    (row,) = await rows(store)
    assert row.draft is None and row.excerpt == "[phone number]" and "07700" not in str(row.context)


async def test_an_admin_switches_a_rule_off_in_the_channel_from_the_dialog(env, connector):
    server, store = env
    card = await coached_in_dialog(server, connector, channel=True)
    not_right = button(card, "not_right", "tone.")
    rule = not_right["data"]["r"]
    assert not_right["data"]["ch"] == CHANNEL
    status, body = await server.post(press(connector.url, not_right["data"], channel=True))
    form = dialog_card(body)
    assert "switch_off" in {item.get("id") for item in form["body"]}
    sent = {**form["actions"][0]["data"], "reason": "fine_as_written", "switch_off": "true"}
    status, body = await server.post(press(connector.url, sent, channel=True))
    assert status == 200
    assert body["task"] == {"type": "message",
                            "value": w.FEEDBACK_RECORDED + w.FEEDBACK_SWITCHED_OFF.format(rule=rule)}
    snapshot = await load_team(store.db, "teams", TENANT)
    assert rule in snapshot.channels[CHANNEL].disabled_rules
    assert [(a.actor, a.channel) for a in await audit_log(store.db, "teams", TENANT)] == [(ADMIN_AAD, CHANNEL)]
    # The next check in that channel's compose box no longer reports the rule.
    card = await coached_in_dialog(server, connector, channel=True)
    assert rule not in {b["data"]["r"] for b in buttons(card)}


async def test_someone_else_cannot_switch_a_rule_off_even_by_sending_the_toggle(env, connector):
    server, store = env
    card = await coached_in_dialog(server, connector, channel=True, sender=OTHER)
    not_right = button(card, "not_right", "tone.")
    status, body = await server.post(press(connector.url, not_right["data"], channel=True, sender=OTHER))
    form = dialog_card(body)
    assert "switch_off" not in {item.get("id") for item in form["body"]}
    forged = {**form["actions"][0]["data"], "reason": "fine_as_written", "switch_off": "true"}
    status, body = await server.post(press(connector.url, forged, channel=True, sender=OTHER))
    assert body["task"] == {"type": "message", "value": w.FEEDBACK_RECORDED}
    assert await settings_version(store.db, "teams", TENANT) == 0
    assert [r.choice for r in await rows(store)] == ["not_right"]


async def test_coaching_someone_elses_message_has_the_buttons_too(env, connector):
    server, store = env
    status, body = await server.post(invoke(connector.url, FETCH, {
        "commandId": "checkDraft", "commandContext": "message",
        "messagePayload": {"id": "1732500000999", "body": {"contentType": "html", "content": f"<p>{DRAFT}</p>"}}}))
    assert status == 200
    helpful = button(dialog_card(body), "helpful", "tone.")
    status, body = await server.post(press(connector.url, helpful["data"], context="message"))
    assert body["task"] == {"type": "message", "value": w.FEEDBACK_THANKS}
    assert [r.choice for r in await rows(store)] == ["helpful"]


async def test_a_forged_or_stale_button_changes_nothing(env, connector):
    server, store = env
    status, body = await server.post(press(connector.url, {"checkpost": "helpful", "r": ["not", "a", "rule"]}))
    assert status == 200 and body["task"] == {"type": "message", "value": w.UNKNOWN_CARD_SUBMIT}
    status, body = await server.post(press(connector.url, {"checkpost": "not_right"}))
    assert body["task"] == {"type": "message", "value": w.UNKNOWN_CARD_SUBMIT}
    # A day-old check (or one another process made) is still recorded, but its draft can't be shared.
    stale = {"checkpost": "feedback", "c": "gone", "r": "tone.mockery", "x": "grow up", "reason": "fine_as_written",
             "share": "true"}
    status, body = await server.post(press(connector.url, stale))
    assert body["task"] == {"type": "message", "value": w.FEEDBACK_RECORDED + w.FEEDBACK_NOT_SHARED}
    (row,) = await rows(store)
    assert row.draft is None and row.rule == "tone.mockery"


async def test_a_store_that_fails_is_told_plainly_in_the_dialog(env, connector, monkeypatch):
    server, store = env
    card = await coached_in_dialog(server, connector)

    async def broken(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(team_features, "record_feedback", broken)
    status, body = await server.post(press(connector.url, button(card, "helpful")["data"]))
    assert status == 200 and body["task"] == {"type": "message", "value": w.FEEDBACK_FAILED}


async def test_a_slow_store_does_not_hold_the_dialog_past_teams_budget(env, connector, monkeypatch):
    """The write is held until the test releases it, so it cannot finish inside the dialog's wait:
    the dialog is answered anyway, and the row is stored once the store answers."""
    server, store = env
    card = await coached_in_dialog(server, connector)
    release = asyncio.Event()
    real = team_features.record_feedback

    async def slow(*args, **kwargs):
        await release.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(team_features, "record_feedback", slow)
    monkeypatch.setattr(conversation, "FEEDBACK_WAIT", 0.05)
    status, body = await server.post(press(connector.url, button(card, "helpful")["data"]))
    assert status == 200 and body["task"] == {"type": "message", "value": w.FEEDBACK_SAVING}
    assert await rows(store) == []
    release.set()
    for _ in range(1000):  # the write finishes on its own once released
        if await rows(store):
            break
        await asyncio.sleep(0.01)
    assert [r.choice for r in await rows(store)] == ["helpful"]


async def test_with_the_store_off_the_dialog_has_no_feedback_buttons(coach):
    teams = TeamsCoach(Intake(InlineChecker(coach)))  # no TeamsFeatures: no store
    answer = await teams.on_submit_action(ActionRequest(command_id="checkDraft", command_context="compose",
                                                        tenant_id=TENANT, data=check()))
    card = answer.body["task"]["value"]["card"]["content"]
    assert buttons(card) == [] and [a["data"]["checkpost"] for a in card["actions"]] == ["insert", "again"]
    answer = await teams.on_submit_action(ActionRequest(command_id="checkDraft", tenant_id=TENANT,
                                                        data={"checkpost": "helpful", "c": "x", "r": "tone.mockery"}))
    assert answer.body == {"task": {"type": "message", "value": w.UNKNOWN_CARD_SUBMIT}}


async def test_helpful_under_a_chat_reply_says_plainly_when_the_store_fails(env, connector, monkeypatch):
    """The one feedback implementation serves chat too: a failed write is a feedback apology there as
    well, not the "could not check" of a failed turn."""
    server, _ = env
    await server.post(activity(connector.url, text=DRAFT))
    helpful = button(connector.cards()[0], "helpful")

    async def broken(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(team_features, "record_feedback", broken)
    status, _ = await server.post(activity(connector.url, text="", value=helpful["data"]))
    assert status == 200 and connector.posted[-1].body["text"] == w.FEEDBACK_FAILED

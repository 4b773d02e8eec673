"""Settings and feedback in Teams, end to end: real Activity JSON to the real server on loopback,
the answers captured on the fake connector, and what the store holds afterwards."""
from __future__ import annotations

from datetime import timedelta

import pytest
import pytest_asyncio
from sqlalchemy import select

from bot import wording as w
from bot.team_store import STORE
from store.models import Feedback
from store.team_settings import audit_log, load_team, settings_version, uk_today

from .conftest import TENANT, USER, _start, activity, channel_mention, settings
from .test_end_to_end import texts_of

pytestmark = pytest.mark.asyncio
ADMIN_AAD = USER["aadObjectId"]
OTHER = {"id": "29:user-kim", "name": "Kim Lee", "aadObjectId": "00000000-0000-0000-0000-0000000000b2"}
CANDIDATES = "Cllr Smith opened the new play area today, delivering on her promise to families."


@pytest_asyncio.fixture
async def env(coach, monkeypatch):
    import aiohttp

    from bot.server import build_app

    from .conftest import Server

    monkeypatch.setenv("CHECKPOST_ADMINS", ADMIN_AAD)
    app = build_app(settings(), coach)
    runner, url = await _start(app)
    session = aiohttp.ClientSession()
    yield Server(url, session), app[STORE]
    await session.close()
    await runner.cleanup()


def said(connector) -> list[str]:
    return [p.body.get("text") or p.body.get("summary") or "" for p in connector.posted]


async def submit(server, connector, value: dict, sender: dict = USER, conversation: dict | None = None) -> None:
    fields = {"text": "", "value": value, "from": sender}
    if conversation is not None:
        fields["conversation"] = conversation
    status, _ = await server.post(activity(connector.url, **fields))
    assert status == 200


async def test_settings_in_personal_chat_answers_the_form_to_an_admin(env, connector):
    server, _ = env
    status, _ = await server.post(activity(connector.url, text="settings"))
    assert status == 200
    card = connector.cards()[0]
    ids = {item.get("id") for item in card["body"]}
    assert {"platform", "account", "pre_start", "pre_end", "off_team", "allowed", "own"} <= ids
    assert card["actions"][0]["data"] == {"checkpost": "settings"}


async def test_anyone_else_is_refused_politely(env, connector):
    server, _ = env
    await server.post(activity(connector.url, text="settings", **{"from": OTHER}))
    assert said(connector) == [w.SETTINGS_REFUSED_TEAMS] and connector.cards() == []


async def test_an_admins_form_is_saved_and_a_non_admins_changes_nothing(env, connector):
    server, store = env
    form = {"checkpost": "settings", "platform": "bluesky", "account": "", "pre_start": "", "pre_end": "",
            "off_team": "tone.sarcasm,tone.mockery", "allowed": "Bloody Oaks ward",
            "own": "service users | Say residents. | Use 'residents'."}
    await submit(server, connector, form, sender=OTHER)
    assert said(connector) == [w.SETTINGS_REFUSED_TEAMS]
    assert await settings_version(store.db, "teams", TENANT) == 0
    await submit(server, connector, form)
    assert said(connector)[-1] == w.SETTINGS_SAVED
    snap = await load_team(store.db, "teams", TENANT)
    assert snap.team_wide.disabled_rules == ["tone.mockery", "tone.sarcasm"]
    assert snap.team_wide.platform == "bluesky"
    assert [a.actor for a in await audit_log(store.db, "teams", TENANT)] == [ADMIN_AAD]


async def test_a_bad_form_comes_back_with_the_reason(env, connector):
    server, store = env
    await submit(server, connector, {"checkpost": "settings", "pre_start": "2027-05-06", "pre_end": "2027-03-25",
                                     "off_team": "tone.nonsense"})
    card = connector.cards()[-1]
    assert "last day is before the first" in texts_of(card) and "not one of Checkpost's rules" in texts_of(card)
    assert await settings_version(store.db, "teams", TENANT) == 0


async def test_the_pre_election_window_switches_pre_election_on_and_off_by_date(env, connector):
    server, store = env
    today = uk_today()
    windows = [(today - timedelta(days=3), today - timedelta(days=1), False), (today, today, True),
               (today - timedelta(days=1), today + timedelta(days=30), True),
               (today + timedelta(days=1), today + timedelta(days=30), False)]
    for start, end, on in windows:
        await submit(server, connector, {"checkpost": "settings", "pre_start": start.isoformat(),
                                         "pre_end": end.isoformat()})
        assert said(connector)[-1] == w.SETTINGS_SAVED
        connector.posted.clear()
        await server.post(activity(connector.url, text=CANDIDATES))
        shown = texts_of(connector.cards()[0])
        assert ("pre-election" in shown.lower()) is on, (start, end)
        connector.posted.clear()


async def test_feedback_buttons_helpful_and_not_right_are_stored(env, connector):
    server, store = env
    draft = "Oh grow up, nobody cares. Ring me on 07700 900123."
    await server.post(activity(connector.url, text=draft))
    card = connector.cards()[0]
    buttons = [a for item in _walk(card) if item.get("type") == "ActionSet" for a in item["actions"]]
    helpful = next(b for b in buttons if b["data"]["checkpost"] == "helpful")
    not_right = next(b for b in buttons if b["data"]["checkpost"] == "not_right" and b["data"]["r"].startswith("tone."))
    assert all("07700" not in str(b["data"]) for b in buttons)
    await submit(server, connector, helpful["data"])
    assert said(connector)[-1] == w.FEEDBACK_THANKS
    await submit(server, connector, not_right["data"])
    form = connector.cards()[-1]
    assert {item.get("id") for item in form["body"]} >= {"reason", "comment", "share"}
    # In personal chat there is no channel to switch the rule off in.
    data = {**form["actions"][0]["data"], "reason": "fine_as_written", "comment": "a quote", "share": "true"}
    await submit(server, connector, data)
    assert said(connector)[-1].startswith(w.FEEDBACK_RECORDED)
    async with store.db.session() as session:
        rows = (await session.scalars(select(Feedback).order_by(Feedback.id))).all()
    assert [(r.choice, r.reason) for r in rows] == [("helpful", None), ("not_right", "fine_as_written")]
    assert rows[0].draft is None
    assert rows[1].draft is not None and "07700" not in rows[1].draft and "[phone number]" in rows[1].draft
    assert rows[1].team == TENANT and rows[1].comment == "a quote"


async def test_an_admin_switches_a_rule_off_for_a_channel_from_not_right(env, connector):
    server, store = env
    await server.post(channel_mention(connector.url, "Oh grow up, nobody cares."))
    card = connector.cards()[0]
    not_right = next(a for item in _walk(card) if item.get("type") == "ActionSet" for a in item["actions"]
                     if a["data"]["checkpost"] == "not_right")
    rule = not_right["data"]["r"]
    assert not_right["data"]["ch"] == "19:general-abc@thread.tacv2"
    channel = {"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
               "id": "19:general-abc@thread.tacv2;messageid=1732500000555"}
    await submit(server, connector, not_right["data"], conversation=channel)
    form = connector.cards()[-1]
    assert "switch_off" in {item.get("id") for item in form["body"]}
    await submit(server, connector, {**form["actions"][0]["data"], "reason": "fine_as_written", "switch_off": "true"},
                 conversation=channel)
    assert w.FEEDBACK_SWITCHED_OFF.format(rule=rule).strip() in said(connector)[-1]
    snap = await load_team(store.db, "teams", TENANT)
    assert rule in snap.channels["19:general-abc@thread.tacv2"].disabled_rules


def _walk(node):
    if isinstance(node, dict):
        yield node
        for key in ("body", "items", "columns"):
            yield from _walk(node.get(key))
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


MOCKING = "Oh grow up, nobody cares about your bins."


async def test_a_rule_switched_off_by_an_admin_is_not_reported_in_that_tenant_but_is_elsewhere(env, connector, coach):
    # Waits on the rule registry issue (h13): until Coach.check applies a Policy it raises
    # NotImplementedError for a non-default one, and the check fails.
    server, store = env
    rule = next(f.rule for f in coach.check({"text": MOCKING}).findings if f.rule.startswith("tone."))
    await submit(server, connector, {"checkpost": "settings", "off_team": rule})
    assert said(connector)[-1] == w.SETTINGS_SAVED
    connector.posted.clear()
    await server.post(activity(connector.url, text=MOCKING))
    ours = connector.cards()[0]
    assert rule not in str([a["data"].get("r") for item in _walk(ours) if item.get("type") == "ActionSet"
                            for a in item["actions"]])
    connector.posted.clear()
    elsewhere = activity(connector.url, text=MOCKING, id="1732500000002",
                         conversation={"conversationType": "personal", "tenantId": "another-tenant",
                                       "id": "a:1personal-chat-elsewhere"},
                         channelData={"tenant": {"id": "another-tenant"}})
    await server.post(elsewhere)
    theirs = connector.cards()[0]
    assert rule in [a["data"].get("r") for item in _walk(theirs) if item.get("type") == "ActionSet"
                    for a in item["actions"]]

"""Settings, App Home and feedback in Slack, end to end: signed deliveries to the real server on
loopback, Slack's answers from the fake, and what the store holds afterwards."""
from __future__ import annotations

import json

import pytest
import pytest_asyncio

from bot import wording as w
from bot.slack.feedback import HELPFUL, NOT_RIGHT, feedback_block
from bot.team_context import Where
from rules.models import Finding
from store.feedback import FeedbackIn, record_feedback
from store.models import Feedback
from store.team_settings import PlaceSettings, audit_log, load_team, save_place, settings_version

from .conftest import start_env
from .fakes import TEAM, interaction_body

pytestmark = pytest.mark.asyncio
ADMIN, MEMBER, LISTED = "UADMIN", "UMEMBER", "ULISTED"


@pytest_asyncio.fixture
async def env(coach):
    env, fake = await start_env(coach, checkpost_admins=LISTED, slack_channel_defaults="CGENERAL=threads/councillor")
    fake.users.update({ADMIN: {"is_admin": True}, MEMBER: {"is_admin": False, "is_owner": False},
                       LISTED: {"is_admin": False}})
    try:
        yield env
    finally:
        await env.session.close()
        await env.server.close()
        await fake.close()


def store(env):
    return env.bot.team_store


async def interact(env, payload: dict) -> tuple[int, dict | str]:
    status, text = await env.post(interaction_body(payload), content_type="application/x-www-form-urlencoded")
    try:
        return status, json.loads(text) if text else {}
    except ValueError:
        return status, text


def submission(callback_id: str, values: dict, *, user: str, metadata: dict | str) -> dict:
    return {"type": "view_submission", "team": {"id": TEAM, "domain": "council"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0001", "token": "legacy",
            "trigger_id": "1.2.trigger", "view": {
                "id": "V0001", "team_id": TEAM, "type": "modal", "callback_id": callback_id,
                "private_metadata": metadata if isinstance(metadata, str) else json.dumps(metadata),
                "state": {"values": values}}}


def settings_values(*, off_team=(), off_channel=(), platform=None, start=None, end=None, own="", allowed=""):
    def chosen(ids):
        return {"value": {"type": "multi_static_select",
                          "selected_options": [{"text": {"type": "plain_text", "text": i}, "value": i} for i in ids]}}
    values = {"off_team": chosen(off_team), "off_channel": chosen(off_channel),
              "pre_start": {"value": {"type": "datepicker", "selected_date": start}},
              "pre_end": {"value": {"type": "datepicker", "selected_date": end}},
              "own": {"value": {"type": "plain_text_input", "value": own}},
              "allowed": {"value": {"type": "plain_text_input", "value": allowed}},
              "account": {"value": {"type": "static_select", "selected_option": None}}}
    values["platform"] = {"value": {"type": "static_select", "selected_option":
                                    {"value": platform, "text": {"type": "plain_text", "text": platform}}
                                    if platform else None}}
    return values


async def test_an_admin_opens_the_settings_modal(env):
    status, body = await env.command("settings", user=ADMIN)
    assert status == 200
    await env.fake.wait_until(lambda: env.fake.named("views.open"))
    [opened] = env.fake.named("views.open")
    view = json.loads(opened["view"]) if isinstance(opened["view"], str) else opened["view"]
    assert view["callback_id"] == "checkpost_settings"
    assert json.loads(view["private_metadata"]) == {"team": TEAM, "channel": "CGENERAL"}
    ids = {b.get("block_id") for b in view["blocks"]}
    assert {"platform", "account", "pre_start", "pre_end", "off_team", "off_channel", "allowed", "own"} <= ids
    # SLACK_CHANNEL_DEFAULTS gives the starting values.
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["platform"]["element"]["initial_option"]["value"] == "threads"
    assert blocks["account"]["element"]["initial_option"]["value"] == "councillor"
    assert not env.fake.hooks  # not coached as a draft


async def test_someone_else_is_refused_politely(env):
    status, body = await env.command("settings", user=MEMBER)
    assert status == 200 and w.SETTINGS_REFUSED in body
    assert not env.fake.named("views.open")


async def test_an_admins_submission_is_saved_and_audited(env):
    values = settings_values(off_team=["tone.sarcasm"], off_channel=["tone.exclamation"], platform="bluesky",
                             start="2027-03-25", end="2027-05-06",
                             own="service users | Say residents. | Use 'residents' instead.",
                             allowed="Bloody Oaks ward")
    status, body = await interact(env, submission("checkpost_settings", values, user=ADMIN,
                                                  metadata={"team": TEAM, "channel": "CGENERAL"}))
    assert status == 200 and body["response_action"] == "update"
    assert w.SETTINGS_SAVED in json.dumps(body)
    snap = await load_team(store(env).db, "slack", TEAM)
    assert snap.team_wide.disabled_rules == ["tone.sarcasm"]
    assert snap.team_wide.allowed_phrases == ["Bloody Oaks ward"]
    assert str(snap.team_wide.pre_election_start) == "2027-03-25"
    assert snap.channels["CGENERAL"].platform == "bluesky"
    assert snap.policy("CGENERAL").disabled_rules == {"tone.sarcasm", "tone.exclamation"}
    assert [a.actor for a in await audit_log(store(env).db, "slack", TEAM)] == [ADMIN, ADMIN]


async def test_a_listed_admin_may_change_settings_too(env):
    status, body = await interact(env, submission("checkpost_settings", settings_values(off_team=["tone.sarcasm"]),
                                                  user=LISTED, metadata={"team": TEAM, "channel": None}))
    assert body["response_action"] == "update" and w.SETTINGS_SAVED in json.dumps(body)
    assert await settings_version(store(env).db, "slack", TEAM) == 1


async def test_a_non_admins_submission_is_refused_and_changes_nothing(env):
    status, body = await interact(env, submission("checkpost_settings", settings_values(off_team=["tone.sarcasm"]),
                                                  user=MEMBER, metadata={"team": TEAM, "channel": "CGENERAL"}))
    assert status == 200 and body["response_action"] == "update"
    assert w.SETTINGS_REFUSED in json.dumps(body)
    assert await settings_version(store(env).db, "slack", TEAM) == 0
    assert await audit_log(store(env).db, "slack", TEAM) == []


async def test_a_submission_for_another_workspace_is_refused(env):
    status, body = await interact(env, submission("checkpost_settings", settings_values(off_team=["tone.sarcasm"]),
                                                  user=ADMIN, metadata={"team": "TOTHER", "channel": None}))
    assert w.SETTINGS_REFUSED in json.dumps(body)
    assert await settings_version(store(env).db, "slack", "TOTHER") == 0


async def test_bad_fields_come_back_as_errors_on_those_fields(env):
    values = settings_values(off_team=["tone.not_a_rule"], start="2027-05-06", end="2027-03-25", own="just a phrase")
    status, body = await interact(env, submission("checkpost_settings", values, user=ADMIN,
                                                  metadata={"team": TEAM, "channel": "CGENERAL"}))
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"off_team", "pre_end", "own"}
    assert await settings_version(store(env).db, "slack", TEAM) == 0


async def test_app_home_shows_settings_and_feedback(env):
    db = store(env).db
    await save_place(db, "slack", TEAM, None, PlaceSettings(disabled_rules=["tone.sarcasm"]), ADMIN)
    await record_feedback(db, FeedbackIn(surface="slack", team=TEAM, check_id="c1", rule="tone.mockery",
                                         choice="not_right", reason="fine_as_written"))
    event = {"type": "app_home_opened", "user": MEMBER, "channel": "DHOME", "tab": "home",
             "event_ts": "1700000000.000100"}
    status, _ = await env.event(event, event_id="EvHome")
    assert status == 200
    await env.fake.wait_until(lambda: env.fake.named("views.publish"))
    [published] = env.fake.named("views.publish")
    assert published["user_id"] == MEMBER
    shown = json.dumps(published["view"])
    assert "tone.sarcasm" in shown and "tone.mockery" in shown and "not right 1" in shown


FINDING = Finding(rule="tone.mockery", category="tone", severity="warn", start=0, end=8, excerpt="grow up.",
                  message="m", suggestion="s", source="src")


def click(action_id: str, user: str, *, finding: Finding = FINDING, check_id: str = "chk1") -> dict:
    block = feedback_block(0, finding, check_id, Where("slack", team=TEAM, channel="CGENERAL"))
    button = next(e for e in block["elements"] if e["action_id"] == action_id)
    return {"type": "block_actions", "team": {"id": TEAM, "domain": "council"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A0001", "token": "legacy",
            "trigger_id": "2.3.trigger", "container": {"type": "message", "is_ephemeral": True},
            "channel": {"id": "CGENERAL", "name": "general"}, "response_url": env_hook[0],
            "actions": [{"type": "button", "action_id": action_id, "block_id": block["block_id"],
                         "value": button["value"], "action_ts": "1700000000.1"}]}


env_hook: list[str] = [""]


async def rows(env) -> list[Feedback]:
    from sqlalchemy import select
    async with store(env).db.session() as session:
        return list((await session.scalars(select(Feedback).order_by(Feedback.id))).all())


async def test_helpful_is_stored(env):
    env_hook[0] = env.fake.hook_url("fb")
    status, _ = await interact(env, click(HELPFUL, MEMBER))
    assert status == 200
    await env.fake.wait_until(lambda: env.fake.hooks)
    [row] = await rows(env)
    assert (row.team, row.channel, row.rule, row.choice, row.excerpt, row.draft) == (
        TEAM, "CGENERAL", "tone.mockery", "helpful", "grow up.", None)


async def test_not_right_opens_the_modal_and_its_answer_is_stored(env, caplog):
    caplog.set_level("INFO")  # as in production (at DEBUG, aiosqlite and slack_sdk log parameters and bodies)
    env_hook[0] = env.fake.hook_url("fb")
    status, _ = await interact(env, click(NOT_RIGHT, MEMBER))
    assert status == 200
    await env.fake.wait_until(lambda: env.fake.named("views.open"))
    view = env.fake.named("views.open")[0]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "checkpost_feedback"
    assert "switch_off" not in {b.get("block_id") for b in view["blocks"]}  # not an admin
    values = {"reason": {"value": {"type": "radio_buttons", "selected_option": {"value": "fine_as_written"}}},
              "comment": {"value": {"type": "plain_text_input", "value": "It's a quote from the resident."}},
              "share": {"value": {"type": "checkboxes", "selected_options": []}}}
    status, body = await interact(env, submission("checkpost_feedback", values, user=MEMBER,
                                                  metadata=view["private_metadata"]))
    assert body["response_action"] == "update" and w.FEEDBACK_RECORDED in json.dumps(body)
    [row] = await rows(env)
    assert (row.rule, row.choice, row.reason, row.comment, row.draft) == (
        "tone.mockery", "not_right", "fine_as_written", "It's a quote from the resident.", None)
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith(("slack_", "aiohttp")))
    assert "feedback" in logged and "quote from the resident" not in logged and "grow up" not in logged


async def test_an_admin_can_switch_the_rule_off_for_the_channel_from_not_right(env, coach):
    request_text = "Oh grow up. Ring 07700 900123."
    report = coach.check({"text": request_text})
    from rules import parse_request
    check_id = store(env).coached(Where("slack", team=TEAM, channel="CGENERAL"), parse_request({"text": request_text}),
                                  report)
    finding = next(f for f in report.findings if f.rule.startswith("tone."))
    env_hook[0] = env.fake.hook_url("fb")
    await interact(env, click(NOT_RIGHT, ADMIN, finding=finding, check_id=check_id))
    await env.fake.wait_until(lambda: env.fake.named("views.open"))
    view = env.fake.named("views.open")[0]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert "switch_off" in {b.get("block_id") for b in view["blocks"]}
    values = {"reason": {"value": {"type": "radio_buttons", "selected_option": {"value": "fine_as_written"}}},
              "share": {"value": {"type": "checkboxes", "selected_options": [{"value": "share"}]}},
              "switch_off": {"value": {"type": "checkboxes", "selected_options": [{"value": "off"}]}}}
    status, body = await interact(env, submission("checkpost_feedback", values, user=ADMIN,
                                                  metadata=view["private_metadata"]))
    assert w.FEEDBACK_SWITCHED_OFF.format(rule=finding.rule).strip() in json.dumps(body)
    snap = await load_team(store(env).db, "slack", TEAM)
    assert finding.rule in snap.channels["CGENERAL"].disabled_rules
    [row] = await rows(env)
    assert row.draft is not None and "07700" not in row.draft and "[phone number]" in row.draft


async def test_a_forged_switch_off_from_a_non_admin_changes_nothing(env):
    env_hook[0] = env.fake.hook_url("fb")
    block = feedback_block(0, FINDING, "chk1", Where("slack", team=TEAM, channel="CGENERAL"))
    values = {"reason": {"value": {"type": "radio_buttons", "selected_option": {"value": "fine_as_written"}}},
              "switch_off": {"value": {"type": "checkboxes", "selected_options": [{"value": "off"}]}}}
    metadata = json.loads(block["elements"][0]["value"])
    status, body = await interact(env, submission("checkpost_feedback", values, user=MEMBER, metadata=metadata))
    assert w.FEEDBACK_RECORDED in json.dumps(body) and "switched off" not in json.dumps(body)
    assert await settings_version(store(env).db, "slack", TEAM) == 0


MOCKING = "Oh grow up, nobody cares about your bins."


def findings_in(body: dict) -> str:
    return json.dumps(body.get("blocks"))


async def command_in(env, team: str, text: str, hook: str) -> dict:
    from urllib.parse import parse_qsl, urlencode

    from .fakes import command_body

    fields = dict(parse_qsl(command_body(text, response_url=env.fake.hook_url(hook), user=MEMBER)))
    fields["team_id"] = team
    before = len(env.fake.hooks)
    status, _ = await env.post(urlencode(fields), content_type="application/x-www-form-urlencoded")
    assert status == 200
    await env.fake.wait_until(lambda: len(env.fake.hooks) > before)
    return env.fake.hooks[-1][1]


async def test_an_admin_switches_a_rule_off_and_the_next_check_in_that_workspace_skips_it(env, coach):
    # Waits on the rule registry issue (h13): until Coach.check applies a Policy it raises
    # NotImplementedError for a non-default one, and the check fails.
    rule = next(f.rule for f in coach.check({"text": MOCKING}).findings if f.rule.startswith("tone."))
    before = await command_in(env, TEAM, MOCKING, "before")
    assert f'\\"r\\":\\"{rule}\\"' in findings_in(before)
    status, body = await interact(env, submission("checkpost_settings", settings_values(off_team=[rule]), user=ADMIN,
                                                  metadata={"team": TEAM, "channel": "CGENERAL"}))
    assert w.SETTINGS_SAVED in json.dumps(body)
    after = await command_in(env, TEAM, MOCKING, "after")
    assert w.CHECK_FAILED not in json.dumps(after)
    assert f'\\"r\\":\\"{rule}\\"' not in findings_in(after)
    elsewhere = await command_in(env, "TOTHER", MOCKING, "elsewhere")
    assert f'\\"r\\":\\"{rule}\\"' in findings_in(elsewhere)


async def test_the_pre_election_window_switches_pre_election_on_and_off_by_date(env):
    from datetime import timedelta

    from store.team_settings import uk_today

    today = uk_today()
    for start, end, on in [(today, today + timedelta(days=10), True), (today + timedelta(days=1), today + timedelta(days=10), False),
                           (today - timedelta(days=10), today, True), (today - timedelta(days=10), today - timedelta(days=1), False)]:
        status, body = await interact(env, submission(
            "checkpost_settings", settings_values(start=start.isoformat(), end=end.isoformat()), user=ADMIN,
            metadata={"team": TEAM, "channel": "CGENERAL"}))
        assert w.SETTINGS_SAVED in json.dumps(body)
        answer = await command_in(env, TEAM, "Thanks, the bins on Elm Road will be collected tomorrow.", f"pe{start}")
        assert (w.PURDAH_NOTE in json.dumps(answer, ensure_ascii=False)) is on, (start, end)

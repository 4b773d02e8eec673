"""Settings in Slack: `/checkpost settings` opens a modal, and the App Home tab shows them.

Only workspace admins and owners (users.info) and the ids in CHECKPOST_ADMINS may change them:
anyone else who types `/checkpost settings` is told so politely, and a submission from anyone
else (a form opened before their role changed, or a forged one) changes nothing. The App Home
shows everyone the workspace's settings and the last 30 days of feedback per rule.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta, timezone

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from store.feedback import rule_report
from store.team_settings import load_team, save_place

from .. import wording as w
from ..rule_catalogue import RuleInfo, catalogue, known_ids
from ..team_context import Where
from ..settings_form import FormErrors, FormValues, current_values, parse_form
from ..team_store import TeamStore
from .admins import SlackAdmins
from .escape import escape
from .send import respond_privately

log = logging.getLogger("checkpost.slack")
CALLBACK_ID = "checkpost_settings"
OPEN_ACTION = "checkpost_open_settings"
SURFACE = "slack"
_BLOCK = {"platform": "platform", "account": "account", "pre_start": "pre_start", "pre_end": "pre_end",
          "off_team": "off_team", "off_channel": "off_channel", "allowed": "allowed", "own": "own"}


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rule_option(info: RuleInfo) -> dict:
    return {"text": {"type": "plain_text", "text": _clip(f"{info.id}: {info.message}", 75)}, "value": info.id}


def _rule_select(block_id: str, label: str, chosen: list[str], rules: tuple[RuleInfo, ...]) -> dict:
    groups: dict[str, list[dict]] = {}
    for info in rules:
        groups.setdefault(w.CATEGORY_LABEL.get(info.category, info.category), []).append(_rule_option(info))
    element: dict = {"type": "multi_static_select", "action_id": "value",
                     "placeholder": _plain("Choose rules"),
                     "option_groups": [{"label": _plain(name), "options": opts[:100]} for name, opts in groups.items()]}
    initial = [_rule_option(r) for r in rules if r.id in set(chosen)]
    if initial:
        element["initial_options"] = initial
    return {"type": "input", "block_id": block_id, "optional": True, "label": _plain(label), "element": element}


def _select(block_id: str, label: str, choices: dict[str, str], value: str | None) -> dict:
    options = [{"text": _plain(text), "value": key} for key, text in choices.items()]
    element: dict = {"type": "static_select", "action_id": "value", "placeholder": _plain("As the server sets it"),
                     "options": options}
    if value in choices:
        element["initial_option"] = next(o for o in options if o["value"] == value)
    return {"type": "input", "block_id": block_id, "optional": True, "label": _plain(label), "element": element}


def _datepicker(block_id: str, label: str, value: str | None, hint: str | None = None) -> dict:
    element: dict = {"type": "datepicker", "action_id": "value"}
    if value:
        element["initial_date"] = value
    block = {"type": "input", "block_id": block_id, "optional": True, "label": _plain(label), "element": element}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _text(block_id: str, label: str, value: str, hint: str) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "multiline": True, "initial_value": value[:3000],
               "max_length": 3000}
    return {"type": "input", "block_id": block_id, "optional": True, "label": _plain(label), "element": element,
            "hint": _plain(hint)}


def settings_view(values: FormValues, team: str, channel: str | None, rules: tuple[RuleInfo, ...]) -> dict:
    where = f"this workspace (and <#{channel}> for the channel settings)" if channel else "this workspace"
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": w.SETTINGS_INTRO.format(where=where)}},
        _select("platform", w.SETTINGS_PLATFORM, w.PLATFORM_LABEL, values.platform),
        _select("account", w.SETTINGS_ACCOUNT, w.ACCOUNT_NAMES, values.account),
        _datepicker("pre_start", w.SETTINGS_PRE_START, values.pre_start, w.SETTINGS_PRE_HINT),
        _datepicker("pre_end", w.SETTINGS_PRE_END, values.pre_end),
        _rule_select("off_team", w.SETTINGS_OFF_TEAM, values.off_team, rules),
        _rule_select("off_channel", w.SETTINGS_OFF_CHANNEL, values.off_channel, rules),
        _text("allowed", w.SETTINGS_ALLOWED, values.allowed, w.SETTINGS_ALLOWED_HINT),
        _text("own", w.SETTINGS_OWN, values.own, w.SETTINGS_OWN_HINT),
    ]
    return {"type": "modal", "callback_id": CALLBACK_ID, "title": _plain(w.SETTINGS_TITLE[:24]),
            "submit": _plain(w.SETTINGS_SAVE), "close": _plain("Cancel"),
            "private_metadata": json.dumps({"team": team, "channel": channel}), "blocks": blocks}


def message_view(text: str) -> dict:
    return {"type": "modal", "title": _plain(w.SETTINGS_TITLE[:24]), "close": _plain("Close"),
            "blocks": [{"type": "section", "text": {"type": "plain_text", "text": text}}]}


def read_view(state: dict) -> FormValues:
    """The submitted modal's values, whatever Slack left out for an empty field."""
    values = state.get("values") or {}

    def element(block: str) -> dict:
        return (values.get(block) or {}).get("value") or {}

    def selected(block: str) -> str | None:
        option = element(block).get("selected_option")
        return option.get("value") if isinstance(option, dict) else None

    return FormValues(
        platform=selected("platform"), account=selected("account"),
        pre_start=element("pre_start").get("selected_date"), pre_end=element("pre_end").get("selected_date"),
        off_team=[o["value"] for o in element("off_team").get("selected_options") or []],
        off_channel=[o["value"] for o in element("off_channel").get("selected_options") or []],
        allowed=element("allowed").get("value") or "", own=element("own").get("value") or "")


def _team_of(body: dict) -> str | None:
    return (body.get("team") or {}).get("id") or body.get("team_id") or (body.get("user") or {}).get("team_id")


class SlackSettings:
    def __init__(self, store: TeamStore, admins: SlackAdmins) -> None:
        self.store = store
        self.admins = admins
        self.rule_dirs = store.settings.rule_dirs

    async def open(self, client: AsyncWebClient, trigger_id: str, team: str, channel: str | None) -> None:
        snapshot = await load_team(self.store.db, SURFACE, team)
        values = current_values(snapshot, channel)
        # SLACK_CHANNEL_DEFAULTS gives the starting values until the team sets its own.
        base = self.store.contexts.base_defaults(Where(SURFACE, team=team, channel=channel))
        values.platform = values.platform or snapshot.team_wide.platform or base.get("platform")  # type: ignore[assignment]
        values.account = values.account or snapshot.team_wide.account or base.get("account")  # type: ignore[assignment]
        view = settings_view(values, team, channel, catalogue(self.rule_dirs))
        await client.views_open(trigger_id=trigger_id, view=view)

    async def submit(self, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        user = (body.get("user") or {}).get("id")
        meta = json.loads(view.get("private_metadata") or "{}")
        team, channel = meta.get("team") or _team_of(body), meta.get("channel")
        if team != _team_of(body) or not await self.admins.allowed(client, team, user):
            log.info("slack settings refused team=%s user=%s", team, user)
            await ack(response_action="update", view=message_view(w.SETTINGS_REFUSED))
            return
        try:
            snapshot = await load_team(self.store.db, SURFACE, team)
            team_wide, here = parse_form(read_view(view.get("state") or {}), known_ids(self.rule_dirs),
                                         snapshot.team_wide, snapshot.place(channel))
        except FormErrors as exc:
            await ack(response_action="errors", errors={_BLOCK[k]: v for k, v in exc.errors.items()})
            return
        try:
            changed = await save_place(self.store.db, SURFACE, team, None, team_wide, user or "-")
            if channel:
                changed |= await save_place(self.store.db, SURFACE, team, channel, here, user or "-")
        except Exception as exc:
            log.error("slack settings not saved team=%s error=%s", team, type(exc).__name__)
            await ack(response_action="update", view=message_view(w.SETTINGS_UNAVAILABLE))
            return
        self.store.contexts.forget(SURFACE, team)
        await ack(response_action="update", view=message_view(w.SETTINGS_SAVED if changed else w.SETTINGS_UNCHANGED))

    async def home(self, client: AsyncWebClient, team: str, user: str) -> None:
        snapshot = await load_team(self.store.db, SURFACE, team)
        now = datetime.now(timezone.utc)
        rows = await rule_report(self.store.db, now - timedelta(days=30), now, surface=SURFACE, team=team)
        await client.views_publish(user_id=user, view=home_view(snapshot, rows))


def home_view(snapshot, rows) -> dict:
    team = snapshot.team_wide

    def listing(items: list[str]) -> str:
        return ", ".join(f"`{escape(i)}`" for i in items) if items else w.SETTINGS_NONE

    window = (f"{team.pre_election_start:%-d %B %Y} to {team.pre_election_end:%-d %B %Y}"
              if team.pre_election_start and team.pre_election_end else w.SETTINGS_NONE)
    lines = [f"*{w.SETTINGS_PRE_START.split(':')[0]}:* {window}",
             f"*{w.SETTINGS_OFF_TEAM}:* {listing(team.disabled_rules)}",
             f"*{w.SETTINGS_ALLOWED}:* {listing(team.allowed_phrases)}",
             f"*{w.SETTINGS_OWN}:* {listing([p.phrase for p in team.own_phrases])}"]
    for channel, place in sorted(snapshot.channels.items()):
        parts = [p for p in (place.platform, place.account) if p]
        if place.disabled_rules:
            parts.append("off: " + listing(place.disabled_rules))
        if parts:
            lines.append(f"<#{escape(channel)}>: " + "; ".join(parts))
    feedback = [w.HOME_FEEDBACK_ROW.format(rule=r.rule, checks=r.checks, helpful=r.helpful, not_right=r.not_right)
                for r in rows[:40]] or [w.HOME_NO_FEEDBACK]
    blocks = [{"type": "header", "text": _plain(w.HOME_TITLE)},
              {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:3000], "verbatim": True}},
              {"type": "actions", "elements": [{"type": "button", "action_id": OPEN_ACTION,
                                                "text": _plain(w.HOME_CHANGE)}]},
              {"type": "divider"},
              {"type": "header", "text": _plain(w.HOME_FEEDBACK)},
              {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(feedback)[:3000], "verbatim": True}}]
    return {"type": "home", "blocks": blocks}


async def is_settings_command(body: dict) -> bool:
    return (body.get("text") or "").strip().lower() == "settings"


def register(app: AsyncApp, settings: SlackSettings) -> None:
    """Register before the draft listener: `/checkpost settings` must not be coached as a draft."""

    @app.command("/checkpost", matchers=[is_settings_command])
    async def open_settings(ack: AsyncAck, command: dict, client: AsyncWebClient) -> None:
        team, user = command.get("team_id"), command.get("user_id")
        if not await settings.admins.allowed(client, team, user):
            await ack(response_type="ephemeral", text=w.SETTINGS_REFUSED)
            return
        await ack()
        try:
            await settings.open(client, command["trigger_id"], team, command.get("channel_id"))
        except Exception as exc:
            log.error("slack settings could not open team=%s error=%s", team, type(exc).__name__)
            if command.get("response_url"):
                await respond_privately(command["response_url"], w.SETTINGS_UNAVAILABLE,
                                        [{"type": "section", "text": {"type": "plain_text",
                                                                      "text": w.SETTINGS_UNAVAILABLE}}])

    @app.action(OPEN_ACTION)
    async def open_from_home(ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        team, user = _team_of(body), (body.get("user") or {}).get("id")
        if not await settings.admins.allowed(client, team, user):
            await client.views_open(trigger_id=body["trigger_id"], view=message_view(w.SETTINGS_REFUSED))
            return
        await settings.open(client, body["trigger_id"], team, None)

    @app.view(CALLBACK_ID)
    async def submit(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await settings.submit(ack, body, view, client)

    @app.event("app_home_opened")
    async def home(event: dict, body: dict, client: AsyncWebClient) -> None:
        if event.get("tab") not in (None, "home"):
            return
        try:
            await settings.home(client, body.get("team_id"), event["user"])
        except Exception as exc:
            log.error("slack app home failed team=%s error=%s", body.get("team_id"), type(exc).__name__)

"""Feedback on each finding in Slack: "Helpful" and "Not right" buttons under it.

"Helpful" is recorded at once. "Not right" opens a modal asking what was wrong (fine as written,
right problem but unhelpful advice, something else), with an optional comment, a box to share the
draft (stored with its personal details masked), and, for those allowed to change settings, a box
to switch the rule off in this channel. The buttons carry the check's id, the rule and its excerpt
(a personal detail's excerpt is carried as its kind only, "[phone number]"), never the draft.
"""
from __future__ import annotations

import json
import logging

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from rules.models import Finding
from store.feedback import REASONS, FeedbackIn, record_feedback, safe_excerpt

from .. import wording as w
from ..team_context import Where
from ..team_store import TeamStore
from .admins import SlackAdmins
from .send import respond_privately

log = logging.getLogger("checkpost.slack")
HELPFUL = "checkpost_helpful"
NOT_RIGHT = "checkpost_not_right"
CALLBACK_ID = "checkpost_feedback"
MAX_EXCERPT_IN_BUTTON = 200


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def feedback_block(index: int, finding: Finding, check_id: str, where: Where) -> dict:
    """The two buttons under one finding; their value says which finding of which check."""
    value = json.dumps({"c": check_id, "r": finding.rule, "t": where.team, "ch": where.channel,
                        "x": safe_excerpt(finding.rule, finding.excerpt)[:MAX_EXCERPT_IN_BUTTON]},
                       ensure_ascii=False, separators=(",", ":"))
    return {"type": "actions", "block_id": f"checkpost_feedback_{index}", "elements": [
        {"type": "button", "action_id": HELPFUL, "text": _plain(w.FEEDBACK_HELPFUL), "value": value},
        {"type": "button", "action_id": NOT_RIGHT, "text": _plain(w.FEEDBACK_NOT_RIGHT), "value": value}]}


def feedback_view(value: dict, allowed_to_switch_off: bool) -> dict:
    blocks: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "verbatim": True,
                                     "text": f"*{value.get('r')}*" + (f"\n> {value['x']}" if value.get("x") else "")}},
        {"type": "input", "block_id": "reason", "label": _plain(w.FEEDBACK_REASON), "element": {
            "type": "radio_buttons", "action_id": "value",
            "options": [{"text": _plain(w.FEEDBACK_REASONS[r]), "value": r} for r in REASONS]}},
        {"type": "input", "block_id": "comment", "optional": True, "label": _plain(w.FEEDBACK_COMMENT),
         "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}},
        {"type": "input", "block_id": "share", "optional": True, "label": _plain("Share"), "element": {
            "type": "checkboxes", "action_id": "value",
            "options": [{"text": _plain(w.FEEDBACK_SHARE), "value": "share"}]}},
    ]
    if allowed_to_switch_off:
        blocks.append({"type": "input", "block_id": "switch_off", "optional": True, "label": _plain("Switch off"),
                       "element": {"type": "checkboxes", "action_id": "value", "options": [
                           {"text": _plain(w.FEEDBACK_SWITCH_OFF.format(rule=value.get("r"))), "value": "off"}]}})
    return {"type": "modal", "callback_id": CALLBACK_ID, "title": _plain(w.FEEDBACK_TITLE),
            "submit": _plain(w.FEEDBACK_SEND), "close": _plain("Cancel"),
            "private_metadata": json.dumps(value, ensure_ascii=False), "blocks": blocks}


def _value(body: dict) -> dict:
    try:
        value = json.loads((body.get("actions") or [{}])[0].get("value") or "{}")
    except (ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) and isinstance(value.get("r"), str) and isinstance(value.get("c"), str) else {}


def _thanks_view(text: str) -> dict:
    return {"type": "modal", "title": _plain(w.FEEDBACK_TITLE), "close": _plain("Close"),
            "blocks": [{"type": "section", "text": {"type": "plain_text", "text": text}}]}


class SlackFeedback:
    def __init__(self, store: TeamStore, admins: SlackAdmins) -> None:
        self.store = store
        self.admins = admins

    def _item(self, value: dict, team: str | None, **fields) -> FeedbackIn:
        return FeedbackIn(surface="slack", team=team or value.get("t") or "", channel=value.get("ch") or "",
                          check_id=value["c"][:64], rule=value["r"][:128], excerpt=str(value.get("x") or ""), **fields)

    async def helpful(self, body: dict) -> None:
        value = _value(body)
        if not value:
            return
        team = (body.get("team") or {}).get("id")
        await record_feedback(self.store.db, self._item(value, team, choice="helpful"))
        if body.get("response_url"):
            await respond_privately(body["response_url"], w.FEEDBACK_THANKS,
                                    [{"type": "context", "elements": [{"type": "plain_text", "text": w.FEEDBACK_THANKS}]}])

    async def not_right(self, body: dict, client: AsyncWebClient) -> None:
        value = _value(body)
        if not value:
            return
        team, user = (body.get("team") or {}).get("id"), (body.get("user") or {}).get("id")
        value["t"] = team
        allowed = bool(value.get("ch")) and await self.admins.allowed(client, team, user)
        await client.views_open(trigger_id=body["trigger_id"], view=feedback_view(value, allowed))

    async def submit(self, ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        try:
            value = json.loads(view.get("private_metadata") or "{}")
            assert isinstance(value, dict) and isinstance(value.get("r"), str) and isinstance(value.get("c"), str)
        except (ValueError, AssertionError):
            await ack(response_action="update", view=_thanks_view(w.FEEDBACK_FAILED))
            return
        state = (view.get("state") or {}).get("values") or {}
        reason = ((state.get("reason") or {}).get("value") or {}).get("selected_option") or {}
        reason = reason.get("value") if reason.get("value") in REASONS else "something_else"
        comment = ((state.get("comment") or {}).get("value") or {}).get("value") or None
        ticked = {o.get("value") for block in ("share", "switch_off")
                  for o in ((state.get(block) or {}).get("value") or {}).get("selected_options") or []}
        team, user = (body.get("team") or {}).get("id"), (body.get("user") or {}).get("id")

        async def may_switch_off() -> bool:
            return "off" in ticked and bool(team) and await self.admins.allowed(client, team, user)

        try:
            message = await self.store.not_right(
                self._item(value, team, choice="not_right", reason=reason, comment=comment),
                share="share" in ticked, switch_off=may_switch_off, actor=user)
        except Exception as exc:
            log.error("slack feedback not saved team=%s error=%s", team, type(exc).__name__)
            await ack(response_action="update", view=_thanks_view(w.FEEDBACK_FAILED))
            return
        await ack(response_action="update", view=_thanks_view(message))


def register(app: AsyncApp, feedback: SlackFeedback) -> None:
    @app.action(HELPFUL)
    async def helpful(ack: AsyncAck, body: dict) -> None:
        await ack()
        try:
            await feedback.helpful(body)
        except Exception as exc:
            log.error("slack feedback failed error=%s", type(exc).__name__)

    @app.action(NOT_RIGHT)
    async def not_right(ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        try:
            await feedback.not_right(body, client)
        except Exception as exc:
            log.error("slack feedback modal failed error=%s", type(exc).__name__)

    @app.view(CALLBACK_ID)
    async def submit(ack: AsyncAck, body: dict, view: dict, client: AsyncWebClient) -> None:
        await feedback.submit(ack, body, view, client)

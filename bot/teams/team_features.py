"""Settings and feedback in Teams: `settings` in the personal chat answers a form, and each finding
in a coached reply, or in the compose box's Check draft dialog, carries "Helpful" and "Not right"
(Adaptive Card Action.Submit).

Settings are kept per tenant (the organisation). Only the Entra object ids listed in
CHECKPOST_ADMINS may change them: anyone else who types `settings` is told so politely, and a
submitted form from anyone else changes nothing. "Not right" answers a small form asking what was
wrong, with a comment, a toggle to share the draft (stored with its personal details masked), and,
for admins in a channel, a toggle to switch the rule off there.
"""
from __future__ import annotations

import logging
from typing import Any

from rules.models import ACCOUNTS, PLATFORMS, Finding
from store.feedback import REASONS, FeedbackIn, record_feedback, safe_excerpt
from store.team_settings import load_team, save_place

from .. import wording as w
from ..rule_catalogue import catalogue, known_ids
from ..settings_form import FormErrors, FormValues, current_values, parse_form
from ..team_context import Where
from ..team_store import TeamStore
from . import cards

log = logging.getLogger("checkpost.teams")
SURFACE = "teams"
SETTINGS_WORDS = frozenset({"settings", "setting", "/settings"})
FIELD_LABELS = {"platform": w.SETTINGS_PLATFORM, "account": w.SETTINGS_ACCOUNT, "pre_start": w.SETTINGS_PRE_START,
                "pre_end": w.SETTINGS_PRE_END, "off_team": w.SETTINGS_OFF_TEAM, "off_channel": w.SETTINGS_OFF_CHANNEL,
                "allowed": w.SETTINGS_ALLOWED, "own": w.SETTINGS_OWN}


FEEDBACK_STEPS = frozenset({"helpful", "not_right", "feedback"})  # the buttons' and the form's SUBMIT_KEY


def is_settings_request(text: str) -> bool:
    return text.strip().lower() in SETTINGS_WORDS


def _choices(labels: dict[str, str], values: tuple[str, ...]) -> list[dict]:
    return [{"title": labels.get(v, v), "value": v} for v in values]


def settings_card(values: FormValues, rule_dirs: tuple[str, ...] = (), error: str | None = None) -> dict:
    rules = catalogue(rule_dirs)
    body: list[dict] = [cards.text_block(w.SETTINGS_TITLE, size="Medium", weight="Bolder"),
                        cards.text_block(w.SETTINGS_INTRO.format(where="your organisation"), isSubtle=True)]
    if error:
        body.append(cards.text_block(error, color="Attention", weight="Bolder"))
    body += [
        {"type": "Input.ChoiceSet", "id": "platform", "label": "Default platform", "style": "compact",
         "value": values.platform or "", "choices": [{"title": "As the server sets it", "value": ""},
                                                     *_choices(w.PLATFORM_LABEL, PLATFORMS)]},
        {"type": "Input.ChoiceSet", "id": "account", "label": "Default account", "style": "compact",
         "value": values.account or "", "choices": [{"title": "As the server sets it", "value": ""},
                                                    *_choices(w.ACCOUNT_NAMES, ACCOUNTS)]},
        {"type": "Input.Date", "id": "pre_start", "label": w.SETTINGS_PRE_START, "value": values.pre_start or ""},
        {"type": "Input.Date", "id": "pre_end", "label": w.SETTINGS_PRE_END, "value": values.pre_end or ""},
        cards.text_block(w.SETTINGS_PRE_HINT, isSubtle=True, size="Small", spacing="None"),
        {"type": "Input.ChoiceSet", "id": "off_team", "label": w.SETTINGS_OFF_TEAM, "isMultiSelect": True,
         "style": "filtered", "value": ",".join(values.off_team),
         "choices": [{"title": f"{r.id}: {r.message}"[:120], "value": r.id} for r in rules]},
        {"type": "Input.Text", "id": "allowed", "label": w.SETTINGS_ALLOWED, "isMultiline": True,
         "placeholder": w.SETTINGS_ALLOWED_HINT, "value": values.allowed, "maxLength": 3000},
        {"type": "Input.Text", "id": "own", "label": w.SETTINGS_OWN, "isMultiline": True,
         "placeholder": w.SETTINGS_OWN_HINT, "value": values.own, "maxLength": 3000},
    ]
    return cards.card(body, [{"type": "Action.Submit", "title": w.SETTINGS_SAVE,
                              "data": {cards.SUBMIT_KEY: "settings"}}], fallback_text=w.SETTINGS_TITLE)


def _form_values(data: dict) -> FormValues:
    def text(name: str) -> str:
        value = data.get(name)
        return value if isinstance(value, str) else ""

    def many(name: str) -> list[str]:
        return [v.strip() for v in text(name).split(",") if v.strip()]

    return FormValues(platform=text("platform") or None, account=text("account") or None,
                      pre_start=text("pre_start") or None, pre_end=text("pre_end") or None,
                      off_team=many("off_team"), off_channel=[], allowed=text("allowed"), own=text("own"))


def feedback_actions(finding: Finding, check_id: str, where: Where) -> dict:
    """An ActionSet under one finding; the data says which finding of which check, never the draft."""
    data = {"c": check_id, "r": finding.rule, "t": where.team, "ch": where.channel,
            "x": safe_excerpt(finding.rule, finding.excerpt)[:200]}
    return {"type": "ActionSet", "actions": [
        {"type": "Action.Submit", "title": w.FEEDBACK_HELPFUL, "data": {cards.SUBMIT_KEY: "helpful", **data}},
        {"type": "Action.Submit", "title": w.FEEDBACK_NOT_RIGHT, "data": {cards.SUBMIT_KEY: "not_right", **data}}]}


def not_right_card(data: dict, allowed_to_switch_off: bool) -> dict:
    keep = {k: data.get(k) for k in ("c", "r", "t", "ch", "x")}
    body: list[dict] = [cards.text_block(w.FEEDBACK_TITLE, size="Medium", weight="Bolder"),
                        cards.text_block(str(keep.get("r")), weight="Bolder")]
    if keep.get("x"):
        body.append(cards.verbatim(f"“{keep['x']}”", italic=True))
    body += [
        {"type": "Input.ChoiceSet", "id": "reason", "label": w.FEEDBACK_REASON, "style": "expanded",
         "isRequired": True, "errorMessage": w.FEEDBACK_REASON,
         "choices": [{"title": w.FEEDBACK_REASONS[r], "value": r} for r in REASONS]},
        {"type": "Input.Text", "id": "comment", "label": w.FEEDBACK_COMMENT, "isMultiline": True, "maxLength": 2000},
        {"type": "Input.Toggle", "id": "share", "title": w.FEEDBACK_SHARE, "value": "false",
         "valueOn": "true", "valueOff": "false"},
    ]
    if allowed_to_switch_off:
        body.append({"type": "Input.Toggle", "id": "switch_off", "value": "false", "valueOn": "true",
                     "valueOff": "false", "title": w.FEEDBACK_SWITCH_OFF.format(rule=keep.get("r"))})
    return cards.card(body, [{"type": "Action.Submit", "title": w.FEEDBACK_SEND,
                              "data": {cards.SUBMIT_KEY: "feedback", **keep}}], fallback_text=w.FEEDBACK_TITLE)


def _valid(data: dict) -> bool:
    return isinstance(data.get("c"), str) and isinstance(data.get("r"), str)


class TeamsFeatures:
    """What `settings` and the feedback buttons do; answers are (text, card or None)."""

    def __init__(self, store: TeamStore) -> None:
        self.store = store
        self.rule_dirs = store.settings.rule_dirs

    def is_admin(self, user_aad_id: str | None) -> bool:
        return self.store.is_listed_admin(user_aad_id)

    async def settings_form(self, tenant: str | None, user_aad_id: str | None) -> tuple[str, dict | None]:
        if not tenant or not self.is_admin(user_aad_id):
            log.info("teams settings refused tenant=%s", tenant)
            return w.SETTINGS_REFUSED_TEAMS, None
        snapshot = await load_team(self.store.db, SURFACE, tenant)
        return w.SETTINGS_TITLE, settings_card(current_values(snapshot, None), self.rule_dirs)

    async def save_settings(self, data: dict, tenant: str | None, user_aad_id: str | None) -> tuple[str, dict | None]:
        if not tenant or not self.is_admin(user_aad_id):
            log.info("teams settings submission refused tenant=%s", tenant)
            return w.SETTINGS_REFUSED_TEAMS, None
        values = _form_values(data)
        try:
            snapshot = await load_team(self.store.db, SURFACE, tenant)
            team_wide, _ = parse_form(values, known_ids(self.rule_dirs), snapshot.team_wide, snapshot.team_wide)
            team_wide = team_wide.model_copy(update={"platform": values.platform, "account": values.account})
        except FormErrors as exc:
            error = " ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in exc.errors.items())
            return error, settings_card(values, self.rule_dirs, error=error)
        try:
            changed = await save_place(self.store.db, SURFACE, tenant, None, team_wide, user_aad_id or "-")
        except Exception as exc:
            log.error("teams settings not saved tenant=%s error=%s", tenant, type(exc).__name__)
            return w.SETTINGS_UNAVAILABLE, None
        self.store.contexts.forget(SURFACE, tenant)
        return (w.SETTINGS_SAVED if changed else w.SETTINGS_UNCHANGED), None

    async def on_feedback(self, step: str, data: dict, tenant: str | None,
                          user_aad_id: str | None) -> tuple[str, dict | None]:
        """A feedback button ("Helpful", "Not right") or the "Not right" form's Send, pressed under
        a coached chat reply or in the compose box's dialog alike; the caller shapes the answer."""
        if step == "helpful":
            return await self.helpful(data, tenant), None
        if step == "not_right":
            return self.not_right(data, user_aad_id)
        return await self.feedback(data, tenant, user_aad_id), None

    async def helpful(self, data: dict, tenant: str | None) -> str:
        if not _valid(data):
            return w.UNKNOWN_CARD_SUBMIT
        try:
            await record_feedback(self.store.db, self._item(data, tenant, choice="helpful"))
        except Exception as exc:
            log.error("teams feedback not saved tenant=%s error=%s", tenant, type(exc).__name__)
            return w.FEEDBACK_FAILED
        return w.FEEDBACK_THANKS

    def not_right(self, data: dict, user_aad_id: str | None) -> tuple[str, dict | None]:
        if not _valid(data):
            return w.UNKNOWN_CARD_SUBMIT, None
        return w.FEEDBACK_TITLE, not_right_card(data, bool(data.get("ch")) and self.is_admin(user_aad_id))

    async def feedback(self, data: dict, tenant: str | None, user_aad_id: str | None) -> str:
        if not _valid(data):
            return w.UNKNOWN_CARD_SUBMIT
        reason = data.get("reason") if data.get("reason") in REASONS else "something_else"
        comment = data.get("comment") if isinstance(data.get("comment"), str) else None

        async def may_switch_off() -> bool:
            return _true(data.get("switch_off")) and self.is_admin(user_aad_id)

        try:
            message = await self.store.not_right(
                self._item(data, tenant, choice="not_right", reason=reason, comment=comment),
                share=_true(data.get("share")), switch_off=may_switch_off, actor=user_aad_id)
        except Exception as exc:
            log.error("teams feedback not saved tenant=%s error=%s", tenant, type(exc).__name__)
            return w.FEEDBACK_FAILED
        return message

    def _item(self, data: dict, tenant: str | None, **fields: Any) -> FeedbackIn:
        channel = data.get("ch") if isinstance(data.get("ch"), str) else ""
        return FeedbackIn(surface=SURFACE, team=tenant or "", channel=channel, check_id=data["c"][:64],
                          rule=data["r"][:128], excerpt=str(data.get("x") or ""), **fields)


def _true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")

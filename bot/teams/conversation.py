"""What Checkpost does in Teams: chat messages, the welcome, and the `checkDraft` compose-box action.

This module knows Teams' JSON shapes (task modules, compose extension results) but no Bot Framework
types; `framework.py` calls it through the `turns.Behaviour` interface. The coach is synchronous and
takes well under a millisecond, so every invoke is answered at once, far inside Teams' 5 seconds.
"""
from __future__ import annotations

import logging
from typing import Any

from rules import CheckError, Coach, Report, parse_request
from rules.models import MAX_TEXT

from .. import wording as w
from . import cards
from .drafts import OptionError, is_greeting, message_body_text, parse_options, remove_bot_mention
from .turns import ADAPTIVE_CARD, ActionRequest, IncomingMessage, InvokeAnswer, Reply

log = logging.getLogger("checkpost.teams")
COMMAND_ID = "checkDraft"
TASK_TITLE = "Checkpost"


def attachment(content: dict) -> dict:
    return {"contentType": ADAPTIVE_CARD, "content": content}


def task_continue(content: dict, title: str = TASK_TITLE) -> InvokeAnswer:
    """Show (or replace) the task module with this card."""
    return InvokeAnswer(body={"task": {"type": "continue", "value": {
        "title": title, "width": "large", "height": "large", "card": attachment(content)}}})


def compose_message(text: str) -> InvokeAnswer:
    """A short note Teams shows in the compose extension, for polite refusals."""
    return InvokeAnswer(body={"composeExtension": {"type": "message", "text": text}})


def compose_result(content: dict, title: str, preview_text: str) -> InvokeAnswer:
    """Put a card into the message box; the user reviews it and sends it themselves."""
    preview = {"contentType": "application/vnd.microsoft.card.thumbnail",
               "content": {"title": title, "text": preview_text[:200]}}
    return InvokeAnswer(body={"composeExtension": {
        "type": "result", "attachmentLayout": "list",
        "attachments": [{**attachment(content), "preview": preview}]}})


def _as_bool(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"))


class TeamsCoach:
    """Checkpost's Teams behaviour, behind `turns.Behaviour`."""

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    # -- the engine ------------------------------------------------------------------------------
    def _check(self, text: str, platform: Any = "x", account: Any = "council", pre_election: Any = False,
               ident: str | None = None) -> Report:
        """Coach one draft; raises CheckError with a user-facing message for bad input."""
        request = parse_request({"text": text, "platform": platform or "x", "account": account or "council",
                                 "pre_election": _as_bool(pre_election)})
        report = self.coach.check(request)
        log.info("teams check activity=%s length=%d platform=%s verdict=%s rules=%s", ident, len(request.text),
                 request.platform, report.verdict, sorted({f.rule for f in report.findings}))
        return report

    @staticmethod
    def _refusal(exc: CheckError, text: str) -> str:
        if not text.strip():
            return w.EMPTY_DRAFT
        if len(text) > MAX_TEXT:
            return w.TOO_LONG
        return f"Sorry, I couldn't check that: {exc}."

    def _coaching(self, report: Report) -> Reply:
        return Reply(text=cards.fallback_text(report), card=cards.report_card(report))

    # -- chat ------------------------------------------------------------------------------------
    def on_message(self, message: IncomingMessage) -> list[Reply]:
        if isinstance(message.value, dict) and not message.text.strip():
            return [self._card_submit(message)]
        text = remove_bot_mention(message.text, message.mentions, message.bot_id)
        if not text and message.html_attachments:
            # The mention first: as HTML, <at> is a tag the conversion would drop, leaving the name.
            html = remove_bot_mention(message.html_attachments[0], message.mentions, message.bot_id)
            text = message_body_text(html, "html")
        if not text and message.attachment_count:
            log.info("teams message activity=%s attachments=%d no text", message.activity_id,
                     message.attachment_count)
            return [Reply(text=w.NO_TEXT)]
        if is_greeting(text):
            log.info("teams guide activity=%s conversation=%s", message.activity_id, message.conversation_type)
            return [Reply(text=w.TEAMS_GUIDE, card=cards.guide_card())]
        try:
            options = parse_options(text)
        except OptionError as exc:
            return [Reply(text=str(exc))]
        try:
            report = self._check(options.text, options.platform, options.account, options.pre_election,
                                 message.activity_id)
        except CheckError as exc:
            return [Reply(text=self._refusal(exc, options.text))]
        return [self._coaching(report)]

    def _card_submit(self, message: IncomingMessage) -> Reply:
        """The Check button on the guide card: the form's fields arrive as the message's value."""
        data: dict = message.value
        if data.get(cards.SUBMIT_KEY) != "check":
            log.info("teams card submit activity=%s unknown keys=%s", message.activity_id, sorted(data)[:10])
            return Reply(text=w.UNKNOWN_CARD_SUBMIT)
        draft = data.get("draft")
        if not isinstance(draft, str) or not draft.strip():
            return Reply(text=w.EMPTY_DRAFT)
        try:
            report = self._check(draft, data.get("platform"), data.get("account"), data.get("pre_election"),
                                 message.activity_id)
        except CheckError as exc:
            return Reply(text=self._refusal(exc, draft))
        return self._coaching(report)

    def on_bot_added(self, conversation_type: str | None) -> list[Reply]:
        log.info("teams installed conversation=%s", conversation_type)
        return [Reply(text=w.TEAMS_WELCOME)]

    # -- the compose-box action ------------------------------------------------------------------
    def _coaching_task(self, report: Report, draft: str) -> InvokeAnswer:
        """The coaching in the task module, with a button that inserts the suggested version."""
        text = report.suggested_text or draft
        label = w.INSERT_SUGGESTED if text != draft else w.INSERT_DRAFT
        actions = [{"type": "Action.Submit", "title": w.CHECK_AGAIN, "data": {cards.SUBMIT_KEY: "again"}}]
        if len(text) <= cards.MAX_INSERT_TEXT:  # the text rides in the button's data; Teams caps a card's size
            actions.insert(0, {"type": "Action.Submit", "title": label, "style": "positive",
                               "data": {cards.SUBMIT_KEY: "insert", "text": text, "verdict": report.verdict}})
        return task_continue(cards.report_card(report, actions))

    def _message_text(self, action: ActionRequest) -> str:
        if action.message is None:
            return ""
        return message_body_text(action.message.content, action.message.content_type)

    def on_fetch_task(self, action: ActionRequest) -> InvokeAnswer:
        if action.command_id not in (None, COMMAND_ID):
            return compose_message(w.UNKNOWN_ACTION)
        if action.command_context == "message":
            text = self._message_text(action)
            if not text:
                return compose_message(w.NO_TEXT)
            try:
                return self._coaching_task(self._check(text, ident=action.activity_id), text)
            except CheckError as exc:
                return compose_message(self._refusal(exc, text))
        log.info("teams fetch task activity=%s context=%s", action.activity_id, action.command_context)
        return task_continue(cards.form_card())

    def on_submit_action(self, action: ActionRequest) -> InvokeAnswer:
        if action.command_id not in (None, COMMAND_ID):
            return compose_message(w.UNKNOWN_ACTION)
        data = action.data if isinstance(action.data, dict) else {}
        step = data.get(cards.SUBMIT_KEY)
        if step == "insert":
            text = data.get("text")
            if not isinstance(text, str) or not text.strip():
                return compose_message(w.NOTHING_TO_INSERT)
            verdict = data.get("verdict") if isinstance(data.get("verdict"), str) else None
            log.info("teams insert activity=%s length=%d", action.activity_id, len(text))
            return compose_result(cards.inserted_card(text, verdict), w.CHECKED_FOOTER, text)
        if step == "again":
            return task_continue(cards.form_card())
        draft = data.get("draft")
        if draft is None and action.command_context == "message":
            draft = self._message_text(action)
        values = {"platform": data.get("platform") or "x", "account": data.get("account") or "council",
                  "pre_election": _as_bool(data.get("pre_election"))}
        if not isinstance(draft, str) or not draft.strip():
            return task_continue(cards.form_card(error=w.EMPTY_DRAFT, **_form_values(values)))
        try:
            report = self._check(draft, ident=action.activity_id, **values)
        except CheckError as exc:
            shown = draft if len(draft) <= MAX_TEXT else ""
            return task_continue(cards.form_card(error=self._refusal(exc, draft), draft=shown,
                                                 **_form_values(values)))
        return self._coaching_task(report, draft)

    # -- everything else -------------------------------------------------------------------------
    def on_unknown_invoke(self, name: str | None) -> InvokeAnswer:
        """Invokes Checkpost doesn't offer get a polite answer in the shape their sender reads."""
        log.info("teams unknown invoke name=%s", name)
        if name and name.startswith("composeExtension/"):
            return compose_message(w.UNKNOWN_ACTION)
        if name and name.startswith("task/"):
            return InvokeAnswer(body={"task": {"type": "message", "value": w.UNKNOWN_ACTION}})
        if name == "adaptiveCard/action":
            return InvokeAnswer(body={"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
                                      "value": w.UNKNOWN_CARD_SUBMIT})
        return InvokeAnswer(status=400, body={"error": w.UNKNOWN_ACTION})

    def on_error(self, invoke_name: str | None) -> tuple[list[Reply], InvokeAnswer | None]:
        """After an unexpected failure: say so plainly, and never leave Teams with a 500."""
        if invoke_name is None:
            return [Reply(text=w.CHECK_FAILED)], None
        if invoke_name.startswith("composeExtension/"):
            return [], compose_message(w.CHECK_FAILED)
        return [], InvokeAnswer(status=400, body={"error": w.CHECK_FAILED})


def _form_values(values: dict) -> dict:
    """Keep what the user picked when the form comes back, but only values the form offers."""
    return {"platform": str(values["platform"]), "account": str(values["account"]),
            "pre_election": bool(values["pre_election"])}

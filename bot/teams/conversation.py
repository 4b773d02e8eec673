"""What Checkpost does in Teams: chat messages, the welcome, and the `checkDraft` compose-box action.

This module knows Teams' JSON shapes (task modules, compose extension results) but no Bot Framework
types; `framework.py` calls it through the `turns.Behaviour` interface. Every draft goes through the
intake (bot/intake.py), whose checks run in a worker with a deadline, so every invoke is answered
inside Teams' 5 seconds: with the coaching, or with a plain word when the check could not finish.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from rules import Report
from rules.models import MAX_TEXT, Finding

from .. import wording as w
from ..intake import TRUE_WORDS, Intake, Outcome, Submission, nothing_to_check
from ..logs import log_id
from ..team_context import Where
from . import cards
from .drafts import is_greeting, message_body_text, remove_bot_mention
from .team_features import FEEDBACK_STEPS, TeamsFeatures, feedback_actions, is_settings_request
from .turns import ADAPTIVE_CARD, ActionRequest, IncomingMessage, InvokeAnswer, Reply

log = logging.getLogger("checkpost.teams")
COMMAND_ID = "checkDraft"
TASK_TITLE = "Checkpost"
# How long the dialog waits for a feedback write before answering anyway (Teams allows 5 s in all).
FEEDBACK_WAIT = 2.5


def attachment(content: dict) -> dict:
    return {"contentType": ADAPTIVE_CARD, "content": content}


def task_continue(content: dict, title: str = TASK_TITLE) -> InvokeAnswer:
    """Show (or replace) the task module with this card."""
    return InvokeAnswer(body={"task": {"type": "continue", "value": {
        "title": title, "width": "large", "height": "large", "card": attachment(content)}}})


def task_message(text: str) -> InvokeAnswer:
    """Close the task module and show this short message."""
    return InvokeAnswer(body={"task": {"type": "message", "value": text}})


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


class TeamsCoach:
    """Checkpost's Teams behaviour, behind `turns.Behaviour`; every draft goes through the intake."""

    def __init__(self, intake: Intake, features: TeamsFeatures | None = None) -> None:
        self.intake = intake
        self.features = features  # settings and feedback, when the store is on
        self._saving: set[asyncio.Task] = set()  # dialog feedback writes that outlived FEEDBACK_WAIT

    # -- the engine ------------------------------------------------------------------------------
    @staticmethod
    def _submission(text: str, ident: str | None, tenant: str | None, conversation: str | None,
                    *, options: bool = True, chosen: dict | None = None) -> Submission:
        # A channel thread's conversation id ends ";messageid=<root>": settings belong to the channel.
        channel = conversation.split(";messageid=", 1)[0] if conversation else None
        return Submission(text, Where("teams", team=tenant, channel=channel), ident, options=options,
                          chosen=chosen or {})

    def _coaching(self, report: Report) -> Reply:
        return Reply(text=cards.fallback_text(report), card=cards.report_card(report))

    def _feedback_buttons(self, outcome: Outcome, where: Where) -> Callable[[Finding], dict] | None:
        """With the store on, what puts "Helpful" and "Not right" under each point of this coaching
        (the check remembered for them, as for every coached reply); None when it is off."""
        report, request = outcome.report, outcome.request
        if self.features is None or report is None or request is None or not where.team:
            return None
        check_id = self.features.store.coached(where, request, report)
        return lambda finding: feedback_actions(finding, check_id, where)

    def _chat_coaching(self, outcome: Outcome, where: Where) -> Reply:
        """A coached chat reply; with the store on, "Helpful" and "Not right" under each point."""
        feedback = self._feedback_buttons(outcome, where)
        if feedback is None or outcome.report is None:
            return self._reply(outcome)
        return Reply(text=cards.fallback_text(outcome.report), card=cards.report_card(outcome.report,
                                                                                     feedback=feedback))

    # -- chat ------------------------------------------------------------------------------------
    async def on_message(self, message: IncomingMessage) -> list[Reply]:
        if isinstance(message.value, dict) and not message.text.strip():
            return [await self._card_submit(message)]
        text = remove_bot_mention(message.text, message.mentions, message.bot_id)
        if not text and message.html_attachments:
            # The mention first: as HTML, <at> is a tag the conversion would drop, leaving the name.
            html = remove_bot_mention(message.html_attachments[0], message.mentions, message.bot_id)
            text = message_body_text(html, "html")
        if not text and message.attachment_count:
            log.info("teams message activity=%s attachments=%d no text", log_id(message.activity_id),
                     message.attachment_count)
            return [Reply(text=nothing_to_check().message or "")]
        if is_greeting(text):
            log.info("teams guide activity=%s conversation=%s", log_id(message.activity_id),
                     log_id(message.conversation_type))
            return [Reply(text=w.TEAMS_GUIDE, card=cards.guide_card())]
        if self.features is not None and message.conversation_type == "personal" and is_settings_request(text):
            reply_text, card = await self.features.settings_form(message.tenant_id, message.user_aad_id)
            return [Reply(text=reply_text, card=card)]
        submission = self._submission(text, message.activity_id, message.tenant_id, message.conversation_id)
        return [self._chat_coaching(await self.intake.coach(submission), submission.where)]

    def _reply(self, outcome: Outcome) -> Reply:
        if outcome.report is not None:
            return self._coaching(outcome.report)
        return Reply(text=outcome.message or w.CHECK_FAILED)

    async def _card_submit(self, message: IncomingMessage) -> Reply:
        """The Check button on the guide card: the form's fields arrive as the message's value."""
        data: dict = message.value
        step = data.get(cards.SUBMIT_KEY)
        if self.features is not None and (step == "settings" or step in FEEDBACK_STEPS):
            return await self._team_submit(step, data, message)
        if step != "check":
            log.info("teams card submit activity=%s unknown keys=%d", log_id(message.activity_id), len(data))
            return Reply(text=w.UNKNOWN_CARD_SUBMIT)
        draft = data.get("draft") if isinstance(data.get("draft"), str) else ""
        submission = self._submission(draft, message.activity_id, message.tenant_id, message.conversation_id,
                                      options=False, chosen=data)
        return self._chat_coaching(await self.intake.coach(submission), submission.where)

    async def _team_submit(self, step: str, data: dict, message: IncomingMessage) -> Reply:
        """The settings form's Save, and the feedback buttons and form under a coached reply."""
        assert self.features is not None
        tenant, user = message.tenant_id, message.user_aad_id
        if step == "settings":
            text, card = await self.features.save_settings(data, tenant, user)
            return Reply(text=text, card=card)
        text, card = await self.features.on_feedback(step, data, tenant, user)
        return Reply(text=text, card=card)

    async def on_bot_added(self, conversation_type: str | None) -> list[Reply]:
        log.info("teams installed conversation=%s", log_id(conversation_type))
        return [Reply(text=w.TEAMS_WELCOME)]

    # -- the compose-box action ------------------------------------------------------------------
    def _coaching_task(self, outcome: Outcome, draft: str, where: Where) -> InvokeAnswer:
        """The coaching in the task module, with a button that inserts the suggested version (and,
        with the store on, "Helpful" and "Not right" under each point, as in a chat reply)."""
        report = outcome.report
        assert report is not None
        text = report.suggested_text or draft
        label = w.INSERT_SUGGESTED if text != draft else w.INSERT_DRAFT
        actions = [{"type": "Action.Submit", "title": w.CHECK_AGAIN, "data": {cards.SUBMIT_KEY: "again"}}]
        if len(text) <= cards.MAX_INSERT_TEXT:  # the text rides in the button's data; Teams caps a card's size
            actions.insert(0, {"type": "Action.Submit", "title": label, "style": "positive",
                               "data": {cards.SUBMIT_KEY: "insert", "text": text, "verdict": report.verdict}})
        return task_continue(cards.report_card(report, actions, feedback=self._feedback_buttons(outcome, where)))

    async def _dialog_feedback(self, step: str, data: dict, action: ActionRequest) -> InvokeAnswer:
        """A feedback button or the "Not right" form's Send, pressed in the dialog: the same feedback
        as under a chat reply, answered as Teams answers a dialog: the next card, or a closing note.

        The write is given FEEDBACK_WAIT to finish, so a slow store never costs Teams' 5 s: past it
        the dialog is answered and the write finishes (or logs its failure) on its own.
        """
        if self.features is None:
            return task_message(w.UNKNOWN_CARD_SUBMIT)
        work = asyncio.ensure_future(self.features.on_feedback(step, data, action.tenant_id, action.user_aad_id))
        done, _ = await asyncio.wait({work}, timeout=FEEDBACK_WAIT)
        if not done:
            log.warning("teams dialog feedback still saving activity=%s", log_id(action.activity_id))
            self._saving.add(work)
            work.add_done_callback(self._saved_late)
            return task_message(w.FEEDBACK_SAVING)
        text, card = work.result()
        return task_continue(card) if card is not None else task_message(text)

    def _saved_late(self, work: asyncio.Task) -> None:
        self._saving.discard(work)
        if not work.cancelled() and work.exception() is not None:
            log.error("teams dialog feedback failed error=%s", type(work.exception()).__name__)

    def _message_text(self, action: ActionRequest) -> str:
        if action.message is None:
            return ""
        return message_body_text(action.message.content, action.message.content_type)

    async def on_fetch_task(self, action: ActionRequest) -> InvokeAnswer:
        if action.command_id not in (None, COMMAND_ID):
            return compose_message(w.UNKNOWN_ACTION)
        if action.command_context == "message":
            text = self._message_text(action)
            if not text:
                return compose_message(nothing_to_check().message or "")
            # Someone else's message, not a command: its leading dashes are its own text.
            submission = self._submission(text, action.activity_id, action.tenant_id, action.conversation_id,
                                          options=False)
            outcome = await self.intake.coach(submission)
            if outcome.report is None:
                return compose_message(outcome.message or w.CHECK_FAILED)
            return self._coaching_task(outcome, text, submission.where)
        log.info("teams fetch task activity=%s context=%s", log_id(action.activity_id), log_id(action.command_context))
        return task_continue(cards.form_card())

    async def on_submit_action(self, action: ActionRequest) -> InvokeAnswer:
        if action.command_id not in (None, COMMAND_ID):
            return compose_message(w.UNKNOWN_ACTION)
        data = action.data if isinstance(action.data, dict) else {}
        step = data.get(cards.SUBMIT_KEY)
        if step == "insert":
            text = data.get("text")
            if not isinstance(text, str) or not text.strip():
                return compose_message(w.NOTHING_TO_INSERT)
            verdict = data.get("verdict") if isinstance(data.get("verdict"), str) else None
            log.info("teams insert activity=%s length=%d", log_id(action.activity_id), len(text))
            return compose_result(cards.inserted_card(text, verdict), w.CHECKED_FOOTER, text)
        if step == "again":
            return task_continue(cards.form_card())
        if step in FEEDBACK_STEPS:
            return await self._dialog_feedback(step, data, action)
        draft = data.get("draft")
        if draft is None and action.command_context == "message":
            draft = self._message_text(action)
        shown = _form_values(data)
        draft = draft if isinstance(draft, str) else ""  # the intake refuses an empty draft
        submission = self._submission(draft, action.activity_id, action.tenant_id, action.conversation_id,
                                      options=False, chosen=data)
        outcome = await self.intake.coach(submission)
        if outcome.report is None:
            return task_continue(cards.form_card(error=outcome.message or w.CHECK_FAILED,
                                                 draft=draft if len(draft) <= MAX_TEXT else "", **shown))
        return self._coaching_task(outcome, draft, submission.where)

    # -- everything else -------------------------------------------------------------------------
    async def on_unknown_invoke(self, name: str | None) -> InvokeAnswer:
        """Invokes Checkpost doesn't offer get a polite answer in the shape their sender reads."""
        log.info("teams unknown invoke name=%s", log_id(name))
        if name and name.startswith("composeExtension/"):
            return compose_message(w.UNKNOWN_ACTION)
        if name and name.startswith("task/"):
            return task_message(w.UNKNOWN_ACTION)
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


def _form_values(data: dict) -> dict:
    """Keep what the user picked when the form comes back; the form shows only values it offers."""
    return {"platform": str(data.get("platform") or "x"), "account": str(data.get("account") or "council"),
            "pre_election": data.get("pre_election") is True
            or str(data.get("pre_election")).strip().lower() in TRUE_WORDS}

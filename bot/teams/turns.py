"""The small interface between the SDK modules and Checkpost's Teams behaviour.

Two modules implement the SDK side: `framework.py` (botbuilder, the Bot Framework SDK) and
`agents.py` (the Microsoft 365 Agents SDK). Each turns an incoming Activity into one of these
models and the answers back into Activities, and offers a `Gateway` to `endpoint.py`. Nothing else
in `bot.teams` sees an SDK type, so the choice between them (`TEAMS_SDK`) is made in one place.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..logs import log_id

log = logging.getLogger("checkpost.teams")
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"


class Mention(BaseModel):
    """One `mention` entity: who was mentioned and the `<at>…</at>` text that stands for them."""

    model_config = ConfigDict(frozen=True)
    id: str | None = None
    text: str | None = None


class HtmlBody(BaseModel):
    model_config = ConfigDict(frozen=True)
    content: str | None = None
    content_type: str | None = None


class IncomingMessage(BaseModel):
    """A chat message to the bot: personal chat, or a channel or group chat where it was @mentioned."""

    model_config = ConfigDict(frozen=True)
    activity_id: str | None = None
    conversation_id: str
    conversation_type: str | None = None  # personal | channel | groupChat
    tenant_id: str | None = None  # the organisation: whose settings apply
    user_aad_id: str | None = None  # the sender's Entra object id: may they change settings?
    text: str = ""
    bot_id: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    attachment_count: int = 0
    # The text/html copy Teams attaches to formatted messages, when `text` itself is empty.
    html_attachments: list[str] = Field(default_factory=list)
    # An Adaptive Card Action.Submit in chat arrives as a message whose value is the card's data.
    value: Any = None


class ActionRequest(BaseModel):
    """A messaging extension action (fetchTask or submitAction), from the compose box or a message."""

    model_config = ConfigDict(frozen=True)
    activity_id: str | None = None
    conversation_id: str | None = None
    tenant_id: str | None = None
    user_aad_id: str | None = None  # who pressed: may they switch a rule off from "Not right"?
    command_id: str | None = None
    command_context: str | None = None  # compose | message | commandBox
    data: Any = None
    message: HtmlBody | None = None


class Reply(BaseModel):
    """One message back: an Adaptive Card with its plain-text fallback, or plain text alone."""

    model_config = ConfigDict(frozen=True)
    text: str
    card: dict | None = None


class InvokeAnswer(BaseModel):
    """The HTTP answer to an invoke: Teams shows the body (a task module or a compose-box result)."""

    model_config = ConfigDict(frozen=True)
    status: int = 200
    body: dict | None = None


class Behaviour(Protocol):
    """What the Bot Framework module asks of Checkpost; implemented by `conversation.TeamsCoach`."""

    # Coroutines: a check runs in a worker process and is awaited, never run on the event loop.
    async def on_message(self, message: IncomingMessage) -> list[Reply]: ...

    async def on_bot_added(self, conversation_type: str | None) -> list[Reply]: ...

    async def on_fetch_task(self, action: ActionRequest) -> InvokeAnswer: ...

    async def on_submit_action(self, action: ActionRequest) -> InvokeAnswer: ...

    async def on_unknown_invoke(self, name: str | None) -> InvokeAnswer: ...

    def on_error(self, invoke_name: str | None) -> tuple[list[Reply], InvokeAnswer | None]: ...


class Unauthorised(Exception):
    """The request carried no valid Bot Framework token; the message is a short reason, never the token."""


class BadActivity(ValueError):
    """The JSON is not an Activity Checkpost can act on (no type, no conversation, no serviceUrl)."""


@dataclass(frozen=True)
class GatewayAnswer:
    """The HTTP answer to one Activity: 200 with no body for messages, the invoke's body for invokes."""

    status: int
    body: Any = None


class Gateway(Protocol):
    """What `endpoint.py` asks of an SDK module: authenticate one Activity and run its turn."""

    authenticated: bool

    async def handle(self, body: dict, auth_header: str) -> GatewayAnswer: ...


# Readers both SDK modules share: the two SDKs' Activity classes name these attributes alike, and an
# invoke's value is the raw JSON in both.

def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def tenant_id(activity: Any) -> str | None:
    """The organisation the activity comes from (conversation.tenantId, else channelData.tenant.id)."""
    tenant = getattr(activity.conversation, "tenant_id", None) if activity.conversation else None
    if not isinstance(tenant, str):
        data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        tenant = (data.get("tenant") or {}).get("id") if isinstance(data.get("tenant"), dict) else None
    return tenant if isinstance(tenant, str) else None


def aad_object_id(activity: Any) -> str | None:
    """The sender's Entra object id (from.aadObjectId), which decides who may change settings."""
    sender = getattr(activity, "from_property", None)
    value = getattr(sender, "aad_object_id", None) if sender is not None else None
    return value if isinstance(value, str) and value else None


def incoming_message(activity: Any, mentions: list[Mention]) -> IncomingMessage:
    """A chat message from either SDK's Activity; `mentions` are read by the SDK module (they differ)."""
    attachments = activity.attachments or []
    html = [a.content for a in attachments
            if (a.content_type or "").lower() == "text/html" and isinstance(a.content, str)]
    return IncomingMessage(
        activity_id=activity.id,
        conversation_id=activity.conversation.id,
        conversation_type=getattr(activity.conversation, "conversation_type", None),
        tenant_id=tenant_id(activity),
        user_aad_id=aad_object_id(activity),
        text=activity.text if isinstance(activity.text, str) else "",
        bot_id=activity.recipient.id if activity.recipient else None,
        mentions=mentions,
        attachment_count=len([a for a in attachments if (a.content_type or "").lower() != "text/html"]),
        html_attachments=html,
        value=activity.value,
    )


def action_request(activity: Any) -> ActionRequest:
    """A messaging extension action from either SDK's invoke: its value is the raw JSON in both."""
    value = activity.value if isinstance(activity.value, dict) else {}
    payload = value.get("messagePayload") if isinstance(value.get("messagePayload"), dict) else None
    message = None
    if payload is not None:
        body = payload.get("body") if isinstance(payload.get("body"), dict) else {}
        message = HtmlBody(content=_text(body.get("content")), content_type=_text(body.get("contentType")))
    return ActionRequest(activity_id=activity.id,
                         conversation_id=activity.conversation.id if activity.conversation else None,
                         tenant_id=tenant_id(activity), user_aad_id=aad_object_id(activity),
                         command_id=_text(value.get("commandId")),
                         command_context=_text(value.get("commandContext")), data=value.get("data"), message=message)


async def answer_invoke(behaviour: Behaviour, activity: Any) -> InvokeAnswer:
    """Our two invokes; any other name gets a polite answer rather than an SDK's 501."""
    if activity.name == FETCH_TASK:
        return await behaviour.on_fetch_task(action_request(activity))
    if activity.name == SUBMIT_ACTION:
        return await behaviour.on_submit_action(action_request(activity))
    return await behaviour.on_unknown_invoke(activity.name)


class RoutesTurns:
    """The activity handler's routing to the Behaviour, the same on either SDK.

    Both SDKs' handler classes call the same `on_*_activity` methods with a turn context of the
    same shape, so each SDK module mixes this in ahead of its own handler class and names only what
    differs: how its Activity is read into an `IncomingMessage`, and how a `Reply` and an
    `InvokeAnswer` become its own Activity, invoke response and invoke-response Activity.
    """

    read_message: Callable[[Any], IncomingMessage]
    reply_activity: Callable[[Reply], Any]
    invoke_response: Callable[[InvokeAnswer], Any]
    invoke_response_activity: Callable[[InvokeAnswer], Any]

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour

    async def _send(self, turn_context: Any, replies: list[Reply]) -> None:
        for reply in replies:
            await turn_context.send_activity(self.reply_activity(reply))

    async def on_message_activity(self, turn_context: Any) -> None:
        await self._send(turn_context, await self.behaviour.on_message(self.read_message(turn_context.activity)))

    async def on_conversation_update_activity(self, turn_context: Any) -> None:
        """Welcome once, when the bot itself is added; nobody else's arrival is looked up (the
        SDKs' own handlers would look up every other member)."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        if bot_id and any(member.id == bot_id for member in activity.members_added or []):
            conversation_type = getattr(activity.conversation, "conversation_type", None)
            await self._send(turn_context, await self.behaviour.on_bot_added(conversation_type))

    async def on_invoke_activity(self, turn_context: Any) -> Any:
        return self.invoke_response(await answer_invoke(self.behaviour, turn_context.activity))

    async def on_turn_error(self, turn_context: Any, error: Exception) -> None:
        """The adapter's turn-error handler on either SDK: log the failure (its type and ids, never
        the draft) and tell the person plainly, in place of the SDK's own handler."""
        activity = turn_context.activity
        # The frames say where it failed; the exception's message is left out as it may quote the draft.
        log.error("teams turn failed activity=%s type=%s name=%s error=%s\n%s", log_id(activity.id),
                  log_id(activity.type), log_id(activity.name), type(error).__name__,
                  "".join(traceback.format_tb(error.__traceback__)))
        invoke_name = (activity.name or "") if activity.type == "invoke" else None
        replies, answer = self.behaviour.on_error(invoke_name)
        try:
            if answer is not None:
                await turn_context.send_activity(self.invoke_response_activity(answer))
            for reply in replies:
                await turn_context.send_activity(self.reply_activity(reply))
        except Exception as again:  # the connector itself is down: nothing more to do
            log.error("teams could not report the failure activity=%s error=%s", log_id(activity.id),
                      type(again).__name__)

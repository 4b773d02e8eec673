"""The small interface between the Bot Framework module and Checkpost's Teams behaviour.

`framework.py` turns each incoming Activity into one of these models and turns the answers back
into Activities. Everything else in `bot.teams` sees only these, so moving from botbuilder to the
Microsoft 365 Agents SDK means rewriting that one module.
"""
from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


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

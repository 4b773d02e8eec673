"""Everything that depends on the Bot Framework SDK (botbuilder 4.17), in one module.

botbuilder for Python is in maintenance and Microsoft points new work at the Microsoft 365 Agents
SDK, so the rest of `bot.teams` talks to this module only through `turns.py`: `BotFrameworkGateway`
takes an incoming Activity as JSON and returns the HTTP answer, and calls a `turns.Behaviour` with
plain models. A move to another SDK rewrites this file and nothing else.

We deliberately do not use `CloudAdapter.process()`: in 4.17.1 it answers 500 to every invoke with a
body (it re-serialises a dict that is already serialised) and raises KeyError when Content-Type is
missing. The HTTP side lives in `endpoint.py`; this module only authenticates and runs the turn.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from typing import Any

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, Attachment, ChannelAccount

from ..logs import log_id
from ..settings import Settings
from .turns import ActionRequest, Behaviour, HtmlBody, IncomingMessage, InvokeAnswer, Mention, Reply

log = logging.getLogger("checkpost.teams")
FETCH_TASK = "composeExtension/fetchTask"
SUBMIT_ACTION = "composeExtension/submitAction"


class Unauthorised(Exception):
    """The request carried no valid Bot Framework token."""


class BadActivity(ValueError):
    """The JSON is not an Activity Checkpost can act on (no type, no conversation, no serviceUrl)."""


@dataclass(frozen=True)
class GatewayAnswer:
    status: int
    body: Any = None


class _Credentials:
    """The attribute names ConfigurationBotFrameworkAuthentication reads, filled from our Settings."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id or None
        self.APP_PASSWORD = settings.microsoft_app_password.get_secret_value() if settings.microsoft_app_password else None
        self.APP_TENANTID = settings.microsoft_app_tenant_id or None
        # With no app id there is nothing to be single-tenant about; the SDK would refuse to start.
        self.APP_TYPE = settings.microsoft_app_type if self.APP_ID else "MultiTenant"


def _mentions(activity: Activity) -> list[Mention]:
    found = []
    for entity in activity.entities or []:
        if getattr(entity, "type", None) != "mention":
            continue
        props = entity.additional_properties or {}
        mentioned = props.get("mentioned") if isinstance(props.get("mentioned"), dict) else {}
        text = props.get("text")
        found.append(Mention(id=mentioned.get("id") if isinstance(mentioned.get("id"), str) else None,
                             text=text if isinstance(text, str) else None))
    return found


def tenant_id(activity: Activity) -> str | None:
    """The organisation the activity comes from (conversation.tenantId, else channelData.tenant.id)."""
    tenant = getattr(activity.conversation, "tenant_id", None) if activity.conversation else None
    if not isinstance(tenant, str):
        data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
        tenant = (data.get("tenant") or {}).get("id") if isinstance(data.get("tenant"), dict) else None
    return tenant if isinstance(tenant, str) else None


def _aad_object_id(activity: Activity) -> str | None:
    sender = activity.from_property
    value = getattr(sender, "aad_object_id", None) if sender is not None else None
    return value if isinstance(value, str) and value else None


def incoming_message(activity: Activity) -> IncomingMessage:
    attachments = activity.attachments or []
    html = [a.content for a in attachments
            if (a.content_type or "").lower() == "text/html" and isinstance(a.content, str)]
    return IncomingMessage(
        activity_id=activity.id,
        conversation_id=activity.conversation.id,
        conversation_type=getattr(activity.conversation, "conversation_type", None),
        tenant_id=tenant_id(activity),
        user_aad_id=_aad_object_id(activity),
        text=activity.text if isinstance(activity.text, str) else "",
        bot_id=activity.recipient.id if activity.recipient else None,
        mentions=_mentions(activity),
        attachment_count=len([a for a in attachments if (a.content_type or "").lower() != "text/html"]),
        html_attachments=html,
        value=activity.value,
    )


def action_request(activity: Activity) -> ActionRequest:
    """A messaging extension action from the invoke's raw value (kept as a dict by the SDK)."""
    value = activity.value if isinstance(activity.value, dict) else {}
    payload = value.get("messagePayload") if isinstance(value.get("messagePayload"), dict) else None
    message = None
    if payload is not None:
        body = payload.get("body") if isinstance(payload.get("body"), dict) else {}
        content, kind = body.get("content"), body.get("contentType")
        message = HtmlBody(content=content if isinstance(content, str) else None,
                           content_type=kind if isinstance(kind, str) else None)
    command_id, context = value.get("commandId"), value.get("commandContext")
    return ActionRequest(activity_id=activity.id,
                         conversation_id=activity.conversation.id if activity.conversation else None,
                         tenant_id=tenant_id(activity),
                         command_id=command_id if isinstance(command_id, str) else None,
                         command_context=context if isinstance(context, str) else None,
                         data=value.get("data"), message=message)


def reply_activity(reply: Reply) -> Activity:
    """A card with its plain-text fallback as `summary` (shown where cards are not), or plain text."""
    if reply.card is None:
        return Activity(type=ActivityTypes.message, text=reply.text, text_format="plain")
    return Activity(type=ActivityTypes.message, summary=reply.text,
                    attachments=[Attachment(content_type="application/vnd.microsoft.card.adaptive",
                                            content=reply.card)])


def _invoke_response(answer: InvokeAnswer) -> InvokeResponse:
    return InvokeResponse(status=answer.status, body=answer.body)


class _CheckpostBot(TeamsActivityHandler):
    """Routes Teams activities to the Behaviour; sends what it returns as replies to the activity."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour

    async def _send(self, turn_context: TurnContext, replies: list[Reply]) -> None:
        for reply in replies:
            await turn_context.send_activity(reply_activity(reply))

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await self._send(turn_context, await self.behaviour.on_message(incoming_message(turn_context.activity)))

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """Welcome once, when the bot itself is added; the base class would look up every other member."""
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        added: list[ChannelAccount] = activity.members_added or []
        if bot_id and any(member.id == bot_id for member in added):
            conversation_type = getattr(activity.conversation, "conversation_type", None)
            await self._send(turn_context, await self.behaviour.on_bot_added(conversation_type))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Our two invokes; any other name gets a polite answer rather than the SDK's 501."""
        name = turn_context.activity.name
        if name == FETCH_TASK:
            answer = await self.behaviour.on_fetch_task(action_request(turn_context.activity))
        elif name == SUBMIT_ACTION:
            answer = await self.behaviour.on_submit_action(action_request(turn_context.activity))
        else:
            answer = await self.behaviour.on_unknown_invoke(name)
        return _invoke_response(answer)


class BotFrameworkGateway:
    """Authenticates one Activity and runs its turn; the small interface `endpoint.py` uses."""

    def __init__(self, settings: Settings, behaviour: Behaviour) -> None:
        self.authenticated = bool(settings.microsoft_app_id)
        try:
            auth = ConfigurationBotFrameworkAuthentication(_Credentials(settings))
        except Exception as exc:  # the SDK raises bare Exception for missing settings
            raise RuntimeError(f"Teams settings are incomplete: {exc}") from None
        self.adapter = CloudAdapter(auth)
        self.adapter.on_turn_error = self._on_turn_error
        self.behaviour = behaviour
        self.bot = _CheckpostBot(behaviour)

    async def handle(self, body: dict, auth_header: str) -> GatewayAnswer:
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:  # msrest raises its own DeserializationError and friends
            raise BadActivity(f"not an Activity ({type(exc).__name__})") from None
        if not activity.type:
            raise BadActivity("the Activity has no type")
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            raise BadActivity("the Activity has no serviceUrl or conversation")
        if not self.authenticated:
            # Authentication is off; a header would only make the SDK fetch signing keys for nothing.
            auth_header = ""
        try:
            result = await self.adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
        except Exception as exc:  # PermissionError mostly; a malformed JWT raises jwt's DecodeError
            log.warning("teams unauthorised activity=%s type=%s reason=%s", log_id(activity.id),
                        log_id(activity.type), type(exc).__name__)
            raise Unauthorised(type(exc).__name__) from None
        invoke = await self.adapter.process_activity(result, activity, self.bot.on_turn)
        if activity.type == ActivityTypes.invoke:
            if invoke is None:  # cannot happen with our handler, but never leave Teams waiting
                return GatewayAnswer(200)
            return GatewayAnswer(int(invoke.status), invoke.body)
        return GatewayAnswer(200)

    async def _on_turn_error(self, turn_context: TurnContext, error: Exception) -> None:
        """Log the failure (its type, never the draft) and tell the user plainly."""
        activity = turn_context.activity
        # The frames say where it failed; the exception's message is left out as it may quote the draft.
        log.error("teams turn failed activity=%s type=%s name=%s error=%s\n%s", log_id(activity.id),
                  log_id(activity.type), log_id(activity.name), type(error).__name__,
                  "".join(traceback.format_tb(error.__traceback__)))
        invoke_name = (activity.name or "") if activity.type == ActivityTypes.invoke else None
        replies, answer = self.behaviour.on_error(invoke_name)
        try:
            if answer is not None:
                await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response,
                                                          value=_invoke_response(answer)))
            for reply in replies:
                await turn_context.send_activity(reply_activity(reply))
        except Exception as again:  # the connector itself is down: nothing more to do
            log.error("teams could not report the failure activity=%s error=%s", log_id(activity.id),
                      type(again).__name__)

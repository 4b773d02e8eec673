"""Everything that depends on the Microsoft 365 Agents SDK (1.9), in one module: `TEAMS_SDK=agents`.

The Agents SDK is the maintained successor of botbuilder (archived at the end of 2025). This is the
same seam as `framework.py`, on the SDK's core packages only (activity, hosting-core,
hosting-aiohttp, authentication-msal; not the Teams extension, which pulls in the Graph SDK), and is
imported only when chosen. Where the SDK is looser than botbuilder was, this module keeps
botbuilder's behaviour:

- the channel's token is checked by `channel_tokens.py` (issuer, audience, `serviceurl`, endorsements,
  lifetime) rather than by the SDK's JwtTokenValidator, and any refusal is a 401 before a turn
  starts, so nothing is sent anywhere;
- real Teams payloads carry explicit nulls the SDK's models refuse (`"from": null`, a mention's
  `"text": null`), so nulls (and empty strings) are dropped before validation; fields the SDK does
  not model are accepted, and kept on the Activity itself (the SDK's accounts and entities keep
  theirs too);
- JSON that is still not an Activity is a 400 naming the fields at fault, logged with the
  Activity's id and type only (the SDK would answer 500 and log pydantic's error, which quotes the
  input, which can be a draft);
- the SDK's turn-error handler (it sends "Exception caught : {error}" to the user) is replaced with
  the project's: the person gets the polite "the check failed", the log gets ids and the error type.

The HTTP side stays in `endpoint.py`, as for botbuilder; `CloudAdapter.process()` is not used.
"""
from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ActivityHandler, AgentAuthConfiguration, AuthTypes, ClaimsIdentity, TurnContext
from pydantic import ConfigDict, ValidationError

from ..logs import log_id
from ..settings import Settings
from .channel_tokens import ChannelTokenValidator, TokenRefused
from . import turns
from .turns import (ADAPTIVE_CARD, ActionRequest, BadActivity, Behaviour, GatewayAnswer, IncomingMessage, InvokeAnswer,
                    Mention, Reply, Unauthorised)

log = logging.getLogger("checkpost.teams")
# Free-form JSON the SDK types as `object`: a null there is the sender's data (a card's empty input),
# not a missing field, so it is passed on as sent.
FREE_FORM = frozenset({"value", "channelData", "content"})
# Bot Framework's own tenant: a MultiTenant bot's outgoing tokens come from it, as with botbuilder.
BOT_FRAMEWORK_TENANT = "botframework.com"


class _Drop(logging.Filter):
    """Drops one of the SDK's log messages, by the start of its format string."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start = start

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.start)


# The SDK's own report of an Activity that failed validation: pydantic's text quotes the input, which can
# be a draft. `activity_from` logs the ids and the fields at fault instead.
logging.getLogger("microsoft_agents.activity.activity").addFilter(_Drop("Validation error for Activity"))
# A warning on every turn without an app id (the Emulator's case), about the user-token service that
# Checkpost never uses.
logging.getLogger("microsoft_agents.hosting.core.connector.client.user_token_client").addFilter(
    _Drop("App ID is not provided"))

__all__ = ["AgentsGateway", "BadActivity", "GatewayAnswer", "Unauthorised", "auth_configuration", "without_nulls"]


class _TeamsActivity(Activity):
    """The SDK's Activity, keeping the top-level fields it does not model (it would drop them)."""

    model_config = ConfigDict(extra="allow")


def _absent(value: Any) -> bool:
    return value is None or value == ""


def without_nulls(value: Any, key: str | None = None) -> Any:
    """The JSON with explicit nulls and empty strings dropped, read as absent.

    botbuilder read a null as absent; the SDK's models refuse one where they expect an object or a
    string (`"from": null`, a mention's `"text": null`) and refuse "" wherever they expect a non-empty
    string. Dropped, both mean what botbuilder took them to mean. A required field left empty (the
    type, the conversation's id) is then missing, which `activity_from` refuses with a 400.
    """
    if key in FREE_FORM:
        return value
    if isinstance(value, dict):
        return {k: without_nulls(v, k) for k, v in value.items() if not _absent(v)}
    if isinstance(value, list):
        return [without_nulls(v) for v in value if not _absent(v)]
    return value


def auth_configuration(settings: Settings) -> AgentAuthConfiguration | None:
    """Checkpost's MICROSOFT_APP_* settings as the SDK's connection settings (README: "Teams SDK").

    MultiTenant      ClientSecret, CLIENT_ID = app id, CLIENT_SECRET = password, TENANT_ID = botframework.com
    SingleTenant     ClientSecret, CLIENT_ID, CLIENT_SECRET, TENANT_ID = MICROSOFT_APP_TENANT_ID
    UserAssignedMSI  UserManagedIdentity, CLIENT_ID = the identity's client id, TENANT_ID as given
    None when there is no app id: the endpoint then serves loopback traffic only, without tokens.
    """
    app_id = settings.microsoft_app_id or None
    if not app_id:
        return None
    kind = settings.microsoft_app_type.strip().lower()
    password = settings.microsoft_app_password.get_secret_value() if settings.microsoft_app_password else None
    tenant = settings.microsoft_app_tenant_id or None
    if kind == "userassignedmsi":
        if not tenant:
            raise RuntimeError("Teams settings are incomplete: UserAssignedMSI needs MICROSOFT_APP_TENANT_ID")
        return AgentAuthConfiguration(auth_type=AuthTypes.user_managed_identity, client_id=app_id, tenant_id=tenant)
    if kind == "singletenant":
        missing = [name for name, value in (("MICROSOFT_APP_PASSWORD", password), ("MICROSOFT_APP_TENANT_ID", tenant))
                   if not value]
        if missing:
            raise RuntimeError(f"Teams settings are incomplete: SingleTenant needs {' and '.join(missing)}")
        return AgentAuthConfiguration(auth_type=AuthTypes.client_secret, client_id=app_id, client_secret=password,
                                      tenant_id=tenant)
    if kind != "multitenant":
        raise RuntimeError(f"MICROSOFT_APP_TYPE={settings.microsoft_app_type!r} is not one of MultiTenant, "
                           "SingleTenant, UserAssignedMSI")
    if not password:
        raise RuntimeError("Teams settings are incomplete: MultiTenant needs MICROSOFT_APP_PASSWORD")
    return AgentAuthConfiguration(auth_type=AuthTypes.client_secret, client_id=app_id, client_secret=password,
                                  tenant_id=BOT_FRAMEWORK_TENANT)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mentions(activity: Activity) -> list[Mention]:
    found = []
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True) if hasattr(entity, "model_dump") else {}
        if data.get("type") != "mention":
            continue
        mentioned = data.get("mentioned") if isinstance(data.get("mentioned"), dict) else {}
        found.append(Mention(id=_text(mentioned.get("id")), text=_text(data.get("text"))))
    return found


def incoming_message(activity: Activity) -> IncomingMessage:
    return turns.incoming_message(activity, _mentions(activity))


def action_request(activity: Activity) -> ActionRequest:
    """A messaging extension action from the invoke's raw value (kept as sent: `value` is free-form)."""
    return turns.action_request(activity)


def reply_activity(reply: Reply) -> Activity:
    """A card with its plain-text fallback as `summary` (shown where cards are not), or plain text."""
    if reply.card is None:
        return Activity(type=ActivityTypes.message, text=reply.text, text_format="plain")
    return Activity(type=ActivityTypes.message, summary=reply.text,
                    attachments=[Attachment(content_type=ADAPTIVE_CARD, content=reply.card)])


def _invoke_response(answer: InvokeAnswer) -> InvokeResponse:
    return InvokeResponse(status=answer.status, body=answer.body)


def _invoke_response_activity(answer: InvokeAnswer) -> Activity:
    return Activity(type=ActivityTypes.invoke_response, value=_invoke_response(answer))


class _CheckpostAgent(turns.RoutesTurns, ActivityHandler):
    """Routes Teams activities to the Behaviour (turns.RoutesTurns) on the Agents SDK."""

    read_message = staticmethod(incoming_message)
    reply_activity = staticmethod(reply_activity)
    invoke_response = staticmethod(_invoke_response)
    invoke_response_activity = staticmethod(_invoke_response_activity)

    async def on_message_reaction_activity(self, turn_context: TurnContext) -> None:
        """Reactions need nothing from Checkpost (and the SDK's default would look for handlers)."""


def _problem_fields(error: ValidationError) -> list[str]:
    """The top-level Activity fields at fault: names from the model, never values from the input."""
    known = {field.alias or name for name, field in Activity.model_fields.items()} | set(Activity.model_fields)
    return sorted({str(e["loc"][0]) for e in error.errors() if e.get("loc") and str(e["loc"][0]) in known})


class AgentsGateway:
    """Authenticates one Activity and runs its turn on the Agents SDK; the interface `endpoint.py` uses."""

    def __init__(self, settings: Settings, behaviour: Behaviour) -> None:
        config = auth_configuration(settings)
        self.authenticated = config is not None
        # With no app id there is no secret to hold; the anonymous identity below makes the SDK send
        # replies without a token, as the Emulator expects.
        connections = MsalConnectionManager(connections_configurations={
            "SERVICE_CONNECTION": config or AgentAuthConfiguration(anonymous_allowed=True)})
        self.tokens = (ChannelTokenValidator(settings.microsoft_app_id, settings.teams_openid_metadata_url)
                       if config is not None else None)
        self.adapter = CloudAdapter(connection_manager=connections)
        self.behaviour = behaviour
        self.agent = _CheckpostAgent(behaviour)
        self.adapter.on_turn_error = self.agent.on_turn_error

    @staticmethod
    def activity_from(body: dict) -> Activity:
        ident, kind = body.get("id"), body.get("type")
        try:
            activity = _TeamsActivity.model_validate(without_nulls(body))
        except Exception as exc:  # ValidationError mostly; the SDK's own validator raises bare Exception
            fields = _problem_fields(exc) if isinstance(exc, ValidationError) else []
            log.warning("teams bad activity=%s type=%s fields=%s error=%s", log_id(ident), log_id(kind), fields,
                        type(exc).__name__)
            raise BadActivity(f"not an Activity (check {', '.join(fields) or 'its fields'})") from None
        if not activity.type:
            raise BadActivity("the Activity has no type")
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            raise BadActivity("the Activity has no serviceUrl or conversation")
        return activity

    async def _identity(self, activity: Activity, body: dict, auth_header: str) -> ClaimsIdentity:
        if self.tokens is None:
            return ClaimsIdentity()  # anonymous: the endpoint has already held it to loopback
        scheme, _, token = (auth_header or "").strip().partition(" ")
        reason = None
        if not auth_header:
            reason = "no token"
        elif scheme.lower() != "bearer" or not token.strip():
            reason = "not a bearer token"
        else:
            try:
                claims = await self.tokens.validate(token.strip(), channel_id=_text(body.get("channelId")),
                                                    service_url=activity.service_url)
            except TokenRefused as exc:
                reason = exc.reason
            else:
                return ClaimsIdentity(claims, authentication_type="Bearer", security_token=token.strip())
        log.warning("teams unauthorised activity=%s type=%s reason=%s", log_id(activity.id), log_id(activity.type),
                    reason)
        raise Unauthorised(reason)

    async def handle(self, body: dict, auth_header: str) -> GatewayAnswer:
        activity = self.activity_from(body)
        identity = await self._identity(activity, body, auth_header)
        try:
            invoke = await self.adapter.process_activity(identity, activity, self.agent.on_turn)
        except Exception as exc:  # before or after the turn: the outgoing token or the connector client
            log.error("teams turn could not run activity=%s type=%s error=%s", log_id(activity.id),
                      log_id(activity.type), type(exc).__name__)
            if activity.type == ActivityTypes.invoke:
                _, answer = self.behaviour.on_error(activity.name or "")
                if answer is not None:
                    return GatewayAnswer(answer.status, answer.body)
            return GatewayAnswer(502, {"error": "Checkpost could not reach Teams to answer"})
        if activity.type == ActivityTypes.invoke:
            if invoke is None:  # cannot happen with our handler, but never leave Teams waiting
                return GatewayAnswer(200)
            return GatewayAnswer(int(invoke.status or 200), invoke.body)
        return GatewayAnswer(200)

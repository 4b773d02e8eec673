"""Everything that depends on the Bot Framework SDK (botbuilder 4.17), in one module.

botbuilder for Python was archived at the end of 2025; `agents.py` is the same seam on its
successor, the Microsoft 365 Agents SDK, chosen with `TEAMS_SDK=agents` (see `bot/teams/__init__.py`).
The rest of `bot.teams` talks to this module only through `turns.py`: `BotFrameworkGateway` takes an
incoming Activity as JSON and returns the HTTP answer, and calls a `turns.Behaviour` with plain
models. This module is imported only when botbuilder is the chosen SDK.

We deliberately do not use `CloudAdapter.process()`: in 4.17.1 it answers 500 to every invoke with a
body (it re-serialises a dict that is already serialised) and raises KeyError when Content-Type is
missing. The HTTP side lives in `endpoint.py`; this module only authenticates and runs the turn.
"""
from __future__ import annotations

import logging

import jwt  # botbuilder's own token library: named here only to tell its refusals apart
from botbuilder.core import InvokeResponse
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes, Attachment, CallerIdConstants
from botframework.connector.auth import AuthenticationConstants
from msrest.universal_http.requests import ClientRetryPolicy

from ..logs import log_id
from ..settings import Settings
from . import turns
from .turns import (ActionRequest, BadActivity, Behaviour, GatewayAnswer, IncomingMessage, InvokeAnswer, Mention, Reply,
                    Unauthorised)

log = logging.getLogger("checkpost.teams")

# msrest, botbuilder's HTTP layer, builds every client's retry list by testing 999 status codes
# against a 502-item list: about 10 ms of CPU, twice a turn (the connector and the token client),
# most of a turn's cost. The same codes tested against a set give the same list in microseconds.
ClientRetryPolicy.safe_codes = frozenset(ClientRetryPolicy.safe_codes)


__all__ = ["BadActivity", "BotFrameworkGateway", "GatewayAnswer", "Unauthorised"]


class _Credentials:
    """The attribute names ConfigurationBotFrameworkAuthentication reads, filled from our Settings."""

    def __init__(self, settings: Settings) -> None:
        self.APP_ID = settings.microsoft_app_id or None
        self.APP_PASSWORD = settings.microsoft_app_password.get_secret_value() if settings.microsoft_app_password else None
        self.APP_TENANTID = settings.microsoft_app_tenant_id or None
        # With no app id there is nothing to be single-tenant about; the SDK would refuse to start.
        self.APP_TYPE = settings.microsoft_app_type if self.APP_ID else "MultiTenant"
        if settings.teams_openid_metadata_url:
            # Another place for the channel's signing keys. Naming any one of these switches botbuilder to
            # its parameterised authentication, which needs them all: the rest keep the public cloud's.
            self.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.teams_openid_metadata_url
            self.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
            self.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
            self.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
            self.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
            self.OAUTH_URL = AuthenticationConstants.OAUTH_URL
            self.CALLER_ID = CallerIdConstants.public_azure_channel


# botbuilder says why it refused a token only in its exceptions' wording; these are the words of 4.17.1,
# mapped to the reasons the Agents path logs, so the two log the same thing for the same token.
_REFUSALS = (("Invalid 'serviceurl'", "serviceurl does not match"), ("'serviceurl' claim missing", "serviceurl missing"),
             ("Invalid AppId", "wrong audience"), ("'aud' claim missing", "wrong audience"),
             ("Identity missing", "wrong issuer"), ("'iss' claim", "wrong issuer"),
             ("endorsement", "key not endorsed for the channel"), ("algorithm", "unexpected signing algorithm"))


def refusal_reason(exc: Exception) -> str:
    """A short, fixed reason for the log: never the token, its claims or the exception's own text."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return "expired"
    if isinstance(exc, jwt.ImmatureSignatureError):
        return "not yet valid"
    if isinstance(exc, jwt.InvalidSignatureError):
        return "bad signature"
    if isinstance(exc, jwt.DecodeError):
        return "not a JWT"
    if isinstance(exc, IndexError):  # _OpenIdMetadata._find on a key id the metadata does not list
        return "unknown signing key"
    message = str(exc)
    for words, reason in _REFUSALS:
        if words in message:
            return reason
    return type(exc).__name__


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


# msrest deserialises leniently (a number as `type` becomes "5"); the Agents SDK's models refuse such
# JSON outright. These checks give botbuilder the same answer, a 400, for the same fields.
_STRINGS = ("type", "id", "serviceUrl", "channelId", "text", "name", "replyToId", "textFormat", "locale")
_LISTS = ("entities", "attachments", "membersAdded", "membersRemoved", "reactionsAdded", "reactionsRemoved")
_OBJECTS = ("conversation", "from", "recipient")


def shape_problems(body: dict) -> list[str]:
    """The top-level fields whose JSON type is wrong for an Activity (nulls count as absent)."""
    wrong = [k for k in _STRINGS if body.get(k) is not None and not isinstance(body[k], str)]
    wrong += [k for k in _LISTS if body.get(k) is not None and not isinstance(body[k], list)]
    wrong += [k for k in _OBJECTS if body.get(k) is not None and not isinstance(body[k], dict)]
    if isinstance(body.get("type"), str) and not body["type"]:
        wrong.append("type")
    return wrong


def incoming_message(activity: Activity) -> IncomingMessage:
    return turns.incoming_message(activity, _mentions(activity))


def action_request(activity: Activity) -> ActionRequest:
    """A messaging extension action from the invoke's raw value (kept as a dict by the SDK)."""
    return turns.action_request(activity)


def reply_activity(reply: Reply) -> Activity:
    """A card with its plain-text fallback as `summary` (shown where cards are not), or plain text."""
    if reply.card is None:
        return Activity(type=ActivityTypes.message, text=reply.text, text_format="plain")
    return Activity(type=ActivityTypes.message, summary=reply.text,
                    attachments=[Attachment(content_type=turns.ADAPTIVE_CARD, content=reply.card)])


def _invoke_response(answer: InvokeAnswer) -> InvokeResponse:
    return InvokeResponse(status=answer.status, body=answer.body)


def _invoke_response_activity(answer: InvokeAnswer) -> Activity:
    return Activity(type=ActivityTypes.invoke_response, value=_invoke_response(answer))


class _CheckpostBot(turns.RoutesTurns, TeamsActivityHandler):
    """Routes Teams activities to the Behaviour (turns.RoutesTurns) on botbuilder."""

    read_message = staticmethod(incoming_message)
    reply_activity = staticmethod(reply_activity)
    invoke_response = staticmethod(_invoke_response)
    invoke_response_activity = staticmethod(_invoke_response_activity)


class BotFrameworkGateway:
    """Authenticates one Activity and runs its turn; the small interface `endpoint.py` uses."""

    def __init__(self, settings: Settings, behaviour: Behaviour) -> None:
        self.authenticated = bool(settings.microsoft_app_id)
        try:
            auth = ConfigurationBotFrameworkAuthentication(_Credentials(settings))
        except Exception as exc:  # the SDK raises bare Exception for missing settings
            raise RuntimeError(f"Teams settings are incomplete: {exc}") from None
        self.adapter = CloudAdapter(auth)
        self.behaviour = behaviour
        self.bot = _CheckpostBot(behaviour)
        self.adapter.on_turn_error = self.bot.on_turn_error

    async def handle(self, body: dict, auth_header: str) -> GatewayAnswer:
        ident, kind = body.get("id"), body.get("type")
        wrong = shape_problems(body)
        if wrong:
            log.warning("teams bad activity=%s type=%s fields=%s", log_id(ident), log_id(kind), wrong)
            raise BadActivity(f"not an Activity (check {', '.join(wrong)})")
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:  # msrest raises its own DeserializationError and friends
            log.warning("teams bad activity=%s type=%s error=%s", log_id(ident), log_id(kind), type(exc).__name__)
            raise BadActivity(f"not an Activity ({type(exc).__name__})") from None
        if not activity.type:
            raise BadActivity("the Activity has no type")
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            raise BadActivity("the Activity has no serviceUrl or conversation")
        if not self.authenticated:
            # Authentication is off; a header would only make the SDK fetch signing keys for nothing.
            auth_header = ""
        elif not auth_header:
            log.warning("teams unauthorised activity=%s type=%s reason=no token", log_id(activity.id),
                        log_id(activity.type))
            raise Unauthorised("no token")
        try:
            result = await self.adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
        except Exception as exc:  # PermissionError mostly; a malformed JWT raises jwt's DecodeError
            reason = refusal_reason(exc)
            log.warning("teams unauthorised activity=%s type=%s reason=%s", log_id(activity.id), log_id(activity.type),
                        reason)
            raise Unauthorised(reason) from None
        invoke = await self.adapter.process_activity(result, activity, self.bot.on_turn)
        if activity.type == ActivityTypes.invoke:
            if invoke is None:  # cannot happen with our handler, but never leave Teams waiting
                return GatewayAnswer(200)
            return GatewayAnswer(int(invoke.status), invoke.body)
        return GatewayAnswer(200)

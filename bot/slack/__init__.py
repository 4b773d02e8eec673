"""Checkpost in Slack: `/checkpost`, drafts in a DM, @mentions, review channels, the shortcut.

`mount(app, settings, intake)` adds Slack to the one aiohttp application. Over HTTP, Slack posts
everything (events, the command, shortcuts) to `POST /slack/events`, where Bolt verifies the
signature and timestamp before any listener runs. With `SLACK_APP_TOKEN` the bot connects out
through Socket Mode instead, started and stopped with the aiohttp app, and `/slack/events`
answers 404 so an unsigned request can never reach a listener.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import re

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from ..http import refuse
from ..intake import Intake
from ..logs import log_id
from ..settings import Settings
from ..team_store import TeamStore
from . import commands, events, privacy, shortcuts, team_features
from .coaching import CONTEXT_KEY, SlackBot
from .dedupe import HandledStore, MemoryHandledStore
from .send import retry_handlers

log = logging.getLogger("checkpost.slack")
SLACK = web.AppKey("slack", SlackBot)
BOLT = web.AppKey("slack_bolt", AsyncApp)
EVENTS_PATH = "/slack/events"
DEFAULT_API_URL = "https://slack.com/api/"
SOCKET_TASK = web.AppKey("slack_socket_task", asyncio.Task)
SOCKET_PING_INTERVAL = 10.0  # seconds; also how often slack_sdk retries a failed connect
SOCKET_RETRY_FIRST = 1.0  # seconds; doubles up to SOCKET_RETRY_MAX
SOCKET_RETRY_MAX = 60.0
_TIMESTAMP = re.compile(r"[0-9]{1,15}")  # ASCII digits only: int() would also take "+1" or "١"


def web_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: SLACK_API_URL when set, and retries for 429s and server errors."""
    base_url = settings.slack_api_url or DEFAULT_API_URL
    if not base_url.endswith("/"):
        base_url += "/"
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())


def build_bolt_app(settings: Settings, bot: SlackBot, team_store: TeamStore | None = None) -> AsyncApp:
    """Bolt with our listeners. The bot's own ids come from auth.test at the first request
    (through SLACK_API_URL when set), which is also how Bolt drops the bot's own events."""
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    bolt = AsyncApp(
        name="checkpost",
        client=web_client(settings),
        signing_secret=secret,
        # Ack first, coach after: listeners keep running once Slack has its answer.
        process_before_response=False,
        logger=logging.getLogger("checkpost.slack.bolt"),
    )

    async def provide_bot(context, next) -> None:  # noqa: A002 (Bolt names the argument `next`)
        """Every listener finds the bot in its context, so listeners are plain top-level functions
        (as in slack-samples/bolt-python-starter-template) that a test can call directly."""
        context[CONTEXT_KEY] = bot
        await next()

    bolt.use(provide_bot)
    if team_store is not None:  # first: `/checkpost settings` opens the form, it is not a draft
        team_features.register(bolt, team_store)
    commands.register(bolt)
    events.register(bolt)
    shortcuts.register(bolt)
    return bolt


def mount(app: web.Application, settings: Settings, intake: Intake, *, store: HandledStore | None = None,
          team_store: TeamStore | None = None) -> None:
    """Add Slack to the aiohttp app; `store` replaces the in-memory record of handled drafts, and
    `team_store` adds settings, App Home and feedback (and records handled drafts in the database)."""
    privacy.install()
    if store is None and team_store is not None:
        store = team_store.handled
    bot = SlackBot(intake=intake, settings=settings, store=store or MemoryHandledStore(), team_store=team_store)
    bolt = build_bolt_app(settings, bot, team_store)
    app[SLACK] = bot
    app[BOLT] = bolt

    if settings.slack_app_token:
        _mount_socket_mode(app, settings, bolt)
        return

    verifier = SignatureVerifier(settings.slack_signing_secret.get_secret_value()
                                 if settings.slack_signing_secret else "unset")

    async def slack_events(request: web.Request) -> web.Response:
        # Verified here, before Bolt: Bolt parses the body (and its timestamp) before it checks the
        # signature, so a forged body that is not UTF-8, not JSON or has a timestamp that is not a
        # number would be a 500. Unsigned or stale requests never reach it.
        raw = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not verifier.is_valid_request(raw, dict(request.headers)):
            log.warning("slack refused a request: invalid request signature or timestamp (body withheld)")
            return refuse("the request is not signed by Slack, or its timestamp is not recent", 401)
        try:
            bolt_request = await to_bolt_request(request)
            bolt_response = await bolt.async_dispatch(bolt_request)
        except (ValueError, RecursionError):  # signed but malformed: a body Slack never sends
            log.warning("slack signed request unreadable content_type=%s length=%d",
                        log_id(request.content_type), len(raw))
            return refuse("the request body could not be read", 400)
        return await to_aiohttp_response(bolt_response)

    app.router.add_post(EVENTS_PATH, slack_events)
    log.info("slack over HTTP at %s review_channels=%d", EVENTS_PATH, len(bot.review_channels))


def _mount_socket_mode(app: web.Application, settings: Settings, bolt: AsyncApp) -> None:
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    assert settings.slack_app_token is not None
    handler = AsyncSocketModeHandler(bolt, app_token=settings.slack_app_token.get_secret_value(),
                                     web_client=bolt.client, ping_interval=SOCKET_PING_INTERVAL)

    async def keep_trying() -> None:
        # Slack being unreachable at start-up must not stop /api/check or Teams from serving, so
        # connect in the background. slack_sdk's client retries a failed connect every ping interval
        # and reconnects a dropped one by itself; this loop only covers a connect that raises.
        delay = SOCKET_RETRY_FIRST
        while True:
            try:
                await handler.connect_async()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("slack Socket Mode connection failed (%s); retrying in %.1f s",
                            type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, SOCKET_RETRY_MAX)
            else:
                log.info("slack connected through Socket Mode")
                return

    async def connect(app: web.Application) -> None:
        app[SOCKET_TASK] = asyncio.create_task(keep_trying())

    async def disconnect(app: web.Application) -> None:
        task = app[SOCKET_TASK]
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await handler.close_async()

    async def not_here(request: web.Request) -> web.Response:
        return refuse("Slack is connected through Socket Mode; this endpoint is off", 404)

    app.on_startup.append(connect)
    app.on_cleanup.append(disconnect)
    app.router.add_post(EVENTS_PATH, not_here)


__all__ = ["mount", "build_bolt_app", "web_client", "SlackBot", "SLACK", "BOLT", "HandledStore",
           "MemoryHandledStore"]

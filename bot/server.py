"""The one aiohttp application: health, the HTTP API, and the Slack and Teams endpoints.

Checks run off the event loop, in a pool of worker processes with a deadline each
(bot/checking.py), so `/healthz` and every other request are answered while a check runs. Every
surface reaches the engine through the one intake (bot/intake.py).
"""
from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from rules import Coach

from .checking import Checker, InlineChecker, PoolChecker
from .http import read_json, refuse
from .intake import Intake
from .logs import log_id
from .settings import Settings
from .slack import mount as mount_slack
from .team_context import TeamContextSource, Where, parse_channel_defaults
from .team_store import attach as attach_store
from .team_store import base_defaults_from, make_store
from .teams import mount as mount_teams

log = logging.getLogger("checkpost.server")
INTAKE = web.AppKey("intake", Intake)
SETTINGS = web.AppKey("settings", Settings)
# A 40,000-character draft of emoji, form-encoded by Slack, is about 500 KB.
MAX_BODY = 1024 * 1024


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def body_guard(timeout: float) -> Callable:
    """Read every request body before its handler, within `timeout` seconds and MAX_BODY bytes.

    aiohttp has no read timeout of its own, so a client that sends headers and then stalls would
    hold its connection (and a file descriptor) for ever. Reading here also turns a body aiohttp
    cannot decode (a corrupt gzip) into a 400 rather than a 500 in whichever handler reads it.
    The body is cached on the request, so handlers and Bolt's adapter read it again for free.
    """

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.can_read_body:
            try:
                async with asyncio.timeout(timeout):
                    await request.read()
            except TimeoutError:
                log.warning("request body timed out path=%s after %.0f s", request.path, timeout)
                response = refuse(f"the request body did not arrive within {timeout:g} s", 408)
                response.force_close()
                return response
            except web.HTTPRequestEntityTooLarge:
                return refuse(f"the body is too large: at most {MAX_BODY // 1024} KiB", 413)
            except web.HTTPException:
                raise
            except Exception as exc:  # aiohttp's ContentEncodingError and other payload errors
                log.info("request body unreadable path=%s error=%s", request.path, type(exc).__name__)
                response = refuse("the request body could not be read (is its Content-Encoding right?)", 400)
                response.force_close()
                return response
        return await handler(request)

    return guard


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def api_check(request: web.Request) -> web.Response:
    """The engine over HTTP: the REPORT.md input as JSON in, the report out, 4xx for bad input.

    Every refusal has the same `{"id", "error"}` body as a bad JSON line, so a caller needs one
    error path whatever went wrong; a draft the coach could not finish in time answers 503.
    """
    if request.content_type != "application/json":
        return refuse("send the draft as JSON (Content-Type: application/json)", 415)
    try:
        data = read_json(await request.read())
    except ValueError as exc:
        return refuse(str(exc), 400)
    answer = await request.app[INTAKE].check_json(data, Where("api"))
    if answer.status != 200:
        log.info("api answered status=%d id=%s", answer.status, log_id(answer.body.get("id")))
    return web.json_response(answer.body, status=answer.status)


def build_app(settings: Settings | None = None, coach: Coach | None = None, *, checker: Checker | None = None,
              contexts: TeamContextSource | None = None) -> web.Application:
    """The server. Checks run in a worker pool made from the settings, unless a checker is given;
    a `coach` given instead runs checks in this process (one process embedding the server)."""
    settings = settings or Settings()
    owned = checker is None and coach is None
    if checker is None:
        checker = InlineChecker(coach) if coach is not None else PoolChecker(
            settings.rule_dirs, workers=settings.checkpost_workers or None,
            deadline=settings.checkpost_check_deadline, max_checks=settings.checkpost_worker_checks)
    team_store = make_store(settings, base_defaults_from(parse_channel_defaults(settings.slack_channel_defaults)))
    intake = Intake(checker, contexts or team_store.contexts)
    app = web.Application(client_max_size=MAX_BODY, middlewares=[body_guard(settings.checkpost_body_timeout)])
    app[INTAKE] = intake
    app[SETTINGS] = settings
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/check", api_check)
    if owned:  # the pool is ours: start it before serving, stop it on the way out
        async def start_checker(app: web.Application) -> None:
            await checker.start()

        async def close_checker(app: web.Application) -> None:
            await checker.close()

        app.on_startup.append(start_checker)
        app.on_cleanup.append(close_checker)
    attach_store(app, team_store)
    if settings.slack_enabled:
        mount_slack(app, settings, intake, team_store=team_store)
    # Teams is always mounted: with no app id it serves only loopback traffic (the Emulator).
    mount_teams(app, settings, intake, team_store)
    return app


async def freeze_startup_heap(app: web.Application) -> None:
    """Move everything loaded at start-up out of the collector's sight (gc.freeze), so that a full
    collection, which a busy server triggers every second or so, no longer walks the libraries'
    objects: it held every request arriving meanwhile for 150-300 ms (bench/slack_load.py's p99).
    For `app.py serve` only: a test process building many servers would keep their garbage."""
    gc.collect()
    gc.freeze()

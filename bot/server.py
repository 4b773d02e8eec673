"""The one aiohttp application: health, the HTTP API, and the Slack and Teams endpoints.

The coach (and so the spaCy pipeline) is built once here and shared by every handler.
"""
from __future__ import annotations

import json
import logging

from aiohttp import web

from rules import CheckError, Coach, parse_request

from .settings import Settings
from .slack import mount as mount_slack
from .slack.coaching import parse_channel_defaults
from .team_store import attach as attach_store
from .team_store import base_defaults_from, make_store
from .teams import mount as mount_teams

log = logging.getLogger("checkpost.server")
COACH = web.AppKey("coach", Coach)
SETTINGS = web.AppKey("settings", Settings)
# A 40,000-character draft of emoji, form-encoded by Slack, is about 500 KB.
MAX_BODY = 1024 * 1024


def _refuse(error: str, status: int, ident: object = None) -> web.Response:
    return web.json_response({"id": ident, "error": error}, status=status)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def api_check(request: web.Request) -> web.Response:
    """The engine over HTTP: the REPORT.md input as JSON in, the report out, 4xx for bad input.

    Every refusal has the same `{"id", "error"}` body as a bad JSON line, so a caller needs one
    error path whatever went wrong.
    """
    if request.content_type != "application/json":
        return _refuse("send the draft as JSON (Content-Type: application/json)", 415)
    try:
        raw = await request.read()
        data = json.loads(raw.decode("utf-8"))
    except web.HTTPRequestEntityTooLarge:
        return _refuse(f"the body is too large: at most {MAX_BODY // 1024} KiB", 413)
    except UnicodeDecodeError:
        return _refuse("the body is not valid UTF-8", 400)
    except (json.JSONDecodeError, RecursionError):
        return _refuse("the body is not valid JSON", 400)
    ident = data.get("id") if isinstance(data, dict) else None
    try:
        check = parse_request(data)
    except CheckError as exc:
        return _refuse(str(exc), 422, ident)
    report = request.app[COACH].check(check)
    log.info("api check id=%s length=%d rules=%s", ident, len(check.text), [f.rule for f in report.findings])
    return web.json_response(report.to_json_dict())


def build_app(settings: Settings | None = None, coach: Coach | None = None) -> web.Application:
    settings = settings or Settings()
    coach = coach or Coach(settings.rule_dirs)
    app = web.Application(client_max_size=MAX_BODY)
    app[COACH] = coach
    app[SETTINGS] = settings
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/check", api_check)
    team_store = make_store(settings, base_defaults_from(parse_channel_defaults(settings.slack_channel_defaults)))
    attach_store(app, team_store)
    if settings.slack_enabled:
        mount_slack(app, settings, coach, team_store=team_store)
    # Teams is always mounted: with no app id it serves only loopback traffic (the Emulator).
    mount_teams(app, settings, coach)
    return app

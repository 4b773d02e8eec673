"""`POST /api/messages`: the HTTP side of Teams, written here rather than CloudAdapter.process().

Checks the request before any Bot Framework code runs: JSON only (415 otherwise), valid JSON (400),
and, when no app id is configured, a sender and a `serviceUrl` both on loopback (403). Without that
last check anyone could make the bot POST its replies to an address of their choosing.
"""
from __future__ import annotations

import ipaddress
import json
import logging
from urllib.parse import urlsplit

from aiohttp import web

from .turns import BadActivity, Gateway, Unauthorised

log = logging.getLogger("checkpost.teams")
GATEWAY = web.AppKey("teams_gateway", Gateway)


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


def is_loopback_url(url: object) -> bool:
    """True for http(s) URLs whose host is localhost, 127.0.0.0/8 or ::1 (the Emulator's serviceUrl)."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    return is_loopback_host(host)


def is_loopback_host(host: object) -> bool:
    if not isinstance(host, str) or not host:
        return False
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 from a dual-stack socket
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def unauthenticated_refusal(remote: str | None, service_url: object) -> str | None:
    """Why an unauthenticated request is refused, or None to serve it.

    Both ends must be this machine: the sender (the Emulator runs here) and the serviceUrl the
    replies go to. A loopback serviceUrl from a remote sender would let anyone make the bot POST to
    services listening on this machine's own loopback ports.
    """
    if not is_loopback_host(remote):
        return "the request did not come from this machine"
    if not is_loopback_url(service_url):
        return "its serviceUrl is not on loopback"
    return None


async def messages(request: web.Request) -> web.Response:
    gateway = request.app[GATEWAY]
    if request.content_type != "application/json":
        return _error(415, "send the Activity as JSON (Content-Type: application/json)")
    try:
        body = json.loads((await request.read()).decode("utf-8"))
    except UnicodeDecodeError:
        return _error(400, "the body is not valid UTF-8")
    except json.JSONDecodeError:
        return _error(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object (an Activity)")
    if not gateway.authenticated:
        reason = unauthenticated_refusal(request.remote, body.get("serviceUrl"))
        if reason:
            log.warning("teams refused activity=%s: no app id is set and %s",
                        body.get("id") if isinstance(body.get("id"), str) else None, reason)
            return _error(403, "this bot runs without Bot Framework authentication and accepts local traffic only")
    try:
        answer = await gateway.handle(body, request.headers.get("Authorization", ""))
    except BadActivity as exc:
        return _error(400, str(exc))
    except Unauthorised:
        return _error(401, "a valid Bot Framework token is required")
    if answer.body is None:
        return web.Response(status=answer.status)
    return web.json_response(answer.body, status=answer.status)

"""`POST /api/messages`: the HTTP side of Teams, written here rather than CloudAdapter.process().

Checks the request before any Bot Framework code runs: JSON only (415 otherwise), valid JSON (400),
and, when no app id is configured, a sender and a `serviceUrl` both on loopback (403). Without that
last check anyone could make the bot POST its replies to an address of their choosing.
"""
from __future__ import annotations

import ipaddress
import logging
import re
from urllib.parse import urlsplit

from aiohttp import web
from yarl import URL

from ..http import read_json, refuse
from ..logs import log_id

from .turns import BadActivity, Gateway, Unauthorised

log = logging.getLogger("checkpost.teams")
GATEWAY = web.AppKey("teams_gateway", Gateway)


def _error(status: int, message: str) -> web.Response:
    """The one error body; the id is left empty, as the sender may not even be authenticated."""
    return refuse(message, status)


# What a plain loopback URL may hold: no white space or control characters, no backslash (a
# browser-style parser reads it as "/", Python's as part of the host), no userinfo ("@").
_UNSAFE_URL = re.compile(r"[\\\s@\x00-\x1f\x7f]")


def is_loopback_url(url: object) -> bool:
    """True for plain http(s) URLs whose host is localhost, 127.0.0.0/8 or ::1 (the Emulator's).

    Parsed strictly, because two URL parsers must agree on the host: ours decides, and the SDK's
    HTTP client posts the replies. `http://example.com\\@127.0.0.1/` is 127.0.0.1 to urlsplit but
    example.com to a WHATWG parser, so any backslash, userinfo or white space is refused, and the
    host must be loopback to yarl (which aiohttp's client uses) as well.
    """
    if not isinstance(url, str) or len(url) > 2048 or _UNSAFE_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (a port that is not a number raises here)
        client_host = URL(url).host
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or parts.username is not None:
        return False
    return is_loopback_host(host) and is_loopback_host((client_host or "").strip("[]"))


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
        body = read_json(await request.read())
    except ValueError as exc:
        return _error(400, str(exc))
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object (an Activity)")
    if not gateway.authenticated:
        reason = unauthenticated_refusal(request.remote, body.get("serviceUrl"))
        if reason:
            log.warning("teams refused activity=%s: no app id is set and %s", log_id(body.get("id")), reason)
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

"""A fake Slack on loopback: the Web API (records every call) and response_url hooks.

It answers `auth.test` like Slack does for a bot token, `conversations.replies` from a table the
test fills in, and any other method with `{"ok": true}`. A test can queue HTTP failures (429,
500) for a method to see the bot's retries.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from aiohttp import web
from aiohttp.test_utils import TestServer

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"
SECRET = "test-signing-secret"


@dataclass
class Call:
    method: str
    params: dict


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    hooks: list[tuple[str, dict]] = field(default_factory=list)
    replies: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    failures: dict[str, list[web.Response]] = field(default_factory=dict)
    server: TestServer | None = None
    # Socket Mode: envelopes to push once a client connects, and what the client sent back
    envelopes: list[dict] = field(default_factory=list)
    socket_acks: list[dict] = field(default_factory=list)
    # users.info: user id -> the `user` object Slack would give (is_admin, is_owner...)
    users: dict[str, dict] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{name}", self._hook)
        app.router.add_get("/link", self._socket)
        return app

    async def start(self) -> None:
        self.server = TestServer(self.app(), host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    @property
    def api_url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/api/"))

    def hook_url(self, name: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(f"/hooks/{name}"))

    async def _params(self, request: web.Request) -> dict:
        params: dict = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(dict(await request.post()))
        return params

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params))
        queued = self.failures.get(method)
        if queued:
            return queued.pop(0)
        if method == "auth.test":
            return web.json_response({"ok": True, "url": "https://example.slack.com/", "team": "Council",
                                      "user": "checkpost", "team_id": TEAM, "user_id": BOT_USER,
                                      "bot_id": BOT_ID, "is_enterprise_install": False})
        if method == "apps.connections.open":
            assert self.server is not None
            url = str(self.server.make_url("/link")).replace("http://", "ws://")
            return web.json_response({"ok": True, "url": url})
        if method == "conversations.replies":
            messages = self.replies.get((params.get("channel"), params.get("ts")), [])
            return web.json_response({"ok": True, "messages": messages, "has_more": False})
        if method == "users.info":
            user = self.users.get(params.get("user"))
            if user is None:
                return web.json_response({"ok": False, "error": "user_not_found"})
            return web.json_response({"ok": True, "user": {"id": params.get("user"), **user}})
        if method == "chat.postMessage":
            return web.json_response({"ok": True, "channel": params.get("channel"), "ts": f"{time.time():.6f}",
                                      "message": {"text": params.get("text")}})
        return web.json_response({"ok": True})

    async def _hook(self, request: web.Request) -> web.Response:
        self.hooks.append((request.match_info["name"], await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
        for envelope in self.envelopes:
            await ws.send_json(envelope)
        async for message in ws:
            if message.type == web.WSMsgType.TEXT:
                self.socket_acks.append(json.loads(message.data))
        return ws

    def named(self, method: str) -> list[dict]:
        return [c.params for c in self.calls if c.method == method]

    async def wait_until(self, predicate, timeout: float = 60.0) -> None:
        """Wait until the predicate holds; the ceiling is for a hang only."""
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.005)


def signed_headers(body: str, *, secret: str = SECRET, timestamp: int | None = None,
                   content_type: str = "application/json") -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 over "v0:{timestamp}:{body}" with the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", "Content-Type": content_type}


def command_body(text: str, *, response_url: str, channel: str = "CGENERAL", user: str = "UASKER",
                 trigger: str = "13345224609.738474920.8088930838d88f008e0") -> str:
    return urlencode({"token": "legacy", "team_id": TEAM, "team_domain": "council", "channel_id": channel,
                      "channel_name": "general", "user_id": user, "user_name": "asker", "command": "/checkpost",
                      "text": text, "api_app_id": "A0001", "response_url": response_url, "trigger_id": trigger})


def event_body(event: dict, *, event_id: str = "Ev0001") -> str:
    return json.dumps({"token": "legacy", "team_id": TEAM, "api_app_id": "A0001", "event": event,
                       "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                       "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]})


def shortcut_body(message: dict, *, response_url: str | None, channel: str = "CGENERAL",
                  user: str = "UCLICKER") -> str:
    payload = {"type": "message_action", "token": "legacy", "action_ts": f"{time.time():.6f}",
               "team": {"id": TEAM, "domain": "council"}, "user": {"id": user, "name": "clicker"},
               "channel": {"id": channel, "name": "general"}, "callback_id": "check_post",
               "trigger_id": "1234.5678.abcd", "message_ts": message["ts"], "message": message}
    if response_url is not None:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)})


def interaction_body(payload: dict) -> str:
    """A block_actions or view_submission delivery: form-encoded, the JSON in `payload`."""
    return urlencode({"payload": json.dumps(payload)})

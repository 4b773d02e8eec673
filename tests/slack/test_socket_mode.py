"""Socket Mode: with SLACK_APP_TOKEN the bot connects out (to a fake Slack here) and the HTTP
endpoint is off, so nothing unsigned can reach a listener."""
from __future__ import annotations

import json

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.server import build_app
from bot.settings import Settings

from .fakes import FakeSlack, event_body

pytestmark = pytest.mark.asyncio


async def test_socket_mode_receives_events_and_acks_them(coach, monkeypatch):
    import bot.slack

    monkeypatch.setattr(bot.slack, "SOCKET_PING_INTERVAL", 0.05)
    fake = FakeSlack()
    await fake.start()
    # Slack is briefly unavailable at start-up: the server starts anyway and connects when it can
    fake.failures["apps.connections.open"] = [web.json_response({"ok": False, "error": "internal_error"})]
    dm = {"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
          "text": "Thanks for letting us know, we will fix the streetlight.", "ts": "1700000000.000100"}
    fake.envelopes.append({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                           "retry_attempt": 0, "retry_reason": "", "payload": json.loads(event_body(dm))})
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_app_token="xapp-test",
                        slack_signing_secret=None, slack_api_url=fake.api_url)
    server = TestServer(build_app(settings, coach), host="127.0.0.1")
    await server.start_server()
    try:
        await fake.wait_until(lambda: fake.named("chat.postMessage"))
        [post] = fake.named("chat.postMessage")
        assert post["channel"] == "DASKER" and post["thread_ts"] == "1700000000.000100"
        await fake.wait_until(lambda: fake.socket_acks)
        assert fake.socket_acks[0]["envelope_id"] == "env-1"
        assert len(fake.named("apps.connections.open")) == 2
        async with aiohttp.ClientSession() as session:
            async with session.post(server.make_url("/slack/events"), json={"type": "event_callback"}) as resp:
                assert resp.status == 404
    finally:
        await server.close()
        await fake.close()

"""The real aiohttp server (build_app) on loopback, wired to a fake Slack on loopback."""
from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import pytest_asyncio
from aiohttp.test_utils import TestServer

from bot.server import build_app
from bot.settings import Settings
from bot.slack import SLACK, SlackBot

from .fakes import SECRET, FakeSlack, command_body, event_body, shortcut_body, signed_headers

REVIEW = "CREVIEW"
HANG = 60.0  # seconds: how long a test waits for something that takes milliseconds, before calling it a hang


@dataclass
class SlackEnv:
    fake: FakeSlack
    server: TestServer
    session: aiohttp.ClientSession
    bot: SlackBot

    async def post(self, body: str, *, content_type: str, headers: dict | None = None,
                   timestamp: int | None = None, secret: str = SECRET) -> tuple[int, str]:
        all_headers = {**signed_headers(body, secret=secret, timestamp=timestamp, content_type=content_type),
                       **(headers or {})}
        async with self.session.post(self.server.make_url("/slack/events"), data=body.encode(),
                                     headers=all_headers) as response:
            return response.status, await response.text()

    async def command(self, text: str, hook: str = "cmd", **kwargs) -> tuple[int, str]:
        body = command_body(text, response_url=self.fake.hook_url(hook), **kwargs)
        return await self.post(body, content_type="application/x-www-form-urlencoded")

    async def event(self, event: dict, *, event_id: str = "Ev0001", headers: dict | None = None) -> tuple[int, str]:
        return await self.post(event_body(event, event_id=event_id), content_type="application/json",
                               headers=headers)

    async def shortcut(self, message: dict, hook: str | None = "sc", **kwargs) -> tuple[int, str]:
        body = shortcut_body(message, response_url=self.fake.hook_url(hook) if hook else None, **kwargs)
        return await self.post(body, content_type="application/x-www-form-urlencoded")

    async def settled(self, total: int) -> None:
        """Wait until `total` deliveries have an outcome (coached, notice, ignored, ...); the
        ceiling is for a hang only (a deadline test's slow draft alone takes its 1.5 s)."""
        await self.bot.outcomes.wait_for_total(total, timeout=HANG)

    def sent(self) -> list[dict]:
        """Everything the bot sent to people: messages, ephemerals and response_url bodies."""
        return ([c.params for c in self.fake.calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
                + [body for _, body in self.fake.hooks])


async def start_env(coach, checker=None, **settings) -> tuple[SlackEnv, FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    config = Settings(_env_file=None, slack_bot_token="xoxb-test", slack_signing_secret=SECRET,
                      slack_api_url=fake.api_url, slack_review_channels=REVIEW, slack_app_token=None,
                      **settings)
    app = build_app(config, coach, checker=checker)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    session = aiohttp.ClientSession()
    return SlackEnv(fake=fake, server=server, session=session, bot=app[SLACK]), fake


@pytest_asyncio.fixture
async def slack(coach):
    env, fake = await start_env(coach)
    try:
        yield env
    finally:
        await env.session.close()
        await env.server.close()
        await fake.close()

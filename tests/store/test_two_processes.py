"""Two `python app.py serve` processes sharing one database, as behind a load balancer.

On PostgreSQL (required in CI) and on one SQLite file: a Slack event delivered to one process and
retried to the other is answered exactly once, and a settings change made through one reaches
the checks of the other.
"""
from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from tests.slack.fakes import SECRET, FakeSlack, command_body, event_body, interaction_body, signed_headers

from .conftest import empty_database

pytestmark = pytest.mark.asyncio
ROOT = Path(__file__).resolve().parents[2]
REVIEW = "CREVIEW"
ADMIN = "UADMIN"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    def __init__(self, url: str, fake: FakeSlack, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
        env.update(SLACK_BOT_TOKEN="xoxb-two", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.api_url,
                   SLACK_REVIEW_CHANNELS=REVIEW, DATABASE_URL=url, CHECKPOST_ADMINS=ADMIN,
                   SETTINGS_CACHE_SECONDS="0.5", CHECKPOST_WORKERS="1", PYTHONPATH=str(ROOT))
        self.log = log
        self.popen = subprocess.Popen([sys.executable, "app.py", "serve", "--host", "127.0.0.1", "--port",
                                       str(self.port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                      stderr=log.open("wb"))

    async def healthy(self, session: aiohttp.ClientSession, timeout: float = 90.0) -> None:
        async with asyncio.timeout(timeout):
            while True:
                if self.popen.poll() is not None:
                    raise AssertionError(f"the server exited: {self.log.read_text()[-2000:]}")
                try:
                    async with session.get(self.base + "/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)

    async def post(self, session: aiohttp.ClientSession, body: str, content_type: str,
                   headers: dict | None = None) -> tuple[int, str]:
        all_headers = {**signed_headers(body, content_type=content_type), **(headers or {})}
        async with session.post(self.base + "/slack/events", data=body.encode(), headers=all_headers) as response:
            return response.status, await response.text()

    def stop(self) -> None:
        self.popen.terminate()
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()


@pytest_asyncio.fixture
async def pair(kind, tmp_path):
    db = await empty_database(kind, tmp_path)
    await db.migrate()
    fake = FakeSlack()
    await fake.start()
    fake.users[ADMIN] = {"is_admin": True}
    procs = [Process(db.url, fake, tmp_path / f"server-{n}.log") for n in (1, 2)]
    session = aiohttp.ClientSession()
    try:
        await asyncio.gather(*(p.healthy(session) for p in procs))
        yield procs, fake, session, db
    finally:
        for p in procs:
            p.stop()
        await session.close()
        await fake.close()
        await db.close()
    for p in procs:  # logs hold no draft text
        assert "Grow up" not in p.log.read_text(errors="replace")


async def test_a_retry_reaching_the_other_process_is_answered_once(pair):
    (one, two), fake, session, _ = pair
    event = {"type": "message", "channel": REVIEW, "channel_type": "channel", "user": "UWRITER",
             "text": "Grow up, nobody cares about your bins.", "ts": "1700000000.000200"}
    body = event_body(event, event_id="EvTwo1")
    assert (await one.post(session, body, "application/json"))[0] == 200
    retry = event_body(event, event_id="EvTwo1")
    assert (await two.post(session, retry, "application/json",
                           {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}))[0] == 200
    await fake.wait_until(lambda: fake.named("chat.postMessage"), timeout=30)
    # A second answer, if there were one, would follow within moments; give it time to show.
    await asyncio.sleep(2.0)
    assert len(fake.named("chat.postMessage")) == 1


async def test_a_settings_change_through_one_process_reaches_checks_in_the_other(pair):
    (one, two), fake, session, _ = pair
    draft = "Thanks, the bins on Elm Road will be collected tomorrow."

    async def check_through_two(n: int) -> str:
        hook = f"two-{n}"
        body = command_body(draft, response_url=fake.hook_url(hook), trigger=f"t.{n}")
        assert (await two.post(session, body, "application/x-www-form-urlencoded"))[0] == 200
        await fake.wait_until(lambda: any(name == hook for name, _ in fake.hooks), timeout=30)
        return json.dumps(next(b for name, b in fake.hooks if name == hook))

    assert "Bluesky" not in await check_through_two(0)  # process two has read the settings: none yet
    values = {"platform": {"value": {"type": "static_select", "selected_option": {"value": "bluesky"}}}}
    payload = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": ADMIN, "team_id": "T0001"},
               "api_app_id": "A0001", "token": "legacy", "trigger_id": "1.2.3",
               "view": {"id": "V1", "type": "modal", "callback_id": "checkpost_settings", "team_id": "T0001",
                        "private_metadata": json.dumps({"team": "T0001", "channel": "CGENERAL"}),
                        "state": {"values": values}}}
    status, text = await one.post(session, interaction_body(payload), "application/x-www-form-urlencoded")
    assert status == 200 and "Settings saved" in text
    async with asyncio.timeout(20):  # within seconds (SETTINGS_CACHE_SECONDS=0.5 here), no restart
        n = 1
        while "Bluesky" not in await check_through_two(n):
            n += 1
            await asyncio.sleep(0.2)

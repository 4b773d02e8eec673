"""Checks off the event loop, with a deadline: a draft that would take for ever is answered plainly
while `/healthz` and other drafts are answered meanwhile, over HTTP, in Slack, in Teams and in a batch.

The slow draft and its pack are in tests/deadline.py; Slack and Teams have their own
tests/slack/test_deadline.py and tests/teams/test_deadline.py.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.server import build_app
from bot.settings import Settings
from tests.deadline import FINE, SLOW, pending, pool, slow_pack  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.asyncio
async def test_http_a_slow_draft_answers_503_while_health_and_other_checks_are_answered(pool):
    app = build_app(Settings(_env_file=None), checker=pool)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    async with aiohttp.ClientSession() as session:
        async def post(payload: dict) -> tuple[int, dict]:
            async with session.post(server.make_url("/api/check"), json=payload) as response:
                return response.status, await response.json()

        slow = asyncio.create_task(post({"id": "slow-1", "text": SLOW}))
        async with session.get(server.make_url("/healthz")) as health:
            assert health.status == 200
        status, report = await post({"id": "fine-1", "text": FINE})
        assert status == 200 and report["id"] == "fine-1" and report["verdict"] == "ok"
        assert await pending(slow), "the slow draft was answered before the others"
        status, body = await slow
        assert status == 503 and set(body) == {"id", "error"} and body["id"] == "slow-1"
        assert "deadline" in body["error"]
        status, report = await post({"id": "fine-2", "text": FINE})  # its worker was replaced
        assert status == 200 and report["id"] == "fine-2"
    await server.close()


def test_a_batch_answers_the_slow_line_with_an_error_and_goes_on(slow_pack):
    lines = [{"id": 1, "text": FINE}, {"id": 2, "text": SLOW}, {"id": 3, "text": FINE}]
    env = {**os.environ, "CHECKPOST_CHECK_DEADLINE": "1.5", "CHECKPOST_WORKERS": "2"}
    env.pop("CHECKPOST_RULES", None)
    proc = subprocess.run([sys.executable, "app.py", "check", "--jsonl", "--rules", str(slow_pack)], cwd=ROOT,
                          input="".join(json.dumps(line) + "\n" for line in lines).encode(), capture_output=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    first, second, third = (json.loads(line) for line in proc.stdout.decode().splitlines())
    assert first["id"] == 1 and "verdict" in first
    assert second == {"id": 2, "error": second["error"]} and "deadline" in second["error"]
    assert third["id"] == 3 and "verdict" in third

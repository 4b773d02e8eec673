"""Only requests Slack signed, recently, reach a listener; everything else is a 401 and no action."""
from __future__ import annotations

import time

import pytest

from tests.slack.fakes import event_body

pytestmark = pytest.mark.asyncio

DM = {"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER",
      "text": "Thanks for your message", "ts": "1700000000.000100"}


async def test_forged_signature_is_refused(slack, caplog):
    caplog.set_level("DEBUG", logger="slack_bolt")
    status, _ = await slack.post(event_body(DM), content_type="application/json", secret="not-the-secret")
    assert status == 401
    status, _ = await slack.command("Thanks for your message")  # a good one still works afterwards
    assert status == 200
    await slack.settled(1)
    assert slack.fake.named("chat.postMessage") == []
    assert slack.bot.outcomes.total == 1
    assert "Invalid request signature" in caplog.text  # the fact is logged...
    assert "Thanks for your message" not in caplog.text  # ...but never the draft


async def test_stale_timestamp_is_refused(slack):
    stale = int(time.time()) - 6 * 60
    status, _ = await slack.post(event_body(DM), content_type="application/json", timestamp=stale)
    assert status == 401
    assert slack.fake.calls == [] and slack.bot.outcomes.total == 0


async def test_unsigned_request_is_refused(slack):
    async with slack.session.post(slack.server.make_url("/slack/events"), data=event_body(DM),
                                  headers={"Content-Type": "application/json"}) as response:
        assert response.status == 401
    assert slack.fake.calls == [] and slack.bot.outcomes.total == 0


async def test_url_verification_challenge(slack):
    import json

    status, body = await slack.post(json.dumps({"type": "url_verification", "challenge": "c0ffee",
                                                "token": "legacy"}), content_type="application/json")
    assert status == 200 and "c0ffee" in body

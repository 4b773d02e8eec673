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
    assert "invalid request signature" in caplog.text.lower()  # the fact is logged...
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


@pytest.mark.parametrize("raw, timestamp, content_type", [
    (b"\xff\xfe not UTF-8", "1700000000", "application/json"),
    (b"\xff\xfe not UTF-8", "1700000000", "application/x-www-form-urlencoded"),
    (b"{not json", "1700000000", "application/json"),
    (b"payload=%7Bnot+json", "1700000000", "application/x-www-form-urlencoded"),
    (b'{"type": "event_callback"}', "abc", "application/json"),
    (b"token=x&text=hi", "abc", "application/x-www-form-urlencoded"),
    (b"token=x&text=hi", "", "application/x-www-form-urlencoded"),
    (b"token=x&text=hi", "1e999", "application/x-www-form-urlencoded"),
    (b"token=x&text=hi", "\u0661\u0662", "application/x-www-form-urlencoded"),  # Arabic-Indic digits
    (b'{"type": "event_callback"}', "9" * 40, "application/json"),
])
async def test_an_unsigned_malformed_body_or_timestamp_is_a_401_with_id_and_error(slack, raw, timestamp, content_type):
    import json

    headers = {"Content-Type": content_type, "X-Slack-Signature": "v0=" + "0" * 64}
    if timestamp:
        headers["X-Slack-Request-Timestamp"] = timestamp.encode("utf-8").decode("latin-1")
    async with slack.session.post(slack.server.make_url("/slack/events"), data=raw, headers=headers) as response:
        assert response.status == 401
        assert set(json.loads(await response.text())) == {"id", "error"}
    assert slack.fake.calls == [] and slack.bot.outcomes.total == 0


async def test_a_signed_body_that_is_not_json_is_a_400_not_a_500(slack):
    status, body = await slack.post("{not json", content_type="application/json")
    assert status == 400 and "could not be read" in body

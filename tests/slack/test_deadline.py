"""Slack: a draft past its deadline gets the timeout reply while other requests are answered."""
from __future__ import annotations


import pytest

from bot import wording as w
from tests.deadline import FINE, SLOW, pool, slow_pack  # noqa: F401 (fixtures)

from .conftest import start_env
from .events.test_messages import dm


@pytest.mark.asyncio
async def test_slack_a_slow_draft_gets_the_timeout_reply_after_other_drafts_are_coached(coach, pool, caplog):
    env, fake = await start_env(coach, checker=pool)
    try:
        status, _ = await env.event(dm(SLOW, ts="1700000000.000001"), event_id="EvSlow")
        assert status == 200  # acknowledged at once: the check runs after the ack
        async with env.session.get(env.server.make_url("/healthz")) as health:
            assert health.status == 200
        status, _ = await env.event(dm(FINE, ts="1700000000.000002"), event_id="EvFine")
        assert status == 200
        await env.settled(2)
        fine, slow = fake.named("chat.postMessage")
        assert fine["thread_ts"] == "1700000000.000002" and fine["text"] != w.TOO_UNUSUAL
        assert slow["thread_ts"] == "1700000000.000001" and slow["text"] == w.TOO_UNUSUAL
        assert env.bot.outcomes.counts["timeout"] == 1
        assert "slack check timed out ref=T0001/DASKER/1700000000.000001 length=41" in caplog.text
        assert SLOW not in caplog.text
    finally:
        await env.session.close()
        await env.server.close()
        await fake.close()



"""Teams: a draft past its deadline gets the timeout reply while other requests are answered."""
from __future__ import annotations

import asyncio
import json

import pytest

from bot import wording as w
from tests.deadline import FINE, SLOW, pending, pool, slow_pack  # noqa: F401 (fixtures)

from .conftest import _server, activity, invoke


@pytest.mark.asyncio
async def test_teams_a_slow_draft_gets_the_timeout_reply_while_compose_actions_are_answered(coach, pool, connector):
    runner, server = await _server(coach, checker=pool)
    try:
        slow = asyncio.create_task(server.post(activity(connector.url, text=SLOW)))
        async with server.session.get(server.url + "/healthz") as health:
            assert health.status == 200
        status, body = await server.post(invoke(connector.url, "composeExtension/fetchTask", {
            "commandId": "checkDraft", "commandContext": "message",
            "messagePayload": {"body": {"contentType": "html", "content": f"<p>{FINE}</p>"}}}))
        assert status == 200 and body["task"]["type"] == "continue"
        assert await pending(slow), "the slow draft was answered before the compose action"
        status, _ = await slow
        assert status == 200
        assert [p.body.get("text") for p in connector.posted] == [w.TOO_UNUSUAL]
        # In the compose box, a slow draft is answered inside Teams' 5 s with the same words.
        status, body = await server.post(invoke(connector.url, "composeExtension/submitAction", {
            "commandId": "checkDraft", "commandContext": "compose", "data": {"checkpost": "check", "draft": SLOW}}))
        assert status == 200
        form = json.dumps(body)
        assert w.TOO_UNUSUAL in form
    finally:
        await server.session.close()
        await runner.cleanup()



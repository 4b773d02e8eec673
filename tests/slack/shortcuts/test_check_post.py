"""The "Check this post" message shortcut: coached privately to whoever clicked."""
from __future__ import annotations

import pytest

from bot import wording as w

pytestmark = pytest.mark.asyncio

DRAFT = "--platform bluesky Thanks for your expert opinion, Gary 🙄"


async def test_shortcut_coaches_the_message_privately(slack, coach):
    status, body = await slack.shortcut({"type": "message", "user": "UDRAFTER", "ts": "1700000000.000700",
                                         "text": DRAFT})
    assert status == 200 and body == ""
    await slack.settled(1)
    [(hook, answer)] = slack.fake.hooks
    assert hook == "sc" and answer["response_type"] == "ephemeral"
    # someone else's message: its leading "--platform" is draft text, and the channel default (x) applies
    expected = coach.check({"text": DRAFT})
    assert answer["text"].startswith(w.VERDICT_EMOJI[expected.verdict])
    assert "Checked for X" in answer["blocks"][1]["elements"][0]["text"]
    assert slack.fake.named("chat.postMessage") == []


async def test_shortcut_without_response_url_posts_an_ephemeral(slack):
    await slack.shortcut({"type": "message", "user": "UDRAFTER", "ts": "1700000000.000701",
                          "text": "Thanks, we have passed this on."}, hook=None)
    await slack.settled(1)
    [ephemeral] = slack.fake.named("chat.postEphemeral")
    assert ephemeral["channel"] == "CGENERAL" and ephemeral["user"] == "UCLICKER"


async def test_shortcut_on_a_file_only_message(slack):
    await slack.shortcut({"type": "message", "user": "UDRAFTER", "ts": "1700000000.000702", "text": "",
                          "files": [{"id": "F1"}]})
    await slack.settled(1)
    assert slack.fake.hooks[0][1]["text"] == w.NO_TEXT

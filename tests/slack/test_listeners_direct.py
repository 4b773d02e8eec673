"""Slack's listeners are plain top-level functions: a test calls them directly, with Bolt's
arguments faked, no HTTP and no signature (as in slack-samples/bolt-python-starter-template)."""
from __future__ import annotations

import pytest

from bot import wording as w
from bot.checking import InlineChecker
from bot.intake import Intake
from bot.settings import Settings
from bot.slack.coaching import CONTEXT_KEY, SlackBot
from bot.slack.commands.checkpost import checkpost_command
from bot.slack.events.messages import message_event
from bot.team_context import SettingsContextSource

pytestmark = pytest.mark.asyncio


class Context(dict):
    """Bolt's context is a dict with a few attributes."""

    bot_user_id = "UBOT"


class Client:
    """Records what a listener sends."""

    def __init__(self) -> None:
        self.posted: list[dict] = []

    async def chat_postMessage(self, **kwargs):  # noqa: N802 (slack_sdk's name)
        self.posted.append(kwargs)

    async def reactions_add(self, **kwargs):
        return None


def bot(coach, defaults: str = "") -> SlackBot:
    settings = Settings(_env_file=None, slack_review_channels="CREVIEW")
    return SlackBot(intake=Intake(InlineChecker(coach), SettingsContextSource(defaults)), settings=settings)


async def test_the_command_refuses_a_bad_option_in_its_ack(coach):
    acks: list[dict] = []

    async def ack(**kwargs):
        acks.append(kwargs)

    slack = bot(coach)
    await checkpost_command(ack=ack, command={"text": "--platform tiktok hi", "team_id": "T1", "channel_id": "C1"},
                            context=Context({CONTEXT_KEY: slack}))
    (answer,) = acks
    assert answer["response_type"] == "ephemeral" and "tiktok" in answer["text"]
    assert slack.outcomes.counts["notice"] == 1


async def test_a_dm_is_coached_in_its_thread_with_options_in_any_order(coach):
    slack, client = bot(coach, "*=threads"), Client()
    event = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "ts": "1.1",
             "text": "--pre-election --platform bluesky Thanks for getting in touch about the bins."}
    await message_event(event=event, body={"team_id": "T1"}, context=Context({CONTEXT_KEY: slack}), client=client)
    (post,) = client.posted
    assert post["thread_ts"] == "1.1" and post["text"] != w.CHECK_FAILED
    context = str(post["blocks"][1])
    assert "Bluesky" in context and "pre-election" in context
    assert slack.outcomes.counts["coached"] == 1

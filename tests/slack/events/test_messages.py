"""DMs, @mentions and review channels end to end, with the deliveries Slack really makes:
retries, the same mention twice, the bot's own messages, edits and file-only posts."""
from __future__ import annotations

import json

import pytest

from bot import wording as w
from tests.slack.conftest import REVIEW
from tests.slack.fakes import BOT_ID, BOT_USER

pytestmark = pytest.mark.asyncio

DRAFT = "Thanks for your expert opinion, Gary 🙄 ring me on 07700 900123"
CLEAN = "Thanks for letting us know. The bins on Elm Road will be collected tomorrow."


def dm(text: str, ts: str = "1700000000.000100", **extra) -> dict:
    return {"type": "message", "channel": "DASKER", "channel_type": "im", "user": "UASKER", "text": text,
            "ts": ts, "event_ts": ts, **extra}


def channel_message(text: str, channel: str = REVIEW, ts: str = "1700000000.000200", **extra) -> dict:
    return {"type": "message", "channel": channel, "channel_type": "channel", "user": "UASKER", "text": text,
            "ts": ts, "event_ts": ts, **extra}


def mention(text: str, channel: str = "CGENERAL", ts: str = "1700000000.000300", **extra) -> dict:
    return {"type": "app_mention", "channel": channel, "user": "UASKER", "text": text, "ts": ts,
            "event_ts": ts, **extra}


def title(report) -> str:
    return w.VERDICT_EMOJI[report.verdict] + " " + w.VERDICT_TITLE[report.verdict]


async def test_dm_is_coached_in_its_thread(slack, coach):
    status, _ = await slack.event(dm(DRAFT))
    assert status == 200
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert post["channel"] == "DASKER" and post["thread_ts"] == "1700000000.000100"
    assert post["text"].startswith(title(coach.check({"text": DRAFT})))
    assert slack.fake.named("reactions.add") == []  # reactions are for review channels


async def test_retried_event_is_coached_once(slack):
    await slack.event(dm(DRAFT), event_id="EvRETRY")
    await slack.settled(1)
    status, _ = await slack.event(dm(DRAFT), event_id="EvRETRY",
                                  headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    await slack.settled(2)
    assert slack.bot.outcomes.counts["duplicate"] == 1
    assert len(slack.fake.named("chat.postMessage")) == 1


async def test_the_bots_own_message_is_ignored(slack):
    own = dm("Worth revising before you post", ts="1700000000.000900", user=BOT_USER, bot_id=BOT_ID)
    own_by_user = dm("Good to post", ts="1700000000.000901", user=BOT_USER)
    await slack.event(own, event_id="EvOWN")
    await slack.event(own_by_user, event_id="EvOWN2")
    # a real draft afterwards: once it is answered, the bot's own messages have long been dropped
    await slack.event(dm(CLEAN, ts="1700000000.000950"), event_id="EvAFTER")
    await slack.fake.wait_until(lambda: slack.fake.named("chat.postMessage"))
    await slack.settled(1)
    posts = slack.fake.named("chat.postMessage")
    assert [p["thread_ts"] for p in posts] == ["1700000000.000950"]


async def test_other_bots_and_edits_are_ignored(slack):
    await slack.event(channel_message(DRAFT, user="UOTHER", bot_id="BOTHER", subtype="bot_message",
                                      ts="1700000000.000401"), event_id="Ev1")
    await slack.event(dm(DRAFT, ts="1700000000.000402", bot_id="BOTHER", user="UOTHERBOT"), event_id="Ev2")
    edited = {"type": "message", "subtype": "message_changed", "channel": "DASKER", "channel_type": "im",
              "ts": "1700000000.000403", "message": {"type": "message", "user": "UASKER", "text": DRAFT,
                                                     "ts": "1700000000.000100"}}
    deleted = {"type": "message", "subtype": "message_deleted", "channel": "DASKER", "channel_type": "im",
               "ts": "1700000000.000404", "deleted_ts": "1700000000.000100"}
    await slack.event(edited, event_id="Ev3")
    await slack.event(deleted, event_id="Ev4")
    await slack.settled(4)
    assert slack.bot.outcomes.counts["ignored"] == 4
    assert slack.sent() == []


async def test_review_channel_draft_gets_a_thread_reply_and_a_reaction(slack, coach):
    await slack.event(channel_message(DRAFT))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert post["channel"] == REVIEW and post["thread_ts"] == "1700000000.000200"
    [reaction] = slack.fake.named("reactions.add")
    expected = coach.check({"text": DRAFT})
    assert (reaction["channel"], reaction["timestamp"], reaction["name"]) == (
        REVIEW, "1700000000.000200", w.VERDICT_REACTION[expected.verdict])


async def test_review_channel_ignores_thread_replies_and_link_only_posts(slack):
    await slack.event(channel_message(DRAFT, ts="1700000000.000501", thread_ts="1700000000.000200"), event_id="Ev1")
    await slack.event(channel_message("<https://www.example.gov.uk/bins>", ts="1700000000.000502"), event_id="Ev2")
    await slack.event(channel_message(DRAFT, channel="COTHER", ts="1700000000.000503"), event_id="Ev3")
    await slack.settled(3)
    assert slack.sent() == [] and slack.fake.named("reactions.add") == []


async def test_file_only_dm_gets_no_text_answer(slack):
    await slack.event(dm("", subtype="file_share", files=[{"id": "F1", "name": "draft.png"}]))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert post["text"] == w.NO_TEXT and post["thread_ts"] == "1700000000.000100"


async def test_mention_is_coached_once_in_its_thread(slack, coach):
    text = f"<@{BOT_USER}> {DRAFT}"
    await slack.event(mention(text, channel=REVIEW), event_id="EvMENTION")
    # the same message as message.channels: the mention handler owns it
    await slack.event(channel_message(text, ts="1700000000.000300"), event_id="EvMESSAGE")
    await slack.settled(2)
    [post] = slack.fake.named("chat.postMessage")
    assert post["channel"] == REVIEW and post["thread_ts"] == "1700000000.000300"
    assert post["text"].startswith(title(coach.check({"text": DRAFT})))
    [reaction] = slack.fake.named("reactions.add")
    assert reaction["timestamp"] == "1700000000.000300"


async def test_bare_mention_in_a_thread_coaches_the_parent(slack, coach):
    parent_ts = "1700000000.000010"
    slack.fake.replies[("CGENERAL", parent_ts)] = [
        {"type": "message", "user": "UDRAFTER", "text": DRAFT, "ts": parent_ts, "thread_ts": parent_ts},
        {"type": "message", "user": "UASKER", "text": f"<@{BOT_USER}>", "ts": "1700000000.000300",
         "thread_ts": parent_ts}]
    await slack.event(mention(f"<@{BOT_USER}>", thread_ts=parent_ts))
    await slack.settled(1)
    [replies] = slack.fake.named("conversations.replies")
    assert replies["channel"] == "CGENERAL" and replies["ts"] == parent_ts
    [post] = slack.fake.named("chat.postMessage")
    assert post["thread_ts"] == parent_ts
    assert post["text"].startswith(title(coach.check({"text": DRAFT})))


async def test_bare_mention_at_top_level_explains_itself(slack):
    await slack.event(mention(f"<@{BOT_USER}>  "))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert post["text"] == w.MENTION_USAGE and post["thread_ts"] == "1700000000.000300"


async def test_mention_with_unknown_option(slack):
    await slack.event(mention(f"<@{BOT_USER}> --tone friendly {CLEAN}"))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert "I don't know the option --tone" in post["text"]


async def test_broadcast_mentions_never_ping(slack):
    draft = ("<!channel> <!here> <!everyone> <@U0JANE> <@U0BOB|bob> <!subteam^S0COMMS|@comms> "
             "&lt;!channel&gt; @here Thanks for your expert opinion, Gary 🙄 ring 07700 900123")
    await slack.event(dm(draft))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    sent = json.dumps(post, ensure_ascii=False)
    for token in ("<!", "<@", "<#"):
        assert token not in sent
    for word in ("@here", "@channel", "@everyone"):
        assert word not in sent
    assert "link_names" not in post and post.get("parse") in (None, "none")
    for block in post["blocks"]:
        for text in [block.get("text")] + block.get("elements", []):
            if text and text.get("type") == "mrkdwn":
                assert text["verbatim"] is True


async def test_coaching_failure_tells_the_user(coach, caplog):
    from tests.slack.conftest import start_env

    class BrokenCoach:
        def check(self, request, policy=None):
            raise RuntimeError(f"engine fell over on {request.text}")

    env, fake = await start_env(BrokenCoach())
    try:
        await env.event(dm("A secret draft about Mrs Smith"))
        await env.command("Another secret draft", hook="cmd")
        await env.settled(2)
        [post] = fake.named("chat.postMessage")
        assert post["text"] == w.CHECK_FAILED
        assert fake.hooks[0][1]["text"] == w.CHECK_FAILED
        assert "secret draft" not in caplog.text and "RuntimeError" in caplog.text
    finally:
        await env.session.close()
        await env.server.close()
        await fake.close()


async def test_rate_limited_and_failing_calls_are_retried(slack):
    from aiohttp import web

    slack.fake.failures["chat.postMessage"] = [web.json_response({"ok": False, "error": "ratelimited"},
                                                                 status=429, headers={"Retry-After": "0"})]
    slack.fake.failures["reactions.add"] = [web.Response(status=503, text="upstream busy")]
    await slack.event(channel_message(CLEAN))
    await slack.settled(1)
    assert slack.bot.outcomes.counts["coached"] == 1
    assert len(slack.fake.named("chat.postMessage")) == 2
    assert len(slack.fake.named("reactions.add")) == 2


async def test_a_rejected_reply_becomes_a_check_failed_notice(slack, caplog):
    from aiohttp import web

    slack.fake.failures["chat.postMessage"] = [web.json_response({"ok": False, "error": "invalid_blocks"})]
    await slack.event(dm("A private draft about Mrs Smith's housing case"))
    await slack.settled(1)
    first, second = slack.fake.named("chat.postMessage")
    assert second["text"] == w.CHECK_FAILED and second["thread_ts"] == first["thread_ts"]
    assert slack.bot.outcomes.counts["failed"] == 1
    assert "Mrs Smith" not in caplog.text and "SlackApiError" in caplog.text


async def test_a_failed_reaction_does_not_undo_the_coaching(slack):
    from aiohttp import web

    slack.fake.failures["reactions.add"] = [web.json_response({"ok": False, "error": "missing_scope"})]
    await slack.event(channel_message(CLEAN))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    assert post["text"] != w.CHECK_FAILED
    assert slack.bot.outcomes.counts["coached"] == 1


async def test_link_only_dm_gets_no_text_answer_and_blank_is_ignored(slack):
    await slack.event(dm("<https://www.example.gov.uk/bins|example.gov.uk/bins>"), event_id="Ev1")
    await slack.event(dm("   ", ts="1700000000.000101"), event_id="Ev2")
    await slack.settled(2)
    [post] = slack.fake.named("chat.postMessage")
    assert post["text"] == w.NO_TEXT
    assert slack.bot.outcomes.counts["ignored"] == 1


async def test_a_quoted_bad_option_cannot_ping(slack):
    await slack.event(mention(f"<@{BOT_USER}> --platform <!here> {CLEAN}"))
    await slack.settled(1)
    [post] = slack.fake.named("chat.postMessage")
    sent = json.dumps(post, ensure_ascii=False)
    assert "isn't something --platform knows" in post["text"]
    assert "<!" not in sent and "@here" not in sent

"""/checkpost end to end: signed request in, ack, then the coaching privately via response_url."""
from __future__ import annotations

import json

import pytest

from bot import wording as w

pytestmark = pytest.mark.asyncio

DRAFT = "Thanks for your expert opinion, Gary 🙄 ring me on 07700 900123"


async def test_command_acks_then_answers_privately_once(slack, coach):
    status, body = await slack.command(DRAFT, hook="one")
    assert status == 200
    assert body == ""  # an empty ack: the coaching follows through response_url
    await slack.settled(1)
    assert [name for name, _ in slack.fake.hooks] == ["one"]
    _, answer = slack.fake.hooks[0]
    assert answer["response_type"] == "ephemeral"
    expected = coach.check({"text": DRAFT})
    assert answer["text"].startswith(w.VERDICT_EMOJI[expected.verdict] + " " + w.VERDICT_TITLE[expected.verdict])
    assert answer["blocks"][0]["type"] == "header"
    assert slack.fake.named("chat.postMessage") == []  # nothing public


async def test_options_lead_the_draft(slack, coach):
    await slack.command("--platform bluesky --account councillor Thanks for getting in touch about the bins.")
    await slack.settled(1)
    _, answer = slack.fake.hooks[0]
    context = json.dumps(answer["blocks"][1])
    assert "Bluesky" in context and "councillor account" in context
    expected = coach.check({"text": "Thanks for getting in touch about the bins.", "platform": "bluesky",
                            "account": "councillor"})
    assert w.length_line(expected) in context


async def test_empty_command_answers_usage_in_the_ack(slack):
    status, body = await slack.command("   ")
    assert status == 200
    ack = json.loads(body)
    assert ack["response_type"] == "ephemeral"
    assert "/checkpost --platform bluesky" in ack["text"]
    await slack.settled(1)
    assert slack.fake.hooks == []


async def test_unknown_option_gets_a_polite_answer(slack):
    status, body = await slack.command("--colour red Thanks for your message")
    assert status == 200
    assert "I don't know the option --colour" in json.loads(body)["text"]
    await slack.settled(1)
    assert slack.fake.hooks == []


async def test_bad_option_value_is_escaped(slack):
    status, body = await slack.command("--platform <!channel> hi")
    text = json.loads(body)["text"]
    assert status == 200
    assert "<!" not in text and "@\u200bchannel" in text


async def test_over_limit_draft_is_refused_politely(slack):
    status, body = await slack.command("a" * 40_001)
    assert status == 200
    assert json.loads(body)["text"] == w.TOO_LONG
    await slack.settled(1)
    assert slack.fake.hooks == []


async def test_options_with_no_draft(slack):
    status, body = await slack.command("--platform x")
    assert json.loads(body)["text"] == w.EMPTY_DRAFT


async def test_channel_defaults_apply(coach):
    from tests.slack.conftest import start_env

    env, fake = await start_env(coach, slack_channel_defaults="CBSKY=bluesky/councillor,*=threads")
    try:
        await env.command("Thanks for the update on the library.", hook="bsky", channel="CBSKY")
        await env.command("Thanks for the update on the library.", hook="other", channel="COTHER")
        await env.settled(2)
        by_hook = {name: json.dumps(body["blocks"][1]) for name, body in fake.hooks}
        assert "Bluesky" in by_hook["bsky"] and "councillor account" in by_hook["bsky"]
        assert "Threads" in by_hook["other"] and "council account" in by_hook["other"]
    finally:
        await env.session.close()
        await env.server.close()
        await fake.close()


async def test_broadcast_mentions_in_a_command_never_ping(slack):
    await slack.command("<!channel> <!here> <@U0JANE|jane> <!subteam^S0COMMS|@comms> @everyone "
                        "Thanks for your expert opinion, Gary 🙄 call 07700 900123")
    await slack.settled(1)
    [(_, answer)] = slack.fake.hooks
    sent = json.dumps(answer, ensure_ascii=False)
    for token in ("<!", "<@", "@here", "@channel", "@everyone"):
        assert token not in sent

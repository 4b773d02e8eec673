"""Drafts that arrive as messages: DMs to the bot, @mentions, and review-channel posts.

Who handles what, so that each message is coached once:
- `message` events (`message.im`, `message.channels`, `message.groups`) handle DMs and top-level
  posts in review channels, but leave any message that mentions the bot to `app_mention`.
- `app_mention` handles mentions everywhere; with no draft inside a thread it coaches the
  thread's parent.
- Both claim the message's team/channel/ts in the handled store first, so a retry
  (`X-Slack-Retry-Num`) or a second delivery does nothing.

Quietly ignored: the bot's own and other bots' messages, edits, deletions and other subtypes,
thread replies in review channels, and messages in channels that are not review channels.
A file-only or link-only message gets NO_TEXT where someone asked for a check (a DM or a
mention); in a review channel it is ignored, since people share files there that are not drafts.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from ... import wording as w
from ...intake import Outcome, Refused, Submission, log_failure, notice, nothing_to_check, read_options
from ..coaching import CONTEXT_KEY, Answer, SlackBot, answer_for, where
from ..dedupe import draft_key
from ..escape import is_link_only, slack_to_plain, strip_mention
from ..send import add_reaction, post_in_thread

# Subtypes that are still a person's message; everything else (edits, deletions, joins,
# bot_message, thread_broadcast...) is ignored.
HUMAN_SUBTYPES = {None, "file_share"}


def _from_a_bot(event: dict, context: AsyncBoltContext) -> bool:
    """The bot's own messages and every other bot's: answering them is how self-reply loops start."""
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message" or not event.get("user")
                or event.get("user") == context.bot_user_id)


def _mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}" in text


def _is_top_level(event: dict) -> bool:
    return event.get("thread_ts") in (None, event.get("ts"))


async def _deliver(bot: SlackBot, client: AsyncWebClient, event: dict, answer: Answer, ref: str,
                   *, thread_ts: str, react: bool) -> None:
    channel = event["channel"]
    await post_in_thread(client, channel, thread_ts, answer.text, answer.blocks)
    if react and answer.report is not None:
        try:
            await add_reaction(client, channel, event["ts"], w.VERDICT_REACTION[answer.report.verdict])
        except Exception as exc:  # the coaching is in the thread already; the reaction is a nicety
            log_failure("slack", "reaction", ref, exc)
    bot.outcomes.record(answer.outcome)


async def _guarded(bot: SlackBot, client: AsyncWebClient, event: dict, body: dict, handler) -> None:
    """Run a handler; if anything fails, the one fallback says so in the thread (once claimed)."""
    thread: dict[str, str] = {}
    ref = f"{body.get('team_id')}/{event.get('channel')}/{event.get('ts')}"
    try:
        await handler(thread)
    except Exception as exc:
        async def say(answer: Answer) -> None:
            if "thread_ts" in thread:
                await post_in_thread(client, event["channel"], thread["thread_ts"], answer.text, answer.blocks)
        await bot.fail_safely("message", ref, exc, say)


async def message_event(event: dict, body: dict, context: AsyncBoltContext, client: AsyncWebClient) -> None:
    """The listener for `message` events; Bolt passes the bot in its context."""
    bot: SlackBot = context[CONTEXT_KEY]
    await _guarded(bot, client, event, body, lambda thread: handle_message(bot, event, body, context, client, thread))


async def app_mention_event(event: dict, body: dict, context: AsyncBoltContext, client: AsyncWebClient) -> None:
    """The listener for `app_mention` events; Bolt passes the bot in its context."""
    bot: SlackBot = context[CONTEXT_KEY]
    await _guarded(bot, client, event, body, lambda thread: handle_mention(bot, event, body, context, client, thread))


def register(app: AsyncApp) -> None:
    app.event("message")(message_event)
    app.event("app_mention")(app_mention_event)


async def _claim(bot: SlackBot, event: dict, body: dict, thread: dict[str, str]) -> tuple[str, str] | None:
    """Claim the draft so it is coached once (retries and the mention's second delivery are
    dropped); give its log reference and the thread to answer in, or None if already handled."""
    channel, ts = event.get("channel"), event.get("ts")
    if not await bot.store.claim(draft_key(body.get("team_id"), channel, ts)):
        bot.outcomes.record("duplicate")
        return None
    thread["thread_ts"] = thread_ts = event.get("thread_ts") or ts
    return f"{body.get('team_id')}/{channel}/{ts}", thread_ts


def _submission(body: dict, event: dict, text: str, ref: str, **kwargs: object) -> Submission:
    return Submission(text, where(body.get("team_id"), event.get("channel"), event.get("user")), ref,
                      **kwargs)  # type: ignore[arg-type]


async def handle_message(bot: SlackBot, event: dict, body: dict, context: AsyncBoltContext,
                         client: AsyncWebClient, thread: dict[str, str]) -> None:
    channel, ts = event.get("channel"), event.get("ts")
    raw = event.get("text") or ""
    is_dm = event.get("channel_type") == "im"
    in_review = channel in bot.review_channels and _is_top_level(event)
    if (event.get("subtype") not in HUMAN_SUBTYPES or _from_a_bot(event, context)
            or not (is_dm or in_review) or not channel or not ts
            or (not is_dm and _mentions(raw, context.bot_user_id))):
        bot.outcomes.record("ignored")
        return
    claimed = await _claim(bot, event, body, thread)
    if claimed is None:
        return
    ref, thread_ts = claimed
    raw = strip_mention(raw, context.bot_user_id)
    if not raw.strip() or is_link_only(raw):
        if is_dm and (event.get("files") or raw.strip()):
            await _deliver(bot, client, event, answer_for(nothing_to_check()), ref, thread_ts=thread_ts, react=False)
        else:
            bot.outcomes.record("ignored")
        return
    answer = await bot.answer(_submission(body, event, slack_to_plain(raw), ref))
    await _deliver(bot, client, event, answer, ref, thread_ts=thread_ts, react=in_review)


async def handle_mention(bot: SlackBot, event: dict, body: dict, context: AsyncBoltContext,
                         client: AsyncWebClient, thread: dict[str, str]) -> None:
    channel, ts = event.get("channel"), event.get("ts")
    if _from_a_bot(event, context) or not channel or not ts or event.get("subtype") not in HUMAN_SUBTYPES:
        bot.outcomes.record("ignored")
        return
    claimed = await _claim(bot, event, body, thread)
    if claimed is None:
        return
    ref, thread_ts = claimed
    raw = strip_mention(event.get("text") or "", context.bot_user_id)
    react = channel in bot.review_channels and _is_top_level(event)
    if is_link_only(raw) or (not raw.strip() and event.get("files")):
        await _deliver(bot, client, event, answer_for(nothing_to_check()), ref, thread_ts=thread_ts, react=False)
        return
    try:
        text, options = read_options(slack_to_plain(raw))
    except Refused as exc:
        answer = answer_for(notice(str(exc)))
    else:
        if text:
            answer = await bot.answer(_submission(body, event, text, ref, options=False, chosen=options))
        elif not _is_top_level(event):
            answer = await _coach_parent(bot, client, body, event, options, ref, context)
        else:
            answer = answer_for(notice(w.MENTION_USAGE))
    await _deliver(bot, client, event, answer, ref, thread_ts=thread_ts, react=react)


async def _coach_parent(bot: SlackBot, client: AsyncWebClient, body: dict, event: dict, options: dict,
                        ref: str, bolt_context: AsyncBoltContext) -> Answer:
    """A bare @mention inside a thread: coach the message that started the thread."""
    channel, parent_ts = event["channel"], event["thread_ts"]
    try:
        replies = await client.conversations_replies(channel=channel, ts=parent_ts, limit=1, inclusive=True)
    except Exception as exc:
        log_failure("slack", "conversations.replies", ref, exc)
        return answer_for(Outcome("failed", message=w.CHECK_FAILED))
    parent = next((m for m in replies.get("messages") or [] if m.get("ts") == parent_ts), None)
    raw = strip_mention((parent or {}).get("text") or "", bolt_context.bot_user_id)
    if not raw.strip() or is_link_only(raw):
        return answer_for(nothing_to_check())
    return await bot.answer(_submission(body, event, slack_to_plain(raw), f"{ref}>parent:{parent_ts}",
                                        options=False, chosen=options))

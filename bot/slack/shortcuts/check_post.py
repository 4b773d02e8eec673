"""Message shortcut "Check this post" (callback id `check_post`): any message, coached privately.

The message is someone's draft, not a command, so leading `--options` in it are left as text
and the channel's defaults apply.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from ...intake import Submission, nothing_to_check
from ..coaching import CONTEXT_KEY, Answer, SlackBot, answer_for, where
from ..escape import is_link_only, slack_to_plain
from ..send import respond_privately

CALLBACK_ID = "check_post"


async def _send(client: AsyncWebClient, body: dict, answer: Answer) -> None:
    if body.get("response_url"):
        await respond_privately(body["response_url"], answer.text, answer.blocks)
    else:  # older payloads carry no response_url: an ephemeral message does the same job
        await client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                        text=answer.text, blocks=answer.blocks)


async def check_post_shortcut(ack: AsyncAck, body: dict, client: AsyncWebClient, context: AsyncBoltContext) -> None:
    """The listener for the message shortcut; Bolt passes the bot in its context."""
    await ack()
    bot: SlackBot = context[CONTEXT_KEY]
    channel = (body.get("channel") or {}).get("id")
    message = body.get("message") or {}
    team = (body.get("team") or {}).get("id")
    ref = f"{team}/{channel}/{message.get('ts')}:shortcut"
    try:
        raw = message.get("text") or ""
        if not raw.strip() or is_link_only(raw):
            answer = answer_for(nothing_to_check())
        else:
            user = (body.get("user") or {}).get("id")
            answer = await bot.answer(Submission(slack_to_plain(raw), where(team, channel, user), ref, options=False))
        await _send(client, body, answer)
    except Exception as exc:
        await bot.fail_safely("shortcut", ref, exc, lambda failed: _send(client, body, failed))
        return
    bot.outcomes.record(answer.outcome)


def register(app: AsyncApp) -> None:
    app.message_shortcut(CALLBACK_ID)(check_post_shortcut)

"""Message shortcut "Check this post" (callback id `check_post`): any message, coached privately.

The message is someone's draft, not a command, so leading `--options` in it are left as text
and the channel's defaults apply.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from ... import wording as w
from ..coaching import Answer, Notice, SlackBot, log_failure, notice
from ..escape import is_link_only, slack_to_plain
from ..send import respond_privately

CALLBACK_ID = "check_post"


async def _send(client: AsyncWebClient, body: dict, answer: Answer) -> None:
    if body.get("response_url"):
        await respond_privately(body["response_url"], answer.text, answer.blocks)
    else:  # older payloads carry no response_url: an ephemeral message does the same job
        await client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                        text=answer.text, blocks=answer.blocks)


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.message_shortcut(CALLBACK_ID)
    async def check_post(ack: AsyncAck, body: dict, client: AsyncWebClient) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id")
        message = body.get("message") or {}
        ref = f"{(body.get('team') or {}).get('id')}/{channel}/{message.get('ts')}:shortcut"
        try:
            raw = message.get("text") or ""
            if not raw.strip() or is_link_only(raw):
                answer = notice(w.NO_TEXT)
            else:
                try:
                    answer = bot.answer(bot.prepare(slack_to_plain(raw), channel, options=False), ref)
                except Notice as exc:
                    answer = notice(str(exc))
            await _send(client, body, answer)
        except Exception as exc:
            log_failure("shortcut", ref, exc)
            try:
                await _send(client, body, notice(w.CHECK_FAILED, "failed"))
            except Exception as again:
                log_failure("shortcut failure notice", ref, again)
            bot.outcomes.record("failed")
            return
        bot.outcomes.record(answer.outcome)

"""`/checkpost [--platform x] [--account council] <draft>`: coached privately to whoever asked.

Usage help and polite refusals (unknown option, empty or over-long draft) go back in the ack
itself: they cost nothing, so the person sees them at once. A real draft is acked empty first,
and the coaching follows through the command's response_url as an ephemeral message.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp

from ... import wording as w
from ..coaching import Notice, SlackBot, log_failure, notice
from ..escape import escape, slack_to_plain
from ..send import respond_privately

COMMAND = "/checkpost"


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.command(COMMAND)
    async def checkpost(ack: AsyncAck, command: dict) -> None:
        channel = command.get("channel_id")
        ref = f"{command.get('team_id')}/{channel}/cmd:{command.get('trigger_id', '-')}"
        acked = False

        async def ack_once(**kwargs: object) -> None:
            nonlocal acked
            acked = True
            await ack(**kwargs)

        try:
            await _handle(bot, ack_once, command, channel, ref)
        except Exception as exc:  # never a 500 and never silence, whatever went wrong
            log_failure("command", ref, exc)
            if not acked:
                await ack(response_type="ephemeral", text=escape(w.CHECK_FAILED))
            elif command.get("response_url"):
                try:
                    await respond_privately(command["response_url"], w.CHECK_FAILED, notice(w.CHECK_FAILED).blocks)
                except Exception as again:
                    log_failure("command failure notice", ref, again)
            bot.outcomes.record("failed")


async def _handle(bot: SlackBot, ack, command: dict, channel: str | None, ref: str) -> None:
    raw = command.get("text") or ""
    if not raw.strip():
        await ack(response_type="ephemeral", text=escape(w.USAGE))
        bot.outcomes.record("notice")
        return
    try:
        request = bot.prepare(slack_to_plain(raw), channel)
    except Notice as exc:
        await ack(response_type="ephemeral", text=escape(str(exc)))
        bot.outcomes.record("notice")
        return
    await ack()
    answer = bot.answer(request, ref)
    await respond_privately(command["response_url"], answer.text, answer.blocks)
    bot.outcomes.record(answer.outcome)

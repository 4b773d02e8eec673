"""`/checkpost [--platform x] [--account council] <draft>`: coached privately to whoever asked.

Usage help and polite refusals (unknown option, empty or over-long draft) go back in the ack
itself: they cost nothing, so the person sees them at once. A real draft is acked empty first,
and the coaching follows through the command's response_url as an ephemeral message.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp

from ... import wording as w
from ..coaching import Notice, SlackBot, log_failure
from ..escape import escape, slack_to_plain
from ..send import respond_privately

COMMAND = "/checkpost"


def register(app: AsyncApp, bot: SlackBot) -> None:
    @app.command(COMMAND)
    async def checkpost(ack: AsyncAck, command: dict) -> None:
        channel = command.get("channel_id")
        ref = f"{command.get('team_id')}/{channel}/cmd:{command.get('trigger_id', '-')}"
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
        try:
            await respond_privately(command["response_url"], answer.text, answer.blocks)
        except Exception as exc:
            log_failure("respond", ref, exc)
            bot.outcomes.record("failed")
            return
        bot.outcomes.record(answer.outcome)




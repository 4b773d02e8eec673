"""`/checkpost [--platform x] [--account council] <draft>`: coached privately to whoever asked.

Usage help and polite refusals (unknown option, empty or over-long draft) go back in the ack
itself: they cost nothing, so the person sees them at once. A real draft is acked empty first,
and the coaching follows through the command's response_url as an ephemeral message.
"""
from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from ... import wording as w
from ...intake import Outcome, Submission
from ..coaching import CONTEXT_KEY, Answer, SlackBot, answer_for, where
from ..escape import escape, slack_to_plain
from ..send import respond_privately

COMMAND = "/checkpost"


async def checkpost_command(ack: AsyncAck, command: dict, context: AsyncBoltContext) -> None:
    """The listener for `/checkpost`; Bolt passes the bot in its context (see bot.slack.mount)."""
    bot: SlackBot = context[CONTEXT_KEY]
    channel = command.get("channel_id")
    ref = f"{command.get('team_id')}/{channel}/cmd:{command.get('trigger_id', '-')}"
    acked = False

    async def ack_once(**kwargs: object) -> None:
        nonlocal acked
        acked = True
        await ack(**kwargs)

    async def send_failure(answer: Answer) -> None:
        if not acked:
            await ack(response_type="ephemeral", text=answer.text)
        elif command.get("response_url"):
            await respond_privately(command["response_url"], answer.text, answer.blocks)

    try:
        await _handle(bot, ack_once, command, channel, ref)
    except Exception as exc:  # never a 500 and never silence, whatever went wrong
        await bot.fail_safely("command", ref, exc, send_failure)


async def _handle(bot: SlackBot, ack, command: dict, channel: str | None, ref: str) -> None:
    raw = command.get("text") or ""
    if not raw.strip():
        await ack(response_type="ephemeral", text=escape(w.USAGE))
        bot.outcomes.record("notice")
        return
    submission = Submission(slack_to_plain(raw), where(command.get("team_id"), channel, command.get("user_id")), ref)
    prepared = await bot.intake.prepare(submission)
    if isinstance(prepared, Outcome):  # refused: say why in the ack itself
        await ack(response_type="ephemeral", text=answer_for(prepared).text)
        bot.outcomes.record("notice")
        return
    await ack()
    answer = bot.render(await bot.intake.run(prepared), prepared.where)
    await respond_privately(command["response_url"], answer.text, answer.blocks)
    bot.outcomes.record(answer.outcome)


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(checkpost_command)

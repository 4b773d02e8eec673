"""What every Slack listener shares: turning Slack text into a check, running it, and rendering.

The listeners decide where an answer goes; this module decides what it says. Nothing here logs
a draft's text: only references (team/channel/ts), lengths and rule ids.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field

from rules import CheckError, CheckRequest, Coach, Report, parse_request
from rules.models import ACCOUNTS, MAX_TEXT, PLATFORMS

from .. import wording as w
from ..settings import Settings
from ..team_store import TeamStore
from .blocks import notice_blocks, report_blocks, summary_text
from .dedupe import HandledStore, MemoryHandledStore
from .escape import escape
from ..options import OptionsError, parse_options
from .outcomes import Outcome, Outcomes

log = logging.getLogger("checkpost.slack")


class Notice(Exception):
    """A short, polite answer instead of a report (empty draft, bad option, too long...)."""


@dataclass(frozen=True)
class Answer:
    """What to send: Block Kit plus the fallback text, and the outcome it stands for."""

    text: str
    blocks: list[dict]
    outcome: Outcome
    report: Report | None = None


def parse_channel_defaults(spec: str) -> dict[str, dict[str, str]]:
    """`C0123=bluesky/councillor,C0456=x,*=x/council` -> {channel: {"platform", "account"}}.

    `*` sets the default for every channel not named. A bad entry is an error at start-up,
    not a surprise in the middle of a check.
    """
    defaults: dict[str, dict[str, str]] = {}
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        channel, sep, value = entry.partition("=")
        if not sep or not channel.strip():
            raise ValueError(f"SLACK_CHANNEL_DEFAULTS entry {entry!r} should look like C0123=bluesky/councillor")
        context: dict[str, str] = {}
        for part in (p.strip().lower() for p in value.split("/") if p.strip()):
            if part in PLATFORMS:
                context["platform"] = part
            elif part in ACCOUNTS:
                context["account"] = part
            else:
                raise ValueError(f"SLACK_CHANNEL_DEFAULTS: {part!r} is neither a platform nor an account")
        defaults[channel.strip()] = context
    return defaults


@dataclass
class SlackBot:
    coach: Coach
    settings: Settings
    store: HandledStore = field(default_factory=MemoryHandledStore)
    outcomes: Outcomes = field(default_factory=Outcomes)
    team_store: TeamStore | None = None  # settings and feedback, when the store is on

    def __post_init__(self) -> None:
        self.review_channels = self.settings.review_channels
        self.channel_defaults = parse_channel_defaults(self.settings.slack_channel_defaults)

    def defaults_for(self, channel: str | None) -> dict[str, str]:
        return {**self.channel_defaults.get("*", {}), **self.channel_defaults.get(channel or "", {})}

    def prepare(self, plain: str, channel: str | None, *, options: bool = True,
                extra: dict[str, object] | None = None) -> CheckRequest:
        """A checkable request from a draft as the person sees it; raise Notice otherwise."""
        context: dict[str, object] = {**self.defaults_for(channel), **(extra or {})}
        text = plain
        if options:
            try:
                parsed = parse_options(plain)
            except OptionsError as exc:
                raise Notice(str(exc)) from None
            context.update(parsed.context)
            text = parsed.text
        if not text.strip():
            raise Notice(w.EMPTY_DRAFT)
        if len(text) > MAX_TEXT:
            raise Notice(w.TOO_LONG)
        try:
            return parse_request({"text": text, **context})
        except CheckError as exc:
            raise Notice(str(exc)) from None

    def answer(self, request: CheckRequest, ref: str) -> Answer:
        """Run the coach; a failure becomes the CHECK_FAILED answer, never silence."""
        try:
            report = self.coach.check(request)
        except Exception as exc:  # the engine is someone else's code: never let it go silent
            log_failure("check", ref, exc)
            return notice(w.CHECK_FAILED, "failed")
        log.info("slack check ref=%s length=%d verdict=%s rules=%s", ref, len(request.text), report.verdict,
                 [f.rule for f in report.findings])
        blocks = report_blocks(report, platform=request.platform, account=request.account,
                               pre_election=request.pre_election)
        return Answer(text=summary_text(report), blocks=blocks, outcome="coached", report=report)


def notice(message: str, outcome: Outcome = "notice") -> Answer:
    """A short answer; it may quote what the person typed (a bad option value), so it is escaped."""
    return Answer(text=escape(message), blocks=notice_blocks(message), outcome=outcome)


def log_failure(stage: str, ref: str, exc: BaseException) -> None:
    """Log where it failed without the exception's message, which may quote the draft."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("slack %s failed ref=%s error=%s\n%s", stage, ref, type(exc).__name__, frames)

"""What every Slack listener shares: the intake's answer as Block Kit, and the one fallback.

The listeners decide where an answer goes; the intake (bot/intake.py) decides what is checked and
what a refusal says; this module lays the answer out for Slack. Nothing here logs a draft's text.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from rules import Report

from .. import wording as w
from ..intake import Intake, Outcome, Submission, log_failure
from ..settings import Settings
from ..team_context import Where
from ..team_store import TeamStore
from .blocks import notice_blocks, report_blocks, summary_text
from .dedupe import HandledStore, MemoryHandledStore
from .escape import escape
from .outcomes import Outcome as Delivery
from .outcomes import Outcomes

# The key under which Bolt's context carries the SlackBot to every listener.
CONTEXT_KEY = "checkpost"


@dataclass(frozen=True)
class Answer:
    """What to send: Block Kit plus the fallback text, and the outcome it stands for."""

    text: str
    blocks: list[dict]
    outcome: Delivery
    report: Report | None = None


def where(team: str | None, channel: str | None, user: str | None = None) -> Where:
    return Where("slack", team=team, channel=channel, user=user)


def notice(message: str, outcome: Delivery = "notice") -> Answer:
    """A short answer; it may quote what the person typed (a bad option value), so it is escaped."""
    return Answer(text=escape(message), blocks=notice_blocks(message), outcome=outcome)


def answer_for(outcome: Outcome) -> Answer:
    """The intake's outcome as a Slack message."""
    if outcome.report is not None and outcome.request is not None:
        request = outcome.request
        blocks = report_blocks(outcome.report, platform=request.platform, account=request.account,
                               pre_election=request.pre_election)
        return Answer(text=summary_text(outcome.report), blocks=blocks, outcome="coached", report=outcome.report)
    kind: Delivery = {"failed": "failed", "timeout": "timeout"}.get(outcome.kind, "notice")  # type: ignore[assignment]
    return notice(outcome.message or w.CHECK_FAILED, kind)


@dataclass
class SlackBot:
    intake: Intake
    settings: Settings
    store: HandledStore = field(default_factory=MemoryHandledStore)
    outcomes: Outcomes = field(default_factory=Outcomes)
    team_store: TeamStore | None = None  # settings and feedback, when the store is on

    def __post_init__(self) -> None:
        self.review_channels = self.settings.review_channels

    async def answer(self, submission: Submission) -> Answer:
        return self.render(await self.intake.coach(submission), submission.where)

    def render(self, outcome: Outcome, where: Where) -> Answer:
        """The outcome as a Slack message; with the store on, a coached one also carries "Helpful"
        and "Not right" under each finding, and its rules are counted for the feedback report."""
        if self.team_store is None or outcome.report is None or outcome.request is None or not where.team:
            return answer_for(outcome)
        from .feedback import feedback_block

        check_id = self.team_store.coached(where, outcome.request, outcome.report)
        request = outcome.request
        blocks = report_blocks(outcome.report, platform=request.platform, account=request.account,
                               pre_election=request.pre_election,
                               feedback=lambda index, finding: feedback_block(index, finding, check_id, where))
        return Answer(text=summary_text(outcome.report), blocks=blocks, outcome="coached", report=outcome.report)

    async def fail_safely(self, stage: str, ref: str, exc: BaseException,
                          send: Callable[[Answer], Awaitable[object]] | None) -> None:
        """The one fallback for a listener that failed: log it without the draft, tell the person
        the check failed (when there is somewhere to say it), and count it."""
        log_failure("slack", stage, ref, exc)
        if send is not None:
            try:
                await send(notice(w.CHECK_FAILED, "failed"))
            except Exception as again:
                log_failure("slack", f"{stage} failure notice", ref, again)
        self.outcomes.record("failed")  # last, so a test that waits for it sees everything sent

"""Feedback on findings: stored, counted against how often each rule fired, reported, exported, purged.

A feedback row holds the rule, the excerpt it flagged, the choice ("helpful" or "not_right"),
why it was not right and an optional comment. The whole draft is kept only when the person
ticked "share this draft so the rules can improve", and then with every personal detail the
engine found (phone numbers, email addresses, addresses, postcodes, dates of birth, references)
masked. Rows older than FEEDBACK_RETENTION_DAYS (default 90) are deleted every day.
"""
from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import case, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from .db import Database
from .models import Feedback, RuleCheck

log = logging.getLogger("checkpost.store")
Choice = Literal["helpful", "not_right"]
Reason = Literal["fine_as_written", "unhelpful_advice", "something_else"]
REASONS: tuple[str, ...] = Reason.__args__  # type: ignore[attr-defined]
DEFAULT_RETENTION_DAYS = 90
MAX_EXCERPT = 300
MAX_COMMENT = 2000
# What the engine's personal-detail rules find, and the words that stand in for each when masked.
PERSONAL_DETAILS = {
    "dm.phone_number": "[phone number]", "dm.email_address": "[email address]",
    "dm.home_address": "[address]", "dm.postcode": "[postcode]", "dm.date_of_birth": "[date of birth]",
    "dm.case_reference": "[reference]",
}
# "Right problem, unhelpful advice" says the flag was right: only these reasons take it away.
WRONG_FLAG = ("fine_as_written", "something_else")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Span(BaseModel):
    """A finding as feedback needs it: the rule, where it is in the draft, and its category."""

    model_config = ConfigDict(frozen=True)
    rule: str
    category: str
    severity: str
    start: int
    end: int


def mask_personal(text: str, findings: Iterable[Span | Any]) -> str:
    """The draft with every personal detail the engine found replaced by what it is ("[postcode]")."""
    spans = sorted((f.start, f.end, PERSONAL_DETAILS[f.rule]) for f in findings
                   if f.rule in PERSONAL_DETAILS and 0 <= f.start < f.end <= len(text))
    merged: list[list[Any]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    out, last = [], 0
    for start, end, label in merged:
        out += [text[last:start], label]
        last = end
    out.append(text[last:])
    return "".join(out)


def safe_excerpt(rule: str, excerpt: str) -> str:
    """The excerpt to keep: a personal detail's own excerpt is the detail, so only its kind is kept."""
    if rule in PERSONAL_DETAILS:
        return PERSONAL_DETAILS[rule]
    excerpt = " ".join(excerpt.split())
    return excerpt if len(excerpt) <= MAX_EXCERPT else excerpt[: MAX_EXCERPT - 1] + "…"


class SharedDraft(BaseModel):
    """What a person agreed to share: the masked draft, its context and the coach's findings."""

    text: str
    platform: str = "x"
    account: str = "council"
    pre_election: bool = False
    findings: list[Span] = Field(default_factory=list)


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    surface: str
    team: str
    channel: str = ""
    check_id: str = Field(max_length=64)
    rule: str = Field(max_length=128)
    excerpt: str = ""
    choice: Choice
    reason: Reason | None = None
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)
    shared: SharedDraft | None = None


async def record_feedback(db: Database, item: FeedbackIn, *, now: datetime | None = None) -> int:
    comment = (item.comment or "").strip() or None
    draft = context = None
    if item.shared is not None:
        draft = mask_personal(item.shared.text, item.shared.findings)
        context = {"platform": item.shared.platform, "account": item.shared.account,
                   "pre_election": item.shared.pre_election,
                   "findings": [f.model_dump() for f in item.shared.findings]}
    row = Feedback(created_at=now or _utcnow(), surface=item.surface, team=item.team, channel=item.channel or "",
                   check_id=item.check_id, rule=item.rule, excerpt=safe_excerpt(item.rule, item.excerpt),
                   choice=item.choice, reason=item.reason if item.choice == "not_right" else None,
                   comment=comment, draft=draft, context=context)
    async with db.session() as session, session.begin():
        session.add(row)
    log.info("feedback surface=%s team=%s rule=%s choice=%s reason=%s shared=%s", item.surface, item.team,
             item.rule, item.choice, row.reason, draft is not None)
    return row.id


async def purge_feedback(db: Database, retention_days: int = DEFAULT_RETENTION_DAYS, *,
                         now: datetime | None = None) -> int:
    """Delete feedback older than the retention period (and check counts older than it too)."""
    cutoff = (now or _utcnow()) - timedelta(days=retention_days)
    async with db.session() as session, session.begin():
        deleted = (await session.execute(delete(Feedback).where(Feedback.created_at < cutoff))).rowcount
        await session.execute(delete(RuleCheck).where(RuleCheck.day < cutoff.date()))
    log.info("feedback purge older_than_days=%d deleted=%d", retention_days, deleted)
    return deleted


async def purge_daily(db: Database, retention_days: int, *, every: float = 24 * 60 * 60.0) -> None:
    """Run the purge now and then once a day, for as long as the server runs."""
    while True:
        try:
            await purge_feedback(db, retention_days)
        except Exception as exc:  # the next day tries again; the server must not stop for this
            log.warning("feedback purge failed error=%s", type(exc).__name__)
        await asyncio.sleep(every)


class CheckTally:
    """How many checks reported each rule, counted in memory and written in batches.

    Checks are far more frequent than feedback, so they are not written one by one: `flush()`
    (every few seconds, and at shutdown) adds the counts to `rule_checks` in one transaction.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._counts: Counter[tuple[date, str, str, str]] = Counter()

    def add(self, surface: str, team: str | None, rules: Iterable[str], *, today: date | None = None) -> None:
        day = today or _utcnow().date()
        for rule in set(rules):
            self._counts[(day, surface, team or "", rule)] += 1

    async def flush(self) -> None:
        if not self._counts:
            return
        counts, self._counts = self._counts, Counter()
        insert = (postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert)(RuleCheck)
        try:
            async with self.db.session() as session, session.begin():
                for (day, surface, team, rule), n in sorted(counts.items()):
                    await session.execute(insert.values(day=day, surface=surface, team=team, rule=rule, checks=n)
                                          .on_conflict_do_update(
                                              index_elements=[RuleCheck.day, RuleCheck.surface, RuleCheck.team,
                                                              RuleCheck.rule],
                                              set_={"checks": RuleCheck.checks + n}))
        except Exception:
            self._counts.update(counts)  # keep them for the next flush
            raise

    async def run(self, every: float = 5.0) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.flush()
            except Exception as exc:
                log.warning("check counts not written yet error=%s", type(exc).__name__)


@dataclass(frozen=True)
class RuleFeedback:
    rule: str
    checks: int
    helpful: int
    not_right: int


async def rule_report(db: Database, since: datetime, until: datetime, *, surface: str | None = None,
                      team: str | None = None) -> list[RuleFeedback]:
    """Per rule, for the period: checks that reported it, and the helpful and not-right clicks."""
    where_fb = [Feedback.created_at >= since, Feedback.created_at < until]
    where_rc = [RuleCheck.day >= since.date(), RuleCheck.day <= until.date()]
    if surface:
        where_fb.append(Feedback.surface == surface)
        where_rc.append(RuleCheck.surface == surface)
    if team:
        where_fb.append(Feedback.team == team)
        where_rc.append(RuleCheck.team == team)
    async with db.session() as session:
        checks = dict((await session.execute(
            select(RuleCheck.rule, func.sum(RuleCheck.checks)).where(*where_rc).group_by(RuleCheck.rule))).all())
        clicks = (await session.execute(select(
            Feedback.rule,
            func.sum(case((Feedback.choice == "helpful", 1), else_=0)),
            func.sum(case((Feedback.choice == "not_right", 1), else_=0)),
        ).where(*where_fb).group_by(Feedback.rule))).all()
    by_rule = {rule: (int(h or 0), int(n or 0)) for rule, h, n in clicks}
    rules = sorted(set(checks) | set(by_rule))
    rows = [RuleFeedback(rule, int(checks.get(rule) or 0), *by_rule.get(rule, (0, 0))) for rule in rules]
    return sorted(rows, key=lambda r: (-r.not_right, -r.checks, r.rule))


async def shared_examples(db: Database, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Shared drafts as rows in the dev set's shape (../shared/eval/LABELS.md), for a person to review.

    One row per check that someone shared. The expected flags are the categories of the coach's
    `warn` and `block` findings, less the findings people said were not right (fine as written,
    or something else); "right problem, unhelpful advice" keeps its flag.
    """
    async with db.session() as session:
        rows = (await session.scalars(select(Feedback).where(
            Feedback.created_at >= since, Feedback.created_at < until).order_by(Feedback.id))).all()
    by_check: dict[tuple[str, str, str], list[Feedback]] = {}
    for row in rows:
        by_check.setdefault((row.surface, row.team, row.check_id), []).append(row)
    examples = []
    for (surface, _team, check_id), group in by_check.items():
        shared = next((r for r in group if r.draft is not None and r.context is not None), None)
        if shared is None:
            continue
        context = shared.context or {}
        rejected = {r.rule for r in group if r.choice == "not_right" and r.reason in WRONG_FLAG}
        findings = [Span(**f) for f in context.get("findings", [])]
        flags = sorted({f.category for f in findings if f.severity in ("warn", "block") and f.rule not in rejected})
        notes = [f"{r.rule}: {r.choice}" + (f" ({r.reason})" if r.reason else "") + (f": {r.comment}" if r.comment else "")
                 for r in group]
        examples.append({
            "id": f"feedback-{surface}-{shared.id}",
            "text": shared.draft,
            "platform": context.get("platform", "x"),
            "account": context.get("account", "council"),
            "pre_election": bool(context.get("pre_election", False)),
            "expect": {"flags": flags, "route_to_dm": "dm" in flags},
            "why": "From feedback, to be checked by a person: " + "; ".join(notes),
            "needs_review": True,
            "check": check_id,
        })
    return examples

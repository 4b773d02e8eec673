from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from store.feedback import (CheckTally, FeedbackIn, SharedDraft, Span, mask_personal, purge_feedback,
                            record_feedback, rule_report, shared_examples)
from store.models import Feedback

pytestmark = pytest.mark.asyncio
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
DRAFT = "Ring me on 07700 900123 or email sam@example.com about SW1A 1AA, you idiot."
FINDINGS = [Span(rule="dm.phone_number", category="dm", severity="block", start=11, end=23),
            Span(rule="dm.email_address", category="dm", severity="block", start=33, end=48),
            Span(rule="dm.postcode", category="dm", severity="warn", start=55, end=63),
            Span(rule="tone.insult", category="tone", severity="block", start=69, end=74)]


async def test_feedback_without_sharing_keeps_no_draft(db):
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", channel="C1", check_id="c1",
                                         rule="tone.insult", excerpt="idiot", choice="not_right",
                                         reason="fine_as_written", comment="  it's a quote  "))
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c1", rule="dm.phone_number",
                                         excerpt="07700 900123", choice="helpful", reason="something_else"))
    async with db.session() as session:
        rows = (await session.scalars(select(Feedback).order_by(Feedback.id))).all()
    assert [(r.rule, r.choice, r.reason, r.comment, r.draft) for r in rows] == [
        ("tone.insult", "not_right", "fine_as_written", "it's a quote", None),
        ("dm.phone_number", "helpful", None, None, None)]
    # A personal detail's excerpt is the detail itself: only what kind it was is kept.
    assert rows[1].excerpt == "[phone number]"


async def test_a_shared_draft_is_stored_masked_and_exported_for_review(db):
    shared = SharedDraft(text=DRAFT, platform="bluesky", account="councillor", findings=FINDINGS)
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c1", rule="tone.insult",
                                         excerpt="idiot", choice="not_right", reason="fine_as_written",
                                         shared=shared), now=NOW)
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c2", rule="tone.insult",
                                         excerpt="idiot", choice="not_right", reason="fine_as_written"), now=NOW)
    async with db.session() as session:
        stored = (await session.scalars(select(Feedback.draft).where(Feedback.draft.is_not(None)))).all()
    assert stored == [mask_personal(DRAFT, FINDINGS)]
    [row] = await shared_examples(db, NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert row["text"] == mask_personal(DRAFT, FINDINGS) and "07700" not in row["text"]
    assert (row["platform"], row["account"], row["pre_election"]) == ("bluesky", "councillor", False)
    assert row["expect"] == {"flags": ["dm"], "route_to_dm": True}  # tone was marked not right
    assert row["needs_review"] is True


async def test_right_problem_unhelpful_advice_keeps_the_flag(db):
    shared = SharedDraft(text=DRAFT, findings=FINDINGS)
    await record_feedback(db, FeedbackIn(surface="teams", team="T1", check_id="c1", rule="tone.insult",
                                         choice="not_right", reason="unhelpful_advice", shared=shared), now=NOW)
    [row] = await shared_examples(db, NOW - timedelta(days=1), NOW + timedelta(days=1))
    assert row["expect"]["flags"] == ["dm", "tone"]


async def test_purge_deletes_feedback_older_than_the_retention_period(db):
    for age in (0, 89, 91, 400):
        await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id=f"c{age}", rule="tone.insult",
                                             choice="helpful"), now=NOW - timedelta(days=age))
    assert await purge_feedback(db, 90, now=NOW) == 2
    async with db.session() as session:
        kept = sorted((await session.scalars(select(Feedback.check_id))).all())
    assert kept == ["c0", "c89"]
    assert await purge_feedback(db, 90, now=NOW) == 0


async def test_report_counts_checks_helpful_and_not_right_per_rule(db):
    tally = CheckTally(db)
    for _ in range(3):
        tally.add("slack", "T1", ["tone.insult", "tone.insult", "dm.phone_number"], today=NOW.date())
    tally.add("teams", "T9", ["tone.insult"], today=NOW.date())
    await tally.flush()
    tally.add("slack", "T1", ["tone.insult"], today=NOW.date())
    await tally.flush()
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="a", rule="tone.insult",
                                         choice="not_right", reason="fine_as_written"), now=NOW)
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="b", rule="tone.insult",
                                         choice="helpful"), now=NOW)
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="b", rule="dm.phone_number",
                                         choice="helpful"), now=NOW - timedelta(days=40))
    rows = await rule_report(db, NOW - timedelta(days=30), NOW + timedelta(seconds=1))
    assert [(r.rule, r.checks, r.helpful, r.not_right) for r in rows] == [
        ("tone.insult", 5, 1, 1), ("dm.phone_number", 3, 0, 0)]
    rows = await rule_report(db, NOW - timedelta(days=30), NOW + timedelta(seconds=1), surface="slack", team="T1")
    assert [(r.rule, r.checks) for r in rows] == [("tone.insult", 4), ("dm.phone_number", 3)]


async def test_the_daily_purge_runs_at_start_and_keeps_running(db):
    import asyncio

    from store.feedback import purge_daily

    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="old", rule="tone.insult",
                                         choice="helpful"), now=datetime.now(timezone.utc) - timedelta(days=91))
    await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="new", rule="tone.insult",
                                         choice="helpful"))
    task = asyncio.create_task(purge_daily(db, 90, every=0.01))
    try:
        async with asyncio.timeout(10):
            while True:
                async with db.session() as session:
                    left = (await session.scalars(select(Feedback.check_id))).all()
                if left == ["new"]:
                    break
                await asyncio.sleep(0.01)
    finally:
        task.cancel()

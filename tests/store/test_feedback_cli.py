"""`python app.py feedback report|export` on the store the server writes (SQLite here)."""
from __future__ import annotations

import asyncio
import json
import os
from datetime import datetime, timedelta, timezone

import app
from store.db import Database
from store.feedback import CheckTally, FeedbackIn, SharedDraft, Span, record_feedback

NOW = datetime.now(timezone.utc)


def seed() -> None:
    async def run() -> None:
        db = Database(os.environ["DATABASE_URL"])
        await db.migrate()
        tally = CheckTally(db)
        for _ in range(4):
            tally.add("slack", "T1", ["tone.mockery"])
        tally.add("slack", "T1", ["dm.phone_number"])
        await tally.flush()
        shared = SharedDraft(text="Grow up. Ring 07700 900123.", platform="x", findings=[
            Span(rule="tone.mockery", category="tone", severity="warn", start=0, end=8),
            Span(rule="dm.phone_number", category="dm", severity="block", start=14, end=26)])
        await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c1", rule="tone.mockery",
                                             choice="not_right", reason="fine_as_written", shared=shared))
        await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c2", rule="tone.mockery",
                                             choice="helpful"))
        await record_feedback(db, FeedbackIn(surface="slack", team="T1", check_id="c3", rule="tone.mockery",
                                             choice="helpful"), now=NOW - timedelta(days=60))
        await db.close()
    asyncio.run(run())


def test_report_prints_checks_not_right_and_helpful_per_rule(capsys):
    seed()
    assert app.main(["feedback", "report", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [{"rule": "tone.mockery", "checks": 4, "not_right": 1, "helpful": 1},
                    {"rule": "dm.phone_number", "checks": 1, "not_right": 0, "helpful": 0}]
    assert app.main(["feedback", "report", "--days", "90"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].split() == ["rule", "checks", "not", "right", "helpful"]
    assert table[2].split() == ["tone.mockery", "4", "1", "2"]


def test_export_writes_shared_drafts_in_the_dev_sets_shape_for_review(capsys):
    seed()
    assert app.main(["feedback", "export"]) == 0
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["text"] == "Grow up. Ring [phone number]."
    assert row["expect"] == {"flags": ["dm"], "route_to_dm": True}
    assert row["needs_review"] is True and row["platform"] == "x" and row["account"] == "council"
    assert {"id", "text", "platform", "account", "expect", "why"} <= set(row)


def test_an_empty_store_reports_nothing(capsys):
    assert app.main(["feedback", "report"]) == 0
    assert "No checks or feedback" in capsys.readouterr().out
    assert app.main(["feedback", "export"]) == 0
    assert capsys.readouterr().out == ""

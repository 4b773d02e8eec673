"""`python app.py feedback report|export`: what people said about the advice, out of the store.

    python app.py feedback report [--days 30 | --since 2026-11-01 [--until 2026-12-01]] [--team T] [--json]
    python app.py feedback export [--days 90 | --since ... --until ...] > shared.jsonl

`report` prints, per rule, how many checks reported it and how many "helpful" and "not right"
clicks it had in the period, most "not right" first. `export` writes the drafts people chose to
share as JSON lines in the dev set's shape (../shared/eval/LABELS.md), personal details masked,
each marked `"needs_review": true` for a person to check before it joins any training data.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from typing import TextIO



def add_parser(sub: argparse._SubParsersAction) -> None:
    feedback = sub.add_parser("feedback", help="report on or export the feedback people gave")
    actions = feedback.add_subparsers(dest="action", required=True)
    for name, help_text, days in (("report", "per rule: checks, not right and helpful counts", 30),
                                  ("export", "shared drafts as JSON lines for review", 90)):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--days", type=int, default=None, help=f"the last N days (default {days})")
        parser.add_argument("--since", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
        parser.add_argument("--until", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                            help="the last day included (default today)")
        parser.set_defaults(default_days=days)
        if name == "report":
            parser.add_argument("--team", default=None, help="one Slack workspace or Teams tenant id")
            parser.add_argument("--surface", choices=("slack", "teams"), default=None)
            parser.add_argument("--json", action="store_true", help="JSON lines instead of a table")


def period(args: argparse.Namespace, now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or datetime.now(timezone.utc)
    until = (datetime.combine(args.until + timedelta(days=1), time.min, timezone.utc) if args.until else now)
    if args.since:
        since = datetime.combine(args.since, time.min, timezone.utc)
    else:
        since = until - timedelta(days=args.days or args.default_days)
    return since, until


async def _run(args: argparse.Namespace, out: TextIO) -> int:
    from .db import Database
    from .feedback import rule_report, shared_examples

    db = Database()
    try:
        await db.migrate()
        since, until = period(args)
        if args.action == "report":
            rows = await rule_report(db, since, until, surface=args.surface, team=args.team)
            if args.json:
                for row in rows:
                    out.write(json.dumps({"rule": row.rule, "checks": row.checks, "not_right": row.not_right,
                                          "helpful": row.helpful}) + "\n")
                return 0
            out.write(f"Feedback from {since:%Y-%m-%d} to {until:%Y-%m-%d}\n")
            if not rows:
                out.write("No checks or feedback in this period.\n")
                return 0
            width = max(len("rule"), *(len(r.rule) for r in rows))
            out.write(f"{'rule':<{width}}  {'checks':>7}  {'not right':>9}  {'helpful':>7}\n")
            for row in rows:
                out.write(f"{row.rule:<{width}}  {row.checks:>7}  {row.not_right:>9}  {row.helpful:>7}\n")
            return 0
        for example in await shared_examples(db, since, until):
            out.write(json.dumps(example, ensure_ascii=False) + "\n")
        return 0
    finally:
        await db.close()


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    # The store is imported here, not at the top: `app.py check` builds this parser too, and
    # SQLAlchemy with Alembic would add a third of a second to its cold start.
    from .db import StoreError

    try:
        return asyncio.run(_run(args, out or sys.stdout))
    except StoreError as exc:
        print(f"app.py feedback: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"app.py feedback: error: the database could not be reached ({type(exc).__name__})", file=sys.stderr)
        return 1

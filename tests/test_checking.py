"""The worker's side of the pool: a check in a worker is the same check, and its vocabulary stops growing."""
from __future__ import annotations

import json
import random
import string

import pytest

from bot import checking
from rules import parse_request
from rules.policy import DEFAULT_POLICY

from .conftest import SHARED
from .lagging_pool import LaggingPool


def _new_words_draft(rng: random.Random) -> dict:
    words = ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(4)]
    return {"text": f"Thanks {words[0].title()}, we'll look at the {words[1]} on {words[2].title()} Road. {words[3]}"}


def test_a_check_in_a_worker_reports_exactly_what_the_coach_does(coach, monkeypatch):
    monkeypatch.setattr(checking, "_worker_coach", coach)
    monkeypatch.setattr(checking, "WARM_STRINGS", 0)  # every check inside a memory zone
    records = [json.loads(line) for line in (SHARED / "eval" / "dev.jsonl").read_text("utf-8").splitlines()]
    for record in records:
        request = parse_request({k: v for k, v in record.items()
                                 if k in ("text", "platform", "account", "pre_election", "in_reply_to")})
        assert checking._check_in_worker(request, DEFAULT_POLICY) == coach.check(request), record["id"]


def test_once_warm_a_workers_vocabulary_stops_growing(coach, monkeypatch):
    monkeypatch.setattr(checking, "_worker_coach", coach)
    strings = coach.nlp.vocab.strings
    monkeypatch.setattr(checking, "WARM_STRINGS", len(strings) + 200)
    rng = random.Random(3)
    for _ in range(100):  # the everyday words of the first drafts stay, up to the bound...
        checking._check_in_worker(parse_request(_new_words_draft(rng)), DEFAULT_POLICY)
    warm = len(strings)
    assert warm >= checking.WARM_STRINGS
    for _ in range(300):  # ...and after it, a draft's new words leave with it
        checking._check_in_worker(parse_request(_new_words_draft(rng)), DEFAULT_POLICY)
    assert len(strings) == warm


@pytest.mark.asyncio
async def test_the_pool_starts_serving_only_once_every_worker_has_built_its_coach(tmp_path):
    """However far one worker lags behind the other: here the second starts building only after the
    first has answered 450 readiness rounds, more than the 400 after which start() once gave up.
    A server started with a worker still building makes its first drafts wait behind the others
    (the deadline tests in tests/teams and tests/slack then see the slow draft answered first)."""
    pool = LaggingPool(tmp_path, rounds=450)
    try:
        await pool.start()
        assert pool.ready() == 2
    finally:
        await pool.close()

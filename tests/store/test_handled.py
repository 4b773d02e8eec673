from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from bot.slack.dedupe import HandledStore
from store.handled import DatabaseHandledStore



pytestmark = pytest.mark.asyncio
async def test_first_claim_wins_until_it_expires(db):
    now = [datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)]
    store = DatabaseHandledStore(db, ttl=60, now=lambda: now[0])
    assert isinstance(store, HandledStore)
    assert await store.claim("T1/C1/1.0") is True
    assert await store.claim("T1/C1/1.0") is False
    assert await store.claim("T1/C1/2.0") is True
    now[0] += timedelta(seconds=61)
    assert await store.claim("T1/C1/1.0") is True
    assert await store.claim("T1/C1/1.0") is False


async def test_two_processes_racing_for_one_delivery_claim_it_once(db, second_db):
    one, two = DatabaseHandledStore(db), DatabaseHandledStore(second_db)
    keys = [f"T1/C1/{n}.0" for n in range(20)]
    results = await asyncio.gather(*(store.claim(key) for key in keys for store in (one, two, one, two)))
    claimed = [r for r in results if r]
    assert len(claimed) == len(keys)

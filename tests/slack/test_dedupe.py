from __future__ import annotations

import asyncio

from bot.slack.dedupe import HandledStore, MemoryHandledStore, draft_key


def test_first_claim_wins_until_it_expires():
    now = [1000.0]
    store = MemoryHandledStore(ttl=60, clock=lambda: now[0])
    key = draft_key("T1", "C1", "1700000000.000100")

    async def run():
        assert await store.claim(key) is True
        assert await store.claim(key) is False
        assert await store.claim(draft_key("T1", "C1", "1700000000.000101")) is True
        now[0] += 61
        assert await store.claim(key) is True

    asyncio.run(run())


def test_the_store_is_capped():
    store = MemoryHandledStore(max_keys=3)

    async def run():
        for n in range(10):
            assert await store.claim(f"k{n}")
        assert len(store) == 3
        assert await store.claim("k9") is False

    asyncio.run(run())


def test_memory_store_meets_the_protocol():
    assert isinstance(MemoryHandledStore(), HandledStore)

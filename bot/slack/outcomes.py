"""A tally of what happened to each delivery from Slack, one outcome per delivery.

It lets the logs and the tests see quiet outcomes ("ignored", "duplicate") that leave no trace
in Slack itself, so a test can wait for the bot to finish with an event instead of sleeping.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from typing import Literal

Outcome = Literal["coached", "notice", "timeout", "failed", "ignored", "duplicate"]


class Outcomes:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def record(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    async def wait_for_total(self, total: int, timeout: float = 10.0) -> None:
        """Wait until `total` deliveries have an outcome; raise TimeoutError if they never do."""
        async with asyncio.timeout(timeout):
            while self.total < total:
                await asyncio.sleep(0.005)

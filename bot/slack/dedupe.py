"""The record of drafts already handled, so each one is coached once.

Slack delivers the same message more than once: a retry (`X-Slack-Retry-Num`) when our answer
was slow or lost, and an @mention in a review channel arrives both as `app_mention` and as
`message.channels`. The store sits behind `HandledStore` so that several server processes behind
a load balancer can share one (Redis `SET key 1 NX EX ttl` fits the contract exactly); one process
needs only `MemoryHandledStore`.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

# Slack gives up retrying after about an hour (three retries with backoff); keep keys a little longer.
DEFAULT_TTL = 2 * 60 * 60.0


@runtime_checkable
class HandledStore(Protocol):
    async def claim(self, key: str) -> bool:
        """True for the first caller with this key within the TTL, False for every later one."""
        ...


def draft_key(team: str | None, channel: str | None, ts: str | None) -> str:
    """One Slack message, wherever and however often it is delivered."""
    return f"{team or '-'}/{channel or '-'}/{ts or '-'}"


class MemoryHandledStore:
    """In-process store with expiry and a size cap, so a busy workspace cannot grow it forever.

    `claim` never awaits, so on one event loop the check-and-set is atomic without a lock.
    """

    def __init__(self, ttl: float = DEFAULT_TTL, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_keys = max_keys
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._seen:
            key, expires = next(iter(self._seen.items()))
            if expires > now and len(self._seen) < self.max_keys:
                break
            del self._seen[key]

    async def claim(self, key: str) -> bool:
        now = self._clock()
        self._expire(now)
        if key in self._seen:
            return False
        self._seen[key] = now + self.ttl
        return True

    def __len__(self) -> int:
        return len(self._seen)

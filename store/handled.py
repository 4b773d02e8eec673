"""Handled Slack deliveries in the database, so a retry that reaches another process is dropped.

Meets `bot.slack.dedupe.HandledStore`: `claim(key)` is True for the first caller within the TTL,
whichever process it runs in. One statement does it, atomically on both databases: insert the
key, or take over a row whose time has passed; any other existing row means "already handled".
Expired rows are also swept now and then, so the table stays small.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from .db import Database
from .models import HandledEvent

# Slack gives up retrying after about an hour (three retries with backoff); keep keys a little longer.
DEFAULT_TTL = 2 * 60 * 60.0
SWEEP_EVERY = 10 * 60.0


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class DatabaseHandledStore:
    def __init__(self, db: Database, ttl: float = DEFAULT_TTL, *,
                 now: Callable[[], datetime] = _utcnow) -> None:
        self.db = db
        self.ttl = ttl
        self._now = now
        self._next_sweep = 0.0

    async def claim(self, key: str) -> bool:
        now = self._now()
        expires = now + timedelta(seconds=self.ttl)
        insert = (postgresql.insert if self.db.dialect == "postgresql" else sqlite.insert)(HandledEvent)
        statement = insert.values(key=key, expires_at=expires).on_conflict_do_update(
            index_elements=[HandledEvent.key], set_={"expires_at": expires},
            where=HandledEvent.expires_at <= now)
        async with self.db.session() as session:
            result = await session.execute(statement)
            await session.commit()
        await self._maybe_sweep(now)
        return result.rowcount == 1

    async def _maybe_sweep(self, now: datetime) -> None:
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + SWEEP_EVERY
        async with self.db.session() as session:
            await session.execute(delete(HandledEvent).where(HandledEvent.expires_at <= now))
            await session.commit()

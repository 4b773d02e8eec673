"""The server's side of the store: the database, each team's settings, feedback and who is an admin.

`attach(app, settings)` opens the database (created and migrated when the server starts), and
gives the intake a store-backed `TeamContextSource`, Slack a handled-events record shared by every
process, and both platforms what they need for settings and feedback. It also runs the daily
feedback purge and writes the per-rule check counts every few seconds.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from rules.models import CheckRequest, Report
from store.db import Database
from store.feedback import CheckTally, FeedbackIn, SharedDraft, Span, mask_personal, purge_daily, record_feedback
from store.handled import DatabaseHandledStore
from store.team_settings import StoreContextSource, load_team, save_place

from . import wording as w
from .settings import Settings
from .team_context import Where

log = logging.getLogger("checkpost.store")
RECENT_TTL = 24 * 60 * 60.0
RECENT_MAX = 5_000


@dataclass(frozen=True)
class RecentCheck:
    """What feedback on a check needs later: where it was, and the draft already masked (held in
    this process's memory only, for a day, so it can be stored if the person chooses to share it)."""

    where: Where
    shared: SharedDraft
    at: float


class RecentChecks:
    """Recent checks by id, bounded in number and age. Nothing here is written anywhere."""

    def __init__(self, ttl: float = RECENT_TTL, max_items: int = RECENT_MAX) -> None:
        self.ttl, self.max_items = ttl, max_items
        self._items: OrderedDict[str, RecentCheck] = OrderedDict()

    def add(self, where: Where, request: CheckRequest, report: Report) -> str:
        check_id = secrets.token_urlsafe(9)
        spans = [Span(rule=f.rule, category=f.category, severity=f.severity, start=f.start, end=f.end)
                 for f in report.findings]
        shared = SharedDraft(text=mask_personal(request.text, spans), platform=request.platform,
                             account=request.account, pre_election=request.pre_election, findings=spans)
        self._items[check_id] = RecentCheck(where, shared, time.monotonic())
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return check_id

    def get(self, check_id: str) -> RecentCheck | None:
        item = self._items.get(check_id)
        if item is None or time.monotonic() - item.at > self.ttl:
            return None
        return item


@dataclass
class TeamStore:
    """Everything the bots need from the store, made once per server."""

    settings: Settings
    db: Database
    contexts: StoreContextSource
    handled: DatabaseHandledStore
    tally: CheckTally
    recent: RecentChecks = field(default_factory=RecentChecks)

    def coached(self, where: Where, request: CheckRequest, report: Report) -> str:
        """Count the rules this check reported, remember it for feedback, and give its id."""
        self.tally.add(where.surface, where.team, (f.rule for f in report.findings))
        return self.recent.add(where, request, report)

    def is_listed_admin(self, user: str | None) -> bool:
        return bool(user) and user in self.settings.admins

    async def not_right(self, item: FeedbackIn, *, share: bool, switch_off: Callable[[], Awaitable[bool]],
                        actor: str | None) -> str:
        """Record a "Not right" form, the same from Slack and Teams, and say what was done.

        The draft is shared (masked) only if this process still holds the check, for the same
        team. The rule is switched off in the item's channel when `switch_off()` says this person
        may (each surface knows its own administrators); it is asked only then, after the
        feedback is recorded. Raises if the store fails: the surface says so in its own way."""
        message, shared = w.FEEDBACK_RECORDED, None
        if share:
            recent = self.recent.get(item.check_id)
            if recent is not None and recent.where.team == item.team:
                shared = recent.shared
            else:
                message += w.FEEDBACK_NOT_SHARED
        await record_feedback(self.db, item.model_copy(update={"shared": shared}))
        if item.channel and item.team and await switch_off():
            here = (await load_team(self.db, item.surface, item.team)).place(item.channel)
            await save_place(self.db, item.surface, item.team, item.channel, here.model_copy(
                update={"disabled_rules": sorted(set(here.disabled_rules) | {item.rule})}), actor or "-")
            self.contexts.forget(item.surface, item.team)
            message += w.FEEDBACK_SWITCHED_OFF.format(rule=item.rule)
        return message


STORE = web.AppKey("team_store", TeamStore)


def make_store(settings: Settings, base_defaults=None) -> TeamStore:
    db = Database(settings.database_url or None)
    contexts = StoreContextSource(db, base_defaults=base_defaults, ttl=settings.settings_cache_seconds)
    return TeamStore(settings=settings, db=db, contexts=contexts, handled=DatabaseHandledStore(db),
                     tally=CheckTally(db))


def attach(app: web.Application, store: TeamStore) -> None:
    """Migrate at start-up, run the purge and the count writer, and close cleanly."""
    app[STORE] = store
    tasks: list[asyncio.Task] = []

    async def start(app: web.Application) -> None:
        await store.db.migrate()
        tasks.append(asyncio.create_task(purge_daily(store.db, store.settings.feedback_retention_days)))
        tasks.append(asyncio.create_task(store.tally.run()))

    async def stop(app: web.Application) -> None:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(Exception):
            await store.tally.flush()
        await store.db.close()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)


def base_defaults_from(channel_defaults: Mapping[str, Mapping[str, str]]):
    """SLACK_CHANNEL_DEFAULTS as the starting values a team's own settings build on."""
    def base(where: Where) -> dict[str, object]:
        if where.surface != "slack":
            return {}
        return {**channel_defaults.get("*", {}), **channel_defaults.get(where.channel or "", {})}
    return base

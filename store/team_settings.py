"""Team settings: what a comms team has told the coach, read into each check's defaults and Policy.

Settings are kept per team (a Slack workspace or a Teams tenant) and, where they apply, per
channel. A team-wide row holds the pre-election window, rules switched off everywhere, phrases
always fine and the team's own phrases to flag; a channel's row holds its default platform and
account and rules switched off there alone.

`StoreContextSource` is the `TeamContextSource` the intake asks for every draft. It keeps each
team's settings in memory and asks the database at most every `ttl` seconds whether the team's
version has moved on (one indexed row), re-reading the settings only when it has. So a change
made through any process reaches the next check in every process within `ttl` seconds, and the
database sees one tiny query per team every few seconds however busy the bot is.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from bot.team_context import TeamContext, Where
from rules.models import Account, Platform
from rules.policy import DEFAULT_POLICY, Policy

from .db import Database
from .models import TEAM_WIDE, SettingsAudit, SettingsVersion, TeamSetting

log = logging.getLogger("checkpost.store")
UK = ZoneInfo("Europe/London")
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
OWN_RULE_SOURCE = "Your team's own guidance (Checkpost settings)"
MAX_PHRASE = 200
MAX_ITEMS = 200


def uk_today(now: datetime | None = None) -> date:
    """Today's date in the UK, which is what "the pre-election period starts on 23 March" means."""
    return (now or datetime.now(timezone.utc)).astimezone(UK).date()


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _clean_list(values: list[str]) -> list[str]:
    """Trimmed, blank lines dropped, duplicates dropped (first kept), order kept."""
    seen: dict[str, None] = {}
    for value in values:
        value = " ".join(str(value).split())
        if value and value.lower() not in {k.lower() for k in seen}:
            seen[value] = None
    return list(seen)


class OwnPhrase(BaseModel):
    """One of the team's own phrases to flag, with what to say about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    phrase: str = Field(min_length=1, max_length=MAX_PHRASE)
    message: str = Field(min_length=1, max_length=500)
    suggestion: str = Field(min_length=1, max_length=500)

    @field_validator("phrase", "message", "suggestion")
    @classmethod
    def _trim(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("must not be blank")
        return value


class PlaceSettings(BaseModel):
    """The settings of one team (team-wide) or one channel; None and [] mean "not set here"."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    platform: Platform | None = None
    account: Account | None = None
    pre_election_start: date | None = None
    pre_election_end: date | None = None
    disabled_rules: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    allowed_phrases: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    own_phrases: list[OwnPhrase] = Field(default_factory=list, max_length=MAX_ITEMS)

    @field_validator("disabled_rules")
    @classmethod
    def _rule_ids(cls, values: list[str]) -> list[str]:
        values = sorted(set(_clean_list(values)))
        bad = [v for v in values if not RULE_ID.match(v)]
        if bad:
            raise ValueError(f"{bad[0]!r} is not a rule id (they look like tone.sarcasm)")
        return values

    @field_validator("allowed_phrases")
    @classmethod
    def _phrases(cls, values: list[str]) -> list[str]:
        values = _clean_list(values)
        if any(len(v) > MAX_PHRASE for v in values):
            raise ValueError(f"a phrase is longer than {MAX_PHRASE} characters")
        return values

    @model_validator(mode="after")
    def _window(self) -> "PlaceSettings":
        if (self.pre_election_start is None) != (self.pre_election_end is None):
            raise ValueError("give both the first and the last day of the pre-election period, or neither")
        if self.pre_election_start and self.pre_election_end and self.pre_election_end < self.pre_election_start:
            raise ValueError("the pre-election period ends before it starts")
        return self

    def in_pre_election(self, today: date) -> bool:
        """Both dates count: the period runs from the first day to the last day inclusive."""
        return bool(self.pre_election_start and self.pre_election_end
                    and self.pre_election_start <= today <= self.pre_election_end)


def own_rule_id(phrase: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")[:60] or "phrase"
    return f"team.{slug}"


def own_rules(phrases: list[OwnPhrase]) -> tuple[dict[str, Any], ...]:
    """The team's own phrases as rule-pack entries (rules/packs.py), one rule each."""
    rules: dict[str, dict[str, Any]] = {}
    for own in phrases:
        rule_id = own_rule_id(own.phrase)
        if rule_id in rules:
            rules[rule_id]["phrases"].append(own.phrase)
            continue
        rules[rule_id] = {"id": rule_id, "category": "tone", "severity": "warn", "message": own.message,
                          "suggestion": own.suggestion, "source": OWN_RULE_SOURCE, "phrases": [own.phrase]}
    return tuple(rules.values())


@dataclass(frozen=True)
class TeamSnapshot:
    """A team's settings as read at one version."""

    surface: str
    team: str
    version: int
    team_wide: PlaceSettings = field(default_factory=PlaceSettings)
    channels: Mapping[str, PlaceSettings] = field(default_factory=dict)

    def place(self, channel: str | None) -> PlaceSettings:
        if not channel or channel == TEAM_WIDE:
            return self.team_wide
        return self.channels.get(channel, PlaceSettings())

    def policy(self, channel: str | None) -> Policy:
        here = self.place(channel) if channel else PlaceSettings()
        disabled = frozenset(self.team_wide.disabled_rules) | frozenset(here.disabled_rules)
        phrases = tuple(_clean_list(self.team_wide.allowed_phrases + here.allowed_phrases))
        extra = own_rules(self.team_wide.own_phrases + here.own_phrases)
        if not (disabled or phrases or extra):
            return DEFAULT_POLICY
        return Policy(disabled_rules=disabled, allowed_phrases=phrases, extra_rules=extra)

    def defaults(self, channel: str | None, today: date, base: Mapping[str, object]) -> dict[str, object]:
        """The starting options: the server's defaults, then the channel's stored platform and
        account, then pre_election on when today (UK time) is inside the team's window."""
        values = dict(base)
        here = self.place(channel) if channel else PlaceSettings()
        for name in ("platform", "account"):
            value = getattr(here, name) or getattr(self.team_wide, name)
            if value:
                values[name] = value
        if self.team_wide.in_pre_election(today):
            values["pre_election"] = True
        return values


def _place_of(row: TeamSetting) -> PlaceSettings:
    return PlaceSettings(platform=row.platform, account=row.account, pre_election_start=row.pre_election_start,
                         pre_election_end=row.pre_election_end, disabled_rules=list(row.disabled_rules or []),
                         allowed_phrases=list(row.allowed_phrases or []),
                         own_phrases=[OwnPhrase(**p) for p in row.own_phrases or []])


async def settings_version(db: Database, surface: str, team: str) -> int:
    async with db.session() as session:
        version = await session.scalar(select(SettingsVersion.version).where(
            SettingsVersion.surface == surface, SettingsVersion.team == team))
    return version or 0


async def load_team(db: Database, surface: str, team: str) -> TeamSnapshot:
    async with db.session() as session:
        version = await session.scalar(select(SettingsVersion.version).where(
            SettingsVersion.surface == surface, SettingsVersion.team == team))
        rows = (await session.scalars(select(TeamSetting).where(
            TeamSetting.surface == surface, TeamSetting.team == team))).all()
    team_wide = PlaceSettings()
    channels: dict[str, PlaceSettings] = {}
    for row in rows:
        if row.channel == TEAM_WIDE:
            team_wide = _place_of(row)
        else:
            channels[row.channel] = _place_of(row)
    return TeamSnapshot(surface, team, version or 0, team_wide, channels)


def _changes(before: PlaceSettings, after: PlaceSettings) -> dict[str, Any]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return {name: {"before": old[name], "after": new[name]} for name in new if old[name] != new[name]}


async def save_place(db: Database, surface: str, team: str, channel: str | None, settings: PlaceSettings,
                     actor: str, *, now: datetime | None = None) -> dict[str, Any]:
    """Replace one place's settings, record who changed what in the audit log, and bump the team's
    version, all in one transaction. Returns the changes (empty when nothing changed)."""
    channel = channel or TEAM_WIDE
    now = now or _utcnow()
    async with db.session() as session, session.begin():
        row = await session.scalar(select(TeamSetting).where(
            TeamSetting.surface == surface, TeamSetting.team == team, TeamSetting.channel == channel
        ).with_for_update())
        before = _place_of(row) if row is not None else PlaceSettings()
        changes = _changes(before, settings)
        if not changes:
            return {}
        values = settings.model_dump(mode="python")
        values["own_phrases"] = [p.model_dump() for p in settings.own_phrases]
        if row is None:
            row = TeamSetting(surface=surface, team=team, channel=channel, updated_at=now, updated_by=actor,
                              **values)
            session.add(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at, row.updated_by = now, actor
        session.add(SettingsAudit(surface=surface, team=team, channel=channel, actor=actor, at=now,
                                  changes=changes))
        insert = (postgresql.insert if db.dialect == "postgresql" else sqlite.insert)(SettingsVersion)
        await session.execute(insert.values(surface=surface, team=team, version=1).on_conflict_do_update(
            index_elements=[SettingsVersion.surface, SettingsVersion.team],
            set_={"version": SettingsVersion.version + 1}))
    log.info("settings changed surface=%s team=%s channel=%s by=%s fields=%s", surface, team,
             channel or "(team)", actor, sorted(changes))
    return changes


async def audit_log(db: Database, surface: str, team: str) -> list[SettingsAudit]:
    async with db.session() as session:
        return list((await session.scalars(select(SettingsAudit).where(
            SettingsAudit.surface == surface, SettingsAudit.team == team).order_by(SettingsAudit.id))).all())


@dataclass
class _Cached:
    snapshot: TeamSnapshot
    checked: float


class StoreContextSource:
    """The store-backed `TeamContextSource`: each draft's defaults and Policy from its team's settings.

    `base_defaults(where)` gives the server's own starting values (SLACK_CHANNEL_DEFAULTS) that a
    team's settings build on. If the database cannot be reached, checks go on with the last
    settings this process read (or the server's defaults), and the failure is logged.
    """

    def __init__(self, db: Database, *, base_defaults: Callable[[Where], Mapping[str, object]] | None = None,
                 ttl: float = 2.0, clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], date] = uk_today) -> None:
        self.db = db
        self.base_defaults = base_defaults or (lambda where: {})
        self.ttl = ttl
        self._clock = clock
        self._today = today
        self._cache: dict[tuple[str, str], _Cached] = {}
        self._loading: dict[tuple[str, str], asyncio.Future[TeamSnapshot]] = {}
        # Bumped by `forget`: a query begun before a change may answer the drafts that were
        # already waiting for it, but never goes into the cache after the change.
        self._generation: dict[tuple[str, str], int] = {}
        self._superseded: set[asyncio.Future[TeamSnapshot]] = set()

    async def context_for(self, where: Where) -> TeamContext:
        base = self.base_defaults(where)
        if where.surface not in ("slack", "teams") or not where.team:
            return TeamContext(defaults=dict(base), policy=DEFAULT_POLICY)
        snapshot = await self.snapshot(where.surface, where.team)
        return TeamContext(defaults=snapshot.defaults(where.channel, self._today(), base),
                           policy=snapshot.policy(where.channel))

    async def snapshot(self, surface: str, team: str) -> TeamSnapshot:
        """The team's settings, checked against the database at most every `ttl` seconds.

        Between one and two TTLs old, the copy in hand still answers this draft while one
        background query asks whether the team changed, so a busy team's drafts never wait on the
        database; older than that (a quiet team), the draft waits for the answer. Either way a
        change is in use for every draft that starts two TTLs after it was saved."""
        key = (surface, team)
        cached = self._cache.get(key)
        age = self._clock() - cached.checked if cached is not None else None
        if cached is not None and age is not None and age < self.ttl:
            return cached.snapshot
        loading = self._loading.get(key)
        if loading is None:  # one query per team at a time, however many drafts ask
            loading = self._loading[key] = asyncio.ensure_future(self._refresh_once(key, cached))
        if cached is not None and age is not None and age < 2 * self.ttl:
            return cached.snapshot
        return await asyncio.shield(loading)

    async def _refresh_once(self, key: tuple[str, str], cached: _Cached | None) -> TeamSnapshot:
        try:
            return await self._refresh(key, cached, self._generation.get(key, 0))
        finally:
            if self._loading.get(key) is asyncio.current_task():
                del self._loading[key]

    async def settled(self) -> None:
        """Wait for any refresh under way (tests, and a clean shutdown)."""
        while self._loading or self._superseded:
            await asyncio.gather(*self._loading.values(), *self._superseded, return_exceptions=True)

    async def _refresh(self, key: tuple[str, str], cached: _Cached | None, generation: int) -> TeamSnapshot:
        try:
            version = await settings_version(self.db, *key)
            if cached is not None and cached.snapshot.version == version:
                snapshot = cached.snapshot
            else:
                snapshot = await load_team(self.db, *key)
        except Exception as exc:  # the database is down: coach with what we know, and say so
            log.warning("settings unavailable surface=%s team=%s error=%s; using %s", key[0], key[1],
                        type(exc).__name__, "the last settings read" if cached else "the server's defaults")
            snapshot = cached.snapshot if cached else TeamSnapshot(key[0], key[1], -1)
        if self._generation.get(key, 0) == generation:  # nothing changed here since it began
            self._cache[key] = _Cached(snapshot, self._clock())
        return snapshot

    def forget(self, surface: str, team: str) -> None:
        """Drop one team's cached settings (after this process changed them), and any query of
        them already under way, which may have read them before the change: the next draft asks
        the database afresh, so the change is in use here at once."""
        key = (surface, team)
        self._cache.pop(key, None)
        self._generation[key] = self._generation.get(key, 0) + 1
        loading = self._loading.pop(key, None)
        if loading is not None and not loading.done():
            self._superseded.add(loading)
            loading.add_done_callback(self._superseded.discard)

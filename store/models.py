"""The store's tables (SQLAlchemy 2 declarative), the same on SQLite and PostgreSQL.

Alembic's migrations in `store/migrations/versions/` create and change these; the models here
describe the schema at the newest revision and are what the code reads and writes through.
Nothing in these tables holds a draft's text except `feedback.draft`, and only when the person
ticked "share this draft", with the personal details the engine found masked.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from datetime import timezone

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, Text, TypeDecorator, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A team-wide row has this channel; a channel's own row has the platform's channel id.
TEAM_WIDE = ""


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases: SQLite keeps no zone, so it is put back on reading."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store takes aware datetimes only")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class TeamSetting(Base):
    """One team's settings (channel == TEAM_WIDE) or one channel's, keyed by the platform's own ids:
    a Slack workspace (T...) or a Teams tenant, and a Slack channel (C...) or Teams conversation."""

    __tablename__ = "team_settings"
    __table_args__ = (UniqueConstraint("surface", "team", "channel", name="uq_team_settings_place"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    surface: Mapped[str] = mapped_column(String(16))
    team: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(256), default=TEAM_WIDE)
    platform: Mapped[str | None] = mapped_column(String(16), nullable=True)
    account: Mapped[str | None] = mapped_column(String(16), nullable=True)
    pre_election_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    pre_election_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    disabled_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    allowed_phrases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The team's own phrases to flag: [{"phrase", "message", "suggestion"}]
    own_phrases: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(128))


class SettingsVersion(Base):
    """Bumped in the same transaction as any change to a team's settings, so every process can
    ask one cheap question ("has this team changed?") instead of re-reading its settings."""

    __tablename__ = "settings_versions"

    surface: Mapped[str] = mapped_column(String(16), primary_key=True)
    team: Mapped[str] = mapped_column(String(128), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class SettingsAudit(Base):
    """Every settings change: who made it, when, where, and each field's value before and after."""

    __tablename__ = "settings_audit"
    __table_args__ = (Index("ix_settings_audit_team_at", "surface", "team", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    surface: Mapped[str] = mapped_column(String(16))
    team: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(256))
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class Feedback(Base):
    """One person's word on one finding: "helpful" or "not_right" (with why, and a comment)."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_created_at", "created_at"),
                      Index("ix_feedback_team_rule", "surface", "team", "rule"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    surface: Mapped[str] = mapped_column(String(16))
    team: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(256), default=TEAM_WIDE)
    check_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(128))
    excerpt: Mapped[str] = mapped_column(Text, default="")
    choice: Mapped[str] = mapped_column(String(16))  # helpful | not_right
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Only when shared, and then masked; with the context and the coach's findings for export.
    draft: Mapped[str | None] = mapped_column(Text, nullable=True)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class RuleCheck(Base):
    """How many checks reported each rule, per team and day: the denominator for feedback."""

    __tablename__ = "rule_checks"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    surface: Mapped[str] = mapped_column(String(16), primary_key=True)
    team: Mapped[str] = mapped_column(String(128), primary_key=True)
    rule: Mapped[str] = mapped_column(String(128), primary_key=True)
    checks: Mapped[int] = mapped_column(Integer, default=0)


class HandledEvent(Base):
    """A Slack delivery already answered, so a retry reaching any process is dropped."""

    __tablename__ = "handled_events"
    __table_args__ = (Index("ix_handled_events_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(256), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

"""Settings from the environment or a `.env` file (../shared/design/REPORT.md lists them).

Nothing is required: with no credentials the server runs the HTTP API alone, and Slack or Teams
switch on when theirs are set.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    port: int = Field(default=3978, ge=1, le=65535)
    host: str = "0.0.0.0"
    # Extra rule-pack folders, separated by the OS path separator (":" on Linux).
    checkpost_rules: str = ""
    # Seconds a worker may spend on one check before it is stopped and replaced, and the person
    # told the draft is too unusual to check automatically. At most 4 s: with the time a check may
    # wait for a free worker, every answer stays inside Teams' 5 s for a compose-box action.
    checkpost_check_deadline: float = Field(default=2.0, gt=0, le=4.0)
    # Worker processes that run checks (0: one per CPU core this process may use).
    checkpost_workers: int = Field(default=0, ge=0, le=64)
    # A worker is replaced after this many checks, a backstop to spaCy's memory zones (which keep
    # the string store flat, while spaCy's own hash tables still creep up by about 200 bytes a check).
    checkpost_worker_checks: int = Field(default=100_000, ge=1)
    # Seconds to receive a whole request body; a stalled upload is answered 408 and closed.
    checkpost_body_timeout: float = Field(default=10.0, gt=0, le=300)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    # Channel ids where every top-level human message is a draft, comma-separated.
    slack_review_channels: str = ""
    # Platform/account a Slack channel checks for unless options say otherwise, e.g.
    # "C0123=bluesky/councillor,*=x/council" ("*" is every other channel; unset means x/council).
    slack_channel_defaults: str = ""

    microsoft_app_id: str | None = None
    microsoft_app_password: SecretStr | None = None
    microsoft_app_tenant_id: str | None = None
    microsoft_app_type: str = "MultiTenant"
    # Which SDK serves Teams, read once at start-up; only that one is imported (README: "Teams SDK").
    teams_sdk: Literal["botbuilder", "agents"] = "botbuilder"
    # Where the Bot Framework channel publishes its OpenID configuration and signing keys; unset means
    # the public cloud's (https://login.botframework.com/v1/.well-known/openidconfiguration).
    teams_openid_metadata_url: str | None = None

    @field_validator("teams_sdk", mode="before")
    @classmethod
    def _sdk_name(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    # The store (store/): SQLite in the working directory unless DATABASE_URL names PostgreSQL.
    database_url: str = ""
    # Who may change a team's settings besides Slack's workspace admins and owners: Slack user ids
    # and Teams (Entra) object ids, comma-separated.
    checkpost_admins: str = ""
    feedback_retention_days: int = Field(default=90, ge=1, le=3650)
    # How long a process trusts its copy of a team's settings before asking whether they changed.
    settings_cache_seconds: float = Field(default=2.0, ge=0, le=300)

    @property
    def admins(self) -> frozenset[str]:
        return frozenset(a.strip() for a in self.checkpost_admins.split(",") if a.strip())

    @property
    def rule_dirs(self) -> tuple[str, ...]:
        return tuple(str(Path(p)) for p in self.checkpost_rules.split(os.pathsep) if p.strip())

    @property
    def review_channels(self) -> frozenset[str]:
        return frozenset(c.strip() for c in self.slack_review_channels.split(",") if c.strip())

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and (self.slack_signing_secret or self.slack_app_token))

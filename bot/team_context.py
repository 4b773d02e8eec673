"""Where a draft came from, and what that team has told the coach about such places.

The intake (one path from every surface to the engine) asks a `TeamContextSource` for the
context of each draft: the starting options for that channel (platform, account, pre-election)
and the team's `Policy`. The default source reads the server's settings; the store-backed one
reads each team's own settings. Neither is ever consulted by the engine itself.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from rules.models import ACCOUNTS, PLATFORMS
from rules.policy import DEFAULT_POLICY, Policy

Surface = Literal["slack", "teams", "api", "cli"]


@dataclass(frozen=True)
class Where:
    """The place a draft was sent from; ids are the platform's own (workspace or tenant, channel)."""

    surface: Surface
    team: str | None = None
    channel: str | None = None
    user: str | None = None


@dataclass(frozen=True)
class TeamContext:
    """Starting options for a draft from this place (the person's own options win) and the policy."""

    defaults: Mapping[str, object] = field(default_factory=dict)
    policy: Policy = DEFAULT_POLICY


class TeamContextSource(Protocol):
    async def context_for(self, where: Where) -> TeamContext: ...


def parse_channel_defaults(spec: str) -> dict[str, dict[str, str]]:
    """`C0123=bluesky/councillor,C0456=x,*=x/council` -> {channel: {"platform", "account"}}.

    `*` sets the default for every channel not named. A bad entry is an error at start-up,
    not a surprise in the middle of a check.
    """
    defaults: dict[str, dict[str, str]] = {}
    for entry in (e.strip() for e in spec.split(",")):
        if not entry:
            continue
        channel, sep, value = entry.partition("=")
        if not sep or not channel.strip():
            raise ValueError(f"SLACK_CHANNEL_DEFAULTS entry {entry!r} should look like C0123=bluesky/councillor")
        context: dict[str, str] = {}
        for part in (p.strip().lower() for p in value.split("/") if p.strip()):
            if part in PLATFORMS:
                context["platform"] = part
            elif part in ACCOUNTS:
                context["account"] = part
            else:
                raise ValueError(f"SLACK_CHANNEL_DEFAULTS: {part!r} is neither a platform nor an account")
        defaults[channel.strip()] = context
    return defaults


class SettingsContextSource:
    """The server's own settings, the same for every team: Slack channels' platform and account
    from SLACK_CHANNEL_DEFAULTS, and the default policy. The store-backed source replaces it
    once teams keep their own settings."""

    def __init__(self, slack_channel_defaults: str = "") -> None:
        self.slack_channels = parse_channel_defaults(slack_channel_defaults)

    async def context_for(self, where: Where) -> TeamContext:
        if where.surface != "slack":
            return TeamContext()
        channels = self.slack_channels
        return TeamContext(defaults={**channels.get("*", {}), **channels.get(where.channel or "", {})})

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

"""A team's say over one check: rules switched off, phrases always fine, and its own rules.

The engine takes a policy as a value beside the request (`Coach.check(request, policy)`); it
never reads a file or a database per check. Whoever holds a team's settings (the store, a test,
a command-line flag) builds the policy, and the engine applies it at one choke point.

A policy is frozen and hashable, and its `version` is derived from its content, so a worker
process that compiles a team's extra rules can cache them by version and rebuild only when the
team's settings actually change.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict


class Policy(BaseModel):
    """What a team has told the coach. The default policy changes nothing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # Rule ids never reported for this team (or channel): findings, templates and edits alike.
    disabled_rules: frozenset[str] = frozenset()
    # Phrases that are always fine in this team's posts (a ward's name, a scheme's name that a
    # word list mistakes for a slur): a finding whose excerpt lies inside one is dropped.
    allowed_phrases: tuple[str, ...] = ()
    # The team's own rules, each an entry in the rule-pack shape (rules/packs.py), as YAML gives it.
    extra_rules: tuple[dict[str, Any], ...] = ()
    # A switched-off rule does not bring the trained signal in on the same words, unless asked.
    signal_where_disabled: bool = False

    @property
    def version(self) -> str:
        """A short digest of the content: equal policies share it, any change gives a new one.

        Worked out on each call, never cached on the instance: `model_copy(update=...)` copies an
        instance's cached values, so a cached digest would outlive the change it should mark."""
        body = self.model_dump(mode="json")
        body["disabled_rules"] = sorted(body["disabled_rules"])
        digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]

    @property
    def is_default(self) -> bool:
        return self == DEFAULT_POLICY


DEFAULT_POLICY = Policy()

__all__ = ["Policy", "DEFAULT_POLICY"]

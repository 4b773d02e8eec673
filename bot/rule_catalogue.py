"""Every rule a team may switch off, with its category and message, for the settings forms.

Read from the rule registry (rules/packs.py), which holds every rule whatever computes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rules.packs import shared_registry

from . import wording as w


@dataclass(frozen=True)
class RuleInfo:
    id: str
    category: str
    message: str


@lru_cache(maxsize=4)
def catalogue(rule_dirs: tuple[str, ...] = ()) -> tuple[RuleInfo, ...]:
    rules = [RuleInfo(r.id, r.category, r.message) for r in shared_registry(rule_dirs).rules.values()]
    order = list(w.CATEGORY_LABEL)
    return tuple(sorted(rules, key=lambda r: (order.index(r.category) if r.category in order else 99, r.id)))


def known_ids(rule_dirs: tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(r.id for r in catalogue(rule_dirs))

"""Every rule a team may switch off, with its category and message, for the settings forms.

The rule registry (issue 13) lists every rule whatever computes it. Where it is not there yet,
the YAML packs are read for theirs and the rules computed in Python are named here; once it is,
this list only fills gaps the registry already covers, and can go.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rules.packs import load_rules

from . import wording as w


@dataclass(frozen=True)
class RuleInfo:
    id: str
    category: str
    message: str


COMPUTED = (
    RuleInfo("dm.phone_number", "dm", "A phone number in a public reply."),
    RuleInfo("dm.email_address", "dm", "A personal email address in a public reply."),
    RuleInfo("dm.home_address", "dm", "A home address in a public reply."),
    RuleInfo("dm.postcode", "dm", "A full postcode in a public reply."),
    RuleInfo("dm.date_of_birth", "dm", "A date of birth in a public reply."),
    RuleInfo("dm.case_reference", "dm", "A case or account reference in a public reply."),
    RuleInfo("tone.shouting", "tone", "Words in capitals read as shouting."),
    RuleInfo("tone.exclamation", "tone", "Several exclamation marks read as shouting."),
    RuleInfo("tone.signal", "tone", "The trained signal: a reply that reads as hostile or dismissive."),
    RuleInfo("length.over_limit", "length", "Over the platform's length limit."),
    RuleInfo("clarity.long_sentence", "clarity", "A sentence too long to read easily."),
    RuleInfo("accessibility.emoji_overload", "accessibility", "Many emoji, which screen readers read out one by one."),
    RuleInfo("accessibility.hashtag_case", "accessibility", "A hashtag screen readers cannot split into words."),
    RuleInfo("accessibility.link_only", "accessibility", "A reply that is only a link."),
)


def _registered(rule_dirs: tuple[str, ...]) -> list:
    try:
        from rules.packs import shared_registry  # the rule registry (issue 13)
    except ImportError:
        return load_rules(tuple(Path(d) for d in rule_dirs))
    return list(shared_registry(rule_dirs).rules.values())


@lru_cache(maxsize=4)
def catalogue(rule_dirs: tuple[str, ...] = ()) -> tuple[RuleInfo, ...]:
    found = {r.id: RuleInfo(r.id, r.category, r.message) for r in _registered(rule_dirs)}
    for info in COMPUTED:
        found.setdefault(info.id, info)
    return tuple(sorted(found.values(), key=lambda r: (list(w.CATEGORY_LABEL).index(r.category)
                                                      if r.category in w.CATEGORY_LABEL else 99, r.id)))


def known_ids(rule_dirs: tuple[str, ...] = ()) -> frozenset[str]:
    return frozenset(r.id for r in catalogue(rule_dirs))

"""The one entry point the CLI, the HTTP API and the chat bots call: `Coach.check`.

The spaCy pipeline and the rule registry load once, when the Coach is made; a check only runs
them. A team's policy (rules/policy.py) comes with each check as a value: rules it switches off
and phrases it allows are applied where every finding is recorded (`add_finding`), and its extra
rules are compiled once per policy version and kept in a small cache, so each worker process
compiles a team's rules again only when the team changes them.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .components.base import KEY, Draft
from .types.pattern import PatternRules
from .models import CheckError, CheckRequest, Finding, Report, parse_request
from .packs import Meta, PackError, Registry, is_change, merge_entries
from .pipeline import build_pipeline, registry_of
from .policy import DEFAULT_POLICY, Policy

# How many teams' compiled rules one process keeps (least recently used go first).
TEAM_CACHE = 64


@dataclass(frozen=True)
class TeamRules:
    """A policy compiled against the registry: what its extra rules switch off, replace, reword
    or add."""

    off: frozenset[str]  # built-in rules never reported (disabled_rules, and `enabled: false` entries)
    replaced: frozenset[str] = frozenset()  # built-in ids whose findings now come from the team's rule
    changed: Mapping[str, Meta] = field(default_factory=dict)  # built-in rules with the team's own words
    patterns: PatternRules | None = None  # the team's own rules, run beside the built-in packs


class Coach:
    """A loaded pipeline plus its rule registry; cheap to call, costly to build, so build one."""

    def __init__(self, rule_dirs: Iterable[Path | str] = ()) -> None:
        self.rule_dirs = tuple(Path(d) for d in rule_dirs)
        self.nlp = build_pipeline(self.rule_dirs)
        self.registry: Registry = registry_of(self.nlp)
        self._teams: OrderedDict[str, TeamRules] = OrderedDict()
        self._default = TeamRules(off=frozenset())

    def compile_all(self) -> None:
        """Compile every expression now. They compile on first use (rules/matcher.py says why),
        which suits a one-off check; a server calls this before it takes work, so that no
        check pays for compiling what the drafts before it did not reach."""
        for _name, component in self.nlp.pipeline:
            if isinstance(component, PatternRules):
                component.compile_all()

    def check(self, request: CheckRequest | Mapping, policy: Policy = DEFAULT_POLICY) -> Report:
        if not isinstance(request, CheckRequest):
            request = parse_request(request)
        team = self.compile_policy(policy)
        doc = self.nlp.make_doc(request.text)
        draft = doc.user_data[KEY] = Draft(request, request.text, registry=self.registry, policy=policy,
                                           off=team.off, replaced=team.replaced, changed=team.changed or None)
        for name, component in self.nlp.pipeline:
            doc = component(doc)
            if name == "checkpost_patterns" and team.patterns is not None:
                doc = team.patterns(doc)
        assert draft.report is not None
        return draft.report

    def compile_policy(self, policy: Policy) -> TeamRules:
        """The policy compiled (cached by its version); raises PackError, naming the rule, for an
        extra rule that does not validate, so a settings screen can refuse it when it is saved."""
        if policy is DEFAULT_POLICY or policy.is_default:
            return self._default
        team = self._teams.get(policy.version)
        if team is not None:
            self._teams.move_to_end(policy.version)
            return team
        team = self._compile(policy)
        self._teams[policy.version] = team
        if len(self._teams) > TEAM_CACHE:
            self._teams.popitem(last=False)
        return team

    def _compile(self, policy: Policy) -> TeamRules:
        known = self.registry.rules
        entries = list(policy.extra_rules)
        rules = merge_entries(((entry, None) for entry in entries), known, where="the team's rules: ")
        off, replaced, changed, own = set(policy.disabled_rules), set(), {}, []
        for entry, rule in zip(entries, rules):
            if is_change(entry) and rule.id in known:
                if not rule.enabled:
                    off.add(rule.id)
                elif self.registry.meta(rule.id) is not None and rule.meta != self.registry.meta(rule.id):
                    changed[rule.id] = rule.meta
                continue
            if rule.type != "pattern":
                raise PackError(f"the team's rules: rule {rule.id}: a team's own rule finds text with "
                                "phrases, patterns or regex (computed types are built in)")
            if rule.id in known:
                replaced.add(rule.id)
            if rule.enabled:
                own.append(rule)
        patterns = PatternRules(self.nlp, own, own=True) if own else None
        return TeamRules(off=frozenset(off), replaced=frozenset(replaced), changed=changed, patterns=patterns)


@lru_cache(maxsize=4)
def get_coach(rule_dirs: tuple[str, ...] = ()) -> Coach:
    """One Coach per process (per set of extra rule folders)."""
    return Coach(rule_dirs)


__all__ = ["Coach", "get_coach", "CheckError", "CheckRequest", "Finding", "Report"]

"""Rule packs: YAML files of rules, validated when they load, merged into one registry.

Every rule the coach reports, whatever computes it, is an entry here with an id, a category, a
severity, a message, a suggestion and a source: the rule packs' own (`type: pattern`, the default)
and those whose logic is code (`type: personal_data`, `capitals`, `sentence_length`, the trained
`signal`...; their entries are in rules/packs/computed.yml). So a comms team can switch any rule
off, or replace it, without touching Python: drop a `*.yml` file in a folder and point
`CHECKPOST_RULES` or `--rules DIR` at it.

- An entry with the id of a rule loaded before it, that says nothing about what to find (no
  `phrases`, `patterns`, `regex` or `type`), changes that rule: `- {id: tone.shouting, enabled:
  false}` switches it off, `- {id: dm.postcode, severity: warn}` softens it.
- An entry that says what to find replaces any rule of the same id altogether.

Each type's module in rules/types/ says what it finds and what an entry of its type may set
(rules/types/pattern.py lists a pattern rule's `phrases`, `patterns`, `regex`, conditions and fixes).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic import ValidationInfo

from . import matcher
from .models import Account, Category, Platform, Severity

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"
# libyaml's safe loader when PyYAML was built with it (the wheels are): several times quicker to
# read the packs, which is most of building a second pipeline.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A data file of the rules, read with the quick loader (every one is read at start-up)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader


class PackError(ValueError):
    """A rule pack that cannot be loaded; the message names the file, the rule and the problem."""


# The conditions that narrow a pattern rule's matches, each a list of regular expressions, and
# where each looks: the match's sentence, the whole draft, the draft or the post answered, the post.
CONDITIONS: dict[str, str] = {
    "unless_in_sentence": "sentence",
    "only_if_in_sentence": "sentence",
    "only_if_in_draft_or_post": "draft_or_post",
    "unless_in_draft": "draft",
    "only_if_in_post": "post",
    "unless_in_post": "post",
}
# The names packs used before the conditions said where they look: refused, naming the new one.
RENAMED = {"unless": "unless_in_sentence", "only_with": "only_if_in_sentence",
           "only_if": "only_if_in_draft_or_post", "unless_anywhere": "unless_in_draft",
           "only_if_post": "only_if_in_post", "unless_post": "unless_in_post"}

# Rule types. `pattern` is the packs' own (existence, substitution and conditions in one); the
# others are computed in code, one module per type in rules/types/, and read their rules' words
# from the registry.
RuleType = Literal["pattern", "personal_data", "capitals", "repeated_marks", "hashtag_case",
                   "emoji_count", "link_only", "sentence_length", "platform_length", "signal"]
TEMPLATES = ("dm_invite", "pre_election", "neutral_politics", "move_on")
# What an entry may say about a rule without saying what it finds: these change a known rule.
_METADATA = frozenset({"id", "enabled", "category", "severity", "message", "suggestion", "source"})
_FINDERS = ("phrases", "patterns", "regex", "type")


class Ref(NamedTuple):
    """How a component names a rule it computes: its id and its type. A rule a pack replaces with
    one of another type (say, `tone.shouting` as a phrase list) is no longer the component's."""

    id: str
    type: str


@dataclass(frozen=True, slots=True)
class Meta:
    """What a finding says: a rule's metadata, as the registry holds it."""

    rule: str
    category: str
    severity: str
    message: str
    suggestion: str
    source: str


class When(BaseModel):
    """Conditions on the draft's context; a rule runs only when all that are set hold."""

    model_config = ConfigDict(extra="forbid")

    account: Account | None = None
    platforms: list[Platform] | None = None
    pre_election: bool | None = None
    # "any": only in a reply to someone (the post answered is given, or the draft opens by
    # addressing a person); "hostile": only when the post answered is antagonistic.
    in_reply: str | None = Field(default=None, pattern="^(any|hostile)$")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    type: RuleType = "pattern"
    category: Category
    severity: Severity = "warn"
    message: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    source: str = Field(min_length=1)
    enabled: bool = True
    when: When = When()
    phrases: list[str] = []
    patterns: list[list[dict[str, Any]]] = []
    regex: list[str] = []
    unless_in_sentence: list[str] = []
    only_if_in_sentence: list[str] = []
    only_if_in_draft_or_post: list[str] = []
    unless_in_draft: list[str] = []
    only_if_in_post: list[str] = []
    unless_in_post: list[str] = []
    replace: str | None = None
    rewrite_sentence: str | None = None
    # In a reply, the fix is a different reply: one of the templates in rules/data/templates.yml.
    template: str | None = Field(default=None, pattern="^(" + "|".join(TEMPLATES) + ")$")
    _origin: Path | None = PrivateAttr(default=None)  # the pack file, for error messages

    @property
    def origin(self) -> str:
        return str(self._origin) if self._origin else "(built in)"

    @property
    def meta(self) -> Meta:
        return Meta(self.id, self.category, self.severity, self.message, self.suggestion, self.source)

    @model_validator(mode="before")
    @classmethod
    def _old_condition_names(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            for old, new in RENAMED.items():
                if old in data:
                    raise ValueError(f"'{old}' is now called '{new}' (conditions say where they look); "
                                     "rename it (the README lists them)")
        return data

    @field_validator("regex", *CONDITIONS)
    @classmethod
    def _compiles(cls, values: list[str], info: ValidationInfo) -> list[str]:
        # The packs that ship are compiled by their tests (tests/rules/test_registry.py), so
        # compiling their thousand expressions again at every start would only slow it; a team's
        # own are compiled here, so a mistake is named as the pack loads.
        if info.context and info.context.get("shipped"):
            return values
        for value in values:
            try:
                _compile(value, 0)
            except re.error as exc:
                raise ValueError(f"regular expression {value!r} does not compile: {exc}") from None
        return values

    @field_validator("phrases")
    @classmethod
    def _no_blank_phrases(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("a phrase is empty")
        return values

    @model_validator(mode="after")
    def _finds_something(self) -> "Rule":
        if self.type == "pattern":
            if self.enabled and not (self.phrases or self.patterns or self.regex):
                raise ValueError("give at least one of phrases, patterns or regex")
        else:
            given = [name for name in ("phrases", "patterns", "regex", *CONDITIONS, "replace",
                                       "rewrite_sentence", "template") if getattr(self, name)]
            if given or self.when != When():
                raise ValueError(f"a rule of type {self.type} is computed in code; it takes no "
                                 f"{', '.join(given) or 'when'}")
        if self.replace is not None and self.rewrite_sentence is not None:
            raise ValueError("use replace or rewrite_sentence, not both")
        return self

    def compiled(self, field: str) -> matcher.Expression | None:
        """One of the CONDITIONS as a single case-insensitive expression (compiled on first use,
        as rules/matcher.py says why, with the quicker route for case-folded text where sound), or
        None if unset."""
        sources = getattr(self, field)
        return matcher.compile("|".join(f"(?:{r})" for r in sources), re.I, fold=True) if sources else None


# Compiled once per process however many registries are loaded (a team's packs beside the
# built-in ones); re's own cache holds only 512, fewer than the packs' expressions.
_compile = lru_cache(maxsize=4096)(re.compile)


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: dict[str, Any] = {}
    rules: list[dict[str, Any]]


def is_change(entry: Mapping[str, Any]) -> bool:
    """Whether a pack entry changes a known rule (says nothing about what to find) rather than
    defining one."""
    return not any(name in entry for name in _FINDERS) and set(entry) <= _METADATA


def merge_entries(entries: Iterable[tuple[Mapping[str, Any], Path | None]], known: Mapping[str, Rule],
                  defaults: Mapping[str, Any] = {}, where: str = "", shipped: bool = False) -> list[Rule]:
    """Validate entries into rules: a change is merged over the known rule of its id, anything
    else is a rule of its own (which replaces a known rule of the same id). `shipped`: the
    entries are the built-in packs, whose expressions their tests compile."""
    context = {"shipped": shipped}
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for index, (entry, origin) in enumerate(entries, start=1):
        name = entry.get("id", f"rule #{index}") if isinstance(entry, Mapping) else f"rule #{index}"
        try:
            if not isinstance(entry, Mapping):
                raise TypeError("a rule is a mapping of fields")
            base = seen.get(entry.get("id")) or known.get(entry.get("id"))
            if is_change(entry) and base is not None:
                rule = Rule.model_validate({**base.model_dump(exclude_defaults=True), **entry}, context=context)
                rule._origin = origin or base._origin
            else:
                rule = Rule.model_validate({**defaults, **entry}, context=context)
                rule._origin = origin
        except (ValidationError, TypeError, ValueError) as exc:
            problem = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            if is_change(entry if isinstance(entry, Mapping) else {}) and isinstance(entry, Mapping) \
                    and entry.get("id") not in known and entry.get("id") not in seen:
                problem += f" (no rule {entry.get('id')!r} is loaded before this one, so there is nothing to change)"
            raise PackError(f"{where}rule {name}: {problem}") from None
        seen[rule.id] = rule
        rules.append(rule)
    return rules


def _load_file(path: Path, known: Mapping[str, Rule], shipped: bool = False) -> list[Rule]:
    try:
        raw = read_yaml(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the file: {exc}") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from None
    if isinstance(raw, list):
        raw = {"rules": raw}  # a bare list of entries is a pack with no defaults
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        raise PackError(f"{path}: a pack is a mapping with a 'rules' list: {_first_error(exc)}") from None
    return merge_entries(((entry, path) for entry in pack.rules), known, pack.defaults, where=f"{path}: ",
                         shipped=shipped)


def _first_error(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        if err.get("type") == "string_type" and isinstance(err.get("input"), dict):
            msg += " (YAML read it as a mapping because of a colon and a space: put it in single quotes)"
        problems.append(f"{where}: {msg}" if where else msg)
    return "; ".join(problems)


class Registry:
    """Every rule by id, switched on or off, whatever computes it: one place to look a rule up."""

    def __init__(self, rules: Mapping[str, Rule]) -> None:
        self.rules = dict(rules)
        self._meta = {rule_id: rule.meta for rule_id, rule in self.rules.items() if rule.enabled}

    def enabled(self, type: str | None = None) -> list[Rule]:
        return [r for r in self.rules.values() if r.enabled and (type is None or r.type == type)]

    def of_type(self, type: str) -> list[Rule]:
        """Every rule of a type, switched on or off: a rule a pack switches off still runs, so that
        what it finds is held back like a rule a team's policy switches off (the trained signal
        does not take its place)."""
        return [r for r in self.rules.values() if r.type == type]

    def switched_off(self, rule: Ref) -> Rule | None:
        """The rule, when a pack switches it off (not when a pack gave its id to another type)."""
        found = self.rules.get(rule.id)
        return found if found is not None and not found.enabled and found.type == rule.type else None

    def meta(self, rule: str | Ref) -> Meta | None:
        """The rule's metadata, or None when it is switched off (its findings are not reported), or,
        asked by a Ref, when the rule of that id is now of another type."""
        if isinstance(rule, tuple):
            found = self.rules.get(rule.id)
            return self._meta.get(rule.id) if found is not None and found.type == rule.type else None
        return self._meta.get(rule)

    def require(self, refs: Iterable[Ref]) -> None:
        """Refuse a registry that lacks a rule a component computes (a computed rule is declared in
        data, so a missing entry is a mistake, not a switch)."""
        missing = [ref.id for ref in refs if ref.id not in self.rules]
        if missing:
            raise PackError(f"no registry entry for the computed rule(s) {', '.join(missing)}")


def load_registry(extra_dirs: Iterable[Path | str] = ()) -> Registry:
    """Built-in packs first, then each extra folder; a later entry changes or replaces an earlier id."""
    by_id: dict[str, Rule] = {}
    origin: dict[str, Path] = {}
    for folder in (BUILTIN_DIR, *(Path(d) for d in extra_dirs)):
        if not folder.is_dir():
            raise PackError(f"{folder}: no such folder of rule packs")
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
            for rule in _load_file(path, by_id, shipped=folder == BUILTIN_DIR):
                earlier = origin.get(rule.id)
                if earlier is not None and earlier.parent == path.parent:
                    raise PackError(f"{path}: rule {rule.id}: the id is already used in {earlier.name}")
                by_id[rule.id] = rule
                origin[rule.id] = path
    return Registry(by_id)


def load_rules(extra_dirs: Iterable[Path | str] = ()) -> list[Rule]:
    """The pattern rules switched on (what the packs' component runs)."""
    return load_registry(extra_dirs).enabled("pattern")


def _pack_files(extra_dirs: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    files = []
    for folder in (BUILTIN_DIR, *(Path(d) for d in extra_dirs)):
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else ():
            stat = path.stat()
            files.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(files)


@lru_cache(maxsize=8)
def _registry_of(extra_dirs: tuple[str, ...], _files: tuple) -> Registry:
    return load_registry(extra_dirs)


def shared_registry(extra_dirs: Iterable[Path | str] = ()) -> Registry:
    """The registry for these folders, loaded once however many components of one pipeline ask
    for it (keyed by the pack files' names, sizes and times, so an edited pack is read again)."""
    dirs = tuple(str(d) for d in extra_dirs)
    return _registry_of(dirs, _pack_files(dirs))

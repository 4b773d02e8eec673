"""Rule packs: YAML files of rules, validated when they load.

A pack is data, not code, so a comms team can add its own phrases without touching Python:
drop a `*.yml` file in a folder and point `CHECKPOST_RULES` or `--rules DIR` at it. A rule with
the id of a built-in rule replaces it (and `enabled: false` switches it off).

Each rule finds text in one or more of three ways (any mix):
- `phrases`: exact phrases, matched on lower-cased tokens by spaCy's PhraseMatcher;
- `patterns`: spaCy Matcher token patterns, for word order with gaps and token attributes;
- `regex`: regular expressions on the text, case-insensitive, for spellings and wildcards.
narrowed, when a word is only a problem in some company, by regular expressions on context:
- `unless`: skip the match when its sentence also matches (for example, "send us a DM");
- `only_with`: keep the match only when its sentence also matches;
- `only_if`: keep the match only when the draft or the post it answers matches anywhere;
- `unless_anywhere`: skip the match when the draft matches anywhere (say, it already invites a DM);
- `only_if_post`: keep the match only in a reply to a post that matches (say, one about the
  writer's own benefits or family);
- `unless_post`: skip the match in a reply to a post that matches (say, the resident was joking
  too, so laughing along is banter);
and may say what to do about it in the suggested text:
- `replace`: swap the match for this text ("" deletes it), like Vale's substitution rules;
- `rewrite_sentence`: replace the whole sentence holding the match ("" drops the sentence);
- `template`: in a reply, suggest a different reply altogether (see rules/data/templates.yml).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .models import Account, Category, Platform, Severity

BUILTIN_DIR = Path(__file__).resolve().parent / "packs"


class PackError(ValueError):
    """A rule pack that cannot be loaded; the message names the file, the rule and the problem."""


# The fields that narrow a rule's matches, each a list of regular expressions (see above).
CONDITIONS = ("unless", "only_with", "only_if", "unless_anywhere", "only_if_post", "unless_post")


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
    unless: list[str] = []
    only_with: list[str] = []
    only_if: list[str] = []
    unless_anywhere: list[str] = []
    only_if_post: list[str] = []
    unless_post: list[str] = []
    replace: str | None = None
    rewrite_sentence: str | None = None
    # In a reply, the fix is a different reply: one of the templates in rules/data/templates.yml.
    template: str | None = Field(default=None, pattern="^(dm_invite|pre_election|neutral_politics|move_on)$")
    _origin: Path | None = PrivateAttr(default=None)  # the pack file, for error messages

    @property
    def origin(self) -> str:
        return str(self._origin) if self._origin else "(built in)"

    @field_validator("regex", *CONDITIONS)
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
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
        if self.enabled and not (self.phrases or self.patterns or self.regex):
            raise ValueError("give at least one of phrases, patterns or regex")
        if self.replace is not None and self.rewrite_sentence is not None:
            raise ValueError("use replace or rewrite_sentence, not both")
        return self

    @staticmethod
    def _join(patterns: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{r})" for r in patterns), re.I) if patterns else None

    def compiled(self, field: str) -> re.Pattern[str] | None:
        """One of the CONDITIONS as a single case-insensitive expression, or None if unset."""
        return self._join(getattr(self, field))


class Pack(BaseModel):
    model_config = ConfigDict(extra="forbid")

    defaults: dict[str, Any] = {}
    rules: list[dict[str, Any]]


def _load_file(path: Path) -> list[Rule]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read the file: {exc}") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from None
    try:
        pack = Pack.model_validate(raw)
    except ValidationError as exc:
        raise PackError(f"{path}: a pack is a mapping with a 'rules' list: {_first_error(exc)}") from None
    rules: list[Rule] = []
    for index, entry in enumerate(pack.rules, start=1):
        name = entry.get("id", f"rule #{index}") if isinstance(entry, dict) else f"rule #{index}"
        try:
            rule = Rule.model_validate({**pack.defaults, **entry})
            rule._origin = path
            rules.append(rule)
        except (ValidationError, TypeError) as exc:
            problem = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise PackError(f"{path}: rule {name}: {problem}") from None
    return rules


def _first_error(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        if err.get("type") == "string_type" and isinstance(err.get("input"), dict):
            msg += " (YAML read it as a mapping because of a colon and a space: put it in single quotes)"
        problems.append(f"{where}: {msg}" if where else msg)
    return "; ".join(problems)


def load_rules(extra_dirs: tuple[Path, ...] = ()) -> list[Rule]:
    """Built-in packs first, then each extra folder; a later rule replaces an earlier same id."""
    by_id: dict[str, Rule] = {}
    origin: dict[str, Path] = {}
    for folder in (BUILTIN_DIR, *extra_dirs):
        if not folder.is_dir():
            raise PackError(f"{folder}: no such folder of rule packs")
        for path in sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]):
            for rule in _load_file(path):
                if rule.id in by_id and origin[rule.id].parent == path.parent:
                    raise PackError(f"{path}: rule {rule.id}: the id is already used in {origin[rule.id].name}")
                by_id[rule.id] = rule
                origin[rule.id] = path
    return [r for r in by_id.values() if r.enabled]

"""The settings form's fields, read the same way from a Slack modal and a Teams Adaptive Card.

The form edits two places at once: the team's own settings (pre-election period, rules off
everywhere, phrases always fine, its own phrases to flag) and the channel's (default platform
and account, rules off there only). A bad field comes back as a message for that field, in words
a comms lead can act on; nothing is saved unless every field is good.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from rules.models import ACCOUNTS, PLATFORMS
from store.team_settings import OwnPhrase, PlaceSettings, TeamSnapshot

from . import wording as w


class FormErrors(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass
class FormValues:
    platform: str | None = None
    account: str | None = None
    pre_start: str | None = None
    pre_end: str | None = None
    off_team: list[str] = field(default_factory=list)
    off_channel: list[str] = field(default_factory=list)
    allowed: str = ""
    own: str = ""


def _date(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = "Give a date, for example 2027-03-25."
        return None


def parse_form(values: FormValues, known_rules: frozenset[str], team_wide: PlaceSettings,
               here: PlaceSettings) -> tuple[PlaceSettings, PlaceSettings]:
    """The team's and the channel's new settings, or FormErrors naming each bad field."""
    errors: dict[str, str] = {}
    if values.platform and values.platform not in PLATFORMS:
        errors["platform"] = f"Choose one of {', '.join(PLATFORMS)}."
    if values.account and values.account not in ACCOUNTS:
        errors["account"] = f"Choose one of {', '.join(ACCOUNTS)}."
    start, end = _date(values.pre_start, "pre_start", errors), _date(values.pre_end, "pre_end", errors)
    if "pre_start" not in errors and "pre_end" not in errors:
        if (start is None) != (end is None):
            errors["pre_end" if end is None else "pre_start"] = "Give both the first and the last day, or neither."
        elif start and end and end < start:
            errors["pre_end"] = "The last day is before the first."
    for name in ("off_team", "off_channel"):
        unknown = [r for r in getattr(values, name) if r not in known_rules]
        if unknown:
            errors[name] = f"{unknown[0]} is not one of Checkpost's rules."
    own: list[OwnPhrase] = []
    for number, line in enumerate((values.own or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        try:
            if len(parts) != 3:
                raise ValueError
            own.append(OwnPhrase(phrase=parts[0], message=parts[1], suggestion=parts[2]))
        except (ValueError, ValidationError):
            errors["own"] = w.SETTINGS_OWN_BAD_LINE.format(number=number)
            break
    allowed = [line for line in (values.allowed or "").splitlines() if line.strip()]
    if any(len(line.strip()) > 200 for line in allowed):
        errors["allowed"] = "Each phrase can be at most 200 characters."
    if errors:
        raise FormErrors(errors)
    try:
        team = team_wide.model_copy(update={
            "pre_election_start": start, "pre_election_end": end, "own_phrases": own,
            "disabled_rules": PlaceSettings(disabled_rules=values.off_team).disabled_rules,
            "allowed_phrases": PlaceSettings(allowed_phrases=allowed).allowed_phrases})
        channel = here.model_copy(update={
            "platform": values.platform or None, "account": values.account or None,
            "disabled_rules": PlaceSettings(disabled_rules=values.off_channel).disabled_rules})
        return PlaceSettings(**team.model_dump()), PlaceSettings(**channel.model_dump())
    except ValidationError as exc:
        raise FormErrors({"own": exc.errors()[0]["msg"]}) from None


def current_values(snapshot: TeamSnapshot, channel: str | None) -> FormValues:
    team, here = snapshot.team_wide, snapshot.place(channel)
    return FormValues(
        platform=here.platform, account=here.account,
        pre_start=team.pre_election_start.isoformat() if team.pre_election_start else None,
        pre_end=team.pre_election_end.isoformat() if team.pre_election_end else None,
        off_team=list(team.disabled_rules), off_channel=list(here.disabled_rules) if channel else [],
        allowed="\n".join(team.allowed_phrases),
        own="\n".join(f"{p.phrase} | {p.message} | {p.suggestion}" for p in team.own_phrases))

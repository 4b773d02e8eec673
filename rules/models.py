"""The report contract of ../shared/design/REPORT.md as pydantic models.

Everything that crosses the engine's edge (the CLI, the HTTP API, the chat bots) goes through
these models, so a bad draft is refused in one place with one wording.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator

Platform = Literal["x", "bluesky", "threads", "mastodon", "facebook", "instagram", "linkedin"]
Account = Literal["council", "councillor"]
Category = Literal["tone", "length", "conduct", "dm", "clarity", "accessibility"]
Severity = Literal["block", "warn", "info"]
Verdict = Literal["ok", "revise", "do_not_post"]

PLATFORMS: tuple[str, ...] = Platform.__args__  # type: ignore[attr-defined]
# How each platform writes its own name, and the words for each way of counting a draft.
PLATFORM_NAMES: dict[str, str] = {"x": "X", "bluesky": "Bluesky", "threads": "Threads", "mastodon": "Mastodon",
                                  "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn"}
UNIT_WORDS: dict[str, str] = {"weighted": "weighted characters", "graphemes": "characters", "characters": "characters"}
ACCOUNTS: tuple[str, ...] = Account.__args__  # type: ignore[attr-defined]
MAX_TEXT = 40_000
SEVERITY_ORDER = {"block": 0, "warn": 1, "info": 2}


class CheckRequest(BaseModel):
    """One draft and the context it will be posted in."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    text: StrictStr = Field(max_length=MAX_TEXT)
    platform: Platform = "x"
    account: Account = "council"
    pre_election: StrictBool = False
    in_reply_to: StrictStr | None = None
    # A string or a whole number, echoed unchanged: `true` or 1.0 is refused, not turned into 1.
    id: StrictStr | StrictInt | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the draft is empty")
        return value


class Finding(BaseModel):
    rule: str
    category: Category
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str
    source: str


class LengthInfo(BaseModel):
    count: int
    limit: int
    unit: Literal["weighted", "graphemes", "characters"]
    over_by: int


class Report(BaseModel):
    id: StrictStr | int | None = None
    verdict: Verdict
    route_to_dm: bool
    length: LengthInfo
    findings: list[Finding]
    suggested_text: str
    thread: list[str] | None = None

    def to_json_dict(self) -> dict:
        """The wire form: `thread` appears only when a split is the suggested fix."""
        return self.model_dump(exclude_none=False, exclude={"thread"} if self.thread is None else set())


class CheckError(ValueError):
    """A draft the engine refuses, with a message fit to show the person who sent it."""


_FIELD_WORDS = {
    "text": "text",
    "platform": "platform",
    "account": "account",
    "pre_election": "pre_election",
    "in_reply_to": "in_reply_to",
    "id": "id",
}


def explain(exc: ValidationError) -> str:
    """Turn pydantic's errors into one plain sentence per problem, naming the field."""
    parts: list[str] = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ())) or "input"
        kind = err.get("type", "")
        if field == "text" and kind == "missing":
            parts.append("text is required: give the draft to check")
        elif field == "text" and kind == "string_too_long":
            parts.append(f"text is too long: at most {MAX_TEXT:,} characters")
        elif field == "text" and kind == "value_error":
            parts.append("text is empty: give the draft to check")
        elif field == "text" and kind == "string_unicode":
            parts.append("text is not valid Unicode")
        elif field == "text" and kind.startswith("string"):
            parts.append("text must be a string")
        elif field == "platform":
            parts.append(f"unknown platform {err.get('input')!r}: use one of {', '.join(PLATFORMS)}")
        elif field == "account":
            parts.append(f"unknown account {err.get('input')!r}: use one of {', '.join(ACCOUNTS)}")
        elif field.startswith("id"):
            parts.append("id must be a string or a whole number")
        elif field == "pre_election":
            parts.append("pre_election must be true or false")
        else:
            parts.append(f"{_FIELD_WORDS.get(field, field)}: {err.get('msg', 'invalid')}")
    return "; ".join(dict.fromkeys(parts))  # a union field reports each branch: say it once


def parse_request(data: object) -> CheckRequest:
    """Validate raw input (a dict from JSON) into a request, or raise CheckError."""
    if not isinstance(data, dict):
        raise CheckError("each input must be a JSON object with a \"text\" field")
    try:
        return CheckRequest.model_validate(data)
    except ValidationError as exc:
        raise CheckError(explain(exc)) from None

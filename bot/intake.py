"""One path from every surface to the engine: "some text from someone, with options" in, an answer out.

Slack, Teams, the HTTP API and the CLI all come through here, so they read options alike, refuse
alike (the same limits, the same words), look up the team's context the same way, log the same
line, and answer a slow or failed check the same way. The surfaces only undo their platform's
markup beforehand and lay out the answer afterwards.

What happens to a draft, in order:
1. the team's context for where it came from (`TeamContextSource`): starting options and the Policy;
2. options: the team's defaults, then any picked in a form, then those typed ahead of the draft;
3. limits: an empty draft, one over 40,000 characters, or bad values are refused politely;
4. the check, through the `Checker` (a worker pool with a deadline in the server);
5. one log line: where, the reference, the length, the verdict and the rule ids, never the text.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from rules import CheckError, CheckRequest, Report, parse_request
from rules.models import MAX_TEXT
from rules.policy import Policy

from . import wording as w
from .checking import Checker, CheckTimeout
from .logs import log_id
from .options import OptionsError, parse_options
from .team_context import SettingsContextSource, TeamContextSource, Where

log = logging.getLogger("checkpost.intake")
TRUE_WORDS = frozenset({"true", "1", "yes", "on"})


def echoed_id(data: object) -> str | int | None:
    """The id to echo in an answer: a string or a whole number as sent, anything else none.

    A NaN, a float or `true` is refused as an id (REPORT.md: a string or an integer), and echoing
    it back would write invalid JSON (NaN) or claim an id the caller never sent (`true` as 1).
    """
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else None


def log_failure(where: Where | str, stage: str, ref: object, exc: BaseException) -> None:
    """Where it failed, without the exception's message, which may quote the draft."""
    surface = where.surface if isinstance(where, Where) else where
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s %s failed ref=%s error=%s\n%s", surface, stage, log_id(ref), type(exc).__name__, frames)


@dataclass(frozen=True)
class Submission:
    """A draft as the person sees it (platform markup already undone) and where it came from."""

    text: str
    where: Where
    ref: str | int | None = None  # the platform's reference for the log (team/channel/ts, activity id)
    options: bool = True  # read leading --options from the text (a command, a chat message)
    chosen: Mapping[str, object] = field(default_factory=dict)  # options picked outside the text (a form)


Kind = Literal["coached", "notice", "timeout", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What to tell the person: a report, or a short message instead of one."""

    kind: Kind
    message: str | None = None
    report: Report | None = None
    request: CheckRequest | None = None


@dataclass(frozen=True)
class JsonAnswer:
    """What to answer a JSON caller (the HTTP API, a JSON line): a status and a body."""

    status: int
    body: dict
    report: Report | None = None
    fault: str | None = None  # the exception's type when the engine itself failed (status 500)


@dataclass(frozen=True)
class Prepared:
    """A draft ready to check: the request, the team's policy, and where it came from."""

    request: CheckRequest
    policy: Policy
    where: Where
    ref: str | int | None = None


class Refused(ValueError):
    """A draft that will not be checked; the message is fit to show the person."""


def notice(message: str) -> Outcome:
    return Outcome("notice", message=message)


def nothing_to_check() -> Outcome:
    """A message with no words in it: a file or links alone."""
    return notice(w.NO_TEXT)


def _chosen(values: Mapping[str, object]) -> dict[str, object]:
    """Options picked in a form arrive as strings ("true" for a toggle) or not at all."""
    chosen: dict[str, object] = {}
    for name in ("platform", "account"):
        value = values.get(name)
        if value not in (None, ""):
            chosen[name] = value.strip().lower() if isinstance(value, str) else value
    if "pre_election" in values:
        value = values["pre_election"]
        chosen["pre_election"] = value is True or (isinstance(value, str) and value.strip().lower() in TRUE_WORDS)
    return chosen


def chat_request(submission: Submission, defaults: Mapping[str, object]) -> CheckRequest:
    """The request for a chat draft, or Refused with the words to show the person."""
    context: dict[str, object] = {**defaults, **_chosen(submission.chosen)}
    text = submission.text
    if submission.options:
        try:
            parsed = parse_options(text)
        except OptionsError as exc:
            raise Refused(str(exc)) from None
        context.update(parsed.context)
        text = parsed.text
    if not text.strip():
        raise Refused(w.EMPTY_DRAFT)
    if len(text) > MAX_TEXT:
        raise Refused(w.TOO_LONG)
    try:
        return parse_request({"text": text, **context})
    except CheckError as exc:
        raise Refused(w.CANNOT_CHECK.format(reason=exc)) from None


def read_options(text: str) -> tuple[str, dict[str, object]]:
    """Leading options and the rest, for a surface that must look at the rest before checking it
    (an @mention with nothing after its options checks the thread's first message instead)."""
    try:
        parsed = parse_options(text)
    except OptionsError as exc:
        raise Refused(str(exc)) from None
    return parsed.text, dict(parsed.context)


class Intake:
    """The checker (where checks run) and the source of each team's context, used by every surface."""

    def __init__(self, checker: Checker, contexts: TeamContextSource | None = None) -> None:
        self.checker = checker
        self.contexts = contexts or SettingsContextSource()

    async def prepare(self, submission: Submission) -> Prepared | Outcome:
        """Everything before the check: the team's context, options and limits. A refusal comes
        back as an Outcome at once, so a surface can answer it before acknowledging (Slack's ack)."""
        context = await self.contexts.context_for(submission.where)
        try:
            request = chat_request(submission, context.defaults)
        except Refused as exc:
            log.info("%s refused ref=%s length=%d", submission.where.surface, log_id(submission.ref),
                     len(submission.text))
            return notice(str(exc))
        return Prepared(request, context.policy, submission.where, submission.ref)

    async def run(self, prepared: Prepared) -> Outcome:
        """The check: coached, or answered plainly when it could not finish (deadline) or failed."""
        try:
            report = await self._run(prepared.request, prepared.policy, prepared.where, prepared.ref)
        except CheckTimeout as exc:
            return Outcome("timeout", message=w.TOO_UNUSUAL if exc.started else w.BUSY, request=prepared.request)
        except Exception:
            return Outcome("failed", message=w.CHECK_FAILED, request=prepared.request)
        return Outcome("coached", report=report, request=prepared.request)

    async def coach(self, submission: Submission) -> Outcome:
        """A chat draft, start to finish."""
        prepared = await self.prepare(submission)
        return prepared if isinstance(prepared, Outcome) else await self.run(prepared)

    async def check_json(self, data: object, where: Where) -> JsonAnswer:
        """A draft as REPORT.md's JSON input: the report, or `{"id", "error"}` with a 4xx or 5xx."""
        ident = echoed_id(data)
        try:
            request = parse_request(data)
        except CheckError as exc:
            return JsonAnswer(422, {"id": ident, "error": str(exc)})
        context = await self.contexts.context_for(where)
        try:
            report = await self._run(request, context.policy, where, ident)
        except CheckTimeout as exc:
            error = (f"the draft could not be checked within the {self.checker.deadline:g} s deadline; "
                     "please check it by eye" if exc.started else
                     "the server is too busy to check this draft in time; please try again in a moment")
            return JsonAnswer(503, {"id": ident, "error": error})
        except Exception as exc:
            return JsonAnswer(500, {"id": ident, "error": "the check failed on this draft (an internal error)"},
                              fault=type(exc).__name__)
        return JsonAnswer(200, report.to_json_dict(), report)

    async def _run(self, request: CheckRequest, policy: Policy, where: Where, ref: object) -> Report:
        try:
            report = await self.checker.check(request, policy)
        except CheckTimeout as exc:
            log.warning("%s check %s ref=%s length=%d", where.surface,
                        "timed out" if exc.started else "waited too long", log_id(ref), len(request.text))
            raise
        except Exception as exc:  # the engine is someone else's code: never let it go silent
            log_failure(where, "check", ref, exc)
            raise
        log.info("%s check ref=%s length=%d platform=%s verdict=%s rules=%s", where.surface, log_id(ref),
                 len(request.text), request.platform, report.verdict, sorted({f.rule for f in report.findings}))
        return report


__all__ = ["Intake", "Submission", "Prepared", "Outcome", "JsonAnswer", "Refused", "notice", "nothing_to_check",
           "read_options", "log_id", "log_failure", "echoed_id", "chat_request"]

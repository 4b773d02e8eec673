"""The report as an Adaptive Card (schema 1.5, which Teams renders), and the draft form.

Plain dicts only, no Bot Framework types. The words come from `bot.wording`, as Slack's do; only the
layout is Teams'. Text taken from the draft goes in RichTextBlock TextRuns, which Teams does not read
as Markdown, so a draft's asterisks or numbered lines show as written.

Teams refuses messages over about 28 KB, and a 40,000-character draft with a finding per word would
pass that, so repeated findings of one rule fold into one entry and long texts are shortened here
(never in the report itself).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rules.models import ACCOUNTS, MAX_TEXT, PLATFORMS, Finding, Report

from .. import wording as w
from ..render_text import render_text

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
MAX_GROUPS = 8  # distinct rules shown in full; the rest are counted
MAX_SHOWN_TEXT = 4000  # characters of a suggested version shown in the card
MAX_THREAD_PARTS = 10
MAX_PART_TEXT = 600
MAX_FALLBACK_TEXT = 3000  # the plain-text fallback, sent twice (card fallbackText and activity summary)
MAX_INSERT_TEXT = 8000  # longest text the compose action offers to insert (it rides in the button's data)
SUBMIT_KEY = "checkpost"  # marks the data of Checkpost's own card buttons

_VERDICT_STYLE = {"ok": "good", "revise": "warning", "do_not_post": "attention"}
_SEVERITY_COLOUR = {"block": "Attention", "warn": "Warning", "info": "Default"}


def card(body: list[dict], actions: list[dict] | None = None, fallback_text: str | None = None) -> dict:
    content: dict = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body,
                     "msteams": {"width": "Full"}}
    if actions:
        content["actions"] = actions
    if fallback_text:
        content["fallbackText"] = fallback_text
    return content


def text_block(text: str, **style: object) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def verbatim(text: str, **run_style: object) -> dict:
    """The user's own words, shown as written (no Markdown)."""
    return {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text, **run_style}]}


def shorten(text: str, limit: int = MAX_SHOWN_TEXT) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…\n" + w.SHORTENED.format(count=len(text))


def _groups(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """The first finding of each rule, with how many the rule raised, in the engine's order."""
    groups: OrderedDict[str, list[Finding]] = OrderedDict()
    for finding in findings:
        groups.setdefault(finding.rule, []).append(finding)
    return [(found[0], len(found)) for found in groups.values()]


def _finding_items(finding: Finding, count: int) -> list[dict]:
    items = [
        text_block(w.finding_title(finding), weight="Bolder", color=_SEVERITY_COLOUR[finding.severity]),
        verbatim(f"“{w.excerpt_preview(finding)}”", italic=True),
        text_block(finding.message),
        text_block(f"Try: {finding.suggestion}"),
        text_block(f"Why: {finding.source}", isSubtle=True, size="Small"),
    ]
    if count > 1:
        items.append(text_block(w.MORE_LIKE_THIS.format(count=count - 1), isSubtle=True, size="Small"))
    return items


def report_body(report: Report, feedback: Callable[[Finding], dict] | None = None) -> list[dict]:
    """The card body for a report: verdict, findings, DM advice, suggested version and thread."""
    body: list[dict] = [{
        "type": "Container", "style": _VERDICT_STYLE[report.verdict], "bleed": True,
        "items": [text_block(f"{w.VERDICT_EMOJI[report.verdict]} {w.VERDICT_TITLE[report.verdict]}",
                             size="Medium", weight="Bolder"),
                  text_block(w.length_line(report), isSubtle=True, spacing="None")],
    }]
    main, info = w.split_findings(report)
    if not main:
        body.append(text_block(w.NOTHING_FOUND))
    groups = _groups(main)
    for finding, count in groups[:MAX_GROUPS]:
        items = _finding_items(finding, count)
        if feedback is not None:  # "Helpful" and "Not right" under each point
            items.append(feedback(finding))
        body.append({"type": "Container", "separator": True, "items": items})
    if len(groups) > MAX_GROUPS:
        hidden = sum(count for _, count in groups[MAX_GROUPS:])
        body.append(text_block(w.MORE_FINDINGS.format(count=hidden), isSubtle=True))
    if info:
        messages = list(OrderedDict.fromkeys(f.message for f in info))
        body.append(text_block(f"{w.INFO_HEADING}: " + " ".join(messages), separator=True, isSubtle=True))
    if report.route_to_dm:
        items = [text_block(w.DM_HEADING, weight="Bolder"), text_block(w.DM_ADVICE)]
        if report.suggested_text:
            items += [text_block(w.DM_PUBLIC_REPLY + ":", weight="Bolder"), verbatim(shorten(report.suggested_text))]
        body.append({"type": "Container", "style": "emphasis", "separator": True, "items": items})
    elif report.verdict != "ok" and report.suggested_text:
        body.append({"type": "Container", "separator": True, "items": [
            text_block(w.SUGGESTED_HEADING + ":", weight="Bolder"), verbatim(shorten(report.suggested_text))]})
    if report.thread:
        items = [text_block(w.THREAD_HEADING + ":", weight="Bolder")]
        items += [verbatim(shorten(part, MAX_PART_TEXT)) for part in report.thread[:MAX_THREAD_PARTS]]
        if len(report.thread) > MAX_THREAD_PARTS:
            items.append(text_block(w.SHORTENED.format(count=sum(map(len, report.thread))), isSubtle=True))
        body.append({"type": "Container", "separator": True, "items": items})
    return body


def fallback_text(report: Report) -> str:
    """The CLI's plain text, bounded so a card and its fallback stay inside Teams' message size."""
    return shorten(render_text(report), MAX_FALLBACK_TEXT)


def report_card(report: Report, actions: list[dict] | None = None,
                feedback: Callable[[Finding], dict] | None = None) -> dict:
    """The coaching as a card; `fallbackText` is the CLI's plain text, for hosts that show no cards."""
    return card(report_body(report, feedback), actions, fallback_text=fallback_text(report))


def _choices(names: dict[str, str], values: tuple[str, ...]) -> list[dict]:
    return [{"title": names.get(value, value), "value": value} for value in values]


def form_body(*, draft: str = "", platform: str = "x", account: str = "council", pre_election: bool = False,
              error: str | None = None) -> list[dict]:
    """The draft form: a multi-line `draft`, the platform and the account (and the purdah toggle)."""
    body: list[dict] = []
    if error:
        body.append(text_block(error, color="Attention", weight="Bolder"))
    body += [
        {"type": "Input.Text", "id": "draft", "label": w.FORM_DRAFT_LABEL, "isMultiline": True,
         "isRequired": True, "errorMessage": w.EMPTY_DRAFT, "placeholder": w.FORM_DRAFT_PLACEHOLDER,
         "maxLength": MAX_TEXT, "value": draft},
        {"type": "Input.ChoiceSet", "id": "platform", "label": w.FORM_PLATFORM_LABEL, "style": "compact",
         "value": platform if platform in PLATFORMS else "x", "choices": _choices(w.PLATFORM_LABEL, PLATFORMS)},
        {"type": "Input.ChoiceSet", "id": "account", "label": w.FORM_ACCOUNT_LABEL, "style": "compact",
         "value": account if account in ACCOUNTS else "council", "choices": _choices(w.ACCOUNT_NAMES, ACCOUNTS)},
        {"type": "Input.Toggle", "id": "pre_election", "title": w.FORM_PRE_ELECTION_LABEL,
         "value": "true" if pre_election else "false", "valueOn": "true", "valueOff": "false"},
    ]
    return body


def form_card(error: str | None = None, **values: object) -> dict:
    """The task module's form; its Check button submits the inputs with `checkpost: "check"`."""
    body = [text_block(w.FORM_TITLE, size="Medium", weight="Bolder"), *form_body(error=error, **values)]
    return card(body, [{"type": "Action.Submit", "title": w.FORM_SUBMIT, "data": {SUBMIT_KEY: "check"}}])


def guide_card() -> dict:
    """The short guide, with the form under it so a chat user can pick a platform by clicking."""
    body = [text_block(w.TEAMS_GUIDE), *form_body()]
    return card(body, [{"type": "Action.Submit", "title": w.FORM_SUBMIT, "data": {SUBMIT_KEY: "check"}}],
                fallback_text=w.TEAMS_GUIDE)


def inserted_card(text: str, verdict: str | None = None) -> dict:
    """What the compose-box action puts in the message box: the chosen text and a quiet footer."""
    footer = w.CHECKED_FOOTER + (f": {w.VERDICT_TITLE[verdict]}" if verdict in w.VERDICT_TITLE else "")
    return card([verbatim(text), text_block(footer, isSubtle=True, size="Small")], fallback_text=text)

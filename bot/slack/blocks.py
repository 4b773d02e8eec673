"""A Report as Slack Block Kit: the same words as every other rendering (bot/wording.py).

Scannable first: the verdict, then the findings that need action (most severe first), the
`info` ones folded into one context line, then the suggested version in a code block that is
easy to copy. Every piece of draft text goes through `escape`, and every mrkdwn field is
`verbatim`, so nothing quoted from a draft can ping anyone.

Slack's limits shape the layout: 50 blocks a message, 3,000 characters a section, 150 a header.
"""
from __future__ import annotations

from collections.abc import Callable

from rules.models import SEVERITY_ORDER, Finding, Report

from .. import wording as w
from .escape import escape

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
MAX_FINDINGS = 12
FENCE = "```"
SEVERITY_MARK = {"block": "⛔", "warn": "✏️", "info": "ℹ️"}


def _mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> dict:
    return {"type": "section", "text": _mrkdwn(_clip(text, SECTION_LIMIT))}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [_mrkdwn(_clip(text, SECTION_LIMIT))]}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _code_chunks(text: str, limit: int = SECTION_LIMIT - 2 * len(FENCE) - 2) -> list[str]:
    """The text escaped and cut into code blocks that each fit a section, at line ends if possible.

    Triple backticks inside the draft would close the fence early, so they get a zero-width
    space between them.
    """
    safe = escape(text).replace(FENCE, "`\u200b`\u200b`")
    chunks: list[str] = []
    while safe:
        if len(safe) <= limit:
            chunks.append(safe)
            break
        cut = safe.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = safe.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
            # never cut an escape such as "&amp;" in half
            amp = safe.rfind("&", cut - 5, cut)
            if amp != -1 and ";" not in safe[amp:cut]:
                cut = amp
        chunks.append(safe[:cut])
        safe = safe[cut:].lstrip("\n")
    return [f"{FENCE}\n{c}\n{FENCE}" for c in chunks]


def summary_text(report: Report) -> str:
    """The notification and fallback text: the verdict only, never the draft."""
    return f"{w.VERDICT_EMOJI[report.verdict]} {w.VERDICT_TITLE[report.verdict]} ({w.length_line(report)})"


def notice_blocks(message: str) -> list[dict]:
    return [_section(escape(message))]


def report_blocks(report: Report, *, platform: str = "x", account: str = "council",
                  pre_election: bool = False, feedback: Callable[[int, Finding], dict] | None = None) -> list[dict]:
    """The report as blocks; `feedback(index, finding)` gives the buttons to put under each finding."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                    "text": _clip(f"{w.VERDICT_EMOJI[report.verdict]} "
                                                  f"{w.VERDICT_TITLE[report.verdict]}", 150)}},
        _context(escape(w.CHECKED_FOR.format(platform=w.PLATFORM_LABEL.get(platform, platform),
                                             account=w.ACCOUNT_LABEL.get(account, account),
                                             purdah=w.PURDAH_NOTE if pre_election else "")
                        + " · " + w.length_line(report))),
    ]
    main, info = w.split_findings(report)
    main = sorted(main, key=lambda f: SEVERITY_ORDER[f.severity])
    if not main:
        blocks.append(_section(escape(w.NOTHING_FOUND)))
    for index, finding in enumerate(main[:MAX_FINDINGS]):
        lines = [f"{SEVERITY_MARK[finding.severity]} *{escape(w.finding_title(finding))}*"]
        preview = w.excerpt_preview(finding)
        if preview:
            lines.append(f"> {escape(preview)}")
        lines += [escape(finding.message), f"*Try:* {escape(finding.suggestion)}",
                  f"_Why: {escape(finding.source)}_"]
        blocks.append(_section("\n".join(lines)))
        if feedback is not None:
            blocks.append(feedback(index, finding))
    if len(main) > MAX_FINDINGS:
        blocks.append(_context(escape(w.MORE_FINDINGS.format(count=len(main) - MAX_FINDINGS))))
    if info:
        blocks.append(_context(f"*{escape(w.INFO_HEADING)}:* " + " · ".join(escape(f.message) for f in info)))
    if report.route_to_dm:
        blocks.append(_section(f"*{escape(w.DM_HEADING)}*\n{escape(w.DM_ADVICE)}"))
    # A thread, when there is one, is the suggested fix: repeating the whole over-long text above
    # it would only bury it.
    if report.verdict != "ok" and report.suggested_text and not report.thread:
        blocks.append({"type": "divider"})
        heading = w.DM_PUBLIC_REPLY_HEADING if report.route_to_dm else w.SUGGESTED_HEADING
        blocks.append(_section(f"*{escape(heading)}*"))
        blocks += [_section(chunk) for chunk in _code_chunks(report.suggested_text)]
    if report.thread:
        blocks += [{"type": "divider"}, _section(f"*{escape(w.THREAD_HEADING)}*")]
        parts: list[tuple[int, dict]] = []
        for number, part in enumerate(report.thread, start=1):
            label = f"_{escape(w.THREAD_PART.format(number=number, total=len(report.thread)))}_\n"
            for index, chunk in enumerate(_code_chunks(part, SECTION_LIMIT - 80)):
                parts.append((number, _section((label if index == 0 else "") + chunk)))
        room = MAX_BLOCKS - len(blocks) - 1
        if len(parts) > room:
            shown = parts[:max(room, 0)]
            last_whole = shown[-1][0] - 1 if shown else 0
            shown = [(n, b) for n, b in shown if n <= last_whole]
            blocks += [b for _, b in shown]
            blocks.append(_context(escape(w.THREAD_SHORTENED.format(count=len(report.thread) - last_whole))))
        else:
            blocks += [b for _, b in parts]
    if len(blocks) > MAX_BLOCKS:  # only a huge suggested version gets here
        blocks = blocks[: MAX_BLOCKS - 1] + [_context(escape(w.TEXT_SHORTENED))]
    return blocks

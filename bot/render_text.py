"""The report as plain text: for the CLI and for chat clients that show no cards."""
from __future__ import annotations

from rules.models import Report

from . import wording as w


def render_text(report: Report) -> str:
    lines = [f"{w.VERDICT_EMOJI[report.verdict]} {w.VERDICT_TITLE[report.verdict]}  ({w.length_line(report)})"]
    main, info = w.split_findings(report)
    if not main:
        lines.append(w.NOTHING_FOUND)
    for f in main:
        lines += ["", f"{w.finding_title(f)}: “{w.excerpt_preview(f)}”", f"  {f.message}",
                  f"  Try: {f.suggestion}", f"  Why: {f.source}"]
    if info:
        lines += ["", w.INFO_HEADING + ": " + " ".join(f.message for f in info)]
    if report.route_to_dm:
        lines += ["", w.DM_HEADING, w.DM_ADVICE]
    if report.verdict != "ok" and report.suggested_text:
        lines += ["", w.SUGGESTED_HEADING + ":", report.suggested_text]
    if report.thread:
        lines += ["", w.THREAD_HEADING + ":"] + [f"  {p}" for p in report.thread]
    return "\n".join(lines)

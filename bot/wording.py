"""The words every rendering shares (CLI text, Slack Block Kit, Teams Adaptive Cards).

Only the layout differs between platforms; a comms lead should read the same advice everywhere.
"""
from __future__ import annotations

from rules.models import Finding, Report

VERDICT_TITLE = {
    "ok": "Good to post",
    "revise": "Worth revising before you post",
    "do_not_post": "Do not post this as it is",
}
VERDICT_EMOJI = {"ok": "✅", "revise": "✏️", "do_not_post": "⛔"}
# Slack reaction names for the verdict, on drafts in a review channel.
VERDICT_REACTION = {"ok": "white_check_mark", "revise": "pencil2", "do_not_post": "no_entry"}
SEVERITY_LABEL = {"block": "Must fix", "warn": "Should fix", "info": "Worth knowing"}
CATEGORY_LABEL = {"tone": "Tone", "length": "Length", "conduct": "Conduct", "dm": "Privacy",
                  "clarity": "Clarity", "accessibility": "Accessibility"}

SUGGESTED_HEADING = "Suggested version"
THREAD_HEADING = "Too long for one post: a thread that fits"
DM_HEADING = "Move this to a direct message"
DM_ADVICE = ("This conversation carries someone's personal details or their own case, so it belongs "
             "in a direct message. Post the suggested version publicly and continue privately.")
INFO_HEADING = "Also worth knowing"
NOTHING_FOUND = "Nothing to change: this reads well for the platform."
CHECK_FAILED = "Sorry, the check failed this time. Nothing was posted; please try again in a moment."
USAGE = ("Paste a draft after the command to have it checked before you post, for example:\n"
         "/checkpost --platform bluesky --account councillor Thanks for raising this...\n"
         "Platforms: x, bluesky, threads, mastodon, facebook, instagram, linkedin. "
         "Accounts: council, councillor.")
EMPTY_DRAFT = "There's no draft to check. Paste the text you want to post."
TOO_LONG = "That draft is over 40,000 characters, which is more than Checkpost checks. Please send a shorter one."
NO_TEXT = "That message has no text to check (only a file or a link). Paste the words of the draft."


def length_line(report: Report) -> str:
    length = report.length
    unit = {"weighted": "weighted characters", "graphemes": "characters", "characters": "characters"}[length.unit]
    line = f"{length.count:,} of {length.limit:,} {unit}"
    return line + (f", {length.over_by:,} over" if length.over_by else "")


def finding_title(finding: Finding) -> str:
    return f"{CATEGORY_LABEL[finding.category]} · {SEVERITY_LABEL[finding.severity]}"


def split_findings(report: Report) -> tuple[list[Finding], list[Finding]]:
    """Findings to show in full (most severe first), and `info` ones to fold into one line."""
    main = [f for f in report.findings if f.severity != "info"]
    info = [f for f in report.findings if f.severity == "info"]
    return main, info


def excerpt_preview(finding: Finding, width: int = 120) -> str:
    text = " ".join(finding.excerpt.split())
    return text if len(text) <= width else text[: width - 1] + "…"

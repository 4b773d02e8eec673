"""The words every rendering shares (CLI text, Slack Block Kit, Teams Adaptive Cards).

Only the layout differs between platforms; a comms lead should read the same advice everywhere.
"""
from __future__ import annotations

from rules.models import ACCOUNTS, PLATFORMS, Finding, Report

# The lists people may choose from, written out once from the engine's own tuples.
_PLATFORM_LIST = ", ".join(PLATFORMS)
_ACCOUNT_LIST = ", ".join(ACCOUNTS)

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
         f"Platforms: {_PLATFORM_LIST}. Accounts: {_ACCOUNT_LIST}.")
EMPTY_DRAFT = "There's no draft to check. Paste the text you want to post."
TOO_LONG = "That draft is over 40,000 characters, which is more than Checkpost checks. Please send a shorter one."
NO_TEXT = "That message has no text to check (only a file or a link). Paste the words of the draft."
# A draft a worker could not finish within the deadline (CHECKPOST_CHECK_DEADLINE).
TOO_UNUSUAL = "This draft is too unusual to check automatically; please check it by eye."
# Every worker was busy for the whole wait: nothing wrong with the draft.
BUSY = "Checkpost is very busy and couldn't check this draft in time. Please try again in a moment."
CANNOT_CHECK = "Sorry, I couldn't check that: {reason}."


# How each of the engine's length units reads to a person (keyed by LengthInfo.unit's values).
UNIT_WORDS = {"weighted": "weighted characters", "graphemes": "characters", "characters": "characters"}


def length_line(report: Report) -> str:
    length = report.length
    unit = UNIT_WORDS[length.unit]
    line = f"{length.count:,} of {length.limit:,} {unit}"
    return line + (f", {length.over_by:,} over" if length.over_by else "")


def finding_title(finding: Finding) -> str:
    return f"{CATEGORY_LABEL[finding.category]} · {SEVERITY_LABEL[finding.severity]}"


def split_findings(report: Report) -> tuple[list[Finding], list[Finding]]:
    """Findings to show in full, and `info` ones to fold into one line (the engine has already
    put them in order, most severe first)."""
    main = [f for f in report.findings if f.severity != "info"]
    info = [f for f in report.findings if f.severity == "info"]
    return main, info


def excerpt_preview(finding: Finding, width: int = 120) -> str:
    text = " ".join(finding.excerpt.split())
    return text if len(text) <= width else text[: width - 1] + "…"

# Added for Slack (bot/slack); Teams may use them too.
UNKNOWN_OPTION = ("I don't know the option {option}. You can lead the draft with --platform, --account "
                  "or --pre-election, for example: --platform bluesky --account councillor")
OPTION_NEEDS_VALUE = "The option {option} needs a value: one of {choices}."
OPTION_BAD_VALUE = "“{value}” isn't something {option} knows. Use one of {choices}."
MENTION_USAGE = ("Mention me with a draft to have it checked, or mention me with no text inside a thread "
                 "to check the message that started it.")
DM_PUBLIC_REPLY_HEADING = "A public reply you can post"
MORE_FINDINGS = "{count} more points are not shown here; fix the ones above and check again."
THREAD_PART = "Part {number} of {total}"
THREAD_SHORTENED = "{count} more parts are not shown: the suggested version above holds the whole text."
CHECKED_FOR = "Checked for {platform}, {account} account{purdah}"
PURDAH_NOTE = ", pre-election period"
PLATFORM_LABEL = {"x": "X", "bluesky": "Bluesky", "threads": "Threads", "mastodon": "Mastodon",
                  "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn"}
ACCOUNT_LABEL = {account: account for account in ACCOUNTS}

TEXT_SHORTENED = "The rest is too long to show here. Shorten the draft and check it again to see it all."
# Microsoft Teams: the guide, the welcome and the compose-box action share the words above.
DM_PUBLIC_REPLY = "Ready public reply"
TEAMS_WELCOME = ("Hello, I'm Checkpost. Send me a draft social media reply and I'll check its tone, length, "
                 "conduct and privacy before you post it. Type help for more.")
TEAMS_GUIDE = ("Paste the draft reply you want to post and I'll check it for tone, length, conduct and "
               "privacy, with a suggested version. In a channel or group chat, @mention me with the draft.\n\n"
               "To check for another platform or account, start with options, for example:\n"
               "--platform bluesky --account councillor Thanks for raising this...\n\n"
               f"Platforms: {_PLATFORM_LIST}. Accounts: {_ACCOUNT_LIST}. "
               "Add --pre-election inside a pre-election period.\n\n"
               "You can also use Check draft from the message box's actions, or on any message's ... menu.")
FORM_TITLE = "Check a draft before you post"
FORM_DRAFT_LABEL = "Draft reply"
FORM_DRAFT_PLACEHOLDER = "Paste the reply you want to post"
FORM_PLATFORM_LABEL = "Where it will be posted"
FORM_ACCOUNT_LABEL = "Posting as"
FORM_PRE_ELECTION_LABEL = "Inside a pre-election period"
FORM_SUBMIT = "Check"
ACCOUNT_NAMES = {"council": "The council's account", "councillor": "A councillor's account"}
INSERT_SUGGESTED = "Insert suggested version"
INSERT_DRAFT = "Insert draft"
CHECK_AGAIN = "Check another draft"
CHECKED_FOOTER = "Checked with Checkpost"
MORE_LIKE_THIS = "{count} more like this in the draft"
SHORTENED = "(shortened here: {count:,} characters in full)"
UNKNOWN_ACTION = "Sorry, Checkpost doesn't know that action. Try Check draft from the message box's actions."
UNKNOWN_CARD_SUBMIT = "Sorry, that button isn't one Checkpost knows. Paste the draft to have it checked."
NOTHING_TO_INSERT = "There's nothing to insert. Check a draft first."
# Team settings and feedback (Slack and Teams).
SETTINGS_TITLE = "Checkpost settings"
SETTINGS_INTRO = ("These settings apply to everyone in {where} who checks a draft. Changes reach the next "
                  "check within a few seconds.")
SETTINGS_PLATFORM = "Default platform in this channel"
SETTINGS_ACCOUNT = "Default account in this channel"
SETTINGS_PRE_START = "Pre-election period: first day"
SETTINGS_PRE_END = "Pre-election period: last day"
SETTINGS_PRE_HINT = "UK dates, both days included. Between them every check counts as pre-election."
SETTINGS_OFF_TEAM = "Rules switched off everywhere"
SETTINGS_OFF_CHANNEL = "Rules switched off in this channel only"
SETTINGS_ALLOWED = "Phrases that are always fine"
SETTINGS_ALLOWED_HINT = "One a line: ward names, a scheme's name, anything the rules mistake for a problem."
SETTINGS_OWN = "Your own phrases to flag"
SETTINGS_OWN_HINT = "One a line: phrase | what's wrong with it | what to write instead"
SETTINGS_OWN_BAD_LINE = "Line {number} needs three parts: phrase | what's wrong with it | what to write instead."
SETTINGS_SAVE = "Save"
SETTINGS_SAVED = "Settings saved. They apply to the next check."
SETTINGS_UNCHANGED = "Nothing changed."
SETTINGS_REFUSED = ("Sorry, only workspace admins and owners, or people named in the Checkpost set-up, can change "
                    "these settings. Nothing was changed. Ask one of them if a rule needs switching off.")
SETTINGS_REFUSED_TEAMS = ("Sorry, only the people named in the Checkpost set-up can change these settings. "
                          "Nothing was changed. Ask your Checkpost administrator if a rule needs switching off.")
SETTINGS_UNAVAILABLE = "Sorry, the settings can't be reached just now. Nothing was changed; please try again shortly."
SETTINGS_NONE = "None"
FEEDBACK_HELPFUL = "Helpful"
FEEDBACK_NOT_RIGHT = "Not right"
FEEDBACK_THANKS = "Thanks: noted that this advice helped."
FEEDBACK_TITLE = "What was wrong?"
FEEDBACK_REASON = "What was wrong with this advice?"
FEEDBACK_REASONS = {"fine_as_written": "The draft was fine as written",
                    "unhelpful_advice": "Right problem, but the advice didn't help",
                    "something_else": "Something else"}
FEEDBACK_COMMENT = "Anything to add? (optional)"
FEEDBACK_SHARE = "Share this draft so the rules can improve (personal details are masked)"
FEEDBACK_SWITCH_OFF = "Switch {rule} off in this channel"
FEEDBACK_SEND = "Send"
FEEDBACK_RECORDED = "Thanks: your feedback is recorded and will help improve the rules."
FEEDBACK_SWITCHED_OFF = " {rule} is now switched off in this channel."
FEEDBACK_NOT_SHARED = " The draft itself was no longer held, so it was not shared."
FEEDBACK_FAILED = "Sorry, your feedback couldn't be saved just now. Please try again shortly."
# The compose-box dialog must be answered within Teams' 5 s: a slow store finishes the write afterwards.
FEEDBACK_SAVING = "Thanks: the store is slow just now, so your feedback is still being saved."
HOME_TITLE = "Checkpost in this workspace"
HOME_FEEDBACK = "Feedback in the last 30 days"
HOME_FEEDBACK_ROW = "`{rule}`: reported {checks}, helpful {helpful}, not right {not_right}"
HOME_NO_FEEDBACK = "No feedback yet."
HOME_CHANGE = "Change settings"

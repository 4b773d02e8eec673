"""X does not count the @names that open a reply (its "simplified replies"): they are the reply's
metadata, filled in by X. The coach counts the way X does, so a long reply to several people is
not a false alarm, and the suggested text and thread still fit by X's count."""
from __future__ import annotations

from rules.length import LIMITS, counted, measure, reply_mentions_end

MENTIONS = "@resident_one @HighwaysTeam @cllr_smith "  # 40 characters
BODY = ("Thanks for flagging the pothole on Mill Lane. Our highways team inspected it this morning "
        "and it is booked for a permanent repair next week; until then it is coned off. If it gets "
        "worse before then, please report it again at our roads page and we will look again")


def test_the_opening_mentions_are_forty_characters_and_the_draft_three_hundred():
    assert len(MENTIONS) == 40
    assert len(MENTIONS + BODY[:260]) == 300


def test_a_reply_of_300_characters_whose_first_40_are_mentions_is_within_the_limit(check):
    text = MENTIONS + BODY[:260]
    assert measure(text, "x") == 300  # twitter-text's own count, which knows nothing of replies
    report = check(text, platform="x", account="council")
    assert report.length.count == 260
    assert report.length.over_by == 0
    assert not [f for f in report.findings if f.category == "length"]


def test_mentions_later_in_the_text_still_count(check):
    text = BODY[:150] + " " + MENTIONS + BODY[150:259]
    assert len(text) == 300
    report = check(text, platform="x", account="council")
    assert report.length.count == 300
    assert [f for f in report.findings if f.category == "length"]


def test_only_a_run_of_handles_each_followed_by_a_space_is_leading():
    assert reply_mentions_end("@a @b hello", "x") == len("@a @b ")
    assert reply_mentions_end("@council's bins are late", "x") == 0  # a handle used as a word
    assert reply_mentions_end("@a, thanks", "x") == 0
    assert reply_mentions_end("@this_handle_is_too_long hello", "x") == 0  # X handles are at most 15
    assert reply_mentions_end("Hello @a", "x") == 0
    assert reply_mentions_end("@a @b hello", "bluesky") == 0  # other platforms count every character


def test_other_platforms_count_the_mentions(check):
    text = "@resident.bsky.social " + "x" * 290
    report = check(text, platform="bluesky", account="council")
    assert report.length.count == len(text)


def test_an_over_long_reply_is_over_by_what_x_counts_and_the_excerpt_is_the_overflow(check):
    text = MENTIONS + BODY + ". " + BODY
    report = check(text, platform="x", account="council")
    assert report.length.count == measure(text, "x") - 40
    finding = next(f for f in report.findings if f.category == "length")
    # What fits is 280 counted characters after the mentions: the overflow starts there.
    assert text[:finding.start].startswith(MENTIONS)
    assert counted(text[:finding.start], "x") <= 280 < counted(text[:finding.end], "x")


def test_a_thread_from_a_reply_keeps_the_mentions_on_the_first_part_only(check):
    text = MENTIONS + (BODY + ". ") * 3
    report = check(text, platform="x", account="council")
    assert report.length.over_by > 0
    assert report.thread and len(report.thread) >= 2
    first, *rest = report.thread
    assert first.startswith(MENTIONS)
    assert not any(part.startswith("@") for part in rest)
    # Each part fits as X counts it; the later parts, with no leading mentions, by twitter-text's count.
    assert all(counted(part, "x") <= LIMITS["x"] for part in report.thread)
    assert all(measure(part, "x") <= LIMITS["x"] for part in rest)
    # Nothing is lost or doubled: the parts, numbering aside, are the words of the trimmed draft.
    words = " ".join(p.rsplit(" (", 1)[0] for p in report.thread).split()
    assert words == report.suggested_text.split()


def test_a_reply_just_over_by_filler_is_cut_to_fit_x_count(check):
    filler = ("At this moment in time we would like to say thank you to everyone who came along to the "
              "drop-in sessions in order to tell us what they think about the new bus station. We are "
              "really very grateful for all of the feedback and we will publish a summary next month.")
    text = MENTIONS + filler
    assert counted(text, "x") > 280 - 40  # over 280 with the mentions counted ...
    report = check(text, platform="x", account="council")
    if report.length.over_by:
        assert counted(report.suggested_text, "x") <= 280
    assert report.suggested_text.startswith(MENTIONS.strip())

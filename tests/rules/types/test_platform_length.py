"""Type `platform_length` (rules/types/platform_length.py): `length.over_limit`, and the counts it
reads (rules/length.py): X's weighted length must agree with every case of twitter-text's own
conformance suite, Bluesky's is graphemes."""
from __future__ import annotations

import json

import pytest
import regex
import twitter_text
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.length import fitting_prefix, measure
from tests.conftest import SHARED

CASES = [json.loads(line) for line in
         (SHARED / "eval" / "x_length" / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def test_a_draft_over_its_limit_is_found_from_where_it_stops_fitting(found):
    findings = found("a" * 281, "length.over_limit", platform="x")
    assert [(f.start, f.end, f.severity) for f in findings] == [(280, 281, "block")]
    assert findings[0].message == "This is 1 over X's limit of 280 weighted characters (281)."  # filled


def test_a_draft_at_its_limit_is_fine_and_the_limit_is_the_platforms(found):
    assert found("a" * 280, "length.over_limit", platform="x") == []
    assert found("a" * 281, "length.over_limit", platform="facebook") == []
    assert len(found("a" * 301, "length.over_limit", platform="bluesky")) == 1


def test_the_suite_is_there():
    assert len(CASES) == 36


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_weighted_length_matches_twitter_text(case, coach):
    count = measure(case["text"], "x")
    if "expect_weighted_length" in case:
        assert count == case["expect_weighted_length"]
    report = coach.check({"text": case["text"], "platform": "x"})
    assert report.length.count == count
    if case.get("expect_valid") is True:
        assert report.length.over_by == 0
    elif case.get("expect_valid") is False and count > 280:
        assert report.length.over_by == count - 280
        assert any(f.category == "length" for f in report.findings)


def test_windows_line_breaks_count_two_as_the_official_library_does():
    assert measure("a\r\nb", "x") == 4


def test_no_emoji_starts_in_the_ranges_the_fast_counter_skips():
    from rules.length import _EMOJI, NO_EMOJI_RANGES

    tails = ["", "\ufe0f", "\u20e3", "\U0001F3FB", "\U0001F1E6", "\u200d\u2764\ufe0f", "\U000E0067\U000E007F"]
    starts = [hex(cp) for a, b in NO_EMOJI_RANGES for cp in range(a, b + 1)
              if any(_EMOJI.match(chr(cp) + tail) for tail in tails)]
    assert starts == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)
       | st.lists(st.sampled_from(["a", " ", "é", "–", "’", "日", "😀", "👩‍👩‍👧", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "1️⃣", "©", "#",
                                   "https://example.com/x", "www.test.co.uk", "e.g.", "\r\n", "\u0301"]),
                  max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_fast_counter_equals_twitter_text(text):
    assert measure(text, "x") == twitter_text.parse_tweet(text).weightedLength + text.count("\r\n")


# Plain ASCII takes a shorter road (only links change the count), so it gets its own examples.
_ASCII_PIECES = ["a", "Go", " ", ".", "\n", "\r\n", "\r", "#", "1", "https://example.com/x?utm_source=y",
                 "www.test.co.uk", "council.gov.uk/bins", "e.g.", "example.com.", "a.b", "@USER", "x.co"]


@given(st.text(alphabet=st.characters(max_codepoint=127, blacklist_categories=("Cs",)), max_size=120)
       | st.lists(st.sampled_from(_ASCII_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_ascii_counts_equal_twitter_text_and_graphemes(text):
    assert measure(text, "x") == twitter_text.parse_tweet(text).weightedLength + text.count("\r\n")
    assert measure(text, "bluesky") == len(regex.findall(r"\X", text))


def test_emoji_expression_is_bounded_so_a_short_window_decides_a_match():
    """rules/length.py matches emoji on at most 8 code points, all but the first outside ASCII."""
    from re import _constants as C
    from re import _parser as P

    from twitter_text.regexp.emoji import emoji

    tree = P.parse(emoji.pattern, emoji.flags)
    assert tree.getwidth()[1] <= 8
    ascii_items = set()

    def walk(items, first):
        for n, (op, arg) in enumerate(items):
            here = first and n == 0
            if op is C.LITERAL:
                if arg < 128:
                    ascii_items.add((chr(arg), here))
            elif op is C.IN:
                for o, a in arg:
                    assert o in (C.LITERAL, C.RANGE)
                    if (a if o is C.LITERAL else a[0]) < 128:
                        ascii_items.add((o, here))
            elif op is C.BRANCH:
                for branch in arg[1]:
                    walk(branch, here)
            elif op is C.SUBPATTERN:
                walk(arg[-1], here)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
                assert arg[1] is not C.MAXREPEAT
                walk(arg[2], here and arg[0] >= 1)
            else:
                raise AssertionError(f"unexpected item in the emoji expression: {op}")

    walk(list(tree), True)
    assert ascii_items and all(first for _item, first in ascii_items)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
       | st.lists(st.sampled_from(["a", " ", "é", "e\u0301", "–", "’", "日", "한", "\u1100\u1161", "😀", "👍🏽",
                                   "👩‍👩‍👧", "🇬🇧", "\r\n", "\r", "\u0903", "\u0600"]), max_size=320).map("".join))
@settings(max_examples=300, deadline=None)
def test_bluesky_counts_and_cuts_by_grapheme_clusters(text):
    clusters = regex.findall(r"\X", text)
    assert measure(text, "bluesky") == len(clusters)
    if len(clusters) > 300:
        assert fitting_prefix(text, "bluesky") == len("".join(clusters[:300]))


@given(words=st.lists(st.one_of(st.sampled_from(["council", "bins", "Ärger", "café", "東京都", "한국어", "Привет",
                                                 "—", "…", "x"]),
                                st.text(alphabet="abc漢字ひらがなéßŒ—“”", min_size=1, max_size=9)),
                      min_size=40, max_size=120))
@settings(max_examples=150, deadline=None)
def test_x_fitting_prefix_is_the_longest_prefix_that_fits(words):
    """Without links or emoji, the walk's answer is the longest prefix that X would accept."""
    text = " ".join(words)
    cut = fitting_prefix(text, "x")
    if measure(text, "x") <= 280:
        assert cut == len(text)
    else:
        assert measure(text[:cut], "x") <= 280 < measure(text[:cut + 1], "x")

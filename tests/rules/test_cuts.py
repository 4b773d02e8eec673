"""The filler cuts find their phrases on lower-cased text (faster); that must change nothing."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from functools import partial

from rules import rewrite

WORDING = rewrite.load_wording()
CUTS = WORDING.cuts
PHRASES = sorted(CUTS)
PIECES = st.one_of(st.sampled_from(PHRASES), st.sampled_from(PHRASES).map(str.upper),
                   st.sampled_from(PHRASES).map(str.title),
                   st.sampled_from([" ", "  ", ", ", ". ", "'", "ſ", "İ", "\u212a", "ﬅ", "x", "\n"]))


@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_each_tier_cuts_the_same_on_lowered_text(text):
    for slow, fast in WORDING.tiers:
        assert rewrite._cut_tier((slow, fast), text, CUTS) == rewrite._cut_tier((slow, None), text, CUTS)


@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_each_tier_tried_only_where_its_phrases_start_cuts_the_same(text):
    folded = rewrite.gate_text(text)
    where = WORDING.index.where(folded)
    for tier, phrases in zip(WORDING.tiers, WORDING.tier_phrases):
        starts = sorted(s for phrase in phrases.intersection(where) for s in where[phrase])
        assert rewrite._cut_tier(tier, text, CUTS, starts, folded) == rewrite._cut_tier(tier, text, CUTS)


def test_cuts_keep_the_case_of_a_sentence_start():
    cut, count = rewrite._cut_tier(WORDING.tiers[0], "In order to help, we are here in order to help.", CUTS)
    assert count == 2 and cut == "To help, we are here to help."


def _cut_filler_slowly(text: str, platform: str) -> str:
    """cut_filler as it was before its shortcuts: every tier, case-insensitive, on the text."""
    limit = rewrite.LIMITS[platform]
    text = rewrite._DOUBLED.sub(r"\1", text)
    if platform != "x":
        text = rewrite._TRACKING.sub(r"\1", text)
        if rewrite.measure(text, platform) > limit:
            text = rewrite._URL_PREFIX.sub("", text)
    for slow, _fast in WORDING.tiers:
        text, cuts = slow.subn(partial(rewrite._cut, cuts_of=CUTS), text)
        if cuts:
            text = rewrite._SPACES.sub(" ", text)
            if rewrite.measure(text, platform) <= limit:
                break
    return text


@given(st.lists(st.one_of(PIECES, st.sampled_from(["the the", "The the", "word", "that that", "ok OK", "😀"])),
                min_size=1, max_size=80).map("".join), st.sampled_from(["x", "bluesky", "threads"]))
@settings(max_examples=200, deadline=None)
def test_cut_filler_equals_its_plain_version(text, platform):
    assert rewrite.cut_filler(text, platform, WORDING) == _cut_filler_slowly(text, platform)


def _tidy_plainly(text: str) -> str:
    """tidy as it was before its shortcuts."""
    import re

    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;:])\s*([,.;:!?])", r"\2", text)
    text = re.sub(r"(?m)^[ \t]*[,;:–-]\s*", "", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text.strip())
    return text.strip()


@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", ",", ";", ":", ".", "!", "?", "–", "-", "(", ")",
                                 "a", "word", "é", "Word", "ß"]), max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_tidy_equals_its_plain_version(text):
    assert rewrite.tidy(text) == _tidy_plainly(text)

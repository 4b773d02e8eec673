"""Shortcuts in writing the suggested version and in the length and style checks (rules/rewrite.py,
rules/length.py, rules/types/), each held equal to its plain version."""
from __future__ import annotations

import re
import unicodedata
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import length, rewrite
from tests.rules.test_cuts import _tidy_plainly
from tests.rules.test_thread_split import SENTENCE_BREAK, TEXTS as THREAD_TEXTS, WORDS as THREAD_WORDS

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@given(ANY_TEXT | st.lists(st.sampled_from(["a", "ab", "é", "1", "_", " ", "Ωμ", "a1b", "ß", "x_y"]),
                           max_size=20).map("".join))
@settings(max_examples=400, deadline=None)
def test_has_words_counts_as_findall_does(text):
    assert rewrite._has_words(text) == (len(re.findall(r"[^\W\d_]{2,}", text)) >= 4)


@given(st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\r", "\u2028", "\x0b", ",", ";", ":", ".", "!", "?", "–", "—",
                                 "-", "(", ")", " ,", "\n ,", "\n\t–", "a", "word", "é"]), max_size=40).map("".join))
@settings(max_examples=600, deadline=None)
def test_tidy_runs_the_line_seam_only_where_it_can_match(text):
    assert rewrite.tidy(text) == _tidy_plainly(text)


@given(ANY_TEXT | st.lists(st.sampled_from([".", "!", "?", " ", "\n", "\n\n", "\t", "a", "word", "\u2028", "\x1c", "\r\n",
                                            "\xa0", ". ", ".\n", "\n.", "!\n \n", "e.g.", "\u3000", "\r"]),
                           max_size=30).map("".join))
@settings(max_examples=600, deadline=None)
def test_breaks_found_from_their_mark_are_the_sentence_breaks(text):
    assert rewrite._breaks(text) == [m.span() for m in SENTENCE_BREAK.finditer(text)]


CLUSTERY = ANY_TEXT | st.lists(st.sampled_from([
    "a", " ", "#", "1", "\r\n", "\r", "\n", "e\u0301", "\u0301", "\u0308", "👍🏽", "👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈",
    "\u200d", "🇬🇧", "🇬", "\u0600", "x\u0600", "\u0600a", "\u1100", "\u1161", "\u11a8", "\u1100\u1161\u11a8", "가", "\uac01",
    "\ufe0f", "1\ufe0f\u20e3", "é", "日", "\u0915\u093f", "\u0915\u094d\u0915", "\u094d", "\u0903", "’", "–", "😀",
    "\U000e0067", "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"]), max_size=40).map("".join)


def _continuations_plainly(text: str) -> list[int]:
    """Where a character carries on a cluster, read from every cluster of the whole text."""
    found, pos = [], 0
    for cluster in length._GRAPHEME.findall(text):
        found.extend(range(pos + 1, pos + len(cluster)))
        pos += len(cluster)
    return found


@given(CLUSTERY)
@settings(max_examples=800, deadline=None)
def test_continuations_read_around_joining_characters_are_those_of_the_whole_text(text):
    assert list(length._continuations(text)) == _continuations_plainly(text)


def test_no_character_in_ascii_joins_a_cluster():
    assert not any(length._JOINS.match(chr(c)) for c in range(128))


@given(CLUSTERY)
@settings(max_examples=600, deadline=None)
def test_one_cluster_a_character_is_the_plain_search(text):
    assert length.one_cluster_a_character(text) == (text.isascii() or not length._JOINS.search(text))


def _bluesky_fitting_prefix_plainly(text: str, limit: int) -> int:
    """`fitting_prefix` on Bluesky as it was: the clusters walked one at a time."""
    if "\r" not in text and (text.isascii() or not length._JOINS.search(text)):
        return min(limit, len(text))
    for i, cluster in enumerate(length._GRAPHEME.finditer(text)):
        if i == limit:
            return cluster.start()
    return len(text)


@given(CLUSTERY, st.sampled_from([0, 1, 2, 5, 12, 40, 300]))
@settings(max_examples=600, deadline=None)
def test_bluesky_fitting_prefix_equals_the_walk_over_its_clusters(text, limit):
    assert length.fitting_prefix(text, "bluesky", limit) == _bluesky_fitting_prefix_plainly(text, limit)
    one_each = text.isascii() or not length._JOINS.search(text)
    assert length.measure(text, "bluesky") == (len(text) - text.count("\r\n") if one_each
                                               else len(length._GRAPHEME.findall(text)))


def test_no_ascii_character_weighs_heavy_on_x():
    # `_plain_weight` counts an ASCII stretch at the light weight without looking for heavy ones.
    assert not any(length._HEAVY.match(chr(c)) for c in range(128))
    assert length._X["ranges"][0]["start"] == 0 and length._X["ranges"][0]["end"] >= 0x7F


@given(ANY_TEXT | CLUSTERY)
@settings(max_examples=400, deadline=None)
def test_plain_weight_is_the_heavy_characters_counted(text):
    light = length._X["ranges"][0]["weight"]
    assert length._plain_weight(text) == (light * len(text)
                                          + (length._X["default_weight"] - light) * len(length._HEAVY.findall(text)))


# Long sentences (no break) of words that NFC leaves alone, so that chunks are counted from the whole
# text, and of any words, with the other white space and sentence breaks.
LONG_SENTENCES = (st.lists(THREAD_WORDS.filter(lambda w: unicodedata.is_normalized("NFC", w)), min_size=30, max_size=150)
                  .map(" ".join))
SPLITTABLE = st.lists(LONG_SENTENCES | THREAD_TEXTS, min_size=1, max_size=4).map(" ".join)


@given(SPLITTABLE, st.sampled_from([6, 12, 25, 40, 80, 264]))
@settings(max_examples=500, deadline=None)
def test_chunks_counted_from_the_whole_text_count_as_measured_alone(text, room):
    for a, b in rewrite._piece_spans(text):
        piece = text[a:b]
        chunks = rewrite._word_chunks(piece, "x", room)
        counts = rewrite._chunk_counts(text, a, piece, chunks)
        assert len(counts) == len(chunks)
        for chunk, count in zip(chunks, counts):
            assert count is None or count == length.measure(chunk, "x")


@given(SPLITTABLE, st.sampled_from(["x", "bluesky", "threads"]))
@settings(max_examples=300, deadline=None)
def test_a_thread_is_the_same_with_its_chunks_measured_alone(text, platform):
    with patch.object(rewrite, "_chunk_counts", lambda text, a, piece, chunks: [None] * len(chunks)):
        plain = rewrite.split_thread(text, platform)
    assert rewrite.split_thread(text, platform) == plain


@given(ANY_TEXT | CLUSTERY | st.lists(st.sampled_from(["e\u0301", "\u212b", "\u0958", "ﬅ", "가", "\u1100\u1161", "a", "é",
                                                       "\u0344", "\U0001d15e"]), max_size=20).map("".join))
@settings(max_examples=600, deadline=None)
def test_is_nfc_is_is_normalized(text):
    assert length._is_nfc(text) == unicodedata.is_normalized("NFC", text)

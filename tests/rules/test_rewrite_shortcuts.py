"""Shortcuts in writing the suggested version and in the length and style checks (rules/rewrite.py,
rules/length.py, rules/types/), each held equal to its plain version."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import rewrite
from tests.rules.test_cuts import _tidy_plainly

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
    assert rewrite._breaks(text) == [m.span() for m in rewrite._SENTENCE_BREAK.finditer(text)]

"""Shortcuts in writing the suggested version and in the length and style checks (rules/rewrite.py,
rules/length.py, rules/types/), each held equal to its plain version."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import rewrite

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@given(ANY_TEXT | st.lists(st.sampled_from(["a", "ab", "é", "1", "_", " ", "Ωμ", "a1b", "ß", "x_y"]),
                           max_size=20).map("".join))
@settings(max_examples=400, deadline=None)
def test_has_words_counts_as_findall_does(text):
    assert rewrite._has_words(text) == (len(re.findall(r"[^\W\d_]{2,}", text)) >= 4)

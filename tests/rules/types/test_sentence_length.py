"""Type `sentence_length` (rules/types/sentence_length.py): `clarity.long_sentence`."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.types.sentence_length import MAX_WORDS, count_words

RULE = "clarity.long_sentence"


def _sentence(words: int) -> str:
    return " ".join(["residents"] * (words - 1)) + " today."


def test_a_sentence_over_the_limit_is_found_with_its_word_count(found):
    short = "Thanks for asking."
    findings = found(f"{short} {_sentence(MAX_WORDS + 1)} {short}", RULE)
    assert [f.excerpt for f in findings] == [_sentence(MAX_WORDS + 1)]
    assert f"{MAX_WORDS + 1} words" in findings[0].message  # {n} filled


def test_a_sentence_at_the_limit_is_fine(found):
    assert found(f"Thanks. {_sentence(MAX_WORDS)} Thanks.", RULE) == []


def test_numbers_links_and_emoji_are_not_words():
    assert count_words("Call 0300 123 4567 or see www.x.gov.uk 👍 today") == 5


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.lists(st.sampled_from(["a", "word", " ", "\n", "\x1c", "\xa0", "12", "_", "²", "½", "👍", "é", "x.y", "--"]),
                  max_size=40).map("".join))
@settings(max_examples=400, deadline=None)
def test_words_are_counted_as_runs_between_spaces_that_hold_a_letter(text):
    letter = re.compile(r"[^\W\d_]")
    assert count_words(text) == sum(1 for chunk in text.split() if letter.search(chunk))

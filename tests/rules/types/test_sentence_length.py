"""Type `sentence_length` (rules/types/sentence_length.py): `clarity.long_sentence`."""
from __future__ import annotations

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

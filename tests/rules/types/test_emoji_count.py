"""Type `emoji_count` (rules/types/emoji_count.py): `accessibility.emoji_overload`."""
from __future__ import annotations

RULE = "accessibility.emoji_overload"


def test_more_than_five_emoji_are_found_first_to_last(found):
    assert [f.excerpt for f in found("Fun day 😀 at the park 😀😀🎉🎉🎈 see you", RULE)] == ["😀 at the park 😀😀🎉🎉🎈"]


def test_five_emoji_are_fine(found):
    assert found("Fun day 😀😀😀🎉🎉", RULE) == []

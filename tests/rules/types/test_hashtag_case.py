"""Type `hashtag_case` (rules/types/hashtag_case.py): `accessibility.hashtag_case`."""
from __future__ import annotations

RULE = "accessibility.hashtag_case"


def test_a_long_all_lower_case_hashtag_is_found(found):
    assert [(f.excerpt, f.severity) for f in found("Bin day changes #lovemillbridge", RULE)] == [
        ("#lovemillbridge", "info")]


def test_a_capitalised_or_short_tag_and_an_html_entity_are_not(found):
    assert found("Bin day changes #LoveMillbridge #bins", RULE) == []
    assert found("It&#8217;s bin day&#xabcdef1234", RULE) == []

"""Type `link_only` (rules/types/link_only.py): `accessibility.link_only`."""
from __future__ import annotations

RULE = "accessibility.link_only"


def test_a_draft_that_is_only_a_link_is_found(found):
    assert [f.excerpt for f in found(" https://www.millbridge.gov.uk/bins\n", RULE)] == [
        " https://www.millbridge.gov.uk/bins\n"]
    assert len(found("www.millbridge.gov.uk/bins", RULE)) == 1


def test_a_link_with_words_beside_it_is_fine(found):
    assert found("Bin days: https://www.millbridge.gov.uk/bins", RULE) == []

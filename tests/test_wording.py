"""The words every surface shares follow the engine's own lists, so a new platform or unit cannot
be left out of one of them."""
from __future__ import annotations

from typing import get_args

from bot import wording as w
from rules.models import ACCOUNTS, PLATFORMS, LengthInfo


def test_every_platform_account_and_unit_has_its_words():
    assert set(w.PLATFORM_LABEL) == set(PLATFORMS)
    assert set(w.ACCOUNT_LABEL) == set(w.ACCOUNT_NAMES) == set(ACCOUNTS)
    assert set(w.UNIT_WORDS) == set(get_args(LengthInfo.model_fields["unit"].annotation))


def test_the_guides_list_every_platform_and_account():
    for guide in (w.USAGE, w.TEAMS_GUIDE):
        assert ", ".join(PLATFORMS) in guide and ", ".join(ACCOUNTS) in guide

from __future__ import annotations

import pytest

from bot.team_context import parse_channel_defaults


def test_channel_defaults_parse():
    assert parse_channel_defaults(" C1=bluesky/councillor, *=threads ,C2=council") == {
        "C1": {"platform": "bluesky", "account": "councillor"}, "*": {"platform": "threads"},
        "C2": {"account": "council"}}
    assert parse_channel_defaults("") == {}


@pytest.mark.parametrize("spec", ["C1", "=x", "C1=tiktok", "C1=x/mayor"])
def test_bad_channel_defaults_fail_at_start_up(spec):
    with pytest.raises(ValueError, match="SLACK_CHANNEL_DEFAULTS"):
        parse_channel_defaults(spec)

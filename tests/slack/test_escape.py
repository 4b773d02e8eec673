from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.escape import ZWSP, escape, is_link_only, slack_to_plain, strip_mention


@pytest.mark.parametrize("slack, plain", [
    ("Fish &amp; chips &lt;3 &gt; 2", "Fish & chips <3 > 2"),
    ("<@U123> and <@U456|jo>", "@U123 and @jo"),
    ("see <#C123|general>", "see #general"),
    ("<!here> <!channel> <!everyone>", "@here @channel @everyone"),
    ("<!subteam^S1|@comms> <!subteam^S2>", "@comms @group"),
    ("<!date^1392734382^{date}|Feb 18, 2014>", "Feb 18, 2014"),
    ("<https://example.org/a?b=1&amp;c=2> <http://example.org|example.org>",
     "https://example.org/a?b=1&c=2 example.org"),
    ("<mailto:a@example.org|a@example.org> <mailto:b@example.org>", "a@example.org b@example.org"),
])
def test_slack_markup_becomes_what_the_person_sees(slack, plain):
    assert slack_to_plain(slack) == plain


def test_escape_defuses_every_ping():
    text = "<!channel> <@U1> <!subteam^S1|@x> @here @Channel @everyone & done"
    out = escape(text)
    assert "<" not in out and ">" not in out
    assert "&amp; done" in out
    for word in ("@here", "@Channel", "@everyone"):
        assert word not in out and word.replace("@", "@" + ZWSP) in out


def test_escape_leaves_ordinary_at_names():
    assert escape("@heresford council") == "@heresford council"


def test_strip_mention_and_link_only():
    assert strip_mention("<@UBOT> check this <@UBOT|checkpost>", "UBOT").split() == ["check", "this"]
    assert is_link_only("<https://example.org> <http://x.org|x.org>")
    assert not is_link_only("see <https://example.org>")
    assert not is_link_only("")


_OLD_LINK_ONLY = re.compile(r"^(?:\s*<(?:https?://|mailto:)[^<>]*>\s*)+$")


@given(st.lists(st.sampled_from(["<http://a>", "<https://b.org/x>", "<mailto:jo@x.org>", "<ftp://c>", " ", "\n",
                                 "  ", "!", "<", ">", "a", "<http://a"]), max_size=12))
def test_link_only_reads_as_before(pieces):
    """The linear expression accepts exactly what the old, backtracking one accepted."""
    text = "".join(pieces)
    assert is_link_only(text) == bool(_OLD_LINK_ONLY.match(text))


def test_link_only_near_miss_is_answered():
    """Each two more links multiplied the old expression's time by about seven (16 took 20 s)."""
    assert not is_link_only("<http://a>  " * 200 + "!")
    assert is_link_only("<http://a>\n" * 200)

"""Getting the draft out of a Teams message: the bot's mention, HTML bodies, leading options."""
from __future__ import annotations

import pytest

from bot.teams.drafts import html_to_text, is_greeting, message_body_text, remove_bot_mention
from bot.teams.turns import Mention

BOT = Mention(id="28:bot", text="<at>Checkpost</at>")


def test_only_the_bots_own_mention_goes_and_only_once():
    text = "<at>Checkpost</at> Checkpost told us to ask: is <at>Checkpost</at> right?"
    assert remove_bot_mention(text, [BOT], "28:bot") == "Checkpost told us to ask: is Checkpost right?"


def test_the_bots_name_in_the_draft_is_not_removed():
    # botbuilder's remove_recipient_mention would strip "Checkpost" wherever it appears.
    assert remove_bot_mention("<at>Checkpost</at> Checkpost is our new tool", [BOT], "28:bot") == \
        "Checkpost is our new tool"


def test_other_peoples_mentions_keep_their_names():
    gary = Mention(id="29:gary", text="<at>Gary Smith</at>")
    text = "<at>Checkpost</at> Thanks <at>Gary Smith</at>, we'll look into it"
    assert remove_bot_mention(text, [gary, BOT], "28:bot") == "Thanks Gary Smith, we'll look into it"


def test_a_mention_of_someone_else_with_the_bots_name_is_kept():
    other = Mention(id="29:other", text="<at>Checkpost</at>")
    assert remove_bot_mention("<at>Checkpost</at> hello", [other], "28:bot") == "Checkpost hello"


def test_no_mentions_leaves_the_text_alone_apart_from_the_edges():
    assert remove_bot_mention("  a <b>bold</b> claim  ", [], "28:bot") == "a <b>bold</b> claim"


def test_html_message_bodies_become_plain_text_with_line_breaks():
    html = "<div><p>Thanks&nbsp;for waiting &amp; sorry.</p><p>We&#39;ll fix it <b>today</b>.</p></div>"
    assert html_to_text(html) == "Thanks for waiting & sorry.\nWe'll fix it today."
    assert html_to_text("one<br>two<br/>three") == "one\ntwo\nthree"


def test_message_body_text_handles_plain_and_missing_bodies():
    assert message_body_text(None, "html") == ""
    assert message_body_text("fish &amp; chips", "text") == "fish & chips"
    assert message_body_text("<p>x</p>", "html") == "x"


@pytest.mark.parametrize("text", ["", " ", "hi", "Hello!", "HELP", "help.", "Good morning", "?"])
def test_greetings_and_help(text):
    assert is_greeting(text)


@pytest.mark.parametrize("text", ["Hi Sam, thanks for your message", "help us understand the delay", "ok"])
def test_drafts_that_start_like_greetings_are_drafts(text):
    assert not is_greeting(text)

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


def _old_unwrap(text: str) -> str:
    import re

    return re.sub(r"<at>(.*?)</at>", lambda m: m.group(1), text, flags=re.IGNORECASE | re.DOTALL)


@pytest.mark.parametrize("text", ["<at>Sam</at> and <AT>Jo</At>", "<at><at>Sam</at></at>", "<at>never closed",
                                  "</at>first<at>x</at><at>", "plain", "<at></at>"])
def test_at_tags_unwrap_as_before(text):
    from bot.teams.drafts import _unwrap_at_tags

    assert _unwrap_at_tags(text) == _old_unwrap(text)


def test_hostile_html_and_mention_runs_take_linear_time():
    """Each input took quadratic time before (a `<a ` run of 40,000: minutes); all of them are
    converted in one subprocess under a generous deadline, which only a quadratic path could miss."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from bot.teams.drafts import html_to_text, remove_bot_mention\n"
        "for unit in ('<at>', '<AT>x', '<!--', '<a ', \"<a b='>\", '<![x>', '<?x', '<<>', '</', '<p ', '<a b=\"'):\n"
        "    text = unit * 40000\n"
        "    remove_bot_mention(text, [], None)\n"
        "    html_to_text(text)\n"
        "print('done')\n")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, timeout=120)
    assert proc.stdout.strip() == b"done", proc.stderr.decode()


def test_tags_are_reduced_to_their_names_and_stray_brackets_kept_as_text():
    assert html_to_text('<p>Hello <b class="x">there</b></p><!-- hidden --><div>a &lt; b &amp; c</div>'
                        "<p>x < y</p><br/>end") == "Hello there\na < b & c\nx < y\nend"
    assert html_to_text("<p>open <!-- comment never closed <p>lost") == "open"

"""Moving text safely between Slack's message markup and the plain text the coach reads.

Slack sends message text with `&`, `<` and `>` escaped and with mentions, channels and links
as `<...>` tokens. The coach must see what the person sees (lengths depend on it), and anything
the bot sends back must never turn a quoted draft into a ping: a draft full of `<!channel>`
must not wake a whole workspace when the coaching quotes it.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(r"<([^<>\n]*)>")
_BROADCASTS = ("here", "channel", "everyone")
# A zero-width space after "@" keeps a bare "@here" readable but stops any client or
# `link_names` setting from turning it back into a broadcast.
_BARE_BROADCAST = re.compile(r"@(?=(?:here|channel|everyone)\b)", re.IGNORECASE)
ZWSP = "\u200b"


def _token_to_plain(match: re.Match[str]) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # user: <@U123> or <@U123|jane>
        return "@" + (label or target[1:])
    if target.startswith("#"):  # channel: <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):
        word = target[1:]
        if word in _BROADCASTS:
            return "@" + word
        if word.startswith("subteam^"):  # user group: <!subteam^S123|@comms>
            return label if label.startswith("@") else "@" + (label or "group")
        return label  # <!date^...|fallback> and other special tokens show their fallback
    if label:  # a link the person typed as text: <http://example.org|example.org>
        return label
    return target[len("mailto:"):] if target.startswith("mailto:") else target


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_to_plain(text: str) -> str:
    """Slack's message markup as the person sees it: `<@U1|jo>` -> `@jo`, `&amp;` -> `&`."""
    return unescape(_TOKEN.sub(_token_to_plain, text))


def escape(text: str) -> str:
    """Text fit to put in a Slack mrkdwn field: `&`, `<`, `>` escaped, broadcasts defused.

    Escaping `<` alone already stops `<!channel>` or `<@U1>` being read as tokens; breaking a
    bare `@here` as well guards against a client that links bare names.
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BARE_BROADCAST.sub("@" + ZWSP, escaped)


def strip_mention(text: str, user_id: str | None) -> str:
    """The text of an @mention without the bot's own name, wherever it appears."""
    if not user_id:
        return text
    return re.sub(r"<@" + re.escape(user_id) + r"(?:\|[^>]*)?>", " ", text)


# White space once before the first link and after each: `^(?:\s*<...>\s*)+$` let the space
# between two links go to either, so a near miss ("<http://a>  " * 16 + "!") was tried every way,
# in time doubling with each link.
_LINK_ONLY = re.compile(r"^\s*(?:<(?:https?://|mailto:)[^<>]*>\s*)+$")


def is_link_only(slack_text: str) -> bool:
    """True when a message is nothing but links (Slack wraps each pasted link as `<url>`)."""
    return bool(_LINK_ONLY.match(slack_text))

"""Getting the draft out of what Teams sends: mentions and HTML message bodies.

Leading options are read by the intake (bot/intake.py), as for every other surface.

These are plain text functions with no Bot Framework types, so they are tested on their own and
survive a move to another SDK unchanged.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .turns import Mention

GREETINGS = frozenset({
    "", "hi", "hello", "hey", "hiya", "help", "start", "?", "hi there", "hello there", "good morning",
    "good afternoon", "good evening", "morning", "afternoon", "what can you do", "how do i use this",
})
_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"})


def remove_bot_mention(text: str, mentions: list[Mention], bot_id: str | None) -> str:
    """Drop the bot's own `<at>…</at>` text once; other people's mentions keep their names.

    botbuilder's remove_recipient_mention deletes every occurrence of the bot's name, which would
    cut the word "Checkpost" out of a draft that mentions it; only the mention entity's text goes.
    """
    for mention in mentions:
        if mention.id and bot_id and mention.id == bot_id and mention.text and mention.text in text:
            text = text.replace(mention.text, "", 1)
            break
    return _AT_TAG.sub(lambda m: m.group(1), text).strip()


class _TextExtractor(HTMLParser):
    """Teams message bodies are HTML; keep the words and the line breaks, drop the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser's signature
        if tag in _BLOCK_TAGS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS - {"br"} and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    """Plain text of a Teams HTML message body (the message-action payload sends HTML)."""
    parser = _TextExtractor()
    parser.feed(content)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def message_body_text(content: str | None, content_type: str | None) -> str:
    if not content:
        return ""
    if (content_type or "").lower() == "html" or "<" in content:
        return html_to_text(content)
    return html.unescape(content).strip()


def is_greeting(text: str) -> bool:
    """An empty message, a greeting or `help`: answered with the guide, not coached."""
    words = re.sub(r"[^\w\s?]", "", text.lower()).strip()
    return " ".join(words.split()) in GREETINGS

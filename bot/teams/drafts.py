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
_AT_TOKEN = re.compile(r"<(/?)at>", re.IGNORECASE)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
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
    return _unwrap_at_tags(text).strip()


def _unwrap_at_tags(text: str) -> str:
    """`<at>Name</at>` -> `Name`, pairing each `<at>` with the first `</at>` after it.

    One pass over the tags: a non-greedy `<at>(.*?)</at>` would scan to the end of the text for
    every unclosed `<at>`, so a long run of them took quadratic time.
    """
    parts: list[str] = []
    start = 0  # copied up to here
    opened: int | None = None  # where the open tag's text begins
    for token in _AT_TOKEN.finditer(text):
        if opened is None and not token.group(1):
            parts.append(text[start:token.start()])
            opened = start = token.end()
        elif opened is not None and token.group(1):
            parts.append(text[opened:token.start()])
            start, opened = token.end(), None
    if opened is not None:  # an <at> never closed stays as written
        parts.append(text[opened - len("<at>"):opened])
    parts.append(text[start:])
    return "".join(parts)


def _plain_tags(content: str) -> str:
    """The HTML with every tag reduced to its bare name, in one pass.

    html.parser rescans to the end of the text for each construct it cannot close (a `<` with no
    `>`, an unclosed `<!--`, an attribute's open quote), so hostile bodies cost quadratic time.
    Only the words and the block structure matter here, so: comments, declarations and processing
    instructions go; a tag keeps only its name; a `<` that starts no tag becomes `&lt;`; and an
    unclosed comment hides the rest, as a browser does.
    """
    parts: list[str] = []
    i, n = 0, len(content)
    next_gt = next_lt = -1  # cached forward searches, so each character is scanned once
    while i < n:
        j = content.find("<", i)
        if j < 0:
            parts.append(content[i:])
            break
        parts.append(content[i:j])
        if content.startswith("<!--", j):
            end = content.find("-->", j + 4)
            if end < 0:
                break
            i = end + 3
            continue
        if next_gt <= j:
            next_gt = content.find(">", j + 1)
        if next_lt <= j:
            next_lt = content.find("<", j + 1)
        if next_gt < 0 or (0 <= next_lt < next_gt):  # no ">" before the next "<": not a tag
            parts.append("&lt;")
            i = j + 1
            continue
        name = _TAG_NAME.match(content, j, next_gt)
        if name:
            parts.append(f"<{name.group(1)}{name.group(2)}>")
        i = next_gt + 1
    return "".join(parts)


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
    parser.feed(_plain_tags(content))
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

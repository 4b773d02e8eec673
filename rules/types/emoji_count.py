"""Type `emoji_count` (`accessibility.emoji_overload`): more than five emoji in one draft.

A screen reader reads out every emoji by name, so a wall of them is a long listen. The finding
spans the first emoji to the last; five or fewer are fine.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); it fills no `{fields}`.
"""
from __future__ import annotations

import regex
from spacy.tokens import Doc

from ..packs import Ref
from ..components.base import add_finding, text_of

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("accessibility.emoji_overload", "emoji_count")
RULES = (RULE,)
MAX_EMOJI = 5
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")


class EmojiCount:
    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        if text.isascii():
            return
        emoji = _EMOJI.findall(text)
        if len(emoji) > MAX_EMOJI:
            emoji = list(_EMOJI.finditer(text))
            add_finding(doc, RULE, emoji[0].start(), emoji[-1].end())

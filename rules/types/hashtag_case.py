"""Type `hashtag_case` (`accessibility.hashtag_case`): an all-lower-case hashtag of ten or more letters.

Screen readers read `#lovemillbridge` as one long word; `#LoveMillbridge` they read word by word.
A short tag (`#bins`), one with a capital anywhere, and an HTML entity (`&#8217;`) are left alone.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); it fills no `{fields}`.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..packs import Ref
from ..components.base import add_finding, text_of

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("accessibility.hashtag_case", "hashtag_case")
RULES = (RULE,)
_HASHTAG = re.compile(r"(?<![\w&])#([a-z][a-z0-9]{9,})\b")


class HashtagCase:
    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        if "#" in text:
            for m in _HASHTAG.finditer(text):
                add_finding(doc, RULE, m.start(), m.end())

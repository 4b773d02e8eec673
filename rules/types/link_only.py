"""Type `link_only` (`accessibility.link_only`): a draft that is nothing but a link.

A bare link tells nobody what it is or why to click. A link with any words beside it is fine.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); it fills no `{fields}`.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..packs import Ref
from ..components.base import add_finding, text_of

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("accessibility.link_only", "link_only")
RULES = (RULE,)
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)


class LinkOnly:
    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        if _URL.match(text):
            add_finding(doc, RULE, 0, len(text))

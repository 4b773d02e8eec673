"""Type `repeated_marks` (`tone.exclamation`): runs of exclamation or question marks.

Finds "!!", "! !", "???" and "?!?" and proposes a single mark in their place. A run of three or more
marks reads as exasperated and is reported at `warn`; a cheerful run of two ("Well done!!") only at
`info`, whatever the entry says, and so is a run of "!" in a warm sentence ("Love it!!! ❤️",
"Congratulations to the whole team!!!": the warmth expressions of rules/data/warmth.yml), which
reads as delight, not exasperation. A single "?" or "??" is an ordinary question.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); `{mark}` in them is the mark to keep (`!` or `?`).
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..packs import Ref
from ..components.base import add_finding, sentence_at, text_of
from .signal import warmth_source

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("tone.exclamation", "repeated_marks")
RULES = (RULE,)
_RUN = re.compile(r"!(?:\s?!)+|[!?]{3,}|\?(?:\s?\?){2,}")


class RepeatedMarks:
    def __init__(self) -> None:
        # The signal compiles the same expression, so `re`'s own cache makes this one free.
        self.warmth = re.compile(warmth_source(), re.I)

    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        # Two marks are rare enough to count first.
        for m in _RUN.finditer(text) if text.count("!") + text.count("?") >= 2 else ():
            mark = "!" if "!" in m.group() else "?"
            # "!!!" reads as exasperated; a cheerful "Well done!!" is only worth knowing.
            severity = "warn" if sum(c in "!?" for c in m.group()) >= 3 else "info"
            if severity == "warn" and mark == "!" and "?" not in m.group():
                start, end = sentence_at(doc, m.start())
                if self.warmth.search(text, start, max(end, m.end())):
                    severity = "info"  # "Love it!!! ❤️": delight, not exasperation
            add_finding(doc, RULE, m.start(), m.end(), fill={"mark": mark}, edit=mark, severity=severity)

"""Type `platform_length` (`length.over_limit`): a draft over its platform's limit.

One finding, spanning the part that does not fit, when the draft is longer than its platform allows,
counted the platform's way (rules/length.py: X's weighted count, Bluesky's graphemes...). It also
records the count on the draft for the report, so it always runs; its fix (cutting filler, or a
numbered thread) is made by rules/rewrite.py, and is not offered when the rule is switched off.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); `{over}`, `{limit}`, `{count}`, `{unit}` and
`{platform_name}` in them are filled from the count.
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..length import counted_fitting_prefix, length_info
from ..models import PLATFORM_NAMES, UNIT_WORDS
from ..packs import Ref
from ..components.base import add_finding, draft_of

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("length.over_limit", "platform_length")
RULES = (RULE,)


class PlatformLength:
    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        request = draft.request
        info = length_info(draft.text, request.platform)
        draft.length = info
        if info.over_by > 0:
            words = {"over": f"{info.over_by:,}", "platform_name": PLATFORM_NAMES[request.platform],
                     "limit": info.limit, "unit": UNIT_WORDS[info.unit], "count": info.count}
            # The excerpt is the part that does not fit: what the writer has to cut or move.
            text = draft.text
            add_finding(doc, RULE, min(counted_fitting_prefix(text, request.platform), len(text) - 1), len(text),
                        fill=words)
        return doc

"""The platform-length check: one finding when a draft is over its platform's limit."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..length import fitting_prefix, length_info
from ..models import PLATFORM_NAMES, UNIT_WORDS
from ..packs import Ref
from .base import add_finding, draft_of

# The rule this component computes; its words are in rules/packs/computed.yml.
RULE = Ref("length.over_limit", "platform_length")


class LengthCheck:
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
            add_finding(doc, RULE, min(fitting_prefix(text, request.platform), len(text) - 1), len(text),
                        fill=words)
        return doc


@Language.factory("checkpost_length")
def make_length(nlp: Language, name: str) -> LengthCheck:
    return LengthCheck()

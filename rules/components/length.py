"""The platform-length check: one finding when a draft is over its platform's limit."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..length import counted_fitting_prefix, length_info
from .base import Meta, add_finding, draft_of

META = Meta(
    rule="length.over_limit", category="length", severity="block",
    message="This is {over} over {platform_name}'s limit of {limit:,} {unit} ({count:,}).",
    suggestion="Cut it down (the suggested version trims filler), or post it as a numbered thread.",
    source="{platform_name}'s posting limit, counted the way {platform_name} counts it")
NAMES = {"x": "X", "bluesky": "Bluesky", "threads": "Threads", "mastodon": "Mastodon",
         "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn"}
UNIT_WORDS = {"weighted": "weighted characters", "graphemes": "characters", "characters": "characters"}


class LengthCheck:
    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        request = draft.request
        info = length_info(draft.text, request.platform)
        draft.length = info
        if info.over_by > 0:
            words = {"over": f"{info.over_by:,}", "platform_name": NAMES[request.platform],
                     "limit": info.limit, "unit": UNIT_WORDS[info.unit], "count": info.count}
            # The excerpt is the part that does not fit: what the writer has to cut or move.
            text = draft.text
            add_finding(doc, META, min(counted_fitting_prefix(text, request.platform), len(text) - 1), len(text),
                        message=META.message.format(**words))
            draft.findings[-1] = draft.findings[-1].model_copy(
                update={"source": META.source.format(**words)})
        return doc


@Language.factory("checkpost_length")
def make_length(nlp: Language, name: str) -> LengthCheck:
    return LengthCheck()

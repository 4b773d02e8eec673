"""Sets up each Doc (the check's rule registry) and reads the post being answered.

Whether that post is deliberately antagonistic matters: arguing back at it is a tone problem
even when the reply is factually right, so rules can ask for `when: {in_reply: hostile}`.
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from ..matcher import Matcher
from ..packs import Registry, read_yaml, shared_registry
from .base import draft_of, straighten

# A draft that opens by addressing someone ("Hi Lee,", "Mrs Grant,", "@sam") is a reply to a
# person even when the post it answers was not given.
_ADDRESSED = re.compile(r"^\s*(?:@\w+|(?i:hi|hello|hey|dear)\b|(?i:thanks|thank you)\b(?!\s+(?i:to|go)\b)|(?:(?i:mr|mrs|ms|miss|dr|mx)\.? )?[A-Z][a-z]+(?: [A-Z][a-z]+)?,)")
DATA = Path(__file__).resolve().parents[1] / "data" / "hostile_posts.yml"


class HostileMarkers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: list[str]


def load_markers(path: Path = DATA) -> list[str]:
    return HostileMarkers.model_validate(read_yaml(path)).regex


class Context:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        # One set, as the rule packs' expressions are: most posts contain none of the words needed.
        self.markers = Matcher(load_markers())

    def is_hostile(self, post: str) -> bool:
        return self.markers.search(straighten(post))

    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        if draft.registry is None:  # the pipeline run as nlp(text): this pipeline's own rules
            draft.registry = self.registry
        post = draft.request.in_reply_to
        draft.reply_hostile = bool(post) and self.is_hostile(post)
        draft.is_reply = bool(post) or bool(_ADDRESSED.match(draft.text))
        return doc


@Language.factory("checkpost_context", default_config={"rule_dirs": []})
def make_context(nlp: Language, name: str, rule_dirs: list[str]) -> Context:
    return Context(shared_registry(rule_dirs))

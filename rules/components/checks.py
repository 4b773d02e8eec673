"""The components that run the rule types (rules/types/), in the order the pipeline runs them.

A component may run several types that read the draft the same cheap way (shouting: `capitals` and
`repeated_marks`; style: the four accessibility and clarity types), so that one pipeline step, not
four, is spent on each group; each type's logic stays in its own module.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..packs import shared_registry
from ..types import (capitals, emoji_count, hashtag_case, link_only, personal_data, platform_length,
                     repeated_marks, sentence_length, signal)
from ..types.pattern import PatternRules
from .base import text_of


class Together:
    """Several rule types run as one pipeline component, in the order given, on one read of the
    draft's text (each type's `find(doc, text)`)."""

    def __init__(self, *types) -> None:
        self.types = types
        self.finds = tuple(t.find for t in types)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for find in self.finds:
            find(doc, text)
        return doc


@Language.factory("checkpost_patterns", default_config={"rule_dirs": []})
def make_patterns(nlp: Language, name: str, rule_dirs: list[str]) -> PatternRules:
    return PatternRules(nlp, shared_registry(rule_dirs).of_type("pattern"))


@Language.factory("checkpost_shouting")
def make_shouting(nlp: Language, name: str) -> Together:
    return Together(capitals.Capitals(), repeated_marks.RepeatedMarks())


@Language.factory("checkpost_personal_data")
def make_personal_data(nlp: Language, name: str) -> personal_data.PersonalData:
    return personal_data.PersonalData()


@Language.factory("checkpost_signal")
def make_signal(nlp: Language, name: str) -> signal.Signal:
    return signal.Signal()


@Language.factory("checkpost_length")
def make_length(nlp: Language, name: str) -> platform_length.PlatformLength:
    return platform_length.PlatformLength()


@Language.factory("checkpost_style")
def make_style(nlp: Language, name: str) -> Together:
    return Together(hashtag_case.HashtagCase(), emoji_count.EmojiCount(), link_only.LinkOnly(),
                    sentence_length.SentenceLength())

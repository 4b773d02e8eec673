"""Advice beyond the four checks, at severity `info`: accessibility and clarity.

Screen readers read `#lovemillbridge` as one long word, a wall of emoji is read out name by name,
a bare link tells nobody what it is, and GOV.UK's guidance is to keep sentences to about 25 words.
"""
from __future__ import annotations

import re

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..packs import Ref
from .base import add_finding, sentence_bounds, text_of

# The rules this component computes; their words are in rules/packs/computed.yml.
HASHTAG = Ref("accessibility.hashtag_case", "hashtag_case")
EMOJI = Ref("accessibility.emoji_overload", "emoji_count")
LINK_ONLY = Ref("accessibility.link_only", "link_only")
LONG_SENTENCE = Ref("clarity.long_sentence", "sentence_length")
RULES = (HASHTAG, EMOJI, LINK_ONLY, LONG_SENTENCE)

_HASHTAG = re.compile(r"(?<![\w&])#([a-z][a-z0-9]{9,})\b")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.I)


def _count_words(text: str) -> int:
    return sum(1 for chunk in text.split() if _LETTER.search(chunk))


class Style:
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for m in _HASHTAG.finditer(text) if "#" in text else ():
            add_finding(doc, HASHTAG, m.start(), m.end())
        emoji = [] if text.isascii() else list(_EMOJI.finditer(text))
        if len(emoji) > 5:
            add_finding(doc, EMOJI, emoji[0].start(), emoji[-1].end())
        if _URL.match(text):
            add_finding(doc, LINK_ONLY, 0, len(text))
        # Words are what a reader counts: runs of text between spaces that hold a letter. Splitting
        # on white space runs in C, so most drafts are passed after one split.
        if len(text) < 150 or len(text.split()) <= 35:
            return doc  # no sentence can be over 35 words
        for start, end in sentence_bounds(doc):
            words = _count_words(text[start:end]) if end - start > 150 else 0
            if words > 35:
                add_finding(doc, LONG_SENTENCE, start, end, fill={"n": words})
        return doc


@Language.factory("checkpost_style")
def make_style(nlp: Language, name: str) -> Style:
    return Style()

"""Advice beyond the four checks, at severity `info`: accessibility and clarity.

Screen readers read `#lovemillbridge` as one long word, a wall of emoji is read out name by name,
a bare link tells nobody what it is, and GOV.UK's guidance is to keep sentences to about 25 words.
"""
from __future__ import annotations

import re

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .base import Meta, add_finding, sentence_bounds, text_of

A11Y = "GOV.UK accessibility guidance for social media; RNIB advice on hashtags and emoji"
HASHTAG = Meta("accessibility.hashtag_case", "accessibility", "info",
               "Screen readers cannot split an all-lower-case hashtag into words.",
               "Capitalise each word, for example #LoveMillbridge rather than #lovemillbridge.", A11Y)
EMOJI = Meta("accessibility.emoji_overload", "accessibility", "info",
             "Screen readers read out every emoji by name, which makes a long listen.",
             "Keep to two or three emoji, placed at the end.", A11Y)
LINK_ONLY = Meta("accessibility.link_only", "accessibility", "info",
                 "A post that is only a link does not tell people what it is or why to click.",
                 "Add a sentence saying what the link is for.", A11Y)
LONG_SENTENCE = Meta("clarity.long_sentence", "clarity", "info",
                     "This sentence has {n} words; GOV.UK advises about 25 at most.",
                     "Split it into two or three shorter sentences.",
                     "GOV.UK style guide: sentence length")

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
                add_finding(doc, LONG_SENTENCE, start, end, message=LONG_SENTENCE.message.format(n=words))
        return doc


@Language.factory("checkpost_style")
def make_style(nlp: Language, name: str) -> Style:
    return Style()

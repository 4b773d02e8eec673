"""Type `sentence_length` (`clarity.long_sentence`): a sentence of more than 35 words.

GOV.UK's guidance is to keep sentences to about 25 words; this finds each sentence of over 35, at
the severity its entry gives (`info` as shipped). A word is what a reader counts: a run of text
between spaces that holds a letter, so numbers, links' punctuation and emoji are not words.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); `{n}` in them is the sentence's word count.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..packs import Ref
from ..components.base import add_finding, sentence_bounds, text_of

# The rule of this type; its words are in rules/packs/computed.yml.
RULE = Ref("clarity.long_sentence", "sentence_length")
RULES = (RULE,)
MAX_WORDS = 35
_LETTER = re.compile(r"[^\W\d_]")


def count_words(text: str) -> int:
    return sum(1 for chunk in text.split() if _LETTER.search(chunk))


class SentenceLength:
    def __call__(self, doc: Doc) -> Doc:
        self.find(doc, text_of(doc))
        return doc

    def find(self, doc: Doc, text: str) -> None:
        """Add this type's findings for the draft (`text` is the draft as written)."""
        # Splitting on white space runs in C, so most drafts are passed after one split.
        if len(text) < 150 or len(text.split()) <= MAX_WORDS:
            return  # no sentence can be over 35 words
        for start, end in sentence_bounds(doc):
            words = count_words(text[start:end]) if end - start > 150 else 0
            if words > MAX_WORDS:
                add_finding(doc, RULE, start, end, fill={"n": words})

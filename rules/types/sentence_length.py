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
# A word: a run between spaces (as `str.split` makes them) that holds a letter, matched from the
# run's start only (the look-behind), so a long run with no letter is read once, not from every
# position in it.
_WORD = re.compile(r"(?<!\S)\S*?[^\W\d_]\S*")


def count_words(text: str) -> int:
    """The words in `text`, counted in one pass of an expression (a loop over the runs in Python
    cost more than the rest of the style checks together on a long draft)."""
    return len(_WORD.findall(text))


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
            # A sentence has at most as many words as runs between spaces: most long ones are
            # passed on that count alone.
            words = 0
            if end - start > 150 and len(text[start:end].split()) > MAX_WORDS:
                words = count_words(text[start:end])
            if words > MAX_WORDS:
                add_finding(doc, RULE, start, end, fill={"n": words})

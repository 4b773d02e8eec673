"""Sentence bounds are spaCy's Sentencizer's, computed without running it (rules/components/base.py)."""
from __future__ import annotations

import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rules.components.base import KEY, Draft, sentence_bounds
from rules.models import CheckRequest
from tests.conftest import text

NLP = spacy.blank("en")
SENTENCIZER = spacy.blank("en")
SENTENCIZER.add_pipe("sentencizer")
PIECES = st.one_of(st.sampled_from(["Mr.", "e.g.", "Dr", "Hi", "bins", ".", "!", "?", "...", "!!", "?!", "।", "。",
                                    "\"", "'", ")", "(", "—", "😂", "\n", "3.5", "www.x.gov.uk", ". .", "ok"]),
                   text(max_size=5))


@given(st.lists(PIECES, min_size=1, max_size=30).map(" ".join))
@example("Sorry to hear that. We'll look into it! Thanks (again).")
@settings(max_examples=300, deadline=None)
def test_bounds_start_where_the_sentencizer_starts_sentences(text):
    if not text.strip():
        return  # not a draft: the engine refuses it before any sentence is read
    doc = NLP.make_doc(text)
    doc.user_data[KEY] = Draft(CheckRequest(text=text), text)
    starts = [start for start, _end in sentence_bounds(doc)]
    expected = [sent.start_char for sent in SENTENCIZER(text).sents] or [0]
    assert starts == expected

"""Shortcuts the engine takes for speed (X's count, the tokenizer's guard); each is held equal to its
plain version."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import length, pipeline

TEXT = (st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
        | st.lists(st.sampled_from(["a", " ", "1", "#", "*", "\ufe0f", "\u20e3", "1\ufe0f\u20e3", "#\u20e3", "–", "é",
                                    "日", "😀", "©", "\u200d", "🏴󠁧󠁢󠁷󠁬󠁳󠁿"]), max_size=40).map("".join))
# The one expression the two replace: where an emoji can start.
_EMOJI_START = re.compile("[#*0-9](?=[\ufe0f\u20e3])|[^\x00-\x7f"
                          + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in length.NO_EMOJI_RANGES) + "]")


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_emoji_starts_equal_the_one_expression(text):
    assert length._emoji_starts(text) == [m.start() for m in _EMOJI_START.finditer(text)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(["!", "_", "£", "😀", "a", " ", ".", "-", "é", "1", "!" * 17, "_" * 17, "😀" * 9]),
                  max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_tokenizer_guard_lets_through_every_long_run(text):
    assert pipeline.long_run_insides(text) == [(m.start() + pipeline.EDGE, m.end() - pipeline.EDGE)
                                               for m in pipeline._LONG_RUN.finditer(text)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(["1", "22", "٣", "x", " ", ".", ",", ":", "st", "pm", "k", "_", "a1", "1a"]),
                  max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_the_signal_reads_numbers_as_the_plain_expression_does(text):
    from rules import signal

    plain = re.compile(r"(?<!\d)\d++(?:[.,:]\d++)*+(?:st|nd|rd|th|am|pm|s|k|m)?\b")
    assert signal._NUMBER.sub(" ", text) == plain.sub(" ", text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(["a", ".", ".a", " ", "\n", "x.co", "é", ".é", "1", ".1", "\xa0", "\u2028", "..b", "_",
                                   "._", "https://a.gov.uk/x"]), max_size=30).map("".join))
@settings(max_examples=400, deadline=None)
def test_words_with_a_dot_letter_are_the_url_words(text):
    assert length._words_with_a_dot_letter(text) == [m.span() for m in length._URL_WORD.finditer(text)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(["+", "(", ")", "1", "٣", "0", "22", " ", "\n", ".", "-", "/", "+(", "a", "_",
                                   "+44", "(0", "07700 900123", "12/03/2024", "é"]), max_size=30).map("".join),
       st.integers(0, 70), st.integers(0, 70))
@settings(max_examples=500, deadline=None)
def test_the_digit_runs_are_the_plain_expressions(text, pos, endpos):
    from rules.types import personal_data

    plain = re.compile(personal_data.DIGIT_RUN_PLAIN)
    assert ([m.span() for m in personal_data._DIGIT_RUN.finditer(text, pos, endpos)]
            == [m.span() for m in plain.finditer(text, pos, endpos)])


DETAILS = (st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
           | st.lists(st.sampled_from(["A", "B", "Z", "a", "é", "É", "1", "٣", "12", "2024", "_", "-", " ", "\n", "/",
                                       ".", "AB12345678", "ZY-22-9134", "AB 12 34 56 C", "COMP-77214", "12/03/2024",
                                       "1.2.99", "x1/2/84"]), max_size=25).map("".join))


@given(DETAILS)
@settings(max_examples=500, deadline=None)
def test_dates_and_reference_shapes_are_the_plain_expressions(text):
    from rules.types import personal_data

    date = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
    shape = re.compile(r"\b[A-Z]{2,5}-\d{2,4}-\d{3,}\b|\b[A-Z]{2}\d{8,}\b|\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
                       r"|\b[A-Z]{2,5}(?:-[A-Z]{2,5})*-\d{5,}\b")
    for quick, plain in ((personal_data._DATE, date), (personal_data._REF_SHAPE, shape)):
        assert [(m.span(), m.groups()) for m in quick.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(["a", "t.co", ".com", ".co.uk", ".gov.uk", ".ly", "/", " ", "\n", "\xa0", "x/y",
                                   "https://", "http://a", "www.", "www", "é", ".", "b.com/x", "t.co/", "//"]),
                  max_size=25).map("".join))
@settings(max_examples=500, deadline=None)
def test_the_signal_reads_links_as_the_plain_expression_does(text):
    from rules import signal

    plain = re.compile(r"(?:https?://|www\.)\S+|(?<!\S)\S*?(?:t\.co|\.com|\.co\.uk|\.org|\.gov\.uk|\.net|\.ly)/\S*")
    assert [m.span() for m in signal._LINK.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_sublinear_table_is_one_plus_the_log_and_long_counts_fall_back():
    import math

    from rules import signal

    assert signal._SUBLINEAR[1] == 1.0
    assert all(signal._SUBLINEAR[n] == 1.0 + math.log(n) for n in range(2, len(signal._SUBLINEAR)))
    model = signal.TextSignal()
    for text in ("bins bins " * 600 + "you lot are useless", "the bins were not collected again this week at all"):
        ids, tf, _norm = model._prepared(text, judge=False)
        counts = model._counts(model.tokens(text))
        assert tf == [1.0 if n == 1 else 1.0 + math.log(n) for n in counts.values()]
        assert model.tokens(text) == [t for t in model.token.findall(signal.normalise(text)) if t not in model.names]


@given(DETAILS | st.lists(st.sampled_from(["+(", "(", "+", "1", "٣", "a", " ", "12 Elm Road", "AB1 2CD", "07700 900123",
                                           "x", "1/2/1984", "-", ","]), max_size=20).map("".join))
@settings(max_examples=500, deadline=None)
def test_expressions_opening_with_a_digit_find_the_same_from_the_first_digit(text):
    from rules.types import personal_data as pd

    first = pd._DIGITS.search(text)
    at = first.start() if first else len(text)
    for gate in (pd._LOOKS_LIKE_ADDRESS, pd._LOOKS_LIKE_POSTCODE, pd._LOOKS_LIKE_DATE, pd._LOOKS_LIKE_REFERENCE,
                 pd._LONG_NUMBER):
        whole, later = gate.search(text), gate.search(text, at)
        assert (whole and whole.span()) == (later and later.span())
    assert [m.span() for m in pd._DATE.finditer(text, at)] == [m.span() for m in pd._DATE.finditer(text)]
    assert [m.span() for m in pd._runs(text, at)] == [m.span() for m in pd._runs(text)]

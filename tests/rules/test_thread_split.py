"""Splitting an over-long draft into a thread takes shortcuts (rules/rewrite.py); they must change
nothing. Each is held equal to its plain version on text built to break them: marks that join the
space before them, emoji, flags, links, characters NFC changes, heavy CJK."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import rewrite
from rules.length import measure

# Where a thread may break, written plainly (rules/rewrite.py finds the same breaks more quickly).
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")

WORDS = st.sampled_from([
    "a", "word", "words,", "é", "e\u0301", "\u0301", "\u0301x", "x\u0600", "\u0600", "\u200d", "\ufe0f",
    "🇬🇧", "🇬", "👍🏽", "👨\u200d👩\u200d👧", "1\ufe0f\u20e3", "#", "t.co", "https://example.com/a-long/path",
    "www.gov.uk", "a.b", "café.com/x", "中文", "日本語の", "\u0958", "\u212b", "ﬅ", "longwordlongwordlongword",
    "x" * 40, "😀" * 12, "e\u0301" * 15, "see.gov.uk/" + "p" * 30,
])
PIECES = st.lists(WORDS, min_size=1, max_size=60).map(" ".join)


def _word_chunks_plainly(piece: str, platform: str, room: int) -> list[str]:
    """`_word_chunks` as it was before its shortcut: the chunk measured again after every word."""
    chunks, current = [], ""
    for word in piece.split():
        if measure(word, platform) > room:
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(rewrite._hard_cut(word, platform, room))
            continue
        candidate = f"{current} {word}".strip()
        if current and measure(candidate, platform) > room:
            chunks.append(current)
            current = word
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


@given(PIECES, st.sampled_from(["x", "bluesky", "threads"]), st.sampled_from([6, 12, 25, 40, 80]))
@settings(max_examples=400, deadline=None)
def test_word_chunks_equal_their_plain_version(piece, platform, room):
    assert rewrite._word_chunks(piece, platform, room) == _word_chunks_plainly(piece, platform, room)


def test_word_chunks_of_a_long_sentence_each_fit():
    piece = " ".join(["council", "tax", "https://example.gov.uk/pay", "😀", "café"] * 80)
    chunks = rewrite._word_chunks(piece, "x", 264)
    assert chunks == _word_chunks_plainly(piece, "x", 264)
    assert " ".join(chunks) == piece and all(measure(c, "x") <= 264 for c in chunks)


@given(st.lists(WORDS, min_size=1, max_size=6).map("".join), st.sampled_from(["x", "bluesky", "threads"]),
       st.sampled_from([1, 6, 12, 25, 40, 80, 264]))
@settings(max_examples=400, deadline=None)
def test_a_word_is_too_long_exactly_when_it_measures_over(word, platform, room):
    assert rewrite._too_long(word, platform, room) == (measure(word, platform) > room)


PIECE_LISTS = st.lists(st.lists(WORDS, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=12)


@given(PIECE_LISTS, st.sampled_from(["x", "threads", "bluesky"]))
@settings(max_examples=400, deadline=None)
def test_where_counts_are_said_to_add_up_they_do(pieces, platform):
    if rewrite._adds_up(pieces, platform):
        for i in range(len(pieces)):
            for j in range(i + 1, len(pieces) + 1):
                run = pieces[i:j]
                assert measure(" ".join(run), platform) == sum(measure(p, platform) for p in run) + len(run) - 1


def _pack_plainly(pieces: list[str], platform: str, limit: int, total: int) -> list[str]:
    """`_pack` as it was: every part measured for real."""
    suffix = len(f" ({total}/{total})")
    parts, current, used = [], [], 0
    for piece in pieces:
        weight = measure(piece, platform)
        if current and used + 1 + weight + suffix > limit:
            parts.append(" ".join(current))
            current, used = [piece], weight
        else:
            used += (1 if current else 0) + weight
            current.append(piece)
    if current:
        parts.append(" ".join(current))
    if all(measure(part, platform) + suffix <= limit for part in parts):
        return parts
    return rewrite._pack_exactly(pieces, platform, limit, suffix)


@given(PIECE_LISTS, st.sampled_from(["x", "threads", "bluesky"]), st.sampled_from([20, 40, 80, 280]))
@settings(max_examples=400, deadline=None)
def test_packing_equals_its_plain_version(pieces, platform, limit):
    assert rewrite._pack(pieces, platform, limit, 9) == _pack_plainly(pieces, platform, limit, 9)


@given(st.lists(WORDS, min_size=1, max_size=40).map(" ".join), st.sampled_from(["x", "threads", "bluesky"]),
       st.sampled_from([6, 12, 25, 40, 80, 264]))
@settings(max_examples=400, deadline=None)
def test_where_the_walk_is_said_to_be_exact_it_is(text, platform, room):
    from rules.length import fits_by_walk, fitting_prefix

    if fits_by_walk(text, platform):
        fit = fitting_prefix(text, platform, room)
        for k in [i for i, ch in enumerate(text) if ch == " "] + [len(text)]:
            assert (measure(text[:k], platform) <= room) == (k <= fit)


TEXTS = st.lists(st.one_of(WORDS, st.sampled_from([" ", "  ", "\n", "\n\n", ". ", "! ", "? ", "\t", "\xa0", "\u3000",
                                                    "\u2028", ".\u3000", "\r\n"])), max_size=50).map("".join)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_piece_spans_are_the_stripped_sentences(text):
    spans = rewrite._piece_spans(text)
    assert [text[a:b] for a, b in spans] == [p.strip() for p in SENTENCE_BREAK.split(text) if p.strip()]


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_a_stretch_counted_from_the_whole_text_counts_as_measured_alone(text):
    from rules.length import x_stretch_weights

    spans = rewrite._piece_spans(text)
    for (a, b), count in zip(spans, x_stretch_weights(text, spans)):
        assert count is None or count == measure(text[a:b], "x")

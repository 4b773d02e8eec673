"""Writing the suggested version: every safe edit applied, personal details out, and a fit.

A coach that only complains gets switched off; one that hands back a better draft gets used.
The edits come from the findings (each rule says what its fix is); this module applies them
without tangling, tidies the seams, and then makes the text fit the platform, by trimming
wordy phrases first and, only when that is not enough, by splitting it into a numbered thread.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from operator import eq
from pathlib import Path

import regex
from spacy.tokens import Doc

from .components.base import Edit, draft_of, text_of
from .length import (LIMITS, UNITS, counted, fits_by_walk, fitting_prefix, may_hold_url, measure,
                     reply_mentions_end, x_stretch_weights)
from .matcher import LiteralIndex, fold_case as gate_text, folded_pattern
from .packs import TEMPLATES, read_yaml

_DATA = Path(__file__).resolve().parent / "data"
# When several rules ask for a different reply, the most important wins (packs.TEMPLATES' order).
_TEMPLATE_ORDER = TEMPLATES
# The cuts run in tiers of a dozen, in the file's order, one expression a tier: after each tier
# that cut something the text is measured, and cutting stops as soon as it fits.
_CUT_TIER = 12
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Wording:
    """What the suggested version is written with: the template replies (rules/data/templates.yml)
    and the wordy phrases to cut (rules/data/filler.yml), read when the pipeline is built."""

    templates: dict[str, dict[str, str]]
    cuts: dict[str, tuple[str, bool]]  # phrase -> (replacement, whether it eats the space after)
    tier_phrases: list[frozenset[str]]
    index: LiteralIndex
    # Each tier twice: case-insensitive, and (faster) for the folded text, as the rule packs do.
    tiers: list[tuple[re.Pattern[str], re.Pattern[str] | None]]


def load_wording(folder: Path = _DATA) -> Wording:
    filler = read_yaml(folder / "filler.yml")["cuts"]
    templates = read_yaml(folder / "templates.yml")
    keys = [[k.strip().lower() for k in chunk]
            for chunk in (list(filler)[i:i + _CUT_TIER] for i in range(0, len(filler), _CUT_TIER))]
    phrases = [frozenset(chunk) for chunk in keys]
    sources = [r"(?<![\w'])(" + "|".join(re.escape(k) for k in chunk) + r")(?![\w'])(\s*)" for chunk in keys]
    return Wording(templates=templates,
                   cuts={k.strip().lower(): (v, k.endswith(" ")) for k, v in filler.items()},
                   tier_phrases=phrases, index=LiteralIndex(set().union(*phrases)),
                   tiers=[(re.compile(source, re.I), folded_pattern(source)) for source in sources])


# "Hi Lee," / "Thanks Jo," / "Dear Mrs Patel," at the start of a reply: kept in a template reply.
_GREETING = re.compile(r"^\s*(?P<word>(?i:hi|hello|hey|dear|thanks|thank you|morning|good morning|afternoon|evening))"
                       r"(?:,?\s+(?P<name>(?:(?i:mr|mrs|ms|miss|dr|mx)\.?\s+)?[A-Z][a-z'’-]+))?\s*(?:[,.!–-]|$)")


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; where two overlap, the wider one (a sentence rewrite) wins."""
    chosen: list[tuple[int, int, int, Edit]] = []  # sorted by span: they never overlap, so ends rise too
    # Widest first; for the same span a real rewrite beats a deletion.
    for n, edit in enumerate(sorted(edits, key=lambda e: (-(e.end - e.start), e.replacement == "", e.start))):
        i = bisect_left(chosen, (edit.end,))  # those that start before this one ends
        if not i or chosen[i - 1][1] <= edit.start:
            insort(chosen, (edit.start, edit.end, n, edit))
    out, pos = [], 0
    for edit in sorted((c[3] for c in chosen), key=lambda e: e.start):
        out.append(text[pos:edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return tidy("".join(out))


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.;:!?])")
_SPACED_MARK = re.compile(" [,.;:!?]")  # what `_SPACE_BEFORE` needs (a literal first: scanned for quickly)
_SEAMS = ((re.compile(r"([,;:])\s*([,.;:!?])"), r"\2"),
          (re.compile(r"(?m)^[ \t]*[,;:–-]\s*"), ""), (re.compile(r"\(\s*\)"), ""))
_LINE_SEAM = _SEAMS[1][0]
_SEAM_MARKS = frozenset(",;:–-")  # what opens a `_LINE_SEAM` after a line's spaces and tabs
_LOWER_START = re.compile(r"([.!?]\s+)([a-z])")


def tidy(text: str) -> str:
    """Mend the seams that deletions leave: doubled spaces, stray commas, lower-case starts.

    Each expression runs only when a plain substring test (in C) says it has something to mend.
    """
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    if _SPACED_MARK.search(text):
        text = _SPACE_BEFORE.sub(r"\1", text)
    for seam, mend in _SEAMS:
        # A line's seam can match only where a line starts (the text's start, or after "\n", as
        # `(?m)^` reads it): the expression, tried at every character, runs only if one opens so.
        if seam is not _LINE_SEAM or any(line.lstrip(" \t")[:1] in _SEAM_MARKS for line in text.split("\n")):
            text = seam.sub(mend, text)
    text = _LOWER_START.sub(lambda m: m.group(1) + m.group(2).upper(), text.strip())
    if text[:1].islower() and text[:1].isascii():
        text = text[0].upper() + text[1:]
    return text.strip()


def opening(doc: Doc) -> str:
    """The draft's own greeting, reshaped to open a template reply."""
    found = _GREETING.match(text_of(doc))
    if not found:
        return ""
    word, name = found.group("word"), found.group("name")
    if word.lower().startswith("thank"):
        return f"Thanks, {name}. " if name else "Thanks for getting in touch. "
    return f"{word.capitalize()} {name}, " if name else f"{word.capitalize()}, "


def template(doc: Doc, kind: str, wording: Wording) -> str:
    """A ready-to-post reply in the account's own voice, opening with the draft's greeting."""
    start = opening(doc)
    body = wording.templates[kind][draft_of(doc).request.account].format(opening="")
    if start.endswith(", "):  # "Hi Lee, we don't want..." carries on the sentence
        body = body[0].lower() + body[1:] if not body.startswith("I ") else body
    return start + body


_NUMBERING = len(" (999999/999999)")  # the most a part's number can add
_GRAPHEMES = regex.compile(r"\X")
_DOUBLED = re.compile(r"\b(?!(?:had|that)\b)(\w+)\s+\1\b", re.I)
_TRACKING = re.compile(r"(https?://\S+?)[?&](?:utm_|fbclid|gclid|mc_)\S*", re.I)
_URL_PREFIX = re.compile(r"\bhttps?://(?:www\.)?(?=[\w-]+\.[\w.-]+)", re.I)


def cut_filler(text: str, platform: str, wording: Wording) -> str:
    """Trim doubled words, long link text and wordy phrases, stopping as soon as the text fits.

    The phrase index says, in one pass, where each wordy phrase occurs: a tier none of whose
    phrases occur is skipped, and the others' expressions are tried only where one starts."""
    limit = LIMITS[platform]
    given, folded = text, gate_text(text)
    words = _WORD_RUN.findall(folded)
    if any(map(eq, words, words[1:])):  # a doubled word is two runs in a row
        text = _DOUBLED.sub(r"\1", text)
    if platform != "x":  # X counts every link as 23 whatever its length
        text = _TRACKING.sub(r"\1", text)
        if counted(text, platform) > limit:
            text = _URL_PREFIX.sub("", text)
    if text is not given:  # (an expression that replaced nothing gives back the same string)
        folded = gate_text(text)
    where = wording.index.where(folded)
    tiers = len(wording.tiers)
    for n, (tier, phrases) in enumerate(zip(wording.tiers, wording.tier_phrases)):
        starts = sorted(start for phrase in phrases.intersection(where) for start in where[phrase])
        if not starts:
            continue  # none of this tier's phrases is in the text
        text, cuts = _cut_tier(tier, text, wording.cuts, starts, folded)
        if cuts:
            if "  " in text or "\t" in text:  # what `_SPACES` needs: two spaces or a tab
                text = _SPACES.sub(" ", text)
            # Whether the text fits matters only if a later tier has something to cut: after the
            # last tier, or when no later tier's phrase is in the text, the text is the answer
            # either way, and is not measured (the caller measures it once tidied).
            if n + 1 == tiers:
                break
            folded = gate_text(text)
            where = wording.index.where(folded)
            if all(where.keys().isdisjoint(later) for later in wording.tier_phrases[n + 1:]):
                break
            if counted(text, platform) <= limit:
                break
    return text


def _cut_tier(tier: tuple[re.Pattern[str], re.Pattern[str] | None], text: str,
              cuts_of: dict[str, tuple[str, bool]], starts: list[int] | None = None,
              lowered: str | None = None) -> tuple[str, int]:
    """One tier of cuts, found on the lower-cased text when its offsets are the text's own.

    `starts`, if given, are where the tier's phrases occur in the lower-cased text (`lowered`,
    made again if not given), in order: a cut begins with one of its phrases, so the expression
    is tried only there."""
    slow, fast = tier
    if lowered is None:
        lowered = gate_text(text)
    if fast is None or len(lowered) != len(text):
        return slow.subn(partial(_cut, cuts_of=cuts_of), text)
    out, pos, cuts = [], 0, 0
    for m in fast.finditer(lowered) if starts is None else _matches_at(fast, lowered, starts):
        found = text[m.start(1):m.end(1)]
        replacement, eats_space = cuts_of[lowered[m.start(1):m.end(1)]]
        out.append(text[pos:m.start()])
        out.append(_keep_case(found, replacement) + ("" if eats_space else text[m.start(2):m.end(2)]))
        pos, cuts = m.end(), cuts + 1
    if not cuts:
        return text, 0
    out.append(text[pos:])
    return "".join(out), cuts


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, when every match begins at one of `starts` (in order)
    and none is empty: the pattern is tried at those places only, each one at or after where the
    last match ended (a look-behind still sees the text before the place tried)."""
    pos = 0
    for start in starts:
        if start >= pos and (m := pattern.match(text, start)) is not None:
            yield m
            pos = m.end()


def _cut(match: re.Match[str], cuts_of: dict[str, tuple[str, bool]]) -> str:
    replacement, eats_space = cuts_of.get(gate_text(match.group(1)), (match.group(1), False))
    return _keep_case(match.group(1), replacement) + ("" if eats_space else match.group(2))


def _keep_case(found: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if found[:1].isupper() and replacement else replacement


# Where a thread may break: white space after a sentence's end, or line breaks; that is
# `(?<=[.!?])\s+|\n+` (tests/rules/test_rewrite_shortcuts.py holds them equal), found from the
# mark or line break that opens each break, which are rarer than white space, so fewer places are
# tried (an expression that opens with a look-behind is tried at every character): after a mark,
# the white space after it (group 1); a line break, with the line breaks after it (the match). A
# mark is never inside an earlier break, so each break is found where the plain expression finds it.
_BREAK_AT_MARK = re.compile(r"[.!?\n](?:(?<=[.!?])(\s+)|(?<=\n)\n*)")


def split_thread(text: str, platform: str) -> list[str]:
    """Split into numbered parts that each fit, breaking between sentences, then between words.

    An X reply's leading @names open the first part only: X does not count them there, and the
    later parts, each a reply to the one before, are addressed by X itself."""
    limit = LIMITS[platform]
    start = reply_mentions_end(text, platform)
    mentions, text = " ".join(text[:start].split()), text[start:]
    spans = _piece_spans(text)
    # Each sentence's count, read from the whole text's where that is sure (rules/length.py).
    counts = x_stretch_weights(text, spans) if platform == "x" else [None] * len(spans)
    words: list[str] = []
    weights: list[int | None] = []
    for (a, b), count in zip(spans, counts):
        piece = text[a:b]
        count = measure(piece, platform) if count is None else count
        if count + _NUMBERING <= limit:
            words.append(piece)
            weights.append(count)
        else:
            chunks = _word_chunks(piece, platform, limit - _NUMBERING)
            words.extend(chunks)
            weights.extend(_chunk_counts(text, a, piece, chunks) if platform == "x" else [None] * len(chunks))
    # Reserve room for the " (n/total)" numbering: as many digits as the total will have.
    for digits in range(1, 7):
        parts = _pack(words, platform, limit, 10 ** digits - 1, weights)
        if len(parts) < 10 ** digits:
            numbered = [f"{p} ({i}/{len(parts)})" for i, p in enumerate(parts, 1)]
            if mentions and numbered:
                numbered[0] = f"{mentions} {numbered[0]}"
            return numbered
    return [f"{mentions} {text}" if mentions else text]


def _chunk_counts(text: str, a: int, piece: str, chunks: list[str]) -> list[int | None]:
    """Each chunk's X count where it can be read from the whole text's links and emoji (as the
    sentences' are, `length.x_stretch_weights`), None where not. The piece (`text[a:]`'s start)
    gave its words to the chunks in order, joined by single spaces, or cut inside a word: where
    each chunk stands in it as it is, its place in the text is known; where the piece's white
    space was not single spaces, a chunk does not, and is measured as before."""
    spans, pos = [], 0
    for chunk in chunks:
        if not piece.startswith(chunk, pos):
            return [None] * len(chunks)
        spans.append((a + pos, a + pos + len(chunk)))
        pos += len(chunk)
        if piece.startswith(" ", pos):
            pos += 1
    return x_stretch_weights(text, spans)


def _piece_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence (or line) of the text is, as (start, end), white space trimmed: the
    pieces of splitting it where a thread may break (`_BREAK_AT_MARK`), with their places."""
    spans, pos = [], 0
    for brk_start, brk_end in [*_breaks(text), (len(text), len(text))]:
        segment = text[pos:brk_start]
        kept = segment.strip()
        if kept:
            start = pos + len(segment) - len(segment.lstrip())
            spans.append((start, start + len(kept)))
        pos = brk_end
    return spans


def _breaks(text: str) -> list[tuple[int, int]]:
    """Where a thread may break the text (see `_BREAK_AT_MARK`), as (start, end), in order."""
    return [m.span(1) if m.start(1) >= 0 else m.span() for m in _BREAK_AT_MARK.finditer(text)]


def _word_chunks(piece: str, platform: str, room: int) -> list[str]:
    """The piece's words in chunks that each fit `room`, as many words to a chunk as fit, in order;
    a word too long alone is cut (`_hard_cut`).

    This is the greedy "add the next word while the chunk still fits", but a chunk is not found by
    measuring it again after every word (which made a long sentence cost time in the square of
    its length): one walk (`fitting_prefix`) says how many words fit, and measuring the chunk and
    the chunk with one more word confirms it. A platform's count never goes down as words are
    added after a space (a space ends a link, an emoji and every grapheme cluster but one that a
    mark after it joins, and NFC never composes across it), so those two measures say what
    measuring after every word would have; where they disagree, the words are added one at a time.
    """
    words = piece.split()
    chunks: list[str] = []
    i = 0
    while i < len(words):
        if _too_long(words[i], platform, room):
            chunks.extend(_hard_cut(words[i], platform, room))
            i += 1
            continue
        end = _chunk_end(words, i, platform, room)
        chunks.append(" ".join(words[i:end]))
        i = end
    return chunks


def _too_long(word: str, platform: str, room: int) -> bool:
    """Whether a word alone is over `room`, measured only when it could be.

    A word with no dot holds no link, so it weighs at most two a character on X (NFC makes at
    most three characters of one) and at most one elsewhere; a word in plain ASCII with no dot
    counts its characters on every platform."""
    if "." not in word:
        if (6 if platform == "x" else 1) * len(word) <= room:
            return False
        if word.isascii():
            return len(word) > room
    return measure(word, platform) > room


def _chunk_end(words: list[str], i: int, platform: str, room: int) -> int:
    """Where the chunk that opens with `words[i]` (which fits alone) ends: before the first word
    whose adding would put it over `room`, or that is too long alone, or at the end."""
    size = room + 16  # characters of words read at once, doubled while every one of them fits
    while True:
        stop, chars = i + 1, len(words[i])
        while stop < len(words) and chars + 1 + len(words[stop]) <= size:
            chars += 1 + len(words[stop])
            stop += 1
        window = " ".join(words[i:stop])
        fit = fitting_prefix(window, platform, room)
        if fit < len(window) or stop == len(words):
            break
        size *= 2
    # The words wholly inside the part that fits, up to any word too long alone.
    end, chars = i + 1, len(words[i])
    while end < stop and chars + 1 + len(words[end]) <= fit and not _too_long(words[end], platform, room):
        chars += 1 + len(words[end])
        end += 1
    if fits_by_walk(window, platform):
        return end  # the walk's answer is the measures' (length.fits_by_walk)
    chunk = window[:chars]
    if measure(chunk, platform) <= room and (
            end == len(words) or _too_long(words[end], platform, room)
            or measure(f"{chunk} {words[end]}", platform) > room):
        return end
    # The walk and the measures disagree: the words one at a time, each chunk measured.
    chunk, end = words[i], i + 1
    while end < len(words) and not _too_long(words[end], platform, room):
        candidate = f"{chunk} {words[end]}"
        if measure(candidate, platform) > room:
            break
        chunk, end = candidate, end + 1
    return end


def _hard_cut(word: str, platform: str, room: int) -> list[str]:
    """Cut a word longer than a post between grapheme clusters, so no emoji or accent is split;
    inside a cluster only when one alone is over (300 variation selectors are one cluster).

    Each piece is found by measuring a window of the word once (doubled while all of it fits),
    not by measuring every growing prefix, so the work is linear in the word's length."""
    pieces: list[str] = []
    pos = 0
    while pos < len(word):
        size = room + 16
        while True:
            window = word[pos:pos + size]
            fit = fitting_prefix(window, platform, room)
            if fit < len(window) or pos + size >= len(word):
                break
            size *= 2
        if pos + fit >= len(word):
            pieces.append(word[pos:])
            break
        cut = 0
        for cluster in _GRAPHEMES.finditer(window):
            if cluster.end() > fit:
                break
            cut = cluster.end()
        cut = cut or max(1, fit)
        # A piece can weigh more alone than as part of the window (X reads NFC and URLs whole).
        while cut > 1 and measure(word[pos:pos + cut], platform) > room:
            cut = max(1, min(cut - 1, fitting_prefix(word[pos:pos + cut], platform, room)))
        pieces.append(word[pos:pos + cut])
        pos += cut
    return pieces


def _pack(pieces: list[str], platform: str, limit: int, total: int,
          counts: list[int | None] | None = None) -> list[str]:
    """Greedy packing. Lengths add up across a joining space on every platform (a space ends a
    URL, an emoji and a grapheme), so each piece is measured once; the parts are then measured
    for real, and the slow exact packing is used if any one does not fit after all. Where a
    part's count is sure to be the sum of its pieces' (`_adds_up`), the sum is its measure.
    `counts`, if given, are the pieces' counts where already known (None where not)."""
    suffix = len(f" ({total}/{total})")
    weights = [measure(piece, platform) if count is None else count
               for piece, count in zip(pieces, counts or [None] * len(pieces))]
    parts, current, used, sums = [], [], 0, []
    for piece, weight in zip(pieces, weights):
        if current and used + 1 + weight + suffix > limit:
            parts.append(" ".join(current))
            sums.append(used)
            current, used = [piece], weight
        else:
            used += (1 if current else 0) + weight
            current.append(piece)
    if current:
        parts.append(" ".join(current))
        sums.append(used)
    if _adds_up(pieces, platform):
        fits = all(count + suffix <= limit for count in sums)
    else:
        fits = all(measure(part, platform) + suffix <= limit for part in parts)
    return parts if fits else _pack_exactly(pieces, platform, limit, suffix)


def _adds_up(pieces: list[str], platform: str) -> bool:
    """Whether the count of any run of these pieces joined by single spaces is surely the sum of
    their counts and the spaces: on a platform that counts characters, always; on X, when no
    piece holds a CR and none opens with a word that could be a link (a dot then a letter).
    A space between two pieces is a boundary NFC never reaches across; an emoji (all but its first
    character outside ASCII) and a link end before it; and the only word that reads a different
    character before it, joined, is a piece's first, which then holds no link either way."""
    if platform not in UNITS:
        return True
    if platform != "x":
        return False
    for piece in pieces:
        if "\r" in piece:
            return False
        first = piece.split(maxsplit=1)[:1]
        if "." in piece and first and may_hold_url(first[0]):
            return False
    return True


def _pack_exactly(pieces: list[str], platform: str, limit: int, suffix: int) -> list[str]:
    parts, current = [], ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and measure(candidate, platform) + suffix > limit:
            parts.append(current)
            current = piece
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def suggest(doc: Doc, route_to_dm: bool, wording: Wording, fit: bool = True) -> tuple[str, list[str] | None]:
    """The suggested text and, when cutting is not enough, a thread whose parts each fit (unless
    `fit` is False: the platform-length rule is switched off, so nothing is cut for it)."""
    draft = draft_of(doc)
    replying = draft.is_reply or "dm_invite" in draft.templates
    if route_to_dm and replying:
        return template(doc, "dm_invite", wording), None
    wanted = [t for t in _TEMPLATE_ORDER if t in draft.templates]
    if replying and wanted:
        return template(doc, wanted[0], wording), None
    text = apply_edits(draft.text, draft.edits) if draft.edits else draft.text
    if draft.edits and not _has_words(text):
        # Every sentence had to go. A reply gets a polite one that moves on; a post with personal
        # details gets only the DM invite; anything else keeps its word-level fixes for the writer.
        if route_to_dm:
            return template(doc, "dm_invite", wording), None
        if replying:
            return template(doc, "move_on", wording), None
        words_only = [e for e in draft.edits if not e.whole_sentence]
        text = apply_edits(draft.text, words_only) or draft.text
    platform = draft.request.platform
    if not fit or counted(text, platform) <= LIMITS[platform]:
        return text, None
    text = tidy(cut_filler(text, platform, wording))
    if counted(text, platform) <= LIMITS[platform]:
        return text, None
    return text, split_thread(text, platform)


_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


def _has_words(text: str) -> bool:
    """Whether the text holds at least four runs of two or more letters: read only up to the
    fourth (the same as counting them all, as `len(findall) >= 4` did)."""
    return sum(1 for _ in islice(_LETTER_RUN.finditer(text), 4)) == 4

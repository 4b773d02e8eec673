"""Counting a draft the way each platform counts it.

X weighs characters (twitter-text configuration v3: a URL is 23, an emoji 2, most CJK 2), Bluesky
counts grapheme clusters, the rest count Unicode code points. Counting it any other way gives
false alarms on multilingual and emoji-heavy posts, which is the quickest way to lose trust.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

import regex
from twitter_text.config import config as _TWITTER_CONFIG
from twitter_text.regexp.emoji import emoji as _EMOJI

from .models import LengthInfo
from .x_urls import extract_urls

LIMITS: dict[str, int] = {
    "x": 280,
    "bluesky": 300,
    "threads": 500,
    "mastodon": 500,
    "instagram": 2200,
    "linkedin": 3000,
    "facebook": 63206,
}
UNITS: dict[str, str] = {"x": "weighted", "bluesky": "graphemes"}

_GRAPHEME = regex.compile(r"\X")
# Characters that join a grapheme cluster to their neighbours. A text with none of them has one
# cluster per code point, but for CR LF; most drafts are such texts, and counting them is free.
_JOINS = regex.compile(r"[\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=ZWJ}\p{GCB=Prepend}"
                       r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}]")
# Every character `_JOINS` matches is outside ASCII (a test reads all of ASCII), so only those are
# searched: the property classes cost far more a character than this scan for them.
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")  # one at a time: `re` scans for a lone set quickly, not for a run
_X = _TWITTER_CONFIG["defaults"]  # configuration v3, twitter-text's own
# Code points outside the configuration's light ranges weigh `default_weight` (2) instead of 1.
_HEAVY = re.compile("[^" + "".join(f"\\U{r['start']:08x}-\\U{r['end']:08x}" for r in _X["ranges"]) + "]")
# Where an emoji can start: a keycap (#, *, 0-9 then U+FE0F or U+20E3), or any non-ASCII character
# outside the ranges below, which hold no emoji (accents, other scripts, dashes and quotes, CJK,
# kana, Hangul). A test checks every code point in them against twitter-text's own expression.
NO_EMOJI_RANGES = ((0x80, 0xA8), (0xAA, 0xAD), (0xAF, 0x1FFF), (0x2000, 0x203B), (0x203D, 0x2048),
                   (0x204A, 0x2121), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF))
# Found as two expressions, not one alternation: an expression that is one set of characters is
# searched for by a quick scan, several times faster on text with dashes, accents or CJK.
_EMOJI_CHAR = re.compile("[^\x00-\x7f" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in NO_EMOJI_RANGES) + "]")
_KEYCAP = re.compile("[#*0-9](?=[\ufe0f\u20e3])")
# A word (with a dot and a letter in it) read from its start only: `\S*\.[^\W\d_]\S*` was tried
# from every position of a long word and read to its end each time.
_URL_WORD = re.compile(r"(?<!\S)(?=\S*?\.[^\W\d_])\S+")
_DOT_LETTER = re.compile(r"\.[^\W\d_]")  # what every _URL_WORD holds: most sentences have none
_UP_TO_LAST_SPACE = re.compile(r"[\s\S]*\s")
_NON_SPACE_RUN = re.compile(r"\S*")
_LINE_ENDINGS = re.compile(r"\r\n|\r|\n")
# The @names that open a reply on X: since X's "simplified replies" (2017) they are the reply's
# metadata, filled in by X, and do not count towards the 280 (twitter-text's parse_tweet has no
# notion of a reply, so it counts them). A handle is 1 to 15 letters, digits or underscores, and
# a run of them counts as leading while each is followed by white space or the end of the text.
_REPLY_MENTIONS = re.compile(r"\s*(?:@[A-Za-z0-9_]{1,15}(?:\s+|$))+")


def x_weighted_length(text: str) -> int:
    """X's weighted length, by twitter-text's own configuration, URL and emoji expressions.

    This is twitter-text-parser's `parse_tweet(text).weightedLength`, computed the same way
    (NFC, URLs at 23, each emoji 2, code points by the configuration's ranges), but it runs
    twitter-text's very large emoji expression only where an emoji can start, instead of at
    every position: that one change makes it some 20 times faster on ordinary drafts. A test
    holds it equal to parse_tweet, and to the official conformance suite. Unlike
    twitter-text-parser, and like the official library, a Windows line break counts 2.
    """
    crlf = text.count("\r\n")
    if text.isascii():
        # Plain ASCII (most drafts): NFC changes nothing, every character weighs 1 and no emoji
        # can be present, so only the links change the count.
        norm = _LINE_ENDINGS.sub("\n", text) if "\r" in text else text
        return len(norm) + sum(_X["transformed_url_length"] - (end - start) for start, end in _x_urls(norm)) + crlf
    norm = unicodedata.normalize("NFC", text)  # which never makes a "\r"
    if "\r" in norm:
        norm = _LINE_ENDINGS.sub("\n", norm)
    total, pos = 0, 0
    for start, end, weight in _x_entities(norm):
        total += _plain_weight(norm[pos:start]) + weight
        pos = end
    total += _plain_weight(norm[pos:])
    return total // _X["scale"] + crlf


@lru_cache(maxsize=64)
def _x_entities(norm: str) -> tuple[tuple[int, int, int], ...]:
    """URLs and emoji in NFC text, in order, as (start, end, scaled weight), as parse_tweet counts them.

    Cached (for the few texts of the last checks), because a check over X's limit needs them
    twice for the same text: to count it, and to find how much of it fits."""
    scale = _X["scale"]
    entities: dict[int, tuple[int, int]] = {
        start: (end, _X["transformed_url_length"] * scale) for start, end in _x_urls(norm)}
    last_end = 0
    for start in _emoji_starts(norm):
        if start < last_end:
            continue
        width = _emoji_width(_EMOJI_TAIL.match(norm, start).group())
        if width:
            entities.setdefault(start, (start + width, _X["default_weight"]))
            last_end = start + width
    spans, pos = [], 0
    for start in sorted(entities):
        if start < pos:
            continue  # inside an earlier URL or emoji, as parse_tweet skips it
        end, weight = entities[start]
        spans.append((start, end, weight))
        pos = end
    return tuple(spans)


def _emoji_starts(norm: str) -> list[int]:
    """Where an emoji can start, in order: each character outside the ranges with none, and each
    keycap's base (a keycap needs U+FE0F or U+20E3, so it is looked for only when one is there)."""
    starts = [m.start() for m in _EMOJI_CHAR.finditer(norm)]
    if "\ufe0f" in norm or "\u20e3" in norm:
        starts = sorted({*starts, *(m.start() for m in _KEYCAP.finditer(norm))})
    return starts


# twitter-text's emoji expression has no lookaround and no unbounded repeat, and a match is at
# most 8 code points long (a test reads both from the expression itself); after its first
# character every code point it can match is outside ASCII. So a match depends only on these:
_EMOJI_TAIL = re.compile(r".[^\x00-\x7f]{0,7}", re.S)


@lru_cache(maxsize=4096)
def _emoji_width(head: str) -> int:
    """How many code points of `head` twitter-text's (very large) emoji expression matches.

    Cached, because the same few hundred emoji come up again and again, and matching that
    expression costs several microseconds each time.
    """
    found = _EMOJI.match(head)
    return found.end() if found else 0


def _urls_in_word(window: str) -> tuple[tuple[int, int], ...]:
    """twitter-text's URLs in one word (with the character before it), cached when the word is
    short: a council links to the same few pages again and again, and its URL expression is slow."""
    return _urls_in_short_word(window) if len(window) <= 512 else tuple(extract_urls(window))


@lru_cache(maxsize=4096)
def _urls_in_short_word(window: str) -> tuple[tuple[int, int], ...]:
    return tuple(extract_urls(window))


def _x_urls(norm: str) -> list[tuple[int, int]]:
    """Where twitter-text finds URLs, as (start, end).

    Every URL it finds has a domain, so a dot followed by a letter, and holds no white space:
    its (slow) URL expression runs only on the words that have one.
    """
    if "." not in norm or not _DOT_LETTER.search(norm):
        return []
    urls = []
    for start, end in _words_with_a_dot_letter(norm):
        offset = max(0, start - 1)  # with the white space before it, as twitter-text sees it
        for url_start, url_end in _urls_in_word(norm[offset:end]):
            urls.append((offset + url_start, offset + url_end))
    return urls


def may_hold_url(word: str) -> bool:
    """Whether X could find a link in this word: every one it finds holds a dot then a letter."""
    return _DOT_LETTER.search(word) is not None


def _words_with_a_dot_letter(norm: str) -> list[tuple[int, int]]:
    """The words (runs of non-white space) that hold a dot followed by a letter, as (start, end):
    what `_URL_WORD` finds, but read outwards from each such dot, so only those words are read
    (the expression tried its look-ahead at the start of every word, several times slower on an
    ordinary draft). Each stretch of text is read once: the search for a word's start begins
    where the last word ended."""
    words, pos = [], 0
    for dot in _DOT_LETTER.finditer(norm):
        if dot.start() < pos:
            continue  # in the word just read
        before = _UP_TO_LAST_SPACE.match(norm, pos, dot.start())
        start = before.end() if before else pos
        end = _NON_SPACE_RUN.match(norm, dot.start()).end()
        words.append((start, end))
        pos = end
    return words


def _x_fitting_prefix(text: str, limit: int) -> int | None:
    """How many characters of `text` fit X's limit, by one walk; None if NFC or line endings
    would change the text (then the caller searches)."""
    if "\r" in text or not _is_nfc(text):
        return None
    room, pos = limit * _X["scale"], 0
    light, heavy = _X["ranges"][0]["weight"], _X["default_weight"]
    for start, end, weight in [*_x_entities(text), (len(text), len(text), 0)]:
        segment = _plain_weight(text[pos:start])
        if segment > room:
            return pos + _fitting_chars(text[pos:start], room, light, heavy)
        room -= segment
        if start == len(text):
            return len(text)
        if weight > room:
            return start
        room -= weight
        pos = end
    return len(text)


def _fitting_chars(segment: str, room: int, light: int, heavy: int) -> int:
    """How many characters of a stretch with no URL or emoji fit in `room`: the light ones in
    between the heavy ones go by arithmetic, not one at a time."""
    pos = 0
    for found in _HEAVY.finditer(segment) if not segment.isascii() else ():
        run = (found.start() - pos) * light
        if run > room:
            break
        room -= run
        if heavy > room:
            return found.start()
        room -= heavy
        pos = found.start() + 1
    return pos + room // light


def _is_nfc(text: str) -> bool:
    """`unicodedata.is_normalized("NFC", text)`, which is by definition whether NFC leaves the
    text as it is: asked that way, it takes half the time (normalizing text already in NFC hands
    back the same string after a quick check)."""
    return unicodedata.normalize("NFC", text) == text


def _plain_weight(segment: str) -> int:
    light = _X["ranges"][0]["weight"]
    if segment.isascii():  # ASCII is all in the first light range: nothing heavy to find
        return light * len(segment)
    return light * len(segment) + (_X["default_weight"] - light) * len(_HEAVY.findall(segment))


def one_cluster_a_character(text: str) -> bool:
    """Whether no character of the text joins a grapheme cluster (`_JOINS` finds none): then every
    code point is a cluster of its own, but for CR LF."""
    return text.isascii() or _JOINS.search("".join(_NOT_ASCII.findall(text))) is None


@lru_cache(maxsize=16)
def _continuations(text: str) -> tuple[int, ...]:
    """Where a character carries on the grapheme cluster before it rather than opening one, in
    order: what `_GRAPHEME` (\\X) says, read only where it can happen. Cached, because a draft over
    Bluesky's limit needs them twice: to count its clusters, and to find where the limit falls.

    Two ASCII characters join only as CR LF. Every other join has a character `_JOINS` matches on
    one side (all outside ASCII), and the rules that read further back than the pair (emoji
    sequences, flags, Indic conjuncts) read only characters outside ASCII. So \\X runs only over
    each run of characters outside ASCII that holds a joining one, with the character either side
    (a rule about an ASCII character and its neighbour reads nothing further). Running it over the
    whole draft cost some hundred microseconds a time on a long post with emoji."""
    found = []
    crlf = text.find("\r\n")
    while crlf >= 0:
        found.append(crlf + 1)
        crlf = text.find("\r\n", crlf + 2)
    wide = [m.start() for m in _NOT_ASCII.finditer(text)]
    joining = [wide[m.start()] for m in _JOINS.finditer("".join([text[i] for i in wide]))]
    done = 0  # the end of the last window read
    for at in joining:
        if at < done:
            continue  # in the run just read
        start, end = at, at + 1
        while start > 0 and not text[start - 1].isascii():
            start -= 1
        while end < len(text) and not text[end].isascii():
            end += 1
        pos = max(0, start - 1)
        done = min(len(text), end + 1)
        for cluster in _GRAPHEME.findall(text[pos:done]):
            found.extend(range(pos + 1, pos + len(cluster)))
            pos += len(cluster)
    found.sort()
    return tuple(found)


@lru_cache(maxsize=256)
def measure(text: str, platform: str) -> int:
    """The length the platform itself would report for `text` (cached: a check measures the
    same draft more than once, for the report and for the suggested version)."""
    if platform == "x":
        return x_weighted_length(text)
    if platform == "bluesky":
        if one_cluster_a_character(text):
            return len(text) - text.count("\r\n")
        return len(text) - len(_continuations(text))
    return len(text)


def fitting_prefix(text: str, platform: str, limit: int | None = None) -> int:
    """How many characters from the start fit the platform's limit (or `limit`), measuring the
    text once: by arithmetic, or a walk over X's URLs and emoji (a binary search on `measure`
    only for X text that NFC or Windows line breaks would change)."""
    limit = LIMITS[platform] if limit is None else limit
    if platform not in UNITS:  # counted in characters
        return min(limit, len(text))
    if platform == "bluesky":
        if "\r" not in text and one_cluster_a_character(text):
            return min(limit, len(text))  # one grapheme per code point
        # Where the cluster after the first `limit` starts: the `limit`th character that opens one.
        start = limit
        for carried in _continuations(text):
            if carried > start:
                break
            start += 1
        return min(start, len(text))
    walked = _x_fitting_prefix(text, limit)
    if walked is not None:
        return walked
    if measure(text, platform) <= limit:
        return len(text)
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if measure(text[:mid], platform) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def x_stretch_weights(text: str, stretches: list[tuple[int, int]]) -> list[int | None]:
    """X's count of each stretch `text[a:b]`, as `measure` gives it alone, read from the links and
    emoji of the whole text (found once, and cached) where that is sure to be the same; None where
    it may not be (then measure the stretch).

    It is sure when the text is NFC with no CR and the stretch is bounded by ASCII white space or
    the text's ends (no link or emoji reaches across such a space, and NFC changes neither side of
    one), and, unless it opens the text, its first word could hold no link (alone, that word reads
    its links with no character before it). Plain ASCII is measured quickly anyway: None."""
    if text.isascii() or "\r" in text or not _is_nfc(text):
        return [None] * len(stretches)
    entities = _x_entities(text)
    starts = [start for start, _end, _weight in entities]
    weights: list[int | None] = []
    for a, b in stretches:
        if ((a and (text[a - 1] not in _ASCII_SPACE or may_hold_url(text[a:_NON_SPACE_RUN.match(text, a).end()])))
                or (b < len(text) and text[b] not in _ASCII_SPACE)):
            weights.append(None)
            continue
        total = _plain_weight(text[a:b])
        i = bisect_left(starts, a)
        while i < len(entities) and entities[i][0] < b:
            start, end, weight = entities[i]
            total += weight - _plain_weight(text[start:end])
            i += 1
        weights.append(total // _X["scale"])
    return weights


_ASCII_SPACE = frozenset(" \t\n\x0b\x0c")


def fits_by_walk(text: str, platform: str) -> bool:
    """Whether `fitting_prefix(text, platform, n)` is exact for every prefix that ends before a
    space or at the text's end: such a prefix measures at most `n` (by `measure`, alone) exactly
    when it is no longer than what `fitting_prefix` gives. On a platform that counts characters,
    always; on X, when the text is NFC with no CR, for then it is read by one walk over its links
    and emoji, none of which reaches across a space, and NFC changes neither side of one. Not on
    Bluesky, where a mark after a space joins it into one character."""
    if platform not in UNITS:
        return True
    return platform == "x" and "\r" not in text and _is_nfc(text)


def reply_mentions_end(text: str, platform: str) -> int:
    """Where the @names opening an X reply end, with the white space after them (0 when the text
    opens with none, or the platform is not X): X does not count them."""
    if platform != "x" or not text[:64].lstrip().startswith("@"):
        return 0
    found = _REPLY_MENTIONS.match(text)
    return found.end() if found else 0


def counted(text: str, platform: str) -> int:
    """The length the platform counts against its limit: `measure`, less an X reply's leading
    @names."""
    start = reply_mentions_end(text, platform)
    return measure(text[start:] if start else text, platform)


def counted_fitting_prefix(text: str, platform: str, limit: int | None = None) -> int:
    """`fitting_prefix` for a whole draft: an X reply's leading @names take no room."""
    start = reply_mentions_end(text, platform)
    return start + fitting_prefix(text[start:], platform, limit) if start else fitting_prefix(text, platform, limit)


def length_info(text: str, platform: str) -> LengthInfo:
    count = counted(text, platform)
    limit = LIMITS[platform]
    return LengthInfo(count=count, limit=limit, unit=UNITS.get(platform, "characters"),
                      over_by=max(0, count - limit))

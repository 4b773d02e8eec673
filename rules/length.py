"""Counting a draft the way each platform counts it.

X weighs characters (twitter-text configuration v3: a URL is 23, an emoji 2, most CJK 2), Bluesky
counts grapheme clusters, the rest count Unicode code points. Counting it any other way gives
false alarms on multilingual and emoji-heavy posts, which is the quickest way to lose trust.
"""
from __future__ import annotations

import regex
import twitter_text

from .models import LengthInfo

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


def measure(text: str, platform: str) -> int:
    """The length the platform itself would report for `text`."""
    if platform == "x":
        # twitter-text-parser folds \r\n to \n before counting; the official library counts both.
        return twitter_text.parse_tweet(text).weightedLength + text.count("\r\n")
    if platform == "bluesky":
        return len(_GRAPHEME.findall(text))
    return len(text)


def length_info(text: str, platform: str) -> LengthInfo:
    count = measure(text, platform)
    limit = LIMITS[platform]
    return LengthInfo(count=count, limit=limit, unit=UNITS.get(platform, "characters"),
                      over_by=max(0, count - limit))


def fits(text: str, platform: str) -> bool:
    return measure(text, platform) <= LIMITS[platform]

"""Properties every report must have, whatever the draft: hypothesis feeds arbitrary Unicode.

Drafts mix arbitrary text with pieces that make rules fire (the packs' own phrases, phone
numbers, URLs, emoji, capitals, long runs for the length rules), so the offsets, edits and thread
splitting are exercised as well as the quiet path. Bounded so the suite stays fast.
"""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rules.length import LIMITS, UNITS, counted
from rules.models import ACCOUNTS, MAX_TEXT, PLATFORMS
from rules.packs import load_rules
from tests.conftest import CHARS, SHARED, text

SPECIAL = [
    "07700 900123", "+44 20 7946 0958", "0300 123 4567", "jo.bloggs@example.com", "SW1A 1AA", "12/03/1987",
    "ref CR-2024-001234", "https://www.example.gov.uk/bins/collections?day=monday&street=mill-lane",
    "www.example.com", "@USER", "#BinCollectionDay", "NHS", "A&E", "SEND", "YOU ARE WRONG", "!!!", "???",
    "🙄", "😡😡😡", "👍🏽", "👨‍👩‍👧", "🇬🇧", "中文字符", "한국어", "עברית", "مرحبا", "e\u0301", "\u200d", "\u200b", "\ufe0f",
    "\r\n", "\n\n", "\t", "  ", ".", "...", ",", "'", "’", "\"", "Cllr Smith", "Mill Lane", "I", "a",
]


def _fragments() -> list[str]:
    pieces: set[str] = set(SPECIAL)
    for rule in load_rules():
        pieces.update(rule.phrases[:3])
    dev = SHARED / "eval" / "dev.jsonl"
    if dev.exists():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                pieces.update(re.split(r"(?<=[.!?])\s+", case["text"]))
                if case.get("in_reply_to"):
                    pieces.add(case["in_reply_to"])
    return sorted(p for p in pieces if p)


FRAGMENTS = _fragments()
piece = st.one_of(st.sampled_from(FRAGMENTS), text(max_size=30), CHARS.map(str))
separator = st.sampled_from([" ", "", "\n", ". ", ", ", "  "])
short_draft = st.lists(st.tuples(piece, separator).map("".join), min_size=1, max_size=25).map("".join)
# A long word with no spaces, or many sentences: the thread splitter has to cope with both.
long_draft = st.one_of(
    st.tuples(st.sampled_from(FRAGMENTS), st.integers(2, 120)).map(lambda t: " ".join([t[0]] * t[1])),
    st.lists(st.sampled_from(FRAGMENTS), min_size=20, max_size=150).map(" ".join),
    text(min_size=250, max_size=1200),
    st.tuples(st.sampled_from(["a", "ж", "中", "😀", "https://example.com/"]), st.integers(100, 800))
      .map(lambda t: t[0] * t[1]),
)
draft = st.one_of(short_draft, short_draft, long_draft, text(min_size=1)).map(lambda t: t[:MAX_TEXT]).filter(
    lambda t: t.strip())
request = st.fixed_dictionaries(
    {"text": draft},
    optional={
        "platform": st.sampled_from(PLATFORMS),
        "account": st.sampled_from(ACCOUNTS),
        "pre_election": st.booleans(),
        "in_reply_to": st.one_of(st.none(), short_draft, text()),
        "id": st.one_of(text(max_size=10), st.integers()),
    },
)


def check_invariants(coach, req: dict) -> None:
    report = coach.check(req)
    text, platform = req["text"], req.get("platform", "x")
    assert report.id == req.get("id")

    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert f.excerpt == text[f.start:f.end], f
        assert f.message and f.suggestion and f.source, f

    severities = {f.severity for f in report.findings}
    expected = "do_not_post" if "block" in severities else "revise" if "warn" in severities else "ok"
    assert report.verdict == expected

    length = report.length
    assert length.limit == LIMITS[platform]
    assert length.unit == UNITS.get(platform, "characters")
    assert length.count == counted(text, platform)  # an X reply's opening @names are free
    assert length.over_by == max(0, length.count - length.limit)

    if report.thread is not None:
        assert report.thread, "a thread has parts"
        for part in report.thread:
            assert part.strip()
            assert counted(part, platform) <= LIMITS[platform], (len(report.thread), part)
    if length.over_by:
        # REPORT.md: over the limit, the suggestion fits or the thread holds parts that each fit.
        assert report.thread is not None or counted(report.suggested_text, platform) <= LIMITS[platform]

    # The wire form is plain JSON.
    json.dumps(report.to_json_dict(), ensure_ascii=False).encode("utf-8")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                                   HealthCheck.data_too_large])
@given(req=request)
@example(req={"text": "0"})
@example(req={"text": "\x00"})
@example(req={"text": "😀" * 400, "platform": "x"})
@example(req={"text": "e\u0301" * 400, "platform": "bluesky"})
@example(req={"text": "Call 07700 900123 " * 40, "account": "councillor", "in_reply_to": "You lot are useless"})
def test_every_report_keeps_the_contract(coach, req):
    check_invariants(coach, req)

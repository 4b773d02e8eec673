"""X's weighted length must agree with every case of twitter-text's own conformance suite."""
from __future__ import annotations

import json

import pytest

from rules.length import measure
from tests.conftest import SHARED

CASES = [json.loads(line) for line in
         (SHARED / "eval" / "x_length" / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_suite_is_there():
    assert len(CASES) == 36


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_weighted_length_matches_twitter_text(case, coach):
    count = measure(case["text"], "x")
    if "expect_weighted_length" in case:
        assert count == case["expect_weighted_length"]
    report = coach.check({"text": case["text"], "platform": "x"})
    assert report.length.count == count
    if case.get("expect_valid") is True:
        assert report.length.over_by == 0
    elif case.get("expect_valid") is False and count > 280:
        assert report.length.over_by == count - 280
        assert any(f.category == "length" for f in report.findings)


def test_windows_line_breaks_count_two_as_the_official_library_does():
    assert measure("a\r\nb", "x") == 4

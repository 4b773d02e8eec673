"""Each rule family fires where the guidance says it must, and stays quiet on near misses."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

# cases.yml, and further cases_*.yml files by family.
CASES = [case for path in sorted(Path(__file__).parent.glob("cases*.yml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
FLAGGING = {"warn", "block"}


def flagged(report) -> set[str]:
    cats = {f.category for f in report.findings if f.severity in FLAGGING}
    if report.route_to_dm:
        cats.add("dm")
    return cats & {"tone", "length", "conduct", "dm"}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_case(case, rules_coach):
    context = {k: case[k] for k in ("platform", "account", "pre_election", "in_reply_to") if k in case}
    report = rules_coach.check({"text": case["text"], **context})
    assert flagged(report) == set(case["flags"]), [(f.rule, f.excerpt) for f in report.findings]
    fired = {f.rule for f in report.findings}
    for rule in case.get("rules", []):
        assert rule in fired
    for rule in case.get("quiet", []):  # a near miss: this rule must not fire
        assert rule not in fired
    assert (report.verdict == "ok") == (not any(f.severity in FLAGGING for f in report.findings))

"""Fixtures for the rule types' tests: what one rule finds in a draft, on the rules alone."""
from __future__ import annotations

import pytest


@pytest.fixture
def found(rules_coach):
    """`found(text, rule, **context)`: the findings of that rule when the draft is checked."""
    def run(text: str, rule: str, **context):
        report = rules_coach.check({"text": text, **context})
        return [f for f in report.findings if f.rule == rule]
    return run

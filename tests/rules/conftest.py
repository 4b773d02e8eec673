"""Fixtures for the engine's tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from rules import Coach

RULES_ONLY = Path(__file__).resolve().parent / "rules_only"


@pytest.fixture(scope="session")
def rules_coach() -> Coach:
    """The coach with its trained signal switched off by a pack (tests/rules/rules_only/): the
    rules alone. The rule-family cases are checked this way, so a case pins a rule, and adding one
    never depends on retraining the model (the signal has its own tests, and its figures come from
    bench/real_cv.py)."""
    return Coach([RULES_ONLY])

"""Fixtures for the engine's tests."""
from __future__ import annotations

import pytest

from rules import Coach


@pytest.fixture(scope="session")
def rules_coach() -> Coach:
    """The coach with its trained signal switched off: the rules alone. The rule-family cases are
    checked this way, so a case pins a rule, and adding one never depends on retraining the model
    (the signal has its own tests, and its figures come from bench/real_cv.py)."""
    coach = Coach()
    dict(coach.nlp.pipeline)["checkpost_signal"].enabled = False
    return coach

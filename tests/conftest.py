"""Shared fixtures: one Coach for the whole run, as in production (building it is the slow part)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from rules import Coach  # noqa: E402


@pytest.fixture(scope="session")
def coach() -> Coach:
    return Coach()


@pytest.fixture
def check(coach: Coach):
    """check(text, **context) -> Report"""
    def run(text: str, **context):
        return coach.check({"text": text, **context})
    return run

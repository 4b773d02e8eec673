"""Shared fixtures: one Coach for the whole run, as in production (building it is the slow part)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from rules import Coach  # noqa: E402

# Text as a draft can arrive: any Unicode but lone surrogates, which no UTF-8 input can hold (a
# request carrying one is refused with a plain error: tests/test_cli.py).
CHARS = st.characters(exclude_categories=("Cs",))


def text(**bounds) -> st.SearchStrategy[str]:
    return st.text(alphabet=CHARS, **bounds)


@pytest.fixture(autouse=True)
def own_database(tmp_path, monkeypatch):
    """Each test's server gets its own SQLite file, never a checkpost.db in the working directory."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'checkpost.db'}")


@pytest.fixture(scope="session")
def coach() -> Coach:
    return Coach()


@pytest.fixture
def check(coach: Coach):
    """check(text, **context) -> Report"""
    def run(text: str, **context):
        return coach.check({"text": text, **context})
    return run

"""The built-in packs' literal clauses, worked out ahead of time.

Reading the packs' four hundred expressions for the literals their matches need
(`matcher.required_clauses`) was the slowest part of building a Coach that a one-off check
cannot skip: a tenth of a second of every `python app.py check`. The answer depends only on the
expression and on the reading's code, so it is kept here, as .pyc files keep compiled Python:
`python -m rules.write_clauses` writes `rules/data/clauses.json` for the packs that ship, and a test
holds every entry equal to what the reading gives now, so the file can be out of date only until
the tests run. An expression it does not hold (a team's own, or one just edited) is read as the
pack loads, as before.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .matcher import Clauses, required_clauses

TABLE = Path(__file__).resolve().parent / "data" / "clauses.json"


@lru_cache(maxsize=1)
def shipped() -> dict[str, Clauses]:
    """The clauses kept for the built-in packs' expressions (empty if the file is missing)."""
    try:
        raw = json.loads(TABLE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {source: None if clauses is None else tuple(frozenset(c) for c in clauses)
            for source, clauses in raw.items()}


def worked_out(sources: list[str]) -> dict[str, list[list[str]] | None]:
    """The table for these expressions as the file holds it (sorted, so that it diffs well)."""
    table: dict[str, list[list[str]] | None] = {}
    for source in sorted(set(sources)):
        clauses = required_clauses(source)
        table[source] = None if clauses is None else [sorted(c) for c in clauses]
    return table


def shipped_sources() -> list[str]:
    """Every expression the built-in packs run through the matcher."""
    from .packs import load_registry  # here, not at the top: packs needs nothing of this module

    return [source for rule in load_registry().rules.values() for source in rule.regex]

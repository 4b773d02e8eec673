"""The built-in packs' clauses kept in rules/data/clauses.json (rules/clauses.py says why) are
exactly what the matcher's reading gives now, so the file cannot quietly go out of date."""
from __future__ import annotations

import json

from rules import clauses
from rules.matcher import Matcher, required_clauses


def test_the_kept_clauses_are_what_the_reading_gives_now():
    kept = json.loads(clauses.TABLE.read_text(encoding="utf-8"))
    assert kept == clauses.worked_out(clauses.shipped_sources()), (
        "rules/data/clauses.json is out of date: run `python -m rules.write_clauses`")


def test_every_shipped_expression_is_kept():
    assert set(clauses.shipped_sources()) <= set(clauses.shipped())


def test_an_expression_not_kept_is_read_as_it_loads():
    source = r"\bteam-only phrase\b"
    assert source not in clauses.shipped()
    matcher = Matcher([source], known=clauses.shipped())
    assert matcher.candidates("nothing here") == set()
    assert matcher.candidates("a Team-only phrase here") == {source}
    assert required_clauses(source) is not None


def test_kept_clauses_are_used_rather_than_read_again(monkeypatch):
    import rules.matcher as matcher_module

    monkeypatch.setattr(matcher_module, "required_clauses", lambda source: (frozenset({"sentinel"}),))
    source = next(src for src, kept in clauses.shipped().items() if kept is not None)
    matcher = Matcher([source], known=clauses.shipped())
    assert matcher.index.literals and "sentinel" not in matcher.index.literals
    assert "sentinel" in Matcher([source]).index.literals  # the stand-in is what reading gives

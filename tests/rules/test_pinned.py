"""Every rule is pinned: a case fires it and a near miss does not, so deleting a rule fails a test.

Rule ids come from the one registry, which holds the pattern rules and the computed ones alike
(rules/packs/computed.yml). The cases are in tests/rules/cases*.yml: `rules:` lists what a case must fire, `quiet:` what a near
miss must not (test_rule_families.py checks both). The two trained-signal ids are pinned in
test_signal.py instead, since the rule-family cases run on the rules alone.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from rules.packs import load_registry

CASES = [case for path in sorted(Path(__file__).parent.glob("cases*.yml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
SIGNALS = {"tone.signal", "conduct.signal"}  # test_signal.py: fires, near miss and all


def all_rule_ids() -> set[str]:
    return {rule.id for rule in load_registry().enabled()}


def test_the_rule_ids_are_found():
    ids = all_rule_ids()
    assert {"dm.phone_number", "tone.shouting", "tone.exclamation", "length.over_limit",
            "clarity.long_sentence", "accessibility.hashtag_case", "tone.signal"} <= ids
    assert len(ids) > 80


def test_every_rule_has_a_case_that_fires_it():
    fired = {rule for case in CASES for rule in case.get("rules", [])}
    assert sorted(all_rule_ids() - SIGNALS - fired) == []


def test_every_rule_has_a_near_miss_that_does_not():
    quiet = {rule for case in CASES for rule in case.get("quiet", [])}
    assert sorted(all_rule_ids() - SIGNALS - quiet) == []


def test_every_case_names_rules_that_exist():
    ids = all_rule_ids()
    named = {rule for case in CASES for rule in case.get("rules", []) + case.get("quiet", [])}
    assert sorted(named - ids) == []


def test_every_flagged_case_names_the_rules_it_expects():
    unnamed = [case["text"] for case in CASES if case["flags"] and not case.get("rules")]
    assert unnamed == []

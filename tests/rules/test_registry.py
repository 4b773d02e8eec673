"""One registry of rules: every rule, YAML or computed, can be switched off by a pack or by a team's
policy, and nothing a switched-off rule computes reaches the report."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from rules import Coach
from rules.engine import TEAM_CACHE
from rules.packs import CONDITIONS, PackError, load_registry
from rules.policy import Policy
from tests.conftest import SHARED

REGISTRY = load_registry()
CONTEXT = ("platform", "account", "pre_election", "in_reply_to")


def _requests() -> list[dict]:
    """Every dev-set draft and every test case, as requests."""
    dev = [json.loads(line) for line in (SHARED / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    cases = [c for path in sorted((Path(__file__).parent).glob("cases*.yml"))
             for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return [{"text": c["text"], **{k: c[k] for k in CONTEXT if c.get(k) is not None}} for c in [*dev, *cases]]


@pytest.fixture(scope="module")
def firing(coach) -> dict[str, list[dict]]:
    """For each rule id, the dev-set drafts and test cases that fire it (today)."""
    fired: dict[str, list[dict]] = {}
    for request in _requests():
        for rule in {f.rule for f in coach.check(request).findings}:
            fired.setdefault(rule, []).append(request)
    return fired


def test_every_rule_is_in_the_registry_with_its_words():
    ids = set(REGISTRY.rules)
    computed = {r.id for r in REGISTRY.rules.values() if r.type != "pattern"}
    assert {"dm.phone_number", "tone.shouting", "tone.exclamation", "clarity.long_sentence",
            "length.over_limit", "tone.signal", "conduct.signal", "accessibility.link_only"} <= computed
    assert len(ids) > 90
    for rule in REGISTRY.rules.values():
        assert rule.category and rule.message and rule.suggestion and rule.source


def test_most_rules_fire_somewhere(firing):
    """The walks below are only as good as the cases that fire each rule (83 of 96 today; cases
    for the rest are issue 12's)."""
    assert len(set(firing) & set(REGISTRY.rules)) >= 0.85 * len(REGISTRY.rules)
    assert set(firing) <= set(REGISTRY.rules)


def test_a_policy_switches_off_every_rule_on_every_case_that_fires_it(coach, firing):
    for rule_id in sorted(REGISTRY.rules):
        policy = Policy(disabled_rules=frozenset({rule_id}))
        for request in firing.get(rule_id, []):
            report = coach.check(request, policy)
            assert rule_id not in {f.rule for f in report.findings}, (rule_id, request["text"])


@pytest.mark.parametrize("rule_id", sorted(REGISTRY.rules))
def test_a_pack_of_one_disabled_entry_switches_off_each_rule(rule_id, firing, tmp_path):
    (tmp_path / "off.yml").write_text(f"rules:\n  - id: {rule_id}\n    enabled: false\n", encoding="utf-8")
    coach = Coach([tmp_path])
    assert coach.registry.meta(rule_id) is None
    for request in firing.get(rule_id, []):
        assert rule_id not in {f.rule for f in coach.check(request).findings}, request["text"]


def test_a_bare_list_of_one_entry_is_a_pack(tmp_path):
    (tmp_path / "off.yml").write_text("- id: tone.shouting\n  enabled: false\n", encoding="utf-8")
    assert Coach([tmp_path]).check({"text": "We did NOT close it."}).findings == []  # nor the signal in its place


def test_a_pack_changes_a_computed_rules_words(tmp_path):
    (tmp_path / "soft.yml").write_text(
        "rules:\n  - id: dm.phone_number\n    severity: warn\n    message: Take the number out.\n", encoding="utf-8")
    coach = Coach([tmp_path])
    report = coach.check({"text": "Ring me on 07700 900123 tonight", "in_reply_to": "bins?"})
    [phone] = [f for f in report.findings if f.rule == "dm.phone_number"]
    assert (phone.severity, phone.message) == ("warn", "Take the number out.")
    assert phone.source == REGISTRY.rules["dm.phone_number"].source  # the rest is kept


def test_a_pack_replaces_a_computed_rule_with_a_pattern_rule(tmp_path):
    (tmp_path / "caps.yml").write_text(
        "rules:\n  - id: tone.shouting\n    category: tone\n    message: No capitals.\n    suggestion: Lower case.\n"
        "    source: House style\n    phrases: [BINS DAY]\n", encoding="utf-8")
    coach = Coach([tmp_path])
    report = coach.check({"text": "We did NOT close it and it is BINS DAY"})
    shouting = [f for f in report.findings if f.rule == "tone.shouting"]
    assert [f.excerpt for f in shouting] == ["BINS DAY"]
    assert shouting[0].message == "No capitals."


def test_changing_an_unknown_rule_is_refused_by_name(tmp_path):
    (tmp_path / "typo.yml").write_text("rules:\n  - id: tone.shoutin\n    enabled: false\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"typo.yml: rule tone.shoutin: .*nothing to change"):
        Coach([tmp_path])


def test_old_condition_names_are_refused_with_the_new_name(tmp_path):
    (tmp_path / "old.yml").write_text(
        "rules:\n  - id: house.x\n    category: tone\n    message: m\n    suggestion: s\n    source: s\n"
        "    regex: ['\\bfoo\\b']\n    only_with: ['bar']\n", encoding="utf-8")
    with pytest.raises(PackError, match="'only_with' is now called 'only_if_in_sentence'"):
        Coach([tmp_path])


def test_conditions_say_where_they_look():
    assert set(CONDITIONS.values()) == {"sentence", "draft", "draft_or_post", "post"}
    for name, where in CONDITIONS.items():
        assert name.startswith(("only_if_in_", "unless_in_")) and name.endswith(where)


# --- a team's policy ------------------------------------------------------------------------------

def test_a_switched_off_rule_leaves_no_template_reply(coach):
    request = {"text": "Can you reply with your full address and date of birth please?",
               "in_reply_to": "My bins were missed again"}
    asked = coach.check(request)
    assert "dm.ask_for_details" in {f.rule for f in asked.findings}
    off = coach.check(request, Policy(disabled_rules=frozenset({"dm.ask_for_details"})))
    assert "dm.ask_for_details" not in {f.rule for f in off.findings}
    assert off.suggested_text != asked.suggested_text
    assert off.suggested_text == request["text"]


def test_a_switched_off_rule_leaves_no_edit(coach):
    request = {"text": "We did NOT close the library."}
    on = coach.check(request)
    assert on.suggested_text == "We did not close the library."
    off = coach.check(request, Policy(disabled_rules=frozenset({"tone.shouting"})))
    assert off.suggested_text == request["text"] and off.verdict == "ok"


def test_a_switched_off_sentence_rewrite_leaves_the_sentence(coach, firing):
    rewriters = [r.id for r in REGISTRY.enabled("pattern") if r.rewrite_sentence is not None]
    rewritten = 0
    for rule_id in rewriters:
        for request in firing.get(rule_id, [])[:3]:
            # another sentence first, so that dropping or rewriting the rule's own leaves a draft
            request = {**request, "text": "The meeting is on Monday at the town hall. " + request["text"]}
            alone = coach.check(request, Policy(disabled_rules=frozenset(REGISTRY.rules) - {rule_id}))
            none = coach.check(request, Policy(disabled_rules=frozenset(REGISTRY.rules)))
            assert none.findings == [] and none.verdict == "ok" and none.suggested_text == request["text"]
            if any(f.rule == rule_id for f in alone.findings) and alone.suggested_text != request["text"]:
                rewritten += 1  # the rule's rewrite shows when it is on, and nothing of it when off
    assert rewritten >= 3


def test_a_switched_off_rule_does_not_bring_the_signal_in_unless_asked(coach, firing):
    """Switching off every rule that fires leaves the trained signal quiet; with
    signal_where_disabled it may then speak for the words the rules no longer cover."""
    spoke = 0
    for request in firing.get("tone.insult", []):
        fired = {f.rule for f in coach.check(request).findings} - {"tone.signal", "conduct.signal"}
        quiet = coach.check(request, Policy(disabled_rules=frozenset(fired)))
        assert not {f.rule for f in quiet.findings} & {"tone.signal", "conduct.signal"}
        asked = coach.check(request, Policy(disabled_rules=frozenset(fired), signal_where_disabled=True))
        spoke += any(f.rule == "tone.signal" for f in asked.findings)
    assert spoke >= 1


def test_allowed_phrases_drop_findings_inside_them(coach):
    request = {"text": "Thanks for coming to the Bloody Oaks Quarry open day!"}
    assert any(f.excerpt.lower() == "bloody" for f in coach.check(request).findings)
    allowed = coach.check(request, Policy(allowed_phrases=("bloody oaks quarry",)))
    assert not any(f.excerpt.lower() == "bloody" for f in allowed.findings)
    # only inside the phrase: the same word elsewhere is still found
    twice = coach.check({"text": "Bloody Oaks Quarry is open, bloody finally."},
                        Policy(allowed_phrases=("Bloody Oaks Quarry",)))
    assert {f.start for f in twice.findings if f.excerpt.lower() == "bloody"} == {28}


TEAM_RULE = {"id": "team.ward", "category": "clarity", "severity": "info", "message": "Write the ward in full.",
             "suggestion": "Northgate ward", "source": "House style", "phrases": ["N'gate"], "replace": "Northgate"}


def test_a_teams_extra_rules_are_found_and_fixed(coach):
    report = coach.check({"text": "Litter pick in N'gate on Saturday."}, Policy(extra_rules=(TEAM_RULE,)))
    assert [f.rule for f in report.findings] == ["team.ward"]
    assert report.suggested_text == "Litter pick in Northgate on Saturday."
    assert coach.check({"text": "Litter pick in N'gate on Saturday."}).findings == []


def test_a_teams_rule_of_a_built_in_id_replaces_it(coach):
    ours = {**TEAM_RULE, "id": "tone.shouting", "category": "tone", "severity": "warn", "phrases": ["shouty"],
            "replace": None}
    report = coach.check({"text": "We did NOT close it, shouty."}, Policy(extra_rules=(ours,)))
    assert [(f.rule, f.excerpt) for f in report.findings] == [("tone.shouting", "shouty")]


def test_a_teams_entry_can_switch_off_or_reword_a_built_in_rule(coach):
    off = coach.check({"text": "We did NOT close it."}, Policy(extra_rules=({"id": "tone.shouting", "enabled": False},)))
    assert off.findings == []
    softer = coach.check({"text": "We did NOT close it."},
                         Policy(extra_rules=({"id": "tone.shouting", "severity": "info"},)))
    assert [f.severity for f in softer.findings if f.rule == "tone.shouting"] == ["info"]


def test_a_teams_rules_compile_once_per_version_in_a_bounded_cache(monkeypatch):
    coach = Coach()
    built = []
    real = coach._compile
    monkeypatch.setattr(coach, "_compile", lambda policy: built.append(policy.version) or real(policy))
    policy = Policy(extra_rules=(TEAM_RULE,))
    for _ in range(3):
        coach.check({"text": "In N'gate"}, Policy(extra_rules=(dict(TEAM_RULE),)))
    assert built == [policy.version]
    for n in range(TEAM_CACHE + 5):
        coach.compile_policy(Policy(allowed_phrases=(f"phrase {n}",)))
    assert len(coach._teams) == TEAM_CACHE


def test_a_bad_team_rule_is_refused_by_name(coach):
    with pytest.raises(PackError, match="team.bad"):
        coach.compile_policy(Policy(extra_rules=({"id": "team.bad", "category": "tone", "regex": ["("]},)))


def test_nlp_of_text_is_a_full_check(coach):
    doc = coach.nlp("We did NOT close the library!!!")
    report = doc._.report
    assert report == coach.check({"text": "We did NOT close the library!!!"})
    assert {f.rule for f in report.findings} == {"tone.shouting", "tone.exclamation"}


def test_the_template_names_are_defined_once():
    from rules.packs import TEMPLATES
    from rules.rewrite import load_wording

    assert set(load_wording().templates) == set(TEMPLATES)


def test_every_shipped_expression_compiles():
    """The built-in packs are not compiled as they load (that was most of a cold start), so this
    test is what stops a shipped pack with an expression that does not compile."""
    for rule in REGISTRY.rules.values():
        for field in ("regex", *CONDITIONS):
            for source in getattr(rule, field):
                re.compile(source)  # raises re.error, naming the expression


def test_a_teams_pack_is_still_compiled_as_it_loads(tmp_path):
    (tmp_path / "team.yml").write_text(
        "rules:\n  - id: team.bad\n    category: tone\n    message: m\n    source: s\n    regex: ['(unclosed']\n",
        encoding="utf-8")
    with pytest.raises(PackError, match="does not compile"):
        load_registry([tmp_path])


def test_compile_all_leaves_nothing_to_compile_during_a_check(monkeypatch):
    """A server compiles every expression before it takes work; after that a check compiles none."""
    coach = Coach()
    coach.compile_all()
    compiled: list[str] = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *a, **k: compiled.append(a[0]) or real(*a, **k))
    for request in _requests()[:300]:
        coach.check(request)
    assert compiled == []

"""The policy's version: the key every worker caches a team's compiled rules by."""
from __future__ import annotations

import pickle

from rules.policy import DEFAULT_POLICY, Policy


def test_equal_policies_share_a_version_and_any_change_gives_a_new_one():
    one = Policy(disabled_rules=frozenset({"tone.shouting", "tone.exclamation"}))
    same = Policy(disabled_rules=frozenset({"tone.exclamation", "tone.shouting"}))
    assert one.version == same.version != DEFAULT_POLICY.version
    assert Policy(allowed_phrases=("Twatt",)).version != DEFAULT_POLICY.version


def test_a_copy_with_a_change_never_keeps_the_old_version():
    """model_copy copies what an instance has cached, so the version must not be cached on it."""
    policy = Policy(disabled_rules=frozenset({"tone.shouting"}))
    before = policy.version
    changed = policy.model_copy(update={"disabled_rules": frozenset({"tone.exclamation"})})
    assert changed.version == Policy(disabled_rules=frozenset({"tone.exclamation"})).version != before


def test_a_policy_crosses_to_a_worker_process_intact():
    policy = Policy(extra_rules=({"id": "team.no_jargon", "phrases": ["going forward"]},))
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert pickle.loads(pickle.dumps(policy)).version == policy.version

"""The literal gate may only make checks faster: with it or without it, the findings are equal."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.gate import Gate, LiteralIndex, gate_text, required_clauses, required_literals
from rules.packs import load_rules

RULES = load_rules()
# Words from the rules' own expressions, so random drafts often come close to matching them.
VOCAB = sorted({w for r in RULES for src in r.regex for w in re.findall(r"[a-z']{3,}", src)})
WORDS = st.one_of(st.sampled_from(VOCAB), st.sampled_from(["you", "are", "a", "the", "I", "will", "be", "Cllr",
                                                            "Mr", "Labour", "*", "f**k", "😂", "🙄", "!!", "."]),
                  st.text(max_size=6))
DRAFTS = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)


@given(text=DRAFTS)
@settings(max_examples=200, deadline=None)
def test_every_expression_that_matches_passes_its_gate(text):
    lowered = gate_text(text)
    for rule in RULES:
        for source in rule.regex:
            clauses = required_clauses(source)
            if clauses is not None and re.search(source, text, re.I):
                for needs in clauses:
                    assert any(n in lowered for n in needs), (rule.id, source, needs)


@given(text=DRAFTS)
@settings(max_examples=80, deadline=None)
def test_findings_are_the_same_with_and_without_the_gate(text, coach):
    patterns = coach.nlp.get_pipe("checkpost_patterns")
    gated = coach.check({"text": text, "in_reply_to": "you lot are clowns"}) if text.strip() else None
    patterns.use_gate = False
    try:
        plain = coach.check({"text": text, "in_reply_to": "you lot are clowns"}) if text.strip() else None
    finally:
        patterns.use_gate = True
    assert gated == plain


def test_literal_index_finds_overlapping_and_prefix_literals():
    index = LiteralIndex({"scum", "scumbag", "bag", "mu", "muppet"})
    assert index.present("you scumbag muppets") == {"scum", "scumbag", "bag", "mu", "muppet"}


def test_required_literals_reads_alternations_and_small_classes():
    assert required_literals(r"\b(?:idiots?|morons?)\b") == {"idiot", "moron"}
    assert required_literals(r"\bn[i1*]gg") == {"nigg", "n1gg", "n*gg"}
    assert required_literals(r"\b(?:do|is) it\b") is None  # too common to be worth a gate


def test_required_clauses_keep_every_selective_part_of_a_sequence():
    clauses = required_clauses(r"\b(?:that|this)(?:'s| is)? (?:gonna|going to) (?:work|help)\b")
    # re's parser factors "gonna|going to" into "go(?:nna|ing to)", hence the shorter strings.
    assert set(clauses) == {frozenset({"nna", "ing to"}), frozenset({"work", "help"})}


def test_the_gate_passes_an_expression_only_when_every_clause_is_met():
    source = r"\b(?:gonna|going to) (?:work|help)\b"
    gate = Gate({source: required_clauses(source), r"\bfyi\b|x": None})
    assert source in gate.passing("That is going to help.")
    assert source not in gate.passing("That is going to the tip.")  # "work" and "help" are missing
    assert source not in gate.passing("We work hard to help.")  # "going to" is missing
    assert r"\bfyi\b|x" in gate.passing("anything")  # an expression it cannot read always runs

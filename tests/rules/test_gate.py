"""The literal gate may only make checks faster: with it or without it, the findings are equal."""
from __future__ import annotations

import json
import re


from hypothesis import given, settings
from hypothesis import strategies as st

from rules.components.base import straighten
from rules.components.personal_data import (_ADDRESS, _BORN, _DATE, _POSTCODE, _REF_AFTER_WORD,
                                           _REF_AFTER_WORD_LOWERED, _REF_SHAPE)
from rules.gate import (Gate, LiteralIndex, case_free, gate_text, lowered_pattern, required_clauses, spaced,
                        with_first_chars)
from tests.conftest import SHARED, text
from rules.components.context import load_markers
from rules.packs import load_rules

RULES = load_rules()
HOSTILE = load_markers()
DEV = SHARED / "eval" / "dev.jsonl"  # the signs of an antagonistic post are gated the same way
# Words from the rules' own expressions, so random drafts often come close to matching them.
VOCAB = sorted({w for r in RULES for src in r.regex for w in re.findall(r"[a-z']{3,}", src)})
WORDS = st.one_of(st.sampled_from(VOCAB), st.sampled_from(["you", "are", "a", "the", "I", "will", "be", "Cllr",
                                                            "Mr", "Labour", "*", "f**k", "😂", "🙄", "!!", ".",
                                                            "SHAME", "Idiot", "\u212aILL", "ſcum", "ıdiot", "İ", "ﬅ",
                                                            "ΣΑΣ", "’", "“", "0800 123 4567", "\x1f", "\x1c😂", "\n", "is\ta", "\u00a0",
                                                            "ZY-2291", "14 Zetland Road", "ZE1 0AB", "12/05/1984"]),
                  text(max_size=6))
DRAFTS = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)


@given(text=DRAFTS)
@settings(max_examples=200, deadline=None)
def test_every_expression_that_matches_passes_its_gate(text):
    lowered = spaced(gate_text(text))
    for rule_id, sources in [*((r.id, r.regex) for r in RULES), ("hostile post", HOSTILE)]:
        for source in sources:
            clauses = required_clauses(source)
            if clauses is not None and re.search(source, text, re.I):
                for needs in clauses:
                    assert any(n in lowered for n in needs), (rule_id, source, needs)


@given(text=DRAFTS)
@settings(max_examples=80, deadline=None)
def test_findings_are_the_same_with_and_without_the_gate_and_the_lowered_text(text, coach):
    patterns = coach.nlp.get_pipe("checkpost_patterns")
    gated = coach.check({"text": text, "in_reply_to": "you lot are clowns"}) if text.strip() else None
    patterns.use_gate = patterns.use_lowered = False
    try:
        plain = coach.check({"text": text, "in_reply_to": "you lot are clowns"}) if text.strip() else None
    finally:
        patterns.use_gate = patterns.use_lowered = True
    assert gated == plain


def test_every_case_free_expression_matches_the_same_on_lowered_text():
    """Over every labelled draft on disk and some awkward characters, span for span."""
    patterns = [(re.compile(src, re.I), lowered_pattern(src)) for r in RULES for src in r.regex if case_free(src)]
    assert len(patterns) > 100
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["YOU ARE AN IDIOT", "\u212aILL THEM", "ſhut up", "ıdiot", "Thanks for your EXPERT opinion 🙄"]
    for text in texts:
        plain = straighten(text)
        lowered = gate_text(plain)
        if len(lowered) != len(plain):
            continue
        for slow, fast in patterns:
            assert [m.span() for m in slow.finditer(plain)] == [m.span() for m in fast.finditer(lowered)], slow.pattern


EXPRESSIONS_AS_WRITTEN = [(src, re.I) for r in RULES for src in r.regex] + [
    (re.fullmatch(r"\(\?=\[[^\]]+\]\)\(\?:(.*)\)", pattern.pattern, re.S).group(1), pattern.flags)
    for pattern in (_ADDRESS, _POSTCODE, _DATE, _BORN, _REF_SHAPE)]  # each without its lookahead


# Each expression beside itself behind its lookahead, compiled once for every example.
AS_WRITTEN_PAIRS = [(re.compile(source, flags), re.compile(with_first_chars(source, fold=False), flags))
                    for source, flags in EXPRESSIONS_AS_WRITTEN]


def _same_matches_as_written(text: str) -> None:
    for plain, ahead in AS_WRITTEN_PAIRS:
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in ahead.finditer(text)], plain.pattern


@given(text=DRAFTS)
@settings(max_examples=150, deadline=None)
def test_a_lookahead_for_the_first_characters_as_written_changes_no_match(text):
    """Expressions run on the text itself (not lower-cased) get a lookahead read from the
    expression as written, ranges and digits included; with it or without, the same matches."""
    _same_matches_as_written(text)


def test_a_lookahead_as_written_changes_no_match_on_the_labelled_drafts():
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["at ZE1 0AB ok", "Flat 2 Zion House, Zeal Road", "ZZ-ABC-12345", "Born 3 May 1990, 12/05/1984",
              "ZY-22-9134 and ZX12345678", "Unit 9, Zeta Road \u0663\u0661/\u0660\u0665/1984"]
    for text in texts:
        _same_matches_as_written(text)


def test_first_characters_as_written_keep_case_ranges_and_digits():
    assert with_first_chars(r"\b(?:Flat|Unit)\s\d|\d{1,4} [A-Z]", fold=False) == (
        r"(?=[FU\d])(?:\b(?:Flat|Unit)\s\d|\d{1,4} [A-Z])")
    assert with_first_chars(r"\b[A-C]{2}\d", fold=False) == r"(?=[ABC])(?:\b[A-C]{2}\d)"
    # a group that turns IGNORECASE on may start with either case: no lookahead
    assert with_first_chars(r"(?i:find|visit) us", fold=False) == r"(?i:find|visit) us"
    assert with_first_chars(r"(?-i:[A-B])x", fold=False) == r"(?=[AB])(?:(?-i:[A-B])x)"
    assert with_first_chars(r"(?i)abc", fold=False) == r"(?i)abc"


def test_literal_index_finds_overlapping_and_prefix_literals():
    index = LiteralIndex({"scum", "scumbag", "bag", "mu", "muppet"})
    assert index.present("you scumbag muppets") == {"scum", "scumbag", "bag", "mu", "muppet"}


def test_required_clauses_read_alternations_and_small_classes():
    assert required_clauses(r"\b(?:idiots?|morons?)\b")[0] == {"idiot", "moron"}
    assert required_clauses(r"\bn[i1*]gg") == ({"nigg", "n1gg", "n*gg"},)
    assert required_clauses(r"\b(?:do|is)\b") is None  # too common to be worth a gate
    # re's parser turns "(?:for your information|fyi)" into "f(?:or your information|yi)".
    assert required_clauses(r"\b(?:for your information|fyi)\b") == ({"for your information", "fyi"},)
    assert required_clauses(r"\b(?:do|is) it\b") == ({"do it", "is it"},)


def test_required_clauses_keep_every_selective_part_of_a_sequence():
    clauses = required_clauses(r"\b(?:that|this)(?:'s| is)? (?:gonna|going to) (?:work|help)\b")
    # The run carries on through whole-literal groups and optional parts, so the first clause is
    # every way of spelling the whole phrase; re's parser factors "gonna|going to" into
    # "go(?:nna|ing to)", hence the shorter strings of the group on its own.
    assert clauses[0] == {f"{a}{b} {c} {d}" for a in ("that", "this") for b in ("'s", " is", "")
                          for c in ("gonna", "going to") for d in ("work", "help")}
    assert set(clauses[1:]) == {frozenset({"nna", "ing to"}), frozenset({"work", "help"})}


def test_required_clauses_read_optional_parts_lookaheads_and_white_space():
    assert required_clauses(r"\bcon ?m[ae]n\b") == ({"conman", "conmen", "con man", "con men"},)
    # "idiots" holds "idiot", so the shorter one is enough
    assert required_clauses(r"\b(?:idiots?|morons?)\b") == ({"idiot", "moron"},)
    # \s is a space in the gate's text, so a phrase runs on across it
    assert required_clauses(r"\bis\s+a\s(?:fraud|liar)")[0] == {" a fraud", " a liar"}
    assert required_clauses(r"\b(?=\w+ council\b)(?:\w+)")[0] == {" council"}
    # a run too wide to carry on goes on from the text its variants all end with
    sarcasm = r"\b(?:your|ur|yr|their|his|her|such) '(?:" + "|".join(f"w{i:02}" for i in range(40)) + ")'"
    assert {f" 'w{i:02}'" for i in range(40)} in required_clauses(sarcasm)


def test_the_gate_reads_any_white_space_as_a_space():
    source = r"\bis\s+a\s(?:fraud|liar)"
    gate = Gate({source: required_clauses(source)})
    for text in ("He is a liar", "He is\na\tliar", "He is\u00a0a\u2003fraud"):
        assert source in gate.passing(text) and re.search(source, text, re.I)
    assert spaced("a\nb\tc\u00a0d") == "a b c d"


def test_the_gate_passes_an_expression_only_when_every_clause_is_met():
    source = r"\b(?:gonna|going to) (?:work|help)\b"
    gate = Gate({source: required_clauses(source), r"\bfyi\b|x": None})
    assert source in gate.passing("That is going to help.")
    assert source not in gate.passing("That is going to the tip.")  # "work" and "help" are missing
    assert source not in gate.passing("We work hard to help.")  # "going to" is missing
    assert r"\bfyi\b|x" in gate.passing("anything")  # an expression it cannot read always runs


def test_case_free_refuses_what_lower_casing_would_change():
    assert case_free(r"\b(?:idiots?|morons?)\b")
    assert not case_free(r"(?-i:\bLabour\b)")
    assert not case_free(r"\bNHS\b")
    assert not case_free(r"[A-Z][a-z]+")
    assert not case_free(r"[^A]")
    assert not case_free(r"(a)\1")


def test_a_lookahead_for_the_first_characters_is_added_only_when_every_match_starts_with_one():
    assert lowered_pattern(r"\b(?:fraud|bribe[ds]?)\b").pattern == r"(?=[bf])(?:\b(?:fraud|bribe[ds]?)\b)"
    assert lowered_pattern(r"\b(?:a|)x").pattern == r"\b(?:a|)x"  # an empty alternative: no
    assert lowered_pattern(r"(?-i:Labour)") is None  # keeps IGNORECASE and its own case


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u212a\u017f\u0131\u0130"
REFERENCE_WORDS = st.one_of(
    st.sampled_from(["account", "ACCOUNT", "Ref", "reference", "case", "PCN", "claim no.", "NI", "ni", "is",
                     "number", ":", "#", "COMP-77214", "ab123456c", "AB123456C", "1234-5678", "pcn12345",
                     "NMC-HR-20931", "12345", "0-1"]),
    # letter codes and digits in every case, as references are written
    st.tuples(st.text(alphabet=_LETTERS, max_size=6), st.sampled_from(["", "-", " "]),
              st.text(alphabet="0123456789-", min_size=4, max_size=9),
              st.text(alphabet=_LETTERS, max_size=1)).map("".join))


@given(text=st.lists(REFERENCE_WORDS, min_size=1, max_size=12).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_the_lowered_reference_expression_matches_as_the_case_blind_one(text):
    """personal_data reads "account 1234-5678" on the lower-cased text, which must find the same."""
    lowered = gate_text(text)
    if len(lowered) == len(text):
        assert ([m.span("ref") for m in _REF_AFTER_WORD.finditer(text)]
                == [m.span("ref") for m in _REF_AFTER_WORD_LOWERED.finditer(lowered)])


def test_the_lowered_reference_expression_reads_every_letter():
    for text in ("account ZZ12345", "ref QZ-20931", "NI number: XY123456D", "case ſK-123456", "pcn Kx12345z"):
        assert ([m.span("ref") for m in _REF_AFTER_WORD.finditer(text)]
                == [m.span("ref") for m in _REF_AFTER_WORD_LOWERED.finditer(gate_text(text))] != []), text

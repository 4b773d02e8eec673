"""The matcher may only make checks faster: whatever its prefilter and shortcuts, every
expression finds exactly what `re` finds, for the built-in expressions and for generated ones."""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rules import Coach
from rules.components.base import straighten
from rules.components.context import load_markers
from rules.types.personal_data import _ADDRESS, _BORN, _DATE, _POSTCODE, _REF_SHAPE
from rules.matcher import (Expression, LiteralIndex, Matcher, case_free, case_sensitive_inside, fold_case,
                           folded_pattern, literal_led, opens_by_reading, parse, required_clauses, spaced, with_first_chars)
from rules.packs import CONDITIONS, load_rules
from tests.conftest import SHARED, text

RULES = load_rules()
HOSTILE = load_markers()
DEV = SHARED / "eval" / "dev.jsonl"  # the signs of an antagonistic post are gated the same way
# Words from the rules' own expressions, so random drafts often come close to matching them.
VOCAB = sorted({w for r in RULES for src in r.regex for w in re.findall(r"[a-z']{3,}", src)})
WORDS = st.one_of(st.sampled_from(VOCAB), st.sampled_from(["you", "are", "a", "the", "I", "will", "be", "Cllr",
                                                            "Mr", "Labour", "*", "f**k", "😂", "🙄", "!!", ".",
                                                            "SHAME", "Idiot", "\u212aILL", "ſcum", "ıdiot", "İ", "ﬅ",
                                                            "İDIOT", "ΣΑΣ", "’", "“", "0800 123 4567", "\x1f",
                                                            "\x1c😂", "\n", "is\ta", "\u00a0",
                                                            "ZY-2291", "14 Zetland Road", "ZE1 0AB", "12/05/1984"]),
                  text(max_size=6))
DRAFTS = st.lists(WORDS, min_size=1, max_size=25).map(" ".join)
BUILT_IN = sorted({src for r in RULES for src in r.regex} | set(HOSTILE))
MATCHER = Matcher(BUILT_IN)
PLAIN = {src: re.compile(src, re.I) for src in BUILT_IN}


def _same_as_re(matcher: Matcher, plain: dict[str, re.Pattern[str]], text: str) -> None:
    """Every expression: what `re` finds over the whole text, the matcher finds (an expression
    the prefilter passes over must have no match at all)."""
    folded = fold_case(text)
    assert len(folded) == len(text)
    passing = matcher.candidates(text, folded)
    for source, pattern in plain.items():
        expected = [m.span() for m in pattern.finditer(text)]
        found = [m.span() for m in matcher.finditer(source, text, folded)] if source in passing else []
        assert found == expected, (source, text)


@given(text=DRAFTS)
@settings(max_examples=200, deadline=None)
def test_every_built_in_expression_finds_what_re_finds(text):
    _same_as_re(MATCHER, PLAIN, straighten(text))


def test_every_built_in_expression_finds_what_re_finds_on_the_labelled_drafts():
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            _same_as_re(MATCHER, PLAIN, straighten(case["text"]))
            _same_as_re(MATCHER, PLAIN, straighten(case.get("in_reply_to") or "-"))


def test_every_case_free_expression_matches_the_same_on_lowered_text():
    """Over every labelled draft on disk and some awkward characters, span for span."""
    patterns = [(re.compile(src, re.I), folded_pattern(src)) for r in RULES for src in r.regex if case_free(src)]
    assert len(patterns) > 100
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["YOU ARE AN IDIOT", "\u212aILL THEM", "ſhut up", "ıdiot", "Thanks for your EXPERT opinion 🙄"]
    for text in texts:
        plain = straighten(text)
        lowered = fold_case(plain)
        for slow, fast in patterns:
            assert [m.span() for m in slow.finditer(plain)] == [m.span() for m in fast.finditer(lowered)], slow.pattern


EXPRESSIONS_AS_WRITTEN = [(src, re.I) for r in RULES for src in r.regex] + [
    (pattern.source, pattern.flags) for pattern in (_ADDRESS, _POSTCODE, _DATE, _BORN, _REF_SHAPE)]


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


def test_no_lookahead_is_added_where_the_expression_opens_by_reading_a_character():
    assert opens_by_reading(r"[A-Z](?<!\w[A-Z])x") and opens_by_reading(r"(\d(?<!\w\d)\d?)/") and opens_by_reading("ab")
    assert with_first_chars(r"[A-Z](?<!\w[A-Z])x", fold=False) == r"[A-Z](?<!\w[A-Z])x"
    for source in (r"\bab", r"(?:a|b)c", r"a?b", r"(?i:a)b", r"(?=a)a", ""):
        assert not opens_by_reading(source), source


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
    # every way of spelling the whole phrase (which holds every shorter part).
    assert clauses[0] == {f"{a}{b} {c} {d}" for a in ("that", "this") for b in ("'s", " is", "")
                          for c in ("gonna", "going to") for d in ("work", "help")}


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
    matcher = Matcher([source])
    for text in ("He is a liar", "He is\na\tliar", "He is\u00a0a\u2003fraud"):
        assert source in matcher.candidates(text) and re.search(source, text, re.I)
    assert spaced("a\nb\tc\u00a0d") == "a b c d"


def test_the_gate_passes_an_expression_only_when_every_clause_is_met():
    source = r"\b(?:gonna|going to) (?:work|help)\b"
    matcher = Matcher([source, r"(?x) fyi | x"])
    assert source in matcher.candidates("That is going to help.")
    assert source not in matcher.candidates("That is going to the tip.")  # "work" and "help" are missing
    assert source not in matcher.candidates("We work hard to help.")  # "going to" is missing
    assert r"(?x) fyi | x" in matcher.candidates("anything")  # an expression it cannot read always runs


def test_case_free_refuses_what_lower_casing_would_change():
    assert case_free(r"\b(?:idiots?|morons?)\b")
    assert not case_free(r"(?-i:\bLabour\b)")
    assert not case_free(r"\bNHS\b")
    assert not case_free(r"[A-Z][a-z]+")
    assert not case_free(r"[^A]")
    assert not case_free(r"(a)\1")


def test_a_lookahead_for_the_first_characters_is_added_only_when_every_match_starts_with_one():
    assert folded_pattern(r"\b(?:fraud|bribe[ds]?)\b").pattern == r"(?=[bf])(?:\b(?:fraud|bribe[ds]?)\b)"
    assert folded_pattern(r"\b(?:a|)x").pattern == r"\b(?:a|)x"  # an empty alternative: no
    assert folded_pattern(r"(?-i:Labour)") is None  # keeps IGNORECASE and its own case
    # on folded text (no IGNORECASE) a character with no case starts a match as written: an emoji
    assert folded_pattern(r"\b(?:thanks|ta)\b|👍|❤️").pattern == r"(?=[t❤👍])(?:\b(?:thanks|ta)\b|👍|❤️)"
    assert folded_pattern("\u0663|x").pattern == "(?=[x\u0663])(?:\u0663|x)"  # an Arabic-Indic digit


# --- generated expressions: what a team may write ------------------------------------------------

# Characters where case folding, white space and word characters are awkward for a prefilter.
_AWKWARD = ["a", "b", "k", "s", "i", "I", "K", "S", "x", "\u0130", "\u0131", "\u017f", "\u212a", "\u212b", "å",
            "é", "É", "ß", "ẞ", "σ", "ς", "Σ", "µ", "ǅ", " ", "\n", "\t", "\x1c", "\x85", "\u00a0", "1", "٣",
            ".", "-", "'", "😂", "_", "ﬅ", "ﬆ"]
_CLASSES = [r"\s", r"\S", r"\w", r"\W", r"\d", r"\D", ".", "[ab]", "[^a]", "[a-z]", "[A-Z]", "[0-9]",
            r"[^\S ]", "[kK]", "[ſs]", "[i-k]", r"[\w']", r"[^\W\d_]", "[!-/]", "[Z-a]"]
_ANCHORS = [r"\b", r"\B", "^", "$", r"\A", r"\Z"]


def _literal(ch: str) -> str:
    return re.escape(ch)


# Words of three letters or more, which the prefilter relies on, made of the awkward letters too.
_WORDS = st.text(alphabet=st.sampled_from(["a", "i", "k", "s", "t", "I", "K", "S", "\u0130", "\u0131", "\u017f",
                                            "\u212a", "ß", "é", " ", "\n", "-", "'", "😂"]), min_size=3, max_size=6)
_ATOMS = st.one_of(st.sampled_from(_AWKWARD).map(_literal), st.sampled_from(_CLASSES),
                   st.sampled_from(_ANCHORS), _WORDS.map(_literal), _WORDS.map(_literal),
                   st.sampled_from(["idiot", "you", "is a", "Istanbul", "İstanbul", "STRASSE", "straße"]).map(re.escape))


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        children.map(lambda x: f"({x})"),
        st.tuples(children, st.sampled_from(["?", "*", "+", "{1,2}", "{0,2}", "{2}", "{,2}", "+?", "??"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"),
        children.map(lambda x: f"(?={x})"),
        children.map(lambda x: f"(?!{x})"),
        st.sampled_from(_AWKWARD).map(lambda c: f"(?<={_literal(c)})"),
        children.map(lambda x: f"(?i:{x})"),
        children.map(lambda x: f"(?-i:{x})"),
        children.map(lambda x: f"(?P<g>{x})(?P=g)"),
    )


EXPRESSIONS = st.recursive(_ATOMS, _extend, max_leaves=8)
TEXTS = st.lists(st.sampled_from([*_AWKWARD, "A", "B", "T", "O", "N", "t", "o", "n", "d", "y", "u", "r", "e", "l",
                                   "STRASSE", "idiot", "Istanbul"]), max_size=16).map("".join)


def _compiles(source: str, flags: int) -> re.Pattern[str] | None:
    try:
        return re.compile(source, flags)
    except (re.error, OverflowError, RecursionError):
        return None


@given(source=EXPRESSIONS, flags=st.sampled_from([re.IGNORECASE, 0]), data=st.data())
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_the_prefilter_never_drops_a_match_re_finds_for_generated_expressions(source, flags, data):
    pattern = _compiles(source, flags)
    assume(pattern is not None)
    # A text that holds a match (when hypothesis can make one), inside other text.
    try:
        inner = data.draw(st.from_regex(pattern, fullmatch=False), label="matching")
    except Exception:  # noqa: BLE001 - from_regex does not know every construct
        inner = ""
    text = data.draw(TEXTS, label="before") + inner + data.draw(TEXTS, label="after")
    _same_as_re(Matcher([source], flags), {source: pattern}, text)


@given(source=EXPRESSIONS, flags=st.sampled_from([re.IGNORECASE, 0]), text=TEXTS)
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_the_shortcuts_change_no_match_for_generated_expressions(source, flags, text):
    pattern = _compiles(source, flags)
    assume(pattern is not None)
    ahead = re.compile(with_first_chars(source, fold=False), flags)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in ahead.finditer(text)]
    if flags and case_free(source):
        folded = re.compile(with_first_chars(source, fold=True))
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in folded.finditer(fold_case(text))]


@given(source=EXPRESSIONS, text=TEXTS, wrapped=st.booleans())
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_an_expression_all_in_a_case_sensitive_group_matches_the_same_compiled_without_the_flag(source, text, wrapped):
    """`(?-i:X)` under IGNORECASE is compiled as X without the flag (Expression.compiled)."""
    source = f"(?-i:{source})" if wrapped else source
    pattern = _compiles(source, re.IGNORECASE)
    assume(pattern is not None)
    expression = Expression(source, re.IGNORECASE)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in expression.finditer(text)]
    assert [m.groups() for m in pattern.finditer(text)] == [m.groups() for m in expression.finditer(text)]


# Every built-in expression and condition that is all one case-sensitive group.
CASE_SENSITIVE = [src for r in RULES for src in [*r.regex, *(r.compiled(field).source for field in CONDITIONS
                                                              if r.compiled(field) is not None)]
                  if case_sensitive_inside(src) is not None]


def _same_case_sensitive(text: str) -> None:
    for source in CASE_SENSITIVE:
        plain, expression = re.compile(source, re.I), Expression(source, re.I)
        assert expression.compiled.flags & re.I == 0
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in expression.finditer(text)], source


@given(text=DRAFTS)
@settings(max_examples=150, deadline=None)
def test_built_in_case_sensitive_expressions_match_the_same_without_the_flag(text):
    _same_case_sensitive(straighten(text))


def test_built_in_case_sensitive_expressions_match_the_same_on_the_labelled_drafts():
    assert len(CASE_SENSITIVE) >= 4  # the possessive-noun and bid rules (dm, conduct)
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            _same_case_sensitive(straighten(case["text"]))
            _same_case_sensitive(straighten(case.get("in_reply_to") or "-"))


def test_only_an_expression_wholly_in_one_case_sensitive_group_is_read_as_its_inside():
    assert case_sensitive_inside("(?-i:a|b)") == "a|b"
    assert case_sensitive_inside("(?-i:(a)b)") == "(a)b"
    for source in ("(?-i:a)(?-i:b)", "(?-i:a)(?#x)", "(?-i:a)|b", "(?-is:a)", "(?-i:a\\)", "(?-i:a)b)", "a(?-i:b)",
                   "(?-i:(?i)a)"):
        assert case_sensitive_inside(source) is None, source


@given(lead=st.text(alphabet=st.sampled_from(["a", "i", "s", "1", "_", " ", "'", "k"]), min_size=1, max_size=4),
       rest=EXPRESSIONS, text=TEXTS, pos=st.integers(0, 20))
@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_a_word_boundary_then_a_literal_read_as_a_literal_prefix_changes_no_match(lead, rest, text, pos):
    """`\\bLIT...` compiled without IGNORECASE (the folded route) runs as `LIT(?<!\\wLIT)...`."""
    source = "\\b" + lead + rest
    pattern = _compiles(source, 0)
    assume(pattern is not None)
    rewritten = literal_led(source)
    if rewritten is not None:
        led = re.compile(rewritten)
        text = "a" + text + " ".join([lead, text, lead]) + lead
        for at in (0, pos):
            assert [(m.span(), m.groups()) for m in pattern.finditer(text, at)] == [
                (m.span(), m.groups()) for m in led.finditer(text, at)], (source, rewritten)


def test_only_a_word_boundary_then_plain_characters_is_read_as_a_literal_prefix():
    assert literal_led(r"\buc\b") == r"uc(?<!\wuc)\b"
    assert literal_led(r"\bif you(?:'d| had)") == r"if you(?<!\wif you)(?:'d| had)"
    assert literal_led(r"\bhello?") == r"hell(?<!\whell)o?"  # the repeated letter stays out
    for source in (r"\b(?:a|b)", r"\ba{2}", r"\b my", r"\b'x", r"\b_x", r"uc\b", r"\B"):
        assert literal_led(source) is None, source
    assert folded_pattern(r"\bwhilst\b").pattern == r"whilst(?<!\wwhilst)\b"


# Every built-in condition, as the pattern rules search it, beside the plain case-insensitive search.
CONDITION_PAIRS = [(re.compile(r.compiled(field).source, re.I), r.compiled(field))
                   for r in RULES for field in CONDITIONS if r.compiled(field) is not None]


def _conditions_same_on_slices(text: str) -> None:
    """A condition searched in a stretch of the draft (a sentence) on that stretch of the draft's
    case folding finds what `re` finds in the stretch as written."""
    lowered = fold_case(text)
    assert len(lowered) == len(text)
    cuts = sorted({0, len(text), *(m.end() for m in re.finditer(r"[.!?]\s+|\s", text))})
    stretches = [(0, len(text)), *zip(cuts, cuts[1:]), *zip(cuts, cuts[2:]), (len(text) // 3, len(text))]
    for plain, expression in CONDITION_PAIRS:
        for start, end in stretches:
            assert (plain.search(text[start:end]) is not None) == (
                expression.search(text[start:end], folded=lowered[start:end]) is not None), (plain.pattern, start, end)


@given(text=DRAFTS)
@settings(max_examples=100, deadline=None)
def test_conditions_find_the_same_on_a_stretch_of_the_folded_draft(text):
    _conditions_same_on_slices(straighten(text))


def test_conditions_find_the_same_on_a_stretch_of_the_folded_labelled_drafts():
    assert len(CONDITION_PAIRS) > 20 and sum(e.folded is not None for _p, e in CONDITION_PAIRS) > 10
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["ΣΑΣ ΟΔΟΣ. ΟΔΟΣ", "ΟΔΟΣ send us a DM", "\u212aILL them. ſend us a DM. ıdiot"]
    for text in texts:
        _conditions_same_on_slices(straighten(text))


def test_a_teams_rule_with_a_letter_that_folds_oddly_still_matches(tmp_path):
    """Issue 12: `\\bİstanbul\\b` found "Our Istanbul office" without the gate and nothing with it."""
    (tmp_path / "city.yml").write_text(
        "rules:\n  - id: team.city\n    category: clarity\n    severity: info\n    message: m\n    suggestion: s\n"
        "    source: s\n    regex: ['\\bİstanbul\\b']\n", encoding="utf-8")
    coach = Coach([tmp_path])
    for text in ("Our Istanbul office", "Our İstanbul office", "OUR ISTANBUL OFFICE", "our ıstanbul office"):
        assert [f.rule for f in coach.check({"text": text}).findings if f.rule == "team.city"] == ["team.city"], text
    assert re.search(r"\bİstanbul\b", "Our Istanbul office", re.I)


def test_case_folding_is_one_character_for_one_and_covers_every_odd_fold():
    everything = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    # the only characters beyond ASCII that IGNORECASE matches to ASCII letters...
    odd = set(re.findall(r"(?i)[a-z]", everything))
    assert odd == {"\u0130", "\u0131", "\u017f", "\u212a"}
    # ...are folded to them, and folding never changes the length
    assert fold_case("".join(sorted(odd))) == "iisk"
    assert len(fold_case(everything)) == len(everything)


def test_the_reader_refuses_what_it_cannot_read_and_then_always_runs_it():
    for source in (r"(?x) a b", r"(a)?(?(1)b|c)", r"[[:alpha:]]"):
        assert required_clauses(source) is None
        assert source in Matcher([source]).candidates("nothing here")
    assert parse(r"\bidiot\b").node[0] == "seq"
    assert required_clauses(r"\bİstanbul\b") == ({"stanbul"},)  # the odd letter is not relied on

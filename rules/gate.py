"""A cheap gate in front of each rule's regular expression.

Running every rule's expression over every draft costs most of a check's time, yet almost every
draft contains none of the words a given rule needs. So, when a pack loads, each expression is
read (with the standard library's own parser) for the literal text that any match must contain:
a few clauses, each a set of strings of which one must appear, for example one of "gonna",
"going to" and then one of "work", "help". A draft that misses any clause, lower-cased, cannot
match, and the expression is skipped. When the parser's tree is too complex to be sure, the gate
says "always run": it can make a check faster, never change what it finds.

A run of literal text carries on through small classes, optional parts ("con ?m[ae]n" gives
"conman", "con man"...) and white space (the gate reads a copy of the draft with every white space
made a plain space, so `\\s` is a space); what a lookahead needs counts too. The longer the
literal, the fewer drafts pass for nothing.

All the clauses' strings are found in one pass by an Aho-Corasick automaton (pyahocorasick, in C),
which costs a few microseconds a draft where one trie-shaped regular expression cost twenty.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import ahocorasick

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MIN_LITERAL = 3
# Characters that re.IGNORECASE folds onto ASCII letters but str.lower() leaves alone.
_FOLDS = (("\u017f", "s"), ("\u212a", "k"), ("\u212b", "\u00e5"), ("\u0131", "i"), ("\u0130", "i"),
          ("\ufb05", "st"), ("\ufb06", "st"), ("\u1e9e", "ss"))


def gate_text(text: str) -> str:
    """The text the gate looks in: lower-cased, with re's special case folds applied."""
    lowered = text.lower()
    if not lowered.isascii():
        for char, fold in _FOLDS:
            if char in lowered:
                lowered = lowered.replace(char, fold)
    return lowered


MAX_CLAUSES = 4
_OTHER_SPACE = re.compile(r"[^\S ]")


def spaced(lowered: str) -> str:
    """`gate_text` with every white space a plain space, so that one literal (" is a ") stands
    for what `\\s` matches in an expression: a line break, a tab, a no-break space."""
    return _OTHER_SPACE.sub(" ", lowered) if _OTHER_SPACE.search(lowered) else lowered


def required_clauses(source: str) -> tuple[frozenset[str], ...] | None:
    """Clauses that every match satisfies (each: a set of lower-case strings, one of which it
    contains), the most selective first; None if unsure, and then the expression always runs."""
    items = _parsed(source)
    if items is None:
        return None  # an expression we cannot read is simply always run
    raw = dict.fromkeys(frozenset(c) for c in _candidates(items) if all(map(_selective, c)))
    found = list(dict.fromkeys(map(_minimal, raw)))
    if not found:
        return None
    found.sort(key=_score, reverse=True)
    return tuple(found[:MAX_CLAUSES])


@lru_cache(maxsize=4096)
def _parsed(source: str) -> list | None:
    """The parse tree's items, made once for each expression however many readings it gets.
    (Flags change how an expression is compiled, not how it parses, but for verbose mode, which
    no pack uses.)"""
    try:
        return list(P.parse(source, 0))
    except Exception:  # noqa: BLE001
        return None


def forget_parses() -> None:
    """Let the cached parse trees go once a pack is read: kept, they are many small objects for
    the garbage collector to walk for the rest of the process."""
    _parsed.cache_clear()


def _minimal(clause: frozenset[str]) -> frozenset[str]:
    """The clause without strings that hold another of its strings ("idiots" holds "idiot"):
    the shorter one is present whenever the longer is. (Wide clauses, made by multiplying out
    variants, rarely have such strings and would cost too long to search: kept as they are.)"""
    if len(clause) > _MAX_VARIANTS:
        return clause
    kept: list[str] = []
    for literal in sorted(clause, key=len):
        if not any(k in literal for k in kept):
            kept.append(literal)
    return frozenset(kept)


def _selective(literal: str) -> bool:
    """Long enough, or rare enough (an emoji), to be worth checking for first."""
    core = literal.strip(" '")
    if not _RARE.isdisjoint(core):
        return True  # "f*" or "**": asterisks are rare in ordinary drafts
    if len(core) == 2 and core[0].isdigit() and not core[1].isalnum():
        return True  # "1." or "2)": a number with its punctuation, as a list item opens
    return (len(core) >= MIN_LITERAL and core not in _COMMON) or not literal.isascii()


# Words so common that a gate on them lets almost every draft through.
_COMMON = frozenset("the you your and are for that this with have not our was were has its it's "
                    "but all can can't will from they them their what who how why".split())
_MAX_VARIANTS = 64
_RARE = frozenset("*@#~^|\\<>{}[]=+_?")


def _score(found: set[str]) -> tuple:
    return (all(_selective(x) for x in found), min(len(x.strip()) for x in found), -len(found))


def _sequence(items: list) -> set[str] | None:
    """Best required set for a sequence: a run of literals, or one required sub-item."""
    candidates = _candidates(items)
    if not candidates:
        return None
    # The most selective candidate: all selective first, then the longest shortest string.
    return max(candidates, key=_score)


def _candidates(items: list) -> list[set[str]]:
    """Every required set of a sequence: each run of literals, and each required sub-item.

    A run is kept as a set of variants, so that a small character class such as [i1*] in
    "n[i1*]gg" still gives required literals ("nigg", "n1gg", "n*gg").
    """
    candidates: list[set[str]] = []
    runs: set[str] = {""}

    def close() -> None:
        nonlocal runs
        if runs != {""}:
            candidates.append(set(runs))
        runs = {""}

    def fit(width: int) -> bool:
        """Whether the run can take `width` more variants; if not, the run is kept and a new one
        goes on from the literal text all its variants end with ("your '" and "ur '": " '")."""
        nonlocal runs
        if len(runs) * width <= _MAX_VARIANTS:
            return True
        tail = os.path.commonprefix([r[::-1] for r in runs])[::-1]
        close()
        runs = {tail}
        return width <= _MAX_VARIANTS

    for op, arg in _words(items):
        if op is _WORD:
            runs = {r + arg for r in runs}
            continue
        chars = _gate_chars(op, arg)
        if chars is None:
            chars = _optional(op, arg)
        if chars is not None and fit(len(chars)):
            runs = {r + c for r in runs for c in chars}
            continue
        if op is C.ASSERT:
            # A lookahead or lookbehind that must hold: what it needs is in the text too.
            close()
            candidates.extend(c for c in _candidates(list(arg[1])) if c)
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:
            inner = _gate_chars(*arg[2][0])
            if inner is not None and fit(len(inner)):
                # X+ : the run so far plus one X is certain; what follows starts after an X.
                runs = {r + c for r in runs for c in inner}
                close()
                runs = set(inner)
                continue
        spelled = _spelled(op, arg) if op in (C.SUBPATTERN, C.BRANCH) else None
        if spelled is not None and fit(len(spelled[0])):
            # "f(?:or your information|yi)": re's parser factors out shared prefixes, so the run
            # carries on through the group: "for your information" or "fyi".
            strings, whole = spelled
            runs = {r + s for r in runs for s in strings}
            sub = _item(op, arg)
            if sub:
                candidates.append(sub)
            if not whole:
                close()
            continue
        close()
        sub = _item(op, arg)
        if sub:
            candidates.append(sub)
    close()
    return candidates


_WORD = object()  # a run of plain characters, read as one item (loading is then quicker)


def _words(items: list):
    """The items with each run of plain characters joined into one (`_WORD`, lower-cased text)."""
    word: list[str] = []
    for op, arg in items:
        if op is C.LITERAL:
            word.append(chr(arg).lower())
            continue
        if word:
            yield _WORD, "".join(word)
            word = []
        yield op, arg
    if word:
        yield _WORD, "".join(word)


def _spelled(op, arg) -> tuple[set[str], bool] | None:
    """The literal strings a group's match starts with, and whether they are its whole match."""
    if op is C.SUBPATTERN:
        return _starts(list(arg[-1]))
    strings: set[str] = set()
    whole = True
    for branch in arg[1]:
        found = _starts(list(branch))
        if found is None:
            return None
        strings |= found[0]
        whole = whole and found[1]
    return (strings, whole) if len(strings) <= _MAX_VARIANTS else None


def _starts(items: list) -> tuple[set[str], bool] | None:
    out: set[str] = {""}
    for op, arg in items:
        chars = _gate_chars(op, arg)
        if chars is None:
            chars = _optional(op, arg)
        if chars is None and op in (C.SUBPATTERN, C.BRANCH):
            found = _spelled(op, arg)
            if found is None:
                return (out, False)
            chars, whole = found
            out = {o + c for o in out for c in chars}
            if len(out) > _MAX_VARIANTS:
                return None
            if not whole:
                return (out, False)
            continue
        if chars is None:
            return (out, False)
        out = {o + c for o in out for c in chars}
        if len(out) > _MAX_VARIANTS:
            return None
    return (out, True)


def _gate_chars(op, arg) -> set[str] | None:
    """As `_chars`, and `\\s` is a space: the gate looks in `spaced` text, where it is one."""
    if op is C.IN and len(arg) == 1 and arg[0] == (C.CATEGORY, C.CATEGORY_SPACE):
        return {" "}
    return _chars(op, arg)


def _optional(op, arg) -> set[str] | None:
    """What an optional item (`x?`, `(?:'re| are)?`) adds to a run: its strings, or nothing."""
    if op not in (C.MAX_REPEAT, C.MIN_REPEAT) or arg[0] != 0 or arg[1] != 1:
        return None
    body = list(arg[2])
    if len(body) == 1:
        chars = _gate_chars(*body[0])
        if chars is not None:
            return chars | {""}
    found = _starts(body)
    if found is None or not found[1]:
        return None
    return found[0] | {""}


def _chars(op, arg) -> set[str] | None:
    """The characters a single-character item can be, if it is a literal or a small class."""
    if op is C.LITERAL:
        return {chr(arg).lower()}
    if op is C.IN and len(arg) <= 4 and all(o is C.LITERAL for o, _ in arg):
        return {chr(a).lower() for _, a in arg}
    return None


def _item(op, arg) -> set[str] | None:
    if op is C.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            sub = _sequence(list(branch))
            if not sub:
                return None
            union |= sub
        return union
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    return None


class LiteralIndex:
    """Finds, in one pass, which of many literal strings occur in a text (overlaps included)."""

    def __init__(self, literals: set[str]) -> None:
        self.literals = frozenset(literals)
        self.automaton: ahocorasick.Automaton | None = None
        if literals:
            self.automaton = ahocorasick.Automaton()
            for literal in self.literals:
                self.automaton.add_word(literal, literal)
            self.automaton.make_automaton()

    def present(self, lowered: str) -> set[str]:
        if self.automaton is None:
            return set()
        return {literal for _end, literal in self.automaton.iter(lowered)}


class Gate:
    """Which of many expressions can match a text: those all of whose clauses it satisfies."""

    def __init__(self, clauses: dict[str, tuple[frozenset[str], ...] | None]) -> None:
        self.ungated = frozenset(src for src, needs in clauses.items() if needs is None)
        self.clauses = {src: needs for src, needs in clauses.items() if needs is not None}
        # An expression is looked at only when its first (most selective) clause is met; then
        # its other clauses are checked.
        self.by_literal: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for src, needs in self.clauses.items():
            for literal in needs[0]:
                self.by_literal.setdefault(literal, []).append((src, needs[1:]))
        self.first_literals = frozenset(self.by_literal)
        self.index = LiteralIndex({lit for needs in self.clauses.values() for clause in needs for lit in clause})

    def passing(self, text: str, lowered: str | None = None) -> set[str]:
        """The expressions that can match `text` (`lowered` is its `gate_text`, if made already)."""
        present = self.index.present(spaced(gate_text(text) if lowered is None else lowered))
        wanted = set(self.ungated)
        by_literal = self.by_literal
        for literal in present & self.first_literals:
            for src, rest in by_literal[literal]:
                if src in wanted:
                    continue
                for clause in rest:
                    if clause.isdisjoint(present):
                        break
                else:
                    wanted.add(src)
        return wanted


def case_free(source: str) -> bool:
    """Whether an expression can run on lower-cased text without IGNORECASE and match the same.

    True when it has no inline flags and no upper-case character among its literals and classes,
    so lower-casing the text changes nothing it can see but the case. Case-insensitive matching
    is the slow part of Python's regular expressions: on lower-cased text, without the flag,
    the same expression runs two to three times faster.
    """
    if "(?" in source.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace("(?<", ""):
        return False
    items = _parsed(source)
    return items is not None and _lower_only(items)


def _lower_only(items: list) -> bool:
    for op, arg in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            if chr(arg) != chr(arg).lower() or chr(arg).upper() == chr(arg) and chr(arg).isalpha():
                return False
        elif op is C.IN:
            for kind, value in arg:
                if kind is C.LITERAL and chr(value).lower() != chr(value):
                    return False
                if kind is C.RANGE and any(chr(c).lower() != chr(c) for c in range(value[0], value[1] + 1)):
                    return False
                if kind not in (C.LITERAL, C.RANGE, C.CATEGORY, C.NEGATE):
                    return False
        elif op is C.BRANCH:
            if not all(_lower_only(list(branch)) for branch in arg[1]):
                return False
        elif op is C.SUBPATTERN:
            if arg[1] or arg[2] or not _lower_only(list(arg[-1])):  # inline flags
                return False
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            if not _lower_only(list(arg[2])):
                return False
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if not _lower_only(list(arg[1])):
                return False
        elif op is getattr(C, "ATOMIC_GROUP", None):
            if not _lower_only(list(arg)):
                return False
        elif op not in (C.AT, C.ANY, C.CATEGORY):
            return False  # group references and the like: keep the flag
    return True


def lowered_pattern(source: str) -> re.Pattern[str] | None:
    """The expression compiled for lower-cased text, or None if it must keep IGNORECASE.

    An expression that opens with a word boundary stops Python's engine from skipping ahead to
    the characters a match can start with, so it tries every position. When every match starts
    with one of a few known characters, a lookahead for them is put in front: the same matches,
    found about a quarter faster.
    """
    if not case_free(source):
        return None
    return re.compile(with_first_chars(source))


def with_first_chars(source: str, fold: bool = True) -> str:
    """`source` behind a lookahead for the characters every match starts with, when the parse
    tree makes them plain; otherwise `source` as it is. The matches are the same.

    With `fold`, the characters are lower-cased, for an expression run on lower-cased text; without
    it they are kept as written (ranges such as A-Z and `\\d` included), for one run on the text
    itself. Under IGNORECASE the lookahead only widens, so it never refuses a match."""
    starts = None if _GLOBAL_FLAGS.match(source) else _first_chars(source, fold)
    if not starts:
        return source
    return "(?=[" + "".join(_class_atom(c) for c in sorted(starts)) + "])(?:" + source + ")"


def _class_atom(atom: str) -> str:
    return atom if atom == _DIGIT else re.escape(atom)


_DIGIT = "\\d"  # in a set of first characters: any decimal digit, as \d means it in the expression
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_MAX_FIRST = 64


def _first_chars(source: str, fold: bool = True) -> set[str] | None:
    """The characters every match of `source` starts with, if the parse tree makes that plain."""
    items = _parsed(source)
    return None if items is None else _first_of(items, fold)


# Zero-width items a match can open with; the character after them is still its first.
_OPENING_ASSERTIONS = (C.AT_BOUNDARY, C.AT_BEGINNING_STRING, C.AT_BEGINNING)


def _exact_chars(op, arg) -> set[str] | None:
    """The characters a single-character item can be, as written: literals, ranges and \\d."""
    if op is C.LITERAL:
        return {chr(arg)}
    if op is not C.IN:
        return None
    found: set[str] = set()
    for kind, value in arg:
        if kind is C.LITERAL:
            found.add(chr(value))
        elif kind is C.RANGE and value[1] - value[0] < _MAX_FIRST:
            found.update(chr(c) for c in range(value[0], value[1] + 1))
        elif kind is C.CATEGORY and value is C.CATEGORY_DIGIT:
            found.add(_DIGIT)
        else:
            return None
    return found if len(found) <= _MAX_FIRST else None


def _first_of(items: list, fold: bool = True) -> set[str] | None:
    """The first characters of a sequence: through opening assertions, groups, alternatives and
    repeats that must run at least once; None as soon as anything could be empty or is unclear."""
    while items and (items[0][0] is C.AT and items[0][1] in _OPENING_ASSERTIONS
                     or items[0][0] in (C.ASSERT, C.ASSERT_NOT)):
        items = items[1:]
    if not items:
        return None
    op, arg = items[0]
    chars = _chars(op, arg) if fold else _exact_chars(op, arg)
    if chars is not None:
        return chars
    if op is C.SUBPATTERN:
        # A group that changes flags: on lower-cased text its case may differ from the text's, so
        # it is not read; as written, one that only takes flags away (`(?-i:...)`) is.
        if arg[1] or (arg[2] and fold):
            return None
        return _first_of(list(arg[-1]), fold)
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            sub = _first_of(list(branch), fold)
            if sub is None:
                return None
            union |= sub
        return union if len(union) <= _MAX_FIRST else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
        return _first_of(list(arg[2]), fold)
    return None

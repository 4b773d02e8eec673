"""A cheap gate in front of each rule's regular expression.

Running every rule's expression over every draft costs most of a check's time, yet almost every
draft contains none of the words a given rule needs. So, when a pack loads, each expression is
read (with the standard library's own parser) for the literal text that any match must contain:
a few clauses, each a set of strings of which one must appear, for example one of "gonna",
"going to" and then one of "work", "help". A draft that misses any clause, lower-cased, cannot
match, and the expression is skipped. When the parser's tree is too complex to be sure, the gate
says "always run": it can make a check faster, never change what it finds.

All the clauses' strings are found in one pass by an Aho-Corasick automaton (pyahocorasick, in C),
which costs a few microseconds a draft where one trie-shaped regular expression cost twenty.
"""
from __future__ import annotations

import re

import ahocorasick

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

MIN_LITERAL = 3
# Characters that re.IGNORECASE folds onto ASCII letters but str.lower() leaves alone.
_FOLDS = str.maketrans({"\u017f": "s", "\u212a": "k", "\u212b": "\u00e5", "\u0131": "i", "\u0130": "i",
                        "\ufb05": "st", "\ufb06": "st", "\u1e9e": "ss"})


def gate_text(text: str) -> str:
    """The text the gate looks in: lower-cased, with re's special case folds applied."""
    return text.lower().translate(_FOLDS)


def required_literals(source: str, flags: int = re.I) -> frozenset[str] | None:
    """Lower-case strings of which every match must contain at least one, or None if unsure."""
    clauses = required_clauses(source, flags)
    return clauses[0] if clauses else None


MAX_CLAUSES = 3


def required_clauses(source: str, flags: int = re.I) -> tuple[frozenset[str], ...] | None:
    """Clauses that every match satisfies (each: a set of lower-case strings, one of which it
    contains), the most selective first; None if unsure, and then the expression always runs."""
    try:
        tree = P.parse(source, flags)
    except Exception:  # noqa: BLE001 - an expression we cannot read is simply always run
        return None
    found = [c for c in _candidates(list(tree)) if all(_selective(s) for s in c)]
    if not found:
        return None
    found.sort(key=_score, reverse=True)
    return tuple(frozenset(c) for c in found[:MAX_CLAUSES])


def _selective(literal: str) -> bool:
    """Long enough, or rare enough (an emoji), to be worth checking for first."""
    core = literal.strip(" '")
    if any(ch in _RARE for ch in core):
        return True  # "f*" or "**": asterisks are rare in ordinary drafts
    return (len(core) >= MIN_LITERAL and core not in _COMMON) or not literal.isascii()


# Words so common that a gate on them lets almost every draft through.
_COMMON = frozenset("the you your and are for that this with have not our was were has its it's "
                    "but all can can't will from they them their what who how why".split())
_MAX_VARIANTS = 32
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

    for op, arg in items:
        chars = _chars(op, arg)
        if chars is not None and len(runs) * len(chars) <= _MAX_VARIANTS:
            runs = {r + c for r in runs for c in chars}
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:
            inner = _chars(*arg[2][0])
            if inner is not None and len(runs) * len(inner) <= _MAX_VARIANTS:
                # X+ : the run so far plus one X is certain; what follows starts after an X.
                runs = {r + c for r in runs for c in inner}
                close()
                runs = set(inner)
                continue
        close()
        sub = _item(op, arg)
        if sub:
            candidates.append(sub)
    close()
    return candidates


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
        # An expression is looked at only when its first (most selective) clause is met.
        self.by_literal: dict[str, list[str]] = {}
        for src, needs in self.clauses.items():
            for literal in needs[0]:
                self.by_literal.setdefault(literal, []).append(src)
        self.index = LiteralIndex({lit for needs in self.clauses.values() for clause in needs for lit in clause})

    def passing(self, text: str) -> set[str]:
        present = self.index.present(gate_text(text))
        wanted = set(self.ungated)
        by_literal, clauses = self.by_literal, self.clauses
        for literal in present:
            for src in by_literal.get(literal, ()):
                if src not in wanted and all(not clause.isdisjoint(present) for clause in clauses[src][1:]):
                    wanted.add(src)
        return wanted

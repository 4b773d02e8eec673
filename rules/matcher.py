"""Regular expressions compiled as one set: which can match a draft is decided in one pass, and
each that can runs the quickest way that finds exactly what `re` finds.

Running every rule's expression over every draft would cost most of a check, yet almost every
draft contains none of the words a given expression needs. So `Matcher` reads each expression
once, when a pack loads, for the literal text every match must contain: a few clauses, each a set
of strings one of which must appear ("gonna" or "going to", then "work" or "help"). One
Aho-Corasick pass (pyahocorasick, in C) finds every such string in the draft, case folded as
`re.IGNORECASE` folds it and with white space made plain spaces; an expression with a clause the
draft misses is not run. Two shortcuts follow for those that run: an expression with no
upper-case letter runs on the case-folded draft without IGNORECASE (the slow part of Python's
regular expressions), and one whose matches all start with a few known characters runs behind a
lookahead for them (an opening `\\b` otherwise makes `re` try every position).

The expressions are read by this module's own small parser of Python's syntax (the standard
library's parser is private). Whatever it cannot read for sure (verbose mode, conditionals,
escapes it does not know) is simply always run: the reading can make a check faster, never change
what it finds. Property tests over generated expressions and drafts hold that to `re`.

Hyperscan's prefilter mode was measured as the alternative (one pass over every expression, then
`re` to confirm): compiling the built-in packs' 389 expressions took 7 s as bytes and over four
minutes with UTF-8 and Unicode properties (which soundness needs), and a scan cost more than this
gate's whole pass, so it is not used.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

import ahocorasick

# --- case folding as re.IGNORECASE does it ------------------------------------------------------

# The only characters beyond ASCII that re.IGNORECASE matches to ASCII letters (a test checks all
# of Unicode): folded first, so str.lower() then maps one character to one (İ is the only
# character whose lower case is two).
_TO_ASCII = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def fold_case(text: str) -> str:
    """The text lower-cased the way re.IGNORECASE compares letters, one character for one."""
    if not text.isascii():
        for char, fold in _TO_ASCII:
            if char in text:
                text = text.replace(char, fold)
    return text.lower()


_OTHER_SPACE = re.compile(r"[^\S ]")


def spaced(folded: str) -> str:
    """Every white space a plain space, so that one literal (" is a ") stands for what `\\s`
    matches in an expression: a line break, a tab, a no-break space."""
    return _OTHER_SPACE.sub(" ", folded) if _OTHER_SPACE.search(folded) else folded


# --- reading an expression ----------------------------------------------------------------------

class Unreadable(Exception):
    """Syntax this reader does not handle for sure: the expression is then simply always run."""


# Nodes are tuples: ("lit", ch) ("cls", items, negated) ("cat", letter) ("any",) ("at", kind)
# ("seq", [nodes]) ("alt", [seq...]) ("group", node, flags: False, "adds" or "removes")
# ("look", node, kind)
# ("rep", node, lo, hi) ("ref",). Class items: ("ch", c) ("range", a, b) ("cat", letter).
_CATEGORIES = set("dDsSwW")
_ANCHORS = set("bBAZ")
_CONTROL = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_INF = float("inf")
_FLAG_GROUP = re.compile(r"\(\?([aiLmsux]*)(?:-([imsx]+))?([:)])")


@dataclass
class Parsed:
    node: tuple
    flags: str  # global inline flags, e.g. "i"


def parse(source: str) -> Parsed:
    """The expression as a tree, or Unreadable."""
    reader = _Reader(source)
    node = reader.alternation()
    if reader.pos != len(source):
        raise Unreadable("unbalanced parenthesis")
    if "x" in reader.flags:
        raise Unreadable("verbose mode")
    return Parsed(node, reader.flags)


class _Reader:
    def __init__(self, source: str) -> None:
        self.s, self.pos, self.flags = source, 0, ""

    def peek(self, n: int = 1) -> str:
        return self.s[self.pos:self.pos + n]

    def alternation(self) -> tuple:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.sequence())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self) -> tuple:
        items: list[tuple] = []
        while self.pos < len(self.s) and self.peek() not in "|)":
            atom = self.atom()
            if atom is None:
                continue
            items.append(self.quantified(atom))
        return ("seq", items)

    def quantified(self, atom: tuple) -> tuple:
        while True:
            ch = self.peek()
            if ch in ("*", "+", "?"):
                self.pos += 1
                lo, hi = {"*": (0, _INF), "+": (1, _INF), "?": (0, 1)}[ch]
            elif ch == "{":
                m = re.compile(r"\{(\d*)(?:(,)(\d*))?\}").match(self.s, self.pos)
                if m is None:
                    return atom  # re reads a "{" that opens no repeat as itself: next atom
                self.pos = m.end()
                lo = int(m[1]) if m[1] else 0
                hi = (int(m[3]) if m[3] else _INF) if m[2] else (int(m[1]) if m[1] else _INF)
            else:
                return atom
            if self.peek() in ("?", "+"):
                self.pos += 1  # lazy or possessive: the same strings
            if atom[0] in ("at", "look"):
                raise Unreadable("a repeated assertion")
            atom = ("rep", atom, lo, hi)

    def atom(self) -> tuple | None:
        ch = self.s[self.pos]
        if ch == "(":
            return self.group()
        if ch == "[":
            return self.char_class()
        if ch == "\\":
            return self.escape(in_class=False)
        self.pos += 1
        if ch == ".":
            return ("any",)
        if ch in "^$":
            return ("at", ch)
        if ch in "*+?":
            raise Unreadable("nothing to repeat")
        return ("lit", ch)

    def group(self) -> tuple | None:
        s, pos = self.s, self.pos
        if s.startswith("(?#", pos):
            end = s.find(")", pos)
            if end < 0:
                raise Unreadable("comment")
            self.pos = end + 1
            return None
        for opener, kind in (("(?<=", "<="), ("(?<!", "<!"), ("(?=", "="), ("(?!", "!")):
            if s.startswith(opener, pos):
                self.pos += len(opener)
                return ("look", self._close(), kind)
        if s.startswith("(?P<", pos):
            end = s.find(">", pos)
            if end < 0:
                raise Unreadable("group name")
            self.pos = end + 1
            return ("group", self._close(), False)
        if s.startswith("(?P=", pos):
            end = s.find(")", pos)
            if end < 0:
                raise Unreadable("group reference")
            self.pos = end + 1
            return ("ref",)
        if s.startswith("(?:", pos) or s.startswith("(?>", pos):
            self.pos += 3
            return ("group", self._close(), False)
        if s.startswith("(?", pos):
            m = _FLAG_GROUP.match(s, pos)
            if m is None:
                raise Unreadable("an unknown group")
            self.pos = m.end()
            if m[3] == ")":  # global flags
                if m[2]:
                    raise Unreadable("global flags turned off")
                self.flags += m[1]
                return None
            if "x" in (m[1] + (m[2] or "")):
                raise Unreadable("verbose mode")
            return ("group", self._close(), "adds" if m[1] else "removes")
        self.pos += 1
        return ("group", self._close(), False)

    def _close(self) -> tuple:
        node = self.alternation()
        if self.peek() != ")":
            raise Unreadable("missing parenthesis")
        self.pos += 1
        return node

    def escape(self, in_class: bool) -> tuple:
        s = self.s
        if self.pos + 1 >= len(s):
            raise Unreadable("trailing backslash")
        ch = s[self.pos + 1]
        self.pos += 2
        if ch in _CATEGORIES:
            return ("cat", ch)
        if ch in _ANCHORS and not in_class:
            return ("at", "\\" + ch)
        if ch == "b":
            return ("lit", "\b")
        if ch in _CONTROL:
            return ("lit", _CONTROL[ch])
        if ch == "x":
            return ("lit", self._hex(2))
        if ch == "u":
            return ("lit", self._hex(4))
        if ch == "U":
            return ("lit", self._hex(8))
        if ch == "N":
            m = re.compile(r"\{([^}]*)\}").match(s, self.pos)
            if m is None:
                raise Unreadable("\\N")
            self.pos = m.end()
            try:
                return ("lit", unicodedata.lookup(m[1]))
            except KeyError:
                raise Unreadable("\\N name") from None
        if ch.isdigit():
            m = re.compile(r"[0-7]{0,2}").match(s, self.pos)
            if ch == "0" or (in_class and ch in "01234567"):
                self.pos = m.end()
                return ("lit", chr(int(ch + m[0], 8)))
            three = s[self.pos - 1:self.pos + 2]
            if len(three) == 3 and all(c in "01234567" for c in three):
                self.pos += 2
                return ("lit", chr(int(three, 8)))
            if in_class:
                raise Unreadable("a reference in a class")
            if self.peek() in "0123456789" and self.peek():
                self.pos += 1  # a group number has at most two digits
            return ("ref",)
        if ch.isascii() and ch.isalnum():
            raise Unreadable(f"unknown escape \\{ch}")
        return ("lit", ch)

    def _hex(self, width: int) -> str:
        digits = self.s[self.pos:self.pos + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise Unreadable("hex escape")
        self.pos += width
        return chr(int(digits, 16))

    def char_class(self) -> tuple:
        s = self.s
        self.pos += 1
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        items: list[tuple] = []
        first = True
        while True:
            if self.pos >= len(s):
                raise Unreadable("unterminated class")
            ch = s[self.pos]
            if ch == "]" and not first:
                self.pos += 1
                break
            first = False
            if ch == "[" and s[self.pos + 1:self.pos + 2] in (":", ".", "="):
                raise Unreadable("what looks like a POSIX class")
            item = self.escape(in_class=True) if ch == "\\" else self._class_char()
            if item[0] == "lit" and self.peek() == "-" and s[self.pos + 1:self.pos + 2] not in ("]", ""):
                self.pos += 1
                end = self.escape(in_class=True) if self.peek() == "\\" else self._class_char()
                if end[0] != "lit" or ord(end[1]) < ord(item[1]):
                    raise Unreadable("a range")
                items.append(("range", item[1], end[1]))
            elif item[0] == "lit":
                items.append(("ch", item[1]))
            else:
                items.append(item)
        return ("cls", items, negated)

    def _class_char(self) -> tuple:
        ch = self.s[self.pos]
        self.pos += 1
        return ("lit", ch)


# --- what a match must contain ------------------------------------------------------------------

MIN_LITERAL = 3
MAX_CLAUSES = 4
_MAX_VARIANTS = 64
# Words so common that a gate on them lets almost every draft through.
_COMMON = frozenset("the you your and are for that this with have not our was were has its it's "
                    "but all can can't will from they them their what who how why".split())
_RARE = frozenset("*@#~^|\\<>{}[]=+_?")


def _gate_char(ch: str) -> str | None:
    """A literal character as the gate's text holds it, or None when case folding could give
    another character (a cased letter beyond ASCII: the gate does not rely on it)."""
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch.lower()
    if ch.lower() == ch and ch.upper() == ch and ch not in _FOLDED_AWAY:
        return ch
    return None


_FOLDED_AWAY = frozenset(c for c, _ in _TO_ASCII)


def _chars_of(node: tuple) -> set[str] | None:
    """The gate's characters a one-character node can be: a literal, a small class, `\\s`."""
    kind = node[0]
    if kind == "lit":
        ch = _gate_char(node[1])
        return None if ch is None else {ch}
    if kind == "cat" and node[1] == "s":
        return {" "}
    if kind == "cls" and not node[2] and len(node[1]) <= 4:
        out = set()
        for item in node[1]:
            if item[0] == "ch" and (ch := _gate_char(item[1])) is not None:
                out.add(ch)
            elif item == ("cat", "s"):
                out.add(" ")
            else:
                return None
        return out
    return None


def _exact(node: tuple) -> set[str] | None:
    """Every string the node can match (in the gate's text), when they are few; else None."""
    kind = node[0]
    chars = _chars_of(node)
    if chars is not None:
        return chars
    if kind == "seq":
        out = {""}
        for item in node[1]:
            sub = _exact(item)
            if sub is None:
                return None
            out = {a + b for a in out for b in sub}
            if len(out) > _MAX_VARIANTS:
                return None
        return out
    if kind == "alt":
        out = set()
        for branch in node[1]:
            sub = _exact(branch)
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= _MAX_VARIANTS else None
    if kind == "group":
        return _exact(node[1])
    if kind == "rep" and node[2] == 0 and node[3] == 1:
        sub = _exact(node[1])
        return None if sub is None else sub | {""}
    if kind == "rep" and node[2] == node[3] and node[2] <= 4:
        sub = _exact(("seq", [node[1]] * int(node[2])))
        return sub
    if kind == "at" and node[1] in ("\\b", "\\B", "^", "\\A"):
        return {""}  # zero-width: adds nothing, but breaks no run
    return None


def _candidates(node: tuple) -> list[set[str]]:
    """Sets of strings, each of which holds for every match: one of the set is in the text."""
    kind = node[0]
    if kind == "seq":
        return _seq_candidates(node[1])
    if kind == "alt":
        union: set[str] = set()
        for branch in node[1]:
            best = _best(_candidates(branch))
            if best is None:
                return []
            union |= best
        return [union]
    if kind == "group":
        return _candidates(node[1])
    if kind == "rep" and node[2] >= 1:
        return _candidates(node[1])
    if kind == "look" and node[2] in ("=", "<="):
        return _candidates(node[1])  # what a lookaround needs is in the text too
    exact = _exact(node)
    return [exact] if exact and "" not in exact else []


def _seq_candidates(items: list[tuple]) -> list[set[str]]:
    candidates: list[set[str]] = []
    runs: set[str] = {""}

    def close() -> None:
        nonlocal runs
        if runs != {""}:
            candidates.append(set(runs))
        runs = {""}

    for item in items:
        exact = _exact(item)
        if exact is not None and len(runs) * len(exact) <= _MAX_VARIANTS:
            runs = {r + e for r in runs for e in exact}
            continue
        if exact is not None:
            # Too many ways to carry the run on: keep it, and go on from the text all its
            # variants end with.
            tail = os.path.commonprefix([r[::-1] for r in runs])[::-1]
            close()
            runs = {tail + e for e in exact} if len(exact) <= _MAX_VARIANTS else {""}
            continue
        if item[0] == "rep" and item[2] >= 1 and (inner := _exact(item[1])) is not None \
                and len(runs) * len(inner) <= _MAX_VARIANTS:
            # X+ : the run so far plus one X is certain; what follows starts after an X.
            runs = {r + c for r in runs for c in inner}
            close()
            runs = set(inner)
            continue
        close()
        candidates.extend(c for c in _candidates(item) if c and "" not in c)
    close()
    return candidates


def _selective(literal: str) -> bool:
    """Long enough, or rare enough (an emoji), to be worth checking for first."""
    core = literal.strip(" '")
    if not _RARE.isdisjoint(core):
        return True  # "f*" or "**": asterisks are rare in ordinary drafts
    if len(core) == 2 and core[0].isdigit() and not core[1].isalnum():
        return True  # "1." or "2)": a number with its punctuation, as a list item opens
    return (len(core) >= MIN_LITERAL and core not in _COMMON) or not literal.isascii()


def _score(found: set[str]) -> tuple:
    return (all(_selective(x) for x in found), min(len(x.strip()) for x in found), -len(found))


def _best(candidates: list[set[str]]) -> set[str] | None:
    candidates = [c for c in candidates if c and "" not in c]
    return max(candidates, key=_score) if candidates else None


def _minimal(clause: frozenset[str]) -> frozenset[str]:
    """The clause without strings that hold another of its strings ("idiots" holds "idiot")."""
    if len(clause) > _MAX_VARIANTS:
        return clause
    kept: list[str] = []
    for literal in sorted(clause, key=len):
        if not any(k in literal for k in kept):
            kept.append(literal)
    return frozenset(kept)


# Reading and compiling are pure functions of the expression, kept for the process: a second
# pipeline (a team's packs beside the built-in ones) reuses the built-in expressions' work.
_LOADED = 4096


# Clauses every match of an expression satisfies, or None for an expression always run.
Clauses = tuple[frozenset[str], ...] | None


@lru_cache(maxsize=_LOADED)
def required_clauses(source: str) -> Clauses:
    """Clauses every match satisfies, the most selective first; None if unsure (always run)."""
    try:
        parsed = parse(source)
    except (Unreadable, RecursionError):
        return None
    raw = dict.fromkeys(frozenset(c) for c in _candidates(parsed.node) if c and all(map(_selective, c)))
    found = list(dict.fromkeys(map(_minimal, raw)))
    if not found:
        return None
    found.sort(key=_score, reverse=True)
    return tuple(found[:MAX_CLAUSES])


# --- the shortcuts --------------------------------------------------------------------------------

def case_free(source: str) -> bool:
    """Whether an expression can run on `fold_case` text without IGNORECASE and match the same:
    no inline flags, no back-references, and no letter that is upper case or folds unusually."""
    try:
        parsed = parse(source)
    except (Unreadable, RecursionError):
        return False
    return not parsed.flags and _lower_only(parsed.node)


def _free_char(ch: str) -> bool:
    return (ch.isascii() and not ch.isupper()) or (not ch.isascii() and ch.lower() == ch == ch.upper()
                                                   and ch not in _FOLDED_AWAY)


def _lower_only(node: tuple) -> bool:
    kind = node[0]
    if kind == "lit":
        return _free_char(node[1])
    if kind == "cls":
        for item in node[1]:
            if item[0] == "ch" and not _free_char(item[1]):
                return False
            if item[0] == "range":
                a, b = ord(item[1]), ord(item[2])
                if b > 0x7F or any(chr(c).isupper() for c in range(a, b + 1)):
                    return False
        return True
    if kind in ("cat", "any", "at"):
        return True
    if kind == "seq":
        return all(map(_lower_only, node[1]))
    if kind == "alt":
        return all(map(_lower_only, node[1]))
    if kind == "group":
        return not node[2] and _lower_only(node[1])
    if kind == "look":
        return _lower_only(node[1])
    if kind == "rep":
        return _lower_only(node[1])
    return False  # references: keep the flag


_DIGIT = "\\d"  # in a set of first characters: any decimal digit, as \d means it in the expression
_MAX_FIRST = 64


def first_chars(source: str, fold: bool = True) -> set[str] | None:
    """The characters every match of `source` starts with, when the expression makes that plain:
    for `fold` (an expression run on folded text without IGNORECASE) the literals `case_free`
    allows (lower case, or no case at all: an emoji), else as written (ranges and `\\d` too)."""
    try:
        parsed = parse(source)
    except (Unreadable, RecursionError):
        return None
    if parsed.flags:
        return None
    return _first_of(parsed.node, fold)


def _first_of(node: tuple, fold: bool) -> set[str] | None:
    kind = node[0]
    if kind == "seq":
        items = node[1]
        i = 0
        while i < len(items) and (items[i][0] == "look" or (
                items[i][0] == "at" and items[i][1] in ("\\b", "^", "\\A"))):
            i += 1
        return _first_of(items[i], fold) if i < len(items) else None
    if kind == "lit":
        ch = node[1]
        if fold:
            return {ch} if _free_char(ch) else None
        return {ch}
    if kind == "cls":
        if node[2]:
            return None
        out: set[str] = set()
        for item in node[1]:
            if item[0] == "ch":
                if fold and not _free_char(item[1]):
                    return None
                out.add(item[1])
            elif item[0] == "range" and not fold and ord(item[2]) - ord(item[1]) < _MAX_FIRST:
                out.update(chr(c) for c in range(ord(item[1]), ord(item[2]) + 1))
            elif item == ("cat", "d") and not fold:
                out.add(_DIGIT)
            else:
                return None
        return out if 0 < len(out) <= _MAX_FIRST else None
    if kind == "cat" and node[1] == "d" and not fold:
        return {_DIGIT}
    if kind == "group":
        # A group that turns a flag on may turn IGNORECASE on: either case could start it. One that
        # only turns flags off is read as written (on folded text, not at all).
        return None if node[2] == "adds" or (node[2] and fold) else _first_of(node[1], fold)
    if kind == "alt":
        union: set[str] = set()
        for branch in node[1]:
            sub = _first_of(branch, fold)
            if sub is None:
                return None
            union |= sub
        return union if len(union) <= _MAX_FIRST else None
    if kind == "rep" and node[2] >= 1:
        return _first_of(node[1], fold)
    return None


def opens_by_reading(source: str) -> bool:
    """Whether the expression's first step reads a character (a literal, a class, `\\d`), not an
    assertion: `re` then scans for that character itself, quicker than a lookahead tried at every
    position, so none is added. (Leaving the lookahead out never changes a match.)"""
    try:
        node = parse(source).node
    except (Unreadable, RecursionError):
        return False
    while node[0] == "seq" and node[1]:
        first = node[1][0]
        if first[0] in ("lit", "cls", "cat", "any"):
            return True
        if first[0] != "group" or first[2]:
            return False
        node = first[1]
    return False


def with_first_chars(source: str, fold: bool = True) -> str:
    """`source` behind a lookahead for the characters every match starts with, when plain;
    otherwise `source` as it is. The matches are the same (under IGNORECASE the lookahead only
    widens, so it never refuses a match)."""
    starts = first_chars(source, fold)
    if not starts or opens_by_reading(source):
        return source
    atoms = "".join(c if c == _DIGIT else re.escape(c) for c in sorted(starts))
    return "(?=[" + atoms + "])(?:" + source + ")"


def case_sensitive_inside(source: str) -> str | None:
    """X, when the expression is all one `(?-i:X)` group (IGNORECASE turned off for the whole of
    it), so that it can be compiled without the flag: the same matches, as `(?-i:...)` captures
    nothing and scopes the flag to itself. None for any other expression."""
    if not (source.startswith("(?-i:") and source.endswith(")")):
        return None
    inner = source[5:-1]
    try:
        whole, alone = parse(source), parse(inner)
    except (Unreadable, RecursionError):
        return None
    # The group must span the expression: read whole, it is one group holding just what X reads as.
    if whole.flags or alone.flags or whole.node != ("seq", [("group", alone.node, "removes")]):
        return None
    return inner


_LEAD_CHAR = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' ")
_QUANTIFIERS = frozenset("?*+{")


def literal_led(source: str) -> str | None:
    """`\\bLIT REST` (LIT plain letters, digits, spaces and apostrophes, opening with a letter or
    digit) as `LIT(?<!\\wLIT)REST`, for an expression compiled without IGNORECASE; else None.

    The same matches: LIT opens with a word character, so the word boundary before it means the
    character before is not one, which the look-behind says once LIT is read. `re` then searches
    for LIT itself as a literal prefix (quickly, like `str.find`) rather than trying the boundary,
    or a lookahead, at every position."""
    if not source.startswith("\\b"):
        return None
    end = 2
    while end < len(source) and source[end] in _LEAD_CHAR:
        end += 1
    if end < len(source) and source[end] in _QUANTIFIERS:
        end -= 1  # the last character is repeated: not part of the literal
    lit = source[2:end]
    if not lit or not lit[0].isalnum():
        return None
    return f"{lit}(?<!\\w{lit}){source[end:]}"


# --- the compiled types ---------------------------------------------------------------------------

class LiteralIndex:
    """Finds, in one pass, which of many literal strings occur in a text (overlaps included)."""

    def __init__(self, literals: Iterable[str]) -> None:
        self.literals = frozenset(literals)
        self.automaton: ahocorasick.Automaton | None = None
        if self.literals:
            self.automaton = ahocorasick.Automaton()
            for literal in self.literals:
                self.automaton.add_word(literal, literal)
            self.automaton.make_automaton()

    def present(self, text: str) -> set[str]:
        if self.automaton is None:
            return set()
        return {literal for _end, literal in self.automaton.iter(text)}

    def where(self, text: str) -> dict[str, list[int]]:
        """Where each literal that occurs in the text starts, in order (overlaps included)."""
        found: dict[str, list[int]] = {}
        if self.automaton is not None:
            for end, literal in self.automaton.iter(text):
                found.setdefault(literal, []).append(end + 1 - len(literal))
        return found


class Expression:
    """One expression compiled the quickest sound way: behind a lookahead for its first
    characters, and, when it has no upper-case letter, also for folded text without IGNORECASE.
    Reads like an `re.Pattern` (`finditer`, `search`, `pattern`, `flags`).

    Compiled on first use, not when made: the packs hold over a thousand expressions, and a draft
    reaches only the few whose literals it contains (`Matcher.candidates`), so compiling them all
    up front was half of the command line's start-up for nothing. A server compiles them all
    before it takes work (`Matcher.compile_all`), so no check pays for it. The source is already
    known to compile: the packs refuse one that does not (rules/packs.py)."""

    def __init__(self, source: str, flags: int = 0, *, fold: bool = False) -> None:
        self.source = source
        self._flags = flags
        self._fold = fold

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        flags = self._flags
        inner = case_sensitive_inside(self.source) if flags & re.IGNORECASE else None
        if inner is not None:
            # `(?-i:X)` under IGNORECASE is X without it: compiled so, its lookahead for the first
            # characters is case-sensitive too ("[A-Z]" then lets through capitals only).
            return re.compile(with_first_chars(inner, fold=False), flags & ~re.IGNORECASE)
        return re.compile(with_first_chars(self.source, fold=False), flags)

    @cached_property
    def folded(self) -> re.Pattern[str] | None:
        flags = self._flags
        if (self._fold and flags & re.IGNORECASE and not flags & ~(re.IGNORECASE | re.UNICODE)
                and case_free(self.source)):
            return re.compile(literal_led(self.source) or with_first_chars(self.source, fold=True))
        return None

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    @property
    def flags(self) -> int:
        return self.compiled.flags

    def compile_all(self) -> None:
        """Compile now, for a server about to take work."""
        self.compiled, self.folded  # noqa: B018 - the properties compile and keep

    def finditer(self, text: str, pos: int = 0, endpos: int = 2**63 - 1, *,
                 folded: str | None = None) -> Iterator[re.Match[str]]:
        """Matches in `text`; `folded` is `fold_case(text)` if made already (and the same length),
        for the quicker route."""
        if folded is not None and self.folded is not None:
            return self.folded.finditer(folded, pos, endpos)
        return self.compiled.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = 2**63 - 1, *,
               folded: str | None = None) -> re.Match[str] | None:
        if folded is not None and self.folded is not None:
            return self.folded.search(folded, pos, endpos)
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = 2**63 - 1) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)


def folded_pattern(source: str) -> re.Pattern[str] | None:
    """The case-insensitive expression compiled for `fold_case` text without IGNORECASE (the same
    matches, found two to three times faster), or None if it must keep the flag."""
    return compile(source, re.IGNORECASE, fold=True).folded


@lru_cache(maxsize=_LOADED)
def compile(source: str, flags: int = 0, *, fold: bool = False) -> Expression:  # noqa: A001
    """One expression as an `Expression` (see there); `fold` also prepares the folded-text route."""
    return Expression(source, flags, fold=fold)


class Matcher:
    """Many expressions compiled as one set. `candidates(text)` says, in one pass, which may match
    (every one that does is among them); `finditer(source, ...)` runs one the quickest way."""

    def __init__(self, sources: Iterable[str], flags: int = re.IGNORECASE, *, fold: bool = True,
                 known: Mapping[str, Clauses] = {}) -> None:
        """`known`: clauses already worked out by `required_clauses` for some of the sources
        (rules/clauses.py keeps the built-in packs'), so that they need not be read again."""
        self.expressions: dict[str, Expression] = {}
        clauses: dict[str, Clauses] = {}
        for source in sources:
            if source not in self.expressions:
                self.expressions[source] = compile(source, flags, fold=fold)
                clauses[source] = known[source] if source in known else required_clauses(source)
        self.ungated = frozenset(src for src, needs in clauses.items() if needs is None)
        # An expression is looked at only when its first (most selective) clause is met; then
        # its other clauses are checked.
        self.by_literal: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for src, needs in clauses.items():
            if needs is not None:
                for literal in needs[0]:
                    self.by_literal.setdefault(literal, []).append((src, needs[1:]))
        self.first_literals = frozenset(self.by_literal)
        self.index = LiteralIndex({lit for needs in clauses.values() if needs for clause in needs for lit in clause})

    def __len__(self) -> int:
        return len(self.expressions)

    def compile_all(self) -> None:
        """Compile every expression now (see `Expression`)."""
        for expression in self.expressions.values():
            expression.compile_all()

    def __iter__(self) -> Iterator[str]:
        return iter(self.expressions)

    def candidates(self, text: str, folded: str | None = None) -> set[str]:
        """The expressions that may match `text` (`folded` is its `fold_case`, if made already)."""
        present = self.index.present(spaced(fold_case(text) if folded is None else folded))
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

    def finditer(self, source: str, text: str, folded: str | None = None) -> Iterator[re.Match[str]]:
        return self.expressions[source].finditer(text, folded=folded)

    def search(self, text: str) -> bool:
        """Whether any of the expressions matches `text`."""
        folded = fold_case(text)
        return any(self.expressions[src].search(text) for src in self.candidates(text, folded))


__all__ = ["Matcher", "Expression", "compile", "folded_pattern", "fold_case", "LiteralIndex"]

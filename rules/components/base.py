"""What every component shares: adding a finding (the one choke point a team's policy goes
through), proposing an edit, finding a sentence."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from string import Formatter

from spacy.attrs import ORTH
from spacy.pipeline import Sentencizer
from spacy.strings import StringStore
from spacy.tokens import Doc

from ..matcher import fold_case
from ..models import CheckRequest, Finding, LengthInfo, Report
from ..packs import Meta, Ref, Registry
from ..policy import DEFAULT_POLICY, Policy

# Curly quotes become straight ones (one code point for one, so offsets stay put) before any
# regular expression runs: drafts pasted from Word or a phone use both.
_CURLY = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u02bc", "'"))


def straighten(text: str) -> str:
    """Curly quotes made straight. (`str.translate` with a table looks up every character in
    Python; a `replace` for each quote that is present runs in C, several times faster.)"""
    if text.isascii():
        return text
    for curly, straight in _CURLY:
        if curly in text:
            text = text.replace(curly, straight)
    return text


@dataclass(frozen=True)
class Edit:
    """A change to make in the suggested text: `text[start:end]` becomes `replacement`."""

    start: int
    end: int
    replacement: str
    rule: str
    whole_sentence: bool = False


@dataclass(slots=True, eq=False)
class Draft:
    """Everything a check knows about one draft, in one object on the Doc (`doc.user_data`).

    The components share it through `doc.user_data` rather than through `doc._`, because every
    `doc._` lookup builds a new accessor object: at two dozen lookups a check, that cost more
    than some whole rules. The Doc extensions (`doc._.findings`, `doc._.report`, ...) still read
    it, for anyone using the pipeline the spaCy way.
    """

    request: CheckRequest
    text: str  # spaCy's `doc.text` rebuilds the string from every token; this is the original
    registry: Registry | None = None  # the rules' metadata; set by the first component if not given
    policy: Policy = DEFAULT_POLICY
    # Built-in rules the policy switches off; those a team's own rule of the same id replaces
    # (the built-in's findings are not reported); and those whose words the team changed, by id.
    off: frozenset[str] = frozenset()
    replaced: frozenset[str] = frozenset()
    changed: Mapping[str, Meta] | None = None
    findings: list[Finding] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)
    # Categories of findings the policy held back: the trained signal treats them as flagged (so a
    # switched-off rule does not bring it in on the same words) unless the policy says otherwise.
    held_back: set[str] | None = None
    spans: dict[str, list[tuple[int, int]]] | None = None  # each rule's findings, sorted (made on the first)
    report: Report | None = None
    is_reply: bool = False
    reply_hostile: bool = False
    length: LengthInfo | None = None
    sentences: list[tuple[int, int]] | None = None
    context: tuple | None = None
    _plain: str | None = None
    _lowered: str | bool = False  # False: not made yet; None: lower-casing moved the offsets
    _allowed: list[tuple[int, int]] | None = None

    def switched_off(self, rule: Ref) -> bool:
        """Whether the packs or the team's policy switch this built-in rule off."""
        return (rule.id in self.off or rule.id in self.replaced
                or (self.registry is not None and self.registry.meta(rule) is None))

    def allowed_spans(self) -> list[tuple[int, int]]:
        """Where the policy's allowed phrases occur (whole words, any case), found once."""
        if self._allowed is None:
            self._allowed = [m.span() for phrase in self.policy.allowed_phrases if phrase.strip()
                             for m in re.finditer(r"(?<!\w)" + re.escape(phrase.strip()) + r"(?!\w)",
                                                  self.plain, re.I)]
        return self._allowed

    @property
    def lowered(self) -> str | None:
        """The plain text case-folded as IGNORECASE compares it (rules/matcher.py: fold_case), for
        expressions that run without the flag; None if folding ever moved the offsets."""
        if self._lowered is False:
            lowered = fold_case(self.plain)
            self._lowered = lowered if len(lowered) == len(self.plain) else None
        return self._lowered  # type: ignore[return-value]

    @property
    def plain(self) -> str:
        """The text with curly quotes straightened, which every regular expression reads."""
        if self._plain is None:
            self._plain = straighten(self.text)
        return self._plain


KEY = "checkpost"


def draft_of(doc: Doc) -> Draft:
    """The check's state for this Doc; made on first use when the pipeline is run as `nlp(text)`."""
    draft = doc.user_data.get(KEY)
    if draft is None:
        draft = doc.user_data[KEY] = Draft(CheckRequest(text=doc.text), doc.text)
    return draft


def text_of(doc: Doc) -> str:
    return draft_of(doc).text


def plain(doc: Doc) -> str:
    return draft_of(doc).plain


def add_finding(doc: Doc, rule: Ref | Meta, start: int, end: int, *, message: str | None = None,
                suggestion: str | None = None, severity: str | None = None,
                edit: str | None = None, edit_span: tuple[int, int] | None = None,
                fill: dict | None = None) -> bool | None:
    """Record a finding (and its edit, if it has a safe one) unless the same rule already covers
    the span. The one choke point: every finding goes through here, so a rule the registry or the
    team's policy switches off, or a finding inside a phrase the team allows, never reaches the
    report, nor does its edit. Returns None when held back, False for a repeat, True when added.

    `rule` is a built-in rule (its id and type), looked up in the registry; a team's own rule
    comes with its Meta. `fill` completes the `{name}` fields of the message, suggestion and
    source."""
    if start >= end:
        return False
    draft = draft_of(doc)
    if isinstance(rule, Ref):
        registry = _registry(draft)
        meta = registry.meta(rule)
        if meta is None:
            off_rule = registry.switched_off(rule)
            if off_rule is not None:  # switched off by a pack: held back, as by a policy
                _hold_back(draft, severity or off_rule.severity, off_rule.category)
            return None  # or the id is now a rule of another type
        if rule.id in draft.replaced:
            return None  # replaced by the team's own rule of this id
        if draft.changed:
            meta = draft.changed.get(rule.id, meta)
        off = rule.id in draft.off
    else:
        meta = rule  # a team's own rule
        off = meta.rule in draft.policy.disabled_rules
    if fill:
        meta = Meta(meta.rule, meta.category, meta.severity, _fill(meta.message, fill),
                    _fill(meta.suggestion, fill), _fill(meta.source, fill))
    if off or (draft.policy.allowed_phrases and any(s <= start and end <= e for s, e in draft.allowed_spans())):
        _hold_back(draft, severity or meta.severity, meta.category)
        return None
    # The rule's findings so far, disjoint and sorted by start: only the neighbours can overlap, so
    # a draft with thousands of matches costs a bisection each, not a pass over every finding.
    if draft.spans is None:
        draft.spans = {}
    spans = draft.spans.setdefault(meta.rule, [])
    at = bisect_left(spans, (start, end))
    if (at and spans[at - 1][1] > start) or (at < len(spans) and spans[at][0] < end):
        return False
    spans.insert(at, (start, end))
    draft.findings.append(Finding(
        rule=meta.rule, category=meta.category, severity=severity or meta.severity,
        start=start, end=end, excerpt=draft.text[start:end],
        message=message or meta.message, suggestion=suggestion or meta.suggestion, source=meta.source))
    if edit is not None:
        e_start, e_end = edit_span or (start, end)
        draft.edits.append(Edit(e_start, e_end, edit, meta.rule))
    return True


def _hold_back(draft: Draft, severity: str, category: str) -> None:
    if severity != "info":
        if draft.held_back is None:
            draft.held_back = set()
        draft.held_back.add(category)


def _fill(text: str, values: dict) -> str:
    """`text` with its `{name}` fields filled from `values`; a field a team's own wording names
    but the rule does not give is left as written rather than failing the check."""
    if "{" not in text:
        return text
    names = _field_names(text)
    try:
        if names is not None and names.issubset(values):
            return text.format(**values)
    except (ValueError, IndexError, KeyError, AttributeError):
        pass
    return text


@lru_cache(maxsize=1024)
def _field_names(text: str) -> frozenset[str] | None:
    """The `{name}` fields of a rule's wording (None if it does not parse), read once per wording
    rather than once per finding."""
    try:
        return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)
    except ValueError:
        return None


def _registry(draft: Draft) -> Registry:
    if draft.registry is None:
        raise RuntimeError("the draft has no rule registry: run the pipeline from its first component")
    return draft.registry


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of each sentence, computed once per doc, only for drafts a rule needs.

    The rule is spaCy's Sentencizer's (a sentence starts at the first token that is not
    punctuation after one of its sentence-final characters), applied to the array of token ids that
    `doc.to_array` returns, because running the component itself builds a Python object for every
    token and would cost more than the tokenizer.
    """
    draft = draft_of(doc)
    bounds = draft.sentences
    if bounds is None:
        text = draft.text
        bounds = []
        if len(doc):
            final = _FINAL
            starts, seen_final = [0], False
            # Only the token after a full stop needs more than its ORTH, so only it is made.
            for i, orth in enumerate(doc.to_array(ORTH).tolist()):
                if orth in final:
                    seen_final = True
                elif seen_final:
                    token = doc[i]
                    if not token.is_punct:
                        starts.append(token.idx)
                        seen_final = False
            for start, end in zip(starts, [*starts[1:], len(text)]):
                bounds.append((start, start + len(text[start:end].rstrip())))
        bounds = bounds or [(0, len(text))]
        draft.sentences = bounds
    return bounds


# A string's id is its hash, the same in every vocabulary, so the sentence-final characters'
# ids are known before any check.
_FINAL = frozenset(StringStore()[ch] for ch in Sentencizer.default_punct_chars)


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    if len(bounds) == 1:
        return bounds[0]
    i = max(0, bisect_right(bounds, (char, _AFTER_ANY_END)) - 1)
    return bounds[i]


_AFTER_ANY_END = float("inf")  # (char, inf) sorts after every bound that starts at char

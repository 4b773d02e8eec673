"""What every component shares: adding a finding, proposing an edit, finding a sentence."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.attrs import ORTH
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from ..gate import gate_text
from ..models import CheckRequest, Finding, LengthInfo

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


@dataclass(frozen=True)
class Meta:
    """A code-written check's metadata, kept beside it as proselint does."""

    rule: str
    category: str
    severity: str
    message: str
    suggestion: str
    source: str


@dataclass(slots=True, eq=False)
class Draft:
    """Everything a check knows about one draft, in one object on the Doc.

    The components share it through `doc.user_data` rather than through `doc._`, because every
    `doc._` lookup builds a new accessor object: at two dozen lookups a check, that cost more
    than some whole rules. The Doc extensions (`doc._.findings`, ...) still read it, for anyone
    using the pipeline the spaCy way.
    """

    request: CheckRequest
    text: str  # spaCy's `doc.text` rebuilds the string from every token; this is the original
    findings: list[Finding] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    templates: set[str] = field(default_factory=set)
    is_reply: bool = False
    reply_hostile: bool = False
    length: LengthInfo | None = None
    sentences: list[tuple[int, int]] | None = None
    context: tuple | None = None
    # Each rule's findings as sorted (start, end) spans, so that add_finding finds an overlap by
    # bisection: compared with every finding, a draft with thousands of them took seconds.
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    _plain: str | None = None
    _lowered: str | bool = False  # False: not made yet; None: lower-casing moved the offsets

    @property
    def lowered(self) -> str | None:
        """The plain text lower-cased as the gate reads it (rules/gate.py), for expressions that
        run without IGNORECASE; None in the rare draft whose lower case is a different length."""
        if self._lowered is False:
            lowered = gate_text(self.plain)
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


def add_finding(doc: Doc, meta: Meta, start: int, end: int, *, message: str | None = None,
                suggestion: str | None = None, severity: str | None = None,
                edit: str | None = None, edit_span: tuple[int, int] | None = None) -> None:
    """Record a finding (and its edit, if it has a safe one) unless the same rule already covers the span."""
    if start >= end:
        return
    draft = draft_of(doc)
    spans = draft.spans.setdefault(meta.rule, [])
    i = bisect_left(spans, (end,))  # the spans that start before this one ends...
    if i and spans[i - 1][1] > start:  # ...never overlap, so the last ends furthest
        return
    spans.insert(i, (start, end))
    draft.findings.append(Finding(
        rule=meta.rule, category=meta.category, severity=severity or meta.severity,
        start=start, end=end, excerpt=draft.text[start:end],
        message=message or meta.message, suggestion=suggestion or meta.suggestion, source=meta.source))
    if edit is not None:
        e_start, e_end = edit_span or (start, end)
        draft.edits.append(Edit(e_start, e_end, edit, meta.rule))


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
            final = _final_hashes(doc)
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


def _final_hashes(doc: Doc) -> frozenset[int]:
    global _FINAL
    if _FINAL is None:
        _FINAL = frozenset(doc.vocab.strings.add(ch) for ch in Sentencizer.default_punct_chars)
    return _FINAL


_FINAL: frozenset[int] | None = None


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    if len(bounds) == 1:
        return bounds[0]
    i = max(0, bisect_right(bounds, (char, _AFTER_ANY_END)) - 1)
    return bounds[i]


_AFTER_ANY_END = float("inf")  # (char, inf) sorts after every bound that starts at char

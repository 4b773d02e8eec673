"""What every component shares: adding a finding, proposing an edit, finding a sentence."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from ..models import Finding

# Curly quotes become straight ones (one code point for one, so offsets stay put) before any
# regular expression runs: drafts pasted from Word or a phone use both.
_STRAIGHTEN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u02bc": "'"})


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


def plain(doc: Doc) -> str:
    return doc.text.translate(_STRAIGHTEN)


def add_finding(doc: Doc, meta: Meta, start: int, end: int, *, message: str | None = None,
                suggestion: str | None = None, severity: str | None = None,
                edit: str | None = None, edit_span: tuple[int, int] | None = None) -> None:
    """Record a finding (and its edit, if it has a safe one) unless the same rule already covers the span."""
    if start >= end:
        return
    for f in doc._.findings:
        if f.rule == meta.rule and f.start < end and start < f.end:
            return
    doc._.findings.append(Finding(
        rule=meta.rule, category=meta.category, severity=severity or meta.severity,
        start=start, end=end, excerpt=doc.text[start:end],
        message=message or meta.message, suggestion=suggestion or meta.suggestion, source=meta.source))
    if edit is not None:
        e_start, e_end = edit_span or (start, end)
        doc._.edits.append(Edit(e_start, e_end, edit, meta.rule))


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of each sentence (computed once per doc)."""
    bounds = doc.user_data.get("checkpost_sents")
    if bounds is None:
        bounds = [(s.start_char, s.end_char) for s in doc.sents] if len(doc) else [(0, len(doc.text))]
        doc.user_data["checkpost_sents"] = bounds
    return bounds


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    i = max(0, bisect_right([b[0] for b in bounds], char) - 1)
    return bounds[i]

"""What every component shares: adding a finding, proposing an edit, finding a sentence."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX, IS_PUNCT, ORTH
from spacy.pipeline import Sentencizer
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


def text_of(doc: Doc) -> str:
    """The draft's text. spaCy's `doc.text` rebuilds the string from every token on each call,
    which costs more than a rule; the check keeps the original string here instead."""
    text = doc.user_data.get("checkpost_text")
    if text is None:
        text = doc.user_data["checkpost_text"] = doc.text
    return text


def plain(doc: Doc) -> str:
    straight = doc.user_data.get("checkpost_plain")
    if straight is None:
        straight = doc.user_data["checkpost_plain"] = text_of(doc).translate(_STRAIGHTEN)
    return straight


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
        start=start, end=end, excerpt=text_of(doc)[start:end],
        message=message or meta.message, suggestion=suggestion or meta.suggestion, source=meta.source))
    if edit is not None:
        e_start, e_end = edit_span or (start, end)
        doc._.edits.append(Edit(e_start, e_end, edit, meta.rule))


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of each sentence, computed once per doc, only for drafts a rule needs.

    The rule is spaCy's Sentencizer's (a sentence starts at the first token that is not
    punctuation after one of its sentence-final characters), applied to the token arrays that
    `doc.to_array` returns, because running the component itself builds a Python object for every
    token and would cost more than the tokenizer.
    """
    bounds = doc.user_data.get("checkpost_sents")
    if bounds is None:
        text = text_of(doc)
        bounds = []
        if len(doc):
            final = _final_hashes(doc)
            rows = doc.to_array([ORTH, IS_PUNCT, IDX]).tolist()
            starts, seen_final = [0], False
            for orth, is_punct, idx in rows:
                if seen_final and not is_punct and orth not in final:
                    starts.append(idx)
                    seen_final = False
                elif orth in final:
                    seen_final = True
            for start, end in zip(starts, [*starts[1:], len(text)]):
                bounds.append((start, start + len(text[start:end].rstrip())))
        bounds = bounds or [(0, len(text))]
        doc.user_data["checkpost_sents"] = bounds
    return bounds


def _final_hashes(doc: Doc) -> frozenset[int]:
    global _FINAL
    if _FINAL is None:
        _FINAL = frozenset(doc.vocab.strings.add(ch) for ch in Sentencizer.default_punct_chars)
    return _FINAL


_FINAL: frozenset[int] | None = None


def sentence_at(doc: Doc, char: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    i = max(0, bisect_right([b[0] for b in bounds], char) - 1)
    return bounds[i]

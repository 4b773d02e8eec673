"""The last component: the check's one report, from what the rules found.

Findings reach the draft only through `add_finding` (rules/components/base.py), where the team's
policy is applied, so this step only orders them, decides the verdict and writes the suggested
version. It is a component, not something the Coach does afterwards, so that `nlp(text)` is a
full check too: its report is `doc._.report`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..models import SEVERITY_ORDER, Report
from ..rewrite import Wording, load_wording, suggest
from .base import draft_of
from .length import RULE as LENGTH_RULE


class ReportStep:
    def __init__(self, wording: Wording) -> None:
        self.wording = wording

    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        findings = sorted(draft.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.rule))
        route_to_dm = any(f.category == "dm" and f.severity != "info" for f in findings)
        # Cutting and threading are the platform-length rule's fix: not offered when it is off.
        fit = not draft.switched_off(LENGTH_RULE)
        suggested_text, thread = suggest(doc, route_to_dm, self.wording, fit=fit)
        if any(f.severity == "block" for f in findings):
            verdict = "do_not_post"
        elif any(f.severity == "warn" for f in findings):
            verdict = "revise"
        else:
            verdict = "ok"
        assert draft.length is not None  # set by checkpost_length, which runs before
        draft.report = Report(id=draft.request.id, verdict=verdict, route_to_dm=route_to_dm, length=draft.length,
                              findings=findings, suggested_text=suggested_text, thread=thread)
        return doc


@Language.factory("checkpost_report")
def make_report(nlp: Language, name: str) -> ReportStep:
    return ReportStep(load_wording())

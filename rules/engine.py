"""The one entry point the CLI, the HTTP API and the chat bots call: `Coach.check`.

The spaCy pipeline and the rule packs load once, when the Coach is made; a check only runs them.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from .components.base import KEY, Draft
from .models import SEVERITY_ORDER, CheckError, CheckRequest, Finding, Report, parse_request
from .pipeline import build_pipeline
from .policy import DEFAULT_POLICY, Policy
from .rewrite import suggest


class Coach:
    """A loaded pipeline plus its rule packs; cheap to call, costly to build, so build one."""

    def __init__(self, rule_dirs: Iterable[Path | str] = ()) -> None:
        self.rule_dirs = tuple(Path(d) for d in rule_dirs)
        self.nlp = build_pipeline(self.rule_dirs)

    def check(self, request: CheckRequest | Mapping, policy: Policy = DEFAULT_POLICY) -> Report:
        if not policy.is_default:
            raise NotImplementedError("team policies are not applied yet (the rule registry issue)")
        if not isinstance(request, CheckRequest):
            request = parse_request(request)
        doc = self.nlp.make_doc(request.text)
        draft = doc.user_data[KEY] = Draft(request, request.text)
        for _name, component in self.nlp.pipeline:
            doc = component(doc)
        findings = sorted(draft.findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.start, f.rule))
        route_to_dm = any(f.category == "dm" and f.severity != "info" for f in findings)
        suggested_text, thread = suggest(doc, findings, route_to_dm)
        if any(f.severity == "block" for f in findings):
            verdict = "do_not_post"
        elif any(f.severity == "warn" for f in findings):
            verdict = "revise"
        else:
            verdict = "ok"
        return Report(id=request.id, verdict=verdict, route_to_dm=route_to_dm, length=draft.length,
                      findings=findings, suggested_text=suggested_text, thread=thread)


@lru_cache(maxsize=4)
def get_coach(rule_dirs: tuple[str, ...] = ()) -> Coach:
    """One Coach per process (per set of extra rule folders)."""
    return Coach(rule_dirs)


__all__ = ["Coach", "get_coach", "CheckError", "CheckRequest", "Finding", "Report"]

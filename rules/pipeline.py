"""The spaCy pipeline: blank English and Checkpost's own registered components.

There is no sentencizer in the pipeline: sentence bounds follow spaCy's Sentencizer rule but are
computed from the token arrays, only for drafts where a rule needs one (rules/components/base.py).
The check's state and results live on one `Draft` in `doc.user_data`; the Doc extensions
(`doc._.findings`, `doc._.report`, ...) are read-only views of it, so `nlp(text)` is a full check
with the default request and policy, and `Coach.check` runs the same components.
A trained pipeline is never needed: everything here runs offline on `spacy.blank("en")`.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the component factories)
from .components.base import draft_of
from .packs import Registry

for _name in ("request", "findings", "length", "reply_hostile", "is_reply", "edits", "templates", "report"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=lambda doc, _attr=_name: getattr(draft_of(doc), _attr))

COMPONENTS = (
    "checkpost_context",  # first: sets up the draft (the rule registry) and reads the post answered
    "checkpost_patterns",
    "checkpost_shouting",
    "checkpost_personal_data",
    "checkpost_signal",  # after the rules: it only adds what they missed
    "checkpost_length",
    "checkpost_style",
    "checkpost_report",  # last: the verdict and the suggested version
)
# The components that read the rule packs (the others find their rules' words through the draft).
_READS_PACKS = ("checkpost_context", "checkpost_patterns")


def build_pipeline(rule_dirs: tuple[Path, ...] = ()) -> Language:
    nlp = spacy.blank("en")
    for name in COMPONENTS:
        config = {"rule_dirs": [str(d) for d in rule_dirs]} if name in _READS_PACKS else {}
        nlp.add_pipe(name, config=config)
    # A computed rule with no entry in the registry is a packaging mistake: refuse it at load.
    from .components import length, personal_data, shouting, signal, style

    registry_of(nlp).require([*personal_data.RULES, *shouting.RULES, *style.RULES, length.RULE,
                              *signal.META.values()])
    return nlp


def registry_of(nlp: Language) -> Registry:
    """The rule registry this pipeline was built with."""
    return nlp.get_pipe("checkpost_context").registry

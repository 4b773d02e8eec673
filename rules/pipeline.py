"""The spaCy pipeline: blank English, a sentencizer and Checkpost's own registered components.

Components put their results on Doc extensions (`doc._.findings`, `doc._.length`, ...) the way
spaCy's own components do, so each one stays small and can be tested, reordered or replaced.
A trained pipeline is never needed: everything here runs offline on `spacy.blank("en")`.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the component factories)
from .components.base import draft_of

# The results, the spaCy way: read-only views of the check's state (rules/components/base.py).
for _name in ("request", "findings", "length", "reply_hostile", "is_reply", "edits", "templates"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=lambda doc, _attr=_name: getattr(draft_of(doc), _attr))

# Sentences come from spaCy's sentencizer too, run on demand (rules/components/base.py).
COMPONENTS = (
    "checkpost_context",
    "checkpost_patterns",
    "checkpost_shouting",
    "checkpost_personal_data",
    "checkpost_signal",  # after the rules: it only adds what they missed
    "checkpost_length",
    "checkpost_style",
)


def build_pipeline(rule_dirs: tuple[Path, ...] = ()) -> Language:
    nlp = spacy.blank("en")
    for name in COMPONENTS:
        config = {"rule_dirs": [str(d) for d in rule_dirs]} if name == "checkpost_patterns" else {}
        nlp.add_pipe(name, config=config)
    return nlp

"""The trained signal as a pipeline component: a second opinion where no rule fired.

It runs after the rule components and only adds a `tone` or `conduct` finding when the rules
raised none of that category (`conduct` only for councillors' own accounts), so it can only
catch what they missed, at a threshold chosen to raise no false alarm on the dev set. The
finding points at the sentence that scores highest and says plainly that it comes from a
trained model, not a rule.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from spacy.language import Language
from spacy.tokens import Doc

from ..matcher import folded_pattern
from ..signal import TextSignal
from ..packs import Ref
from .base import Draft, add_finding, draft_of, sentence_bounds

# The rules this component computes, by category; their words are in rules/packs/computed.yml.
META = {"tone": Ref("tone.signal", "signal"), "conduct": Ref("conduct.signal", "signal")}
FLAGGING = ("warn", "block")
# A warm reply is not hostile, however informal: "haha fair enough, see you Saturday 👍". Slang looks
# like the abuse the model was trained on, so warmth (rules/data/warmth.yml) keeps the tone signal quiet.
WARMTH_DATA = Path(__file__).resolve().parents[1] / "data" / "warmth.yml"


class Warmth(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: list[str]


def warmth_source(path: Path = WARMTH_DATA) -> str:
    """rules/data/warmth.yml's expressions as one expression."""
    sources = Warmth.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).regex
    return "|".join(f"(?:{source})" for source in sources)


class Signal:
    def __init__(self) -> None:
        self.model = TextSignal()
        source = warmth_source()
        self.warmth = re.compile(source, re.I)
        # The same expression on the lower-cased text, without IGNORECASE: several times faster.
        self.warmth_lowered = folded_pattern(source)

    def __call__(self, doc: Doc) -> Doc:
        draft = draft_of(doc)
        flagged = {f.category for f in draft.findings if f.severity in FLAGGING}
        if draft.held_back and not draft.policy.signal_where_disabled:
            flagged |= draft.held_back  # what the team switched off still counts as found here
        if draft.request.account != "councillor":
            # A council account's conduct risks are about the publicity code (party politics,
            # pre-election periods), which turn on context the words alone do not show; the
            # rules handle those.
            flagged.add("conduct")
        if "tone" not in flagged and self._warm(draft):
            flagged.add("tone")
        wanted = tuple(c for c in ("tone", "conduct") if c not in flagged and c in self.model.categories)
        if not wanted:
            return doc
        scores = self.model.scores(draft.text, wanted)
        for category in wanted:
            if scores[category] < self.model.thresholds[category]:
                continue
            start, end = self._strongest_sentence(doc, category)
            add_finding(doc, META[category], start, end)
        return doc

    def _warm(self, draft: Draft) -> bool:
        lowered = draft.lowered
        if lowered is not None and self.warmth_lowered is not None:
            return self.warmth_lowered.search(lowered) is not None
        return self.warmth.search(draft.plain) is not None

    def _strongest_sentence(self, doc: Doc, category: str) -> tuple[int, int]:
        text = draft_of(doc).text
        bounds = sentence_bounds(doc)
        if len(bounds) == 1:
            return bounds[0]
        return max(bounds, key=lambda b: self.model.scores(text[b[0]:b[1]], (category,))[category])


@Language.factory("checkpost_signal")
def make_signal(nlp: Language, name: str) -> Signal:
    return Signal()

"""Type `signal` (`tone.signal`, `conduct.signal`): the trained signal, a second opinion where
no rule fired.

It runs after the rule components and only adds a `tone` or `conduct` finding when the rules
raised none of that category (`conduct` only for councillors' own accounts), so it can only
catch what they missed, at a threshold chosen for precision (bench/train_signal.py). The finding
says why: it points at the words that drove the score, names them in the message ("the words
that weigh most are 'moaning' and 'typical'"), suggests what to write instead, and says plainly
that it comes from a trained model, not a rule. A rule switched off (by a pack or a team's
policy) still counts as having fired for its category, unless the policy asks otherwise.

A pack entry of this type sets only the rule's words and switches (`id`, `enabled`, `category`,
`severity`, `message`, `suggestion`, `source`); `{words}` in them is the quoted words that weigh
most ("‘moaning’ and ‘typical’"). Which words weigh how much is data (rules/data/signal.json),
trained by bench/train_signal.py; what keeps it quiet on warm replies is rules/data/warmth.yml.
"""
from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc

from ..matcher import folded_pattern
from ..packs import Ref, read_yaml
from ..signal import TextSignal
from ..components.base import Draft, add_finding, draft_of, sentence_at

# The rules of this type, by category; their words are in rules/packs/computed.yml, with
# `{words}` filled by the terms that drove the score: "the words that weigh most are 'moaning' ...".
RULES_BY_CATEGORY = {"tone": Ref("tone.signal", "signal"), "conduct": Ref("conduct.signal", "signal")}
RULES = tuple(RULES_BY_CATEGORY.values())
FLAGGING = ("warn", "block")
# A warm reply is not hostile, however informal: "haha fair enough, see you Saturday 👍". Slang looks
# like the abuse the model was trained on, so warmth (rules/data/warmth.yml) keeps the tone signal quiet.
WARMTH_DATA = Path(__file__).resolve().parents[1] / "data" / "warmth.yml"


class Warmth(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: list[str]


def warmth_source(path: Path = WARMTH_DATA) -> str:
    """rules/data/warmth.yml's expressions as one expression."""
    sources = Warmth.model_validate(read_yaml(path)).regex
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
        # Whether the model judges this text at all (enough words, mainly English) is asked only
        # of the few drafts that score high enough to matter.
        scores = self.model.scores(draft.text, wanted, judge=False)
        high = [c for c in wanted if scores[c] >= self.model.thresholds[c]]
        if high and self.model.judges(draft.text):
            for category in high:
                self._explain(doc, category)
        return doc

    def _explain(self, doc: Doc, category: str) -> None:
        """The finding, pointed at the words that drove the score and naming them; none when no
        word is worth naming."""
        text = draft_of(doc).text
        spans = []
        for term in self.model.telling(text, category):
            found = _find_term(text, term)
            if found:
                spans.append((term, found))
        if not spans:
            # No strongly weighted word drove the score, only many faint ones: a finding could not
            # say why, and such scores are where the model's false alarms on real posts came from.
            return
        # Point at the strongest term, and stretch to the second when both are in one sentence.
        start, end = spans[0][1]
        sentence = sentence_at(doc, start)
        for _term, (s, e) in spans[1:]:
            if sentence[0] <= s < sentence[1]:
                start, end = min(start, s), max(end, e)
        quoted = [f"‘{text[s:e]}’" for _term, (s, e) in spans]
        words = " and ".join(quoted)
        add_finding(doc, RULES_BY_CATEGORY[category], start, end, fill={"words": words})

    def _warm(self, draft: Draft) -> bool:
        lowered = draft.lowered
        if lowered is not None and self.warmth_lowered is not None:
            return self.warmth_lowered.search(lowered) is not None
        return self.warmth.search(draft.plain) is not None


def _find_term(text: str, term: str) -> tuple[int, int] | None:
    """Where a model term (lower-cased words, one or two) stands in the draft as written."""
    words = [re.escape(w).replace("'", "['’]") for w in term.split()]
    m = re.search(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", text, re.I)
    return m.span() if m else None

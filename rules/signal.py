"""A trained signal for tone and conduct, run as plain Python from a JSON file.

The rule packs catch the wording they foresee. On drafts written separately from them they
missed about half of the tone and conduct problems, because people put the same thing in endless
ways. This is a logistic regression over words and word pairs (TF-IDF, as scikit-learn computes
it), trained by `bench/train_signal.py` on labelled drafts. The weights ship in
`rules/data/signal.json`, so nothing is downloaded and scikit-learn is not needed to run it; a
test holds these scores equal to scikit-learn's own.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from operator import mul
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

DATA = Path(__file__).resolve().parent / "data" / "signal.json"


class CategoryWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    coef: list[float]
    intercept: float
    threshold: float


class SignalModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: int
    token_pattern: str
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    vocabulary: list[str]
    idf: list[float]
    categories: dict[str, CategoryWeights]

    @model_validator(mode="after")
    def _sizes_agree(self) -> SignalModel:
        if self.format != 1 or self.ngram_range != (1, 2) or not self.sublinear_tf:
            raise ValueError("only format 1 (word 1-2 grams, sublinear tf) is understood")
        if len(self.idf) != len(self.vocabulary):
            raise ValueError("idf and vocabulary differ in length")
        for name, weights in self.categories.items():
            if len(weights.coef) != len(self.vocabulary):
                raise ValueError(f"{name}: coef and vocabulary differ in length")
        return self


class TextSignal:
    """Scores a text for each category; loaded once per process."""

    def __init__(self, path: Path = DATA) -> None:
        model = SignalModel.model_validate_json(path.read_text(encoding="utf-8"))
        self.token = re.compile(model.token_pattern)
        self.index = {term: i for i, term in enumerate(model.vocabulary)}
        self.idf = model.idf
        # Each weight times its idf, once, so a score is one sum over the draft's terms.
        self.categories = {name: ([c * f for c, f in zip(w.coef, model.idf)], w.intercept)
                           for name, w in model.categories.items()}
        self.thresholds = {name: w.threshold for name, w in model.categories.items()}

    def _counts(self, text: str) -> dict[int, int]:
        """How often each vocabulary term occurs, in the order scikit-learn meets them (words in
        order of first use, then pairs), so that sums over it add up in the same order."""
        tokens = self.token.findall(text.lower())
        get = self.index.get
        # Counter counts in C over map(), a little faster than a Python loop, in the same order.
        counts: Counter[int | None] = Counter(map(get, tokens))
        counts.update(map(get, map(" ".join, zip(tokens, tokens[1:]))))
        del counts[None]  # words and pairs outside the vocabulary (a Counter ignores a missing key)
        return counts  # type: ignore[return-value]

    def scores(self, text: str, categories: tuple[str, ...] | None = None) -> dict[str, float]:
        """The probability, for each category, that a reviewer would flag the text."""
        counts = self._counts(text)
        ids = list(counts)
        # Sublinear tf: 1 for a term met once (nearly all of them), else 1 + log(n).
        tf = [1.0 if n == 1 else 1.0 + math.log(n) for n in counts.values()]
        # Sums run in C (map) over the terms in scikit-learn's order.
        values = list(map(mul, tf, map(self.idf.__getitem__, ids)))
        norm = math.sqrt(sum(map(mul, values, values))) or 1.0
        out = {}
        for name in categories or tuple(self.categories):
            weights, intercept = self.categories[name]
            z = intercept + sum(map(mul, map(weights.__getitem__, ids), tf)) / norm
            out[name] = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        return out

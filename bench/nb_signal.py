"""NB-LR for the signal (Wang & Manning 2012, "Baselines and bigrams"): measured, not shipped.

    python bench/nb_signal.py [--weighting nb|nb-l2] [--c 0.03] [--alpha 1] [--beta 1]
    python bench/signal_sweep.py --weighting nb --c 0.03 --conduct-threshold 0.87

The same words and word pairs as the shipped signal (bench/train_signal.py), but each term is
weighed by its log-count ratio for the category, computed on the training rows (how much more
often, in share of all terms present, it is in the category's rows than in the others), in place
of the idf; then the same weighted logistic regression. At run time that would still be one sum
over the draft's terms, with a scale per category in place of the one idf. `nb` counts a term
present as 1 with no norm (the paper's NBSVM features); `nb-l2` uses sublinear tf times the ratio,
L2-normalised as TF-IDF is. `beta` under 1 interpolates each weight towards the mean weight
magnitude (the paper's w' = (1 - beta) mean|w| + beta w).

This script chooses the thresholds as train_signal.py does (on out-of-fold scores of the training
rows only) and prints them with the out-of-fold figures per set; signal_sweep.py `--weighting`
scores the whole coach with it. README "How well it does" says what it gave and why it is not
shipped. `NBSignal` is the runtime's arithmetic (rules/signal.py's TextSignal, with a scale and a
norm per category); scoring it here, rather than through scikit-learn, keeps the named-word filter
and the abstaining exactly as the coach has them.
"""
from __future__ import annotations

import argparse
import math
import sys
from operator import mul
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import train_signal  # noqa: E402
from rules.signal import TextSignal, normalise  # noqa: E402

WEIGHTINGS = ("nb", "nb-l2")


def log_count_ratio(counts, labels: list[bool], weights: list[float], alpha: float):
    """Each term's log-count ratio: counts are of rows containing the term, weighed as the rows
    are in training, with `alpha` added to every count."""
    import numpy as np

    present = counts.copy()
    present.data[:] = 1.0
    w = np.asarray(weights)
    y = np.asarray(labels, dtype=bool)
    p = alpha + present.T @ (w * y)
    q = alpha + present.T @ (w * ~y)
    return np.log((p / p.sum()) / (q / q.sum()))


def fit(rows: list[train_signal.Row], weighting: str = "nb", c: float = 0.03, alpha: float = 1.0,
        beta: float = 1.0, min_df: int = 3) -> dict:
    """The model as a dict: the shipped model's fields, and per category a scale (the log-count
    ratios) beside the weights; `tf` (binary or sublinear) and `norm` (none or l2) say how values
    are computed."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting is one of {WEIGHTINGS}")
    # The shipped vocabulary (and its names left out), as train_signal.fit builds it.
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, lowercase=False,
                                 token_pattern=train_signal.TOKEN_PATTERN, preprocessor=normalise,
                                 stop_words=train_signal.proper_names(rows) or None)
    vectorizer.fit([r.text for r in rows])
    counter = CountVectorizer(ngram_range=(1, 2), lowercase=False, token_pattern=train_signal.TOKEN_PATTERN,
                              preprocessor=normalise, vocabulary=vectorizer.vocabulary_,
                              stop_words=vectorizer.stop_words)
    binary = weighting == "nb"

    def tf(texts: list[str]):
        matrix = counter.transform(texts).astype(float)
        matrix.data = np.ones_like(matrix.data) if binary else 1.0 + np.log(matrix.data)
        return matrix

    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    categories = {}
    for category in train_signal.CATEGORIES:
        use, labels, weights = train_signal.weights_for(rows, category)
        counts = tf([r.text for r in use])
        scale = np.round(log_count_ratio(counts, labels, weights, alpha), 5)
        matrix = counts @ sparse.diags(scale)
        if not binary:
            matrix = normalize(matrix)
        model = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels, sample_weight=weights)
        coef = model.coef_[0]
        if beta != 1.0:
            coef = (1 - beta) * np.abs(coef).mean() + beta * coef
        categories[category] = {
            "scale": [float(x) for x in scale],
            "coef": [float(x) for x in coef],
            "intercept": float(model.intercept_[0]),
            "threshold": 1.0,
            "telling": train_signal.telling(vocabulary, coef * scale),
        }
    return {
        "token_pattern": train_signal.TOKEN_PATTERN,
        "tf": "binary" if binary else "sublinear",
        "norm": "none" if binary else "l2",
        "vocabulary": vocabulary,
        "categories": categories,
        "names": sorted(vectorizer.stop_words or ()),
    }


class NBSignal(TextSignal):
    """rules.signal.TextSignal's arithmetic with a scale (and so a norm) per category."""

    def __init__(self, model: dict, thresholds: dict[str, float] | None = None) -> None:
        import re

        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        self.token = re.compile(model["token_pattern"])
        self.vocabulary = model["vocabulary"]
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.binary = model["tf"] == "binary"
        self.l2 = model["norm"] == "l2"
        cats = model["categories"]
        self.categories = {name: ([c * f for c, f in zip(w["coef"], w["scale"])], w["intercept"])
                           for name, w in cats.items()}
        self.scales = {name: w["scale"] for name, w in cats.items()}
        self.thresholds = {name: (thresholds or {}).get(name, w["threshold"]) for name, w in cats.items()}
        self.telling_terms = {name: frozenset(w["telling"]) for name, w in cats.items()}
        self.stop_words = frozenset(ENGLISH_STOP_WORDS)
        self.names = frozenset(model["names"])
        self.english = frozenset(t for t in self.vocabulary if " " not in t and t.isalpha())
        self.min_english_share = train_signal.MIN_ENGLISH_SHARE
        self.min_words = train_signal.MIN_WORDS_TO_ABSTAIN
        self.min_tokens = train_signal.MIN_WORDS_TO_JUDGE

    def _prepared(self, text: str, judge: bool = True):
        tokens = self.tokens(text)
        if judge and (len(tokens) < self.min_tokens or not self.is_english(tokens)):
            return None
        counts = self._counts(tokens)
        ids = list(counts)
        if self.binary:
            return ids, [1.0] * len(ids)
        return ids, [1.0 if n == 1 else 1.0 + math.log(n) for n in counts.values()]

    def _norm(self, category: str, ids: list[int], tf: list[float]) -> float:
        if not self.l2:
            return 1.0
        values = list(map(mul, tf, map(self.scales[category].__getitem__, ids)))
        return math.sqrt(sum(map(mul, values, values))) or 1.0

    def scores(self, text: str, categories: tuple[str, ...] | None = None, judge: bool = True) -> dict[str, float]:
        names = categories or tuple(self.categories)
        prepared = self._prepared(text, judge)
        if prepared is None:
            return {name: 0.0 for name in names}
        ids, tf = prepared
        out = {}
        for name in names:
            weights, intercept = self.categories[name]
            z = intercept + sum(map(mul, map(weights.__getitem__, ids), tf)) / self._norm(name, ids, tf)
            out[name] = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        return out

    def drivers(self, text: str, category: str) -> list[tuple[str, float]]:
        prepared = self._prepared(text)
        if prepared is None:
            return []
        ids, tf = prepared
        norm = self._norm(category, ids, tf)
        weights = self.categories[category][0]
        parts = [(self.vocabulary[i], weights[i] * t / norm) for i, t in zip(ids, tf)]
        return sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])


def out_of_fold(rows, k: int = 5, **fit_args) -> dict[str, dict[str, float]]:
    scores: dict[str, dict[str, float]] = {}
    for fold in range(k):
        signal = NBSignal(fit([r for r in rows if r.fold(k) != fold], **fit_args))
        for r in rows:
            if r.fold(k) == fold:
                scores[r.id] = signal.scores(r.text)
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weighting", choices=WEIGHTINGS, default="nb")
    parser.add_argument("--c", type=float, default=0.03, help="inverse regularisation")
    parser.add_argument("--alpha", type=float, default=1.0, help="count smoothing")
    parser.add_argument("--beta", type=float, default=1.0, help="interpolation towards the mean weight (1: none)")
    parser.add_argument("--max-far", type=float, default=0.08)
    parser.add_argument("--max-fine-far", type=float, default=0.005)
    args = parser.parse_args()
    rows = train_signal.real_rows() + train_signal.draft_rows()
    scores = out_of_fold(rows, weighting=args.weighting, c=args.c, alpha=args.alpha, beta=args.beta)
    thresholds = train_signal.choose_thresholds(rows, scores, args.max_far, args.max_fine_far)
    for name in sorted({r.set for r in rows}):
        part = [r for r in rows if r.set == name]
        for category in train_signal.CATEGORIES:
            t = thresholds[category]
            pos = [r for r in part if category in r.flags]
            neg = [r for r in part if not r.flags]
            recall = sum(scores[r.id][category] >= t for r in pos) / max(1, len(pos))
            far = sum(scores[r.id][category] >= t for r in neg) / max(1, len(neg))
            print(f"{name:22} {category:8} threshold {t:.2f}  recall {recall:.3f}  false alarms {far:.3f}  "
                  f"balanced {(recall + 1 - far) / 2:.3f}")
    print(f"thresholds {thresholds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the tone and conduct signal that backs up the rule packs (rules/signal.py).

Rules catch the wording they foresee; held-out drafts showed that they miss about half of the
tone and conduct problems phrased in a new way. A linear model over words and word pairs,
trained on labelled drafts, catches some of those. It only adds a flag the rules did not raise,
and only above a threshold chosen so that it raises no false alarm on the dev set or on a
separate set of fine drafts.

    pip install -r requirements-dev.txt       # scikit-learn is needed to train, never to run
    python bench/train_signal.py [--out rules/data/signal.json] [--report]

Training data: `bench/data/train/*.jsonl` (drafts written and labelled for this project,
LABELS.md format) and the rule-family cases in `tests/rules/cases*.yml`. The dev set
(../shared/eval/dev.jsonl) is never trained on: it is what the thresholds are checked against.
The result is plain JSON (vocabulary, idf, one weight vector per category), so running it needs
no scikit-learn; tests/rules/test_signal.py holds the runtime equal to scikit-learn's own scores.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRAIN = ROOT / "bench" / "data" / "train"
CATEGORIES = ("tone", "conduct")
TOKEN_PATTERN = r"(?u)\b\w[\w']*\b"
MAX_CHARS = 5000  # very long drafts are length problems; they would swamp the word counts


def training_drafts() -> list[tuple[str, set[str]]]:
    drafts: list[tuple[str, set[str]]] = []
    for path in sorted(TRAIN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if len(row["text"]) <= MAX_CHARS:
                    drafts.append((row["text"], set(row["expect"]["flags"])))
    for path in sorted((ROOT / "tests" / "rules").glob("cases*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            drafts.append((case["text"], set(case["flags"])))
    return drafts


def fit(drafts: list[tuple[str, set[str]]], c: float = 16.0):
    """The fitted vectorizer and one logistic regression per category."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [text for text, _ in drafts]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True,
                                 token_pattern=TOKEN_PATTERN)
    matrix = vectorizer.fit_transform(texts)
    models = {}
    for category in CATEGORIES:
        labels = [category in flags for _, flags in drafts]
        models[category] = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(matrix, labels)
    return vectorizer, models


def export(vectorizer, models, thresholds: dict[str, float]) -> dict:
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {
        "format": 1,
        "token_pattern": TOKEN_PATTERN,
        "ngram_range": [1, 2],
        "sublinear_tf": True,
        "vocabulary": vocabulary,
        "idf": [round(float(x), 6) for x in vectorizer.idf_],
        "categories": {
            category: {
                "coef": [round(float(x), 6) for x in models[category].coef_[0]],
                "intercept": round(float(models[category].intercept_[0]), 6),
                "threshold": thresholds[category],
            }
            for category in CATEGORIES
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "data" / "signal.json")
    parser.add_argument("--tone-threshold", type=float, default=0.7)
    parser.add_argument("--conduct-threshold", type=float, default=0.75)
    args = parser.parse_args()
    drafts = training_drafts()
    vectorizer, models = fit(drafts)
    model = export(vectorizer, models, {"tone": args.tone_threshold, "conduct": args.conduct_threshold})
    args.out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"{len(drafts)} drafts, {len(model['vocabulary'])} features -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the tone and conduct signal that backs up the rule packs (rules/signal.py).

    pip install -r requirements-dev.txt       # scikit-learn is needed to train, never to run
    python bench/train_signal.py [--real ../shared/real/train] [--out rules/data/signal.json]

Training data (sources and licences in data/train/SOURCES.md):
- real labelled posts, `../shared/real/train/*.jsonl` (Davidson's tweets, iSarcasmEval's tweets,
  ToxiChat's Reddit replies): `offensive` rows teach the tone model, and every
  `not_offensive` row is a negative for both models;
- the project's own labelled drafts, `data/train/drafts/*.jsonl` (LABELS.md format), which teach
  both categories, conduct only from these.

Each set is weighed rather than pooled: every set carries the same total weight (Davidson's half
of that, since its labels over-flag African-American English and its US slang is far from a UK
council's replies), and within each category the two classes are balanced. Never trained on: the
dev set, `../shared/real/eval/`, or the test cases in `tests/rules/`.

Thresholds are chosen for precision, from scores the model gave rows it was not trained on
(5-fold, `--report` prints them): the lowest threshold at which no more than `--max-far` of the
inoffensive real rows and of the project's fine drafts score above it.

The result is plain JSON (vocabulary, idf, one weight vector per category), so running it needs
no scikit-learn; tests/rules/test_signal.py holds the runtime's scores equal to scikit-learn's
for the same weights.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from rules.signal import FORMAT, normalise  # noqa: E402

DRAFTS = ROOT / "data" / "train" / "drafts"
REAL = ROOT.parent / "shared" / "real" / "train"
CATEGORIES = ("tone", "conduct")
TOKEN_PATTERN = r"(?u)\b\w[\w']*\b"
MAX_CHARS = 5000  # very long drafts are length problems; they would swamp the word counts
# Every set weighs the same in total, except these (see the module's docstring).
SET_WEIGHT = {"davidson_offensive": 0.5}
MIN_ENGLISH_SHARE = 0.5
MIN_WORDS_TO_ABSTAIN = 4
MIN_WORDS_TO_JUDGE = 3
TELLING = 400  # how many of each category's strongest terms a finding may name


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    set: str
    flags: frozenset[str]  # categories a reviewer flags; for real rows, offensive -> tone
    real: bool
    label: str
    account: str = "councillor"  # offensive / not_offensive / fine (project drafts: fine or flagged)

    def fold(self, k: int = 5) -> int:
        """A fold fixed by the row's id, so every run and every script splits alike."""
        return zlib.crc32(self.id.encode()) % k


def real_rows(folder: Path = REAL) -> list[Row]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                flags = frozenset({"tone"}) if r["label"] == "offensive" else frozenset()
                rows.append(Row(r["id"], r["text"], path.stem, flags, True, r["label"]))
    return rows


def draft_rows(folder: Path = DRAFTS) -> list[Row]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if len(r["text"]) <= MAX_CHARS:
                    flags = frozenset(r["expect"]["flags"])
                    rows.append(Row(r["id"], r["text"], "drafts", flags, False,
                                    "flagged" if flags else "fine", r.get("account", "council")))
    return rows


def weights_for(rows: list[Row], category: str) -> tuple[list[Row], list[bool], list[float]]:
    """The rows that teach a category, their labels and weights: each set the same total (times
    SET_WEIGHT), and the positives and negatives of the category balanced overall. Real rows
    count as councillors' posts, as ../shared/real/ labels them."""
    use = [r for r in rows if not (r.real and category != "tone" and r.flags)]
    if category == "conduct":
        # The conduct signal judges councillors' own accounts only (rules/components/signal.py):
        # a council account's conduct turns on party politics a councillor may rightly post.
        use = [r for r in use if r.account == "councillor"]
    labels = [category in r.flags for r in use]
    sizes: dict[str, int] = {}
    for r in use:
        sizes[r.set] = sizes.get(r.set, 0) + 1
    weights = [SET_WEIGHT.get(r.set, 1.0) / sizes[r.set] for r in use]
    positive = sum(w for w, y in zip(weights, labels) if y)
    negative = sum(w for w, y in zip(weights, labels) if not y)
    scale = len(use) / 2
    weights = [w * scale / (positive if y else negative) for w, y in zip(weights, labels)]
    return use, labels, weights


_WORD = re.compile(r"\b[A-Za-z][a-z']+\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n\"“]\s*)$")


def proper_names(rows: list[Row], min_count: int = 3, share: float = 0.75) -> list[str]:
    """Words the training texts nearly always capitalise inside a sentence: names of people,
    parties and places ("James", "Trump", "Brexit"). A name carries no tone, but a model learns
    whatever names its offensive rows happen to mention, so names are left out of its words."""
    capital: dict[str, int] = {}
    total: dict[str, int] = {}
    for r in rows:
        text = normalise_case(r.text)
        for m in _WORD.finditer(text):
            if _SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
                continue
            word = m.group().lower()
            total[word] = total.get(word, 0) + 1
            if m.group()[0].isupper():
                capital[word] = capital.get(word, 0) + 1
    return sorted(w for w, n in total.items() if n >= min_count and capital.get(w, 0) >= share * n)


def normalise_case(text: str) -> str:
    """The text with handles and links taken out but its case kept (rules.signal.normalise
    lower-cases): where a word stands capitalised is what tells a name."""
    return normalise(text, keep_case=True)


def fit(rows: list[Row], c: float = 4.0, min_df: int = 3):
    """The fitted vectorizer and one logistic regression per category."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True, lowercase=False,
                                 token_pattern=TOKEN_PATTERN, preprocessor=normalise,
                                 stop_words=proper_names(rows) or None)
    vectorizer.fit([r.text for r in rows])
    models = {}
    for category in CATEGORIES:
        use, labels, weights = weights_for(rows, category)
        matrix = vectorizer.transform([r.text for r in use])
        models[category] = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels, sample_weight=weights)
    return vectorizer, models


def export(vectorizer, models, thresholds: dict[str, float]) -> dict:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return {
        "format": FORMAT,
        "token_pattern": TOKEN_PATTERN,
        "ngram_range": [1, 2],
        "sublinear_tf": True,
        "vocabulary": vocabulary,
        "idf": [round(float(x), 5) for x in vectorizer.idf_],
        "categories": {
            category: {
                "coef": [round(float(x), 5) for x in models[category].coef_[0]],
                "intercept": round(float(models[category].intercept_[0]), 5),
                "threshold": thresholds[category],
                "telling": telling(vocabulary, models[category].coef_[0]),
            }
            for category in CATEGORIES
        },
        "stop_words": sorted(ENGLISH_STOP_WORDS),
        "names": sorted(vectorizer.stop_words or ()),
        "min_english_share": MIN_ENGLISH_SHARE,
        "min_words_to_abstain": MIN_WORDS_TO_ABSTAIN,
        "min_words_to_judge": MIN_WORDS_TO_JUDGE,
    }


def telling(vocabulary: list[str], coef, top: int = TELLING) -> list[str]:
    """The category's strongest terms by weight, the only ones a finding may name."""
    order = sorted(range(len(vocabulary)), key=lambda i: -coef[i])[:top]
    return sorted(vocabulary[i] for i in order if coef[i] > 0)


def write(model: dict, out: Path) -> None:
    out.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")


def out_of_fold(rows: list[Row], k: int = 5, **fit_args) -> dict[str, dict[str, float]]:
    """Each row's scores from a model trained without its fold (the runtime's own arithmetic)."""
    import tempfile

    from rules.signal import TextSignal

    scores: dict[str, dict[str, float]] = {}
    for fold in range(k):
        train = [r for r in rows if r.fold(k) != fold]
        vectorizer, models = fit(train, **fit_args)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "signal.json"
            write(export(vectorizer, models, {c: 1.0 for c in CATEGORIES}), path)
            signal = TextSignal(path)
        for r in rows:
            if r.fold(k) == fold:
                scores[r.id] = signal.scores(r.text)
    return scores


def choose_thresholds(rows: list[Row], scores: dict[str, dict[str, float]], max_far: float,
                      max_fine_far: float) -> dict[str, float]:
    """The lowest threshold (to 0.01) at which at most max_far of the inoffensive real rows, and
    at most max_fine_far of the project's fine drafts, score at or above it."""
    chosen = {}
    for category in CATEGORIES:
        groups = [([scores[r.id][category] for r in rows if r.real and not r.flags], max_far),
                  ([scores[r.id][category] for r in rows if not r.real and not r.flags], max_fine_far)]
        threshold = 0.5
        while threshold < 0.99 and any(sum(s >= threshold for s in g) > far * len(g) for g, far in groups):
            threshold = round(threshold + 0.01, 2)
        chosen[category] = threshold
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", type=Path, default=REAL, help="folder of the real labelled sets")
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "data" / "signal.json")
    parser.add_argument("--max-far", type=float, default=0.08,
                        help="share of inoffensive real rows a threshold may pass (out of fold)")
    parser.add_argument("--max-fine-far", type=float, default=0.005,
                        help="share of the project's fine drafts a threshold may pass (out of fold)")
    parser.add_argument("--oof", type=Path, help="reuse (or save) out-of-fold scores in this file")
    parser.add_argument("--tone-threshold", type=float)
    parser.add_argument("--conduct-threshold", type=float)
    parser.add_argument("--report", action="store_true", help="print out-of-fold figures per set")
    args = parser.parse_args()
    rows = real_rows(args.real) + draft_rows()
    if args.oof and args.oof.exists():
        scores = json.loads(args.oof.read_text(encoding="utf-8"))
    else:
        scores = out_of_fold(rows)
        if args.oof:
            args.oof.write_text(json.dumps(scores), encoding="utf-8")
    thresholds = choose_thresholds(rows, scores, args.max_far, args.max_fine_far)
    if args.tone_threshold is not None:
        thresholds["tone"] = args.tone_threshold
    if args.conduct_threshold is not None:
        thresholds["conduct"] = args.conduct_threshold
    if args.report:
        for name in sorted({r.set for r in rows}):
            part = [r for r in rows if r.set == name]
            pos = [r for r in part if r.flags]
            neg = [r for r in part if not r.flags]
            for category in CATEGORIES:
                t = thresholds[category]
                recall = sum(scores[r.id][category] >= t for r in pos if category in r.flags) / max(
                    1, sum(category in r.flags for r in pos))
                far = sum(scores[r.id][category] >= t for r in neg) / max(1, len(neg))
                print(f"{name:22} {category:8} threshold {t:.2f}  recall {recall:.3f}  "
                      f"false alarms {far:.3f}  balanced {(recall + 1 - far) / 2:.3f}")
    vectorizer, models = fit(rows)
    model = export(vectorizer, models, thresholds)
    write(model, args.out)
    print(f"{len(rows)} rows, {len(model['vocabulary'])} features, thresholds {thresholds} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

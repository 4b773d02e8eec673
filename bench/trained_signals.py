"""Would a trained signal help the tone check? A measurement, kept so it can be run again.

The engine issue asks for a trained signal that ships its model offline (alt-profanity-check for
insults, VADER for social-media sentiment) *where that measurably helps on the dev set*. This
script measures exactly that: the rules alone, then the rules OR each signal at a few thresholds,
scored as tone F1 on ../shared/eval/dev.jsonl, with each signal's cost per draft.

Neither package is a dependency of Checkpost, so install them first, in any virtual environment
that also has the project's requirements:

    pip install alt-profanity-check vaderSentiment
    python bench/trained_signals.py [labelled.jsonl]     # the dev set by default
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
INPUT_KEYS = ("text", "platform", "account", "pre_election", "in_reply_to")


def f1(pairs: list[tuple[bool, bool]]) -> tuple[float, int, int, int]:
    tp = sum(w and g for w, g in pairs)
    fp = sum(g and not w for w, g in pairs)
    fn = sum(w and not g for w, g in pairs)
    return (round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0), tp, fp, fn


def main() -> int:
    try:
        from profanity_check import predict_prob
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("needs: pip install alt-profanity-check vaderSentiment", file=sys.stderr)
        return 2
    from rules import Coach

    coach = Coach()
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    cases = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    want = [("tone" in c["expect"]["flags"]) for c in cases]
    got = []
    for case in cases:
        report = coach.check({k: case[k] for k in INPUT_KEYS if k in case})
        got.append(any(f.category == "tone" and f.severity != "info" for f in report.findings))
    texts = [c["text"] for c in cases]
    started = time.perf_counter()
    profanity = [float(predict_prob([t])[0]) for t in texts]
    profanity_us = (time.perf_counter() - started) / len(texts) * 1e6
    vader = SentimentIntensityAnalyzer()
    started = time.perf_counter()
    sentiment = [vader.polarity_scores(t)["compound"] for t in texts]
    vader_us = (time.perf_counter() - started) / len(texts) * 1e6

    print(f"{'tone signal':34} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    rows = [("rules alone", got)]
    rows += [(f"rules or profanity > {t}", [g or p > t for g, p in zip(got, profanity)]) for t in (0.5, 0.7, 0.9)]
    rows += [(f"rules or VADER compound < {t}", [g or s < t for g, s in zip(got, sentiment)]) for t in (-0.5, -0.7)]
    rows += [("profanity > 0.5 alone", [p > 0.5 for p in profanity]),
             ("VADER compound < -0.5 alone", [s < -0.5 for s in sentiment])]
    for name, flags in rows:
        score, tp, fp, fn = f1(list(zip(want, flags)))
        print(f"{name:34} {score:6.3f} {tp:4} {fp:4} {fn:4}")
    print(f"cost per draft: profanity {profanity_us:.0f} µs, VADER {vader_us:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

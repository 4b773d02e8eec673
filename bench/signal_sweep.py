"""What other training settings and thresholds would give, for the whole coach, cross-validated.

    python bench/signal_sweep.py [--c 4] [--weight toxichat_reddit=2] [--telling 400] [--split replies|words]
                                 [--weighting nb|nb-l2 --alpha 1 --beta 1 --conduct-threshold T] [--grid 0.6 0.7 ...]

Like bench/real_cv.py (the same folds, each fold's signal trained without it), but every row is
checked once with the tone threshold at 0 and its score kept, so one run shows every threshold:
a row is flagged at threshold t when a rule flags it, or the signal would (a named word drove its
score) and its score is at least t. At the shipped settings and threshold this gives exactly
real_cv.py's figures.

Beside the balanced accuracy per labelled set it prints the share of `../shared/real/eval/` posts
flagged, from the signal trained on every row. That file is a ceiling to check, never something
to choose a threshold or a setting on (bench/train_signal.py chooses thresholds on out-of-fold
scores of the training rows alone).

`--split replies` tries one threshold for drafts that open with @handles and another for the rest;
`--split words` one for drafts of under 20 words and another for the rest. `--weighting nb` (or
`nb-l2`) trains NB-LR instead (bench/nb_signal.py, which also prints the thresholds train_signal.py's
way would choose for it; pass its conduct threshold with `--conduct-threshold`).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import train_signal  # noqa: E402

EVAL = ROOT.parent / "shared" / "real" / "eval"
SETS = ("davidson_offensive", "toxichat_reddit", "isarcasmeval_sarcasm")
GRID = (0.62, 0.66, 0.68, 0.70, 0.72, 0.74, 0.77, 0.80, 0.85)


def record(coach, items) -> dict[str, tuple[bool, bool, bool, float]]:
    """For each (id, row): flagged by the rules for tone or conduct, flagged by the rules at all,
    a tone-signal finding at threshold 0, and the tone score."""
    component = dict(coach.nlp.pipeline)["checkpost_signal"]
    out = {}
    for rid, row in items:
        report = coach.check({k: row[k] for k in ("text", "platform", "account")})
        found = [f for f in report.findings if f.severity in ("warn", "block")]
        signal = any(f.rule == "tone.signal" for f in found)
        out[rid] = (any(f.category in ("tone", "conduct") and f.rule != "tone.signal" for f in found),
                    any(f.rule != "tone.signal" for f in found) or bool(report.route_to_dm),
                    signal,
                    component.model.scores(row["text"], ("tone",), judge=False)["tone"] if signal else 0.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--c", type=float, default=4.0, help="inverse regularisation (shipped: 4)")
    parser.add_argument("--weight", action="append", default=[], help="set=weight, e.g. toxichat_reddit=2")
    parser.add_argument("--telling", type=int, default=train_signal.TELLING, help="terms a finding may name")
    parser.add_argument("--split", choices=("replies", "words"))
    parser.add_argument("--weighting", choices=("idf", "nb", "nb-l2"), default="idf",
                        help="idf: TF-IDF, as shipped; nb, nb-l2: NB-LR (bench/nb_signal.py)")
    parser.add_argument("--alpha", type=float, default=1.0, help="NB-LR's count smoothing")
    parser.add_argument("--beta", type=float, default=1.0, help="NB-LR's interpolation towards the mean weight")
    parser.add_argument("--conduct-threshold", type=float, help="the shipped one unless given")
    parser.add_argument("--grid", type=float, nargs="*", help="tone thresholds to show")
    args = parser.parse_args()
    from rules import Coach
    from rules.signal import TextSignal

    for item in args.weight:
        name, value = item.split("=")
        train_signal.SET_WEIGHT[name] = float(value)
    train_signal.telling.__defaults__ = (args.telling,)
    coach = Coach()
    component = dict(coach.nlp.pipeline)["checkpost_signal"]
    conduct = args.conduct_threshold or component.model.thresholds["conduct"]
    rows = train_signal.real_rows() + train_signal.draft_rows()
    raw = {}
    for path in sorted(train_signal.REAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                raw[r["id"]] = r
    posts = {p.stem: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
             for p in sorted(EVAL.glob("*.jsonl"))}
    labelled = [r for r in rows if r.real]
    seen: dict[str, tuple[bool, bool, bool, float]] = {}

    def load(train):
        if args.weighting != "idf":
            import nb_signal

            model = nb_signal.fit(train, args.weighting, c=args.c, alpha=args.alpha, beta=args.beta)
            component.model = nb_signal.NBSignal(model, {"tone": 0.0, "conduct": conduct})
            return
        vectorizer, models = train_signal.fit(train, c=args.c)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "signal.json"
            train_signal.write(train_signal.export(vectorizer, models, {"tone": 0.0, "conduct": conduct}), path)
            component.model = TextSignal(path)

    for fold in range(5):
        load([r for r in rows if r.fold() != fold])
        seen.update(record(coach, [(r.id, raw[r.id]) for r in labelled if r.fold() == fold]))
    load(rows)
    ceiling = {name: record(coach, [(p["id"], p) for p in part]) for name, part in posts.items()}
    texts = {p["id"]: p["text"] for part in posts.values() for p in part} | {r.id: r.text for r in labelled}
    if args.split == "replies":
        group = lambda rid: texts[rid].lstrip().startswith("@")  # noqa: E731
    elif args.split == "words":
        group = lambda rid: len(component.model.tokens(texts[rid])) < 20  # noqa: E731
    else:
        group = lambda rid: False  # noqa: E731
    grid = args.grid or GRID
    pairs = [(t, t) for t in grid] if not args.split else [(a, b) for a in grid for b in grid]

    def hit(rid, seen_row, ta, tb) -> bool:
        return seen_row[2] and seen_row[3] >= (ta if group(rid) else tb)

    for ta, tb in pairs:
        line = [f"threshold {ta:.2f}" + (f"/{tb:.2f}" if args.split else "")]
        for name in SETS:
            part = [r for r in labelled if r.set == name]
            flags = [(bool(r.flags), seen[r.id][0] or hit(r.id, seen[r.id], ta, tb)) for r in part]
            pos = [h for want, h in flags if want]
            neg = [h for want, h in flags if not want]
            line.append(f"{name} {(sum(pos) / len(pos) + 1 - sum(neg) / len(neg)) / 2:.3f}")
        for name, found in ceiling.items():
            rate = sum(v[1] or hit(rid, v, ta, tb) for rid, v in found.items()) / len(found)
            line.append(f"{name} flagged {rate:.3f}")
        print("  ".join(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

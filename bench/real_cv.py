"""The whole coach on real labelled posts, 5-fold cross-validated, beside the peer.

    python bench/real_cv.py [--real ../shared/real/train] [--peer]

Every training row has a fold fixed by its id (five in all). For each fold the signal is trained
on every row outside it (bench/train_signal.py, the shipped model's settings and thresholds), and
the coach (rules plus that signal) checks the fold's labelled rows; a row counts as flagged when it
gets a tone or conduct finding at warn or block, as ../shared/eval/real.py counts it. So each row
is judged by a signal that never saw it. Scoring the shipped model on its own training rows would
say nothing; this does. `--tone-thresholds 0.7 0.75 ...` shows what other thresholds would give.

`--peer` also scores alt-profanity-check (predict_prob >= 0.5) on the same rows. It is not a
dependency: install it in a separate environment and pass that environment's python with
`--peer-python`, because its pinned scikit-learn may differ from ours.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import train_signal  # noqa: E402

PEER = """
import json, sys
from profanity_check import predict_prob
texts = json.load(sys.stdin)
print(json.dumps([float(p) for p in predict_prob(texts)]))
"""


def flagged(report) -> bool:
    return any(f.category in ("tone", "conduct") and f.severity in ("warn", "block") for f in report.findings)


def balanced(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """(recall, false-alarm rate, balanced accuracy) from (offensive, flagged) pairs."""
    pos = [hit for want, hit in pairs if want]
    neg = [hit for want, hit in pairs if not want]
    recall = sum(pos) / len(pos)
    far = sum(neg) / len(neg)
    return recall, far, (recall + 1 - far) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", type=Path, default=train_signal.REAL)
    parser.add_argument("--peer-python", help="a python with alt-profanity-check installed")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--tone-thresholds", type=float, nargs="*", help="try these instead of the shipped one")
    args = parser.parse_args()
    from rules import Coach
    from rules.signal import TextSignal

    coach = Coach()
    component = dict(coach.nlp.pipeline)["checkpost_signal"]
    shipped = json.loads((ROOT / "rules" / "data" / "signal.json").read_text(encoding="utf-8"))
    thresholds = {c: w["threshold"] for c, w in shipped["categories"].items()}
    rows = train_signal.real_rows(args.real) + train_signal.draft_rows()
    raw = {}
    for path in sorted(args.real.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                raw[r["id"]] = r
    tone_thresholds = args.tone_thresholds or [thresholds["tone"]]
    labelled = [r for r in rows if r.real]
    flags: dict[float, dict[str, bool]] = {t: {} for t in tone_thresholds}
    for fold in range(args.folds):
        vectorizer, models = train_signal.fit([r for r in rows if r.fold(args.folds) != fold])
        for t in tone_thresholds:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "signal.json"
                train_signal.write(train_signal.export(vectorizer, models, {**thresholds, "tone": t}), path)
                component.model = TextSignal(path)
            for r in labelled:
                if r.fold(args.folds) == fold:
                    source = raw[r.id]
                    flags[t][r.id] = flagged(coach.check({k: source[k] for k in ("text", "platform", "account")}))
    summary = {}
    for name in sorted({r.set for r in labelled}):
        part = [r for r in labelled if r.set == name]
        for t in tone_thresholds:
            recall, far, ba = balanced([(bool(r.flags), flags[t][r.id]) for r in part])
            print(f"{name:22} tone threshold {t:.2f}  coach: recall {recall:.3f}  false alarms {far:.3f}  "
                  f"balanced accuracy {ba:.3f}", flush=True)
            summary[f"{name}@{t:.2f}"] = round(ba, 3)
        if args.peer_python:
            out = subprocess.run([args.peer_python, "-c", PEER], input=json.dumps([r.text for r in part]),
                                 capture_output=True, text=True, check=True)
            probs = json.loads(out.stdout)
            p_recall, p_far, p_ba = balanced([(bool(r.flags), p >= 0.5) for r, p in zip(part, probs)])
            print(f"{name:22} peer alt-profanity-check: recall {p_recall:.3f}  false alarms {p_far:.3f}  "
                  f"balanced accuracy {p_ba:.3f}", flush=True)
            summary[f"{name}_peer"] = round(p_ba, 3)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

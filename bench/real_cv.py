"""The whole coach on real labelled posts, 5-fold cross-validated, beside the peer.

    python bench/real_cv.py [--real ../shared/real/train] [--peer]

For each labelled set and each of five folds (fixed by row id), the signal is trained on
everything except that fold of that set (bench/train_signal.py, same settings and thresholds as
the shipped model), the coach (rules plus that signal) checks the fold's rows, and a row counts as
flagged when it gets a tone or conduct finding at warn or block, as ../shared/eval/real.py counts
it. Scoring the shipped model on its own training rows would say nothing; this does.

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
    summary = {}
    for name in sorted({r.set for r in rows if r.real}):
        pairs = []
        for fold in range(args.folds):
            train = [r for r in rows if not (r.set == name and r.fold(args.folds) == fold)]
            vectorizer, models = train_signal.fit(train)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "signal.json"
                train_signal.write(train_signal.export(vectorizer, models, thresholds), path)
                component.model = TextSignal(path)
            for r in rows:
                if r.set == name and r.fold(args.folds) == fold:
                    source = raw[r.id]
                    report = coach.check({k: source[k] for k in ("text", "platform", "account")})
                    pairs.append((bool(r.flags), flagged(report)))
        recall, far, ba = balanced(pairs)
        line = f"{name:22} coach: recall {recall:.3f}  false alarms {far:.3f}  balanced accuracy {ba:.3f}"
        summary[name] = round(ba, 3)
        if args.peer_python:
            part = [r for r in rows if r.set == name]
            out = subprocess.run([args.peer_python, "-c", PEER], input=json.dumps([r.text for r in part]),
                                 capture_output=True, text=True, check=True)
            probs = json.loads(out.stdout)
            p_recall, p_far, p_ba = balanced([(bool(r.flags), p >= 0.5) for r, p in zip(part, probs)])
            line += f"   peer: recall {p_recall:.3f}  false alarms {p_far:.3f}  balanced accuracy {p_ba:.3f}"
            summary[f"{name}_peer"] = round(p_ba, 3)
        print(line, flush=True)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

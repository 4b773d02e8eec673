"""The peer a team might pick instead, alt-profanity-check, scored on the same files as the coach.

alt-profanity-check is not a dependency (its wheel pins its own scikit-learn), so install it in a
separate environment and run this script with that environment's python; it needs nothing else:

    python -m venv /tmp/peer && /tmp/peer/bin/pip install alt-profanity-check
    /tmp/peer/bin/python bench/peer.py ../shared/real/eval/*.jsonl ../shared/real/train/*.jsonl ../shared/eval/dev.jsonl

A post counts as flagged when predict_prob >= 0.5. Files of real posts (label fine, offensive,
not_offensive) are scored as ../shared/eval/real.py scores the coach: the share of fine posts
flagged, or recall, false alarms and balanced accuracy. A labelled-drafts file (the dev set) is
scored as a tone flag: tone F1 and the share of clean drafts flagged. The peer was trained on
Davidson's tweets, so its figure on davidson_offensive is partly in-sample.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def main(paths: list[str]) -> int:
    from profanity_check import predict_prob

    for name in paths:
        rows = [json.loads(line) for line in Path(name).read_text(encoding="utf-8").splitlines() if line.strip()]
        flagged = [p >= 0.5 for p in predict_prob([r["text"] for r in rows])]
        if "expect" in rows[0]:
            want = ["tone" in r["expect"]["flags"] for r in rows]
            tp = sum(w and f for w, f in zip(want, flagged))
            fp = sum(f and not w for w, f in zip(want, flagged))
            fn = sum(w and not f for w, f in zip(want, flagged))
            clean = [f for r, f in zip(rows, flagged) if not r["expect"]["flags"]]
            print(f"{Path(name).name}: tone F1 {2 * tp / (2 * tp + fp + fn):.3f}, "
                  f"clean drafts flagged {sum(clean) / len(clean):.3f}")
        elif rows[0]["label"] == "fine":
            print(f"{Path(name).name}: fine posts flagged {sum(flagged) / len(flagged):.3f}")
        else:
            pos = [f for r, f in zip(rows, flagged) if r["label"] == "offensive"]
            neg = [f for r, f in zip(rows, flagged) if r["label"] != "offensive"]
            recall, far = sum(pos) / len(pos), sum(neg) / len(neg)
            print(f"{Path(name).name}: recall {recall:.3f}, false alarms {far:.3f}, "
                  f"balanced accuracy {(recall + 1 - far) / 2:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

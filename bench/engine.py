"""How fast is a check? The engine beside spaCy's bare tokenizer, on the same drafts, in one run.

These machines are noisy, so every figure is measured beside a floor taken in the same run:
rounds alternate the floor (`spacy.blank("en").make_doc`) and the engine (`Coach.check`) over the
same few thousand drafts, and the ratio of their totals is the figure that matters. Targets: at
most 3 times the floor (the engine issue), a p99 under 1 ms for one draft in-process (the judgement
issue; the engine issue asked for 5 ms), and `python app.py check "..."` done in under 2 seconds
from a cold start.

    python bench/engine.py [--drafts 3000] [--rounds 5] [--json]

The drafts are the dev set's texts and new drafts recombined from their sentences (1 to 5 of
them, on every platform and account), so they have realistic lengths and a realistic share of
problems; about a tenth are over their platform's limit.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
PLATFORMS = ("x", "x", "x", "bluesky", "facebook", "instagram", "threads", "mastodon", "linkedin")


def make_drafts(count: int, seed: int = 7) -> list[dict]:
    import re

    cases = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    drafts = [{k: c[k] for k in ("text", "platform", "account", "pre_election", "in_reply_to") if k in c}
              for c in cases]
    sentences = [s for c in cases for s in re.split(r"(?<=[.!?])\s+", c["text"]) if s.strip()]
    replies = [c["in_reply_to"] for c in cases if c.get("in_reply_to")]
    rng = random.Random(seed)
    while len(drafts) < count:
        draft = {"text": " ".join(rng.sample(sentences, rng.randint(1, 5))),
                 "platform": rng.choice(PLATFORMS), "account": rng.choice(("council", "councillor")),
                 "pre_election": rng.random() < 0.1}
        if rng.random() < 0.5:
            draft["in_reply_to"] = rng.choice(replies)
        drafts.append(draft)
    return drafts[:count]


def cold_start(runs: int) -> tuple[float, float]:
    """Median wall time of the CLI checking one draft, and of importing spaCy's blank English."""
    def median_of(cmd: list[str]) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    cli = median_of([sys.executable, "app.py", "check", "Thanks for your expert opinion, Gary 🙄"])
    floor = median_of([sys.executable, "-c", "import spacy; spacy.blank('en')"])
    return cli, floor


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line too")
    args = parser.parse_args()

    import spacy

    from rules import Coach
    from rules.models import CheckRequest

    drafts = make_drafts(args.drafts)
    requests = [CheckRequest(**d) for d in drafts]
    texts = [r.text for r in requests]
    bare = spacy.blank("en")
    coach = Coach()
    coach.compile_all()  # as a server's workers do before their first check
    for request in requests[:200]:  # warm both up: caches, lazy imports
        coach.check(request)
        bare.make_doc(request.text)

    floor_total = engine_total = 0.0
    per_draft: list[float] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for text in texts:
            bare.make_doc(text)
        floor_total += time.perf_counter() - started
        started = time.perf_counter()
        for request in requests:
            one = time.perf_counter()
            coach.check(request)
            per_draft.append(time.perf_counter() - one)
        engine_total += time.perf_counter() - started

    checks = args.rounds * len(requests)
    per_draft.sort()
    over = sum(1 for r in requests if coach.check(r).length.over_by) / len(requests)
    cli, cli_floor = cold_start(args.cold_runs)
    figures = {
        "drafts": len(requests),
        "over_limit_share": round(over, 3),
        "mean_chars": round(statistics.mean(len(t) for t in texts)),
        "floor_us": round(floor_total / checks * 1e6, 1),
        "engine_us": round(engine_total / checks * 1e6, 1),
        "ratio": round(engine_total / floor_total, 2),
        "p50_ms": round(per_draft[len(per_draft) // 2] * 1e3, 3),
        "p99_ms": round(per_draft[int(len(per_draft) * 0.99)] * 1e3, 3),
        "max_ms": round(per_draft[-1] * 1e3, 2),
        "cold_cli_s": round(cli, 2),
        "cold_floor_s": round(cli_floor, 2),
    }
    print(f"{figures['drafts']} drafts ({figures['mean_chars']} characters on average, "
          f"{figures['over_limit_share']:.0%} over their limit), {args.rounds} alternating rounds")
    print(f"  spaCy blank tokenizer (floor)  {figures['floor_us']:8.1f} µs a draft")
    print(f"  Coach.check                    {figures['engine_us']:8.1f} µs a draft   "
          f"= {figures['ratio']:.2f} × floor (target ≤ 3)")
    print(f"  one draft: p50 {figures['p50_ms']:.3f} ms, p99 {figures['p99_ms']:.3f} ms (target < 1), "
          f"max {figures['max_ms']:.2f} ms")
    print(f"  cold start: python app.py check \"...\" {figures['cold_cli_s']:.2f} s (target < 2), "
          f"beside importing spaCy's blank English {figures['cold_floor_s']:.2f} s")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

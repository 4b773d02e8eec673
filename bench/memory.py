"""Does a worker's memory stay flat however many new words it sees?

spaCy keeps every string and lexeme it has ever met, so a long-running process that checks drafts
full of words it has never seen (names, streets, typos, links) grows by a few hundred bytes a word
and never shrinks. A worker (bot/checking.py) checks each draft inside `nlp.memory_zone()`, which
drops what that draft added, and is replaced after CHECKPOST_WORKER_CHECKS checks as a backstop.

By default this runs the server's pool as deployed (one worker, replaced after
CHECKPOST_WORKER_CHECKS checks) on drafts each made of words never seen before, and prints the
worker's resident memory (VmRSS) as it goes. `--in-process` runs the same worker function in this
process, without replacement, to show what memory zones alone do; `--plain` runs it without
memory zones, as the server did before. The floor is the memory right after the Coach is built.

    python bench/memory.py [--checks 100000] [--every 10000] [--in-process [--plain]] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def worker_rss() -> tuple[int, int]:
    """Run in the pool: which worker this is, and its memory."""
    import os

    return os.getpid(), rss_kib()


def report(args: argparse.Namespace, mode: str, rows: list[dict], elapsed: float, extra: dict, note: str) -> None:
    result = {"mode": mode, "checks": args.checks, "floor_rss_mib": rows[0]["rss_mib"],
              "final_rss_mib": rows[-1]["rss_mib"], "growth_mib": round(rows[-1]["rss_mib"] - rows[0]["rss_mib"], 1),
              **extra, "ms_per_check": round(1000 * elapsed / max(args.checks, 1), 3), "rows": rows}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{mode}: {args.checks:,} checks of new words, RSS {result['floor_rss_mib']} -> "
              f"{result['final_rss_mib']} MiB ({result['growth_mib']:+} MiB), {note}, "
              f"{result['ms_per_check']} ms a check")


def new_words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 11))) for _ in range(count)]


def draft(rng: random.Random) -> dict:
    """A realistic reply with five words nobody has used before (a name, a street, a typo...)."""
    name, street, thing, typo, tag = new_words(rng, 5)
    return {"text": f"Thanks {name.title()}, we've asked the team to look at the {thing} on {street.title()} Road "
                    f"and will update you by Friday. #{tag} {typo}",
            "platform": rng.choice(("x", "bluesky", "facebook"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000, help="report after this many checks")
    parser.add_argument("--in-process", action="store_true", help="the worker function here, never replaced")
    parser.add_argument("--plain", action="store_true", help="with --in-process: no memory zones (as before)")
    parser.add_argument("--worker-checks", type=int, default=100_000, help="pool mode: replace a worker after this many")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.in_process:
        import asyncio

        return asyncio.run(pool_run(args))

    from bot import checking
    from rules import parse_request
    from rules.policy import DEFAULT_POLICY

    checking._start_worker(())  # the worker's own start-up: one Coach
    coach = checking._worker_coach
    assert coach is not None
    strings = coach.nlp.vocab.strings
    floor = rss_kib()
    rng = random.Random(11)
    rows = [{"checks": 0, "rss_mib": round(floor / 1024, 1), "strings": len(strings)}]
    started = time.perf_counter()
    for number in range(1, args.checks + 1):
        request = parse_request(draft(rng))
        if args.plain:
            coach.check(request, DEFAULT_POLICY)
        else:
            checking._check_in_worker(request, DEFAULT_POLICY)
        if number % args.every == 0:
            rows.append({"checks": number, "rss_mib": round(rss_kib() / 1024, 1), "strings": len(strings)})
            if not args.json:
                print(f"{number:>8,} checks  RSS {rows[-1]['rss_mib']:7.1f} MiB  "
                      f"(+{rows[-1]['rss_mib'] - rows[0]['rss_mib']:.1f} over the floor)  "
                      f"strings {rows[-1]['strings']:,}", flush=True)
    elapsed = time.perf_counter() - started
    extra = {"strings_before": rows[0]["strings"], "strings_after": rows[-1]["strings"]}
    report(args, "plain" if args.plain else "memory_zone", rows, elapsed, extra,
           f"strings {extra['strings_before']:,} -> {extra['strings_after']:,}")
    return 0


async def pool_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.checking import CheckTimeout, PoolChecker
    from rules import parse_request

    checker = PoolChecker((), workers=1, deadline=4.0, max_checks=args.worker_checks)
    await checker.start()
    pool = checker._ensure_pool()

    async def probe() -> tuple[int, int]:
        return await asyncio.wrap_future(pool.schedule(worker_rss))

    waited = 0

    async def check(request) -> None:
        # While a replaced worker builds its Coach, one worker's queue can outwait the longest
        # wait; the server would answer "busy". Count those and go on.
        nonlocal waited
        try:
            await checker.check(request)
        except CheckTimeout:
            waited += 1

    rng = random.Random(11)
    pid, floor = await probe()
    rows = [{"checks": 0, "rss_mib": round(floor / 1024, 1), "worker": pid}]
    started = time.perf_counter()
    done = 0
    while done < args.checks:
        batch = min(args.every, args.checks - done)
        for start in range(0, batch, 50):  # 50 in flight at a time, as a busy server would have
            await asyncio.gather(*(check(parse_request(draft(rng)))
                                   for _ in range(min(50, batch - start))))
        done += batch
        pid, rss = await probe()
        rows.append({"checks": done, "rss_mib": round(rss / 1024, 1), "worker": pid})
        if not args.json:
            print(f"{done:>8,} checks  worker {pid}  RSS {rows[-1]['rss_mib']:7.1f} MiB  "
                  f"(+{rows[-1]['rss_mib'] - rows[0]['rss_mib']:.1f} over the floor)", flush=True)
    elapsed = time.perf_counter() - started
    await checker.close()
    extra = {"peak_rss_mib": max(r["rss_mib"] for r in rows), "workers_used": len({r["worker"] for r in rows}),
             "answered_busy": waited}
    report(args, f"pool (worker replaced every {args.worker_checks:,} checks)", rows, elapsed, extra,
           f"peak {extra['peak_rss_mib']} MiB, {extra['workers_used']} workers in turn, "
           f"{waited} answered busy while a worker was replaced")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hostile drafts (issue 11): each at 40,000 characters, its engine time beside a floor.

For each input: `Coach.check` on it (best of a few runs), the worst case per 1,000 characters, and
two floors measured in the same run: spaCy's bare tokenizer on the same text (skipped, and shown as
quadratic, where spaCy itself takes longer than `--floor-cap` seconds on it: long runs of
punctuation or emoji cost it minutes), and the bare tokenizer on ordinary drafts of the same
length. Slack's link-only test on the DM forms is timed beside them.

    python bench/adversarial.py [--chars 40000] [--runs 3] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def repeat(piece: str, n: int) -> str:
    return (piece * (n // len(piece) + 1))[:n]


def inputs(n: int) -> dict[str, str]:
    return {
        # the issue's own
        '"!" * n': "!" * n,
        '"😀" * n': "😀" * n,
        '".a" * n/2 (X cut)': repeat(".a", n),
        '"🙄" + spaces (eye roll)': "🙄" + " " * (n - 1),
        '"a" * n + "@" (email)': "a" * (n - 1) + "@",
        '".b " + "a" * n (URL word)': ".b " + "a" * (n - 3),
        '"you are an idiot " * k': repeat("you are an idiot ", n),
        '"1/1/" * n/4 (phone, address)': repeat("1/1/", n),
        '"!!!a " * n/5 (findings, edits)': repeat("!!!a ", n),
        '"\\ufe0f" * n (thread fit)': "\ufe0f" * n,
        # beyond the issue: runs of each character class, scripts, joiners, marks
        '"£" * n': "£" * n, '"—" * n': "—" * n, '"’" * n': "’" * n, '":)" * n/2': repeat(":)", n),
        '"!a" * n/2': repeat("!a", n), '"a_" * n/2 + "a.com"': repeat("a_", n - 5) + "a.com",
        '"a.com" + ".a" * n/2': "a.com" + repeat(".a", n - 5), '"é." * n/2': repeat("é.", n),
        '"x.рф" * n/4': repeat("x.рф", n), '"👩‍👩‍👧" * k (ZWJ)': repeat("👩\u200d👩\u200d👧", n),
        '"e" + "\\u0301" * n (combining)': "e" + "\u0301" * (n - 1), '"\\u200f" * n (RTL mark)': "\u200f" * n,
        '"\\u200b" * n (zero width)': "\u200b" * n, '"中文" * n/2': repeat("中文", n),
        '"مرحبا " * k': repeat("مرحبا ", n), '"07700 900123 " * k': repeat("07700 900123 ", n),
        '"a 07700 900123 " * k': repeat("a 07700 900123 ", n), '"01/01/1990 " * k': repeat("01/01/1990 ", n),
        '"12 High Street " * k': repeat("12 High Street ", n), '"SW1A 1AA " * k': repeat("SW1A 1AA ", n),
        '"jo@x.com " * k': repeat("jo@x.com ", n), '"https://a.co/x " * k': repeat("https://a.co/x ", n),
        '"YOU ARE WRONG " * k': repeat("YOU ARE WRONG ", n), '"a " * n/2': repeat("a ", n),
    }


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def timed_check(coach, text: str, runs: int, give_up: int) -> float | None:
    """The best of `runs` checks, or None if one takes longer than `give_up` seconds."""
    import signal

    def stop(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    try:
        signal.alarm(give_up)
        return best(lambda: coach.check({"text": text, "platform": "x"}), runs)
    except TimeoutError:
        return None
    finally:
        signal.alarm(0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--floor-cap", type=float, default=2.0,
                        help="skip the bare tokenizer on an input it would take longer than this on "
                             "(a tenth of it taking a hundredth: spaCy is quadratic on it)")
    parser.add_argument("--give-up", type=int, default=20, help="seconds before an engine check is abandoned")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from spacy.lang.en import English

    from bot.slack.escape import is_link_only
    from rules import Coach

    coach = Coach()
    n = args.chars
    ordinary = " ".join(json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
                        if line.strip())
    ordinary = repeat(ordinary + " ", n)
    coach.check({"text": ordinary[:500]})

    def bare(text: str) -> float:
        tokenizer = English().tokenizer  # a fresh one: spaCy caches what it has tokenised
        started = time.perf_counter()
        tokenizer(text)
        return time.perf_counter() - started

    floor_ordinary = min(bare(ordinary) for _ in range(args.runs))
    ordinary_engine = best(lambda: coach.check({"text": ordinary, "platform": "facebook"}), args.runs)
    rows = []
    for name, text in inputs(n).items():
        engine = timed_check(coach, text, args.runs, args.give_up)
        tenth = bare(text[: n // 10])
        floor = None if tenth * 100 > args.floor_cap else min(bare(text) for _ in range(args.runs))
        rows.append({"input": name, "chars": len(text), "engine_s": None if engine is None else round(engine, 3),
                     "per_1000_ms": None if engine is None else round(engine / len(text) * 1e6, 2),
                     "floor_s": None if floor is None else round(floor, 3),
                     "floor_tenth_s": round(tenth, 3)})
    slack = []
    for links in (16, 24, 200, 2000):
        for form in ("<http://a>  ", "<http://a>\n"):
            text = form * links + "!"
            slack.append({"input": f"{form!r} * {links} + '!'", "chars": len(text),
                          "link_only_ms": round(best(lambda: is_link_only(text), args.runs) * 1e3, 3)})

    worst = max((r for r in rows if r["per_1000_ms"] is not None), key=lambda r: r["per_1000_ms"])
    print(f"{n:,} characters a draft, best of {args.runs}; floor = spaCy's bare tokenizer on the same text")
    print(f"  ordinary drafts: floor {floor_ordinary:.3f} s, engine {ordinary_engine:.3f} s")
    print(f"  {'input':40s} {'engine s':>9s} {'ms/1000':>8s} {'floor s':>9s}")
    for r in rows:
        floor = (f"{r['floor_s']:.3f}" if r["floor_s"] is not None
                 else f"> {r['floor_tenth_s'] * 100:.0f}?")  # quadratic: a tenth takes a hundredth
        if r["engine_s"] is None:
            print(f"  {r['input']:40s} {'> ' + str(args.give_up):>9s} {'':8s} {floor:>9s}")
        else:
            print(f"  {r['input']:40s} {r['engine_s']:9.3f} {r['per_1000_ms']:8.2f} {floor:>9s}")
    print(f"  worst per 1,000 characters: {worst['per_1000_ms']:.2f} ms ({worst['input']})")
    print("Slack DM link-only test:")
    for s in slack:
        print(f"  {s['input']:32s} {s['chars']:7,} chars {s['link_only_ms']:9.3f} ms")
    if args.json:
        print(json.dumps({"rows": rows, "slack": slack, "floor_ordinary_s": floor_ordinary,
                          "ordinary_engine_s": ordinary_engine}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

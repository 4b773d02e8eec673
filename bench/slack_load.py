"""Load test for /checkpost: 500 signed requests over loopback, 20 at a time, against the real server.

    python bench/slack_load.py [--requests 500] [--concurrency 20] [--database-url URL]

It starts `python app.py serve` as its own process (as deployed), pointed through SLACK_API_URL
at a fake Slack Web API in this process, and gives every request its own fake response_url. It
reports the ack latency (request sent -> HTTP answer) and checks that every draft was answered
exactly once through its response_url. The store is on, as deployed: a fresh SQLite file unless
--database-url names another database (postgresql+asyncpg://...), with team settings for the
workspace so every check looks its team's context up. Exit status 1 if any ack took 3 seconds or more, any
request failed, or any draft was answered other than once.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.slack.fakes import SECRET, TEAM, FakeSlack, command_body, signed_headers  # noqa: E402

DRAFTS = [
    "Thanks for getting in touch about the bins on Elm Road, they will be collected tomorrow.",
    "Thanks for your expert opinion, Gary 🙄",
    "Please ring me on 07700 900123 and I'll look into your council tax account.",
    "We're sorry the library was closed today. It reopens at 9am tomorrow.",
    "Vote for me on Thursday and I'll get the potholes fixed!",
]


async def seed_settings(url: str) -> None:
    """The workspace has settings, as a real one would: a channel default and a rule switched off."""
    from store.db import Database
    from store.team_settings import PlaceSettings, save_place

    db = Database(url)
    await db.migrate()
    await save_place(db, "slack", TEAM, "CGENERAL", PlaceSettings(platform="bluesky"), "bench")
    await db.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_healthy(session: aiohttp.ClientSession, url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            async with session.get(url) as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the server did not become healthy")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def main(requests: int, concurrency: int, database_url: str | None = None) -> int:
    fake = FakeSlack()
    await fake.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MICROSOFT_"))}
    scratch = tempfile.TemporaryDirectory()
    database_url = database_url or f"sqlite+aiosqlite:///{Path(scratch.name) / 'checkpost.db'}"
    await seed_settings(database_url)
    env.update(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.api_url,
               HOST="127.0.0.1", PORT=str(port), DATABASE_URL=database_url)
    server = subprocess.Popen([sys.executable, "app.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            await wait_healthy(session, f"{base}/healthz")
            gate = asyncio.Semaphore(concurrency)

            async def one(n: int) -> None:
                text = f"{DRAFTS[n % len(DRAFTS)]} (ref {n})"
                body = command_body(text, response_url=fake.hook_url(f"draft-{n}"), trigger=f"bench.{n}")
                async with gate:
                    headers = signed_headers(body, content_type="application/x-www-form-urlencoded")
                    started = time.perf_counter()
                    try:
                        async with session.post(f"{base}/slack/events", data=body.encode(),
                                                headers=headers) as response:
                            await response.read()
                            status = response.status
                    except aiohttp.ClientError as exc:
                        failures[type(exc).__name__] += 1
                        return
                    latencies.append(time.perf_counter() - started)
                    if status != 200:
                        failures[f"HTTP {status}"] += 1

            wall = time.perf_counter()
            await asyncio.gather(*(one(n) for n in range(requests)))
            sent_in = time.perf_counter() - wall
            try:
                await fake.wait_until(lambda: len(fake.hooks) >= requests, timeout=60)
            except TimeoutError:
                pass
            await asyncio.sleep(1.0)  # room for any duplicate answer to arrive
            answered_in = time.perf_counter() - wall
    finally:
        server.terminate()
        server.wait(timeout=10)
        await fake.close()
        scratch.cleanup()

    answers = Counter(name for name, _ in fake.hooks)
    missing = [n for n in range(requests) if answers[f"draft-{n}"] == 0]
    repeated = [name for name, count in answers.items() if count > 1]
    ephemeral = sum(1 for _, body in fake.hooks if body.get("response_type") == "ephemeral")
    slow = sum(1 for v in latencies if v >= 3.0)
    ms = [v * 1000 for v in latencies]
    print(f"requests: {requests}, concurrency: {concurrency}, acked: {len(latencies)}, failures: {dict(failures)}")
    if ms:
        print(f"ack latency ms: p50 {percentile(ms, 0.5):.1f}  p90 {percentile(ms, 0.9):.1f}  "
              f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}  mean {statistics.fmean(ms):.1f}")
    print(f"acks at or over 3 s: {slow}")
    print(f"all sent and acked in {sent_in:.2f} s ({requests / sent_in:.0f} requests/s); "
          f"answers collected by {answered_in - 1.0:.2f} s")
    print(f"answered exactly once: {sum(1 for c in answers.values() if c == 1)}/{requests}, "
          f"missing: {len(missing)}, answered more than once: {len(repeated)}, ephemeral: {ephemeral}")
    ok = not failures and not slow and not missing and not repeated and len(latencies) == requests
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--database-url", default=None, help="the store (default: a fresh SQLite file)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.requests, args.concurrency, args.database_url)))

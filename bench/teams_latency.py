"""How long Teams waits for Checkpost: POST /api/messages round trips on loopback, with a fake connector.

Teams gives a message extension 5 seconds to answer an invoke. This prints the time for the
compose-box action (submitAction, answered in the HTTP response) and for a personal-chat draft
(answered by a POST to the connector before the request returns), on each Teams SDK installed
(botbuilder and the Microsoft 365 Agents SDK, as TEAMS_SDK chooses in production), beside a floor:
a GET /healthz round trip on the same server. Bounded: 200 of each. Checks run as in production,
in the server's worker pool.

    python bench/teams_latency.py [--sdk botbuilder|agents|both]
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.server import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402

SDK_MODULES = {"botbuilder": "botbuilder.integration.aiohttp", "agents": "microsoft_agents.hosting.aiohttp"}

ROUNDS = 200
DRAFTS = [
    "Thanks for your expert opinion, Gary 🙄",
    "WE HAVE ALREADY ANSWERED THIS. Read the website.",
    "Sorry to hear about your bin, please call us on 01234 567890 and quote ref 12345 so we can sort it.",
    "The road reopens on Monday. Thanks for your patience while the gas main was repaired. " * 4,
]


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


def activity(service_url: str, i: int, **fields) -> dict:
    base = {"type": "message", "id": f"m{i}", "serviceUrl": service_url, "channelId": "msteams",
            "from": {"id": "29:u", "name": "Sam"}, "recipient": {"id": "28:bot", "name": "Checkpost"},
            "conversation": {"conversationType": "personal", "id": "a:1"}}
    base.update(fields)
    return base


def summary(name: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return f"{name:<28} n={len(ms)}  median {statistics.median(ms):6.2f} ms  p95 {p95:6.2f} ms  max {ms[-1]:6.2f} ms"


def installed(sdk: str) -> bool:
    try:
        return importlib.util.find_spec(SDK_MODULES[sdk]) is not None
    except ModuleNotFoundError:
        return False


async def run(sdk: str, connector_url: str) -> None:
    settings = Settings(_env_file=None, microsoft_app_id=None, slack_bot_token=None, slack_signing_secret=None,
                        teams_sdk=sdk)
    started = time.perf_counter()
    runner, url = await start(build_app(settings))  # starting it starts the worker pool
    print(f"\nTEAMS_SDK={sdk}: server started, every worker's Coach built, in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")
    floor, invokes, messages = [], [], []
    async with aiohttp.ClientSession() as session:
        for i in range(ROUNDS):
            draft = DRAFTS[i % len(DRAFTS)]
            t0 = time.perf_counter()
            async with session.get(url + "/healthz") as response:
                await response.read()
            floor.append(time.perf_counter() - t0)
            body = activity(connector_url, i, type="invoke", name="composeExtension/submitAction",
                            value={"commandId": "checkDraft", "commandContext": "compose",
                                   "data": {"checkpost": "check", "draft": draft, "platform": "x"}})
            t0 = time.perf_counter()
            async with session.post(url + "/api/messages", json=body) as response:
                await response.read()
                assert response.status == 200
            invokes.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            async with session.post(url + "/api/messages", json=activity(connector_url, i, text=draft)) as response:
                await response.read()
                assert response.status == 200
            messages.append(time.perf_counter() - t0)
    print(summary("GET /healthz (floor)", floor))
    print(summary("submitAction (invoke)", invokes))
    print(summary("personal-chat draft + reply", messages))
    await runner.cleanup()


async def main(sdks: list[str]) -> None:
    async def record(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": "sent"})

    connector = web.Application()
    connector.router.add_post("/v3/conversations/{cid}/activities/{rid}", record)
    connector.router.add_post("/v3/conversations/{cid}/activities", record)
    connector_runner, connector_url = await start(connector)
    for sdk in sdks:
        if installed(sdk):
            await run(sdk, connector_url)
        else:
            print(f"\nTEAMS_SDK={sdk}: not installed, skipped")
    await connector_runner.cleanup()


if __name__ == "__main__":  # the workers start from a fresh interpreter: keep the run behind this guard
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdk", choices=["botbuilder", "agents", "both"], default="both")
    chosen = parser.parse_args().sdk
    asyncio.run(main(list(SDK_MODULES) if chosen == "both" else [chosen]))

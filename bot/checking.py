"""Where checks run: a pool of worker processes, each with its own Coach, and a deadline per check.

A check is CPU work on the spaCy pipeline. Run on the aiohttp event loop, one slow check (a
hostile or merely unusual draft) would hold up `/healthz`, Slack and Teams for everyone, so the
server sends each check to a worker process (pebble's ProcessPool, which can stop one worker and
start another in its place) and waits for it without blocking the loop:

- each worker builds its Coach once, when it starts (`_start_worker`), and then only checks;
- each check gets a deadline (CHECKPOST_CHECK_DEADLINE, 2 s by default) counted from when a
  worker starts it; past it the worker is stopped and replaced, and the caller gets CheckTimeout;
- the wait in all (queued behind other checks, then run) is bounded too, at twice the deadline
  and never beyond Teams' 5 s for a compose-box answer, so no platform is left waiting;
- once a worker knows the everyday words (WARM_STRINGS), every check runs inside spaCy's
  `memory_zone`, so words seen only in one draft leave the vocabulary afterwards, and a worker is
  replaced after CHECKPOST_WORKER_CHECKS checks anyway, so memory stays flat however many new
  words the server sees (bench/memory.py).

`InlineChecker` runs the Coach in the calling process instead: the CLI's single check (whose cold
start must not grow by a pool) and anyone embedding the server with a Coach of their own.
"""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from pebble import ProcessPool

from rules import CheckRequest, Coach, Report
from rules.policy import DEFAULT_POLICY, Policy

# Teams answers a compose-box action only within 5 s; a check never keeps anyone waiting longer.
LONGEST_WAIT = 4.5
# A word outside a memory zone stays in the vocabulary for good, and finding a lexeme is much
# cheaper than making one: checked wholly inside zones from the start, a worker would remake "the"
# and "thanks" for every draft (2.4 times slower). So a worker keeps the words of its first drafts,
# the everyday ones, until its string store holds this many (about 15 MB), and checks every draft
# after that inside a zone, where memory stops growing (bench/memory.py).
WARM_STRINGS = 50_000
# How long `PoolChecker.start` waits for every worker to build its Coach (a few seconds each, more on
# a busy machine): only a worker that is stuck takes this long.
START_CEILING = 300.0

log = logging.getLogger("checkpost.checking")


class CheckTimeout(Exception):
    """The check did not finish in time; `started` says whether a worker had begun it (a draft
    too unusual to check) or it was still queued behind others (the server is busy)."""

    def __init__(self, started: bool, deadline: float) -> None:
        super().__init__("started" if started else "queued")
        self.started = started
        self.deadline = deadline


class Checker(Protocol):
    """Runs one check without blocking the event loop for longer than the check itself."""

    deadline: float | None

    async def check(self, request: CheckRequest, policy: Policy = DEFAULT_POLICY) -> Report: ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


class InlineChecker:
    """The Coach in this process, on the caller's thread: no deadline, no pool to start."""

    deadline: float | None = None

    def __init__(self, coach: Coach) -> None:
        self.coach = coach

    async def check(self, request: CheckRequest, policy: Policy = DEFAULT_POLICY) -> Report:
        return self.coach.check(request, policy)

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None


# -- inside a worker process -------------------------------------------------------------------
# The worker's Coach, built by the pool's initializer when the process starts (never by a check).
_worker_coach: Coach | None = None


def _start_worker(rule_dirs: tuple[str, ...]) -> None:
    global _worker_coach
    _worker_coach = Coach(rule_dirs)
    _worker_coach.compile_all()  # before the first check, not during it


def _check_in_worker(request: CheckRequest, policy: Policy) -> Report:
    coach = _worker_coach
    assert coach is not None, "the pool's initializer builds the Coach"
    if len(coach.nlp.vocab.strings) < WARM_STRINGS:
        return coach.check(request, policy)
    # Strings and lexemes first seen in this draft are dropped when the zone closes; the report
    # holds plain Python strings, so nothing in it refers back to the vocabulary.
    with coach.nlp.memory_zone():
        return coach.check(request, policy)


def _ready() -> int:
    """Which worker answered; the pause lets a worker still starting take the next one."""
    time.sleep(0.01)
    return os.getpid()


# -- in the server -------------------------------------------------------------------------------
def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class PoolChecker:
    """Checks in worker processes, each past its deadline stopped and replaced."""

    def __init__(self, rule_dirs: Sequence[str] = (), *, workers: int | None = None, deadline: float = 2.0,
                 max_checks: int = 100_000) -> None:
        self.rule_dirs = tuple(str(d) for d in rule_dirs)
        self.workers = workers or default_workers()
        self.deadline = deadline
        self.longest_wait = max(deadline, min(2 * deadline, LONGEST_WAIT))
        self.max_checks = max_checks
        self._pool: ProcessPool | None = None

    def _ensure_pool(self) -> ProcessPool:
        if self._pool is None:
            # forkserver, not fork: the server runs threads (pebble's own, aiohttp's resolver), and
            # forking a threaded process can copy a lock mid-use. The server preloads the engine's
            # modules once, so a replacement worker only builds its Coach.
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["rules", "bot.checking"])
            initializer, initargs = self._initializer()
            self._pool = ProcessPool(max_workers=self.workers, max_tasks=self.max_checks,
                                     initializer=initializer, initargs=initargs, context=context)
        return self._pool

    def _initializer(self) -> tuple[Callable[..., None], tuple]:
        """What each worker runs when it starts (a test's pool can start its workers differently)."""
        return _start_worker, (self.rule_dirs,)

    async def start(self) -> None:
        """Start the workers and wait until each has built its Coach, so no draft waits for one.

        Each round asks every worker which it is (`_ready`); a worker still building its Coach
        answers none, so rounds go on until every worker has answered. They are not counted: on a
        busy machine one worker can be ready many seconds before another, and a server started
        while one is still building makes its first drafts wait behind the others. Only a worker
        stuck for START_CEILING ends the wait (logged), and the server then serves with the rest.
        """
        pool = self._ensure_pool()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + START_CEILING
        seen: set[int] = set()
        while len(seen) < self.workers:
            batch = [asyncio.wrap_future(pool.schedule(_ready)) for _ in range(self.workers)]
            try:
                seen.update(await asyncio.wait_for(asyncio.gather(*batch), max(0.0, give_up - loop.time())))
            except TimeoutError:
                log.warning("worker pool: %d of %d workers ready after %.0f s; serving with those",
                            len(seen), self.workers, START_CEILING)
                return

    async def check(self, request: CheckRequest, policy: Policy = DEFAULT_POLICY) -> Report:
        future = self._ensure_pool().schedule(_check_in_worker, args=(request, policy), timeout=self.deadline)
        waiting = asyncio.wrap_future(future)
        try:
            done, _ = await asyncio.wait({waiting}, timeout=self.longest_wait)
        except asyncio.CancelledError:
            future.cancel()  # nobody waits for it now: drop it, or stop and replace its worker
            raise
        if not done:  # the whole wait ran out: still queued behind others, or still running
            started = future.running()
            future.cancel()
            raise CheckTimeout(started=started, deadline=self.deadline)
        try:
            return waiting.result()
        except TimeoutError:  # pebble stopped the worker at the deadline and is starting another
            raise CheckTimeout(started=True, deadline=self.deadline) from None

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.stop()
        await asyncio.get_running_loop().run_in_executor(None, pool.join, 5)


__all__ = ["Checker", "CheckTimeout", "InlineChecker", "PoolChecker", "default_workers", "LONGEST_WAIT"]

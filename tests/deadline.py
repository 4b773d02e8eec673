"""A pool whose rule pack holds a deliberately slow expression, for the deadline tests.

`(a+)+$` backtracks exponentially on a run of letters followed by anything else: forty of them
would take longer than anyone waits. The tests make no claim about time: they hold the order things
are answered in, and that the slow draft's answer is the timeout reply and its worker was replaced.
"""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_asyncio

from bot.checking import PoolChecker

SLOW = "a" * 40 + "!"
FINE = "Thanks for getting in touch about the bins on Mill Lane. The crew will be back tomorrow."
SLOW_PACK = """\
rules:
  - id: test.slow
    category: tone
    message: A deliberately slow expression, for the deadline tests.
    suggestion: None.
    source: tests/deadline.py
    regex: ['(a+)+$']
"""


@pytest.fixture(scope="module")
def slow_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slow_pack")
    (folder / "slow.yml").write_text(SLOW_PACK, encoding="utf-8")
    return folder


@pytest_asyncio.fixture
async def pool(slow_pack):
    """Two workers, so one can be stuck on the slow draft while the other checks the rest.

    The tests hold that the other requests are answered while the slow draft is still pending, so
    the deadline is the time those few requests (tens of milliseconds) have on a loaded CI machine:
    3 s, twice what they once had, at about 1.5 s more a test."""
    checker = PoolChecker([str(slow_pack)], workers=2, deadline=3.0)
    await checker.start()
    try:
        yield checker
    finally:
        await checker.close()


async def pending(task: asyncio.Task) -> bool:
    """True while the task is still waiting for its answer."""
    await asyncio.sleep(0)
    return not task.done()

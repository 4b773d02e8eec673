"""A pool whose second worker starts building its Coach only after the first has answered many of
`PoolChecker.start`'s readiness rounds: one worker far behind the other, as on a busy machine, with
the lag counted in rounds rather than seconds so that no test depends on how fast the machine is.

Each worker touches `ready-<pid>` in the folder once its Coach is built.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from bot import checking
from bot.checking import PoolChecker


def _start_first_or_after(rule_dirs: tuple[str, ...], folder: str, rounds: int) -> None:
    here = Path(folder)
    answers = here / "answers"
    try:
        os.close(os.open(here / "first", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # the other worker: wait until the first has answered `rounds` times
        while not answers.exists() or answers.stat().st_size < rounds:
            time.sleep(0.01)
    else:  # the first worker: count each round it answers (start() names `_ready` by reference)
        answer = checking._ready

        def counted() -> int:
            with answers.open("ab") as out:
                out.write(b".")
            return answer()

        checking._ready = counted
    checking._start_worker(rule_dirs)
    (here / f"ready-{os.getpid()}").touch()


class LaggingPool(PoolChecker):
    def __init__(self, folder: Path, rounds: int, **kwargs) -> None:
        super().__init__(workers=2, **kwargs)
        self.folder, self.rounds = folder, rounds

    def _initializer(self):
        return _start_first_or_after, (self.rule_dirs, str(self.folder), self.rounds)

    def ready(self) -> int:
        """How many workers have built their Coach."""
        return len(list(self.folder.glob("ready-*")))

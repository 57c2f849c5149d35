"""Worker processes for the stages of a build that pay for them.

The pool starts on first use and serves every stage of one build (parsing
sources, then rendering bodies), so a cold build pays for starting the
interpreters once, and a warm one not at all. Spawned, not forked: a forked
worker would inherit the output lock and hold it after a killed run,
blocking the next one.

Workers die with the build that started them, however it ends: on Linux the
kernel kills each one when its parent dies (``PR_SET_PDEATHSIG``: strictly,
when the thread that started it ends; the pool starts workers from the
thread that hands out work, the main one), elsewhere a thread in each
watches for the parent to go. Left alone, a worker waits
forever on a queue no one will fill. Workers ignore SIGINT, which a terminal
sends to every process of the job: the build stops them itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any


class Workers:
    """Up to ``jobs`` processes, or none at all when ``jobs`` is 1."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def worth_it(self, tasks: int, from_tasks: int) -> bool:
        """Whether ``tasks`` are enough to share out, ``from_tasks`` being the
        fewest that repay a process's start."""
        return self.jobs > 1 and tasks >= from_tasks

    def map(
        self, function: Callable[..., list], items: list, shared: Any, chunk: int
    ) -> Iterator[Any]:
        """``function(part, shared)`` for each ``chunk`` items, in processes,
        the results flattened and in order."""
        parts = [items[i : i + chunk] for i in range(0, len(items), chunk)]
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )
        # Workers start as the work is handed out. A signal that interrupts a
        # start halfway leaves a worker reading half its start-up data, which
        # it reports with a traceback: signals wait until the work is out.
        # (Not around the pool's creation: multiprocessing unblocks both
        # signals after starting its resource tracker there.)
        with _signals_blocked():
            results = self._pool.map(function, parts, [shared] * len(parts))
        for part in results:
            yield from part

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


_STOPPING = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back (not lost) until the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with_parent(parent: int) -> None:
    """Run first in each worker: end this process when ``parent`` ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker inherits the mask it was started under: let SIGTERM in again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    else:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)

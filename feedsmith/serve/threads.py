"""Signals and threads for ``feedsmith serve``: the main thread waits for
SIGINT or SIGTERM; every other thread runs with them blocked, so none is
interrupted halfway."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

STOPPING = {signal.SIGINT, signal.SIGTERM}


class Stop(BaseException):
    """SIGINT or SIGTERM before serving began: unwinds as KeyboardInterrupt
    would, so the socket is closed."""


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Stop`, once; a signal that whoever
    started us ignores (nohup) stays ignored."""
    stopped = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            raise Stop

    before = {
        signum: signal.signal(signum, stop)
        for signum in STOPPING
        if signal.getsignal(signum) is not signal.SIG_IGN
    }
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


def started(target: Callable[..., object], *args: object) -> threading.Thread:
    """A thread running ``target``, started with SIGINT and SIGTERM blocked
    (it keeps the mask): they are for the main thread's sigwait."""
    thread = threading.Thread(target=target, args=args)
    with blocked(STOPPING):
        thread.start()
    return thread


@contextlib.contextmanager
def blocked(signals: set[signal.Signals]) -> Iterator[None]:
    """``signals`` held for :func:`signal.sigwait`, in this thread and in
    every thread it starts, so none is interrupted halfway."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

"""Forked worker processes for the build's heavy loops (parsing, fingerprints, rendering); no stage imports.

Workers are forked once the data is in memory, so they share it without pickling it; each takes
an interleaved share (items[i::jobs]) so that cheap and costly items spread evenly. Results come
back in the original order, so the output never depends on the number of workers.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .errors import BriefingError

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool costs more than it saves.
MIN_ITEMS = 200

# Set in the parent just before forking; workers read it instead of receiving a pickled copy.
_JOB: dict[str, Any] = {}


class WorkerDied(BriefingError):
    """A worker process was killed (out of memory, a signal) before it returned its share."""


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def fork_map(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int) -> list[R]:
    """function applied to interleaved shares of items in forked workers; results in item order.

    function takes a share and returns one result per item of it. With one job, few items, or no
    fork on this system, it runs here on all the items at once.
    """
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process does it all
        context = None
    if jobs <= 1 or len(items) < MIN_ITEMS or context is None:
        return function(items)
    _JOB.update(function=function, items=items, jobs=jobs)
    # Objects made so far are left alone by the collector while workers run: collecting would
    # write to every object's header and copy the whole shared model into each worker.
    gc.freeze()
    try:
        # concurrent.futures rather than multiprocessing.Pool: when a worker dies (the kernel's
        # out-of-memory killer, a crash in a library), Pool starts another and waits forever for
        # the lost share; the executor raises BrokenProcessPool, which is reported.
        # The parent takes the first share itself, beside jobs - 1 workers: one process fewer
        # holding its own copy of every model object it touches (the copy-on-write pages a
        # worker's reference counts dirty), with all cores still busy. The workers are forked
        # at the first submit, before the parent's share changes anything they would inherit.
        with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_die_with, initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_share, start) for start in range(1, jobs)]
            shares = [_here(function, items[::jobs]), *(future.result() for future in futures)]
    except BrokenProcessPool:
        raise WorkerDied(
            "a worker process died while building (killed by the system, perhaps for lack of memory)",
            hint="the previous site is left as it was; run it again, or with --jobs 1 to use less memory",
        ) from None
    finally:
        gc.unfreeze()
        _JOB.clear()
    result: list[Any] = [None] * len(items)
    for start, share in enumerate(shares):
        result[start::jobs] = share
    return result


def _here(function: Callable[[Sequence[T]], list[R]], share: Sequence[T]) -> list[R]:
    """The parent's share, collected as a worker's is (the build may have paused the collector)."""
    paused = not gc.isenabled()
    gc.enable()
    try:
        return function(share)
    finally:
        if paused:
            gc.disable()


def _share(start: int) -> list[Any]:
    gc.enable()  # the parent may have paused it (build.build); the frozen model is not scanned
    function: Callable[[Sequence[Any]], list[Any]] = _JOB["function"]
    return function(_JOB["items"][start :: _JOB["jobs"]])


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Make this worker die with the build that forked it (Linux).

    A build killed mid-way must not leave workers behind that go on writing into its staging
    folder after the next build has cleared it away.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

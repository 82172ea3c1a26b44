"""Ingest stage, the run: extract seeds over a pool of worker processes, results handed back in seed order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import multiprocessing.context
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..config.site import Config
from ..content.registry import Registry
from ..errors import SeedError
from ..files import write_problem
from .extract import Extraction, extract

__all__ = ["Extracted", "extract_all"]


@dataclass(frozen=True)
class Extracted:
    """One seed's extraction, or why there is none."""

    path: Path
    extraction: Extraction | None = None
    message: str = ""  # why it failed (a SeedError's message, a crash)
    hint: str | None = None


def _extract_one(path: Path, config: Config, registry: Registry, today: dt.date | None) -> Extracted:
    try:
        return Extracted(path, extract(path, config, registry, today))
    except SeedError as exc:
        return Extracted(path, message=exc.message, hint=exc.hint)
    except RecursionError:
        return Extracted(path, message="the page is nested too deeply to read")
    except OSError as exc:  # the machine's fault (a full disk or /tmp, a file-size limit, an I/O error), not a bug
        reason, hint = write_problem(exc)
        return Extracted(path, message=f"cannot extract it: {reason}", hint=hint)
    except Exception as exc:  # a bug on one seed must not stop the others
        return Extracted(
            path,
            message=f"unexpected {type(exc).__name__}: {exc}",
            hint="this is a bug in briefing; please report it with the seed",
        )


# Each worker process keeps what every seed needs (the config and the registry); the models that
# extract loads (gazetteer, name lists) are loaded by the first seed a worker takes and kept.
_WORKER: tuple[Config, Registry, dt.date | None] | None = None


def _init_worker(config: Config, registry: Registry, today: dt.date | None) -> None:
    global _WORKER
    _WORKER = (config, registry, today)


def _work(path: Path) -> Extracted:
    assert _WORKER is not None, "worker not initialised"
    return _extract_one(path, *_WORKER)


def extract_all(
    seeds: Sequence[Path],
    config: Config,
    registry: Registry,
    today: dt.date | None = None,
    workers: int = 1,
    done: Callable[[Path], None] | None = None,
) -> Iterator[Extracted]:
    """Extract every seed; yields in the order of ``seeds`` whatever order the workers finish in,
    so what the caller writes is the same for any number of workers. ``done`` is told of each
    seed as soon as it is extracted (a progress bar). A seed that kills its worker process (a
    crash in a library, memory exhausted) is reported as failed; the other seeds still land."""
    workers = max(1, min(workers, len(seeds)))
    if workers == 1:
        for path in seeds:
            result = _extract_one(path, config, registry, today)
            if done:
                done(path)
            yield result
        return
    # The first seed is extracted here: that loads the models (gazetteer, name and stop-word
    # lists) into this process, and workers forked from it start with them loaded.
    first = _extract_one(seeds[0], config, registry, today)
    if done:
        done(seeds[0])
    yield first
    yield from _pooled(seeds[1:], config, registry, today, min(workers, len(seeds) - 1), done)


def _pooled(
    seeds: Sequence[Path],
    config: Config,
    registry: Registry,
    today: dt.date | None,
    workers: int,
    done: Callable[[Path], None] | None,
) -> Iterator[Extracted]:
    results: dict[int, Extracted] = {}
    next_out = 0
    queue = list(range(len(seeds)))  # indexes still to extract, in order
    queue.reverse()
    # Only a few seeds are in flight at a time: when a worker dies, the pool fails every seed in
    # flight, and those few are then tried again one at a time to find the one that kills it.
    window = workers * 2
    suspects: list[int] = []
    pool = _new_pool(config, registry, today, workers)
    in_flight: dict[Future[Extracted], int] = {}
    try:
        while True:
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if suspects:
                # wait for the broken pool's threads to end: forking while they run is unsafe
                pool.shutdown(wait=True, cancel_futures=True)
                for index in suspects:
                    results[index] = _alone(seeds[index], config, registry, today)
                    if done:
                        done(seeds[index])
                suspects = []
                pool = _new_pool(config, registry, today, workers)
                continue
            while queue and len(in_flight) < window:
                try:
                    in_flight[pool.submit(_work, seeds[queue[-1]])] = queue[-1]
                except BrokenProcessPool:
                    break  # a worker died since the last result; wait() below reports it
                queue.pop()
            if not in_flight:
                break
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            # the earliest seed among those finished, so that results come out close to seed order
            future = min(finished, key=in_flight.__getitem__)
            index = in_flight.pop(future)
            try:
                results[index] = future.result()
            except BrokenProcessPool:
                suspects = sorted([index, *in_flight.values()])
                in_flight = {}
                continue
            if done:
                done(seeds[index])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _new_pool(config: Config, registry: Registry, today: dt.date | None, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_init_worker, initargs=(config, registry, today)
    )


def _context() -> multiprocessing.context.BaseContext:
    """fork where there is one (workers share the models already loaded here) and this process
    runs no other thread (forking a threaded process can deadlock, as under `briefing serve`);
    else spawn, whose workers load the models once each."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _alone(path: Path, config: Config, registry: Registry, today: dt.date | None) -> Extracted:
    """One seed in a pool of its own: if the worker dies now, this seed is what kills it."""
    with _new_pool(config, registry, today, 1) as pool:
        try:
            return pool.submit(_work, path).result()
        except BrokenProcessPool:
            return Extracted(
                path,
                message="the extractor's process died on this seed (a crash or out of memory)",
                hint="the other seeds were ingested; try this one alone with `briefing extract`",
            )

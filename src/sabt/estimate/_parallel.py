"""Independent pieces of an estimate (a sampler's chains, a stratified estimate's strata) run
in parallel processes where the machine has the cores for it, and one after another where not.

Processes, not threads: the sampler's numba code releases the GIL, but the rest of an estimate
(building tables, log-linear fits, the diagnostics) does not, and processes leave no doubt.
Workers are forked (Linux), so they start with the parent's already loaded modules and
compiled sampler instead of importing numba again; where fork is not available the pieces run
one after another. A job reports its progress (sweeps done) through a counter shared with the
parent, which passes the count on to the caller's ``progress`` while it waits.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Sequence

from sabt._machine import usable_cores

Progress = Callable[[int], None]

_shared_counter = None  # in a worker: the counter its progress goes to


def default_workers(jobs: int) -> int:
    """As many processes as jobs, at most one per usable core."""
    return max(1, min(jobs, usable_cores()))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _init_worker(counter) -> None:
    global _shared_counter
    _shared_counter = counter


def _report_to_parent(done: int) -> None:
    if _shared_counter is not None:
        with _shared_counter.get_lock():
            _shared_counter.value += done


def _run_job(function, args):
    return function(*args, progress=_report_to_parent)


class Workers:
    """A pool of ``count`` worker processes (none when ``count`` is 1: jobs run here).

    ``with Workers(2, progress) as workers: results = workers.map(function, jobs)`` calls
    ``function(*job, progress=…)`` for every job and returns the results in the jobs' order.
    The pool lives as long as the ``with``, so successive rounds reuse the same processes.
    """

    def __init__(self, count: int, progress: Progress | None = None):
        self.count = count if count > 1 and _can_fork() else 1
        self.progress = progress
        self._pool = None
        self._counter = None
        self._passed_on = 0

    @property
    def kind(self) -> str:
        return f"{self.count} processes" if self.count > 1 else "serial"

    def __enter__(self) -> "Workers":
        if self.count > 1:
            from concurrent.futures import ProcessPoolExecutor  # (not loaded for a serial run)

            context = multiprocessing.get_context("fork")
            self._counter = context.Value("q", 0)
            self._pool = ProcessPoolExecutor(self.count, mp_context=context,
                                             initializer=_init_worker, initargs=(self._counter,))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def map(self, function, jobs: Sequence[tuple]) -> list:
        if self._pool is None:
            return [function(*job, progress=self.progress) for job in jobs]
        from concurrent.futures import FIRST_COMPLETED, wait

        futures = [self._pool.submit(_run_job, function, job) for job in jobs]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            self._pass_on_progress()
        return [f.result() for f in futures]

    def _pass_on_progress(self) -> None:
        done = self._counter.value
        if self.progress and done > self._passed_on:
            self.progress(done - self._passed_on)
        self._passed_on = done

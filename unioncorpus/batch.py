"""Run one function over many inputs: serially, on a local process pool, or on Dask.

Results always come back in input order, so parallel output is identical to the serial run.
Workers are started with ``spawn`` (safe with threads, the same on every OS) and each loads
the lexicons and segmenter once; what a worker sends back is only what the caller needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .errors import InputError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")


def default_jobs() -> int:
    """Number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def batches(items: Sequence[T], jobs: int, most: int) -> list[list[T]]:
    """Split ``items`` into units of work of at most ``most`` items, in order.

    With several workers the units are smaller when there are few items, so that each
    worker gets about eight (the work balances and a progress bar moves).
    """
    size = most if jobs <= 1 else max(1, min(most, len(items) // (jobs * 8)))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def run_ordered(fn: Callable[[T], R], items: Sequence[T], *, jobs: int = 1,
                engine: str = "local", scheduler: str | None = None,
                progress: bool = False, desc: str = "pages", total: int | None = None,
                weight: Callable[[T], int] | None = None,
                chunksize: int | None = None) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in order.

    Parameters:
        fn: a picklable (top-level) function; use ``functools.partial`` for options.
        items: the inputs.
        jobs: worker processes (``local``) or local Dask workers; 1 runs in this process.
        engine: ``"local"`` or ``"dask"`` (needs ``pip install unioncorpus[dask]``).
        scheduler: a Dask scheduler address (``tcp://host:8786``); None starts a local cluster.
        progress: show a tqdm progress bar on stderr.
        total, weight: for items that are batches, the number of pages in all and a function
            giving the pages in one item, so the bar counts pages.
        chunksize: items sent to a pool worker at a time (default: a few per worker and
            round; 1 for items that are batches already).
    """
    if engine not in ENGINES:
        raise InputError(f"engine={engine!r}; use one of {', '.join(ENGINES)}")
    if jobs < 1:
        raise InputError(f"jobs={jobs}; use 1 or more worker processes")
    bar: Any = _NoBar()
    if progress:  # tqdm is imported only for a bar: its import and lock cost ≈0.07 s
        from tqdm import tqdm

        bar = tqdm(total=len(items) if total is None else total, desc=desc, unit="page",
                   leave=False)
    sizes = [1] * len(items) if weight is None else [weight(item) for item in items]
    try:
        if engine == "dask":
            results = _dask(fn, items, jobs, scheduler)
        elif jobs == 1 or len(items) <= 1:
            results = map(fn, items)
        else:
            results = _pool(fn, items, jobs, chunksize)
        for result, size in zip(results, sizes, strict=True):
            yield result
            bar.update(size)
    finally:
        bar.close()


class _NoBar:
    """What :func:`run_ordered` uses instead of a tqdm bar when no progress is shown."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _pool(fn: Callable[[T], R], items: Sequence[T], jobs: int,
          chunksize: int | None = None) -> Iterator[R]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    # Chunks amortise the pickling cost; small enough that the bar moves and work balances.
    chunk = chunksize or max(1, min(32, len(items) // (jobs * 8) or 1))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as ex:
        yield from ex.map(fn, items, chunksize=chunk)


def _dask(fn: Callable[[T], R], items: Sequence[T], jobs: int,
          scheduler: str | None) -> Iterator[R]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise InputError("engine='dask' needs Dask: pip install 'unioncorpus[dask]'") from e
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(fn, list(items), pure=False)
        for fut in futures:  # in input order: identical output to the serial run
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

"""Every core: the same per-document analysis (`Analyzer.analyse_stream`) in N worker processes.

The parent reads the inputs and sends batches of documents to the workers; results come back in
input order, so `--workers N` prints and stores exactly what one worker does. The model, knowledge
base and vocabulary are loaded once, in the parent, before the workers are forked: each worker
starts with them in memory (copy-on-write) and never loads them again. At most `2 × workers`
batches are in flight, so memory stays bounded however long the input is. Only the parent writes
to the store. A worker that dies (killed, out of memory) breaks its batches: they are re-run one at
a time in a fresh pool, and a batch that kills a worker again is reported as failed documents;
nothing else is lost. Workers ignore SIGINT: Ctrl-C reaches the parent, which stops them.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator, Optional

from powderkeg.ingest import Document
from powderkeg.pipeline import Analyzer, Failure

BATCH = 16
_WORKER: dict = {}  # the analyzer of this worker process, set before the fork


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def load_analyzer(coder: str) -> Analyzer:
    """The run's analyzer, loaded with the cyclic garbage collector paused, its objects then frozen
    out of the collector's generations (`gc.freeze`). Loading makes ~200,000 objects that live as
    long as the run and almost no garbage, yet set off full collections that walked them all
    (~0.3 CPU s per process); frozen, later collections skip them, and forked workers do not
    touch (and so copy) their pages. For `extract` and `ingest` only: in a process that goes on
    after its analyzer (tests, notebooks) freezing would keep its garbage."""
    was = gc.isenabled()
    gc.disable()
    try:
        analyzer = Analyzer(coder=coder)
    finally:
        gc.freeze()
        if was:
            gc.enable()
    return analyzer


def worker_analyzer() -> Optional[Analyzer]:
    """The analyzer this worker process holds (None before one is set)."""
    return _WORKER.get("analyzer")


def set_worker_analyzer(analyzer: Analyzer) -> None:
    """Give this process its analyzer: before the fork (`--workers`), or once in a Dask worker."""
    _WORKER["analyzer"] = analyzer


def drop_worker_analyzer() -> None:
    """Let this process's analyzer go (unfrozen, collected) once its workers are done with it."""
    if _WORKER.pop("analyzer", None) is not None:
        gc.unfreeze()
        gc.collect()


def analyse_batch(batch: list) -> list:
    """The per-document function of every parallel back-end: this process's analyzer on one batch
    (documents and skips, in order). `--workers` forks it; `--cluster` (run/cluster.py) runs it
    in Dask workers."""
    return list(_WORKER["analyzer"].analyse_stream(batch, batch=BATCH))


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    n_docs = 0
    for item in items:
        batch.append(item)
        n_docs += isinstance(item, Document)
        if n_docs >= size:
            yield batch
            batch, n_docs = [], 0
    if batch:
        yield batch


def analyse_parallel(analyzer: Analyzer, items: Iterable, workers: int) -> Iterator:
    """What `analyzer.analyse_stream(items)` yields, in the same order, computed by `workers`
    processes (one: in this process)."""
    if workers <= 1:
        yield from analyzer.analyse_stream(items)
        return
    _WORKER["analyzer"] = analyzer
    ctx = mp.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init)
    pending: deque = deque()
    finished = False
    try:
        for batch in batches(items, BATCH):
            pending.append((batch, pool.submit(analyse_batch, batch)))
            while len(pending) >= 2 * workers:
                pool = yield from _drain_one(pending, pool, workers, ctx)
        while pending:
            pool = yield from _drain_one(pending, pool, workers, ctx)
        finished = True
    finally:
        _stop(pool, kill=not finished)
        _WORKER.clear()


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Shut the pool down; on an interruption, end its workers at once (their work is discarded)."""
    if kill:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                proc.kill()
            except (OSError, AttributeError):
                pass
    pool.shutdown(wait=True, cancel_futures=True)


def _drain_one(pending: deque, pool, workers: int, ctx):
    batch, fut = pending[0]
    try:
        out = fut.result()
    except BrokenProcessPool:
        broken = [b for b, _ in pending]
        pending.clear()
        _stop(pool, kill=True)
        for b in broken:  # one at a time, to find the batch that kills a worker
            yield from _alone(b, ctx)
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init)
    pending.popleft()
    yield from out
    return pool


def _alone(batch: list, ctx) -> Iterator:
    pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=_init)
    try:
        yield from pool.submit(analyse_batch, batch).result()
    except BrokenProcessPool:
        for item in batch:
            if isinstance(item, Document):
                yield Failure(item, MemoryError("the worker process analysing it died (killed, or out of memory)"))
            else:
                yield item
    finally:
        _stop(pool, kill=False)

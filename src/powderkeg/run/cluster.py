"""`ingest --cluster ADDRESS|local --parquet DIR [--db FILE]`: the analysis of `--workers`, on Dask.

One analysis path: a task is `workers.analyse_batch` (`Analyzer.analyse_stream` on a batch of
documents), the function `--workers N` forks, run in a Dask worker. Each worker process holds one
analyzer (model, knowledge base, vocabulary) for every task (`workers.set_worker_analyzer`):
- `--cluster local` loads it once in this process, as `--workers` does, and starts the
  LocalCluster's worker processes by fork (Dask's `multiprocessing-method`), so they begin with it:
  no worker imports powderkeg or loads the model again (with spawn, Dask's default, each did, ~4 s
  at the start of every run on two cores), and the model's pages are shared. A worker the nanny
  starts later, after one died, is spawned as Dask does by default (forking then, from a driver
  busy with its reader and Dask's threads, is riskier than ~4 s);
- a spawned worker, and every worker of a cluster at an ADDRESS, loads it in a worker plugin, once,
  before its first task.

The task writes its own results (store/dataset.write_parts: files committed by atomic rename) and
returns only counts and failure messages, so nothing grows in the driver and the rows are written
where they were computed. With a remote scheduler, DIR must be the same path on every worker (a
shared file system). The driver reads the inputs, reports skips, leaves out the documents already
committed with this text and coder, and keeps at most 2 x workers batches in flight.

A worker that dies mid-task: Dask runs its tasks again on another worker (a restarted one with
`local`); a task writes the same file names each time, so a rerun replaces identical files and
nothing is doubled. A batch that kills workers `distributed.scheduler.allowed-failures` (3) times
is reported as failed documents and the run goes on; running the same command again retries them.
"""
from __future__ import annotations

import ctypes
import fcntl
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Iterator

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from distributed.scheduler import KilledWorker

from powderkeg.pipeline import Analyzer, Failure
from powderkeg.run import workers
from powderkeg.run.commands import (EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, RunFailed, check_db_path, err,
                                    progress_for, report_skip, run_options)
from powderkeg.store import dataset


class LoadAnalyzer(WorkerPlugin):
    """Loads the analyzer once per worker process, before its first task (a forked local worker
    has it already); a LocalCluster's worker also leaves Ctrl-C to the driver."""

    name = "powderkeg-analyzer"

    def __init__(self, coder: str, local: bool = False):
        self.coder, self.local = coder, local

    def setup(self, worker=None) -> None:
        if self.local and threading.current_thread() is threading.main_thread():
            _ignore_ctrl_c()  # a worker spawned after one died (the forked ones ignore it from the fork)
        _analyzer(self.coder)


def _ignore_ctrl_c() -> None:
    """Ctrl-C reaches every process of the terminal's group; in a LocalCluster the driver alone acts
    on it (it reports what was committed and closes the cluster, which ends the workers), so a
    worker ignores it rather than print its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_FORKING: dict = {"workers": False, "trim": None}  # set while the LocalCluster forks its workers


def _in_forked_worker() -> None:
    """In a process forked while the LocalCluster starts (an `os.register_at_fork` hook, run in the
    child, whose one thread is its main thread): what a spawned worker gets from Dask or the plugin
    before its first task. Ctrl-C is the driver's; and glibc's trim threshold of Dask's
    `pre-spawn-environ` (a spawned worker's environment sets it before malloc starts; a forked one
    inherits the driver's malloc), so freed memory goes back to the system as in a spawned worker.
    (Its other entries, one BLAS thread, are left as `--workers`' forked workers have them.)"""
    if not _FORKING["workers"]:
        return
    _ignore_ctrl_c()
    if _FORKING["trim"] is not None:
        try:
            ctypes.CDLL("libc.so.6").mallopt(-1, int(_FORKING["trim"]))  # M_TRIM_THRESHOLD
        except (OSError, AttributeError, ValueError):  # not glibc
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_forked_worker)


def _analyzer(coder: str) -> Analyzer:
    """This process's analyzer for `coder`, loaded on first use."""
    a = workers.worker_analyzer()
    if a is None or a.coder_name != coder:
        a = Analyzer(coder=coder)
        workers.set_worker_analyzer(a)
    return a


def run_batch(batch: list, root: str, coder: str) -> dict:
    """A cluster task: analyse a batch with the per-document function of `--workers` and commit it
    to the dataset under `root`. Returns what the driver reports."""
    analyzer = _analyzer(coder)
    done, failed = [], []
    for item in workers.analyse_batch(batch):
        if isinstance(item, Failure):
            failed.append((item.message(), item.trace))
        else:
            done.append(item)
    dataset.write_parts(done, root, analyzer.coder_hash)
    return {"stored": len(done), "failed": failed}


def coder_hash(coder: str) -> str:
    return _analyzer(coder).coder_hash


def _lock(root: Path):
    """One run per dataset at a time (`clean` must not remove files another run is writing)."""
    fh = open(root / ".lock", "w")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise RunFailed(f"--parquet {root}: another powderkeg run is writing this dataset") from None
    return fh


def _start(args, quiet_logs: bool):
    """(client, cluster or None, number of task slots)."""
    if quiet_logs:  # the scheduler runs in this process: its INFO lines are not ours to print
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if args.cluster == "local":
        n = args.workers or workers.default_workers()
        workers.set_worker_analyzer(workers.load_analyzer(args.coder))  # the forked workers inherit it
        _FORKING["trim"] = dask.config.get("distributed.nanny.pre-spawn-environ", {}).get("MALLOC_TRIM_THRESHOLD_")
        _FORKING["workers"] = True
        try:
            with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}):
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=logging.ERROR if quiet_logs else logging.WARNING)
        finally:
            _FORKING["workers"] = False
        return Client(cluster), cluster, n
    try:
        client = Client(args.cluster, timeout="30s")
    except (OSError, TimeoutError) as e:
        raise RunFailed(f"--cluster {args.cluster}: cannot reach the scheduler: {e}") from None
    slots = sum(w.get("nthreads", 1) for w in client.scheduler_info().get("workers", {}).values())
    return client, None, max(1, slots)


def cmd_ingest_cluster(args) -> int:
    """Analyse on a Dask cluster into the Parquet dataset `--parquet DIR`; with `--db`, load it."""
    from powderkeg.ingest import Skip, iter_inputs

    if args.db:
        check_db_path(args.db)
    if args.workers is not None and args.workers < 1:
        raise RunFailed("--workers must be at least 1")
    root = Path(args.parquet).resolve()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RunFailed(f"--parquet {args.parquet}: cannot create: {e.strerror}") from None
    lock = _lock(root)
    opts, size = run_options(args), max(1, args.batch)
    dataset.clean(str(root))  # what a killed run left uncommitted
    have = dataset.committed(str(root))
    try:
        client, cluster, slots = _start(args, quiet_logs=not (args.debug or args.verbose))
    except KeyboardInterrupt:
        err("interrupted while the cluster started: nothing was committed")
        lock.close()
        return EXIT_INTERRUPTED
    counts = {"stored": 0, "unchanged": 0, "stale": 0}
    bar = progress_for(args, "ingest")
    try:
        client.register_plugin(LoadAnalyzer(args.coder, local=cluster is not None))
        coder = client.submit(coder_hash, args.coder, pure=False).result()

        def todo() -> Iterator:  # documents not committed with this text and coder; skips reported here
            for item in iter_inputs(args.paths, options=opts):
                if isinstance(item, Skip):
                    report_skip(item, args, bar)
                    continue
                held = have.get(item.doc_id)
                if held is not None and held[0] == item.content_hash and (held[1] == coder or args.keep_stale):
                    counts["unchanged"] += 1
                    bar.done()
                    continue
                counts["stale"] += held is not None and held[0] == item.content_hash
                yield item

        _run(client, todo(), str(root), args, slots, size, counts, bar)
    except KeyboardInterrupt:
        bar.close()
        err(f"interrupted: {counts['stored']} documents committed to {root}; run the same command again to continue")
        return EXIT_INTERRUPTED
    finally:
        bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
            workers.drop_worker_analyzer()  # the driver's copy: not kept through the --db load
    pruned = dataset.prune(str(root))
    print(f"committed {counts['stored']} documents ({counts['unchanged']} already committed, {counts['stale']} "
          f"re-analysed after a coder change, {bar.skipped} skipped) to {root}"
          + (f"; {pruned} superseded parts removed" if pruned else ""), file=sys.stderr)
    if args.db:
        _load(root, args.db)
    lock.close()
    return EXIT_SKIPPED if bar.skipped else EXIT_OK


def _run(client, docs: Iterator, root: str, args, slots: int, size: int, counts: dict, bar) -> None:
    """Submit batches (at most 2 x slots in flight) and report each as it finishes."""
    batches: dict = {}
    ac = as_completed()
    for batch in workers.batches(docs, size):
        fut = client.submit(run_batch, batch, root, args.coder, pure=False)
        batches[fut.key] = batch
        ac.add(fut)
        while len(batches) >= 2 * slots:
            _finished(next(ac), batches, args, counts, bar)
    for fut in ac:
        _finished(fut, batches, args, counts, bar)


def _finished(fut, batches: dict, args, counts: dict, bar) -> None:
    batch = batches.pop(fut.key)
    try:
        out = fut.result()
    except KilledWorker:
        for doc in batch:
            report_skip(Failure(doc, MemoryError("the workers analysing it died (killed, or out of memory)")),
                         args, bar)
        return
    for message, trace in out["failed"]:
        bar.write(f"powderkeg: {message}")
        if args.debug:
            print(trace, file=sys.stderr, end="")
        bar.skip()
    counts["stored"] += out["stored"]
    bar.done(out["stored"])


def _load(root: Path, db: str) -> None:
    from powderkeg.store.duck import Store

    store = Store(db)
    try:
        n = dataset.load(str(root), store)
        held = store.counts()
    finally:
        store.close()
    print(f"loaded {n} documents from {root} into {db}; database now holds "
          + ", ".join(f"{v} {k}" for k, v in held.items()), file=sys.stderr)


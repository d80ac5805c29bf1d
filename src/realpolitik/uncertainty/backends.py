"""Where chunks of a design are evaluated: in-process, a process pool, or Dask.

Every backend receives the same slices of a design built in the calling
process and returns outputs in row order, so results are bit-identical
across backends and chunk sizes as long as a model's value for a row does
not depend on the other rows in its batch (all realpolitik models are
written that way: element-wise NumPy along the batch axis).

Dask: a ``LocalCluster`` (``n_workers`` processes, one thread each, no
dashboard) when no scheduler address is given, else ``Client(address)``.
The scheduler and every worker must be able to import ``realpolitik``: see
``docs/uncertainty.md``.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..errors import InputError
from .models import Model

__all__ = ["BACKENDS", "evaluate_chunk", "run_chunks", "chunk_bounds", "default_chunk_size"]

BACKENDS = ("local", "process", "dask")
Progress = Callable[[int, int], None]


def evaluate_chunk(model: Model, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Evaluate one chunk and check the outputs' lengths (runs on workers)."""
    out = model.evaluate(columns, n)
    for name, arr in out.items():
        if np.shape(arr) != (n,):
            raise RuntimeError(f"model output {name!r} has shape {np.shape(arr)}, expected ({n},)")
    return {k: np.asarray(v) for k, v in out.items()}


def default_chunk_size(n: int, backend: str, workers: int, hint: int = 10_000) -> int:
    """Chunks small enough for a live progress bar and for every worker, big enough to vectorise."""
    if backend == "local":
        return max(1, min(n, hint))
    return max(1, min(5 * hint, math.ceil(n / (4 * max(1, workers)))))


def chunk_bounds(n: int, chunk_size: int) -> list[tuple[int, int]]:
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return [(a, min(n, a + int(chunk_size))) for a in range(0, n, int(chunk_size))]


def _concat(parts: Sequence[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if not parts:
        return {}
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def run_chunks(model: Model, columns: Mapping[str, np.ndarray], n: int, *, backend: str = "local",
               chunk_size: int | None = None, workers: int | None = None, scheduler: str | None = None,
               client: Any = None, progress: Progress | None = None) -> dict[str, np.ndarray]:
    """Evaluate ``model`` on all ``n`` rows of ``columns``, chunk by chunk.

    Parameters
    ----------
    backend : {"local", "process", "dask"}
    chunk_size : int, optional
        Rows per task (results do not depend on it).
    workers : int, optional
        Processes for ``"process"`` and for a local Dask cluster (default: CPU count, at most 8).
    scheduler : str, optional
        ``tcp://HOST:PORT`` of a running Dask scheduler.
    client : distributed.Client, optional
        An existing Dask client to use (and not close).
    progress : callable(done_rows, total_rows), optional
    """
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}", expected="one of " + ", ".join(BACKENDS))
    if scheduler is not None and backend != "dask":
        raise InputError("--scheduler needs --backend dask")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers!r}")
    if workers is not None:
        from ..bounds import MAX_WORKERS, check_count

        check_count("workers", workers, MAX_WORKERS)
    nworkers = workers or min(8, os.cpu_count() or 1)
    hint = int(getattr(model, "chunk_hint", 10_000))
    size = chunk_size if chunk_size is not None else default_chunk_size(n, backend, nworkers, hint)
    bounds = chunk_bounds(n, size)
    slices = [({k: v[a:b] for k, v in columns.items()}, b - a) for a, b in bounds]
    report = progress or (lambda done, total: None)
    if backend == "local":
        parts = []
        done = 0
        for cols, m in slices:
            parts.append(evaluate_chunk(model, cols, m))
            done += m
            report(done, n)
        return _concat(parts)
    if backend == "process":
        return _run_process(model, slices, n, nworkers, report)
    return _run_dask(model, slices, n, nworkers, scheduler, client, report)


def _start_method() -> str:
    """``fork`` when the parent is single-threaded (workers inherit the imported, compiled
    engines: no start-up cost), else ``spawn`` (forking a threaded process can deadlock)."""
    import threading

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


_PR_SET_PDEATHSIG = 1
_POLL_S = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when ``parent_pid`` dies, even by ``kill -9``.

    Linux: the kernel's parent-death signal (``prctl(PR_SET_PDEATHSIG, SIGKILL)``).
    Everywhere (and as a second line on Linux, e.g. when the process was started by a
    thread that ends, or the parent died before the ``prctl``): a daemon thread that
    polls the parent's pid once a second and exits the process when it is gone.
    """
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no libc symbol: the poller below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before we got here
        os._exit(1)

    def poll() -> None:
        import time

        while True:
            time.sleep(_POLL_S)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=poll, name="realpolitik-parent-watch", daemon=True).start()


#: the model a pool worker evaluates, set once per worker by :func:`_init_worker`
_WORKER_MODEL: Model | None = None


def _init_worker(parent_pid: int, model: Model) -> None:
    """Pool initializer: the model arrives once per worker (not with every chunk), so what it
    caches per process (a compiled game, its shape) is built once per worker, not once per chunk."""
    global _WORKER_MODEL
    die_with_parent(parent_pid)
    _WORKER_MODEL = model


def _evaluate_in_worker(columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    if _WORKER_MODEL is None:  # pragma: no cover - internal invariant
        raise RuntimeError("pool worker started without _init_worker")
    return evaluate_chunk(_WORKER_MODEL, columns, n)


def _run_process(model: Model, slices: list, n: int, workers: int, report: Progress) -> dict[str, np.ndarray]:
    method = _start_method()
    if method == "fork":
        # compiled kernels loaded and games compiled here, once: forked workers inherit them
        warm = getattr(model, "warm", None)  # models need not subclass Model (duck typing)
        if callable(warm):
            warm()
    ctx = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(max_workers=min(workers, len(slices)), mp_context=ctx,
                               initializer=_init_worker, initargs=(os.getpid(), model))
    results: list[dict[str, np.ndarray] | None] = [None] * len(slices)
    try:
        futs: dict[Future, int] = {pool.submit(_evaluate_in_worker, cols, m): i
                                   for i, (cols, m) in enumerate(slices)}
        pending = set(futs)
        done_rows = 0
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                i = futs[f]
                results[i] = f.result()
                done_rows += slices[i][1]
            report(done_rows, n)
    except BaseException:
        # Ctrl-C or a failing chunk: drop queued work, do not wait for it.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return _concat(results)  # type: ignore[arg-type]


def _run_dask(model: Model, slices: list, n: int, workers: int, scheduler: str | None, client: Any,
              report: Progress) -> dict[str, np.ndarray]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("the dask backend needs dask.distributed",
                         expected="pip install 'realpolitik[distributed]'") from None
    own_client = own_cluster = None
    try:
        if client is None:
            if scheduler is not None:
                try:
                    client = own_client = Client(scheduler, timeout="10s")
                except (OSError, TimeoutError) as exc:
                    raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {exc}",
                                     expected="the address of a running `dask scheduler`, e.g. tcp://host:8786") from None
            else:
                own_cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
                client = own_client = Client(own_cluster)
                # Our own cluster's workers must not outlive this process (kill -9 included).
                from ._dask_plugin import DieWithParent

                client.register_plugin(DieWithParent())
        # hash=False: a fresh key per run, so releasing an earlier run's copy cannot race with this one.
        model_f = client.scatter(model, broadcast=True, hash=False)
        futs = [client.submit(evaluate_chunk, model_f, cols, m, pure=False) for cols, m in slices]
        index = {f.key: i for i, f in enumerate(futs)}
        results: list[dict[str, np.ndarray] | None] = [None] * len(slices)
        done_rows = 0
        try:
            for f in as_completed(futs):
                i = index[f.key]
                results[i] = f.result()
                done_rows += slices[i][1]
                report(done_rows, n)
        except BaseException:
            client.cancel(futs)
            raise
        return _concat(results)  # type: ignore[arg-type]
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()

"""Benchmark of the uncertainty runner (a plain script, never a test).

    python benchmarks/bench_uncertainty.py [--n 100000] [--repeats 3] [--skip-dask]

1. 100,000 Monte Carlo samples of the Belarus-2022 bargaining issue through
   the EU model, in process (target: under 10 s on the 2-core dev machine),
   against the bare engine call on the same arrays (the runner's overhead).
2. The same run on a Dask LocalCluster with 1 and with 2 workers (one thread
   each; cluster start-up timed separately) and on a 2-process pool: the
   speed-up from 1 to 2 workers. Results are checked bit-identical.

Prints medians over ``--repeats`` runs and ratios against the peers in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def _median_time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()

    from realpolitik import bargaining as B
    from realpolitik.scenario import load_any
    from realpolitik.uncertainty import bargaining_model, sample_design, simulate

    sc = load_any("belarus-2022")
    model = bargaining_model(sc, models=("eu",))
    n, reps = args.n, args.repeats
    import os

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start "
          "(other jobs share the cores: compare ratios within one run)")
    print(f"Belarus-2022 'involvement' issue, EU model ({model.eu_options.rounds} rounds), "
          f"{len(model.actor_ids)} actors, {len(model.inputs)} uncertain inputs, n = {n:,}, median of {reps}")

    t_design, design = _median_time(lambda: sample_design(model.inputs, n, rng=1), reps)
    x, s, c = model.arrays(design.columns(), n)
    t_engine, _ = _median_time(lambda: B.run_eu_batch(x, s, c, scale=model.scale, options=model.eu_options), reps)
    t_local, ref = _median_time(lambda: simulate(model, n, rng=1), reps)
    print(f"  design (MC sampling)           {t_design:8.3f} s")
    print(f"  bare run_eu_batch              {t_engine:8.3f} s")
    print(f"  simulate, local, 1 process     {t_local:8.3f} s   target < 10 s: {'met' if t_local < 10 else 'NOT met'};"
          f" runner overhead x{t_local / t_engine:.3f} of the bare engine")

    t_proc, res = _median_time(lambda: simulate(model, n, rng=1, backend="process", workers=2), reps)
    same = np.array_equal(res.samples.to_numpy(), ref.samples.to_numpy())
    print(f"  simulate, process pool, 2      {t_proc:8.3f} s   speed-up x{t_local / t_proc:.2f} vs local; "
          f"bit-identical: {same}")

    if args.skip_dask:
        return
    from distributed import Client, LocalCluster

    times = {}
    for workers in (1, 2):
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        t_start = time.perf_counter() - t0
        try:
            chunk = max(1, n // (4 * workers))
            t, res = _median_time(lambda: simulate(model, n, rng=1, backend="dask", client=client,
                                                   chunk_size=chunk), reps)
        finally:
            client.close()
            cluster.close()
        times[workers] = t
        same = np.array_equal(res.samples.to_numpy(), ref.samples.to_numpy())
        print(f"  simulate, dask, {workers} worker(s)    {t:8.3f} s   (cluster start {t_start:.2f} s); "
              f"bit-identical: {same}")
    print(f"  dask speed-up 1 -> 2 workers   x{times[1] / times[2]:.2f}")


if __name__ == "__main__":
    main()

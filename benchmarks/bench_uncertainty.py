"""Benchmark of the uncertainty runner on the whole Belarus-2022 scenario (a plain script, never a test).

    python benchmarks/bench_uncertainty.py [--n 100000] [--repeats 3] [--skip-dask] [--quick]

1. End to end, as a user runs it: ``realpolitik simulate belarus-2022 -n N`` (every issue and game,
   default models) as a fresh process, against a bare interpreter that imports NumPy
   (target: under 10 s for N = 100,000 on one core).
2. In process, the same model: local, a process pool with 1 and 2 workers, a Dask LocalCluster with
   1 and 2 workers (one thread each; cluster start-up timed separately): the speed-up from 1 to 2
   workers (target x1.6). Results are checked bit-identical to the local run.
3. The game alone: the batch-axis solver against the per-sample solver on the same draws (the
   per-sample solver on a subsample, scaled), and the bargaining issue's bare ``run_eu_batch``.
4. ``realpolitik sensitivity belarus-2022 --output game.escalation.russia.payoff`` (Sobol, N = 1024)
   end to end (target: under 30 s).

Prints medians over ``--repeats`` runs, the machine's load average, and ratios against the peers in
the same run: on a shared machine absolute times move with the load, ratios much less.
``--quick`` runs every part with small sizes (a smoke test: ``make bench`` checks that it runs).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import numpy as np

CLI = "import sys; from realpolitik.cli import main; sys.argv[0] = 'realpolitik'; sys.exit(main())"


def _median_time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _process_time(args: list[str], repeats: int) -> tuple[float, float]:
    """Median wall and CPU (user + system) time of a fresh interpreter running ``args``.

    The CPU time of a single-process run is what its wall time would be on an idle core: on a
    loaded machine it is the fairer figure for a "one core" target.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def _target(ok: bool, applies: bool) -> str:
    return ("met" if ok else "NOT met") if applies else "n/a at this size"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--sobol-n", type=int, default=1024)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--quick", action="store_true", help="small sizes, one repeat (smoke test)")
    ap.add_argument("--parts", default="cli,backends,game,sensitivity",
                    help="comma-separated subset of cli, backends, game, sensitivity")
    args = ap.parse_args()
    if args.quick:
        args.n, args.sobol_n, args.repeats = 2000, 64, 1
    n, reps = args.n, args.repeats
    parts = set(args.parts.split(","))

    from realpolitik.scenario import load_any
    from realpolitik.uncertainty import scenario_model

    sc = load_any("belarus-2022")
    model = scenario_model(sc)
    print(f"machine: {os.cpu_count()} cores, {_load()} at start (other jobs share the cores: "
          "compare ratios within one run)")
    print(f"Belarus-2022, every issue and game ({len(model.inputs)} uncertain inputs), n = {n:,}, "
          f"median of {reps}")

    if "cli" in parts:
        _end_to_end(n, reps)
    if "backends" in parts:
        _backends(sc, n, reps, args.skip_dask)
    if "game" in parts:
        _game(sc, n, reps)
    if "sensitivity" in parts:
        _sensitivity(args.sobol_n, reps)
    print(f"machine: {_load()} at the end")


def _end_to_end(n: int, reps: int) -> None:
    t_numpy, c_numpy = _process_time(["-c", "import numpy"], reps)
    t_cli, c_cli = _process_time(["-c", CLI, "simulate", "belarus-2022", "-n", str(n), "--seed", "1"], reps)
    print(f"  python -c 'import numpy'                 {t_numpy:8.3f} s   (CPU {c_numpy:.3f} s)")
    print(f"  realpolitik simulate belarus-2022 -n {n:<7,} {t_cli:8.3f} s   (CPU {c_cli:.3f} s) "
          f"x{t_cli / t_numpy:.1f} of the bare interpreter; target < 10 s: {_target(t_cli < 10, n == 100_000)}, "
          f"on CPU time: {_target(c_cli < 10, n == 100_000)} ({_load()})")


def _backends(sc, n: int, reps: int, skip_dask: bool) -> None:
    from realpolitik.uncertainty import simulate

    simulate(sc, 100, rng=1)  # kernels loaded and games compiled in this process, as after any first run
    cpu: list[float] = []

    def local():
        p0 = time.process_time()
        out = simulate(sc, n, rng=1)
        cpu.append(time.process_time() - p0)
        return out
    t_local, ref = _median_time(local, reps)
    print(f"  simulate, local, 1 process               {t_local:8.3f} s   (CPU {statistics.median(cpu):.2f} s)")
    proc, est = {}, {}
    for w in (1, 2):
        parent, workers = [], []

        def run(w=w):
            p0, c0 = time.process_time(), _children_cpu()
            out = simulate(sc, n, rng=1, backend="process", workers=w)
            parent.append(time.process_time() - p0)
            workers.append(_children_cpu() - c0)  # the pool's workers, reaped at its shutdown
            return out
        proc[w], res = _median_time(run, reps)
        same = res.samples.equals(ref.samples)
        # what the run would take on w free cores: the parent's serial CPU plus the workers' share
        est[w] = statistics.median(parent) + statistics.median(workers) / w
        print(f"  simulate, process pool, {w} worker(s)      {proc[w]:8.3f} s   (CPU: parent "
              f"{statistics.median(parent):.2f} s, workers {statistics.median(workers):.2f} s); bit-identical: {same}")
    print(f"  process pool speed-up 1 -> 2 workers     x{proc[1] / proc[2]:.2f} wall-clock, target x1.6: "
          f"{_target(proc[1] / proc[2] >= 1.6, n == 100_000)} ({_load()}); from CPU times on free cores "
          f"x{est[1] / est[2]:.2f} (an estimate, not a measurement)")
    if not skip_dask:
        from distributed import Client, LocalCluster

        times = {}
        for w in (1, 2):
            t0 = time.perf_counter()
            cluster = LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
            t_start = time.perf_counter() - t0
            try:
                times[w], res = _median_time(lambda: simulate(sc, n, rng=1, backend="dask", client=client), reps)
            finally:
                client.close()
                cluster.close()
            same = res.samples.equals(ref.samples)
            print(f"  simulate, dask, {w} worker(s)              {times[w]:8.3f} s   (cluster start {t_start:.2f} s); "
                  f"bit-identical: {same}")
        print(f"  dask speed-up 1 -> 2 workers             x{times[1] / times[2]:.2f} ({_load()})")


def _game(sc, n: int, reps: int) -> None:
    from realpolitik import bargaining as B
    from realpolitik.uncertainty import bargaining_model, game_model, sample_design

    gm = game_model(sc, "escalation")
    cols = sample_design(gm.inputs, n, rng=1).columns()
    gm.evaluate({k: v[:2] for k, v in cols.items()}, 2)  # compile once, as every run does
    t_game, _ = _median_time(lambda: gm.evaluate(cols, n), reps)
    m = min(n, 500)
    sub = {k: v[:m] for k, v in cols.items()}
    table, chance = gm.tables(sub, m)
    from realpolitik.uncertainty.games_model import solve_summary

    def per_sample() -> None:
        for r in range(m):
            solve_summary(gm._sample_game(table[r], [c[r] for c in chance]))
    t_scalar = _median_time(per_sample, reps)[0] * n / m
    print(f"  escalation game, batch solver, n = {n:,}   {t_game:8.3f} s")
    print(f"  escalation game, per-sample solver       {t_scalar:8.3f} s   (from {m} samples)   batch is "
          f"x{t_scalar / t_game:.0f} faster")
    bm = bargaining_model(sc, models=("eu",))
    x, s, c = bm.arrays(sample_design(bm.inputs, n, rng=1).columns(), n)
    t_eu, _ = _median_time(lambda: B.run_eu_batch(x, s, c, scale=bm.scale, options=bm.eu_options), reps)
    print(f"  bargaining issue, bare run_eu_batch      {t_eu:8.3f} s")


def _sensitivity(sobol_n: int, reps: int) -> None:
    t_sens, c_sens = _process_time(["-c", CLI, "sensitivity", "belarus-2022", "--output", "game.escalation.russia.payoff",
                                    "-n", str(sobol_n), "--seed", "1"], reps)
    print(f"  realpolitik sensitivity (Sobol, N = {sobol_n}, output game.escalation.russia.payoff) "
          f"{t_sens:8.3f} s   (CPU {c_sens:.3f} s) target < 30 s: {_target(t_sens < 30, sobol_n == 1024)} ({_load()})")


if __name__ == "__main__":
    main()

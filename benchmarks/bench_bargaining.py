"""Benchmark of the EU model: one run and a batch, against the pure-Python reference.

Run: ``python benchmarks/bench_bargaining.py [--batch 100000] [--repeat 5]``.

Measures on ONE core: the process pins itself to one CPU and sets
NUMBA_NUM_THREADS / OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS
to 1 before NumPy and numba are imported (threadpoolctl, if installed, also
limits the BLAS pools). Prints medians over repeats and, per rule set, the
speed-up per actor-round against the straightforward pure-Python
implementation in ``benchmarks/reference_eu_pure.py`` (same rules, same run,
same perturbed copies). Targets (issue 3, 2-core machine): one EC run
(10 actors, 8 rounds) under 1 ms; 100,000 perturbed copies under 10 s on one
core, i.e. at least 100x the pure-Python reference per actor-round.

``run_eu`` builds its pandas objects (positions, median, mean, moves, the
first round's frames) on first access; the benchmark times the run alone and
the run with every frame materialised.
"""

from __future__ import annotations

import os

for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import reference_eu_pure as ref  # noqa: E402

from realpolitik.bargaining import (EUOptions, compromise, median_voter, nash_bargaining, run_eu,  # noqa: E402
                                    run_eu_batch)

try:  # optional: also cap any BLAS pool already created
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)
except ImportError:
    pass

X = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
C = [.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]
S = [.8, .4, .2, .8, .6, .6, .9, .1, 1.0, .7]
SCALE = (4.0, 10.0)


def timeit(fn, repeat: int, number: int = 1) -> float:
    """Median over ``repeat`` of the mean time of ``number`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def perturbed(B: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = np.clip(np.asarray(X, float) + rng.normal(0, 0.5, (B, len(X))), *SCALE)
    s = np.clip(np.asarray(S) + rng.normal(0, 0.05, (B, len(S))), 0, 1)
    c = np.clip(np.asarray(C) + rng.normal(0, 0.01, (B, len(C))), 0, None)
    return x, s, c


def _materialised(opts) -> None:
    res = run_eu(X, S, C, scale=SCALE, options=opts)
    r1 = res.round_one
    (res.positions, res.median, res.mean, res.moves, r1.probability, r1.eu_pass1, r1.eu_pass2,
     r1.security, r1.risk_basis, r1.risk_exponent)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ref-copies", type=int, default=40,
                    help="copies timed with the pure-Python reference (paper rules; scholz-code: /20)")
    args = ap.parse_args()
    n, rounds = len(X), 8
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"EU model, EC example: {n} actors, {rounds} rounds; medians of {args.repeat} repeats; "
          f"pinned to CPU {cpus}, NUMBA_NUM_THREADS={os.environ['NUMBA_NUM_THREADS']}")
    x, s, c = perturbed(args.batch)
    for rules in ("scholz-code", "paper"):
        opts = EUOptions.preset(rules, rounds=rounds)
        tag = " (default rules)" if opts == EUOptions(rounds=rounds) else ""
        run_eu(X, S, C, scale=SCALE, options=opts)   # warm-up (compile / load the cache)
        run_eu_batch(x[:8], s[:8], c[:8], scale=SCALE, options=opts)
        t_single = timeit(lambda: run_eu(X, S, C, scale=SCALE, options=opts), args.repeat, 50)
        t_single_pd = timeit(lambda: _materialised(opts), args.repeat, 20)
        t_single_b = timeit(lambda: run_eu_batch(X, S, C, scale=SCALE, options=opts), args.repeat, 50)
        k1 = 5 if rules == "paper" else 1
        t_ref_single = timeit(lambda: ref.run(X, S, C, SCALE, opts), max(1, args.repeat // 2), k1)
        t_batch = timeit(lambda: run_eu_batch(x, s, c, scale=SCALE, options=opts), max(1, args.repeat // 2))
        k = args.ref_copies if rules == "paper" else max(1, args.ref_copies // 20)
        t_ref = timeit(lambda: [ref.run(x[b], s[b], c[b], SCALE, opts) for b in range(k)], 1) / k
        per_ar_batch = t_batch / (args.batch * n * rounds)
        per_ar_ref = t_ref / (n * rounds)
        print(f"\n[{rules}]{tag}")
        print(f"  one run, run_eu (ForecastResult)            {t_single * 1e3:8.3f} ms "
              f"({t_ref_single / t_single:.0f}x the reference's one run)")
        print(f"  one run, run_eu + every DataFrame built     {t_single_pd * 1e3:8.3f} ms")
        print(f"  one run, run_eu_batch (B = 1)               {t_single_b * 1e3:8.3f} ms")
        print(f"  one run, pure-Python reference              {t_ref_single * 1e3:8.3f} ms")
        print(f"  batch of {args.batch:,} copies                  {t_batch:8.3f} s "
              f"({t_batch / args.batch * 1e6:.1f} us/copy)")
        print(f"  pure-Python reference per copy ({k:2d} copies) {t_ref * 1e3:8.3f} ms "
              f"(-> {t_ref * args.batch:.0f} s for the batch)")
        print(f"  per actor-round: batch {per_ar_batch * 1e9:.0f} ns, reference {per_ar_ref * 1e9:.0f} ns, "
              f"speed-up {per_ar_ref / per_ar_batch:.0f}x")
    x, s, c = perturbed(args.batch, 1)
    print(f"\nBaselines on a batch of {args.batch:,}:")
    for name, fn in (("compromise", lambda: compromise(x, s, c)),
                     ("median_voter", lambda: median_voter(x, s, c)),
                     ("nash_bargaining k=2", lambda: nash_bargaining(x, s, c, scale=SCALE))):
        print(f"  {name:22s} {timeit(fn, args.repeat) * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()

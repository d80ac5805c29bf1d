"""Benchmark of the EU model: one run and a batch, against the pure-Python reference.

Run: ``python benchmarks/bench_bargaining.py [--batch 100000] [--repeat 7]``.
Prints medians over repeats and the speed-up per actor-round against the
straightforward pure-Python implementation in ``benchmarks/reference_eu_pure.py``
(same rules, same run). Targets (issue 3, 2-core machine): one EC run
(10 actors, 8 rounds) under 1 ms; 100,000 perturbed copies under 10 s on one
core, i.e. at least 100x the pure-Python reference per actor-round.
Set OMP_NUM_THREADS=1 etc. for a strict one-core figure (NumPy's
element-wise work here is single-threaded anyway).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import reference_eu_pure as ref  # noqa: E402

from realpolitik.bargaining import EUOptions, compromise, median_voter, nash_bargaining, run_eu, run_eu_batch  # noqa: E402

X = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
C = [.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]
S = [.8, .4, .2, .8, .6, .6, .9, .1, 1.0, .7]
SCALE = (4.0, 10.0)


def timeit(fn, repeat: int, number: int = 1) -> float:
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--ref-copies", type=int, default=40)
    args = ap.parse_args()
    n, rounds = len(X), 8
    print(f"EU model, EC example: {n} actors, {rounds} rounds; medians of {args.repeat} repeats")
    for rules in ("paper", "scholz-code"):
        opts = EUOptions.preset(rules, rounds=rounds)
        run_eu(X, S, C, scale=SCALE, options=opts)   # warm-up
        t_single = timeit(lambda: run_eu(X, S, C, scale=SCALE, options=opts), args.repeat, 20)
        t_single_b = timeit(lambda: run_eu_batch(X, S, C, scale=SCALE, options=opts), args.repeat, 20)
        t_ref_single = timeit(lambda: ref.run(X, S, C, SCALE, opts), args.repeat, 5)
        x, s, c = perturbed(args.batch)
        t_batch = timeit(lambda: run_eu_batch(x, s, c, scale=SCALE, options=opts), max(1, args.repeat // 2))
        k = args.ref_copies if rules == "paper" else max(1, args.ref_copies // 20)
        t_ref = timeit(lambda: [ref.run(x[b], s[b], c[b], SCALE, opts) for b in range(k)], 1) / k
        per_ar_batch = t_batch / (args.batch * n * rounds)
        per_ar_ref = t_ref / (n * rounds)
        print(f"\n[{rules}]")
        print(f"  one run, run_eu (full ForecastResult)   {t_single * 1e3:8.3f} ms")
        print(f"  one run, run_eu_batch (B = 1)           {t_single_b * 1e3:8.3f} ms")
        print(f"  one run, pure-Python reference          {t_ref_single * 1e3:8.3f} ms")
        print(f"  batch of {args.batch:,} copies              {t_batch:8.3f} s "
              f"({t_batch / args.batch * 1e6:.1f} us/copy)")
        print(f"  pure-Python reference per copy          {t_ref * 1e3:8.3f} ms "
              f"(-> {t_ref * args.batch:.0f} s for the batch)")
        print(f"  per actor-round: batch {per_ar_batch * 1e9:.0f} ns, reference {per_ar_ref * 1e9:.0f} ns, "
              f"speed-up {per_ar_ref / per_ar_batch:.0f}x")
    x, s, c = perturbed(args.batch, 1)
    print("\nBaselines on the same batch:")
    for name, fn in (("compromise", lambda: compromise(x, s, c)),
                     ("median_voter", lambda: median_voter(x, s, c)),
                     ("nash_bargaining k=2", lambda: nash_bargaining(x, s, c, scale=SCALE))):
        print(f"  {name:22s} {timeit(fn, args.repeat) * 1e3:8.1f} ms")


if __name__ == "__main__":
    main()

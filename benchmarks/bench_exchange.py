"""Benchmark of the exchange model against decide-exchange-model (the optional GPL peer).

Run: ``python benchmarks/bench_exchange.py [--rounds 10] [--repeat 5] [--decide-repeat 3]
[--repetitions 100] [--p 0.5] [--files cop21.csv,...]``.

Times, on one core (the process pins itself to one CPU and sets the thread
variables to 1 before NumPy and numba load; decide runs in a child process
pinned to the same CPU), the same 10-round run of realpolitik's
:func:`~realpolitik.bargaining.run_exchange` and of decide 2022.1.28 on cop21
(15 actors x 13 issues), copenhagen and sample_data, equal-gain rates: medians
over repeats and the ratio decide / realpolitik. Then 100 repetitions of the
random-rate model (``p = 0.5``) against decide's one equal-gain run (decide's
own random-rate model crashes in that release; the script tries it and
reports the error). Targets (issue 14): >= 20x on cop21; 100 random-rate
repetitions in less than decide's one run.

decide is never a dependency: the script finds it as

1. ``REALPOLITIK_DECIDE_PYTHON``: an interpreter in which ``import decide`` works;
2. the running interpreter, if ``decide`` is importable here;
3. ``/tmp/decide-venv/bin/python`` if present (``python3 -m venv /tmp/decide-venv;
   /tmp/decide-venv/bin/pip install --no-deps decide-exchange-model==2022.1.28 numpy pandas
   peewee typesystem==0.2.5 blinker==1.5 typing-extensions python-dateutil``).

Without it only realpolitik's times are printed. Timing excludes file parsing
on both sides and numba's one-off compilation (reported separately: the
compiled kernels are cached on disk after the first run).
"""

from __future__ import annotations

import os

for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import realpolitik  # noqa: E402
from realpolitik.bargaining import exchange_data, run_exchange  # noqa: E402

SHARED = Path(os.environ.get("REALPOLITIK_SHARED", HERE.parents[1] / "shared"))
FOLDER = SHARED / "data" / "bargaining" / "foarsitter_decide-exchange-model"
FILES = ("cop21.csv", "copenhagen.csv", "sample_data.txt")


def decide_python() -> str | None:
    """An interpreter that can import decide, or None."""
    env = os.environ.get("REALPOLITIK_DECIDE_PYTHON")
    if env:
        return env
    if importlib.util.find_spec("decide") is not None:
        return sys.executable
    venv = Path("/tmp/decide-venv/bin/python")
    return str(venv) if venv.exists() else None


def time_decide(py: str, path: Path, rounds: int, repeat: int, p: float | None = None) -> dict:
    cmd = [py, str(HERE / "_decide_timer.py"), str(path), str(rounds), str(repeat)]
    if p is not None:
        cmd.append(str(p))
    cpu = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    if cpu and Path("/usr/bin/taskset").exists():
        cmd = ["taskset", "-c", str(cpu[0]), *cmd]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)
    if out.returncode != 0:
        return {"times": [], "error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5, help="repeats of each realpolitik timing")
    ap.add_argument("--decide-repeat", type=int, default=3, help="repeats of each decide timing")
    ap.add_argument("--repetitions", type=int, default=100, help="random-rate repetitions")
    ap.add_argument("--p", type=float, default=0.5, help="randomness of the random-rate run")
    ap.add_argument("--files", default=",".join(FILES))
    args = ap.parse_args(argv)

    py = decide_python()
    print(f"decide peer: {py or 'not found (realpolitik times only)'}")
    print(f"one core; {args.rounds} rounds; medians of {args.repeat} (realpolitik) / "
          f"{args.decide_repeat} (decide) repeats\n")
    t0 = time.perf_counter()
    d0 = exchange_data(realpolitik.load_any(str(FOLDER / "data_short.csv")))
    run_exchange(d0.positions, d0.saliences, d0.capabilities, rounds=1)
    run_exchange(d0.positions, d0.saliences, d0.capabilities, rounds=1, p=0.5, rng=0)
    print(f"first call (numba compile or cache load): {time.perf_counter() - t0:.2f} s\n")

    header = f"{'file':<16} {'actors x issues':>15} {'realpolitik':>12} {'decide':>10} {'ratio':>8}"
    print(header)
    print("-" * len(header))
    rows = {}
    for name in args.files.split(","):
        path = FOLDER / name
        d = exchange_data(realpolitik.load_any(str(path)))

        def one(d=d):  # type: ignore[no-untyped-def]
            return run_exchange(d.positions, d.saliences, d.capabilities, scales=d.scales,
                                rounds=args.rounds, actor_ids=d.actor_ids, issue_ids=d.issue_ids)

        rp = median_time(one, args.repeat)
        dec = time_decide(py, path, args.rounds, args.decide_repeat) if py else None
        dt = statistics.median(dec["times"]) if dec and dec["times"] else None
        ratio = f"{dt / rp:.0f}x" if dt else "-"
        shape = f"{len(d.actor_ids)} x {len(d.issue_ids)}"
        print(f"{name:<16} {shape:>15} {rp * 1e3:>10.1f}ms {dt if dt is None else f'{dt:.2f}s':>10} {ratio:>8}"
              + (f"   decide error: {dec['error']}" if dec and dec.get("error") else ""), flush=True)
        rows[name] = (d, rp, dt)

    if "cop21.csv" in rows:
        d, rp, dt = rows["cop21.csv"]
        t = median_time(lambda: run_exchange(d.positions, d.saliences, d.capabilities, scales=d.scales,
                                             rounds=args.rounds, p=args.p, repetitions=args.repetitions,
                                             rng=0), max(1, min(3, args.repeat)))
        print(f"\ncop21, random rates p = {args.p}: {args.repetitions} repetitions {t:.2f} s "
              f"({t / args.repetitions * 1e3:.0f} ms each)"
              + (f"; decide's one equal-gain run {dt:.2f} s: ratio {dt / t:.2f}" if dt else ""))
        if py:
            rr = time_decide(py, FOLDER / "cop21.csv", args.rounds, 1, p=args.p)
            print("decide's random-rate model: "
                  + (f"{rr['times'][0]:.2f} s" if rr["times"] else f"fails: {rr['error']}"))


if __name__ == "__main__":
    main()

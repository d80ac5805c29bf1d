"""CLI start-up benchmark: whole-process wall time of the commands people type most, in one run.

    python benchmarks/bench_cli.py [--runs 15]

Each command runs as a fresh process (``python -m realpolitik ...``), as a user or a script runs it;
the figure is the median of ``--runs`` runs (default 15, at least 10), alternating the commands so
that load on the machine affects every one alike. Reported as absolute times and as ratios to
two baselines measured in the same run: a bare interpreter (``python -c pass``) and an interpreter
that imports NumPy (``python -c "import numpy"``). Targets (issue 15): ``--version`` <= 3x a bare
interpreter; ``validate`` on the Belarus file <= 0.5 s. The CPU time of each process (user +
system, from ``getrusage``) is printed beside the wall time: on a loaded machine the wall time
includes waiting for a core, the CPU time does not.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from importlib import resources


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


#: The environment of every run: as a user's, bytecode is cached (PYTHONDONTWRITEBYTECODE, set in some
#: sandboxes, would make every run compile the package's sources again: +0.1-0.2 s on validate).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _wall(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd``."""
    c, t = _cpu(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - t, _cpu() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    runs = max(10, args.runs)
    belarus = str(resources.files("realpolitik.catalog") / "belarus-2022.yaml")
    py = [sys.executable]
    cli = py + ["-m", "realpolitik"]
    commands = {
        "python -c pass": py + ["-c", "pass"],
        'python -c "import numpy"': py + ["-c", "import numpy"],
        "realpolitik --version": cli + ["--version"],
        "realpolitik --help": cli + ["--help"],
        "realpolitik validate belarus-2022.yaml": cli + ["validate", belarus],
        "realpolitik forecast belarus-2022 --json": cli + ["forecast", "belarus-2022", "--json"],
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    for name, cmd in commands.items():  # warm the file cache and the bytecode once
        _wall(cmd)
    for _ in range(runs):
        for name, cmd in commands.items():
            wall, cpu = _wall(cmd)
            times[name].append(wall)
            cpus[name].append(cpu)
    med = {k: statistics.median(v) for k, v in times.items()}
    cmed = {k: statistics.median(v) for k, v in cpus.items()}
    bare, numpy_ = med["python -c pass"], med['python -c "import numpy"']
    print(f"CLI start-up, median of {runs} runs each (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':45} {'wall s':>7} {'x bare':>7} {'x numpy':>8} {'CPU s':>7} {'x bare':>7}")
    for k, t in med.items():
        print(f"{k:45} {t:7.3f} {t / bare:7.1f} {t / numpy_:8.2f} {cmed[k]:7.3f} "
              f"{cmed[k] / max(cmed['python -c pass'], 1e-3):7.1f}")
    ver, val = med["realpolitik --version"], med["realpolitik validate belarus-2022.yaml"]
    cval = cmed["realpolitik validate belarus-2022.yaml"]
    print(f"\ntargets: --version <= 3x bare: {ver / bare:.1f}x ({'met' if ver <= 3 * bare else 'NOT met'}); "
          f"validate <= 0.5 s: {val:.2f} s wall, {cval:.2f} s CPU ({'met' if val <= 0.5 else 'NOT met'} on wall time)")


if __name__ == "__main__":
    main()

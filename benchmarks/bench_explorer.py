"""Benchmark of the explorer: a slider move on belarus-2022, over loopback HTTP, as median and p95.

Run: ``python benchmarks/bench_explorer.py [--clients 4] [--requests 200] [-n 1000] [--port 0]``.

Starts ``realpolitik serve belarus-2022`` (uvicorn, one worker) in a subprocess on 127.0.0.1 and sends
the fragment request htmx sends when the ``p_rh`` slider moves (``GET /s/belarus-2022?p.p_rh=<v>`` with
``HX-Request: true``). Each response includes the Monte Carlo run at ``n`` samples that it shows.
Three loads, each reported as median / p95 / max latency in ms:

* ``sequential, new states``: one client, every request a state never seen (the cost of a move);
* ``C clients, new states``: C concurrent clients, every request a new state (the worst case);
* ``C clients, slider steps``: C concurrent clients moving the slider over its 101 positions
  (step 0.01), so repeated positions come from the result cache.

Target (issue 12): a move returns its fragment in <= 150 ms median and <= 300 ms p95 on the
2-core development machine. The lazily loaded "why / what would change it" section (the full
brief, seconds) is not part of the fragment and is not measured here.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(conn: http.client.HTTPConnection, path: str) -> float:
    t = time.perf_counter()
    conn.request("GET", path, headers={"HX-Request": "true", "Host": f"127.0.0.1:{conn.port}"})
    r = conn.getresponse()
    body = r.read()
    dt = time.perf_counter() - t
    if r.status != 200 or b'id="headline"' not in body:
        raise RuntimeError(f"{path}: HTTP {r.status}")
    return dt


FAILED: list[str] = []


def _load(port: int, clients: int, per_client: int, values) -> list[float]:
    out: list[float] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for i in range(per_client):
            try:
                mine.append(_get(conn, f"/s/belarus-2022?p.p_rh={values(k, i)}"))
            except RuntimeError as e:  # counted, not hidden: a failed request is a failed benchmark
                FAILED.append(str(e))
        conn.close()
        with lock:
            out.extend(mine)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def _report(label: str, xs: list[float]) -> None:
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    print(f"{label:<34} {len(xs):>5} requests  median {1000 * statistics.median(xs):7.1f} ms  "
          f"p95 {1000 * p95:7.1f} ms  max {1000 * xs[-1]:7.1f} ms  (load average now {os.getloadavg()[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=200, help="requests per client")
    ap.add_argument("-n", type=int, default=None, help="Monte Carlo samples (default: serve's default)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--workers", type=int, default=None, help="serve's worker processes (default: serve's)")
    args = ap.parse_args()
    port = args.port or _free_port()
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-c", "import sys; from realpolitik.cli import main; sys.argv[0] = 'realpolitik'; main()",
           "serve", "belarus-2022", "--port", str(port)] + (["-n", str(args.n)] if args.n else []) \
        + (["--workers", str(args.workers)] if args.workers else [])
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    log = open(tmp / "bench_explorer_server.log", "w+b")  # the server's stderr: a failed request's traceback
    proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.time() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                _get(conn, "/s/belarus-2022")  # warm: imports, numba compilation, the base scenario
                conn.close()
                break
            except (OSError, RuntimeError):
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit(f"the server did not start (its log: {log.name})")
                time.sleep(0.25)
        # With several workers each warms the start scenario on its own: wait until all answer quickly.
        for _ in range(60):
            if max(_load(port, args.clients, 1, lambda k, i: "0.5")) < 1.0:
                break
        print(f"realpolitik serve belarus-2022 on 127.0.0.1:{port} ({args.workers or 'default'} workers); "
              f"{os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")
        seq = _load(port, 1, min(100, args.requests), lambda k, i: f"{0.001 + i * 0.00997:.5f}")
        _report("sequential, new states", seq)
        fresh = _load(port, args.clients, args.requests,
                      lambda k, i: f"{(k * args.requests + i + 0.5) / (args.clients * args.requests):.6f}")
        _report(f"{args.clients} clients, new states", fresh)
        steps = _load(port, args.clients, args.requests, lambda k, i: f"{((i * 7 + k * 13) % 101) / 100:g}")
        _report(f"{args.clients} clients, slider steps (cached)", steps)
        if FAILED:
            print(f"{len(FAILED)} requests FAILED, e.g. {FAILED[0]}")
    finally:
        print(f"server log: {log.name}")
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

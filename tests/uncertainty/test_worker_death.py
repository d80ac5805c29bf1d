"""Worker processes end when their parent dies (kill -9), for the process pool and Dask (issue #16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and kill -9")

SCRIPT = textwrap.dedent("""
    import os, sys, time
    from realpolitik.scenario import Uniform
    from realpolitik.uncertainty import FunctionModel
    from realpolitik.uncertainty.backends import run_chunks
    import numpy as np

    PIDS = sys.argv[2]

    def slow(c):
        open(os.path.join(PIDS, str(os.getpid())), "w").close()
        time.sleep(120)
        return {"y": np.asarray(c["x"]) * 2}

    if __name__ == "__main__":
        m = FunctionModel(slow, {"x": Uniform(dist="uniform", low=0, high=1)})
        cols = {"x": np.linspace(0, 1, 8)}
        run_chunks(m, cols, 8, backend=sys.argv[1], workers=2, chunk_size=4)
""")


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended


def _run_and_kill(tmp_path: Path, backend: str, wait_s: float) -> None:
    pids = tmp_path / "pids"
    pids.mkdir()
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), backend, str(pids)], cwd=tmp_path)
    try:
        deadline = time.monotonic() + wait_s
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2, f"workers did not start ({proc.poll()=})"
        assert all(_alive(w) for w in workers)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [w for w in workers if _alive(w)]
        for w in left:  # do not leave them behind if the test fails
            os.kill(w, signal.SIGKILL)
        assert not left, f"workers {left} outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_process_workers_end_with_their_parent(tmp_path: Path) -> None:
    _run_and_kill(tmp_path, "process", 60)


def test_dask_workers_end_with_their_parent(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    _run_and_kill(tmp_path, "dask", 120)


def test_die_with_parent_exits_when_the_parent_is_already_gone() -> None:
    code = ("import os; from realpolitik.uncertainty.backends import die_with_parent; "
            "die_with_parent(os.getppid() + 1_000_000); print('still here')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "still here" not in out.stdout

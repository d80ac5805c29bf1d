"""Outputs and inputs that are not plain files, signals, stale temp files, count bounds (issue #16)."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik._io import clean_stale_temps, write_atomic
from realpolitik.cli.app import app
from realpolitik.errors import RealpolitikError

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 2, 130), (result.exit_code, result.output)
    return result


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------ outputs
def test_output_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    r = run("schema", "-o", str(link))
    assert r.exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert '"schema_version"' in target.read_text()
    assert _temps(tmp_path) == []


def test_output_to_a_device_is_refused() -> None:
    r = run("schema", "-o", "/dev/null")
    assert r.exit_code == 2 and "character device" in r.output and "/dev/null" in r.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_through_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to("/dev/null")
    r = run("schema", "-o", str(link))
    assert r.exit_code == 2 and "character device" in r.output
    assert link.is_symlink()


def test_output_to_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    r = run("schema", "-o", str(fifo))
    assert r.exit_code == 2 and "FIFO" in r.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_output_dash_is_standard_output() -> None:
    r = run("schema", "-o", "-")
    assert r.exit_code == 0 and '"schema_version"' in r.output


def test_output_folder_error_names_the_target(tmp_path: Path) -> None:
    folder = tmp_path / "out.json"
    folder.mkdir()
    r = run("schema", "-o", str(folder))
    assert r.exit_code == 2 and str(folder) in r.output and "folder" in r.output
    assert ".tmp" not in r.output


def test_io_error_names_the_target_not_the_temp_file(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # root ignores permissions
            pytest.skip("running as root: the folder stays writable")
        with pytest.raises(RealpolitikError) as info:
            write_atomic(ro / "x.json", "{}")
        assert str(ro / "x.json") in str(info.value) and ".tmp" not in str(info.value)
    finally:
        ro.chmod(0o700)


def test_a_failing_rename_names_the_target_and_leaves_no_temp(tmp_path: Path, monkeypatch) -> None:
    def full(src, dst):
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(RealpolitikError) as info:
        write_atomic(tmp_path / "x.json", "{}")
    assert str(tmp_path / "x.json") in str(info.value) and "No space left" in str(info.value)
    assert ".tmp" not in str(info.value) and _temps(tmp_path) == []


# ------------------------------------------------------------------ inputs
def test_fifo_input_is_refused_without_blocking(tmp_path: Path) -> None:
    for name in ("s.yaml", "g.nfg"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
    assert run("validate", str(tmp_path / "s.yaml")).exit_code == 2
    r = run("show", str(tmp_path / "s.yaml"))
    assert r.exit_code == 2 and "FIFO" in r.output
    r = run("solve", str(tmp_path / "g.nfg"))
    assert r.exit_code == 2 and "FIFO" in r.output


def test_socket_and_device_inputs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        r = run("show", str(path))
        assert r.exit_code == 2 and "socket" in r.output
    finally:
        sock.close()
    r = run("show", "/dev/zero")
    assert r.exit_code == 2 and "character device" in r.output


def test_show_empty_name() -> None:
    r = run("show", "")
    assert r.exit_code == 2 and "empty" in r.output and "folder" not in r.output


# ------------------------------------------------------------------ stale temp files
def test_stale_temp_files_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".out.json.{dead.pid}.k3j4h5.tmp"
    stale.write_text("half")
    old_style = tmp_path / ".out.json.abcd1234.tmp"  # earlier versions' mkstemp name, no pid
    old_style.write_text("half")
    os.utime(old_style, (time.time() - 3600, time.time() - 3600))
    live = tmp_path / f".out.json.{os.getppid()}.zzzzzz.tmp"  # a writer that is still running
    live.write_text("in progress")
    other = tmp_path / ".other.json.1.abcdef.tmp"
    other.write_text("another target's")
    write_atomic(target, "{}")
    assert target.read_text() == "{}"
    assert not stale.exists() and not old_style.exists()
    assert live.exists() and other.exists()
    assert clean_stale_temps(target) == []


def test_stale_temp_files_are_never_read_as_output(tmp_path: Path) -> None:
    (tmp_path / ".x.yaml.1.abcdef.tmp").write_text("schema_version: 1\n")
    r = run("show", str(tmp_path / "x.yaml"))
    assert r.exit_code == 2 and "no such file" in r.output


# ------------------------------------------------------------------ signals
SIGNAL_SCRIPT = textwrap.dedent("""
    import sys
    from realpolitik._io import install_sigterm_handler
    install_sigterm_handler()
    from realpolitik.cli.app import app
    print("ready", flush=True)
    app(sys.argv[1:])
""")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_exits_cleanly_with_nothing_written(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "s.parquet"
    script = tmp_path / "run.py"
    script.write_text(SIGNAL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), "simulate", "belarus-2022", "-n", "200000",
                             "--seed", "1", "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(2.0)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not out.exists() and _temps(tmp_path) == []


# ------------------------------------------------------------------ counts
@pytest.mark.parametrize("args", [
    ("simulate", "belarus-2022", "-n", "1000000000000"),
    ("simulate", "belarus-2022", "-n", "0"),
    ("sensitivity", "belarus-2022", "-n", "1099511627776"),
    ("simulate", "belarus-2022", "--workers", "100000", "--backend", "process"),
    ("forecast", "belarus-2022", "--rounds", "1000000000"),
])
def test_counts_over_their_bounds_are_refused_at_once(args: tuple[str, ...]) -> None:
    r = run(*args)
    assert r.exit_code == 2 and ("docs/limits.md" in r.output or "10000" in r.output)

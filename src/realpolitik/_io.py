"""File safety: atomic writes, the one check of what a path may be, and signal handling.

Every output file of realpolitik is written whole or not at all: the data goes
to a temporary file beside the target (``.NAME.PID.RANDOM.tmp``), which is then
renamed over the target. A temporary file left by a run that was killed
(``kill -9``) is never read as output (its name is hidden and ends in ``.tmp``)
and is removed the next time the same target is written, once its writer's
process id is no longer alive.

Rules on paths (docs/limits.md):

- ``-`` as an output is standard output;
- an output that is a symbolic link is written *through* to the link's target
  (the link itself stays, pointing at the new file);
- special files (devices such as ``/dev/null`` or ``/dev/stdout``, FIFOs,
  sockets) are refused as inputs and as outputs, also behind a symbolic link:
  reading a FIFO would block forever, and replacing a device would destroy it;
- a folder is refused, naming the path the user gave (never the temporary file).
"""

from __future__ import annotations

import os
import re
import signal
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .errors import Location, RealpolitikError

__all__ = ["write_atomic", "check_input_path", "check_output_path", "install_sigterm_handler",
           "clean_stale_temps", "STDOUT"]

STDOUT = "-"
#: Old-style temp names (no pid) are removed once older than this many seconds.
_STALE_AGE_S = 60.0


def _kind(mode: int) -> str | None:
    """A words name for a special file type, or None for a regular file or folder."""
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def check_input_path(path: str | Path, error: type[RealpolitikError] | None = None) -> Path:
    """Refuse an input that is not a regular file (folders, devices, FIFOs, sockets).

    Raises ``error`` (default ``ScenarioFileError``, a ``RealpolitikError``) naming ``path``.
    """
    from .errors import ScenarioFileError

    err = error or ScenarioFileError
    name = str(path)
    if name == "":
        raise err("an empty path was given", location=Location(file='""'),
                                expected="a scenario file (.yaml) or a catalogue id")
    p = Path(path)
    try:
        st = p.stat()  # follows symbolic links: the target is what would be read
    except FileNotFoundError:
        raise err("file not found", location=Location(file=name)) from None
    except (PermissionError, OSError) as exc:
        raise err(f"cannot read: {exc.strerror or exc}", location=Location(file=name)) from None
    if stat.S_ISDIR(st.st_mode):
        raise err("is a folder, not a file", location=Location(file=name))
    kind = _kind(st.st_mode)
    if kind is not None:
        raise err(f"is {kind}, not a regular file; realpolitik reads regular files only",
                                location=Location(file=name), expected="a regular file")
    return p


def check_output_path(path: str | Path) -> Path:
    """Where an output named ``path`` will be written: symbolic links resolved, special files refused.

    Returns the resolved target (``path`` itself when it is not a link).
    """
    name = str(path)
    if name == "":
        raise RealpolitikError("an empty output path was given", expected="a file name, or - for standard output")
    p = Path(path)
    target = Path(os.path.realpath(p)) if p.is_symlink() else p
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise RealpolitikError(f"cannot write: {exc.strerror or exc}", location=Location(file=name)) from None
    via = f" (the symbolic link points to {target})" if target != p else ""
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise RealpolitikError(f"is a folder{via}", location=Location(file=name),
                                   expected="a file name")
        kind = _kind(st.st_mode)
        if kind is not None:
            raise RealpolitikError(f"is {kind}{via}; outputs go to regular files only",
                                   location=Location(file=name),
                                   expected="a regular file name, or - for standard output")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise RealpolitikError(f"folder {parent} does not exist", location=Location(file=name))
    return target


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files of earlier, killed writes of ``target``; return what was removed."""
    parent = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}."
    pid_pat = re.compile(re.escape(prefix) + r"(\d+)\.[A-Za-z0-9_]+\.tmp$")
    old_pat = re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{8}\.tmp$")  # mkstemp names of earlier versions
    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    now = time.time()
    for e in entries:
        if not e.name.startswith(prefix) or not e.name.endswith(".tmp"):
            continue
        m = pid_pat.match(e.name)
        try:
            if not e.is_file(follow_symlinks=False):
                continue
            if m is not None:
                stale = not _pid_alive(int(m.group(1)))
            elif old_pat.match(e.name):
                stale = now - e.stat(follow_symlinks=False).st_mtime > _STALE_AGE_S
            else:
                continue
            if stale:
                os.unlink(e.path)
                removed.append(Path(e.path))
        except OSError:
            continue
    return removed


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    ``"-"`` writes to standard output. A symbolic link is written through to
    its target; folders and special files are refused (``RealpolitikError``
    naming ``path``). Interrupted (Ctrl-C, SIGTERM, an error), nothing is left:
    neither the target nor the temporary file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        out: Any = getattr(sys.stdout, "buffer", None)
        if out is None:
            sys.stdout.write(payload.decode("utf-8"))
        else:
            out.write(payload)
        sys.stdout.flush()
        return
    name = str(path)
    target = check_output_path(path)
    parent = target.parent if str(target.parent) else Path(".")
    clean_stale_temps(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise RealpolitikError(f"cannot write: {exc.strerror or exc}", location=Location(file=name)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for the temp file only
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # name the target, never the temporary file
            raise RealpolitikError(f"cannot write: {exc.strerror or exc}", location=Location(file=name)) from None
        raise


def _sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def install_sigterm_handler() -> None:
    """Treat SIGTERM like Ctrl-C: the same clean exit (code 130, nothing half written)."""
    try:
        signal.signal(signal.SIGTERM, _sigterm)
    except (ValueError, OSError):  # not the main thread, or no such signal here
        pass

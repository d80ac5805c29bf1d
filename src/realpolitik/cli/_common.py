"""Shared CLI plumbing: error handling, JSON output, scenario arguments."""

from __future__ import annotations

import functools
import json
import math
import sys
from typing import Any, Callable, TypeVar

import typer
from rich.console import Console

from .._io import write_atomic  # noqa: F401  (re-exported for the commands)
from ..errors import RealpolitikError

F = TypeVar("F", bound=Callable[..., Any])

console = Console()
err_console = Console(stderr=True)

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
#: A line of an error message longer than this is cut (a value echoed whole could be megabytes).
MAX_MESSAGE_LINE = 2_000


def fail(message: str) -> None:
    """Print a user error and exit with code 2."""
    message = "\n".join(line if len(line) <= MAX_MESSAGE_LINE else
                        f"{line[:MAX_MESSAGE_LINE]}… ({len(line):,} characters)" for line in message.split("\n"))
    err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def handle_errors(func: F) -> F:
    """Turn RealpolitikError (and unreadable files) into a message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RealpolitikError as exc:
            fail(_escape(str(exc)))
        except OSError as exc:
            fail(_escape(f"{exc.filename}: {exc.strerror or exc}" if exc.filename else str(exc)))
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM (see realpolitik._io.install_sigterm_handler)
            err_console.print("[bold yellow]interrupted:[/] no output written", highlight=False)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _default(obj: Any) -> Any:
    import numpy as np  # deferred: the CLI starts without numpy

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return _finite(float(obj))
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.bool_):
        return bool(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _finite(x: float) -> float | None:
    return x if math.isfinite(x) else None


def to_json(data: Any) -> str:
    """Serialise CLI output: numpy scalars/arrays converted, NaN/inf as null."""
    return json.dumps(_clean(data), default=_default, ensure_ascii=False, indent=2)


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return _finite(obj)
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def emit_json(data: Any) -> None:
    """Write JSON to stdout (no rich markup, no wrapping)."""
    sys.stdout.write(to_json(data) + "\n")
    sys.stdout.flush()


def load_scenario_arg(ref: str):
    """A scenario given as a catalogue id or as a path (YAML, or an importable CSV)."""
    from ..scenario import load_any

    return load_any(ref)


JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")

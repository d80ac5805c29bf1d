"""One error hierarchy for realpolitik.

Every error a user can cause subclasses :class:`RealpolitikError` *and* the
natural built-in (``ValueError``, ``FileNotFoundError`` ...), so callers can
catch either. The CLI turns any :class:`RealpolitikError` into a one-paragraph
message and exit code 2; nothing else it prints is a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "RealpolitikError",
    "InputError",
    "ScenarioError",
    "ScenarioFileError",
    "GameFileError",
    "EngineNotApplicable",
    "ConvergenceWarning",
    "Location",
    "shown",
]


@dataclass(frozen=True)
class Location:
    """Where in an input a problem is: file, 1-based line/column, field path."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        elif self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


class RealpolitikError(Exception):
    """Base of every error realpolitik raises on bad input or configuration."""

    def __init__(self, message: str, *, location: Location | None = None,
                 expected: str | None = None) -> None:
        self.message = message
        self.location = location or Location()
        self.expected = expected
        super().__init__(self._format())

    @property
    def file(self) -> str | None:
        return self.location.file

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def path(self) -> str | None:
        return self.location.path

    def _format(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return text


class InputError(RealpolitikError, ValueError):
    """A value passed to an API or CLI option is not acceptable."""


class ScenarioError(RealpolitikError, ValueError):
    """A scenario (or imported actor table) is invalid."""


class ScenarioFileError(ScenarioError, OSError):
    """A scenario file cannot be read: missing, too large, not UTF-8."""


class GameFileError(RealpolitikError, ValueError):
    """A Gambit ``.nfg``/``.efg`` file (or game specification) is invalid."""


class EngineNotApplicable(RealpolitikError, ValueError):
    """An engine was asked to solve a problem outside its declared scope."""


class ConvergenceWarning(UserWarning):
    """An iterative engine stopped before meeting its convergence criterion."""


#: Echoed values are cut to this many characters (a 4 MiB title must not put 4 MB on stderr).
SHOWN_CHARS = 80


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to ``limit`` characters with an ellipsis and the full length.

    >>> shown("x" * 1000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (1,002 characters)"
    >>> shown(0.5)
    '0.5'
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"

"""Upper bounds on the work one call may ask for, checked before anything is allocated.

Each bound is documented in ``docs/limits.md`` with the error it gives. A count
outside its bound raises :class:`~realpolitik.errors.InputError` (exit code 2
at the CLI) at once, so a typo such as ``simulate -n 1000000000000`` is refused
instead of growing to gigabytes first.
"""

from __future__ import annotations

import numbers
from typing import Any

from .errors import InputError

__all__ = ["MAX_SAMPLES", "MAX_SOBOL_BASE", "MAX_MORRIS_TRAJECTORIES", "MAX_EVALUATIONS", "MAX_ROUNDS",
           "MAX_BOOTSTRAP", "MAX_WORKERS", "MAX_PAYOFF", "MAX_PAYOFF_RATIO", "MAX_MAGNITUDE", "MAX_GAME_NODES",
           "MAX_GAME_DEPTH", "MAX_STRATEGIES", "MAX_CONTINGENCIES", "MAX_SCENARIO_PROFILES", "MAX_ACTORS",
           "MAX_ISSUES", "MAX_REDUCED_WORK", "MAX_NUMBER_CHARS", "check_count"]

#: ``simulate``: samples per run (a sample row is about 0.1-1 KB with every input and output).
MAX_SAMPLES = 10_000_000
#: ``sensitivity --method sobol``: the base sample N (evaluations are N (d + 2)).
MAX_SOBOL_BASE = 2 ** 20
#: ``sensitivity --method morris``: trajectories (evaluations are N (d + 1)).
MAX_MORRIS_TRAJECTORIES = 100_000
#: Model evaluations of one sensitivity run, whatever N and the number of inputs d.
MAX_EVALUATIONS = 50_000_000
#: EU model bargaining rounds.
MAX_ROUNDS = 10_000
#: Bootstrap replicates of the backtest protocol.
MAX_BOOTSTRAP = 1_000_000
#: Worker processes of the process and local Dask backends.
MAX_WORKERS = 256
#: Largest payoff magnitude of a game (|u| <= 1e12): payoff sums along a path and expected
#: payoffs stay finite, and float64 still resolves differences of 1e-4 at this magnitude.
MAX_PAYOFF = 1e12
#: Largest ratio of a player's payoff magnitude to that player's payoff range (max |u| / (max u - min u)):
#: beyond it the differences that decide the game are below float64 resolution after the shift to
#: positive payoffs, and the polytope solvers would see a degenerate (or empty) game.
MAX_PAYOFF_RATIO = 1e12
#: Largest magnitude of a number in a scenario file (capabilities, scales, positions, parameters):
#: products and sums of a few hundred such numbers stay far from float64 overflow (1.8e308).
MAX_MAGNITUDE = 1e15

#: Nodes of an extensive game: a Gambit file, or a scenario game once shared subtrees are copied.
MAX_GAME_NODES = 100_000
#: Depth of an extensive game (levels from the root to the deepest leaf).
MAX_GAME_DEPTH = 200
#: Strategies of one player in a normal-form game file (.nfg).
MAX_STRATEGIES = 100_000
#: Contingencies (product of the strategy counts) of a normal-form game file (.nfg).
MAX_CONTINGENCIES = 10_000_000
#: Work of a reduced strategic form of an extensive game: profiles x tree nodes.
MAX_REDUCED_WORK = 20_000_000
#: Longest number written in a Gambit file (digits, sign, point, exponent, '/').
MAX_NUMBER_CHARS = 100
#: Profiles of a normal-form game written in a scenario (each is listed in the file; the solvers'
#: cost grows exponentially with the strategy counts: a random 10 x 10 game takes ~2 s,
#: 15 x 15 ~8 s, 20 x 20 ~3 min).
MAX_SCENARIO_PROFILES = 100
#: Actors of one scenario (the EU and exchange models grow with the square of the actors).
MAX_ACTORS = 1_000
#: Issues of one scenario.
MAX_ISSUES = 1_000


def check_count(name: str, value: Any, maximum: int, *, minimum: int = 1, option: str | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``, else ``InputError`` naming ``name`` (or the CLI option)."""
    label = option or name
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputError(f"{label} must be an integer, got {_short(value)}",
                         expected=f"an integer from {minimum:,} to {maximum:,}")
    if not minimum <= int(value) <= maximum:
        raise InputError(f"{label} is {int(value):,}, outside the documented bounds",
                         expected=f"an integer from {minimum:,} to {maximum:,} (docs/limits.md)")
    return int(value)


def _short(value: Any) -> str:
    from .errors import shown

    return shown(value)

"""Strategic-form (normal-form) games with n players and labelled strategies."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Sequence

import numpy as np

from ..errors import InputError
from ._exact import fraction_array

__all__ = ["NormalFormGame", "check_payoff_magnitudes"]


def check_payoff_magnitudes(pay: np.ndarray, title: str = "") -> None:
    """Refuse payoffs no float solver can handle (bounds in :mod:`realpolitik.bounds`).

    ``pay`` has the players on axis 0. Every payoff must satisfy ``|u| <= MAX_PAYOFF``
    and, for each player, ``max |u| <= MAX_PAYOFF_RATIO * (max u - min u)``: beyond
    that, the differences that decide the game vanish below float64 resolution once
    the payoffs are shifted positive, and Qhull sees a degenerate polytope (the
    source of the native crash of issue #16).
    """
    from ..bounds import MAX_PAYOFF, MAX_PAYOFF_RATIO

    name = f"game {title!r}: " if title else ""
    if pay.size == 0:
        return
    big = float(np.max(np.abs(pay)))
    if not big <= MAX_PAYOFF:
        raise InputError(f"{name}a payoff of magnitude {big:.3g} is over the documented bound",
                         expected=f"payoffs with |u| <= {MAX_PAYOFF:.0e} (rescale the game: equilibria do not "
                                  "change under a positive affine transformation of a player's payoffs)")
    flat = pay.reshape(pay.shape[0], -1)
    for i, row in enumerate(flat):
        span = float(row.max() - row.min())
        mag = float(np.max(np.abs(row)))
        if span > 0 and mag > MAX_PAYOFF_RATIO * span:
            raise InputError(f"{name}player {i + 1}'s payoffs differ by {span:.3g} at a magnitude of {mag:.3g}: "
                             "below float resolution", expected=f"max |u| <= {MAX_PAYOFF_RATIO:.0e} x the payoff "
                                                                "range of each player (subtract a constant)")


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """An n-player game in strategic form.

    ``payoffs[i][s_1, ..., s_n]`` is player ``i``'s payoff (float64, read-only).
    Exact values (Fractions) are available from :attr:`exact_payoffs`; they come
    from the file text or from the integers/Fractions the game was built with.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                players=("Row", "Col"), strategies=(("C", "D"), ("C", "D")))
    >>> g.shape
    (2, 2)
    >>> float(g.payoffs[0][1, 0])
    5.0
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: np.ndarray
    title: str = ""
    comment: str = ""
    #: exact payoffs (object array of Fraction, same shape as ``payoffs``) if known up front
    exact_source: np.ndarray | None = field(default=None, repr=False)
    #: outcome form (label, payoffs) list and the outcome index per contingency (0 = null), if read so
    outcomes: tuple[tuple[str, tuple[Fraction, ...]], ...] | None = field(default=None, repr=False)
    outcome_index: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        pay = np.asarray(self.payoffs, dtype=np.float64)
        n = len(self.players)
        if n < 1:
            raise InputError("a game needs at least one player")
        if pay.ndim != n + 1 or pay.shape[0] != n:
            raise InputError(f"payoffs must have shape (n_players, *n_strategies); got {pay.shape} for {n} players")
        shape = tuple(len(s) for s in self.strategies)
        if len(self.strategies) != n or pay.shape[1:] != shape:
            raise InputError(f"strategy labels {shape} do not match payoff shape {pay.shape[1:]}")
        if any(k < 1 for k in shape):
            raise InputError("every player needs at least one strategy")
        if not np.all(np.isfinite(pay)):
            raise InputError("payoffs must be finite numbers")
        check_payoff_magnitudes(pay, self.title)
        if pay is self.payoffs and not pay.flags.writeable:
            pass  # already a private read-only float array
        else:
            pay = pay.copy()
            pay.setflags(write=False)
        object.__setattr__(self, "payoffs", pay)
        object.__setattr__(self, "players", tuple(str(p) for p in self.players))
        object.__setattr__(self, "strategies", tuple(tuple(str(s) for s in ss) for ss in self.strategies))

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_arrays(cls, *arrays: Any, players: Sequence[str] | None = None,
                    strategies: Sequence[Sequence[str]] | None = None, title: str = "") -> "NormalFormGame":
        """One payoff array per player, each of shape ``(n_1, ..., n_n)``.

        Integers and Fractions are kept exactly; floats are taken at their binary value.
        """
        if len(arrays) == 1:
            arr = np.asarray(arrays[0], dtype=object)
            arrays = tuple(arr[i] for i in range(arr.shape[0]))
        objs = [np.asarray(a, dtype=object) if _has_fraction(a) else np.asarray(a) for a in arrays]
        shapes = {a.shape for a in objs}
        if len(shapes) != 1:
            raise InputError(f"payoff arrays differ in shape: {sorted(shapes)}")
        shape = objs[0].shape
        n = len(objs)
        if len(shape) != n:
            raise InputError(f"{n} players need {n}-dimensional payoff arrays, got shape {shape}")
        exact = None
        # integers are exact as floats (exact_payoffs derives Fractions lazily); keep Fractions given as such
        if any(a.dtype == object for a in objs):
            exact = np.stack([fraction_array(a) for a in objs])
        try:
            pay = np.stack([np.asarray(a, dtype=np.float64) for a in objs])
        except (TypeError, ValueError) as exc:
            raise InputError(f"payoffs must be numbers: {exc}") from None
        players = tuple(players) if players is not None else tuple(f"Player {i + 1}" for i in range(n))
        strategies = (tuple(tuple(s) for s in strategies) if strategies is not None
                      else tuple(tuple(str(k + 1) for k in range(m)) for m in shape))
        return cls(players=players, strategies=strategies, payoffs=pay, title=title, exact_source=exact)

    @classmethod
    def from_bimatrix(cls, A: Any, B: Any | None = None, **kw: Any) -> "NormalFormGame":
        """A two-player game; ``B`` defaults to ``-A`` (zero-sum)."""
        if B is None:
            A_ = np.asarray(A, dtype=object)
            B = -A_
        return cls.from_arrays(A, B, **kw)

    # ------------------------------------------------------------------ properties
    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.payoffs.shape[1:])

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    @cached_property
    def exact_payoffs(self) -> np.ndarray:
        """Payoffs as an object array of Fractions (computed once, on demand)."""
        if self.exact_source is not None:
            return self.exact_source
        if self.outcomes is not None and self.outcome_index is not None:
            table = [tuple(Fraction(0) for _ in self.players)] + [o[1] for o in self.outcomes]
            out = np.empty((self.n_players, *self.shape), dtype=object)
            idx = self.outcome_index
            for i in range(self.n_players):
                col = np.array([t[i] for t in table], dtype=object)
                out[i] = col[idx]
            return out
        return fraction_array(self.payoffs)

    @cached_property
    def payoff_scale(self) -> float:
        """max(1, largest absolute payoff): floating-point regret tolerances are relative to it."""
        return max(1.0, float(np.abs(self.payoffs).max(initial=0.0)))

    @cached_property
    def integral(self) -> bool:
        """Whether every payoff is an integer of magnitude < 2**52 (then float comparisons are exact)."""
        pay = self.payoffs
        return bool(np.all(pay == np.round(pay))) and float(np.abs(pay).max(initial=0)) < 2**52

    def is_zero_sum(self, tol: float = 0.0) -> bool:
        """Whether payoffs sum to a constant in every contingency (constant-sum)."""
        tot = self.payoffs.sum(axis=0)
        return bool(np.ptp(tot) <= tol) if tot.size else True

    def with_payoffs(self, payoffs: np.ndarray) -> "NormalFormGame":
        """The same game with new (float) payoffs (used per Monte Carlo sample)."""
        return NormalFormGame(players=self.players, strategies=self.strategies, payoffs=payoffs,
                              title=self.title)

    def __repr__(self) -> str:
        return f"NormalFormGame({self.title!r}, players={list(self.players)}, shape={self.shape})"


def _has_fraction(a: Any) -> bool:
    arr = np.asarray(a, dtype=object)
    return any(isinstance(v, Fraction) for v in arr.ravel()[:10000])

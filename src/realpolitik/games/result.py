"""The one result type of the games pillar: :class:`EquilibriumResult`."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from fractions import Fraction
from typing import Any, Callable, ClassVar, Mapping

import numpy as np

from .._result import Provenance, Status, readable_repr, status_text

__all__ = ["Equilibrium", "EquilibriumResult", "QREPoint"]


def _fast_init(cls: type) -> type:
    """Give a frozen dataclass (no ``__post_init__``) a ``_make(**fields)`` that builds the same
    object without the per-field ``object.__setattr__`` calls of the generated ``__init__`` (several
    microseconds per result: the Lemke–Howson wrapper builds two objects around a 4 µs kernel)."""
    names = [f.name for f in fields(cls)]
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in fields(cls) if f.default_factory is not MISSING}
    required = frozenset(names) - defaults.keys() - factories.keys()
    new = object.__new__

    def _make(**kw: Any) -> Any:
        if not required <= kw.keys() or not kw.keys() <= set(names):
            return cls(**kw)  # let the generated __init__ raise its usual TypeError
        obj: Any = new(cls)
        d = obj.__dict__
        d.update(defaults)
        for k, f in factories.items():
            if k not in kw:
                d[k] = f()
        d.update(kw)
        return obj

    cls._make = staticmethod(_make)  # type: ignore[attr-defined]
    return cls


@_fast_init
@dataclass(frozen=True)
class Equilibrium:
    """One verified equilibrium.

    ``profile`` holds, per player, mixed-strategy probabilities (normal form) or
    behaviour probabilities of every action of every information set in file
    order (extensive form). ``regret`` is the largest gain any player could get
    by deviating (0 exactly when ``exact_profile`` is set and was verified exactly).
    """

    profile: tuple[tuple[float, ...], ...]
    payoffs: tuple[float, ...]
    regret: float
    exact_profile: tuple[tuple[Fraction, ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None
    component: int | None = None
    path: tuple[str, ...] | None = None
    _make: ClassVar[Callable[..., Equilibrium]]  # set by _fast_init (a ClassVar: not a field)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"profile": [list(p) for p in self.profile], "payoffs": list(self.payoffs),
                               "regret": self.regret}
        if self.path is not None:
            out["path"] = list(self.path)
        return out

    def arrays(self) -> list[np.ndarray]:
        return [np.asarray(p, dtype=float) for p in self.profile]


@dataclass(frozen=True)
class QREPoint:
    """A point on the logit QRE branch: precision ``lam``, profile and its max regret."""

    lam: float
    profile: tuple[tuple[float, ...], ...]
    regret: float


@readable_repr
@_fast_init
@dataclass(frozen=True)
class EquilibriumResult:
    """What an equilibrium solver returns (every solver, every option).

    Attributes
    ----------
    method : solver name (``pure``, ``enummixed``, ``lh``, ``lp``, ``qre``, ``spe``, ``seqform``)
    players, strategies : player names; strategy labels (normal form) or, for
        extensive games, per player the actions of each information set in file order
    equilibria : verified equilibria only
    exact : whether profiles were computed and verified in exact rational arithmetic
    options : the solver's keyword options
    qre : for ``qre``: the traced branch (and the points at the requested λ values)
    extras : small method-specific facts (e.g. ``qre_at`` points, thresholds)
    """

    _make: ClassVar[Callable[..., EquilibriumResult]]  # set by _fast_init (a ClassVar: not a field)
    method: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    equilibria: tuple[Equilibrium, ...]
    exact: bool
    options: Mapping[str, Any]
    status: Status
    provenance: Provenance
    form: str = "normal"
    qre: tuple[QREPoint, ...] = ()
    extras: Mapping[str, Any] = field(default_factory=dict)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("method", self.method), ("form", self.form), ("players", self.players),
                ("equilibria", len(self.equilibria)), ("exact", self.exact), ("status", status_text(self.status))]

    def __len__(self) -> int:
        return len(self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        """The documented ``--json`` shape."""
        return {
            "method": self.method,
            "players": list(self.players),
            "strategies": [list(s) for s in self.strategies],
            "equilibria": [e.to_dict() for e in self.equilibria],
            "status": self.status.to_dict(),
        }

    def to_frame(self):
        """A pandas DataFrame: one row per equilibrium and player-strategy probability."""
        import pandas as pd

        rows = []
        for k, eq in enumerate(self.equilibria):
            for i, probs in enumerate(eq.profile):
                for lab, p in zip(self.strategies[i], probs):
                    rows.append({"equilibrium": k, "player": self.players[i], "strategy": lab,
                                 "probability": p, "payoff": eq.payoffs[i], "regret": eq.regret,
                                 "component": eq.component})
        return pd.DataFrame(rows, columns=["equilibrium", "player", "strategy", "probability", "payoff",
                                           "regret", "component"])

"""Options of the expected-utility (EU) model, one frozen dataclass.

Every rule where the paper (Scholz, Calbert & Smith 2011) is ambiguous, or
where the public replications differ from it, is an option here; the
defaults reproduce the paper's Table 2 (``"scholz-code"`` rules). ``docs/bargaining.md`` explains each choice.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, fields
from typing import Any, Literal

from ..errors import InputError

__all__ = ["EUOptions"]

_CHOICES: dict[str, tuple[str, ...]] = {
    "probability": ("paper", "net", "scholz_code"),
    "mu": ("median", "median_then_mean"),
    "perspective": ("own", "receiver"),
    "offer_choice": ("type_then_least", "least", "max_eu", "scholz_code"),
    "stop": ("rounds", "fixed_point", "cycle"),
    "forecast": ("median", "mean"),
    "median_side": ("lower", "upper"),
}


@dataclass(frozen=True)
class EUOptions:
    """Rules and constants of the EU model.

    The defaults are the rules that reproduce the published trajectory of
    Scholz, Calbert & Smith (2011, Table 2): the paper's structure (median
    voter reference in both passes, T per dyad, supporters-only numerator of
    the probability of success) with the readings of its ambiguous points
    that Scholz et al.'s own code used (``"scholz-code"``). The paper's
    printed equations taken literally are ``EUOptions.paper()``; they do not
    reproduce the paper's own Table 2.

    Parameters
    ----------
    rounds : int
        Number of bargaining rounds tau (paper: an input; Table 2 uses 8).
        With ``stop="fixed_point"`` or ``"cycle"`` it is the maximum.
    stop : {"rounds", "fixed_point", "cycle"}
        ``"rounds"``: run exactly ``rounds`` rounds (paper Appendix step 13).
        ``"fixed_point"``: stop early when no position changes in a round.
        ``"cycle"``: stop early when the state repeats an earlier round's
        state (a fixed point is a cycle of period 1).
    q : float
        Probability Q that the status quo persists if i does not challenge
        (paper eq. 7; Scholz et al. chose 1.0 for the EC example).
    t : "per_dyad" or float
        T in eq. 7. ``"per_dyad"`` (paper, cases 1/3A vs 2/3B): T = 1 iff
        ``|x_i - mu| < |x_i - x_j|``; a number in [0, 1] uses one global T
        (dmasad). Irrelevant when ``q == 1``.
    probability : {"paper", "net"}
        ``"paper"``: P_ij = (weight of i's supporters) / (total weight of
        everyone's preference intensities), eq. 30/31, so P_ij + P_ji = 1.
        ``"net"``: dmasad's max(0, 2 P - 1). ``"scholz_code"``: jmckib's
        reading of Scholz et al.'s code (voters' risk exponents inside, one
        global denominator over all actor triples, so P is tiny).
    mu : {"median", "median_then_mean"}
        Reference position mu in U^b/U^w and the T rule. ``"median"``: the
        median-voter position in both passes (paper, Appendix step 10);
        ``"median_then_mean"``: dmasad (weighted mean in the second pass).
    perspective : {"own", "receiver"}
        Whose risk exponent evaluates each side of a dyad. ``"own"``: E^i(U_ij)
        with r_i and E^j(U_ji) with r_j (paper's superscripts, dmasad);
        ``"receiver"``: both EUs of a dyad with the receiving actor's r
        (jmckib).
    offer_choice : {"type_then_least", "least", "max_eu", "scholz_code"}
        Which of several offers an actor accepts. ``"type_then_least"``
        (paper section 6.2): prefer losing a conflict, then a
        compromise, then capitulating, and within the type the offer that
        moves it least. ``"least"``: least movement whatever the type.
        ``"max_eu"``: the offer whose sender has the highest expected utility
        ("concede to the actor with highest expected utility"), least
        movement as tie-break (dmasad, hamzagul07). ``"scholz_code"``: like
        ``"type_then_least"`` but among compromises the one minimising the
        |EU|-weighted average of the two positions, as jmckib reports
        Scholz's code did (the default; not reflection invariant).
    forecast : {"median", "mean"}
        Which per-round statistic is the model's forecast: the c*s weighted
        median (median voter, BDM's prediction) or the c*s weighted mean.
    median_side : {"lower", "upper"}
        Which weighted median when two positions tie for it.
    tie_tol : float
        Expected utilities (and weighted-median objective values, relative
        to total weight) closer than this count as equal; positions closer
        than ``tie_tol * (max - min)`` of the scale count as one. Makes the
        model's discrete choices independent of floating-point summation
        order (e.g. actor relabelling).
    """

    rounds: int = 8
    stop: Literal["rounds", "fixed_point", "cycle"] = "rounds"
    q: float = 1.0
    t: Literal["per_dyad"] | float = "per_dyad"
    probability: Literal["paper", "net", "scholz_code"] = "scholz_code"
    mu: Literal["median", "median_then_mean"] = "median"
    perspective: Literal["own", "receiver"] = "receiver"
    offer_choice: Literal["type_then_least", "least", "max_eu", "scholz_code"] = "scholz_code"
    forecast: Literal["median", "mean"] = "median"
    median_side: Literal["lower", "upper"] = "lower"
    tie_tol: float = 1e-9

    def __post_init__(self) -> None:
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, numbers.Integral) or self.rounds < 0:
            raise InputError(f"rounds must be an integer >= 0, got {self.rounds!r}")
        from ..bounds import MAX_ROUNDS

        if self.rounds > MAX_ROUNDS:
            raise InputError(f"rounds is {self.rounds:,}, over the documented bound",
                             expected=f"at most {MAX_ROUNDS:,} rounds (docs/limits.md)")
        for name, allowed in _CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise InputError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")
        if not isinstance(self.q, numbers.Real) or not 0.0 <= float(self.q) <= 1.0:
            raise InputError(f"q must be a number in [0, 1], got {self.q!r}")
        if self.t != "per_dyad":
            if isinstance(self.t, (bool, str)) or not isinstance(self.t, numbers.Real) \
                    or not 0.0 <= float(self.t) <= 1.0:
                raise InputError(f"t must be 'per_dyad' or a number in [0, 1], got {self.t!r}")
        if not isinstance(self.tie_tol, numbers.Real) or not 0.0 <= float(self.tie_tol) < 1e-3:
            raise InputError(f"tie_tol must be a number in [0, 1e-3), got {self.tie_tol!r}")

    def to_dict(self) -> dict[str, Any]:
        # every field is a scalar or a string: no deep copy needed (asdict's
        # copy was a measurable part of one run's cost)
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def dmasad(cls, **overrides: Any) -> "EUOptions":
        """The rule set of dmasad's replication, as far as options express it."""
        base: dict[str, Any] = dict(probability="net", mu="median_then_mean", perspective="own", offer_choice="max_eu")
        base.update(overrides)
        return cls(**base)

    @classmethod
    def paper(cls, **overrides: Any) -> "EUOptions":
        """The paper's printed equations taken literally (not the default).

        Probability ``"paper"`` (P_ij + P_ji = 1), each side of a dyad seen
        with its own risk exponent, offers chosen by type then least movement.
        On the EC example these rules keep the median at 7 for all 8 rounds,
        far from the paper's own Table 2 (see docs/bargaining.md).
        """
        base: dict[str, Any] = dict(probability="paper", perspective="own", offer_choice="type_then_least")
        base.update(overrides)
        return cls(**base)

    @classmethod
    def scholz_code(cls, **overrides: Any) -> "EUOptions":
        """The rules of Scholz et al.'s own code as jmckib reconstructed them.

        Probability ``"scholz_code"``, both sides of a dyad seen with the
        receiver's risk exponent, Scholz's compromise-selection key. This is
        the rule set that reproduces Table 2 of the paper (all rounds but the
        round-2 median, see docs/bargaining.md) and the default
        (``EUOptions() == EUOptions.scholz_code()``); the paper's printed
        equations (:meth:`paper`) do not.
        """
        base: dict[str, Any] = dict(probability="scholz_code", perspective="receiver", offer_choice="scholz_code")
        base.update(overrides)
        return cls(**base)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> "EUOptions":
        """``"paper"``, ``"scholz-code"`` (the defaults) or ``"dmasad"``."""
        table = {"paper": cls.paper, "scholz-code": cls.scholz_code, "dmasad": cls.dmasad}
        if name not in table:
            raise InputError(f"rules must be one of {', '.join(table)}; got {name!r}")
        return table[name](**overrides)

"""Tipping points: the value of one input at which the predicted outcome changes.

Every other input is held at its point value. The search first scans the
input's support on a grid, then (unless the range is given) widens it
geometrically on both sides until the outcome changes or the model refuses
the value (e.g. a probability above 1); then it bisects the bracket nearest
the point value down to ``tol``. Changes that happen and revert between two
grid points are not seen: the grid is fine (33 points over the support), but
it is a grid.

The "outcome" is a discrete output's value, the indicator of
``NAME=VALUE``, or for a numeric output whether it exceeds ``level``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import InputError, RealpolitikError
from .backends import run_chunks
from .models import Model, is_discrete, point_inputs
from .runner import resolve_model
from .sensitivity import output_values, raise_unseen_outcome

__all__ = ["ThresholdResult", "find_threshold"]

_GRID = 33
_SEGMENT = 9
_INVALID = object()


@readable_repr
@dataclass(frozen=True)
class ThresholdResult:
    """Where the outcome changes as one input moves away from its point value.

    Attributes
    ----------
    input, output : str
    level : float or None
        For a numeric output, the level whose crossing counts as a change.
    base_value : float
        The input's point value.
    base_outcome
        The outcome at ``base_value``.
    threshold : float or None
        The tipping value (midpoint of the final bracket), or None if the
        outcome never changed in the searched range.
    direction : {"above", "below"} or None
        Whether the outcome changes when the input goes above or below the threshold.
    outcome_beyond
        The outcome just past the threshold.
    bracket : (float, float) or None
        Final bracket: the outcome is ``base_outcome`` at one end, not at the other.
    searched : (float, float)
        The range of input values evaluated.
    n_evaluations : int
    provenance : Provenance
    status : Status
    """

    input: str
    output: str
    level: float | None
    base_value: float
    base_outcome: Any
    threshold: float | None
    direction: str | None
    outcome_beyond: Any
    bracket: tuple[float, float] | None
    searched: tuple[float, float]
    n_evaluations: int
    provenance: Provenance
    status: Status

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("input", self.input), ("output", self.output), ("threshold", self.threshold),
                ("direction", self.direction), ("base value", self.base_value), ("beyond it", self.outcome_beyond),
                ("evaluations", self.n_evaluations), ("status", status_text(self.status))]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``realpolitik threshold --json``."""
        return {"input": self.input, "output": self.output, "level": self.level,
                "base_value": self.base_value, "base_outcome": _plain(self.base_outcome),
                "threshold": self.threshold, "direction": self.direction,
                "outcome_beyond": _plain(self.outcome_beyond),
                "bracket": list(self.bracket) if self.bracket else None, "searched": list(self.searched),
                "n_evaluations": self.n_evaluations, "provenance": self.provenance.to_dict(),
                "status": self.status.to_dict()}


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


class _Probe:
    """Evaluates the outcome at input values, counting evaluations."""

    def __init__(self, model: Model, name: str, output: str, level: float | None) -> None:
        self.model, self.name, self.output, self.level = model, name, output, level
        self.count = 0
        self.refused: str | None = None
        #: Raw values of the output seen so far, and whether NAME=VALUE ever held
        #: (to name a VALUE that never occurs).
        self.seen: set[str] = set()
        self.hit = False

    def _evaluate(self, xs: np.ndarray) -> dict[str, np.ndarray]:
        n = xs.size
        return run_chunks(self.model, point_inputs(self.model.inputs, n, {self.name: xs}), n)

    def _interpret(self, out: Mapping[str, np.ndarray]) -> list[Any]:
        base_name = self.output.partition("=")[0].strip()
        if base_name not in out:
            raise InputError(f"no output {base_name!r}", expected="one of " + ", ".join(out))
        if "=" in self.output:
            self.seen.update(np.asarray(out[base_name]).astype(str).tolist())
            vals = output_values(out, self.output).astype(bool)
            self.hit = self.hit or bool(vals.any())
        else:
            col = np.asarray(out[base_name])
            if is_discrete(col):
                vals = col.astype(str) if col.dtype != bool else col
            else:
                if self.level is None:
                    raise InputError(f"output {base_name!r} is numeric: give the level whose crossing counts",
                                     expected="--level X")
                vals = col.astype(float) > self.level
        return [_plain(v) for v in vals]

    def __call__(self, xs: np.ndarray) -> list[Any]:
        xs = np.atleast_1d(np.asarray(xs, dtype=float))
        self.count += xs.size
        try:
            return self._interpret(self._evaluate(xs))
        except RealpolitikError:
            if xs.size == 1:
                raise
        # Some value lies outside the model's domain (e.g. a probability above 1): find which.
        res: list[Any] = []
        for x in xs:
            try:
                out = self._evaluate(np.array([x]))
            except RealpolitikError as exc:
                self.refused = str(exc)
                res.append(_INVALID)
                continue
            res.extend(self._interpret(out))
        return res

    def single(self, x: float) -> Any:
        """The outcome at one value, ``_INVALID`` where the model refuses it."""
        self.count += 1
        try:
            out = self._evaluate(np.array([x]))
        except RealpolitikError as exc:
            self.refused = str(exc)
            return _INVALID
        return self._interpret(out)[0]


def _scan(probe: _Probe, xs: np.ndarray, base: Any) -> tuple[float | None, float | None, bool]:
    """Walk ``xs`` (ordered away from the base): (last base point, first changed point, hit invalid)."""
    if xs.size == 0:
        return None, None, False
    outs = probe(xs)
    last = None
    for x, o in zip(xs, outs):
        if o is _INVALID:
            return last, None, True
        if o != base:
            return last, float(x), False
        last = float(x)
    return last, None, False


def find_threshold(target: Any, input: str, output: str, *, level: float | None = None,
                   low: float | None = None, high: float | None = None, tol: float = 1e-6,
                   max_expand: int = 40, **model_options: Any) -> ThresholdResult:
    """The value of ``input`` at which ``output``'s outcome changes, others at their point values.

    Parameters
    ----------
    target : Scenario or Model
    input : str
        An uncertain input's name (``param.p_rh``, ``issue.<issue>.<actor>.position`` ...).
    output : str
        A discrete output, ``NAME=VALUE``, or a numeric output with ``level``.
    level : float, optional
        For a numeric output: the crossing that counts as a change.
    low, high : float, optional
        Search only this range (default: the input's support, widened until
        the outcome changes or the model refuses a value).
    tol : float
        Width of the final bracket (absolute).

    Examples
    --------
    >>> from realpolitik.scenario import Uniform
    >>> from realpolitik.uncertainty import FunctionModel, find_threshold
    >>> def f(c): return {"act": c["p"] > 0.25}
    >>> m = FunctionModel(f, {"p": Uniform(dist="uniform", low=0, high=0.2)})
    >>> round(find_threshold(m, "p", "act").threshold, 5)
    0.25
    """
    model, digest = resolve_model(target, **model_options)
    if input not in model.inputs:
        raise InputError(f"no uncertain input {input!r}",
                         expected=("one of " + ", ".join(model.inputs)) if model.inputs else
                         "a scenario with inputs given as distributions (this one has none)")
    if not (isinstance(tol, (int, float)) and tol > 0):
        raise InputError(f"tol must be a positive number, got {tol!r}")
    dist = model.inputs[input]
    x0 = float(dist.point)
    a, b = (float(v) for v in dist.support)
    if not math.isfinite(a) or not math.isfinite(b):
        spread = 4.0 * float(getattr(dist, "sd", 1.0))
        a = a if math.isfinite(a) else x0 - spread
        b = b if math.isfinite(b) else x0 + spread
    fixed_range = low is not None or high is not None
    if low is not None:
        a = float(low)
    if high is not None:
        b = float(high)
    if not a <= x0 <= b:
        x0 = min(max(x0, a), b)
    if a > b:
        raise InputError(f"empty search range [{a}, {b}]")
    probe = _Probe(model, input, output, level)
    base = probe.single(x0)
    if base is _INVALID:
        raise InputError(f"the model refuses {input} = {x0} (its point value): {probe.refused}")
    grid = np.linspace(a, b, _GRID)
    right = grid[grid > x0]
    left = grid[grid < x0][::-1]
    found: dict[str, tuple[float, float]] = {}
    searched = [x0, x0]
    edge = {"up": False, "down": False}
    for side, xs in (("up", right), ("down", left)):
        last, first, invalid = _scan(probe, xs, base)
        if xs.size:
            reached = xs[-1] if first is None and not invalid else (first if first is not None else last)
            if reached is not None:
                searched[0 if side == "down" else 1] = float(reached)
        if first is not None:
            found[side] = (last if last is not None else x0, first)
        edge[side] = invalid
    if not found and not fixed_range:
        width = (b - a) if b > a else max(abs(x0), 1.0)
        for k in range(max_expand):
            for side, sign, end in (("up", 1.0, b), ("down", -1.0, a)):
                if side in found or edge[side]:
                    continue
                start = end + sign * width * (2.0 ** k - 1.0)
                stop = end + sign * width * (2.0 ** (k + 1) - 1.0)
                xs = np.linspace(start, stop, _SEGMENT)[1:]
                last, first, invalid = _scan(probe, xs, base)
                if first is not None:
                    found[side] = (last if last is not None else start, first)
                    searched[1 if side == "up" else 0] = first
                else:
                    edge[side] = invalid
                    if last is not None:
                        searched[1 if side == "up" else 0] = last
            if found or (edge["up"] and edge["down"]):
                break
    notes = []
    if probe.refused:
        notes.append(f"the search stopped where the model refused a value: {probe.refused}")
    if not found:
        name, eq, value = output.partition("=")
        if eq and probe.seen and not probe.hit:
            raise_unseen_outcome(name.strip(), value.strip(), sorted(probe.seen))
        prov = _prov(input, output, level, tol, model, digest, (low, high))
        return ThresholdResult(input=input, output=output, level=level, base_value=x0, base_outcome=base,
                               threshold=None, direction=None, outcome_beyond=None, bracket=None,
                               searched=(searched[0], searched[1]), n_evaluations=probe.count,
                               provenance=prov,
                               status=Status(converged=False, iterations=probe.count, warnings=tuple(notes),
                                             message="the outcome does not change in the searched range"))
    side = min(found, key=lambda s: abs(found[s][1] - x0))
    p, q = found[side]
    beyond = probe.single(q)
    iterations = 0
    while abs(q - p) > tol / 2:
        m = 0.5 * (p + q)
        if m in (p, q):  # floating-point resolution reached
            break
        o = probe.single(m)
        iterations += 1
        if o is _INVALID:
            notes.append(f"the model refused {input} = {m} inside the bracket")
            break
        if o == base:
            p = m
        else:
            q, beyond = m, o
    lo_, hi_ = sorted((p, q))
    prov = _prov(input, output, level, tol, model, digest, (low, high))
    return ThresholdResult(input=input, output=output, level=level, base_value=x0, base_outcome=base,
                           threshold=0.5 * (p + q), direction="above" if side == "up" else "below",
                           outcome_beyond=beyond, bracket=(lo_, hi_), searched=(searched[0], searched[1]),
                           n_evaluations=probe.count, provenance=prov,
                           status=Status(converged=abs(q - p) <= tol, iterations=iterations,
                                         warnings=tuple(notes), message="ok"))


def _prov(input: str, output: str, level: float | None, tol: float, model: Model, digest: str | None,
          rng_: tuple[float | None, float | None]) -> Provenance:
    return make_provenance("uncertainty.threshold",
                           {"input": input, "output": output, "level": level, "tol": tol,
                            "low": rng_[0], "high": rng_[1], "model": model.options()},
                           scenario_digest=digest)

"""Bueno de Mesquita's expected-utility (EU) model after Scholz, Calbert & Smith (2011).

Two entry points share one vectorised kernel:

* :func:`run_eu` - one issue, returns a :class:`ForecastResult` with the
  per-round positions (DataFrame), medians and means, every move, the first
  round's expected-utility matrices and risk exponents;
* :func:`run_eu_batch` - ``B`` independent copies of an issue (e.g. Monte
  Carlo draws of positions, saliences and capabilities) in one call, returns
  a :class:`BatchForecastResult` of arrays.

Both give identical trajectories for identical input. The rules and their
options are described in :class:`~realpolitik.bargaining.options.EUOptions`
and ``docs/bargaining.md``.

Examples
--------
>>> import numpy as np
>>> from realpolitik.bargaining import run_eu, run_eu_batch, EUOptions
>>> x = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
>>> c = [.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]
>>> s = [.8, .4, .2, .8, .6, .6, .9, .1, 1.0, .7]
>>> res = run_eu(x, s, c, scale=(4, 10), options=EUOptions.scholz_code(rounds=8))
>>> [round(v, 1) for v in res.median.iloc[1:4]]
[8.4, 9.6, 10.0]
>>> batch = run_eu_batch(np.tile(x, (3, 1)), s, c, scale=(4, 10), options=EUOptions.scholz_code())
>>> batch.positions.shape
(3, 9, 10)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Sequence, cast

import numpy as np
import pandas as pd

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import InputError
from . import _kernel as K
from ._validate import as_actor_arrays, check_positive_weight, check_scale
from .baselines import _weighted_median
from .options import EUOptions

__all__ = ["Move", "RoundOne", "ForecastResult", "BatchForecastResult", "run_eu", "run_eu_batch",
           "DEFAULT_CHUNK"]

ENGINE = "realpolitik.bargaining.eu"
DEFAULT_CHUNK = 4096


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Move:
    """One actor's move in one round.

    ``challenger`` is the actor whose challenge the mover gave in to;
    ``kind`` is ``"conflict"`` (lost a confrontation: moves all the way),
    ``"compromise"`` (moves the fraction |b|/a of the gap, eq. 35) or
    ``"capitulation"`` (moves all the way without a fight). ``challenger_eu``
    (a) is the challenger's expected utility of challenging the mover,
    ``mover_eu`` (b) the mover's of challenging the challenger.
    """

    round: int
    actor: str
    challenger: str
    kind: str
    start: float
    end: float
    distance: float
    challenger_eu: float
    mover_eu: float

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True, eq=False)
class RoundOne:
    """First-round internals (DataFrames indexed by actor id).

    ``probability[i, j]``: P that i prevails challenging j; ``eu_pass1`` /
    ``eu_pass2``: E(U_ij) with r = 1 and with the estimated r (row actor's
    view); ``security``: sum of the others' first-pass EUs of challenging
    the actor; ``risk_basis`` R in [-1, 1]; ``risk_exponent`` r in [1/2, 2];
    ``mu``: the median-voter reference position.

    The frames are built from the kernel's arrays on first access, so a run
    that nobody inspects pays no pandas cost.
    """

    mu: float
    actor_ids: tuple[str, ...]
    _arrays: dict[str, np.ndarray] = field(repr=False)

    @cached_property
    def _index(self) -> pd.Index:
        return pd.Index(list(self.actor_ids))

    def _frame(self, name: str) -> pd.DataFrame | pd.Series:
        # One parsed Index, a cheap copy per axis (renaming one axis must not
        # rename another); parsing the labels is most of a small frame's cost.
        a = self._arrays[name].copy()
        ix = self._index
        return (pd.DataFrame(a, index=ix.copy(), columns=ix.copy()) if a.ndim == 2
                else pd.Series(a, index=ix.copy()))

    @cached_property
    def probability(self) -> pd.DataFrame:
        return cast(pd.DataFrame, self._frame("probability"))  # 2-D array

    @cached_property
    def eu_pass1(self) -> pd.DataFrame:
        return cast(pd.DataFrame, self._frame("eu_pass1"))  # 2-D array

    @cached_property
    def eu_pass2(self) -> pd.DataFrame:
        return cast(pd.DataFrame, self._frame("eu_pass2"))  # 2-D array

    @cached_property
    def security(self) -> pd.Series:
        return cast(pd.Series, self._frame("security"))  # 1-D array

    @cached_property
    def risk_basis(self) -> pd.Series:
        return cast(pd.Series, self._frame("risk_basis"))  # 1-D array

    @cached_property
    def risk_exponent(self) -> pd.Series:
        return cast(pd.Series, self._frame("risk_exponent"))  # 1-D array


@readable_repr
@dataclass(frozen=True, eq=False)
class ForecastResult:
    """One run of the EU model on one issue.

    Attributes
    ----------
    positions : DataFrame
        Rows = rounds 0..stop round (round 0 is the input), columns = actor ids.
    median, mean : Series
        Per-round capability x salience weighted median and mean.
    forecast : float
        The model's forecast (``options.forecast`` statistic at the stop
        round; for a detected cycle its average over one period).
    moves : tuple of Move
    round_one : RoundOne or None (None when ``rounds == 0``)
    stop_reason : {"rounds", "fixed_point", "cycle"}
    cycle_period : int or None
        Period of the repeating final state (found by the ``"cycle"`` rule or,
        under a fixed number of rounds, afterwards); None where there is none.
    cycle_start : int or None
        First round of a cycle of period >= 2.
    cycle_range : (low, high) or None
        Range of the forecast statistic over one period of such a cycle; the
        run is then ``status.converged == False`` and ``forecast`` is the
        cycle's mean.
    trajectory : ndarray, shape (stop round + 1, n)
        ``positions`` as a read-only array.

    ``positions``, ``median``, ``mean`` and ``moves`` are built from the
    kernel's arrays on first access and then kept, so a run costs no pandas
    work until it is inspected.
    """

    model: str
    actor_ids: tuple[str, ...]
    scale: tuple[float, float]
    options: EUOptions
    forecast: float
    round_one: RoundOne | None
    stop_reason: str
    cycle_period: int | None
    provenance: Provenance
    status: Status
    trajectory: np.ndarray = field(repr=False)
    _median: np.ndarray = field(repr=False)
    _mean: np.ndarray = field(repr=False)
    _moves: tuple = field(repr=False)
    cycle_start: int | None = None
    cycle_range: tuple[float, float] | None = None

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("model", self.model), ("forecast", self.forecast), ("actors", len(self.actor_ids)),
                ("rounds", max(0, len(self.trajectory) - 1)), ("stop", self.stop_reason),
                ("cycle period", self.cycle_period), ("status", status_text(self.status))]

    @cached_property
    def positions(self) -> pd.DataFrame:
        index = pd.RangeIndex(self.trajectory.shape[0], name="round")
        pos = pd.DataFrame(self.trajectory.copy(), index=index, columns=list(self.actor_ids))
        pos.columns.name = "actor"
        return pos

    @cached_property
    def median(self) -> pd.Series:
        return pd.Series(self._median.copy(), index=pd.RangeIndex(self._median.shape[0], name="round"),
                         name="median")

    @cached_property
    def mean(self) -> pd.Series:
        return pd.Series(self._mean.copy(), index=pd.RangeIndex(self._mean.shape[0], name="round"),
                         name="mean")

    @cached_property
    def moves(self) -> tuple[Move, ...]:
        part, kind, a, b = self._moves
        traj = self.trajectory.tolist()
        ids = self.actor_ids
        out = []
        for r_ in range(self.trajectory.shape[0] - 1):
            xt, xn = traj[r_], traj[r_ + 1]
            pr, kr, ar, br = part[r_].tolist(), kind[r_].tolist(), a[r_].tolist(), b[r_].tolist()
            for i, p in enumerate(pr):
                if p >= 0:
                    out.append(Move(round=r_ + 1, actor=ids[i], challenger=ids[p], kind=K.KIND_NAMES[kr[i]],
                                    start=xt[i], end=xn[i], distance=abs(xn[i] - xt[i]),
                                    challenger_eu=ar[i], mover_eu=br[i]))
        return tuple(out)

    def moves_frame(self) -> pd.DataFrame:
        """All moves as a DataFrame (one row per move)."""
        cols = ["round", "actor", "challenger", "kind", "start", "end", "distance",
                "challenger_eu", "mover_eu"]
        return pd.DataFrame([m.to_dict() for m in self.moves], columns=cols)

    def pivotal_actors(self, round: int = 0) -> tuple[str, ...]:
        """Actors holding the weighted-median position in ``round`` (default: the input)."""
        if not 0 <= round < self.trajectory.shape[0]:
            raise KeyError(round)
        med = float(self._median[round])
        tol = 1e-9 * (self.scale[1] - self.scale[0])
        return tuple(a for a, v in zip(self.actor_ids, self.trajectory[round].tolist()) if abs(v - med) <= tol)

    def to_dict(self) -> dict[str, Any]:
        """The ``models.eu`` object of the CLI's JSON (see docs/bargaining.md)."""
        ids = self.actor_ids
        rounds = [{"round": t, "median": md, "mean": mn, "positions": dict(zip(ids, row))}
                  for t, (md, mn, row) in enumerate(zip(self._median.tolist(), self._mean.tolist(),
                                                        self.trajectory.tolist()))]
        return {"rounds": rounds, "forecast": float(self.forecast), "status": self.stop_reason
                if self.status.converged else "not_converged",
                "converged": self.status.converged, "stop_reason": self.stop_reason,
                "cycle_period": self.cycle_period,
                "cycle": None if self.cycle_range is None else {
                    "period": self.cycle_period, "start_round": self.cycle_start,
                    "range": list(self.cycle_range), "mean": float(self.forecast)},
                "pivotal_actors": list(self.pivotal_actors()),
                "moves": [m.to_dict() for m in self.moves],
                "options": self.options.to_dict()}


@readable_repr
@dataclass(frozen=True)
class BatchForecastResult:
    """``B`` independent runs of the EU model (arrays are read-only).

    Attributes
    ----------
    positions : ndarray, shape (B, rounds + 1, n)
        Trajectories on the original scale; after a copy stops (fixed point
        or cycle) its rows repeat the final state.
    median, mean : ndarray, shape (B, rounds + 1)
    forecast : ndarray, shape (B,)
    stop_round : ndarray of int, shape (B,)
    stop_reason : ndarray of int8, shape (B,)
        Index into :attr:`STOP_REASONS` (``"rounds"``, ``"fixed_point"``,
        ``"cycle"``); ``"rounds"`` under a fixed-point/cycle rule means the
        copy did not converge.
    cycle_period : ndarray of int, shape (B,)
        Period of the repeating final state: found by the ``"cycle"`` rule, or
        afterwards in a copy that ran all its rounds (0 where none; 1 is a
        fixed point). A copy with period >= 2 is not converged.
    cycle_start : ndarray of int, shape (B,)
        First round of the repeating state (-1 where none).
    cycle_low, cycle_high : ndarray, shape (B,)
        Range of the forecast statistic over one period (both equal to
        ``forecast`` where the copy does not cycle).
    forecast
        For a cycling copy the statistic's mean over one period, never one
        phase of the oscillation.
    risk_exponent : ndarray, shape (B, n)
        First-round risk exponents r_i.
    """

    STOP_REASONS = K.STOP_NAMES

    scale: tuple[float, float]
    options: EUOptions
    positions: np.ndarray
    median: np.ndarray
    mean: np.ndarray
    forecast: np.ndarray
    stop_round: np.ndarray
    stop_reason: np.ndarray
    cycle_period: np.ndarray
    cycle_start: np.ndarray
    cycle_low: np.ndarray
    cycle_high: np.ndarray
    risk_exponent: np.ndarray
    provenance: Provenance
    status: Status

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        f = np.asarray(self.forecast, dtype=float)
        cyc = int(np.count_nonzero(np.asarray(self.cycle_period) > 0))
        return [("runs", f.size), ("median forecast", float(np.nanmedian(f)) if f.size else None),
                ("5–95 %", f"{np.nanquantile(f, 0.05):.4g}–{np.nanquantile(f, 0.95):.4g}" if f.size else None),
                ("cycling runs", cyc), ("scale", f"{self.scale[0]:g}–{self.scale[1]:g}")]

    @property
    def cycles(self) -> np.ndarray:
        """Per copy: does it end in a cycle of period 2 or more."""
        return self.cycle_period > 1

    @property
    def converged(self) -> np.ndarray:
        """Per copy: met the stopping rule (any state for "rounds") and does not cycle."""
        ok = ~self.cycles
        if self.options.stop != "rounds":
            ok &= self.stop_reason != K.STOP_ROUNDS
        return ok


def _prepare(positions: Any, saliences: Any, capabilities: Any, scale: Any, options: EUOptions | None,
             overrides: dict[str, Any]):
    lo, hi = check_scale(scale)
    opts = options if options is not None else EUOptions()
    if not isinstance(opts, EUOptions):
        raise InputError(f"options must be an EUOptions, got {type(opts).__name__}")
    if overrides:
        try:
            opts = replace(opts, **overrides)
        except TypeError as exc:
            raise InputError(f"unknown EU option: {exc}") from None
    x, s, c = as_actor_arrays(positions, saliences, capabilities, scale=(lo, hi))
    w = c * s
    check_positive_weight(w)
    return lo, hi, opts, x, s, w


def _to_scale(traj: np.ndarray, u: np.ndarray, x: np.ndarray, lo: float, span: float) -> np.ndarray:
    # Positions an actor still holds from round 0 are returned exactly as
    # given (the map to and from the unit scale may round the last ulp).
    return np.where(traj == u[:, None, :], x[:, None, :], lo + span * traj)


def _simulate(u: np.ndarray, s: np.ndarray, w: np.ndarray, opts: EUOptions, record: bool):
    """Trajectories from the compiled kernel (see _nbkernel for why compiled).

    With ``record`` also every round's moves and the first round's internals
    (mu, P, both passes' EU matrices, security, R) per copy.
    """
    from . import _nbkernel as NB

    B, n = u.shape
    R = opts.rounds
    traj = np.empty((B, R + 1, n))
    stop_round = np.empty(B, dtype=np.int64)
    code = np.empty(B, dtype=np.int8)
    period = np.empty(B, dtype=np.int64)
    r1 = np.ones((B, n))
    rb = B if record else 1
    rec_part = np.full((rb, max(R, 1), n), -1, dtype=np.int64)
    rec_kind = np.full((rb, max(R, 1), n), -1, dtype=np.int64)
    rec_a = np.zeros((rb, max(R, 1), n))
    rec_b = np.zeros((rb, max(R, 1), n))
    det = (np.zeros(rb), np.zeros((rb, n, n)), np.zeros((rb, n, n)), np.zeros((rb, n, n)),
           np.zeros((rb, n)), np.zeros((rb, n)))
    med = np.empty((B, R + 1), dtype=np.int64)   # index of the median actor
    mean = np.empty((B, R + 1))
    NB.simulate_nb(np.ascontiguousarray(u), np.ascontiguousarray(s), np.ascontiguousarray(w), R,
                   *NB.codes(opts), record, traj, stop_round, code, period, r1,
                   rec_part, rec_kind, rec_a, rec_b, med, mean, *det)
    return traj, stop_round, code, period, r1, (rec_part, rec_kind, rec_a, rec_b), med, mean, det


def _stats(traj_x: np.ndarray, w: np.ndarray, side: str) -> tuple[np.ndarray, np.ndarray]:
    B, T, n = traj_x.shape
    wb = np.broadcast_to(w[:, None, :], (B, T, n)).reshape(B * T, n)
    flat = traj_x.reshape(B * T, n)
    med = _weighted_median(flat, wb, side).reshape(B, T)
    mean = ((flat * wb).sum(axis=1) / wb.sum(axis=1)).reshape(B, T)
    return med, mean


def _cycles(traj_x: np.ndarray, stop_round: np.ndarray, code: np.ndarray, period: np.ndarray, *,
            tol: float, max_period: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Per copy ``(period, start round)`` of a repeating final state (period 0 where none).

    A cycle the kernel stopped on (``stop="cycle"``) keeps its period; a copy
    that ran all its rounds is checked afterwards for a trailing repeat, so
    that a 2-cycle under a fixed number of rounds is named instead of one of
    its phases passing for the forecast. Period 1 is a fixed point.
    """
    B, T, _ = traj_x.shape
    per = np.where(code == K.STOP_CYCLE, period, 0).astype(np.int64)
    start = np.where(per > 0, stop_round - per, -1).astype(np.int64)
    ran_out = np.flatnonzero(code == K.STOP_ROUNDS)
    if ran_out.size:
        # every such copy stopped at round T - 1
        tr = traj_x if ran_out.size == B else traj_x[ran_out]
        R = T - 1
        found = np.zeros(ran_out.size, dtype=np.int64)
        for p in range(1, max_period + 1):
            if R < 2 * p:
                break
            hit = ((found == 0)
                   & np.all(np.abs(tr[:, R] - tr[:, R - p]) <= tol, axis=1)
                   & np.all(np.abs(tr[:, R - 1] - tr[:, R - 1 - p]) <= tol, axis=1))
            found[hit] = p
        first = np.full(ran_out.size, -1, dtype=np.int64)
        for p in range(1, max_period + 1):
            rows = np.flatnonzero(found == p)
            if rows.size:
                sub = tr[rows]
                # rep[:, t]: round t repeats as round t + p; the cycle starts where
                # that holds from t to the end.
                rep = np.all(np.abs(sub[:, :T - p] - sub[:, p:]) <= tol, axis=2)
                tail = np.logical_and.accumulate(rep[:, ::-1], axis=1)[:, ::-1]
                first[rows] = np.argmax(tail, axis=1)
        per[ran_out] = found
        start[ran_out] = first
    return per, start


def _forecast(stat: np.ndarray, stop_round: np.ndarray, per: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(forecast, low, high) per copy: the statistic at the stop round, or over one cycle period."""
    B, T = stat.shape
    idx = np.arange(T)[None, :]
    lo = np.where(per > 1, stop_round - per + 1, stop_round)[:, None]
    sel = (idx >= lo) & (idx <= stop_round[:, None])
    fc = (stat * sel).sum(axis=1) / sel.sum(axis=1)
    low = np.where(sel, stat, np.inf).min(axis=1)
    high = np.where(sel, stat, -np.inf).max(axis=1)
    return fc, low, high


def run_eu_batch(positions: Any, saliences: Any, capabilities: Any, *, scale: tuple[float, float],
                 options: EUOptions | None = None, chunk_size: int = DEFAULT_CHUNK,
                 scenario_digest: str | None = None, **option_overrides: Any) -> BatchForecastResult:
    """Run the EU model on ``B`` independent copies of an issue at once.

    Parameters
    ----------
    positions, saliences, capabilities : array_like, broadcastable to (B, n)
        E.g. positions of shape (B, n) from Monte Carlo draws with fixed
        saliences and capabilities of shape (n,). Salience in [0, 1],
        capability >= 0, positions inside ``scale``; every copy needs some
        actor with c * s > 0. 1-D input is one copy (B = 1).
    scale : (min, max)
        The issue's scale bounds; utilities use ``|x_i - x_j| / (max - min)``.
    options : EUOptions, optional
        Rules (default ``EUOptions()``, the Table 2 ``scholz-code`` rules). Keyword overrides such as
        ``rounds=10`` replace single fields.
    chunk_size : int
        Copies processed together (bounds memory; no effect on results).

    Returns
    -------
    BatchForecastResult
    """
    lo, hi, opts, x, s, w = _prepare(positions, saliences, capabilities, scale, options, option_overrides)
    if x.ndim == 1:
        x, s, w = x[None], s[None], w[None]
    if x.ndim != 2:
        raise InputError(f"positions must have shape (B, n) or (n,), got {x.shape}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    B, n = x.shape
    span = hi - lo
    u = (x - lo) / span
    R = opts.rounds
    traj = np.empty((B, R + 1, n))
    stop_round = np.empty(B, dtype=np.int64)
    code = np.empty(B, dtype=np.int8)
    period = np.empty(B, dtype=np.int64)
    r1 = np.empty((B, n))
    med = np.empty((B, R + 1), dtype=np.int64)
    mean = np.empty((B, R + 1))
    for a in range(0, B, chunk_size):
        b = min(B, a + chunk_size)
        tr, sr, sc, pr, rr, _, md, mn, _ = _simulate(u[a:b], s[a:b], w[a:b], opts, record=False)
        traj[a:b], stop_round[a:b], code[a:b], period[a:b], r1[a:b] = tr, sr, sc, pr, rr
        med[a:b], mean[a:b] = md, mn
    traj_x = _to_scale(traj, u, x, lo, span)
    med = np.take_along_axis(traj_x, med[:, :, None], axis=2)[:, :, 0]
    mean = lo + span * mean
    per, start = _cycles(traj_x, stop_round, code, period, tol=opts.tie_tol * span)
    fc, c_lo, c_hi = _forecast(med if opts.forecast == "median" else mean, stop_round, per)
    cycling = per > 1
    conv = ~cycling & ((code != K.STOP_ROUNDS) | (opts.stop == "rounds"))
    warnings: list[str] = []
    if cycling.any():
        warnings.append(f"{int(cycling.sum())} of {B} copies end in a cycle (period "
                        f"{', '.join(str(int(p)) for p in np.unique(per[cycling]))}): their forecast is the "
                        "cycle's mean, not a settled outcome")
    stuck = ~conv & ~cycling
    if stuck.any():
        warnings.append(f"{int(stuck.sum())} of {B} copies reached {R} rounds without a {opts.stop}")
    status = Status(converged=bool(conv.all()), iterations=int(stop_round.max()) if B else 0,
                    warnings=tuple(warnings), message="ok" if conv.all() else "not converged")
    prov = make_provenance(ENGINE, {"model": "eu", "batch": B, "scale": [lo, hi], **opts.to_dict()},
                           scenario_digest=scenario_digest)
    return BatchForecastResult(scale=(lo, hi), options=opts, positions=_ro(traj_x), median=_ro(med),
                               mean=_ro(mean), forecast=_ro(fc), stop_round=_ro(stop_round),
                               stop_reason=_ro(code), cycle_period=_ro(np.where(per > 0, per, 0)),
                               cycle_start=_ro(start), cycle_low=_ro(c_lo), cycle_high=_ro(c_hi),
                               risk_exponent=_ro(r1), provenance=prov, status=status)


def run_eu(positions: Any, saliences: Any, capabilities: Any, *, scale: tuple[float, float],
           options: EUOptions | None = None, actor_ids: Sequence[str] | None = None,
           scenario_digest: str | None = None, **option_overrides: Any) -> ForecastResult:
    """Run the EU model once on one issue.

    Parameters
    ----------
    positions, saliences, capabilities : array_like, shape (n,)
        Salience in [0, 1], capability >= 0, positions inside ``scale``.
    scale : (min, max)
        The issue's scale bounds.
    options : EUOptions, optional
        Default ``EUOptions()`` (the Table 2 ``scholz-code`` rules); keyword
        overrides replace single fields.
    actor_ids : sequence of str, optional
        Column labels (default ``"a0", "a1", ...``).
    scenario_digest : str, optional
        Recorded in the provenance.

    Returns
    -------
    ForecastResult
    """
    lo, hi, opts, x, s, w = _prepare(positions, saliences, capabilities, scale, options, option_overrides)
    if x.ndim != 1:
        raise InputError(f"run_eu takes one issue (1-D arrays); got shape {x.shape}; use run_eu_batch")
    n = x.shape[0]
    ids = tuple(str(a) for a in actor_ids) if actor_ids is not None else tuple(f"a{i}" for i in range(n))
    if len(ids) != n:
        raise InputError(f"actor_ids has {len(ids)} entries for {n} actors")
    if len(set(ids)) != n:
        raise InputError("actor_ids must be unique")
    span = hi - lo
    u = ((x - lo) / span)[None]
    traj, stop_round, code, period, r1, (rp, rk, ra, rb), _, _, det = _simulate(u, s[None], w[None], opts,
                                                                               record=True)
    last = int(stop_round[0])
    traj_x = _to_scale(traj, u, x[None], lo, span)
    med, mean = _stats(traj_x, w[None], opts.median_side)
    per, start = _cycles(traj_x, stop_round, code, period, tol=opts.tie_tol * span)
    fc_a, c_lo, c_hi = _forecast(med if opts.forecast == "median" else mean, stop_round, per)
    fc, p, first = float(fc_a[0]), int(per[0]), int(start[0])
    round_one = None
    if opts.rounds > 0:
        mu, P, eu1, eu2, sec, Rb = (v[0] for v in det)
        round_one = RoundOne(mu=float(lo + span * mu), actor_ids=ids,
                             _arrays={"probability": P, "eu_pass1": eu1, "eu_pass2": eu2, "security": sec,
                                      "risk_basis": Rb, "risk_exponent": r1[0]})
    reason = K.STOP_NAMES[int(code[0])]
    cycling = p > 1
    converged = not cycling and (opts.stop == "rounds" or code[0] != K.STOP_ROUNDS)
    warnings: tuple[str, ...] = ()
    if not converged and not cycling:
        warnings = (f"no {opts.stop} within {opts.rounds} rounds",)
    message = f"stopped: {reason}" + (f" (period {p})" if reason == "cycle" else "")
    if cycling:
        lo_c, hi_c = float(c_lo[0]), float(c_hi[0])
        if hi_c - lo_c <= opts.tie_tol * span:
            note = (f"positions cycle with period {p} from round {first}, but the {opts.forecast} stays at "
                    f"{fc:.4g} throughout the cycle")
        else:
            note = (f"positions cycle with period {p} from round {first}: the {opts.forecast} moves between "
                    f"{lo_c:.4g} and {hi_c:.4g}; the forecast {fc:.4g} is its mean over one period, not a "
                    "settled outcome")
        message += f"; {note}"
        warnings = warnings + (note,)
    elif reason == "rounds" and p == 1:
        message += f"; positions fixed from round {first}"
    status = Status(converged=bool(converged), iterations=last, warnings=warnings, message=message)
    prov = make_provenance(ENGINE, {"model": "eu", "scale": [lo, hi], **opts.to_dict()},
                           scenario_digest=scenario_digest)
    return ForecastResult(model="eu", actor_ids=ids, scale=(lo, hi), options=opts, forecast=fc,
                          round_one=round_one, stop_reason=reason,
                          cycle_period=p if (cycling or reason == "cycle") else None,
                          cycle_start=first if cycling else None,
                          cycle_range=(float(c_lo[0]), float(c_hi[0])) if cycling else None,
                          provenance=prov, status=status, trajectory=_ro(traj_x[0, :last + 1]),
                          _median=_ro(med[0, :last + 1]), _mean=_ro(mean[0, :last + 1]),
                          _moves=(rp[0, :last], rk[0, :last], ra[0, :last], rb[0, :last]))

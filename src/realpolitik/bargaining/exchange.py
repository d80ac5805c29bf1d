"""The exchange model of Stokman & Van Oosten (1994): vote trading across issues.

Actors trade: one concedes on an issue it cares little about to win on one it
cares more about, and a partner does the reverse. Each round every pair of
actors on opposite sides of two issues' outcomes is a candidate exchange with
*equal gain* for both; exchanges are realised best gain first, each
realisation updates the candidates that share an actor and an issue with it,
and no exchange may push an outcome past the partner's position (the outcome
cap). The round's forecast is the weighted mean ``sum c s x / sum c s`` of the
voting positions; actors then move a salience-damped part of the way for the
next round. With ``p > 0`` exchange rates are random (Dijkstra, van Assen,
Stokman & Draaijer): the conceding side's gain is drawn on the Pareto frontier.

The rules are decide-exchange-model's (2022.1.28) as restated in
``docs/bargaining.md``; the one difference is the tie-break: equal gains
(rounded to ``tie_decimals``) are ordered by a documented key (``tie_break``),
where decide tosses a coin. With that coin off and ``tie_break="input"``,
decide's realised exchanges and outcomes are reproduced
(tests/bargaining/test_exchange_decide.py).

Examples
--------
>>> import numpy as np
>>> from realpolitik.bargaining import run_exchange
>>> x = [[10, 90], [90, 10], [40, 60]]        # 3 actors x 2 issues, 0-100
>>> s = [[0.9, 0.2], [0.3, 0.8], [0.5, 0.5]]
>>> c = [[1, 1], [1, 1], [1, 1]]
>>> res = run_exchange(x, s, c, rounds=2, actor_ids=["A", "B", "C"], issue_ids=["p", "q"])
>>> res.describe_exchanges()[0]
'A gives 80 points on q to gain 50.4 on p from B (round 1)'
>>> {k: round(v, 1) for k, v in res.forecast.items()}
{'p': 24.4, 'q': 26.7}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from .._rng import RNGLike, as_generator, seed_of, spawn
from ..errors import InputError
from . import _exchange_kernel as K
from ._validate import check_int

__all__ = ["ExchangeData", "ExchangeResult", "run_exchange", "run_exchange_scenario", "exchange_data",
           "EXCHANGE_COLUMNS"]

ENGINE = "realpolitik.bargaining.exchange"
#: Columns of :attr:`ExchangeResult.exchanges` (moves and positions on each issue's own scale).
EXCHANGE_COLUMNS = ("round", "order", "i", "i_supply", "i_demand", "i_from", "i_to", "i_move",
                    "j", "j_supply", "j_demand", "j_from", "j_to", "j_move", "gain", "gain_i",
                    "gain_j", "cap")
#: Externality kinds, as decide names them: own gain, inner/outer, positive/negative.
EXTERNALITY_COLUMNS = ("own", "inner_positive", "inner_negative", "outer_positive", "outer_negative")


@dataclass(frozen=True)
class ExchangeData:
    """Several issues of one set of actors as plain arrays (``NaN`` = actor not on that issue)."""

    actor_ids: tuple[str, ...]
    actor_names: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: np.ndarray        # (n_actors, n_issues), each issue on its own scale
    saliences: np.ndarray        # on 0-1
    capabilities: np.ndarray
    scales: tuple[tuple[float, float], ...]


def exchange_data(scenario: Any, *, capability: str = "leverage") -> ExchangeData:
    """The scenario's issues as one actor x issue table for :func:`run_exchange`.

    Actors appear in the scenario's actor order and issues in file order; an
    actor without a position on an issue is ``NaN`` there (it does not take
    part in that issue, as in decide). Capability is each position's
    issue-specific leverage where given, else the actor's raw capability.
    """
    issues = list(scenario.issues)
    if len(issues) < 2:
        raise InputError(f"the exchange model needs at least 2 issues; this scenario has {len(issues)}",
                         expected="a scenario with two or more issues (issues[1])")
    actors = [a.id for a in scenario.actors]
    names = {a.id: a.name for a in scenario.actors}
    n, m = len(actors), len(issues)
    x = np.full((n, m), np.nan)
    s = np.full((n, m), np.nan)
    c = np.full((n, m), np.nan)
    for j, iss in enumerate(issues):
        d = scenario.issue_data(iss.id, capability=capability)
        for aid, xv, sv, cv in zip(d.actor_ids, d.positions, d.saliences, d.capabilities):
            i = actors.index(aid)
            x[i, j], s[i, j], c[i, j] = xv, sv, cv
    keep = ~np.all(np.isnan(x), axis=1)
    idx = [k for k in range(n) if keep[k]]
    return ExchangeData(actor_ids=tuple(actors[k] for k in idx),
                        actor_names=tuple(names[actors[k]] for k in idx),
                        issue_ids=tuple(i.id for i in issues), positions=x[keep], saliences=s[keep],
                        capabilities=c[keep],
                        scales=tuple((float(i.scale.min), float(i.scale.max)) for i in issues))


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.array(a)
    a.setflags(write=False)
    return a


@readable_repr
@dataclass(frozen=True)
class ExchangeResult:
    """Result of :func:`run_exchange`.

    Attributes
    ----------
    issue_ids, actor_ids : tuple of str
    scales : tuple of (min, max)
        Each issue's scale; every position and move is reported on it.
    outcome : pandas.DataFrame
        Rows ``0..rounds`` (0 = the initial weighted mean), one column per
        issue: the round's voting outcome, the ``c * s`` weighted mean of
        the positions actors vote with after that round's exchanges.
    exchanges : pandas.DataFrame
        Every realised exchange in realisation order (:data:`EXCHANGE_COLUMNS`):
        side ``i`` supplies (moves on) ``i_supply`` and gains on ``i_demand``,
        side ``j`` the reverse; ``gain`` is the equal gain that set the order,
        ``gain_i``/``gain_j`` what each side gained (equal unless ``p > 0``),
        ``cap`` names the side whose move the outcome cap cut (``""`` if none).
    externalities : pandas.DataFrame
        Per actor, summed over rounds: ``own`` gains and the inner/outer,
        positive/negative effects of other actors' exchanges on it (decide's
        classification; inner = in the two trading groups of that issue pair).
    forecast_distribution : pandas.DataFrame
        One row per repetition (random rates), one column per issue: the last
        round's outcome. One row when ``p == 0``. The trajectories and
        exchanges are those of repetition 0.
    status, provenance
    """

    issue_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    scales: tuple[tuple[float, float], ...]
    rounds: int
    p: float
    _positions: np.ndarray = field(repr=False)      # (rounds + 1, n, m) start positions, 0-100
    _voting: np.ndarray = field(repr=False)         # (rounds, n, m) voting positions, 0-100
    _outcome: np.ndarray = field(repr=False)        # (rounds + 1, m) on 0-100
    _exchanges: tuple[tuple[Any, ...], ...] = field(repr=False)
    _externalities: np.ndarray = field(repr=False)  # (n, 5)
    _final: np.ndarray = field(repr=False)          # (repetitions, m) on 0-100
    actor_names: tuple[str, ...] = ()
    status: Status = field(default_factory=Status)
    provenance: Provenance = field(default_factory=lambda: make_provenance(ENGINE))

    # -- scale helpers ---------------------------------------------------

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("issues", self.issue_ids), ("actors", len(self.actor_ids)), ("rounds", self.rounds), ("p", self.p),
                ("status", status_text(self.status))]

    def _to_scale(self, v: np.ndarray, issue_axis: int = -1) -> np.ndarray:
        lo = np.array([a for a, _ in self.scales])
        span = np.array([b - a for a, b in self.scales])
        shape = [1] * v.ndim
        shape[issue_axis] = len(self.scales)
        return lo.reshape(shape) + span.reshape(shape) * v / 100.0

    # -- tables ----------------------------------------------------------
    @property
    def outcome(self) -> pd.DataFrame:
        df = pd.DataFrame(self._to_scale(self._outcome), columns=list(self.issue_ids))
        df.index.name = "round"
        return df

    @property
    def forecast(self) -> dict[str, float]:
        """The last round's voting outcome per issue (repetition 0)."""
        last = self.outcome.iloc[-1]
        return {k: float(last[k]) for k in self.issue_ids}

    def positions(self, issue: str, *, voting: bool = False) -> pd.DataFrame:
        """Positions on ``issue``: rows = round, columns = actors (NaN = not on the issue).

        ``voting=False``: the start positions, row 0 the input and row k the
        damped positions after round k. ``voting=True``: rows 1..rounds, the
        positions actors vote with at the end of each round.
        """
        if issue not in self.issue_ids:
            raise InputError(f"no issue {issue!r}", expected=", ".join(self.issue_ids))
        j = self.issue_ids.index(issue)
        lo, hi = self.scales[j]
        arr = self._voting if voting else self._positions
        df = pd.DataFrame(lo + (hi - lo) * arr[:, :, j] / 100.0, columns=list(self.actor_ids))
        df.index = pd.RangeIndex(1 if voting else 0, len(df) + (1 if voting else 0), name="round")
        return df

    @property
    def positions_by_issue(self) -> dict[str, pd.DataFrame]:
        return {k: self.positions(k) for k in self.issue_ids}

    @property
    def exchanges(self) -> pd.DataFrame:
        return pd.DataFrame(list(self._exchanges), columns=list(EXCHANGE_COLUMNS))

    @property
    def externalities(self) -> pd.DataFrame:
        df = pd.DataFrame(self._externalities, columns=list(EXTERNALITY_COLUMNS),
                          index=pd.Index(list(self.actor_ids), name="actor"))
        df["total"] = df.sum(axis=1)
        return df

    @property
    def forecast_distribution(self) -> pd.DataFrame:
        df = pd.DataFrame(self._to_scale(self._final), columns=list(self.issue_ids))
        df.index.name = "repetition"
        return df

    def trades(self) -> pd.DataFrame:
        """Who traded with whom: number of exchanges and summed gain per pair of actors."""
        ex = self.exchanges
        if ex.empty:
            return pd.DataFrame(columns=["a", "b", "exchanges", "gain"])
        a = np.where(ex["i"] < ex["j"], ex["i"], ex["j"])
        b = np.where(ex["i"] < ex["j"], ex["j"], ex["i"])
        df = pd.DataFrame({"a": a, "b": b, "gain": ex["gain"]})
        out = df.groupby(["a", "b"], sort=True).agg(exchanges=("gain", "size"), gain=("gain", "sum"))
        return out.reset_index().sort_values(["exchanges", "gain"], ascending=False, kind="stable"
                                             ).reset_index(drop=True)

    def describe_exchanges(self, limit: int | None = None, *, with_round: bool = True) -> list[str]:
        """Each realised exchange in words, with actor names where the scenario gives them."""
        name = dict(zip(self.actor_ids, self.actor_names or self.actor_ids))
        out = []
        for row in self._exchanges[:limit]:
            r = dict(zip(EXCHANGE_COLUMNS, row))
            out.append(f"{name[r['i']]} gives {abs(r['i_move']):.3g} points on {r['i_supply']} to gain "
                       f"{abs(r['j_move']):.3g} on {r['i_demand']} from {name[r['j']]}"
                       + (f" (round {r['round']})" if with_round else ""))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object of the model (see docs/bargaining.md, exchange model)."""
        ex = self.exchanges
        out_rounds = []
        outcome = self.outcome
        for k in range(1, self.rounds + 1):
            rows = ex[ex["round"] == k]
            out_rounds.append({
                "round": k,
                "outcome": {i: float(outcome.loc[k, i]) for i in self.issue_ids},
                "exchanges": [{
                    "order": int(r["order"]), "gain": float(r["gain"]),
                    "i": {"actor": r["i"], "supply_issue": r["i_supply"], "demand_issue": r["i_demand"],
                          "move": float(r["i_move"]), "from": float(r["i_from"]), "to": float(r["i_to"]),
                          "gain": float(r["gain_i"]), "capped": r["cap"] == "i"},
                    "j": {"actor": r["j"], "supply_issue": r["j_supply"], "demand_issue": r["j_demand"],
                          "move": float(r["j_move"]), "from": float(r["j_from"]), "to": float(r["j_to"]),
                          "gain": float(r["gain_j"]), "capped": r["cap"] == "j"},
                } for _, r in rows.iterrows()],
            })
        d: dict[str, Any] = {
            "forecast": self.forecast,
            "initial": {i: float(outcome.loc[0, i]) for i in self.issue_ids},
            "rounds": out_rounds,
            "status": self.status.to_dict(),
            "externalities": {a: {k: float(v) for k, v in row.items()}
                              for a, row in self.externalities.iterrows()},
            "parameters": dict(self.provenance.parameters),
            "provenance": self.provenance.to_dict(),
        }
        if self._final.shape[0] > 1:
            fd = self.forecast_distribution
            d["distribution"] = {i: {"mean": float(fd[i].mean()), "sd": float(fd[i].std(ddof=1)),
                                     "q05": float(fd[i].quantile(0.05)), "q25": float(fd[i].quantile(0.25)),
                                     "median": float(fd[i].median()), "q75": float(fd[i].quantile(0.75)),
                                     "q95": float(fd[i].quantile(0.95))} for i in self.issue_ids}
            d["repetitions"] = int(self._final.shape[0])
        return d


def _check_inputs(positions: Any, saliences: Any, capabilities: Any, scales: Any,
                  actor_ids: Sequence[str] | None, issue_ids: Sequence[str] | None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[tuple[float, float]],
                             list[str], list[str]]:
    arrs = []
    for name, v in (("positions", positions), ("saliences", saliences), ("capabilities", capabilities)):
        try:
            a = np.array(v, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"{name}: not numeric", expected="an actor x issue array of numbers") from None
        if a.ndim != 2:
            raise InputError(f"{name}: expected a 2-d actor x issue array, got {a.ndim} dimension(s)")
        arrs.append(a)
    x, s, c = arrs
    if not (x.shape == s.shape == c.shape):
        raise InputError(f"positions {x.shape}, saliences {s.shape} and capabilities {c.shape} differ in shape",
                         expected="three arrays of shape (actors, issues)")
    n, m = x.shape
    if m < 2:
        raise InputError(f"the exchange model needs at least 2 issues, got {m}",
                         expected="positions of shape (actors, issues) with issues >= 2")
    nan = np.isnan(x) | np.isnan(s) | np.isnan(c)
    partial = nan & ~(np.isnan(x) & np.isnan(s) & np.isnan(c))
    if partial.any():
        a, j = np.argwhere(partial)[0]
        raise InputError(f"actor {a} on issue {j}: NaN in some of position, salience and capability",
                         expected="all three numbers, or all three NaN (actor not on that issue)")
    present = ~nan
    if np.any(~np.isfinite(x[present]) | ~np.isfinite(s[present]) | ~np.isfinite(c[present])):
        raise InputError("positions, saliences or capabilities contain infinite values", expected="finite numbers")
    if np.any((s[present] < 0) | (s[present] > 1)):
        raise InputError("saliences: values outside [0, 1]", expected="salience in [0, 1] (divide 0-100 data by 100)")
    if np.any(c[present] < 0):
        raise InputError("capabilities: negative values", expected="capability >= 0")
    if scales is None:
        sc = [(0.0, 100.0)] * m
    else:
        try:
            sc = [(float(a), float(b)) for a, b in scales]
        except (TypeError, ValueError):
            raise InputError("scales: expected one (min, max) pair per issue") from None
        if len(sc) != m:
            raise InputError(f"scales: {len(sc)} pairs for {m} issues", expected="one (min, max) per issue")
    for j, (lo, hi) in enumerate(sc):
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise InputError(f"scales[{j}]: need finite min < max, got ({lo}, {hi})")
        col = x[present[:, j], j]
        if np.any((col < lo) | (col > hi)):
            raise InputError(f"positions on issue {j}: outside the scale [{lo:g}, {hi:g}]",
                             expected="positions within the issue's scale")
    aids = [str(a) for a in actor_ids] if actor_ids is not None else [f"actor{k}" for k in range(n)]
    iids = [str(i) for i in issue_ids] if issue_ids is not None else [f"issue{k}" for k in range(m)]
    if len(aids) != n or len(set(aids)) != n:
        raise InputError(f"actor_ids: need {n} distinct ids, got {len(aids)} ({len(set(aids))} distinct)")
    if len(iids) != m or len(set(iids)) != m:
        raise InputError(f"issue_ids: need {m} distinct ids, got {len(iids)} ({len(set(iids))} distinct)")
    return x, s, c, present, sc, aids, iids


def _ranks(act: np.ndarray, sup: np.ndarray, labels: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """Tie-break rank of each candidate: creation order, or the order of its sides' labels.

    With labels (the rank of each actor id and issue id in sorted order) a
    candidate is named by its two sides ``(actor, supply issue)``, the smaller
    first, so the rank does not depend on the order actors and issues were given in.
    """
    if labels is None:
        return np.arange(len(act), dtype=np.int64)
    ar, ir = labels
    code = ar[act] * len(ir) + ir[sup]
    lo, hi = code.min(axis=1), code.max(axis=1)
    order = np.lexsort((hi, lo))
    rank = np.empty(len(act), dtype=np.int64)
    rank[order] = np.arange(len(act))
    return rank


def _one_run(x0: np.ndarray, s: np.ndarray, c: np.ndarray, present: np.ndarray, rounds: int, p: float,
             seq: np.random.SeedSequence | None, tie_scale: float, kernel: Any, record: bool,
             labels: tuple[np.ndarray, np.ndarray] | None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[Any, ...]], np.ndarray, int]:
    n, m = x0.shape
    cs = np.where(present, c * s, 0.0)
    w = cs.sum(axis=0)
    x = np.where(present, x0, 0.0)
    sz = np.where(present, s, 0.0)
    traj = np.full((rounds + 1, n, m), np.nan)
    voting = np.full((rounds, n, m), np.nan)
    outcome = np.zeros((rounds + 1, m))
    traj[0] = np.where(present, x, np.nan)
    outcome[0] = (cs * x).sum(axis=0) / w
    recs: list[tuple[Any, ...]] = []
    ext = np.zeros((n, 5))
    buf_len = 0
    unif = np.zeros(0)
    upos = 0
    n_real = 0
    gen = None if seq is None else as_generator(seq)
    for t in range(rounds):
        o = (cs * x).sum(axis=0) / w
        act, sup, dem, kind = K.candidates(x, sz, present, o)
        base = (cs * x).sum(axis=0)
        while True:
            if p > 0 and gen is not None and upos + 3 * (4 * len(act) + 8) > buf_len:
                # draw more of the same stream: the prefix never changes
                more = max(3 * (8 * len(act) + 64), buf_len)
                unif = np.concatenate([unif, gen.random(more)])
                buf_len = unif.shape[0]
            res = kernel(x, sz, np.where(present, c, 0.0), w, base, act, sup, dem, _ranks(act, sup, labels),
                         float(p), unif, upos, tie_scale)
            if not res[-1]:
                break
            more = max(3 * (8 * len(act) + 64), buf_len)
            assert gen is not None  # overflow only happens with random rates
            unif = np.concatenate([unif, gen.random(more)])
            buf_len = unif.shape[0]
        order, rx, rm, ry, rg, rgs, rcap, rn0, rn1, upos, _ = res
        y = x.copy()
        for k, e in enumerate(order):
            for side in range(2):
                y[act[e, side], sup[e, side]] = ry[k, side]
        n_real += len(order)
        outcome[t + 1] = (cs * y).sum(axis=0) / w
        voting[t] = np.where(present, y, np.nan)
        if record:
            for k, e in enumerate(order):
                ai, aj = act[e]
                cap = "i" if rcap[k, 0] else ("j" if rcap[k, 1] else "")
                if rcap[k, 0] and rcap[k, 1]:
                    cap = "both"
                recs.append((t + 1, k + 1, ai, sup[e, 0], dem[e, 0], rx[k, 0], ry[k, 0], rm[k, 0],
                             aj, sup[e, 1], dem[e, 1], rx[k, 1], ry[k, 1], rm[k, 1], float(rg[k]),
                             float(rgs[k, 0]), float(rgs[k, 1]), cap))
                _externalities(ext, x, sz, present, act, sup, kind, e, rn0[k], rn1[k], float(rg[k]), o)
        # salience-damped move toward the voting position
        x = x + (0.1 + 0.4 * (1.0 - sz)) * (y - x)
        traj[t + 1] = np.where(present, x, np.nan)
    return traj, voting, outcome, recs, ext, n_real


def _externalities(ext: np.ndarray, x: np.ndarray, s: np.ndarray, present: np.ndarray, act: np.ndarray,
                   sup: np.ndarray, kind: np.ndarray, e: int, n0: np.ndarray, n1: np.ndarray, gain: float,
                   outcome: np.ndarray) -> None:
    # decide's actor_externalities: the change of every third actor's distance to
    # both outcomes, salience weighted; "inner" = in the two trading groups.
    q, p = sup[e, 0], sup[e, 1]  # i supplies q, j supplies p
    ai, aj = act[e]
    both = present[:, p] & present[:, q]
    left_p = x[:, p] <= outcome[p]
    left_q = x[:, q] <= outcome[q]
    grp = left_p.astype(int) + 2 * left_q.astype(int)
    inner_groups = (0, 3) if kind[e] == 0 else (1, 2)  # p < q: the pair in input order
    for a in np.flatnonzero(both):
        if a == ai or a == aj:
            ext[a, 0] += gain
            continue
        v = ((abs(n0[1] - x[a, p]) - abs(n1[1] - x[a, p])) * s[a, p]
             + (abs(n0[0] - x[a, q]) - abs(n1[0] - x[a, q])) * s[a, q])
        inner = grp[a] in inner_groups
        col = (1 if inner else 3) + (0 if v > 0 else 1)
        ext[a, col] += v


def run_exchange(positions: Any, saliences: Any, capabilities: Any, *,
                 scales: Sequence[tuple[float, float]] | None = None, rounds: int = 10, p: float = 0.0,
                 repetitions: int = 1, rng: RNGLike = None, tie_decimals: int = 11, tie_break: str = "ids",
                 actor_ids: Sequence[str] | None = None, actor_names: Sequence[str] | None = None,
                 issue_ids: Sequence[str] | None = None, scenario_digest: str | None = None,
                 compiled: bool = True) -> ExchangeResult:
    """Run the exchange model on actors x issues.

    Parameters
    ----------
    positions, saliences, capabilities : array_like, shape (actors, issues)
        Position on each issue's scale, salience on 0-1, capability (power)
        >= 0. ``NaN`` in all three = the actor is not on that issue.
    scales : sequence of (min, max), optional
        One per issue (default 0-100). Internally every issue is mapped to
        0-100, as decide does; outputs are on these scales.
    rounds : int
        Fixed number of rounds (decide's default 10; no convergence test).
    p : float in [0, 1]
        Randomness of the exchange rates; 0 = equal gain (deterministic).
    repetitions : int
        Runs with random rates (``p > 0``), one :func:`~realpolitik._rng.spawn`
        child of ``rng`` each, so the numbers do not depend on how runs are
        split. The result's trajectories are repetition 0's;
        :attr:`ExchangeResult.forecast_distribution` holds every run's forecast.
    tie_decimals : int
        Gains equal when rounded to this many decimals are tied.
    tie_break : {"ids", "input"}
        How tied gains are ordered. ``"ids"`` (default): by the exchange's
        sides ``(actor id, supply issue id)``, the smaller side first, in
        sorted order, so the answer does not depend on the order actors and
        issues are listed in. ``"input"``: creation order (issue pairs in
        input order, A x D pairs before B x C pairs, actors in input order),
        which is the order of decide's list when its tie coin is off.
    compiled : bool
        ``False`` runs the same kernel in the Python interpreter (slow; for checks).

    Returns
    -------
    ExchangeResult

    Raises
    ------
    InputError
        Fewer than 2 issues, mismatched shapes, partial NaN, salience outside
        [0, 1], negative capability, positions outside the scale, ``p``
        outside [0, 1].
    """
    x, s, c, present, sc, aids, iids = _check_inputs(positions, saliences, capabilities, scales,
                                                     actor_ids, issue_ids)
    rounds = check_int("rounds", rounds, 0)
    repetitions = check_int("repetitions", repetitions, 1)
    tie_decimals = check_int("tie_decimals", tie_decimals, 0)
    if rounds > 10_000:
        raise InputError(f"rounds must be <= 10000, got {rounds}")
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise InputError(f"p must be a number in [0, 1], got {p!r}") from None
    if not 0.0 <= p <= 1.0:
        raise InputError(f"p must lie in [0, 1], got {p}", expected="0 (equal gain) to 1")
    if p == 0.0 and repetitions > 1:
        raise InputError("repetitions > 1 need random exchange rates (p > 0); equal gain is deterministic")
    n, m = x.shape
    warnings: list[str] = []
    lo = np.array([a for a, _ in sc])
    span = np.array([b - a for a, b in sc])
    xn = np.where(present, (x - lo) * 100.0 / span, np.nan)
    cs = np.where(present, c * s, 0.0)
    w = cs.sum(axis=0)
    for bad in np.flatnonzero(w <= 0):
        raise InputError(f"issue {iids[int(bad)]!r}: no actor has both capability > 0 and salience > 0",
                         expected="at least one actor with positive capability x salience on every issue")
    if not np.any(present.sum(axis=1) >= 2):
        warnings.append("no actor is on two issues: no exchange is possible")
    for j in range(m):
        col = xn[present[:, j], j]
        if col.size and np.all(col == col[0]):
            warnings.append(f"issue {iids[j]!r}: every actor holds the same position; it cannot be traded")
    kernel = K.realise_round if compiled else K.realise_round.py_func
    if tie_break not in ("ids", "input"):
        raise InputError(f"tie_break must be 'ids' or 'input', got {tie_break!r}")
    labels = None
    if tie_break == "ids":
        labels = (np.argsort(np.argsort(np.array(aids, dtype=object), kind="stable"), kind="stable"),
                  np.argsort(np.argsort(np.array(iids, dtype=object), kind="stable"), kind="stable"))
    tie_scale = 10.0 ** tie_decimals
    seqs: list[np.random.SeedSequence | None]
    seqs = list(spawn(rng, repetitions)) if p > 0 else [None]
    final = np.zeros((len(seqs), m))
    traj = voting = outcome = ext = None
    recs: list[tuple[Any, ...]] = []
    n_real = 0
    for r, seq in enumerate(seqs):
        tr, vo, oc, rc, ex, nr = _one_run(np.where(present, xn, 0.0), s, c, present, rounds, p, seq,
                                          tie_scale, kernel, record=(r == 0), labels=labels)
        final[r] = oc[-1]
        if r == 0:
            traj, voting, outcome, recs, ext, n_real = tr, vo, oc, rc, ex, nr
    assert traj is not None and voting is not None and outcome is not None and ext is not None
    if n_real == 0 and rounds > 0:
        warnings.append("no exchange was realised: the outcome stays the initial weighted mean")
    # map indices and 0-100 numbers back to the caller's ids and scales
    rows = []
    for rec in recs:
        (t, k, ai, qi, pi_, xi_, yi, mi, aj, pj, qj, xj, yj, mj, g, gi, gj, cap) = rec
        rows.append((t, k, aids[ai], iids[qi], iids[pi_], lo[qi] + span[qi] * xi_ / 100,
                     lo[qi] + span[qi] * yi / 100, span[qi] * mi / 100, aids[aj], iids[pj], iids[qj],
                     lo[pj] + span[pj] * xj / 100, lo[pj] + span[pj] * yj / 100, span[pj] * mj / 100,
                     g, gi, gj, cap))
    status = Status(converged=True, iterations=rounds, warnings=tuple(warnings),
                    message=f"{rounds} rounds, {n_real} exchanges realised"
                    + (f" (repetition 0 of {repetitions})" if p > 0 else ""))
    params = {"rounds": rounds, "p": p, "repetitions": repetitions, "tie_decimals": tie_decimals,
              "tie_break": tie_break,
              "salience_weight": 0.4, "fixed_weight": 0.1}
    prov = make_provenance(ENGINE, params, seed=seed_of(rng) if p > 0 else None,
                           scenario_digest=scenario_digest)
    names = tuple(str(v) for v in actor_names) if actor_names is not None else tuple(aids)
    return ExchangeResult(issue_ids=tuple(iids), actor_ids=tuple(aids), scales=tuple(sc), rounds=rounds, p=p,
                          _positions=_ro(traj), _voting=_ro(voting), _outcome=_ro(outcome),
                          _exchanges=tuple(rows), _externalities=_ro(ext), _final=_ro(final),
                          actor_names=names, status=status, provenance=prov)


def run_exchange_scenario(scenario: Any, *, capability: str = "leverage", **kwargs: Any) -> ExchangeResult:
    """:func:`run_exchange` on a scenario's issues (see :func:`exchange_data`)."""
    d = exchange_data(scenario, capability=capability)
    return run_exchange(d.positions, d.saliences, d.capabilities, scales=d.scales, actor_ids=d.actor_ids,
                        actor_names=d.actor_names, issue_ids=d.issue_ids,
                        scenario_digest=getattr(scenario, "digest", None), **kwargs)


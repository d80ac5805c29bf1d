"""The candidate models considered for DEU III's "do better" model, scored on dev only.

Every candidate is scored by the same proposal-grouped 5-fold cross-validation
(3 repeats, seed 0) **within the dev split**; the whole fitting procedure is
repeated inside each fold. The test split is dropped before anything is
computed (:func:`cv_table` takes the full data and keeps only dev rows).
``python -m realpolitik.backtest.candidates`` prints the table that
``docs/backtest.md`` reports.

Structural (procedure-aware) pieces, after the procedural models of *The
European Union Decides* (Thomson et al. 2006, ch. 3-4):

* **Council votes by period**: Amsterdam weights (EU-15, 62 of 87 for a
  qualified majority) when only EU-15 members have data on an issue, else the
  Treaty of Nice weights (EU-25 232/321, EU-27 255/345, EU-28 260/352).
  Unanimity needs every member.
* **Pivots**: the left/right Council pivots ``L <= R`` of the voting rule
  (the QMV core); under unanimity the extreme members.
* ``procedural``: consultation - the Commission's position clamped to the
  QMV core (agenda setter); codecision - the midpoint of the EP and the
  Council pivot nearest the EP. Both then restricted to the points the
  pivotal coalition prefers to the reference point (when there is one).
* ``core_mid``: the midpoint of the QMV core; ``comp_clamp_core``: the
  compromise clamped to it.
* ``council_bloc`` rules: if Council members holding a qualified majority of
  votes (and, under codecision, the EP) share one position, forecast it.
* ``institutional``: the compromise with the Council's total capability fixed
  at 1 (members by ``votes ** alpha``), the Commission ``k_com`` and the EP
  ``k_ep`` by procedure - capabilities that do not change with enlargement.

Examples
--------
>>> import numpy as np
>>> L, R, lo, hi = council_pivots(np.array([[0., 20., 60., 100.]]), np.array([[1., 1., 1., 1.]]),
...                               np.array([0.7]))
>>> float(L[0]), float(R[0]), float(lo[0]), float(hi[0])
(20.0, 60.0, 0.0, 100.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pandas as pd
from scipy.optimize import linprog, minimize

from .._rng import RNGLike, as_generator
from . import calibrated as cal
from .capabilities import COUNCIL_VOTES
from .deu import ACTORS, DEUData
from .models import issue_arrays

__all__ = ["AMSTERDAM_VOTES", "Candidate", "CANDIDATES", "council_votes", "qmv_threshold", "council_pivots",
           "issue_frame", "structural_forecasts", "grouped_cv", "cv_table"]

#: Council votes under the Treaty of Amsterdam (EU-15; 62 of 87 for QMV).
AMSTERDAM_VOTES: dict[str, float] = {"de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5,
                                     "pt": 5, "at": 4, "se": 4, "dk": 3, "fi": 3, "ie": 3, "lu": 2}
_COUNCIL = np.array([a not in ("com", "ep") for a in ACTORS])
_LATER = _COUNCIL & np.array([a not in AMSTERDAM_VOTES for a in ACTORS])

Frame = dict[str, np.ndarray]
FitPredict = Callable[[Frame, np.ndarray, np.ndarray], np.ndarray]


def council_votes(has_data: np.ndarray) -> np.ndarray:
    """Council votes per issue and actor, ``(n, 30)``; 0 for the Commission, EP and absent members."""
    nice = (has_data & _LATER[None]).any(axis=1)
    ams = np.array([AMSTERDAM_VOTES.get(a, 0.0) for a in ACTORS])
    nic = np.array([COUNCIL_VOTES[a] if _COUNCIL[k] else 0.0 for k, a in enumerate(ACTORS)])
    return np.where(has_data, np.where(nice[:, None], nic[None], ams[None]), 0.0)


def qmv_threshold(has_data: np.ndarray, qmv: np.ndarray) -> np.ndarray:
    """Share of the votes a decision needs: the treaty's QMV quota by Council size, 1 for unanimity."""
    h = lambda a: has_data[:, ACTORS.index(a)]  # noqa: E731
    later = (has_data & _LATER[None]).any(axis=1)
    th = np.where(~later, 62 / 87, np.where(h("cr"), 260 / 352, np.where(h("ro") | h("bu"), 255 / 345, 232 / 321)))
    return np.where(qmv, th, 1.0)


def _wquantile(x: np.ndarray, w: np.ndarray, q: np.ndarray) -> np.ndarray:
    # smallest x (per row) whose cumulative weight reaches q of the row's total
    order = np.argsort(x, axis=1, kind="stable")
    xs = np.take_along_axis(x, order, 1)
    cum = np.cumsum(np.take_along_axis(w, order, 1), 1)
    idx = np.argmax(cum >= np.reshape(q, (-1, 1)) * cum[:, -1:] - 1e-9, axis=1)
    return xs[np.arange(len(x)), idx]


def council_pivots(x: np.ndarray, votes: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(L, R, lo, hi)``: the pivots of quota ``q`` and the extreme members (rows = issues).

    ``R`` is the smallest position such that members at or left of it hold
    ``q`` of the votes, ``L`` the mirror image; ``[L, R]`` is the core.
    """
    present = votes > 0
    big = 1e9
    R = _wquantile(np.where(present, x, big), votes, q)
    L = -_wquantile(np.where(present, -x, big), votes, q)
    lo = np.where(present, x, np.inf).min(axis=1)
    hi = np.where(present, x, -np.inf).max(axis=1)
    return L, R, lo, hi


def _clamp(v: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.minimum(np.maximum(v, np.minimum(a, b)), np.maximum(a, b))


def _winset(rp: np.ndarray, L: np.ndarray, R: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # points the pivotal coalition prefers to rp (rp itself if rp lies in the core)
    lo = np.where(rp < L, rp, np.where(rp > R, 2 * R - rp, rp))
    hi = np.where(rp < L, 2 * L - rp, np.where(rp > R, rp, rp))
    has = np.isfinite(rp)
    return np.clip(np.where(has, lo, 0.0), 0, 100), np.clip(np.where(has, hi, 100.0), 0, 100)


def issue_frame(data: DEUData) -> Frame:
    """Per scoreable issue of ``data``: arrays the candidates use (``y`` = outcome)."""
    sc = data.scoreable
    iss = data.issues.loc[sc].reset_index(drop=True)
    x, s, c = (a[sc] for a in issue_arrays(data, "equal"))
    h = data.has_data[sc]
    qmv = (iss["vote"] == "QMV").to_numpy()
    mean, med, share = cal.features(x, s, c)
    return {"x": x, "s": s, "h": h, "votes": council_votes(h), "q": qmv_threshold(h, qmv), "qmv": qmv,
            "cod": (iss["proc"] == "COD").to_numpy(), "rp": iss["rp"].to_numpy(dtype=float),
            "gdp": np.where(h, data.gdp[None], 0.0), "mean": mean, "med": med, "share": share,
            "y": iss["out"].to_numpy(dtype=float), "groups": iss["proposal"].to_numpy()}


def _wmean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return (w * x).sum(axis=1) / w.sum(axis=1)


def structural_forecasts(F: Frame) -> dict[str, np.ndarray]:
    """The fixed (parameter-free) forecasts, one array per name."""
    x, h, comp = F["x"], F["h"], F["mean"]
    L, R, lo, hi = council_pivots(x, F["votes"], F["q"])
    com = np.where(h[:, 0], x[:, 0], comp)
    ep = np.where(h[:, 1], x[:, 1], comp)
    wl, wh = _winset(F["rp"], L, R)
    proc = np.where(F["cod"], 0.5 * (_clamp(ep, L, R) + ep), _clamp(com, L, R))
    nic = np.array([COUNCIL_VOTES.get(a, 29.0) for a in ACTORS])
    return {"comp": comp, "votes": _wmean(x, F["s"] * np.where(h, nic[None], 0.0)),
            "gdp": _wmean(x, F["s"] * F["gdp"]), "procedural": _clamp(proc, wl, wh), "core_mid": 0.5 * (L + R),
            "comp_clamp_core": _clamp(comp, L, R), "ep": ep,
            "rp": np.where(np.isfinite(F["rp"]), F["rp"], comp)}


def _bloc(F: Frame) -> tuple[np.ndarray, np.ndarray]:
    # position held by the largest share of Council votes, and that share
    x, v = F["x"], F["votes"]
    pos = np.full(len(x), np.nan)
    best = np.zeros(len(x))
    for p in np.unique(x[v > 0]):
        sh = (v * (x == p)).sum(axis=1) / v.sum(axis=1)
        take = sh > best
        pos[take], best[take] = p, sh[take]
    return pos, best


def _lad_convex(Z: np.ndarray, y: np.ndarray) -> np.ndarray:
    # min sum |Z w - y| over convex weights w (an LP)
    n, k = Z.shape
    a_eq = np.vstack([np.hstack([Z, np.eye(n), -np.eye(n)]), np.r_[np.ones(k), np.zeros(2 * n)][None]])
    res = linprog(np.r_[np.zeros(k), np.ones(2 * n)], A_eq=a_eq, b_eq=np.r_[y, 1.0],
                  bounds=[(0, None)] * (k + 2 * n), method="highs")
    return res.x[:k]


def _fixed(fn: Callable[[Frame], np.ndarray]) -> FitPredict:
    return lambda F, tr, te: fn(F)[te]


def _blend(parts: Callable[[Frame], list[np.ndarray]], by: str | None = None) -> FitPredict:
    def fp(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        Z = np.column_stack(parts(F))
        reg = np.zeros(len(F["y"]), bool) if by is None else F[by]
        out = np.empty(len(te))
        for r in (False, True):
            a, b = tr[reg[tr] == r], reg[te] == r
            if b.any():
                out[b] = Z[te[b]] @ _lad_convex(Z[a], F["y"][a])
        return out
    return fp


def _institutional(alpha: float | None) -> FitPredict:
    def weights(F: Frame, idx: np.ndarray, a: float, kc: float, ke_cod: float, ke_cns: float) -> np.ndarray:
        v = F["votes"][idx]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            cw = np.where(v > 0, np.power(np.maximum(v, 1e-12), a), 0.0)
            w = cw / cw.sum(axis=1, keepdims=True)
        w[:, 0] = kc * F["h"][idx, 0]
        w[:, 1] = np.where(F["cod"][idx], ke_cod, ke_cns) * F["h"][idx, 1]
        return w * F["s"][idx]

    def pred(F: Frame, idx: np.ndarray, p: tuple[float, ...]) -> np.ndarray:
        return _wmean(F["x"][idx], weights(F, idx, *p))

    def fp(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        def unpack(z: np.ndarray) -> tuple[float, ...]:
            return (alpha if alpha is not None else z[0], *np.exp(z[1:]))
        def obj(z: np.ndarray) -> float:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                m = np.abs(pred(F, tr, unpack(z)) - F["y"][tr]).mean()
            return float(m) if np.isfinite(m) else 1e9
        best: Any = None  # an OptimizeResult after the first (always run) start
        for a0 in ((0.0, 1.0, 2.0) if alpha is None else (alpha,)):
            for kc0 in (0.05, 0.3, 1.0):
                r = minimize(obj, np.r_[a0, np.log([kc0, 0.2, 0.05])], method="Nelder-Mead",
                             options={"maxiter": 2000, "xatol": 1e-4, "fatol": 1e-6})
                best = r if best is None or r.fun < best.fun else best
        return pred(F, te, unpack(best.x))
    return fp


def _calibrated(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
    p = cal.fit(F["mean"][tr], F["med"][tr], F["share"][tr], F["y"][tr])
    return cal.predict(F["mean"][te], F["med"][te], F["share"][te], p)


def _dominant_only(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
    errs = [np.abs(np.where(F["share"][tr] >= t - 1e-12, F["med"][tr], F["mean"][tr]) - F["y"][tr]).mean()
            for t in cal.TAU_GRID]
    t = cal.TAU_GRID[int(np.argmin(errs))]
    return np.where(F["share"][te] >= t - 1e-12, F["med"][te], F["mean"][te])


def _map_only(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
    v = cal._lad_monotone(F["mean"][tr], F["y"][tr], cal.KNOTS)
    return cal._hat_basis(F["mean"][te], cal.KNOTS) @ v


def _on_calibrated(extra: str, by: str | None = None, rp_only: bool = False) -> FitPredict:
    # LAD convex blend of calibrated_compromise (fitted in the fold) with one structural forecast
    def fp(F: Frame, tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        st = structural_forecasts(F)[extra]
        base = np.empty(len(F["y"]))
        base[tr] = _calibrated(F, tr, tr)
        base[te] = _calibrated(F, tr, te)
        use = np.isfinite(F["rp"]) if rp_only else np.ones(len(base), bool)
        reg = np.zeros(len(base), bool) if by is None else F[by]
        out = base[te].copy()
        for r in (False, True):
            a = tr[(reg[tr] == r) & use[tr]]
            b = (reg[te] == r) & use[te]
            if b.any() and a.size:
                out[b] = np.c_[base[te][b], st[te][b]] @ _lad_convex(np.c_[base[a], st[a]], F["y"][a])
        return out
    return fp


def _bloc_rule(with_ep: bool) -> FitPredict:
    def fn(F: Frame) -> np.ndarray:
        pos, sh = _bloc(F)
        ok = sh >= F["q"] - 1e-12
        if with_ep:
            ok &= ~F["cod"] | ~F["h"][:, 1] | (F["x"][:, 1] == pos)
        return np.where(ok, pos, F["mean"])
    return _fixed(fn)


@dataclass(frozen=True)
class Candidate:
    """A candidate: name, number of fitted parameters, what it is, and its fit-and-predict."""

    name: str
    n_params: int
    what: str
    fit_predict: FitPredict


def _st(name: str) -> Callable[[Frame], np.ndarray]:
    return lambda F: structural_forecasts(F)[name]


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("compromise_equal", 0, "salience-weighted mean", _fixed(_st("comp"))),
    Candidate("compromise_votes", 0, "compromise, Nice votes (Commission, EP = 29)", _fixed(_st("votes"))),
    Candidate("compromise_gdp", 0, "compromise, GDP line", _fixed(_st("gdp"))),
    Candidate("procedural", 0, "agenda setter (CNS) / EP-pivot midpoint (COD) within the rp win-set",
              _fixed(_st("procedural"))),
    Candidate("core_mid", 0, "midpoint of the Council's voting-rule core (votes by period)", _fixed(_st("core_mid"))),
    Candidate("comp_clamp_core", 0, "compromise clamped to the Council's voting-rule core",
              _fixed(_st("comp_clamp_core"))),
    Candidate("council_bloc", 0, "position of a qualified-majority Council bloc, else compromise", _bloc_rule(False)),
    Candidate("council_ep_bloc", 0, "same, and the EP at it under codecision", _bloc_rule(True)),
    Candidate("institutional", 4, "Council total 1 (votes^alpha), Commission k, EP k by procedure",
              _institutional(None)),
    Candidate("institutional_equal", 3, "same with alpha = 0 (members equal within the Council)",
              _institutional(0.0)),
    Candidate("blend_procedural", 1, "LAD convex blend compromise + procedural",
              _blend(lambda F: [F["mean"], _st("procedural")(F)])),
    Candidate("blend_core_by_rule", 2, "LAD blend compromise + core_mid, per voting rule",
              _blend(lambda F: [F["mean"], _st("core_mid")(F)], by="qmv")),
    Candidate("blend_rp_by_rule", 2, "LAD blend compromise + rp, per voting rule (rp pull)",
              _blend(lambda F: [F["mean"], _st("rp")(F)], by="qmv")),
    Candidate("blend_rp_by_procedure", 2, "LAD blend compromise + rp, per procedure",
              _blend(lambda F: [F["mean"], _st("rp")(F)], by="cod")),
    Candidate("dominant_only", 1, "dominant-position rule (tau) on the compromise", _dominant_only),
    Candidate("calibration_only", 5, "monotone calibration map of the compromise", _map_only),
    Candidate("calibrated_compromise", 7, "dominant rule + calibration map (shipped)", _calibrated),
    Candidate("calibrated+rp_by_rule", 9, "calibrated, then LAD blend with rp per voting rule",
              _on_calibrated("rp", by="qmv", rp_only=True)),
    Candidate("calibrated+core_mid", 8, "calibrated, LAD blend with core_mid", _on_calibrated("core_mid")),
    Candidate("calibrated+procedural", 8, "calibrated, LAD blend with procedural", _on_calibrated("procedural")),
    Candidate("calibrated+ep", 8, "calibrated, LAD blend with the EP position", _on_calibrated("ep")),
)


def grouped_cv(fit_predict: FitPredict, F: Frame, *, folds: int = 5, repeats: int = 3,
               rng: RNGLike = 0) -> float:
    """Mean over repeats of the k-fold MAE, folds made of whole proposals.

    The fold draws match :func:`realpolitik.backtest.calibrated.cross_validate`.
    """
    y, g = F["y"], F["groups"]
    gen = as_generator(rng)
    maes = []
    for _ in range(repeats):
        pred = np.empty_like(y)
        for fold in np.array_split(gen.permutation(np.unique(g)), folds):
            te = np.isin(g, fold)
            pred[te] = fit_predict(F, np.flatnonzero(~te), np.flatnonzero(te))
        maes.append(np.abs(pred - y).mean())
    return float(np.mean(maes))


def cv_table(data: DEUData, names: list[str] | None = None, **cv_options) -> pd.DataFrame:
    """Dev-split proposal-grouped CV MAE of each candidate (test rows are dropped first)."""
    F = issue_frame(data.subset(data.split_mask("dev")))
    rows = [{"candidate": c.name, "params": c.n_params, "dev_cv_mae": grouped_cv(c.fit_predict, F, **cv_options),
             "what": c.what} for c in CANDIDATES if names is None or c.name in names]
    return pd.DataFrame(rows)


if __name__ == "__main__":  # python -m realpolitik.backtest.candidates [DATA]
    import sys

    from .deu import read_deu3

    tab = cv_table(read_deu3(sys.argv[1] if len(sys.argv) > 1 else None))
    print(tab.to_string(index=False, float_format=lambda v: f"{v:.2f}"))

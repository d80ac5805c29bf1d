"""Logit quantal response equilibrium (QRE) for n-player games: the principal branch.

Convention: raw payoffs, ``σ_ij ∝ exp(λ u_ij(σ))``. The branch starts at the
centroid (λ = 0) and is traced in (log σ, λ) by arclength continuation: an
Euler predictor along the tangent (null vector of the Jacobian) and a Newton
corrector, with adaptive steps, so turning points in λ are passed. QREs at
requested λ values are obtained by a corrector at fixed λ where the branch
crosses them. The limit is *polished*: on the strategies the QRE still plays,
the indifference equations are solved by Newton, and the point is reported as a
Nash equilibrium only if its regret passes the same check as every other
solver. A branch end that is not an ε-equilibrium is returned as a QRE point
with its regret, never as Nash.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .normal_form import NormalFormGame
from .pure import build_result
from .result import EquilibriumResult, QREPoint
from .verify import FLOAT_TOL, make_equilibrium, regret, strategy_values

__all__ = ["logit_qre"]


class _System:
    def __init__(self, game: NormalFormGame) -> None:
        self.game = game
        self.pay = game.payoffs / game.payoff_scale  # λ is reported in raw-payoff units below
        self.scale = game.payoff_scale
        self.sizes = list(game.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.N = int(self.offsets[-1])

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offsets[i]:self.offsets[i + 1]] for i in range(len(self.sizes))]

    def values(self, sig: list[np.ndarray]) -> list[np.ndarray]:
        return [strategy_values(self.pay, sig, i) for i in range(len(sig))]

    def pair(self, sig: list[np.ndarray], i: int, k: int) -> np.ndarray:
        """C[j, l]: player i's payoff for (s_i = j, s_k = l), others mixed."""
        arr = self.pay[i]
        for j in reversed(range(arr.ndim)):
            if j in (i, k):
                continue
            arr = np.tensordot(arr, sig[j], axes=([j], [0]))
        return arr if i < k else arr.T

    def H(self, z: np.ndarray) -> np.ndarray:
        v, lam = z[:-1], z[-1]
        sig = [np.exp(p) for p in self.split(v)]
        U = self.values(sig)
        out = []
        for i, (vi, ui) in enumerate(zip(self.split(v), U)):
            out.append(vi[1:] - vi[0] - lam * (ui[1:] - ui[0]))
            out.append([np.exp(vi).sum() - 1.0])
        return np.concatenate(out)

    def J(self, z: np.ndarray) -> np.ndarray:
        v, lam = z[:-1], z[-1]
        sig = [np.exp(p) for p in self.split(v)]
        U = self.values(sig)
        N = self.N
        Jm = np.zeros((N, N + 1))
        row = 0
        n = len(self.sizes)
        for i in range(n):
            ki = self.sizes[i]
            oi = self.offsets[i]
            # d/dv_i of own terms
            for j in range(1, ki):
                Jm[row + j - 1, oi + j] += 1.0
                Jm[row + j - 1, oi] -= 1.0
                Jm[row + j - 1, N] = -(U[i][j] - U[i][0])
            for k in range(n):
                if k == i:
                    continue
                C = self.pair(sig, i, k)  # (ki, kk)
                D = (C[1:, :] - C[0:1, :]) * sig[k][None, :]
                Jm[row:row + ki - 1, self.offsets[k]:self.offsets[k + 1]] -= lam * D
            Jm[row + ki - 1, oi:oi + ki] = sig[i]
            row += ki
        return Jm

    def correct(self, z: np.ndarray, fixed_lam: bool = False, iters: int = 12) -> tuple[np.ndarray, bool]:
        for _ in range(iters):
            h = self.H(z)
            if np.max(np.abs(h)) < 1e-11:
                return z, True
            Jm = self.J(z)
            if fixed_lam:
                step = np.linalg.lstsq(Jm[:, :-1], -h, rcond=None)[0]
                z = z.copy()
                z[:-1] += step
            else:
                z = z + np.linalg.lstsq(Jm, -h, rcond=None)[0]
            if not np.all(np.isfinite(z)):
                return z, False
        return z, bool(np.max(np.abs(self.H(z))) < 1e-9)

    def tangent(self, z: np.ndarray, prev: np.ndarray | None) -> np.ndarray:
        Jm = self.J(z)
        q, _ = np.linalg.qr(Jm.T, mode="complete")
        t = q[:, -1]
        if prev is None:
            if t[-1] < 0:
                t = -t
        elif t @ prev < 0:
            t = -t
        return t


def _polish(game: NormalFormGame, sig: list[np.ndarray], tol: float) -> list[np.ndarray] | None:
    """Newton on the indifference equations over the strategies still played (relative prob > 1e-7)."""
    pay = game.payoffs / game.payoff_scale
    supports = [np.flatnonzero(s >= 1e-7 * s.max()) for s in sig]
    sizes = [len(s) for s in supports]
    x = np.concatenate([s[sup] for s, sup in zip(sig, supports)])
    offs = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

    def full(xv: np.ndarray) -> list[np.ndarray]:
        out = []
        for i, sup in enumerate(supports):
            f = np.zeros(game.shape[i])
            f[sup] = xv[offs[i]:offs[i + 1]]
            out.append(f)
        return out

    def F(xv: np.ndarray) -> np.ndarray:
        prof = full(xv)
        res = []
        for i, sup in enumerate(supports):
            u = strategy_values(pay, prof, i)[sup]
            res.extend(u[1:] - u[0])
            res.append(xv[offs[i]:offs[i + 1]].sum() - 1.0)
        return np.array(res)

    for _ in range(30):
        f = F(x)
        if np.max(np.abs(f), initial=0) < 1e-14:
            break
        Jm = np.empty((len(f), len(x)))
        h = 1e-7
        for c in range(len(x)):
            xp = x.copy()
            xp[c] += h
            Jm[:, c] = (F(xp) - f) / h
        x = x - np.linalg.lstsq(Jm, f, rcond=None)[0]
    prof = full(x)
    if any(p.min() < -1e-12 for p in prof):
        return None
    return [np.clip(p, 0, None) / np.clip(p, 0, None).sum() for p in prof]


def logit_qre(game: NormalFormGame, *, lambdas: Sequence[float] = (), lambda_max: float = 1e7,
              tol: float = FLOAT_TOL, max_steps: int = 20_000) -> EquilibriumResult:
    """Trace the principal logit-QRE branch; report QREs at ``lambdas``, the path, and the verified limit.

    ``result.qre`` holds the traced path (λ, profile, regret), ``result.extras["at"]``
    the QREs at the requested λ values, and ``result.equilibria`` the limit only if
    it was verified as a Nash equilibrium.

    Examples
    --------
    >>> g = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> res = logit_qre(g, lambdas=[1.0])
    >>> [round(p, 6) for p in res.equilibria[0].profile[0]]
    [0.5, 0.5]
    """
    sysm = _System(game)
    s = sysm.scale
    v0 = np.concatenate([np.full(k, -np.log(k)) for k in game.shape])
    z = np.concatenate([v0, [0.0]])
    targets = sorted(float(t) for t in lambdas)
    at: list[QREPoint] = []
    path: list[QREPoint] = []

    def point(zz: np.ndarray) -> QREPoint:
        sig = [np.exp(p) for p in sysm.split(zz[:-1])]
        sig = [q / q.sum() for q in sig]
        r, _ = regret(game, sig)
        return QREPoint(lam=float(zz[-1]) / s, profile=tuple(tuple(map(float, q)) for q in sig), regret=float(r))

    path.append(point(z))
    t_prev = None
    h = 0.1
    steps = 0
    eq = None
    warnings: list[str] = []
    ti = 0
    while ti < len(targets) and targets[ti] <= 0:
        at.append(point(z))
        ti += 1
    while steps < max_steps:
        steps += 1
        t = sysm.tangent(z, t_prev)
        zp = z + h * t
        zn, ok = sysm.correct(zp)
        if not ok or np.linalg.norm(zn - zp) > 0.5 * h + 1e-3 or zn[-1] < 0:
            h *= 0.5
            if h < 1e-12:
                warnings.append(f"step size underflow at λ = {z[-1] / s:.6g}")
                break
            continue
        # requested λ values crossed on this step
        while ti < len(targets) and z[-1] / s < targets[ti] <= zn[-1] / s:
            w = (targets[ti] * s - z[-1]) / (zn[-1] - z[-1])
            zt = z + w * (zn - z)
            zt[-1] = targets[ti] * s
            zt, okt = sysm.correct(zt, fixed_lam=True)
            if okt:
                at.append(point(zt))
            ti += 1
        t_prev = t
        z = zn
        pt = point(z)
        path.append(pt)
        h = min(h * 1.6, 1e3 + abs(z[-1]))
        if ti >= len(targets) and pt.regret < 1e-4 * s:
            # stop early only when the branch has visibly converged onto the polished equilibrium
            sig = [np.asarray(p) for p in pt.profile]
            pol = _polish(game, sig, tol)
            if pol is not None and max(np.abs(a - b).max() for a, b in zip(pol, sig)) < 1e-3:
                eq = make_equilibrium(game, pol, False, tol=tol)
                if eq is not None:
                    break
        if z[-1] / s >= lambda_max:
            break
    end = path[-1]
    opts = {"lambdas": targets, "lambda_max": lambda_max, "tol": tol, "max_steps": max_steps}
    extras = {"at": tuple(at), "lambda_reached": end.lam, "end_regret": end.regret}
    if eq is None:
        sig = [np.asarray(p) for p in end.profile]
        pol = _polish(game, sig, tol)
        eq = make_equilibrium(game, pol, False, tol=tol) if pol is not None else None
    if eq is None:
        msg = (f"branch traced to λ = {end.lam:.6g}; the last QRE has max regret {end.regret:.3g} and is not an "
               f"ε-equilibrium for ε = {tol:g}: no Nash equilibrium is returned")
        return build_result("qre", game, [], False, opts, converged=False, iterations=steps,
                            warnings=tuple(warnings), message=msg, qre=tuple(path), extras=extras)
    msg = (f"branch traced to λ = {end.lam:.6g} (QRE regret {end.regret:.3g}); its limit, polished on the "
           f"strategies still played, is a Nash equilibrium with regret {eq.regret:.3g}")
    return build_result("qre", game, [eq], False, opts, iterations=steps, warnings=tuple(warnings), message=msg,
                        qre=tuple(path), extras=extras)

"""Compiled (numba) trajectory kernel of the EU model (private).

The same rules as the NumPy kernel in :mod:`._kernel` (which stays the
readable statement of the rules and computes the first round's matrices for
:class:`~realpolitik.bargaining.ForecastResult`), written as loops so that
one copy of a 10-actor issue costs microseconds: the benchmark
(``benchmarks/bench_bargaining.py``) shows NumPy's per-call overhead makes a
single run several milliseconds and a 100,000-copy batch about 25 s, both
outside the targets. Tests check that both kernels and the pure-Python
reference give the same trajectories.

Inputs are trusted (the public wrappers in :mod:`.eu` validate them);
options arrive as small integer codes (see :func:`codes`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .options import EUOptions

_PROB = {"paper": 0, "net": 1, "scholz_code": 2}
_CHOICE = {"type_then_least": 0, "least": 1, "max_eu": 2, "scholz_code": 3}
_STOP = {"rounds": 0, "fixed_point": 1, "cycle": 2}


def codes(opts: EUOptions) -> tuple:
    t = -1.0 if opts.t == "per_dyad" else float(opts.t)
    return (_PROB[opts.probability], 1 if opts.mu == "median_then_mean" else 0,
            1 if opts.perspective == "receiver" else 0, _CHOICE[opts.offer_choice],
            _STOP[opts.stop], float(opts.q), t, 1 if opts.median_side == "upper" else 0,
            float(opts.tie_tol))


@njit(cache=True)
def _wmedian(u, w, upper):
    return u[_wmedian_idx(u, w, upper)]


@njit(cache=True)
def _wmedian_idx(u, w, upper):
    n = u.shape[0]
    order = np.argsort(u, kind="mergesort")
    total = 0.0
    for k in range(n):
        total += w[k]
    half = 0.5 * total
    tol = 1e-12 * total
    cum = 0.0
    if upper == 0:
        for idx in range(n):
            i = order[idx]
            cum += w[i]
            if cum >= half - tol:
                return i
        return order[n - 1]
    for idx in range(n - 1, -1, -1):
        i = order[idx]
        cum += w[i]
        if cum >= half - tol:
            return i
    return order[0]


@njit(cache=True)
def _prob_paper(d, w, P, net):
    n = d.shape[0]
    for i in range(n):
        P[i, i] = 0.0
        for j in range(i + 1, n):
            supp = 0.0
            total = 0.0
            for k in range(n):
                delta = d[j, k] - d[i, k]
                if delta > 0.0:
                    supp += w[k] * delta
                    total += w[k] * delta
                else:
                    total -= w[k] * delta
            if total > 0.0:
                pij = supp / total
                pji = max((total - supp) / total, 0.0)
            else:
                pij = 0.5
                pji = 0.5
            if net:
                pij = max(0.0, 2.0 * pij - 1.0)
                pji = max(0.0, 2.0 * pji - 1.0)
            if d[i, j] > 0.0:
                P[i, j] = pij
                P[j, i] = pji
            else:
                P[i, j] = 0.0
                P[j, i] = 0.0


@njit(cache=True)
def _prob_scholz(d, w, r, use_r, P, rho):
    n = d.shape[0]
    for k in range(n):
        for a in range(n):
            rho[k, a] = d[k, a] ** r[k] if use_r else d[k, a]
    total = 0.0
    for k in range(n):
        acc = 0.0
        for a in range(n):
            for b in range(n):
                acc += abs(rho[k, b] - rho[k, a])
        total += w[k] * acc
    for i in range(n):
        for j in range(n):
            if d[i, j] > 0.0 and total > 0.0:
                num = 0.0
                for k in range(n):
                    v = rho[k, j] - rho[k, i]
                    if v > 0.0:
                        num += w[k] * v
                P[i, j] = num / total
            else:
                P[i, j] = 0.0


@njit(cache=True)
def _eu(d, m, s, P, i, j, ri, first, q, t, tol, L1, L2):
    dij = d[i, j]
    if first:
        us = 2.0 * dij
        uf = -2.0 * dij
        usq = 0.0
    else:
        # base**r as exp(r * log(base)) with the logs computed once per round
        # (the powers dominate the cost); log(0) = -inf gives exp(-inf) = 0.
        us = 2.0 - 4.0 * np.exp(ri * L1[i, j])
        uf = 2.0 - 4.0 * np.exp(ri * L2[i, j])
        usq = 2.0 - 4.0 * 0.5 ** ri
    sj = s[j]
    p = P[i, j]
    e = us * (1.0 - sj + sj * p) + uf * (sj * (1.0 - p))
    if q != 0.0:
        e -= q * usq
    if q != 1.0:
        md = m[i] + dij
        if first:
            ub = md
            uw = -md
        else:
            ub = 2.0 - 4.0 * max(0.5 - 0.25 * md, 0.0) ** ri
            uw = 2.0 - 4.0 * min(0.5 + 0.25 * md, 1.0) ** ri
        if t < 0.0:
            tt = 1.0 if m[i] < dij - tol else 0.0
        else:
            tt = t
        e -= (1.0 - q) * (tt * ub + (1.0 - tt) * uw)
    return e


@njit(cache=True)
def _round(u, s, w, prob, mu_rule, persp, choice, q, t, upper, tol,
           new, r, P, E1, rho, d, m, part, kinds, avals, bvals, L1, L2):
    n = u.shape[0]
    for i in range(n):
        for j in range(n):
            d[i, j] = abs(u[i] - u[j])
            b1 = max(0.5 - 0.5 * d[i, j], 0.0)
            L1[i, j] = np.log(b1) if b1 > 0.0 else -np.inf
            L2[i, j] = np.log(min(0.5 + 0.5 * d[i, j], 1.0))
    mu = _wmedian(u, w, upper)
    for i in range(n):
        m[i] = abs(u[i] - mu)
        r[i] = 1.0
    if prob == 2:
        _prob_scholz(d, w, r, False, P, rho)
    else:
        _prob_paper(d, w, P, prob == 1)
    smax = -np.inf
    smin = np.inf
    sec = np.zeros(n)
    for i in range(n):
        acc = 0.0
        for j in range(n):
            if j != i:
                acc += _eu(d, m, s, P, j, i, 1.0, True, q, t, tol, L1, L2)
        sec[i] = acc
        smax = max(smax, acc)
        smin = min(smin, acc)
    span = smax - smin
    for i in range(n):
        if span <= tol:
            R = 0.0
        else:
            R = min(1.0, max(-1.0, (2.0 * sec[i] - smax - smin) / span))
        r[i] = (1.0 - R / 3.0) / (1.0 + R / 3.0)
    if mu_rule == 1:
        num = 0.0
        den = 0.0
        for i in range(n):
            num += w[i] * u[i]
            den += w[i]
        mu2 = num / den
        for i in range(n):
            m[i] = abs(u[i] - mu2)
    if prob == 2:
        _prob_scholz(d, w, r, True, P, rho)
    for i in range(n):
        for j in range(n):
            E1[i, j] = _eu(d, m, s, P, i, j, r[i], False, q, t, tol, L1, L2) if i != j else 0.0
    for k in range(n):
        new[k] = u[k]
        part[k] = -1
        best_kind = 3
        best_key = 0.0
        best_a = 0.0
        best_move = 0.0
        best_target = 0.0
        for o in range(n):
            if o == k or d[k, o] <= tol:
                continue
            b = E1[k, o]
            if persp == 0:
                a = E1[o, k]
            else:
                a = _eu(d, m, s, P, o, k, r[k], False, q, t, tol, L1, L2)
            if a <= tol:
                continue
            if b > tol and a > b + tol:
                kind = 0
                frac = 1.0
            elif b < -tol:
                if -b >= a - tol:
                    kind = 2
                    frac = 1.0
                else:
                    kind = 1
                    frac = -b / a
            else:
                continue
            if frac >= 1.0:
                target = u[o]
            else:
                target = u[k] + frac * (u[o] - u[k])
            move = abs(target - u[k])
            if choice == 3 and kind == 1:
                key = (abs(b) * u[k] + a * u[o]) / (abs(b) + a)
            else:
                key = move
            # Lexicographic comparison with tolerances, in the order of the
            # chosen rule; equal keys fall through to the next criterion and
            # finally to the lower target (as the NumPy kernel's masks do).
            better = False
            if part[k] < 0:
                better = True
            else:
                if choice == 0 or choice == 3:
                    c1 = kind - best_kind
                    if c1 != 0:
                        better = c1 < 0
                    elif key < best_key - tol:
                        better = True
                    elif key > best_key + tol:
                        better = False
                    elif a > best_a + tol:
                        better = True
                    elif a < best_a - tol:
                        better = False
                    else:
                        better = target < best_target - tol
                elif choice == 1:
                    if move < best_move - tol:
                        better = True
                    elif move > best_move + tol:
                        better = False
                    elif kind != best_kind:
                        better = kind < best_kind
                    elif a > best_a + tol:
                        better = True
                    elif a < best_a - tol:
                        better = False
                    else:
                        better = target < best_target - tol
                else:
                    if a > best_a + tol:
                        better = True
                    elif a < best_a - tol:
                        better = False
                    elif move < best_move - tol:
                        better = True
                    elif move > best_move + tol:
                        better = False
                    else:
                        better = target < best_target - tol
            if better:
                part[k] = o
                best_kind = kind
                best_key = key
                best_a = a
                best_move = move
                best_target = target
                kinds[k] = kind
                avals[k] = a
                bvals[k] = b
        if part[k] >= 0:
            new[k] = best_target


@njit(cache=True)
def simulate_nb(u0, s, w, R, prob, mu_rule, persp, choice, stop, q, t, upper, tol, record,
                traj, stop_round, code, period, r1, rec_part, rec_kind, rec_a, rec_b, med, mean):
    B, n = u0.shape
    L1 = np.empty((n, n))
    L2 = np.empty((n, n))
    new = np.empty(n)
    r = np.empty(n)
    P = np.empty((n, n))
    E1 = np.empty((n, n))
    rho = np.empty((n, n))
    d = np.empty((n, n))
    m = np.empty(n)
    part = np.empty(n, dtype=np.int64)
    kinds = np.empty(n, dtype=np.int64)
    avals = np.empty(n)
    bvals = np.empty(n)
    for bb in range(B):
        for k in range(n):
            traj[bb, 0, k] = u0[bb, k]
        stop_round[bb] = R
        code[bb] = 0
        period[bb] = 0
        done = False
        for tt in range(R):
            if done:
                for k in range(n):
                    traj[bb, tt + 1, k] = traj[bb, tt, k]
                continue
            _round(traj[bb, tt], s[bb], w[bb], prob, mu_rule, persp, choice, q, t, upper, tol,
                   new, r, P, E1, rho, d, m, part, kinds, avals, bvals, L1, L2)
            if tt == 0:
                for k in range(n):
                    r1[bb, k] = r[k]
            for k in range(n):
                traj[bb, tt + 1, k] = new[k]
                if record:
                    rec_part[bb, tt, k] = part[k]
                    rec_kind[bb, tt, k] = kinds[k] if part[k] >= 0 else -1
                    rec_a[bb, tt, k] = avals[k]
                    rec_b[bb, tt, k] = bvals[k]
            if stop == 0:
                continue
            first = tt if stop == 1 else 0
            for h in range(tt, first - 1, -1):
                same = True
                for k in range(n):
                    if abs(traj[bb, h, k] - new[k]) > tol:
                        same = False
                        break
                if same:
                    done = True
                    stop_round[bb] = tt + 1
                    period[bb] = tt + 1 - h
                    code[bb] = stop
                    break
        # per-round c*s weighted median and mean (unit scale)
        wsum = 0.0
        for k in range(n):
            wsum += w[bb, k]
        for tt in range(R + 1):
            med[bb, tt] = _wmedian_idx(traj[bb, tt], w[bb], upper)
            acc = 0.0
            for k in range(n):
                acc += w[bb, k] * traj[bb, tt, k]
            mean[bb, tt] = acc / wsum

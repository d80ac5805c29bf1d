"""Compiled (numba) trajectory kernel of the EU model (private).

The same rules as the NumPy kernel in :mod:`._kernel` (which stays the
readable statement of the rules), written as loops so that one copy of a
10-actor issue costs microseconds: the benchmark
(``benchmarks/bench_bargaining.py``) shows NumPy's per-call overhead makes a
single run several milliseconds and a 100,000-copy batch about 25 s, both
outside the targets. Tests check that both kernels and the pure-Python
reference give the same trajectories, and that the first round's matrices
this kernel records (for :class:`~realpolitik.bargaining.ForecastResult`)
equal the NumPy kernel's.

Where the time went (10 actors): the powers ``base**r`` of the second pass,
the O(n^3) probability sums, and reference counting when per-dyad helpers
took arrays. Hence: per-dyad helpers take scalars; one log per unordered
dyad and round, one exp per ordered dyad (the receiver's two EUs of a dyad
share them); nothing for co-located dyads (they never move anyone);
branch-free probability sums, the scholz-code denominator from the
numerators (sum |v| = sum max(v, 0) + max(-v, 0)); no allocation inside the
per-copy loop. No fastmath: the paper/net trajectories are bit-identical to
the loop-per-term version, scholz-code differs only in that denominator's
summation order.

Inputs are trusted (the public wrappers in :mod:`.eu` validate them);
options arrive as small integer codes (see :func:`codes`).
"""

from __future__ import annotations

from typing import Any

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




# error_model="numpy": no zero-division checks; every division below is guarded.
_JIT: dict[str, Any] = dict(cache=True, error_model="numpy")


@njit(**_JIT)
def _sort_idx(u, order):
    # Stable insertion sort of the indices by u: the order of a stable
    # argsort, without allocating (n is small).
    n = u.shape[0]
    for i in range(n):
        order[i] = i
    for i in range(1, n):
        key = order[i]
        v = u[key]
        j = i - 1
        while j >= 0 and u[order[j]] > v:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = key


@njit(**_JIT)
def _wmedian_idx(u, w, upper, order):
    n = u.shape[0]
    _sort_idx(u, order)
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


@njit(**_JIT)
def _prob_paper(d, w, P, net):
    n = d.shape[0]
    for i in range(n):
        P[i, i] = 0.0
        for j in range(i + 1, n):
            supp = 0.0
            total = 0.0
            for k in range(n):
                # branch-free (the sign of delta is unpredictable); same sums
                delta = d[j, k] - d[i, k]
                supp += w[k] * max(delta, 0.0)
                total += w[k] * abs(delta)
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


@njit(**_JIT)
def _prob_scholz(d, w, r, use_r, P, rho):
    n = d.shape[0]
    # rho[a, k] = |x_k - x_a| ** r_k, stored by position a so that the voter
    # loop below reads contiguous memory; 0 ** r = 0 needs no power.
    for a in range(n):
        for k in range(n):
            dk = d[k, a]
            rho[a, k] = dk ** r[k] if use_r and dk > 0.0 else dk
    # Numerators for both orders of each dyad from one pass over the voters;
    # the denominator sum_{k,a,b} w_k |rho_kb - rho_ka| is twice their sum.
    half = 0.0
    for i in range(n):
        P[i, i] = 0.0
        for j in range(i + 1, n):
            pos = 0.0
            neg = 0.0
            for k in range(n):
                v = w[k] * (rho[j, k] - rho[i, k])
                pos += max(v, 0.0)
                neg += max(-v, 0.0)
            P[i, j] = pos
            P[j, i] = neg
            half += pos + neg
    total = 2.0 * half
    for i in range(n):
        for j in range(n):
            if i != j:
                P[i, j] = P[i, j] / total if d[i, j] > 0.0 and total > 0.0 else 0.0


@njit(**_JIT)
def _combine(dij, mi, sj, p, us, uf, usq, ri, first, q, t, tol):
    # E^i(U_ij) (eq. 7) from the dyad's utilities of success, failure and the
    # status quo; U^b / U^w only when Q < 1. Scalars only: helpers called per
    # dyad that take arrays pay reference counting on every call.
    e = us * (1.0 - sj + sj * p) + uf * (sj * (1.0 - p))
    if q != 0.0:
        e -= q * usq
    if q != 1.0:
        md = mi + dij
        if first:
            ub = md
            uw = -md
        else:
            ub = 2.0 - 4.0 * max(0.5 - 0.25 * md, 0.0) ** ri
            uw = 2.0 - 4.0 * min(0.5 + 0.25 * md, 1.0) ** ri
        if t < 0.0:
            tt = 1.0 if mi < dij - tol else 0.0
        else:
            tt = t
        e -= (1.0 - q) * (tt * ub + (1.0 - tt) * uw)
    return e


@njit(**_JIT)
def _eu1(dij, mi, sj, p, q, t, tol):
    # First pass (all r = 1): U^s = 2d, U^f = -2d, U^sq = 0.
    return _combine(dij, mi, sj, p, 2.0 * dij, -2.0 * dij, 0.0, 1.0, True, q, t, tol)


@njit(**_JIT)
def _round(u, s, w, prob, mu_rule, persp, choice, q, t, upper, tol, detail,
           new, r, P, Bm, Am, rho, d, m, usq, sec, order, part, kinds, avals, bvals,
           dP, dE1, dE2, dsec, dR):
    """One round for one copy; ``detail`` also fills the first-round record d*."""
    n = u.shape[0]
    for i in range(n):
        d[i, i] = 0.0
        for j in range(i + 1, n):
            dij = abs(u[i] - u[j])
            d[i, j] = dij
            d[j, i] = dij
    mu_i = _wmedian_idx(u, w, upper, order)
    mu = u[mu_i]
    for i in range(n):
        m[i] = abs(u[i] - mu)
        r[i] = 1.0
    if prob == 2:
        _prob_scholz(d, w, r, False, P, rho)
    else:
        _prob_paper(d, w, P, prob == 1)
    # Security of i: the others' first-pass EU of challenging i (eqs. 32-34).
    smax = -np.inf
    smin = np.inf
    for i in range(n):
        acc = 0.0
        for j in range(n):
            if j != i:
                acc += _eu1(d[j, i], m[j], s[i], P[j, i], q, t, tol)
        sec[i] = acc
        smax = max(smax, acc)
        smin = min(smin, acc)
    if detail:
        for i in range(n):
            dsec[i] = sec[i]
            for j in range(n):
                dE1[i, j] = _eu1(d[i, j], m[i], s[j], P[i, j], q, t, tol)
    span = smax - smin
    for i in range(n):
        if span <= tol:
            R = 0.0
        else:
            R = min(1.0, max(-1.0, (2.0 * sec[i] - smax - smin) / span))
        if detail:
            dR[i] = R
        r[i] = (1.0 - R / 3.0) / (1.0 + R / 3.0)
        usq[i] = 2.0 - 4.0 * 0.5 ** r[i]
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
    # Second pass. Bm[k, o] = b = E^k(U_ko) with r_k; Am[k, o] = a = o's EU
    # of challenging k, with r_o ("own") or r_k ("receiver"). Per unordered
    # dyad: two logs; per ordered dyad: two exps (base**r as exp(r*log(base));
    # log(0) = -inf gives exp(-inf) = 0). Co-located dyads never move anyone,
    # so they are skipped unless the first round is being recorded.
    for i in range(n):
        for j in range(i, n):
            dij = d[i, j]
            if not detail and (i == j or dij <= tol):
                continue
            b1 = max(0.5 - 0.5 * dij, 0.0)
            l1 = np.log(b1) if b1 > 0.0 else -np.inf
            l2 = np.log(min(0.5 + 0.5 * dij, 1.0))
            ri = r[i]
            rj = r[j]
            us_i = 2.0 - 4.0 * np.exp(ri * l1)
            uf_i = 2.0 - 4.0 * np.exp(ri * l2)
            Bm[i, j] = _combine(dij, m[i], s[j], P[i, j], us_i, uf_i, usq[i], ri, False, q, t, tol)
            if i == j:
                continue
            us_j = 2.0 - 4.0 * np.exp(rj * l1)
            uf_j = 2.0 - 4.0 * np.exp(rj * l2)
            Bm[j, i] = _combine(dij, m[j], s[i], P[j, i], us_j, uf_j, usq[j], rj, False, q, t, tol)
            if persp == 0:
                Am[i, j] = Bm[j, i]
                Am[j, i] = Bm[i, j]
            else:
                Am[i, j] = _combine(dij, m[j], s[i], P[j, i], us_i, uf_i, usq[i], ri, False, q, t, tol)
                Am[j, i] = _combine(dij, m[i], s[j], P[i, j], us_j, uf_j, usq[j], rj, False, q, t, tol)
    if detail:
        for i in range(n):
            for j in range(n):
                dP[i, j] = P[i, j]
                dE2[i, j] = Bm[i, j]
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
            a = Am[k, o]
            if a <= tol:
                continue
            b = Bm[k, o]
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
    return mu


@njit(**_JIT)
def simulate_nb(u0, s, w, R, prob, mu_rule, persp, choice, stop, q, t, upper, tol, record,
                traj, stop_round, code, period, r1, rec_part, rec_kind, rec_a, rec_b, med, mean,
                d_mu, d_P, d_E1, d_E2, d_sec, d_R):
    """All copies, one after another, with work buffers allocated once.

    With ``record`` the moves of every round and the first round's internals
    (``d_*``: mu, P, both passes' EU matrices, security, R) are kept per copy.
    """
    B, n = u0.shape
    new = np.empty(n)
    r = np.empty(n)
    P = np.empty((n, n))
    Bm = np.zeros((n, n))
    Am = np.zeros((n, n))
    rho = np.empty((n, n))
    d = np.empty((n, n))
    m = np.empty(n)
    usq = np.empty(n)
    sec = np.empty(n)
    order = np.empty(n, dtype=np.int64)
    part = np.empty(n, dtype=np.int64)
    kinds = np.zeros(n, dtype=np.int64)
    avals = np.zeros(n)
    bvals = np.zeros(n)
    for bb in range(B):
        db = bb if record else 0
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
            detail = record and tt == 0
            mu = _round(traj[bb, tt], s[bb], w[bb], prob, mu_rule, persp, choice, q, t, upper, tol, detail,
                        new, r, P, Bm, Am, rho, d, m, usq, sec, order, part, kinds, avals, bvals,
                        d_P[db], d_E1[db], d_E2[db], d_sec[db], d_R[db])
            if tt == 0:
                d_mu[db] = mu
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
        # per-round c*s weighted median (index of the median actor) and mean (unit scale)
        wsum = 0.0
        for k in range(n):
            wsum += w[bb, k]
        for tt in range(R + 1):
            med[bb, tt] = _wmedian_idx(traj[bb, tt], w[bb], upper, order)
            acc = 0.0
            for k in range(n):
                acc += w[bb, k] * traj[bb, tt, k]
            mean[bb, tt] = acc / wsum

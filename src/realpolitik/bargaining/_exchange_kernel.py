"""Kernels of the exchange model (private): candidate search and one round's realisation.

The rules are those of ``docs/bargaining.md`` (exchange model) and the design
note ``exchange-model.md``: equal-gain rates, decide's realisation order and
outcome cap, its between-round update. Positions here are on 0-100.

* :func:`candidates` builds every candidate pair of a round with NumPy (issue
  pairs in input order; per pair the A x D pairs, then the B x C pairs, actors
  in input order): that order is the creation index of the tie-break key.
* :func:`realise_round` is a scalar loop compiled by numba: the benchmark
  (``benchmarks/bench_exchange.py``) shows that a realisation touches a handful
  of candidates, so NumPy's per-call overhead on masks over all candidates
  would dominate a vectorised loop. ``realise_round.py_func`` is the same code run
  by the Python interpreter; tests check both give identical rounds.

Inputs are trusted (:func:`realpolitik.bargaining.run_exchange` validates).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

_JIT: dict[str, Any] = dict(cache=True, error_model="numpy")

#: Moves and gains at or below this are no exchange (decide's threshold).
EPS = 1e-10
#: An outcome this close to the partner's position is on it (see _cap).
ON_TARGET = 1e-9


def candidates(x0: np.ndarray, s: np.ndarray, present: np.ndarray, outcome: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every candidate exchange of a round, in creation order.

    Returns ``actor (N, 2)``, ``supply (N, 2)``, ``demand (N, 2)`` (column 0
    is side i, which supplies q and demands p; column 1 side j) and
    ``kind (N,)`` (0 = an A x D pair, 1 = a B x C pair) for the externalities.
    """
    n, m = x0.shape
    left = x0 <= outcome[None, :]
    acts, sups, dems, kinds = [], [], [], []
    for p in range(m):
        for q in range(p + 1, m):
            both = np.flatnonzero(present[:, p] & present[:, q])
            if both.size < 2:
                continue
            grp = left[both, p].astype(int) + 2 * left[both, q].astype(int)
            for kind, (g1, g2) in enumerate(((0, 3), (1, 2))):
                a1, a2 = both[grp == g1], both[grp == g2]
                if a1.size == 0 or a2.size == 0:
                    continue
                a = np.repeat(a1, a2.size)
                b = np.tile(a2, a1.size)
                with np.errstate(divide="ignore", invalid="ignore"):
                    swap = (s[a, p] / s[a, q]) < (s[b, p] / s[b, q])
                ai = np.where(swap, b, a)
                aj = np.where(swap, a, b)
                acts.append(np.stack([ai, aj], axis=1))
                sups.append(np.tile(np.array([q, p]), (a.size, 1)))
                dems.append(np.tile(np.array([p, q]), (a.size, 1)))
                kinds.append(np.full(a.size, kind))
    if not acts:
        empty = np.zeros((0, 2), dtype=np.int64)
        return empty, empty.copy(), empty.copy(), np.zeros(0, dtype=np.int64)
    return (np.concatenate(acts).astype(np.int64), np.concatenate(sups).astype(np.int64),
            np.concatenate(dems).astype(np.int64), np.concatenate(kinds).astype(np.int64))


@njit(**_JIT)
def _valid(x, m, hsum, hpos, hneg, hn):
    # decide's is_move_valid over the side's history plus this move.
    if not np.isfinite(m):
        return False
    am = abs(m)
    if am > 100.0 or am <= EPS:
        return False
    if x + m < 0.0 or x + m > 100.0:
        return False
    if hsum + m > 100.0:
        return False
    npos = hpos + (1 if m > 0 else 0)
    nneg = hneg + (1 if m < 0 else 0)
    return npos == hn + 1 or nneg == hn + 1


@njit(**_JIT)
def _cap(e, a, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1):
    # decide's check_nbs for side a (partner b): the outcome on a's supply issue
    # may not pass b's demand position; if it would, a's move is cut so that the
    # outcome lands on it and b's move follows from the equal-gain ratio.
    b = 1 - a
    w = wsup[e, a]
    others = ushift[e, a] - cs[e, a] * start[e, a]
    o0 = (others + cs[e, a] * x[e, a]) / w
    o1 = (others + cs[e, a] * (x[e, a] + cur[e, a])) / w
    nbs0[e, a] = o0
    nbs1[e, a] = o1
    target = xi[e, b]
    gap = target - o0
    if abs(gap) <= ON_TARGET or (gap > 0.0 and target - o1 >= 0.0) or (gap < 0.0 and target - o1 <= 0.0):
        # An outcome on b's position (an earlier cap put it there) counts as
        # exactly on it, where decide's test (x - O0 >= 0 and x - O1 >= 0, or
        # both <= 0) passes in exact arithmetic; decide's own Decimal rounding
        # noise decides such cases either way.
        return 0.0, False
    else:
        own = uown[e, a] if np.isfinite(uown[e, a]) else x[e, a]
        total = others + cs[e, a] * own
        delta = abs((target * w - total) / cs[e, a])
    da = delta * cs[e, a] / w
    db = da * (sal[e, a] + sig[e, b]) / (sig[e, a] + sal[e, b])
    mb = abs(db * wsup[e, b] / cs[e, b])
    ma = delta
    if x[e, b] > xi[e, a]:
        mb = -mb
    if x[e, a] > xi[e, b]:
        ma = -ma
    cur[e, a] = ma
    cur[e, b] = mb
    capped[e, a] = True
    nbs1[e, a] = (others + cs[e, a] * (x[e, a] + ma)) / w
    return abs(db * sal[e, b] - da * sig[e, b]), True


@njit(**_JIT)
def _calc(e, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1,
          hsum, hpos, hneg, hn, gain, gain_side, p, unif, upos):
    # decide's EqualGainExchange.calculate for candidate e; returns (valid, draws used).
    capped[e, 0] = False
    capped[e, 1] = False
    # side 0 = i (supplies q), side 1 = j (supplies p)
    mj = abs(xi[e, 0] - x[e, 1])
    dp = mj * cs[e, 1] / wsup[e, 1]
    dq = dp * (sal[e, 1] + sig[e, 0]) / (sig[e, 1] + sal[e, 0])
    mi = dq * wsup[e, 0] / cs[e, 0]
    if abs(mi) > abs(xi[e, 1] - x[e, 0]):
        mi = abs(xi[e, 1] - x[e, 0])
        dq = mi * cs[e, 0] / wsup[e, 0]
        dp = dq * (sal[e, 0] + sig[e, 1]) / (sig[e, 0] + sal[e, 1])
        mj = dp * wsup[e, 1] / cs[e, 1]
    if x[e, 0] > xi[e, 1]:
        mi = -mi
    if x[e, 1] > xi[e, 0]:
        mj = -mj
    cur[e, 0] = mi
    cur[e, 1] = mj
    g = abs(dq * sal[e, 0] - dp * sig[e, 0])
    gain[e] = g
    ok = (_valid(x[e, 0], mi, hsum[e, 0], hpos[e, 0], hneg[e, 0], hn[e, 0])
          and _valid(x[e, 1], mj, hsum[e, 1], hpos[e, 1], hneg[e, 1], hn[e, 1])
          and np.isfinite(g) and g >= EPS)
    if not ok:
        return False, 0
    for a in range(2):
        g2, hit = _cap(e, a, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1)
        if hit:
            gain[e] = g2
    ok = (_valid(x[e, 0], cur[e, 0], hsum[e, 0], hpos[e, 0], hneg[e, 0], hn[e, 0])
          and _valid(x[e, 1], cur[e, 1], hsum[e, 1], hpos[e, 1], hneg[e, 1], hn[e, 1])
          and np.isfinite(gain[e]))
    gain_side[e, 0] = gain[e]
    gain_side[e, 1] = gain[e]
    if not ok or p <= 0.0:
        return ok, 0
    if upos + 3 > unif.shape[0]:
        return ok, -1  # the caller draws a longer stream and reruns
    return _randomise(e, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1,
                      hsum, hpos, hneg, hn, gain, gain_side, p, unif[upos], unif[upos + 1],
                      unif[upos + 2]), 3


@njit(**_JIT)
def _randomise(e, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1,
               hsum, hpos, hneg, hn, gain, gain_side, p, u, v, z):
    # Random exchange rate (Dijkstra et al.): side a's gain is drawn between its
    # loss-free end and the end of the linear Pareto frontier, the partner gets
    # the remainder. The order of realisation stays by the equal gain.
    g = gain[e]
    # full-concession outcome shifts of i (on q) and j (on p)
    di = abs(xi[e, 1] - x[e, 0]) * cs[e, 0] / wsup[e, 0]
    dj = abs(xi[e, 0] - x[e, 1]) * cs[e, 1] / wsup[e, 1]
    s_i, s_j, g_i, g_j = sal[e, 0], sal[e, 1], sig[e, 0], sig[e, 1]
    if dj * g_i > di * g_j:
        gmax_i = di * g_j * g_i / s_j - di * s_i
        gmax_j = di * g_j - s_j * di * s_i / g_i
    else:
        gmax_j = dj * g_i * g_j / s_i - dj * s_j
        gmax_i = dj * g_i - s_i * dj * s_j / g_j
    a = 0 if u < 0.5 else 1
    b = 1 - a
    gmax = gmax_i if a == 0 else gmax_j
    target = g + p * z * (gmax - g) if v < 0.5 else g - p * z * g
    # a concedes fully; b's shift gives a its target gain
    da = abs(xi[e, b] - x[e, a]) * cs[e, a] / wsup[e, a]
    db = (target + da * sal[e, a]) / sig[e, a]
    mb = db * wsup[e, b] / cs[e, b]
    full_b = abs(xi[e, a] - x[e, b])
    if mb > full_b:
        mb = full_b
        db = mb * cs[e, b] / wsup[e, b]
        da = abs((db * sig[e, a] - target) / sal[e, a])
    ma = da * wsup[e, a] / cs[e, a]
    # the outcome cap, keeping a's target gain
    for side in range(2):
        mside = ma if side == a else mb
        w = wsup[e, side]
        others = ushift[e, side] - cs[e, side] * start[e, side]
        sign = -1.0 if x[e, side] > xi[e, 1 - side] else 1.0
        o0 = (others + cs[e, side] * x[e, side]) / w
        o1 = (others + cs[e, side] * (x[e, side] + sign * mside)) / w
        t = xi[e, 1 - side]
        gap = t - o0
        if not (abs(gap) <= ON_TARGET or (gap > 0.0 and t - o1 >= 0.0) or (gap < 0.0 and t - o1 <= 0.0)):
            own = uown[e, side] if np.isfinite(uown[e, side]) else x[e, side]
            mcut = abs((t * w - (others + cs[e, side] * own)) / cs[e, side])
            capped[e, side] = True
            if side == a:
                ma = mcut
                da = ma * cs[e, a] / wsup[e, a]
                db = (target + da * sal[e, a]) / sig[e, a]
                mb = min(db * wsup[e, b] / cs[e, b], full_b)
                db = mb * cs[e, b] / wsup[e, b]
            else:
                mb = mcut
                db = mb * cs[e, b] / wsup[e, b]
                da = abs((db * sig[e, a] - target) / sal[e, a])
                ma = da * wsup[e, a] / cs[e, a]
    if x[e, a] > xi[e, b]:
        ma = -ma
    if x[e, b] > xi[e, a]:
        mb = -mb
    cur[e, a] = ma
    cur[e, b] = mb
    gain_side[e, a] = db * sig[e, a] - da * sal[e, a]
    gain_side[e, b] = da * sig[e, b] - db * sal[e, b]
    for side in range(2):
        w = wsup[e, side]
        others = ushift[e, side] - cs[e, side] * start[e, side]
        nbs0[e, side] = (others + cs[e, side] * x[e, side]) / w
        nbs1[e, side] = (others + cs[e, side] * (x[e, side] + cur[e, side])) / w
    return (_valid(x[e, 0], cur[e, 0], hsum[e, 0], hpos[e, 0], hneg[e, 0], hn[e, 0])
            and _valid(x[e, 1], cur[e, 1], hsum[e, 1], hpos[e, 1], hneg[e, 1], hn[e, 1])
            and gain_side[e, 0] >= -EPS and gain_side[e, 1] >= -EPS)


@njit(**_JIT)
def realise_round(x0, s, c, w, base, actor, sup, dem, rank, p, unif, upos0, tie_scale):
    """Realise one round. Returns the realised candidates' records (see exchange.py)."""
    n_c = actor.shape[0]
    n_a = x0.shape[0]
    x = np.empty((n_c, 2))
    xi = np.empty((n_c, 2))
    cs = np.empty((n_c, 2))
    sal = np.empty((n_c, 2))
    sig = np.empty((n_c, 2))
    wsup = np.empty((n_c, 2))
    start = np.empty((n_c, 2))
    ushift = np.empty((n_c, 2))
    uown = np.full((n_c, 2), np.nan)
    u = np.full((n_c, 2, n_a), np.nan)
    cur = np.zeros((n_c, 2))
    capped = np.zeros((n_c, 2), dtype=np.bool_)
    nbs0 = np.zeros((n_c, 2))
    nbs1 = np.zeros((n_c, 2))
    hsum = np.zeros((n_c, 2))
    hpos = np.zeros((n_c, 2), dtype=np.int64)
    hneg = np.zeros((n_c, 2), dtype=np.int64)
    hn = np.zeros((n_c, 2), dtype=np.int64)
    gain = np.zeros(n_c)
    gain_side = np.zeros((n_c, 2))
    alive = np.zeros(n_c, dtype=np.bool_)
    upos = upos0
    overflow = False
    for e in range(n_c):
        for k in range(2):
            a, d, q = actor[e, k], sup[e, k], dem[e, k]
            x[e, k] = x0[a, d]
            start[e, k] = x0[a, d]
            xi[e, k] = x0[a, q]
            cs[e, k] = c[a, d] * s[a, d]
            sal[e, k] = s[a, d]
            sig[e, k] = s[a, q]
            wsup[e, k] = w[d]
            ushift[e, k] = base[d]
        ok, used = _calc(e, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped, nbs0, nbs1,
                         hsum, hpos, hneg, hn, gain, gain_side, p, unif, upos)
        if used < 0:
            overflow = True
            used = 0
        upos += used
        alive[e] = ok
    order = np.empty(n_c, dtype=np.int64)
    rec_y = np.empty((n_c, 2))
    rec_m = np.empty((n_c, 2))
    rec_x = np.empty((n_c, 2))
    rec_gain = np.empty(n_c)
    rec_gs = np.empty((n_c, 2))
    rec_cap = np.zeros((n_c, 2), dtype=np.bool_)
    rec_n0 = np.empty((n_c, 2))
    rec_n1 = np.empty((n_c, 2))
    n_r = 0
    while True:
        # the tie-break key: the gain rounded to the tie scale, then the lower rank
        best = -1
        bkey = -np.inf
        brank = n_c
        for e in range(n_c):
            if alive[e]:
                key = np.rint(gain[e] * tie_scale)
                if key > bkey or (key == bkey and rank[e] < brank):
                    bkey = key
                    brank = rank[e]
                    best = e
        if best < 0:
            break
        r = best
        alive[r] = False
        order[n_r] = r
        for k in range(2):
            rec_x[n_r, k] = x[r, k]
            rec_m[n_r, k] = cur[r, k]
            rec_y[n_r, k] = x[r, k] + cur[r, k]
            rec_gs[n_r, k] = gain_side[r, k]
            rec_cap[n_r, k] = capped[r, k]
            rec_n0[n_r, k] = nbs0[r, k]
            rec_n1[n_r, k] = nbs1[r, k]
        rec_gain[n_r] = gain[r]
        n_r += 1
        ri, rj = actor[r, 0], actor[r, 1]
        yi, yj = x[r, 0] + cur[r, 0], x[r, 1] + cur[r, 1]
        for e in range(n_c):
            if not alive[e]:
                continue
            touched = False
            for k in range(2):
                # (1) same actor and supply issue as a side of r: start from its new position
                if actor[e, k] == ri and sup[e, k] == sup[r, 0]:
                    hsum[e, k] += cur[e, k]
                    if cur[e, k] > 0:
                        hpos[e, k] += 1
                    elif cur[e, k] < 0:
                        hneg[e, k] += 1
                    hn[e, k] += 1
                    x[e, k] = yi
                    touched = True
                elif actor[e, k] == rj and sup[e, k] == sup[r, 1]:
                    hsum[e, k] += cur[e, k]
                    if cur[e, k] > 0:
                        hpos[e, k] += 1
                    elif cur[e, k] < 0:
                        hneg[e, k] += 1
                    hn[e, k] += 1
                    x[e, k] = yj
                    touched = True
            # (2) same actor and demand issue as r.j (then r.i): record r's shift for the cap
            for rs in range(2):
                ra = actor[r, rs]
                for k in range(2):
                    if actor[e, k] == ra and dem[e, k] == dem[r, rs]:
                        other = actor[r, 1 - rs]
                        yo = x[r, 1 - rs] + cur[r, 1 - rs]
                        side = 1 - k  # the side of e that supplies that issue
                        old = u[e, side, other]
                        if np.isfinite(old):
                            if start[r, 1 - rs] <= old:
                                new = old if old < yo else yo
                            else:
                                new = old if old > yo else yo
                        else:
                            new = yo
                        d = sup[e, side]
                        prev = old if np.isfinite(old) else x0[other, d]
                        u[e, side, other] = new
                        if other == actor[e, side]:
                            uown[e, side] = new
                        else:
                            ushift[e, side] += c[other, d] * s[other, d] * (new - prev)
                        touched = True
            if touched:
                ok, used = _calc(e, x, xi, cs, sal, sig, wsup, start, ushift, uown, cur, capped,
                                 nbs0, nbs1, hsum, hpos, hneg, hn, gain, gain_side, p, unif, upos)
                if used < 0:
                    overflow = True
                    used = 0
                upos += used
                alive[e] = ok
    return (order[:n_r], rec_x[:n_r], rec_m[:n_r], rec_y[:n_r], rec_gain[:n_r], rec_gs[:n_r],
            rec_cap[:n_r], rec_n0[:n_r], rec_n1[:n_r], upos, overflow)

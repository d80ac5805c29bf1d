"""Vectorised rounds of the expected-utility model (private).

Everything here works on a chunk of independent copies: positions ``u`` of
shape ``(B, n)`` already mapped to the unit scale (0 = scale min, 1 = scale
max, so the paper's ``|x_i - x_j| / (x_max - x_min)`` is ``|u_i - u_j|``),
saliences ``s`` and weights ``w = c * s`` of the same shape. Matrices are
``(B, n, n)`` with ``M[b, i, j]`` about the ordered dyad "i challenges j".

The public wrappers in :mod:`realpolitik.bargaining.eu` validate input; this
module trusts it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .baselines import _weighted_median
from .options import EUOptions

# Kinds of move, in the paper's order of preference for the mover (section 6.2).
CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2
KIND_NAMES = ("conflict", "compromise", "capitulation")

STOP_ROUNDS, STOP_FIXED_POINT, STOP_CYCLE = 0, 1, 2
STOP_NAMES = ("rounds", "fixed_point", "cycle")

_PAIRS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    if n not in _PAIRS:
        _PAIRS[n] = np.triu_indices(n, k=1)
    return _PAIRS[n]


def probability(d: np.ndarray, w: np.ndarray, rule: str) -> np.ndarray:
    """P[b, i, j]: probability that i prevails when i challenges j.

    Paper (eq. 30/31): with delta_k = |x_k - x_j| - |x_k - x_i| (> 0: k is
    closer to i), P_ij = sum_{delta_k > 0} w_k delta_k / sum_k w_k |delta_k|,
    so P_ij + P_ji = 1; only the pairs i < j are computed. When no actor has
    a preference between the two positions (possible only if both have zero
    weight) P = 1/2. Co-located dyads get P = 0 (they never move anyone).
    ``rule="net"`` is dmasad's max(0, 2 P - 1).
    """
    B, n = w.shape
    P = np.zeros((B, n, n))
    if n < 2:
        return P
    I, J = _pairs(n)
    delta = d[:, J, :] - d[:, I, :]                     # (B, pairs, n)
    wk = w[:, None, :]
    supp = (np.maximum(delta, 0.0) * wk).sum(axis=-1)
    total = (np.abs(delta) * wk).sum(axis=-1)
    safe = total > 0.0
    pij = np.where(safe, supp / np.where(safe, total, 1.0), 0.5)
    pji = np.where(safe, (total - supp) / np.where(safe, total, 1.0), 0.5)
    pji = np.maximum(pji, 0.0)
    if rule == "net":
        pij, pji = np.maximum(0.0, 2.0 * pij - 1.0), np.maximum(0.0, 2.0 * pji - 1.0)
    P[:, I, J] = pij
    P[:, J, I] = pji
    return np.where(d > 0.0, P, 0.0)


def probability_scholz_code(d: np.ndarray, w: np.ndarray, r: np.ndarray | None) -> np.ndarray:
    """jmckib's P, which he reports follows Scholz et al.'s code (not the paper).

    With rho_k(y) = |x_k - y|**r_k and v_k(a, b) = w_k (rho_k(x_b) - rho_k(x_a)):
    P_ij = sum_k max(0, v_k(i, j)) / sum_{k, a, b} |v_k(a, b)| -- one global
    denominator over all actor triples, so P is small and P_ij + P_ji < 1.
    The voters' current risk exponents enter (1 in the first pass).
    """
    rho = d if r is None else d ** r[:, :, None]           # rho[b, k, a]
    v = rho[:, :, None, :] - rho[:, :, :, None]             # v[b, k, a, b'] = rho_kb' - rho_ka
    wk = w[:, :, None, None]
    total = (np.abs(v) * wk).sum(axis=(1, 2, 3))
    num = (np.maximum(v, 0.0) * wk).sum(axis=1)             # (B, i, j)
    safe = total > 0.0
    P = np.where(safe[:, None, None], num / np.where(safe, total, 1.0)[:, None, None], 0.0)
    return np.where(d > 0.0, P, 0.0)


def expected_utility(d: np.ndarray, m: np.ndarray, s: np.ndarray, P: np.ndarray,
                     r: np.ndarray | None, opts: EUOptions) -> np.ndarray:
    """E(U_ij) for every ordered dyad (paper eqs. 5-7, 15-16, 22-24).

    ``m[b, i, 0] = |x_i - mu|`` (unit scale); ``r`` broadcastable to
    ``(B, n, n)`` gives the risk exponent used for each dyad (``None``: all
    1, the first pass, where the utilities reduce to 2d, -2d, m+d, -(m+d), 0).
    The target's salience s_j is the probability that j resists.
    """
    q = float(opts.q)
    if r is None:
        us = 2.0 * d
        uf = -2.0 * d
        usq: float | np.ndarray = 0.0
    else:
        # Bases stay in [0, 1] because positions and mu lie on the scale; the
        # clip only guards the last ulp so a fractional power is never taken
        # of a negative number (which NumPy would turn into NaN).
        us = 2.0 - 4.0 * np.maximum(0.5 - 0.5 * d, 0.0) ** r
        uf = 2.0 - 4.0 * np.minimum(0.5 + 0.5 * d, 1.0) ** r
        usq = 2.0 - 4.0 * 0.5 ** r
    sj = s[:, None, :]
    eu = us * (1.0 - sj + sj * P) + uf * (sj * (1.0 - P))
    if q != 0.0:
        eu = eu - q * usq
    if q != 1.0:
        md = m + d
        if r is None:
            ub, uw = md, -md
        else:
            ub = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * md, 0.0) ** r
            uw = 2.0 - 4.0 * np.minimum(0.5 + 0.25 * md, 1.0) ** r
        if opts.t == "per_dyad":
            t: np.ndarray | float = (m < d - opts.tie_tol).astype(float)
        else:
            t = float(opts.t)
        eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return eu


def _keep_min(mask: np.ndarray, key: np.ndarray, tol: float) -> np.ndarray:
    kmin = np.where(mask, key, np.inf).min(axis=-1, keepdims=True)
    return mask & (key <= kmin + tol)


@dataclass
class RoundDetail:
    """Internals of one round for one chunk (kept only when asked for)."""

    mu: np.ndarray            # (B,)
    P: np.ndarray             # (B, n, n)
    eu1: np.ndarray           # first pass, r = 1
    security: np.ndarray      # (B, n)
    risk_basis: np.ndarray    # R_i in [-1, 1]
    risk: np.ndarray          # r_i in [1/2, 2]
    eu2: np.ndarray           # second pass, E^i(U_ij) with r_i
    moved: np.ndarray         # (B, n) bool
    partner: np.ndarray       # (B, n) index of the actor moved towards
    kind: np.ndarray          # (B, n) CONFLICT / COMPROMISE / CAPITULATION
    a: np.ndarray             # (B, n) partner's EU of challenging the mover
    b: np.ndarray             # (B, n) mover's EU of challenging the partner


def one_round(u: np.ndarray, s: np.ndarray, w: np.ndarray, opts: EUOptions,
              detail: bool = False) -> tuple[np.ndarray, np.ndarray, RoundDetail | None]:
    """Positions after one round (simultaneous moves) and the risk exponents."""
    B, n = u.shape
    tol = float(opts.tie_tol)
    diff = u[:, None, :] - u[:, :, None]          # diff[b, i, j] = u_j - u_i
    d = np.abs(diff)
    mu = _weighted_median(u, w, opts.median_side)
    m = np.abs(u - mu[:, None])[:, :, None]

    if opts.probability == "scholz_code":
        P = probability_scholz_code(d, w, None)
    else:
        P = probability(d, w, opts.probability)
    eu1 = expected_utility(d, m, s, P, None, opts)

    # Risk (eqs. 32-34): security of i = sum over the others of their
    # first-pass EU of challenging i. In the first pass r = 1 for everyone,
    # so "whose eyes" (E^j vs E^i of U_ji) gives the same number.
    eye = np.eye(n, dtype=bool)
    security = np.where(eye, 0.0, eu1).sum(axis=1)
    smax = security.max(axis=1, keepdims=True)
    smin = security.min(axis=1, keepdims=True)
    span = smax - smin
    flat = span <= tol
    R = np.where(flat, 0.0, (2.0 * security - smax - smin) / np.where(flat, 1.0, span))
    R = np.clip(R, -1.0, 1.0)
    r = (1.0 - R / 3.0) / (1.0 + R / 3.0)

    if opts.mu == "median_then_mean":
        mu2 = (w * u).sum(axis=1) / w.sum(axis=1)
        m2 = np.abs(u - mu2[:, None])[:, :, None]
    else:
        m2 = m
    if opts.probability == "scholz_code":
        P = probability_scholz_code(d, w, r)
    eu_own = expected_utility(d, m2, s, P, r[:, :, None], opts)   # E^i(U_ij), r_i
    # For mover k and partner o: a = o's EU of challenging k, b = k's EU of
    # challenging o.
    b = eu_own
    if opts.perspective == "own":
        a = eu_own.transpose(0, 2, 1)
    else:
        # jmckib: both sides of the dyad as the mover sees them (mover's r).
        eu_tgt = expected_utility(d, m2, s, P, r[:, None, :], opts)  # U_ij with r_j
        a = eu_tgt.transpose(0, 2, 1)

    valid = d > tol                                   # excludes i == j and co-located actors
    pressed = valid & (a > tol)
    conflict = pressed & (b > tol) & (a > b + tol)    # both expect to win; lower EU gives in
    yielding = pressed & (b < -tol)                   # opposite signs, partner has the upper hand
    capit = yielding & (-b >= a - tol)                # |b| >= a: full move (compel / capitulate)
    compro = yielding & ~capit                        # eq. 35: move the fraction |b| / a
    cand = conflict | yielding
    frac = np.where(conflict | capit, 1.0, np.where(compro, -b / np.where(compro, a, 1.0), 0.0))
    kind = np.where(conflict, CONFLICT, np.where(compro, COMPROMISE, CAPITULATION))
    target = np.where(frac >= 1.0, u[:, None, :], u[:, :, None] + frac * diff)
    move = np.abs(target - u[:, :, None])

    choice = opts.offer_choice
    mask = cand
    if choice in ("type_then_least", "scholz_code"):
        mask = _keep_min(mask, kind.astype(float), 0.5)
        if choice == "scholz_code":
            # jmckib: Scholz's code picks, among compromises, the smallest
            # |EU|-weighted average of the two positions.
            key = (np.abs(b) * u[:, :, None] + a * u[:, None, :]) / np.where(
                compro, np.abs(b) + a, 1.0)
            key = np.where(compro, key, move)
            mask = _keep_min(mask, key, tol)
        else:
            mask = _keep_min(mask, move, tol)
        mask = _keep_min(mask, -a, tol)
    elif choice == "least":
        mask = _keep_min(mask, move, tol)
        mask = _keep_min(mask, kind.astype(float), 0.5)
        mask = _keep_min(mask, -a, tol)
    else:  # max_eu
        mask = _keep_min(mask, -a, tol)
        mask = _keep_min(mask, move, tol)
    # Remaining candidates lead to the same place up to tol unless they move
    # the actor in opposite directions: take the lower target (label-free).
    mask = _keep_min(mask, target, tol)
    moved = mask.any(axis=-1)
    partner = np.argmax(mask, axis=-1)
    new_u = np.where(moved, np.take_along_axis(target, partner[..., None], axis=-1)[..., 0], u)

    info = None
    if detail:
        take = lambda M: np.take_along_axis(M, partner[..., None], axis=-1)[..., 0]  # noqa: E731
        info = RoundDetail(mu=mu, P=P, eu1=eu1, security=security, risk_basis=R, risk=r,
                           eu2=eu_own, moved=moved,  # type: ignore[arg-type]  # numpy stubs: any(axis=-1) of an ndarray is an ndarray
                           partner=partner, kind=take(kind),
                           a=take(a), b=take(b))
    return new_u, r, info


def simulate(u0: np.ndarray, s: np.ndarray, w: np.ndarray, opts: EUOptions,
             detail: bool = False):
    """Run the model on a chunk; returns (traj, stop_round, stop_code, period, r1, details).

    ``traj`` is ``(B, rounds + 1, n)``; after a copy stops (fixed point or
    cycle) its remaining rows repeat the final state. ``r1`` holds the
    first round's risk exponents.
    """
    B, n = u0.shape
    R = opts.rounds
    tol = float(opts.tie_tol)
    traj = np.empty((B, R + 1, n))
    traj[:, 0] = u0
    stop_round = np.full(B, R, dtype=np.int64)
    stop_code = np.full(B, STOP_ROUNDS, dtype=np.int8)
    period = np.zeros(B, dtype=np.int64)
    r1 = np.ones((B, n))
    details: list[RoundDetail] = []
    active = np.arange(B)
    cur = u0.copy()
    for t in range(R):
        if active.size == 0:
            break
        everyone = active.size == B
        sub = cur if everyone else cur[active]
        new, r, info = one_round(sub, s if everyone else s[active],
                                 w if everyone else w[active], opts, detail)
        if t == 0:
            r1 = r
        if info is not None:
            details.append(info)
        cur = cur.copy()
        cur[active] = new
        traj[:, t + 1] = cur
        if opts.stop == "rounds":
            continue
        # Compare the new state with the previous one (fixed point) or with
        # every earlier one (cycle); the latest match gives the period.
        first = t if opts.stop == "fixed_point" else 0
        hist = traj[active, first:t + 1]
        same = np.all(np.abs(hist - new[:, None, :]) <= tol, axis=-1)
        hit = same.any(axis=1)
        if hit.any():
            last = first + same.shape[1] - 1 - np.argmax(same[:, ::-1], axis=1)
            done = active[hit]
            stop_round[done] = t + 1
            period[done] = (t + 1 - last)[hit]
            stop_code[done] = STOP_FIXED_POINT if opts.stop == "fixed_point" else STOP_CYCLE
            active = active[~hit]
    if opts.stop != "rounds" and np.any(stop_code != STOP_ROUNDS):
        # Freeze stopped copies at their final state.
        final = traj[np.arange(B), stop_round]
        later = np.arange(R + 1)[None, :] > stop_round[:, None]
        traj = np.where(later[:, :, None], final[:, None, :], traj)
    return traj, stop_round, stop_code, period, r1, details

"""A straightforward pure-Python implementation of the EU model's rules.

Written from the equations (docs/bargaining.md), loops over actors, no NumPy:
the benchmark's baseline and the test oracle that the vectorised engine
(`realpolitik.bargaining`) gives the same trajectories. It implements the
same options as ``EUOptions`` (passed as a plain dict or the dataclass).

Run ``python benchmarks/reference_eu_pure.py`` to print the EC example.
"""

from __future__ import annotations

from typing import Any


def _opt(options: Any, name: str) -> Any:
    return options[name] if isinstance(options, dict) else getattr(options, name)


def weighted_median(x: list[float], w: list[float], side: str = "lower") -> float:
    order = sorted(range(len(x)), key=lambda i: x[i])
    total = sum(w)
    half, tol = 0.5 * total, 1e-12 * total
    if side == "upper":
        order = order[::-1]
    cum = 0.0
    for i in order:
        cum += w[i]
        if cum >= half - tol:
            return x[i]
    return x[order[-1]]


def _probability(x, w, i, j, rule, r):
    n = len(x)
    if rule == "scholz_code":
        def rho(k, y):
            return abs(x[k] - y) ** (1.0 if r is None else r[k])
        total = 0.0
        for k in range(n):
            for a in range(n):
                for b in range(n):
                    total += abs(w[k] * (rho(k, x[b]) - rho(k, x[a])))
        num = sum(max(0.0, w[k] * (rho(k, x[j]) - rho(k, x[i]))) for k in range(n))
        if x[i] == x[j] or total <= 0.0:
            return 0.0
        return num / total
    supp = total = 0.0
    for k in range(n):
        delta = abs(x[k] - x[j]) - abs(x[k] - x[i])
        total += w[k] * abs(delta)
        if delta > 0:
            supp += w[k] * delta
    p = supp / total if total > 0 else 0.5
    if rule == "net":
        p = max(0.0, 2.0 * p - 1.0)
    return p


def _eu(x, s, P, mu, i, j, ri, q, t_rule, tol):
    d = abs(x[i] - x[j])
    m = abs(x[i] - mu)
    us = 2.0 - 4.0 * max(0.5 - 0.5 * d, 0.0) ** ri
    uf = 2.0 - 4.0 * min(0.5 + 0.5 * d, 1.0) ** ri
    usq = 2.0 - 4.0 * 0.5 ** ri
    e = s[j] * (P[i][j] * us + (1.0 - P[i][j]) * uf) + (1.0 - s[j]) * us - q * usq
    if q != 1.0:
        ub = 2.0 - 4.0 * max(0.5 - 0.25 * (m + d), 0.0) ** ri
        uw = 2.0 - 4.0 * min(0.5 + 0.25 * (m + d), 1.0) ** ri
        t = (1.0 if m < d - tol else 0.0) if t_rule == "per_dyad" else float(t_rule)
        e -= (1.0 - q) * (t * ub + (1.0 - t) * uw)
    return e


def one_round(x: list[float], s: list[float], w: list[float], options: Any) -> list[float]:
    """Positions after one round, on the unit scale (positions in [0, 1])."""
    n = len(x)
    tol = float(_opt(options, "tie_tol"))
    q = float(_opt(options, "q"))
    t_rule = _opt(options, "t")
    rule = _opt(options, "probability")
    mu = weighted_median(x, w, _opt(options, "median_side"))
    P = [[0.0 if abs(x[i] - x[j]) == 0 else _probability(x, w, i, j, rule, None) for j in range(n)]
         for i in range(n)]
    eu1 = [[_eu(x, s, P, mu, i, j, 1.0, q, t_rule, tol) for j in range(n)] for i in range(n)]
    sec = [sum(eu1[j][i] for j in range(n) if j != i) for i in range(n)]
    smax, smin = max(sec), min(sec)
    r = []
    for i in range(n):
        R = 0.0 if smax - smin <= tol else (2 * sec[i] - smax - smin) / (smax - smin)
        R = min(1.0, max(-1.0, R))
        r.append((1 - R / 3) / (1 + R / 3))
    if _opt(options, "mu") == "median_then_mean":
        mu = sum(wi * xi for wi, xi in zip(w, x)) / sum(w)
    if rule == "scholz_code":
        P = [[0.0 if abs(x[i] - x[j]) == 0 else _probability(x, w, i, j, rule, r) for j in range(n)]
             for i in range(n)]
    own = _opt(options, "perspective") == "own"
    choice = _opt(options, "offer_choice")
    new = list(x)
    for k in range(n):
        offers = []   # (kind, move, a, target, key)
        for o in range(n):
            if o == k or abs(x[k] - x[o]) <= tol:
                continue
            b = _eu(x, s, P, mu, k, o, r[k], q, t_rule, tol)
            a = _eu(x, s, P, mu, o, k, r[o] if own else r[k], q, t_rule, tol)
            if a <= tol:
                continue
            if b > tol and a > b + tol:
                kind, frac = 0, 1.0
            elif b < -tol:
                if -b >= a - tol:
                    kind, frac = 2, 1.0
                else:
                    kind, frac = 1, -b / a
            else:
                continue
            target = x[o] if frac >= 1.0 else x[k] + frac * (x[o] - x[k])
            move = abs(target - x[k])
            key = (abs(b) * x[k] + a * x[o]) / (abs(b) + a) if kind == 1 else move
            offers.append((kind, move, a, target, key))
        if not offers:
            continue

        def keep_min(cands, f, eps):
            best = min(f(c) for c in cands)
            return [c for c in cands if f(c) <= best + eps]

        c = offers
        if choice in ("type_then_least", "scholz_code"):
            c = keep_min(c, lambda z: z[0], 0.5)
            c = keep_min(c, (lambda z: z[4]) if choice == "scholz_code" else (lambda z: z[1]), tol)
            c = keep_min(c, lambda z: -z[2], tol)
        elif choice == "least":
            c = keep_min(c, lambda z: z[1], tol)
            c = keep_min(c, lambda z: z[0], 0.5)
            c = keep_min(c, lambda z: -z[2], tol)
        else:
            c = keep_min(c, lambda z: -z[2], tol)
            c = keep_min(c, lambda z: z[1], tol)
        c = keep_min(c, lambda z: z[3], tol)
        new[k] = c[0][3]
    return new


def run(positions, saliences, capabilities, scale, options) -> list[list[float]]:
    """Trajectory (rounds + 1 lists of positions) under ``stop="rounds"``."""
    lo, hi = scale
    span = hi - lo
    x = [(p - lo) / span for p in positions]
    s = list(saliences)
    w = [c * si for c, si in zip(capabilities, saliences)]
    traj = [list(positions)]
    for _ in range(int(_opt(options, "rounds"))):
        x = one_round(x, s, w, options)
        traj.append([lo + span * v for v in x])
    return traj


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from realpolitik.bargaining import EUOptions

    x = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    c = [.08, .08, .03, .16, .16, .16, .16, .05, .05, .08]
    s = [.8, .4, .2, .8, .6, .6, .9, .1, 1.0, .7]
    w = [ci * si for ci, si in zip(c, s)]
    for rules in ("paper", "scholz-code"):
        traj = run(x, s, c, (4, 10), EUOptions.preset(rules))
        print(rules, [round(weighted_median(p, w), 3) for p in traj])

"""Games benchmark: realpolitik vs pygambit, Nashpy and QuantEcon, measured in one run.

    python benchmarks/bench_games.py [--quick] [--sizes 8 10 12 15 20] [--budget 60]

Seeded random n x n games with integer payoffs 0..99 (seed 1000*n). Prints the
median time of each tool and the number of extreme equilibria it lists (all of
ours are verified; a peer listing fewer than us missed some). A peer is skipped
("not installed") when it cannot be imported, and a run is skipped ("skipped")
once a previous size took longer than --budget seconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from realpolitik.games import (NormalFormGame, enummixed, lemke_howson, pure_equilibria, read_nfg, write_nfg)


def _try(name):
    try:
        return __import__(name)
    except Exception:
        return None


gbt, nashpy, qe = _try("pygambit"), _try("nashpy"), _try("quantecon")
if gbt is not None and not hasattr(gbt.Game, "from_arrays"):
    # pygambit 17 (the only wheel on some platforms; 16.x builds from source for ~14 min) changed the API
    print(f"note: pygambit {getattr(gbt, '__version__', '?')} lacks Game.from_arrays (16.x API): skipping that peer")
    gbt = None


def timeit(fn, reps=3, budget=60.0):
    ts, out = [], None
    for _ in range(reps):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
        if sum(ts) > budget:
            break
    return statistics.median(ts), out


def fmt(t):
    if t is None:
        return "—"
    if isinstance(t, str):
        return t
    return f"{t * 1e3:.3g} ms" if t < 1 else f"{t:.3g} s"


def game(n):
    rng = np.random.default_rng(1000 * n)
    return rng.integers(0, 100, size=(n, n)), rng.integers(0, 100, size=(n, n))


def main() -> None:
    ap = argparse.ArgumentParser()
    # 20 x 20 (and 60 s a peer) ran past half an hour in `make bench`: a peer's one slow run cannot be cut
    ap.add_argument("--sizes", type=int, nargs="*", default=[8, 10, 12, 15])
    ap.add_argument("--budget", type=float, default=15.0)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sizes = [8, 10] if args.quick else args.sizes
    print("peers:", ", ".join(f"{n} {'installed' if m else 'not installed'}" for n, m in
                              (("pygambit", gbt), ("nashpy", nashpy), ("quantecon", qe))))
    # ---------------------------------------------------------------- all extreme equilibria
    rows = {k: {} for k in ("realpolitik enummixed (float)", "realpolitik enummixed (exact)",
                            "pygambit enummixed (float)", "Nashpy vertex_enumeration",
                            "QuantEcon vertex_enumeration")}
    slow: set[str] = set()
    em_ratio: dict[int, float] = {}
    for n in sizes:
        A, B = game(n)
        g = NormalFormGame.from_arrays(A, B)
        reps = 7 if n <= 10 else 3  # the same for QuantEcon below: a fair median on a noisy machine
        ours_t, ours = timeit(lambda: enummixed(g), reps=reps, budget=args.budget)
        k = len(ours.equilibria)
        rows["realpolitik enummixed (float)"][n] = f"{fmt(ours_t)} ({k})"
        if ours_t > args.budget:
            slow.add("ours")

        def run(name, fn, count, reps=1 if n >= 12 else 3):
            if name in slow:
                rows[name][n] = "skipped"
                return
            t, out = timeit(fn, reps=reps, budget=args.budget)
            c = count(out)
            rows[name][n] = f"{fmt(t)} ({c}{', misses ' + str(k - c) if c < k else ''})"
            if t > args.budget:
                slow.add(name)
            return t

        if n <= 12:
            run("realpolitik enummixed (exact)", lambda: enummixed(g, exact=True), lambda r: len(r.equilibria))
        if gbt is not None:
            pg = gbt.Game.from_arrays(A, B)
            run("pygambit enummixed (float)", lambda: gbt.nash.enummixed_solve(pg, rational=False),
                lambda r: len(r.equilibria))
        else:
            rows["pygambit enummixed (float)"][n] = "not installed"
        if nashpy is not None:
            ng = nashpy.Game(A, B)
            run("Nashpy vertex_enumeration", lambda: list(ng.vertex_enumeration()), len)
        else:
            rows["Nashpy vertex_enumeration"][n] = "not installed"
        if qe is not None:
            from quantecon.game_theory import NormalFormGame as QG, vertex_enumeration
            qg = QG((qe.game_theory.Player(A), qe.game_theory.Player(B.T)))
            vertex_enumeration(qg) if n <= 8 else None  # compile its numba kernels outside the timing
            tq = run("QuantEcon vertex_enumeration", lambda: vertex_enumeration(qg), len, reps=reps)
            if tq:
                em_ratio[n] = ours_t / tq
        else:
            rows["QuantEcon vertex_enumeration"][n] = "not installed"
    print("\n| all extreme equilibria (count) | " + " | ".join(f"n={n}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name, r in rows.items():
        print(f"| {name} | " + " | ".join(r.get(n, "—") for n in sizes) + " |")
    if em_ratio:
        print("| ratio realpolitik (float) / QuantEcon | " + " | ".join(
            f"{em_ratio[n]:.2f}" if n in em_ratio else "—" for n in sizes) + " |")
    # ---------------------------------------------------------------- one equilibrium
    print("\n| one equilibrium (Lemke–Howson, label 0) | " + " | ".join(f"n={n}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    lh_rows = {"realpolitik lemke_howson": {}, "QuantEcon lemke_howson": {}, "pygambit lcp (float)": {}}
    lh_ratio: dict[int, float] = {}
    for n in sizes:
        A, B = game(n)
        g = NormalFormGame.from_arrays(A, B)
        lemke_howson(g)
        t, _ = timeit(lambda: [lemke_howson(g) for _ in range(200)], reps=7)
        lh_rows["realpolitik lemke_howson"][n] = fmt(t / 200)
        t_ours = t
        if qe is not None:
            from quantecon.game_theory import NormalFormGame as QG, lemke_howson as qlh
            qg = QG((qe.game_theory.Player(A), qe.game_theory.Player(B.T)))
            qlh(qg)
            t, _ = timeit(lambda: [qlh(qg) for _ in range(200)], reps=7)
            lh_rows["QuantEcon lemke_howson"][n] = fmt(t / 200)
            lh_ratio[n] = t_ours / t
        else:
            lh_rows["QuantEcon lemke_howson"][n] = "not installed"
        if gbt is not None:
            pg = gbt.Game.from_arrays(A, B)
            t, _ = timeit(lambda: gbt.nash.lcp_solve(pg, rational=False, stop_after=1), reps=5)
            lh_rows["pygambit lcp (float)"][n] = fmt(t)
        else:
            lh_rows["pygambit lcp (float)"][n] = "not installed"
    for name, r in lh_rows.items():
        print(f"| {name} | " + " | ".join(r.get(n, "—") for n in sizes) + " |")
    if qe is not None:
        print("| ratio realpolitik / QuantEcon | " + " | ".join(
            f"{lh_ratio[n]:.2f}" if n in lh_ratio else "—" for n in sizes) + " |")
    # ---------------------------------------------------------------- subgame-perfect equilibria
    # the uncertainty pillar solves this tree once per Monte Carlo sample (no Python peer has an SPE solver)
    from realpolitik.games import scenario_game, subgame_perfect
    from realpolitik.scenario import load_any

    cg, values = scenario_game(load_any("belarus-2022"), "escalation")
    tree = cg.game(values)
    subgame_perfect(tree)
    t_f, _ = timeit(lambda: [subgame_perfect(cg.game(values)) for _ in range(50)], reps=7)
    t_x, _ = timeit(lambda: subgame_perfect(cg.game(values), exact=True), reps=7)
    print(f"\n| subgame-perfect, belarus-2022 `escalation` ({len(tree.nodes)} nodes, {len(tree.subgame_roots)} "
          "subgames), incl. building the game and verifying in every subgame | float | exact |")
    print("|---|---|---|")
    print(f"| realpolitik subgame_perfect | {fmt(t_f / 50)} | {fmt(t_x)} |")
    # ---------------------------------------------------------------- pure equilibria, n players
    print("\n| pure equilibria | profiles | realpolitik | profiles/s | pygambit enumpure | QuantEcon pure_nash_brute |")
    print("|---|---|---|---|---|---|")
    for shape in ([50, 50, 40], [100, 100, 100]) if not args.quick else ([50, 50, 40],):
        rng = np.random.default_rng(7)
        pay = rng.integers(0, 100, size=(len(shape), *shape))
        g = NormalFormGame.from_arrays(*pay)
        t, res = timeit(lambda: pure_equilibria(g), reps=5)
        prof = int(np.prod(shape))
        peer_g = "not installed"
        if gbt is not None and prof <= 200_000:
            pg = gbt.Game.from_arrays(*pay)
            tg, _ = timeit(lambda: gbt.nash.enumpure_solve(pg), reps=1)
            peer_g = fmt(tg)
        elif gbt is not None:
            peer_g = "skipped (from_arrays takes minutes)"
        peer_q = "not installed"
        if qe is not None and prof <= 200_000:
            from quantecon.game_theory import NormalFormGame as QG, pure_nash_brute
            qg = QG(np.moveaxis(pay, 0, -1).astype(float))
            tq, _ = timeit(lambda: pure_nash_brute(qg), reps=1)
            peer_q = fmt(tq)
        elif qe is not None:
            peer_q = "skipped"
        print(f"| {'x'.join(map(str, shape))} | {prof:,} | {fmt(t)} ({len(res.equilibria)}) | {prof / t:.3g} | "
              f"{peer_g} | {peer_q} |")
    # ---------------------------------------------------------------- .nfg read/write at 10^6 contingencies
    print("\n| .nfg with 10^6 contingencies (3 players) | write | read | pygambit read_nfg |")
    print("|---|---|---|---|")
    rng = np.random.default_rng(3)
    pay = rng.integers(0, 100, size=(3, 100, 100, 100))
    g = NormalFormGame.from_arrays(*pay)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "big.nfg"
        tw, _ = timeit(lambda: write_nfg(g, p), reps=3)
        tr, back = timeit(lambda: read_nfg(p), reps=3)
        assert np.array_equal(back.payoffs, g.payoffs)
        print(f"| realpolitik | {fmt(tw)} | {fmt(tr)} | {'not run (quadratic; >10 min per the issue)' if gbt else 'not installed'} |")


if __name__ == "__main__":
    main()

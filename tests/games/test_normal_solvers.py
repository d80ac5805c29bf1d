"""Strategic-form solvers on the shared files, against an independent brute force and the literature."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from realpolitik.errors import EngineNotApplicable
from realpolitik.games import (NormalFormGame, enummixed, lemke_howson, lemke_howson_all, logit_qre,
                               pure_equilibria, read_game, regret, solve, zero_sum_lp)

from ._brute import extreme_equilibria
from .conftest import gambit_files

# numbers of extreme equilibria stated in the files' titles / README / literature
KNOWN_EXTREME = {
    "2x2.nfg": 1, "coord4.nfg": 15, "8x8.nfg": 5, "winkels.nfg": 12, "test_2x2_bimatrix_all_zero_payoffs.nfg": 4,
    "catalog_dcg_vonstengel1999_6x6_game_with_75_eq.nfg": 75, "test_coordination_4x4_outcome.nfg": 15,
    "pd.nfg": 1, "oneill.nfg": 1,
}
KNOWN_PURE = {"8x8.nfg": 3, "3x3x3.nfg": 2, "test_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg": 2,
              "coord333.nfg": 9, "pd.nfg": 1}

TWO = [p for p in gambit_files("*.nfg") if read_game(p).n_players == 2]
MANY = [p for p in gambit_files("*.nfg") if read_game(p).n_players > 2]


def _key(eq):
    return tuple(tuple(round(v, 7) for v in p) for p in eq.profile)


@pytest.mark.parametrize("path", TWO, ids=lambda p: p.name)
def test_enummixed_matches_brute_force_and_literature(path):
    g = read_game(path)
    res = enummixed(g, exact=True)
    assert res.status.converged and not res.status.warnings
    assert all(e.regret == 0 and regret(g, e.exact_profile, exact=True)[0] == 0 for e in res.equilibria)
    got = {e.exact_profile for e in res.equilibria}
    if max(g.shape) <= 7:
        A, B = (g.exact_payoffs[i].tolist() for i in range(2))
        assert got == extreme_equilibria(A, B)
    if path.name in KNOWN_EXTREME:
        assert len(got) == KNOWN_EXTREME[path.name]
    flt = enummixed(g)
    assert {_key(e) for e in flt.equilibria} == {_key(e) for e in res.equilibria}
    assert all(e.regret <= 1e-9 * g.payoff_scale for e in flt.equilibria)


def test_components(gambit):
    # winkels: 12 extreme equilibria in one component; coord4: 15 isolated equilibria
    assert {e.component for e in enummixed(read_game(gambit / "winkels.nfg")).equilibria} == {0}
    assert len({e.component for e in enummixed(read_game(gambit / "coord4.nfg")).equilibria}) == 15


def _brute_pure(g):
    out = set()
    for prof in itertools.product(*[range(k) for k in g.shape]):
        ok = True
        for i in range(g.n_players):
            line = g.payoffs[(i, *prof[:i], slice(None), *prof[i + 1:])]
            ok &= line[prof[i]] >= line.max()
        if ok:
            out.add(prof)
    return out


@pytest.mark.parametrize("path", gambit_files("*.nfg"), ids=lambda p: p.name)
def test_pure_equilibria(path):
    g = read_game(path)
    res = pure_equilibria(g, exact=True)
    got = {tuple(int(np.argmax(p)) for p in e.profile) for e in res.equilibria}
    assert got == _brute_pure(g)
    if path.name in KNOWN_PURE:
        assert len(got) == KNOWN_PURE[path.name]


@pytest.mark.parametrize("path", TWO, ids=lambda p: p.name)
def test_lemke_howson_every_label_and_reachable_set(path):
    g = read_game(path)
    extreme = {_key(e) for e in enummixed(g).equilibria}
    m, n = g.shape
    for k in range(m + n):
        for exact in (False, True):
            res = lemke_howson(g, label=k, exact=exact)
            assert len(res.equilibria) == 1
            assert _key(res.equilibria[0]) in extreme
    reach = lemke_howson_all(g)
    assert {_key(e) for e in reach.equilibria} <= extreme


def test_todd3_has_equilibria_lemke_howson_cannot_reach(gambit):
    g = read_game(gambit / "todd3.nfg")
    assert len(lemke_howson_all(g).equilibria) < len(enummixed(g).equilibria)


def test_zero_sum_lp(gambit):
    g = read_game(gambit / "oneill.nfg")
    res = zero_sum_lp(g, exact=True)
    assert res.equilibria[0].exact_profile == tuple(enummixed(g, exact=True).equilibria[0].exact_profile)
    assert res.equilibria[0].exact_payoffs[0] == Fraction(-1, 5)
    with pytest.raises(EngineNotApplicable):
        zero_sum_lp(read_game(gambit / "pd.nfg"))


def test_two_player_methods_refuse_more_players(gambit):
    g = read_game(gambit / "2x2x2.nfg")
    for fn in (enummixed, lemke_howson, zero_sum_lp):
        with pytest.raises(EngineNotApplicable):
            fn(g)


@pytest.mark.parametrize("path", gambit_files("*.nfg"), ids=lambda p: p.name)
def test_qre_limit_is_verified_or_absent(path):
    g = read_game(path)
    res = logit_qre(g, lambdas=[0.5])
    assert res.qre and res.qre[0].lam == 0.0
    for e in res.equilibria:
        assert e.regret <= 1e-9 * g.payoff_scale
    if not res.equilibria:
        assert not res.status.converged and "not" in res.status.message


def test_qre_matching_pennies_stays_at_the_centre():
    g = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    res = logit_qre(g, lambdas=[0.5, 2.0])
    for pt in res.extras["at"]:
        assert np.allclose(pt.profile, 0.5)
    assert np.allclose(res.equilibria[0].profile, 0.5)


def test_qre_fixed_lambda_solves_the_logit_equations(gambit):
    g = read_game(gambit / "3x3x3.nfg")
    res = logit_qre(g, lambdas=[0.7])
    (pt,) = res.extras["at"]
    prof = [np.asarray(p) for p in pt.profile]
    from realpolitik.games.verify import strategy_values
    for i in range(3):
        u = strategy_values(g.payoffs, prof, i)
        target = np.exp(0.7 * (u - u.max()))
        assert np.allclose(prof[i], target / target.sum(), atol=1e-8)


def test_solve_dispatch_and_unknown_method(gambit):
    g = read_game(gambit / "pd.nfg")
    assert solve(g).method == "enummixed"
    assert solve(read_game(gambit / "3x3x3.nfg")).method == "pure"
    with pytest.raises(ValueError):
        solve(g, "magic")

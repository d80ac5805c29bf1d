"""Hypothesis invariants: zero regret, relabelling and positive affine changes leave the set unchanged,
and the enumeration is complete on (very) degenerate games (payoffs in 0..2)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings, strategies as st

from realpolitik.games import NormalFormGame, enummixed, pure_equilibria, regret

from ._brute import extreme_equilibria

small = st.integers(min_value=1, max_value=3)


@st.composite
def bimatrix(draw, hi=2):
    m, n = draw(small), draw(small)
    vals = st.integers(min_value=0, max_value=hi)
    A = [[draw(vals) for _ in range(n)] for _ in range(m)]
    B = [[draw(vals) for _ in range(n)] for _ in range(m)]
    return A, B


def _set(res):
    return {e.exact_profile for e in res.equilibria}


@settings(max_examples=40, deadline=None)
@given(bimatrix())
def test_complete_on_degenerate_games_and_zero_regret(ab):
    A, B = ab
    g = NormalFormGame.from_arrays(A, B)
    res = enummixed(g, exact=True)
    assert _set(res) == extreme_equilibria(A, B)
    for e in res.equilibria:
        assert regret(g, e.exact_profile, exact=True)[0] == 0


@settings(max_examples=25, deadline=None)
@given(bimatrix(hi=9), st.randoms(use_true_random=False), st.integers(1, 5), st.integers(-7, 7))
def test_relabelling_and_affine_invariance(ab, rnd, scale, shift):
    A, B = (np.array(x, dtype=object) for x in ab)
    g = NormalFormGame.from_arrays(A, B)
    base = _set(enummixed(g, exact=True))
    m, n = A.shape
    pr, pc = list(range(m)), list(range(n))
    rnd.shuffle(pr)
    rnd.shuffle(pc)
    # permuted strategies
    g2 = NormalFormGame.from_arrays(A[np.ix_(pr, pc)], B[np.ix_(pr, pc)])
    back = {(tuple(x[pr.index(i)] for i in range(m)), tuple(y[pc.index(j)] for j in range(n)))
            for x, y in _set(enummixed(g2, exact=True))}
    assert back == base
    # swapped players
    g3 = NormalFormGame.from_arrays(B.T, A.T)
    assert {(x, y) for y, x in _set(enummixed(g3, exact=True))} == base
    # positive affine change of one player's payoffs
    g4 = NormalFormGame.from_arrays(A * Fraction(scale, 2) + shift, B)
    assert _set(enummixed(g4, exact=True)) == base


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=3, max_size=3), st.integers(0, 2**32 - 1))
def test_pure_equilibria_invariances(shape, seed):
    rng = np.random.default_rng(seed)
    pay = rng.integers(0, 3, size=(3, *shape))
    g = NormalFormGame.from_arrays(*pay)
    base = {tuple(int(np.argmax(p)) for p in e.profile) for e in pure_equilibria(g).equilibria}
    # players 0 and 2 swapped
    sw = np.stack([pay[2], pay[1], pay[0]]).transpose(0, 3, 2, 1)
    got = {tuple(int(np.argmax(p)) for p in e.profile) for e in pure_equilibria(NormalFormGame.from_arrays(*sw)).equilibria}
    assert {(c, b, a) for a, b, c in got} == base
    # positive affine change
    g5 = NormalFormGame.from_arrays(*(pay * 3 + 11))
    assert {tuple(int(np.argmax(p)) for p in e.profile) for e in pure_equilibria(g5).equilibria} == base

"""The floating-point enumeration (one Qhull run plus partner solves) lists exactly the extreme
equilibria, in the same order and components, as matching the vertices of both polytopes, and the
same set as the exact enumeration — on massively degenerate games (payoffs in 0..2) too."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from realpolitik.games import NormalFormGame, enummixed
import importlib

em = importlib.import_module("realpolitik.games.enummixed")


def _setup(A, B):
    g = NormalFormGame.from_arrays(A, B)
    _, _, GP, hP, x0, GQ, hQ, y0 = em._best_response_polytopes(g)
    return g, GP, hP, x0, GQ, hQ, y0


def _both_hulls(GP, hP, x0, GQ, hQ, y0, m, n):
    VP, MP = em._vertex_set(GP, hP, x0, None, None)
    VQ, MQ = em._vertex_set(GQ, hQ, y0, None, None)
    return [(MP[i], MQ[j]) for i, j in em._pairs(MP, MQ, m, n)]


@st.composite
def bimatrix(draw):
    m = draw(st.integers(1, 5))
    n = draw(st.integers(1, 5))
    hi = draw(st.sampled_from([2, 3, 99]))
    vals = st.integers(min_value=0, max_value=hi)
    A = [[draw(vals) for _ in range(n)] for _ in range(m)]
    B = [[draw(vals) for _ in range(n)] for _ in range(m)]
    return A, B


def _key(eq):
    return tuple(tuple(round(v, 7) for v in p) for p in eq.profile)


@settings(max_examples=60, deadline=None)
@given(bimatrix())
def test_one_hull_pairs_equal_both_hull_matching(ab):
    g, GP, hP, x0, GQ, hQ, y0 = _setup(*ab)
    m, n = g.shape
    ref = _both_hulls(GP, hP, x0, GQ, hQ, y0, m, n)
    for E_is_P in (True, False):
        if E_is_P:
            X, MX, Y, MY, _ = em._pairs_one_hull(GP, hP, x0, GQ, hQ)
        else:
            Y, MY, X, MX, _ = em._pairs_one_hull(GQ, hQ, y0, GP, hP)
        assert sorted(zip(MX, MY)) == ref
        for x, mx in zip(X, MX):  # every listed vertex has the labels it is filed under
            assert em._labels(GP, hP, np.asarray(x)[None]).astype(np.int64) @ (1 << np.arange(m + n)) == mx
        for y, my in zip(Y, MY):
            assert em._labels(GQ, hQ, np.asarray(y)[None]).astype(np.int64) @ (1 << np.arange(m + n)) == my


@settings(max_examples=60, deadline=None)
@given(bimatrix())
def test_float_equals_exact_with_components(ab):
    g = NormalFormGame.from_arrays(*ab)
    flt, ex = enummixed(g), enummixed(g, exact=True)
    assert flt.status.converged
    assert [_key(e) for e in flt.equilibria] == [_key(e) for e in ex.equilibria]
    assert [e.component for e in flt.equilibria] == [e.component for e in ex.equilibria]
    assert all(e.regret <= 1e-9 * g.payoff_scale for e in flt.equilibria)


def test_large_faces_fall_back_to_both_hulls(monkeypatch):
    # all-zero payoffs: every vertex is maximally degenerate (36 extreme equilibria, one component)
    g = NormalFormGame.from_arrays(np.zeros((6, 6)), np.zeros((6, 6)))
    fast = enummixed(g)
    monkeypatch.setattr(em, "_face_vertices", lambda *a, **k: None)  # "face too large"
    slow = enummixed(g)
    assert "+" in slow.status.message and "+" not in fast.status.message
    assert len(fast.equilibria) == 36
    assert [_key(e) for e in fast.equilibria] == [_key(e) for e in slow.equilibria]
    assert {e.component for e in fast.equilibria} == {e.component for e in slow.equilibria} == {0}

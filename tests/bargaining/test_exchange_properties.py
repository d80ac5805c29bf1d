"""Invariants of the exchange model (hypothesis), and its degenerate and bad inputs.

Inputs are dyadic: integer positions, saliences in quarters, integer
capabilities, and scale maps by powers of two with integer shifts, so the
first round's sums are exact in any order and the transformed problems are
the same floating-point problem; a difference is a real violation, not
rounding. Rounds after the first work with computed positions, whose sums
depend on the summation order at the 1e-14 level; the reordering property
therefore compares two rounds, where that noise stays far from any tie.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining import run_exchange
from realpolitik.errors import InputError

SAL = [0.0, 0.25, 0.5, 0.75, 1.0]


@st.composite
def tables(draw, min_n=2, max_n=6, min_m=2, max_m=4, missing=True):  # type: ignore[no-untyped-def]
    n = draw(st.integers(min_n, max_n))
    m = draw(st.integers(min_m, max_m))
    x = np.array(draw(st.lists(st.integers(0, 100), min_size=n * m, max_size=n * m)), float).reshape(n, m)
    s = np.array(draw(st.lists(st.sampled_from(SAL), min_size=n * m, max_size=n * m))).reshape(n, m)
    c = np.array(draw(st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), min_size=n * m, max_size=n * m)),
                 float).reshape(n, m)
    if missing:
        gone = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))).reshape(n, m)
        gone[0, :] = False  # actor 0 is on every issue
        x[gone], s[gone], c[gone] = np.nan, np.nan, np.nan
    # every issue needs an actor with capability x salience > 0
    s[0, :], c[0, :] = np.where(np.nansum(s * c, axis=0) > 0, s[0, :], 1.0), \
        np.where(np.nansum(s * c, axis=0) > 0, c[0, :], 1.0)
    return x, s, c


def _sides(res):  # type: ignore[no-untyped-def]
    return [(r.round, frozenset({(r.i, r.i_supply), (r.j, r.j_supply)})) for r in res.exchanges.itertuples()]


@settings(max_examples=30, deadline=None)
@given(tables(), st.sampled_from([0.0, 0.5, 1.0]), st.integers(0, 2**16))
def test_finite_and_within_the_scale(t, p, seed) -> None:  # type: ignore[no-untyped-def]
    x, s, c = t
    res = run_exchange(x, s, c, rounds=3, p=p, repetitions=2 if p else 1, rng=seed)
    out = res.outcome.to_numpy()
    assert np.all(np.isfinite(out)) and np.all((out >= -1e-9) & (out <= 100 + 1e-9))
    assert np.all(np.isfinite(res.forecast_distribution.to_numpy()))
    ex = res.exchanges
    if not ex.empty:
        cols = ["i_from", "i_to", "i_move", "j_from", "j_to", "j_move", "gain", "gain_i", "gain_j"]
        assert np.all(np.isfinite(ex[cols].to_numpy(float)))
        assert np.all(ex["gain"] > 0)
        for side in ("i", "j"):
            assert np.all((ex[f"{side}_to"] >= -1e-9) & (ex[f"{side}_to"] <= 100 + 1e-9))
    for issue in res.issue_ids:
        pos = res.positions(issue).to_numpy()
        ok = ~np.isnan(pos)
        assert np.all((pos[ok] >= -1e-9) & (pos[ok] <= 100 + 1e-9))
        # an actor absent from an issue stays absent
        assert np.array_equal(np.isnan(pos), np.repeat(np.isnan(x[:, res.issue_ids.index(issue)])[None],
                                                       len(pos), axis=0))


@settings(max_examples=30, deadline=None)
@given(tables(), st.lists(st.sampled_from([0.25, 0.5, 2.0, 4.0]), min_size=4, max_size=4),
       st.lists(st.integers(-64, 64), min_size=4, max_size=4))
def test_affine_scale_maps_map_the_outcomes(t, a, b) -> None:  # type: ignore[no-untyped-def]
    x, s, c = t
    m = x.shape[1]
    a_, b_ = np.array(a[:m]), np.array(b[:m], float)
    base = run_exchange(x, s, c, rounds=3)
    moved = run_exchange(x * a_ + b_, s, c, rounds=3, scales=[(b_[j], 100 * a_[j] + b_[j]) for j in range(m)])
    np.testing.assert_array_equal(moved.outcome.to_numpy(), base.outcome.to_numpy() * a_ + b_)
    assert _sides(moved) == _sides(base)
    bx, mx = base.exchanges, moved.exchanges
    np.testing.assert_array_equal(mx["gain"].to_numpy(float), bx["gain"].to_numpy(float))  # gains are scale-free
    for side in ("i", "j"):
        col = [base.issue_ids.index(v) for v in bx[f"{side}_supply"]]
        np.testing.assert_array_equal(mx[f"{side}_move"], bx[f"{side}_move"] * a_[col])


@settings(max_examples=30, deadline=None)
@given(tables(), st.sampled_from([0.125, 0.5, 2.0, 8.0]), st.sampled_from([0.0, 0.5]))
def test_capabilities_scaled_by_a_constant_change_nothing(t, k, p) -> None:  # type: ignore[no-untyped-def]
    x, s, c = t
    a = run_exchange(x, s, c, rounds=3, p=p, rng=5)
    b = run_exchange(x, s, c * k, rounds=3, p=p, rng=5)
    np.testing.assert_array_equal(a.outcome.to_numpy(), b.outcome.to_numpy())
    assert a.exchanges.equals(b.exchanges)


@settings(max_examples=30, deadline=None)
@given(tables(min_n=3), st.randoms(use_true_random=False))
def test_relabelling_and_reordering_give_identical_exchanges(t, rnd) -> None:  # type: ignore[no-untyped-def]
    x, s, c = t
    n, m = x.shape
    ids = [f"a{k}" for k in range(n)]
    iss = [f"q{k}" for k in range(m)]
    pa, pi = list(range(n)), list(range(m))
    rnd.shuffle(pa)
    rnd.shuffle(pi)
    a = run_exchange(x, s, c, rounds=2, actor_ids=ids, issue_ids=iss)
    b = run_exchange(x[pa][:, pi], s[pa][:, pi], c[pa][:, pi], rounds=2,
                     actor_ids=[ids[k] for k in pa], issue_ids=[iss[k] for k in pi])
    assert _sides(a) == _sides(b)
    for i in iss:
        np.testing.assert_allclose(a.outcome[i], b.outcome[i], atol=1e-9)
    np.testing.assert_allclose(a.exchanges["gain"].to_numpy(float), b.exchanges["gain"].to_numpy(float),
                               rtol=1e-9, atol=1e-12)
    # relabelling: new names in the same sorted order are the same problem under new names
    ren = {f"a{k}": f"z{k:02d}" for k in range(n)}
    r = run_exchange(x, s, c, rounds=2, actor_ids=[ren[v] for v in ids], issue_ids=iss)
    assert [(k, frozenset((ren[a_], q) for a_, q in sd)) for k, sd in _sides(a)] == _sides(r)


# -- degenerate and bad input -------------------------------------------

def test_equal_positions_everywhere_no_exchange_documented() -> None:
    res = run_exchange([[30, 70]] * 3, [[.5, .9], [.9, .2], [.3, .3]], [[1, 1]] * 3, rounds=3)
    assert res.exchanges.empty
    w = res.status.warnings
    assert sum("same position" in v for v in w) == 2 and any("no exchange was realised" in v for v in w)
    np.testing.assert_array_equal(res.outcome.to_numpy(), [[30.0, 70.0]] * 4)


def test_no_actor_on_two_issues_warns() -> None:
    nan = np.nan
    res = run_exchange([[10, nan], [90, nan], [nan, 20], [nan, 60]],
                       [[.5, nan], [.5, nan], [nan, .5], [nan, .5]], [[1, nan], [1, nan], [nan, 1], [nan, 1]])
    assert res.exchanges.empty and any("no actor is on two issues" in v for v in res.status.warnings)


@pytest.mark.parametrize("x, s, c, msg", [
    ([[1, 2], [2, 3]], [[0, 0], [0, 0]], [[1, 1], [1, 1]], "no actor has both capability > 0 and salience > 0"),
    ([[1, 2], [2, 3]], [[.5, 0], [.5, 0]], [[1, 1], [1, 1]], "issue 'issue1'"),
    ([[1, 2], [2, 3]], [[.5, .5], [.5, .5]], [[0, 0], [0, 0]], "capability > 0"),
    ([[1, 2], [2, 3]], [[.5, np.nan], [.5, .5]], [[1, 1], [1, 1]], "NaN in some of"),
    ([[1, 2], [2, 3]], [[.5, .5], [.5, .5]], [[1, np.nan], [1, 1]], "NaN in some of"),
    ([[1, np.inf], [2, 3]], [[.5, .5], [.5, .5]], [[1, 1], [1, 1]], "infinite"),
    ([[1, 2], [2, 3]], [[.5, .5], [.5, .5]], [[1, -1], [1, 1]], "negative"),
    ([[1, 2], [2, 300]], [[.5, .5], [.5, .5]], [[1, 1], [1, 1]], "outside the scale"),
    ([[1, 2, 3], [2, 3]], [[.5, .5], [.5, .5]], [[1, 1], [1, 1]], "not numeric|2-d"),
    ([[1, 2], [2, 3]], [[.5, .5]], [[1, 1], [1, 1]], "differ in shape"),
    ([["a", 2], [2, 3]], [[.5, .5], [.5, .5]], [[1, 1], [1, 1]], "not numeric"),
])
def test_bad_input_is_a_clear_error(x, s, c, msg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=msg):
        run_exchange(x, s, c)


@pytest.mark.parametrize("kw, msg", [
    (dict(rounds=-1), "rounds"), (dict(p=-0.1), r"\[0, 1\]"), (dict(p="x"), "number"),
    (dict(p=0.5, repetitions=0), "repetitions"), (dict(tie_break="coin"), "tie_break"),
    (dict(scales=[(0, 100)]), "one \\(min, max\\) per issue|pairs for"), (dict(scales=[(5, 5), (0, 1)]), "min < max"),
    (dict(actor_ids=["a", "a"]), "distinct"), (dict(rng=-3, p=0.5), "seed must be >= 0"),
])
def test_bad_options_are_clear_errors(kw, msg) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=msg):
        run_exchange([[10, 90], [90, 10]], [[.9, .2], [.3, .8]], [[1, 1], [1, 1]], **kw)

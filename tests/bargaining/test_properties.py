"""Invariants of the EU model and the baselines (hypothesis).

Positions are integers and the scale maps use powers of two and integer
shifts, so the transformed problems are the same floating-point problem and
any difference is a real violation, not rounding.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.bargaining import (EUOptions, compromise, median_voter, nash_bargaining, run_eu,
                                    run_eu_batch, weighted_median)

RULES = ["paper", "scholz-code", "dmasad"]


@st.composite
def issues(draw, min_n=2, max_n=7):
    n = draw(st.integers(min_n, max_n))
    x = draw(st.lists(st.integers(0, 20), min_size=n, max_size=n))
    s = draw(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.75, 1.0]), min_size=n, max_size=n))
    c = draw(st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0, 5.0]), min_size=n, max_size=n))
    if sum(a * b for a, b in zip(s, c)) == 0:
        s[0], c[0] = 1.0, 1.0
    return np.array(x, float), np.array(s), np.array(c)


def _opts(rules, q):
    return EUOptions.preset(rules, rounds=4, q=q)


@settings(max_examples=40, deadline=None)
@given(issues(), st.randoms(use_true_random=False), st.sampled_from(RULES), st.sampled_from([1.0, 0.5]))
def test_relabelling_changes_nothing(issue, rnd, rules, q):
    x, s, c = issue
    perm = np.arange(len(x))
    rnd.shuffle(perm)
    o = _opts(rules, q)
    a = run_eu_batch(x, s, c, scale=(0, 20), options=o)
    b = run_eu_batch(x[perm], s[perm], c[perm], scale=(0, 20), options=o)
    np.testing.assert_allclose(a.positions[0][:, perm], b.positions[0], atol=1e-9)
    np.testing.assert_allclose(a.forecast, b.forecast, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(issues(), st.sampled_from([0.25, 0.5, 2.0, 4.0]), st.integers(-50, 50), st.sampled_from(RULES),
       st.sampled_from([1.0, 0.5]))
def test_affine_scale_change_maps_forecasts(issue, a, b, rules, q):
    x, s, c = issue
    o = _opts(rules, q)
    r1 = run_eu_batch(x, s, c, scale=(0, 20), options=o)
    r2 = run_eu_batch(a * x + b, s, c, scale=(b, 20 * a + b), options=o)
    np.testing.assert_allclose(a * r1.positions + b, r2.positions, atol=1e-9)
    np.testing.assert_allclose(a * r1.forecast + b, r2.forecast, atol=1e-9)
    np.testing.assert_allclose(a * compromise(x, s, c) + b, compromise(a * x + b, s, c), atol=1e-9)
    np.testing.assert_allclose(a * median_voter(x, s, c) + b, median_voter(a * x + b, s, c), atol=1e-9)
    for k in (1, 2):
        np.testing.assert_allclose(a * nash_bargaining(x, s, c, scale=(0, 20), loss_power=k) + b,
                                   nash_bargaining(a * x + b, s, c, scale=(b, 20 * a + b), loss_power=k),
                                   atol=1e-6 * a)


@settings(max_examples=40, deadline=None)
@given(issues(), st.sampled_from([0.125, 0.5, 8.0, 1024.0]), st.sampled_from(RULES))
def test_scaling_capabilities_changes_nothing(issue, k, rules):
    x, s, c = issue
    o = _opts(rules, 1.0)
    np.testing.assert_allclose(run_eu_batch(x, s, c, scale=(0, 20), options=o).positions,
                               run_eu_batch(x, s, k * c, scale=(0, 20), options=o).positions, atol=1e-9)
    assert compromise(x, s, c) == compromise(x, s, k * c)
    assert median_voter(x, s, c) == median_voter(x, s, k * c)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 8), st.integers(0, 20), st.sampled_from(RULES), st.sampled_from(["rounds", "fixed_point",
                                                                                     "cycle"]))
def test_consensus_is_the_forecast(n, pos, rules, stop):
    x = np.full(n, float(pos))
    res = run_eu(x, np.full(n, 0.5), np.ones(n), scale=(0, 20), options=EUOptions.preset(rules, stop=stop))
    assert res.forecast == pos
    assert (res.positions.to_numpy() == pos).all()
    assert res.status.converged
    assert nash_bargaining(x, np.full(n, 0.5), np.ones(n), scale=(0, 20)) == pos or \
        abs(nash_bargaining(x, np.full(n, 0.5), np.ones(n), scale=(0, 20)) - pos) < 1e-9


@settings(max_examples=60, deadline=None)
@given(issues(min_n=2, max_n=6), st.sampled_from(RULES), st.sampled_from([1.0, 0.5, 0.0]),
       st.sampled_from(["type_then_least", "least", "max_eu"]))
def test_finite_real_output(issue, rules, q, choice):
    x, s, c = issue
    o = EUOptions.preset(rules, rounds=5, q=q, offer_choice=choice, stop="cycle")
    res = run_eu(x, s, c, scale=(0, 20), options=o)
    vals = res.positions.to_numpy()
    assert np.isrealobj(vals) and np.isfinite(vals).all()
    assert ((vals >= 0) & (vals <= 20)).all()
    r1 = res.round_one
    for frame in (r1.probability, r1.eu_pass1, r1.eu_pass2):
        assert np.isfinite(frame.to_numpy()).all()
    assert np.isfinite(res.forecast)
    for fn in (lambda: nash_bargaining(x, s, c, scale=(0, 20), loss_power=1),
               lambda: nash_bargaining(x, s, c, scale=(0, 20), disagreement="reference", reference=10.0)):
        v = fn()
        assert np.isfinite(v) and 0 <= v <= 20


def test_two_actor_tie():
    res = run_eu([0.0, 10.0], [1.0, 1.0], [1.0, 1.0], scale=(0, 10), options=EUOptions(rounds=3))
    assert np.isfinite(res.positions.to_numpy()).all()
    assert weighted_median([0.0, 10.0], [1.0, 1.0]) == 0.0
    assert weighted_median([0.0, 10.0], [1.0, 1.0], side="upper") == 10.0

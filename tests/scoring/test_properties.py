"""Invariants of the scores: propriety and ranges (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.scoring import baseline_score, brier, log_score, murphy_decomposition, ordered_brier

K = st.integers(min_value=2, max_value=6)


def _simplex(draw, k, floor=0.0):
    w = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=k, max_size=k)))
    p = w / w.sum()
    return (1 - k * floor) * p + floor


@st.composite
def two_forecasts(draw, floor=0.0):
    k = draw(K)
    return _simplex(draw, k, floor), _simplex(draw, k, floor)


def _expected(rule, truth, forecast):
    k = truth.size
    return float(sum(truth[j] * float(rule(forecast, j)) for j in range(k)))


@settings(max_examples=80, deadline=None)
@given(two_forecasts())
def test_brier_and_ordered_brier_are_proper(pq):
    truth, other = pq
    for rule in (brier, ordered_brier):
        assert _expected(rule, truth, truth) <= _expected(rule, truth, other) + 1e-12


@settings(max_examples=80, deadline=None)
@given(two_forecasts(floor=1e-3))
def test_log_and_baseline_are_proper(pq):
    truth, other = pq
    for rule in (log_score, baseline_score):  # higher is better
        assert _expected(rule, truth, truth) >= _expected(rule, truth, other) - 1e-9


@settings(max_examples=80, deadline=None)
@given(two_forecasts(), st.data())
def test_ranges(pq, data):
    p, _ = pq
    j = data.draw(st.integers(0, p.size - 1))
    assert 0.0 <= float(brier(p, j)) <= 2.0 + 1e-12
    assert 0.0 <= float(ordered_brier(p, j)) <= 2.0 + 1e-12
    assert float(log_score(p, j)) <= 0.0
    assert float(baseline_score(p, j)) <= 100.0 + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0]), st.booleans()), min_size=1, max_size=60))
def test_murphy_identity(pairs):
    f = np.array([a for a, _ in pairs])
    o = np.array([float(b) for _, b in pairs])
    d = murphy_decomposition(f, o)
    assert abs(d.brier - (d.reliability - d.resolution + d.uncertainty)) < 1e-12
    assert d.reliability >= 0 and d.resolution >= 0

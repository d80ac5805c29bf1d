"""The test vectors of the registry design note (platform conventions, published examples)."""

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from scipy.stats import norm

from realpolitik.errors import InputError
from realpolitik.scoring import (
    baseline_score, brier, crps_cdf, crps_ensemble, daily_brier, murphy_decomposition,
    numeric_baseline_score, ordered_brier, peer_scores, reliability_data, time_average,
)
from realpolitik.scoring.continuous import cdf_to_pmf, grid, outcome_bucket

D0 = datetime(2024, 3, 1, tzinfo=timezone.utc)


def test_cultivate_daily_brier_0114():
    # 0.9 on days 1-3, 0.95 on days 4-7, YES: (3*0.02 + 4*0.005)/7
    times = [D0 + timedelta(hours=10), D0 + timedelta(days=3, hours=10)]
    score, days = daily_brier(times, [[0.9, 0.1], [0.95, 0.05]], 0, D0, D0 + timedelta(days=7))
    assert days == 7
    assert score == pytest.approx(0.08 / 7, abs=1e-12)
    assert round(score, 4) == 0.0114


def test_daily_brier_only_full_days_and_policies():
    close = D0 + timedelta(days=4, hours=12)
    # a first forecast after the last full day gets no score
    late = [D0 + timedelta(days=4, hours=1)]
    assert daily_brier(late, [[0.9, 0.1]], 0, D0, close) == (pytest.approx(np.nan, nan_ok=True), 0)
    # forecast made on day 3: days 1-2 have none
    t = [D0 + timedelta(days=2, hours=5)]
    ex, n_ex = daily_brier(t, [[0.8, 0.2]], 0, D0, close, policy="exclude")
    zr, n_zr = daily_brier(t, [[0.8, 0.2]], 0, D0, close, policy="zero")
    pr, n_pr = daily_brier(t, [[0.8, 0.2]], 0, D0, close, policy="prior")
    assert (n_ex, n_zr, n_pr) == (2, 4, 4)
    assert ex == pytest.approx(0.08)
    assert zr == pytest.approx(0.08 * 2 / 4)
    assert pr == pytest.approx((0.08 * 2 + 0.5 * 2) / 4)   # uniform prior: binary Brier 0.5
    with pytest.raises(InputError, match="policy"):
        daily_brier(t, [[0.8, 0.2]], 0, D0, close, policy="carry")


def test_ordered_brier_cultivate_027_and_plain_081():
    p = [0.15, 0.45, 0.25, 0.15]
    assert float(ordered_brier(p, 2)) == pytest.approx(0.27, abs=1e-12)
    assert float(brier(p, 2)) == pytest.approx(0.81, abs=1e-12)


def test_ordered_brier_is_2rps_over_k_minus_1_scoringrules():
    sr = pytest.importorskip("scoringrules")
    rng = np.random.default_rng(3)
    p = rng.dirichlet(np.ones(5), size=50)
    o = rng.integers(0, 5, size=50)
    rps = np.asarray(sr.rps_score(np.eye(5)[o], p, onehot=True))
    np.testing.assert_allclose(ordered_brier(p, o), 2 * rps / 4, atol=1e-12)


def test_binary_brier_is_twice_the_one_sided_form():
    sr = pytest.importorskip("scoringrules")
    assert float(brier([0.7, 0.3], 0)) == pytest.approx(0.18)
    assert float(sr.brier_score(1, 0.7)) == pytest.approx(0.09)


def test_metaculus_time_averaged_faq_example_plus_27():
    # 5-day question; 40 % on day 2, 70 % on day 3, 80 % on day 5; YES
    times = [D0 + timedelta(days=1), D0 + timedelta(days=2), D0 + timedelta(days=4)]
    scores = baseline_score([[0.4, 0.6], [0.7, 0.3], [0.8, 0.2]], 0)
    np.testing.assert_allclose(scores.round(), [-32, 49, 68])
    value, coverage = time_average(times, scores, D0, D0 + timedelta(days=5))
    assert value == pytest.approx(26.54, abs=0.01)
    assert round(value) == 27
    assert coverage == pytest.approx(0.8)


def test_time_average_early_close_counts_zero_after_it():
    v, cov = time_average([0], [100.0], 0, 10, end=5)
    assert (v, cov) == (50.0, 0.5)
    assert time_average([0], [100.0], 0, 10, end=5, policy="exclude")[0] == 100.0
    assert time_average([5], [100.0], 0, 10, policy="prior", prior_score=0.0)[0] == 50.0


def test_metaculus_mc_baseline_uses_log_base_n():
    assert float(baseline_score([1.0, 0.0, 0.0], 0)) == pytest.approx(100.0)
    assert float(baseline_score([1 / 3, 1 / 3, 1 / 3], 1)) == pytest.approx(0.0, abs=1e-12)
    assert float(baseline_score([0.5, 0.5], 0)) == pytest.approx(0.0)


def test_peer_scores_sum_to_zero_and_zero_alone():
    f = {"a": ([0, 3], [[0.9, 0.1], [0.6, 0.4]]), "b": ([1], [[0.3, 0.7]]), "c": ([2], [[0.5, 0.5]])}
    s = peer_scores(f, 0, 0, 10)
    assert sum(s.values()) == pytest.approx(0.0, abs=1e-9)
    assert peer_scores({"a": ([0], [[0.9, 0.1]])}, 0, 0, 10) == {"a": 0.0}


def test_murphy_identity_1e12_and_synthetic_check():
    rng = np.random.default_rng(2026)
    f = np.round(rng.uniform(0, 1, 10_000), 1)
    o = (rng.uniform(size=f.size) < f).astype(float)
    d = murphy_decomposition(f, o)
    assert abs(d.brier - (d.reliability - d.resolution + d.uncertainty)) < 1e-12
    assert d.within_bin == pytest.approx(0.0, abs=1e-12)
    # calibrated forecasts: reliability near 0, uncertainty near 0.25, as in the design note
    assert d.reliability < 0.002 and abs(d.uncertainty - 0.25) < 0.005
    # multi-category: per option, summed, equals the mean 0-2 Brier
    p = rng.dirichlet(np.ones(3), 500).round(1)
    p[:, 2] = 1 - p[:, 0] - p[:, 1]
    p = np.clip(p, 0, 1)
    p /= p.sum(axis=1, keepdims=True)
    oc = rng.integers(0, 3, 500)
    m = murphy_decomposition(p, oc)
    assert m.brier == pytest.approx(float(brier(p, oc).mean()), abs=1e-12)
    assert abs(m.brier - (m.reliability - m.resolution + m.uncertainty)) < 1e-12
    coarse = murphy_decomposition(f, o, bins=np.linspace(0, 1, 3))
    assert coarse.brier == pytest.approx(d.brier)


def test_crps_cdf_matches_closed_normal_and_scoringrules():
    sr = pytest.importorskip("scoringrules")
    mu, sigma, y = 10.0, 3.0, 12.5
    x = grid(-20.0, 40.0)
    f = norm.cdf(x, mu, sigma)
    f[0], f[-1] = 0.0, 1.0
    ours = crps_cdf(x, f, y)
    ref = float(sr.crps_normal(y, mu, sigma))
    assert ours == pytest.approx(ref, abs=2e-3)
    # outside the range: point mass at the bound
    assert crps_cdf(np.array([0.0, 1.0]), np.array([0.0, 1.0]), 3.0) == pytest.approx(1 / 3 + 2)
    samples = np.random.default_rng(1).normal(mu, sigma, 20_000)
    assert float(crps_ensemble(y, samples)) == pytest.approx(ref, abs=0.05)


def test_numeric_pmf_buckets_and_baseline():
    cdf = np.linspace(0.0, 1.0, 201)
    pmf = cdf_to_pmf(cdf)
    assert pmf.size == 202 and pmf.sum() == pytest.approx(1.0)
    assert (outcome_bucket(-0.1), outcome_bucket(0.0), outcome_bucket(0.5), outcome_bucket(1.0),
            outcome_bucket(1.2)) == (0, 1, 101, 200, 201)
    # open bounds: 5 % in each tail of the forecast, baseline b = 0.05 there
    open_cdf = 0.05 + 0.9 * np.linspace(0, 1, 201)
    assert numeric_baseline_score(open_cdf, -5.0, 0, 10, open_lower=True, open_upper=True) == pytest.approx(0.0)
    assert numeric_baseline_score(open_cdf, 5.0, 0, 10, open_lower=True, open_upper=True) == pytest.approx(0.0)


def test_reliability_bins_edges():
    r = reliability_data([0.0, 0.1, 0.0999, 1.0, 0.95], [0, 1, 0, 1, 1], n_bins=10)
    assert r.count.tolist() == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert r.observed[9] == 1.0 and np.isnan(r.observed[5])
    assert np.all(r.low[r.count > 0] <= r.observed[r.count > 0])


def test_bad_forecasts_are_input_errors():
    with pytest.raises(InputError, match="sum"):
        brier([0.6, 0.6], 0)
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        brier([1.2, -0.2], 0)
    with pytest.raises(InputError, match="option index"):
        brier([0.5, 0.5], 2)
    with pytest.raises(InputError, match="time zone"):
        time_average([datetime(2024, 1, 1)], [1.0], D0, D0 + timedelta(days=1))


def test_reliability_bins_open_at_their_edge_and_intervals_hold_the_frequency():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from realpolitik.scoring import reliability_data

    # every edge k/10 opens bin k (the float edges 0.30000000000000004 once sent 0.3 to bin 2)
    r = reliability_data([k / 10 for k in range(11)], [0] * 11, n_bins=10)
    assert r.count.tolist() == [1] * 9 + [2]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 20).map(lambda k: k / 20), st.booleans()), min_size=1, max_size=40),
           st.integers(1, 20))
    def holds(events, n_bins):
        f, o = zip(*events)
        d = reliability_data(list(f), [int(x) for x in o], n_bins=n_bins)
        ok = d.count > 0
        assert int(d.count.sum()) == len(events)
        assert np.all(d.low[ok] <= d.observed[ok]) and np.all(d.observed[ok] <= d.high[ok])
        assert np.all((d.low[ok] >= 0) & (d.high[ok] <= 1))

    holds()

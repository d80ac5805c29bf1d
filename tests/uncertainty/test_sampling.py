"""Samplers: each design reproduces its declared distributions (Kolmogorov-Smirnov)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from realpolitik.errors import InputError
from realpolitik.scenario.distributions import Beta, Discrete, Fixed, Triangular, TruncNormal, Uniform
from realpolitik.uncertainty import SAMPLERS, sample_design, uniform_design
from realpolitik.uncertainty.sampling import MC_BLOCK

DISTS = {
    "uniform": (Uniform(dist="uniform", low=2, high=5), stats.uniform(2, 3)),
    "triangular": (Triangular(dist="triangular", low=20, mode=30, high=40),
                   stats.triang(0.5, loc=20, scale=20)),
    "triangular_skew": (Triangular(dist="triangular", low=0, mode=1, high=10),
                        stats.triang(0.1, loc=0, scale=10)),
    "truncnormal": (TruncNormal(dist="truncnormal", mean=0.5, sd=0.2, low=0, high=1),
                    stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2)),
    "normal_unbounded": (TruncNormal(dist="truncnormal", mean=3, sd=2), stats.norm(3, 2)),
    "beta": (Beta(dist="beta", alpha=2, beta=5, low=10, high=20), stats.beta(2, 5, loc=10, scale=10)),
}


@pytest.mark.parametrize("method", SAMPLERS)
@pytest.mark.parametrize("name", sorted(DISTS))
def test_ks_against_declared_distribution(method, name):
    dist, ref = DISTS[name]
    d = sample_design({"x": dist}, 2048, method=method, rng=12345)
    res = stats.kstest(d.values[:, 0], ref.cdf)
    assert res.pvalue > 1e-3, (method, name, res)
    lo, hi = dist.support
    assert d.values.min() >= lo and d.values.max() <= hi
    assert np.isfinite(d.values).all()


def test_ks_detects_a_wrong_distribution():
    # The check above can fail: the same sample against a shifted reference is rejected.
    d = sample_design({"x": DISTS["uniform"][0]}, 2048, method="mc", rng=1)
    assert stats.kstest(d.values[:, 0], stats.uniform(2.2, 3).cdf).pvalue < 1e-6


@pytest.mark.parametrize("method", SAMPLERS)
def test_discrete_frequencies(method):
    dist = Discrete(dist="discrete", values=[1, 2, 5], probs=[0.2, 0.5, 0.3])
    x = sample_design({"x": dist}, 4096, method=method, rng=3).values[:, 0]
    counts = np.array([(x == v).sum() for v in (1, 2, 5)])
    assert counts.sum() == x.size
    assert stats.chisquare(counts, 4096 * np.array([0.2, 0.5, 0.3])).pvalue > 1e-3


def test_fixed_is_constant():
    d = sample_design({"x": Fixed(dist="fixed", value=4.5)}, 10, rng=0)
    assert (d.values == 4.5).all()


def test_lhs_is_stratified():
    u = uniform_design(100, 3, method="lhs", rng=5)
    for j in range(3):
        assert sorted(np.floor(u[:, j] * 100).astype(int)) == list(range(100))


def test_sobol_power_of_two_is_balanced():
    u = uniform_design(256, 2, method="sobol", rng=5)
    for j in range(2):
        assert np.bincount(np.floor(u[:, j] * 16).astype(int), minlength=16).tolist() == [16] * 16


@pytest.mark.parametrize("method", SAMPLERS)
def test_same_seed_same_design_other_seed_differs(method):
    a = uniform_design(300, 4, method=method, rng=9)
    b = uniform_design(300, 4, method=method, rng=9)
    c = uniform_design(300, 4, method=method, rng=10)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_mc_design_is_a_prefix_of_a_longer_one():
    # Fixed-size seeded blocks: n rows are the first n rows of any longer design.
    short = uniform_design(MC_BLOCK + 17, 3, method="mc", rng=4)
    long = uniform_design(3 * MC_BLOCK + 5, 3, method="mc", rng=4)
    assert np.array_equal(short, long[: short.shape[0]])


def test_seed_sequence_objects_are_not_consumed():
    ss = np.random.SeedSequence(77)
    assert np.array_equal(uniform_design(50, 2, rng=ss), uniform_design(50, 2, rng=ss))


@pytest.mark.parametrize("method", SAMPLERS)
def test_copula_imposes_rank_correlation_and_keeps_marginals(method):
    ins = {"a": DISTS["triangular"][0], "b": DISTS["beta"][0], "c": DISTS["uniform"][0]}
    d = sample_design(ins, 4096, method=method, rng=2, correlation={("a", "b"): 0.7})
    rho = stats.spearmanr(d.values[:, 0], d.values[:, 1]).statistic
    assert rho == pytest.approx(0.7, abs=0.04)
    assert abs(stats.spearmanr(d.values[:, 0], d.values[:, 2]).statistic) < 0.06
    assert stats.kstest(d.values[:, 0], DISTS["triangular"][1].cdf).pvalue > 1e-3
    assert stats.kstest(d.values[:, 1], DISTS["beta"][1].cdf).pvalue > 1e-3


@pytest.mark.parametrize("corr", [
    {("a", "zz"): 0.5},
    {("a", "a"): 0.5},
    {("a", "b"): 1.5},
    {("a", "b"): 0.95, ("b", "c"): 0.95, ("a", "c"): -0.95},
])
def test_bad_correlation_is_an_input_error(corr):
    ins = {k: DISTS["uniform"][0] for k in "abc"}
    with pytest.raises(InputError):
        sample_design(ins, 10, correlation=corr)


@pytest.mark.parametrize("kwargs", [{"n": 0}, {"n": -3}, {"n": 2.5}, {"n": 10, "method": "halton"},
                                    {"n": 10, "rng": -1}])
def test_bad_arguments_are_input_errors(kwargs):
    with pytest.raises(InputError):
        sample_design({"x": DISTS["uniform"][0]}, **kwargs)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), n=st.integers(1, 300), method=st.sampled_from(SAMPLERS),
       low=st.floats(-1e3, 1e3), width=st.floats(1e-3, 1e3))
def test_values_stay_in_support(seed, n, method, low, width):
    dists = {"u": Uniform(dist="uniform", low=low, high=low + width),
             "t": Triangular(dist="triangular", low=low, mode=low + width / 3, high=low + width),
             "n": TruncNormal(dist="truncnormal", mean=low, sd=width)}
    v = sample_design(dists, n, method=method, rng=seed).values
    assert v.shape == (n, 3)
    assert np.isfinite(v).all()
    assert ((v[:, 0] >= low) & (v[:, 0] <= low + width)).all()
    assert ((v[:, 1] >= low) & (v[:, 1] <= low + width)).all()

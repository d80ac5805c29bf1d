"""Sobol indices against the Ishigami function's analytic values; Morris and tornado on exact cases."""

from __future__ import annotations

import pytest

from realpolitik.errors import InputError
from realpolitik.scenario import load_any
from realpolitik.scenario.distributions import Fixed, Triangular, Uniform
from realpolitik.uncertainty import FunctionModel, bargaining_model, sensitivity, tornado
from realpolitik.uncertainty.testfunctions import ISHIGAMI_INDICES, ishigami_model


@pytest.fixture(scope="module")
def ishigami_sobol():
    return sensitivity(ishigami_model(), "y", method="sobol", n=4096, rng=11)


def test_ishigami_sobol_indices(ishigami_sobol):
    idx = ishigami_sobol.indices.loc[["x1", "x2", "x3"]]
    # Published values (Saltelli et al. 2008); tolerance 0.03 at N = 4096.
    assert idx.S1.to_numpy() == pytest.approx(ISHIGAMI_INDICES["S1"], abs=0.03)
    assert idx.ST.to_numpy() == pytest.approx(ISHIGAMI_INDICES["ST"], abs=0.03)
    assert (idx.S1_conf > 0).all() and (idx.S1_conf < 0.05).all()
    # The intervals cover the analytic values (allowing a small slack for the bootstrap).
    for name, s1, st in zip(["x1", "x2", "x3"], ISHIGAMI_INDICES["S1"], ISHIGAMI_INDICES["ST"]):
        assert abs(idx.loc[name, "S1"] - s1) <= 2 * idx.loc[name, "S1_conf"] + 0.005
        assert abs(idx.loc[name, "ST"] - st) <= 2 * idx.loc[name, "ST_conf"] + 0.005
    assert ishigami_sobol.n_evaluations == 4096 * 5 + 7


def test_sorted_by_total_order(ishigami_sobol):
    assert list(ishigami_sobol.indices.index) == ["x1", "x2", "x3"]


def test_sobol_is_reproducible():
    a = sensitivity(ishigami_model(), "y", n=256, rng=3)
    b = sensitivity(ishigami_model(), "y", n=256, rng=3)
    assert a.indices.equals(b.indices)


def _linear(c):
    return {"y": 3.0 * c["a"] + c["b"] + 0.0 * c["c"], "pos": (c["a"] > 0.5)}


LIN = FunctionModel(_linear, {"a": Uniform(dist="uniform", low=0, high=1),
                              "b": Uniform(dist="uniform", low=0, high=1),
                              "c": Triangular(dist="triangular", low=0, mode=1, high=2),
                              "k": Fixed(dist="fixed", value=1.0)})


def test_morris_on_a_linear_function_is_exact():
    res = sensitivity(LIN, "y", method="morris", n=40, rng=1)
    idx = res.indices
    # Inputs map through their quantile functions: U(0, 1) is the identity, so effects are the slopes.
    assert idx.loc["a", "mu_star"] == pytest.approx(3.0)
    assert idx.loc["b", "mu_star"] == pytest.approx(1.0)
    assert idx.loc["c", "mu_star"] == pytest.approx(0.0)
    assert idx.loc["a", "sigma"] == pytest.approx(0.0, abs=1e-9)
    assert list(idx.index) == ["a", "b", "c"]  # fixed inputs are not analysed
    assert res.n_evaluations == 40 * 4 + 7


def test_tornado_swings_are_exact():
    t = tornado(LIN, "y")
    assert t.input.tolist() == ["a", "b", "c"]
    assert t.swing.to_numpy() == pytest.approx([3 * 0.9, 0.9, 0.0])
    assert t.loc[0, "low"] == pytest.approx(0.05) and t.loc[0, "high"] == pytest.approx(0.95)


def test_discrete_output_needs_an_outcome():
    with pytest.raises(InputError, match="pos"):
        sensitivity(LIN, "nope", n=8, rng=1)
    res = sensitivity(LIN, "pos=True", n=256, rng=1)
    assert res.indices.index[0] == "a"
    assert res.indices.loc["b", "ST"] == pytest.approx(0.0, abs=1e-9)


def test_bad_method_and_n():
    with pytest.raises(InputError):
        sensitivity(LIN, "y", method="fast")
    with pytest.raises(InputError):
        sensitivity(LIN, "y", n=1)


def test_belarus_bargaining_drivers():
    sc = load_any("belarus-2022")
    res = sensitivity(bargaining_model(sc, models=("compromise",)), "bargaining.involvement.compromise",
                      n=256, rng=4)
    d = res.to_dict()
    assert set(d) == {"method", "output", "base", "n_evaluations", "indices", "tornado", "provenance",
                      "status"}
    assert set(d["indices"][0]) == {"input", "S1", "S1_conf", "ST", "ST_conf", "noise"}
    assert set(d["tornado"][0]) == {"input", "low", "high", "output_low", "output_high", "swing"}
    # The compromise is additive in positions: Belarus's position matters, and ST >= S1 - noise.
    assert (res.indices.ST >= res.indices.S1 - 0.05).all()
    assert res.provenance.scenario_digest is None  # a Model, not a scenario


def _flat(c):
    return {"y": 0.0 * c["a"] + 2.0}


def test_constant_output_is_named_not_a_numpy_warning():
    m = FunctionModel(_flat, {"a": Uniform(dist="uniform", low=0, high=1),
                              "b": Uniform(dist="uniform", low=0, high=1)})
    res = sensitivity(m, "y", method="sobol", n=16, rng=1)
    assert res.constant_output
    assert res.status.warnings == ("output 'y' is constant over the design: every index is undefined or zero",)
    assert not sensitivity(LIN, "y", method="sobol", n=64, rng=1).constant_output


def _cubic(c):
    return {"y": c["a"] ** 3 + 0.3 * c["b"], "big": c["a"] > 0.5}


CUBIC = FunctionModel(_cubic, {"a": Uniform(dist="uniform", low=0, high=1),
                               "b": Uniform(dist="uniform", low=0, high=1)})


@pytest.mark.parametrize("seed", range(1, 8))
def test_sobol_estimates_outside_0_1_are_flagged_as_noise(seed):
    res = sensitivity(CUBIC, "y", n=8, rng=seed)  # tiny N: the estimator is noisy
    idx = res.indices
    outside = (idx.S1 > 1) | (idx.ST > 1) | (idx.S1 < -idx.S1_conf) | (idx.ST < -idx.ST_conf)
    assert idx.noise.tolist() == outside.tolist()
    flagged = [w for w in res.status.warnings if "estimation noise" in w]
    assert len(flagged) == int(outside.sum())
    assert all(d["noise"] is bool(outside[d["input"]]) for d in res.to_dict()["indices"])


def test_no_noise_flag_with_enough_samples(ishigami_sobol):
    assert not ishigami_sobol.indices.noise.any()
    assert not any("estimation noise" in w for w in ishigami_sobol.status.warnings)


def test_an_outcome_that_never_occurs_is_an_error_listing_the_valid_ones():
    with pytest.raises(InputError, match=r"outcome 'maybe' of output 'big' never occurs.*'False', 'True'"):
        sensitivity(CUBIC, "big=maybe", n=8, rng=1)
    assert sensitivity(CUBIC, "big=true", n=8, rng=1).output == "big=true"

"""The runner: same seed -> bit-identical results for every backend and chunk size."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from scipy import stats

from realpolitik.errors import InputError
from realpolitik.scenario import load_any
from realpolitik.uncertainty import (FunctionModel, bargaining_model, simulate, wilson_interval)
from realpolitik.uncertainty.testfunctions import ishigami_model

N = 600


@pytest.fixture(scope="module")
def belarus():
    return load_any("belarus-2022")


@pytest.fixture(scope="module")
def bmodel(belarus):
    return bargaining_model(belarus, models=("eu", "compromise", "median"))


@pytest.fixture(scope="module")
def reference(bmodel):
    return simulate(bmodel, N, rng=2022, sampler="lhs")


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _same(a, b):
    pd.testing.assert_frame_equal(a.samples, b.samples, check_exact=True)
    num_a, num_b = a.samples.select_dtypes("number"), b.samples.select_dtypes("number")
    assert num_a.to_numpy().tobytes() == num_b.to_numpy().tobytes()  # bit for bit, not just ==
    assert list(a.samples.columns) == list(b.samples.columns)


@pytest.mark.parametrize("chunk_size", [1, 7, 128, N])
def test_chunk_size_does_not_change_results(bmodel, reference, chunk_size):
    _same(reference, simulate(bmodel, N, rng=2022, sampler="lhs", chunk_size=chunk_size))


def test_process_backend_is_bit_identical(bmodel, reference):
    _same(reference, simulate(bmodel, N, rng=2022, sampler="lhs", backend="process", workers=2,
                              chunk_size=97))


def test_dask_backend_is_bit_identical(bmodel, reference, dask_client):
    _same(reference, simulate(bmodel, N, rng=2022, sampler="lhs", backend="dask", client=dask_client,
                              chunk_size=150))
    _same(reference, simulate(bmodel, N, rng=2022, sampler="lhs", backend="dask", client=dask_client,
                              chunk_size=41))


@pytest.mark.parametrize("sampler", ["mc", "sobol"])
def test_every_sampler_identical_across_backends(sampler, dask_client):
    m = ishigami_model()
    a = simulate(m, 512, rng=5, sampler=sampler)
    _same(a, simulate(m, 512, rng=5, sampler=sampler, backend="dask", client=dask_client, chunk_size=100))


def test_different_seed_differs(bmodel, reference):
    other = simulate(bmodel, N, rng=2023, sampler="lhs")
    assert not np.array_equal(other.samples.to_numpy(), reference.samples.to_numpy())


def test_result_contents(reference, belarus):
    res = reference
    assert res.n == N
    # every uncertain bargaining input of the issue, in the scenario's order (not the status quo here)
    expected = tuple(k for k in belarus.uncertain_inputs() if k.startswith("issue.involvement.")
                     and not k.endswith(".status_quo"))
    assert len(expected) > 4 and res.input_names == expected
    assert res.output_names == ("bargaining.involvement.eu", "bargaining.involvement.eu.cycles",
                                "bargaining.involvement.compromise", "bargaining.involvement.median")
    cycles = res.samples["bargaining.involvement.eu.cycles"]
    assert cycles.dtype == bool
    # a cycling sample is named in the status, with its share
    named = [w for w in res.status.warnings if "end in a cycle" in w]
    assert bool(named) == bool(cycles.any())
    if cycles.any():
        assert f"{cycles.mean():.1%}" in named[0]
    assert list(res.samples.columns) == list(res.input_names + res.output_names)
    eu = res.samples["bargaining.involvement.eu"]
    assert ((eu >= 0) & (eu <= 100)).all()
    q = res.quantiles.loc["bargaining.involvement.compromise"]
    assert q["min"] <= q["q0.05"] <= q["q0.5"] <= q["q0.95"] <= q["max"]
    assert q["q0.5"] == pytest.approx(np.median(res.samples["bargaining.involvement.compromise"]))
    p = res.provenance
    assert p.engine == "uncertainty.simulate" and p.seed == 2022
    assert p.parameters["n"] == N and p.parameters["sampler"] == "lhs"
    assert p.parameters["model"]["eu_options"]["rounds"] >= 1
    assert res.status.converged


def test_point_values_reproduce_the_point_forecast(belarus):
    # With all inputs at their point values the compromise output is the weighted mean of issue_data.
    from realpolitik.uncertainty import point_inputs

    m = bargaining_model(belarus, models=("compromise",))
    out = m.evaluate(point_inputs(m.inputs, 1), 1)
    d = belarus.issue_data()
    w = d.saliences * d.capabilities
    assert out["bargaining.involvement.compromise"][0] == pytest.approx((w * d.positions).sum() / w.sum())


def test_salience_inputs_are_rescaled(belarus):
    # A scenario with an uncertain salience on 0-100 reaches the engine on 0-1.
    data = belarus.to_data()
    data["issues"][0]["positions"][2]["salience"] = {"dist": "uniform", "low": 90, "high": 100}
    from realpolitik.scenario import scenario_from_data

    sc = scenario_from_data(data)
    m = bargaining_model(sc, models=("compromise",))
    name = "issue.involvement.ukraine.salience"
    assert name in m.inputs
    x, s, c = m.arrays({**{k: np.full(2, d.point) for k, d in m.inputs.items()}, name: np.array([90., 100.])}, 2)
    assert s[:, 2].tolist() == [0.9, 1.0]


def _threshold_func(c):
    return {"y": c["x"] * 2.0, "hi": c["x"] > 0.7, "label": np.where(c["x"] > 0.3, "up", "down")}


def test_discrete_outputs_probabilities_and_wilson():
    from realpolitik.scenario import Uniform

    m = FunctionModel(_threshold_func, {"x": Uniform(dist="uniform", low=0, high=1)})
    res = simulate(m, 4000, rng=8)
    p, lo, hi = res.probability("hi", True)
    k = int(res.samples["hi"].sum())
    assert p == k / 4000
    assert (lo, hi) == pytest.approx(wilson_interval(k, 4000))
    assert lo < 0.3 < hi
    rows = res.probabilities[res.probabilities.output == "label"]
    assert rows.outcome.tolist() == ["up", "down"]  # most likely first
    assert rows.p.sum() == pytest.approx(1.0)
    assert res.probability("label", "never") [0] == 0.0
    with pytest.raises(InputError):
        res.probability("nope", "x")


@pytest.mark.parametrize("k,n", [(0, 10), (3, 10), (10, 10), (81, 263), (500, 1000)])
def test_wilson_matches_scipy(k, n):
    ref = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((ref.low, ref.high), abs=1e-12)


def test_json_shape(reference):
    d = reference.to_dict()
    assert set(d) == {"n", "seed", "sampler", "backend", "inputs", "outputs", "provenance", "status"}
    eu = d["outputs"]["bargaining.involvement.eu"]
    assert eu["kind"] == "numeric"
    assert set(eu) == {"kind", "mean", "sd", "min", "max", "quantiles"}
    assert list(eu["quantiles"]) == ["0.05", "0.25", "0.5", "0.75", "0.95"]
    json.dumps(d)


def test_parquet_round_trip(reference, tmp_path):
    path = tmp_path / "out.parquet"
    reference.to_parquet(path)
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, reference.samples)
    meta = json.loads(pq.read_schema(path).metadata[b"realpolitik"])
    assert meta["provenance"]["seed"] == 2022
    assert meta["outputs"] == list(reference.output_names)
    assert [p.name for p in tmp_path.iterdir()] == ["out.parquet"]


def test_parquet_into_missing_folder_is_an_error(reference, tmp_path):
    from realpolitik.errors import RealpolitikError

    with pytest.raises(RealpolitikError):
        reference.to_parquet(tmp_path / "nope" / "out.parquet")


@pytest.mark.parametrize("kwargs", [{"backend": "gpu"}, {"chunk_size": 0}, {"sampler": "x"},
                                    {"scheduler": "tcp://127.0.0.1:1"}, {"workers": 0}])
def test_bad_options(bmodel, kwargs):
    with pytest.raises(InputError):
        simulate(bmodel, 10, rng=1, **kwargs)


def test_progress_callback_reaches_total(bmodel):
    seen = []
    simulate(bmodel, 250, rng=1, chunk_size=100, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(100, 250), (200, 250), (250, 250)]


def test_fresh_entropy_is_recorded_and_reproduces(bmodel):
    a = simulate(bmodel, 50)
    assert a.provenance.seed is not None
    _same(a, simulate(bmodel, 50, rng=a.provenance.seed))


def test_scenario_with_game_identical_across_backends(belarus, dask_client):
    # Bargaining (batch axis) and the escalation game (per sample, ordinal draws) together.
    kw = dict(rng=99, sampler="mc")
    a = simulate(belarus, 40, chunk_size=40, **kw)
    assert "game.escalation.belarus" in a.output_names and "bargaining.involvement.eu" in a.output_names
    _same(a, simulate(belarus, 40, chunk_size=7, **kw))
    _same(a, simulate(belarus, 40, backend="dask", client=dask_client, chunk_size=13, **kw))
    _same(a, simulate(belarus, 40, backend="process", workers=2, chunk_size=20, **kw))


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 300), chunk=st.integers(1, 300), seed=st.integers(0, 2**32),
       sampler=st.sampled_from(["mc", "lhs", "sobol"]))
def test_any_chunk_size_gives_the_same_samples(n, chunk, seed, sampler):
    m = ishigami_model()
    a = simulate(m, n, rng=seed, sampler=sampler)
    b = simulate(m, n, rng=seed, sampler=sampler, chunk_size=chunk)
    assert a.samples.to_numpy().tobytes() == b.samples.to_numpy().tobytes()

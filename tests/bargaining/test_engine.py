"""The vectorised engine against the pure-Python reference, batch API, baselines, errors."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from realpolitik.bargaining import (BatchForecastResult, EUOptions, ForecastResult, compromise, mean,
                                    median_voter, nash_bargaining, run_eu, run_eu_batch,
                                    salience_weighted_mean, status_quo, weighted_median)
from realpolitik.bargaining import _kernel as K
from realpolitik.errors import InputError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import reference_eu_pure as ref  # noqa: E402


@pytest.mark.parametrize("rules", ["paper", "scholz-code", "dmasad"])
@pytest.mark.parametrize("q", [1.0, 0.4])
def test_identical_trajectories_three_implementations(rules, q):
    rng = np.random.default_rng(7)
    B, n = 12, 6
    x = rng.integers(0, 101, (B, n)).astype(float)
    s = rng.random((B, n))
    c = rng.random((B, n))
    o = EUOptions.preset(rules, q=q, rounds=5)
    res = run_eu_batch(x, s, c, scale=(0, 100), options=o)
    np_traj, *_ = K.simulate(x / 100, s, c * s, o)
    np.testing.assert_allclose(res.positions, 100 * np_traj, atol=1e-9)
    for b in range(B):
        np.testing.assert_allclose(res.positions[b], ref.run(x[b], s[b], c[b], (0, 100), o), atol=1e-9)
        single = run_eu(x[b], s[b], c[b], scale=(0, 100), options=o)
        np.testing.assert_allclose(single.positions.to_numpy(), res.positions[b], atol=0)
        assert single.forecast == res.forecast[b]


def test_batch_result_shape_and_frozen():
    x = np.tile([0.0, 40.0, 100.0], (5, 1))
    res = run_eu_batch(x, [1.0, 0.5, 0.8], [1.0, 2.0, 1.0], scale=(0, 100), rounds=3)
    assert isinstance(res, BatchForecastResult)
    assert res.positions.shape == (5, 4, 3) and res.median.shape == (5, 4) and res.forecast.shape == (5,)
    assert res.risk_exponent.shape == (5, 3)
    with pytest.raises(ValueError):
        res.positions[0, 0, 0] = 1.0
    with pytest.raises(AttributeError):
        res.forecast = None  # type: ignore[misc]
    assert res.provenance.parameters["rounds"] == 3
    one = run_eu_batch([0.0, 40.0, 100.0], [1.0, 0.5, 0.8], [1.0, 2.0, 1.0], scale=(0, 100), rounds=3)
    assert one.positions.shape == (1, 4, 3)


def test_stop_rules():
    x, s, c = [0.0, 40.0, 100.0], [1.0, 0.5, 0.8], [1.0, 2.0, 1.0]
    res = run_eu(x, s, c, scale=(0, 100), options=EUOptions(rounds=50, stop="cycle"))
    assert isinstance(res, ForecastResult)
    # the rule stops early on a 3-cycle: stopped, but not converged
    assert res.stop_reason == "cycle" and res.cycle_period == 3 and not res.status.converged
    assert res.cycle_range == (0.0, 100.0) and 0 < res.forecast < 100
    assert len(res.positions) == res.status.iterations + 1 <= 51
    fixed = run_eu(x, s, c, scale=(0, 100), options=EUOptions(rounds=50, stop="fixed_point"))
    assert fixed.positions.shape[0] <= 51


def test_baselines_values():
    x = np.array([0.0, 30.0, 100.0])
    s = np.array([1.0, 0.5, 0.5])
    c = np.array([1.0, 2.0, 2.0])
    assert mean(x) == pytest.approx(130 / 3)
    assert salience_weighted_mean(x, s) == pytest.approx(65 / 2)
    assert compromise(x, s, c) == pytest.approx((0 + 30 + 100) / 3)
    assert median_voter(x, s, c) == 30.0
    assert weighted_median(x, [1, 1, 1], side="upper") == 30.0
    assert status_quo(42.5) == 42.5
    # NBS with quadratic loss and worst-point disagreement, two symmetric actors: midpoint.
    assert nash_bargaining([0, 100], [1, 1], [1, 1], scale=(0, 100)) == pytest.approx(50.0)
    # Linear loss, weights 1 and 2: maximise log(100 - x) + 2 log(x) -> 200/3.
    assert nash_bargaining([0, 100], [1, 1], [1, 2], scale=(0, 100), loss_power=1) == pytest.approx(200 / 3)
    # Reference point with actors on both sides: no improvement for all -> the reference.
    assert nash_bargaining([0, 30, 100], [1, 1, 1], [1, 1, 1], scale=(0, 100), disagreement="reference",
                           reference=50) == 50.0


def test_baselines_batch():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, (50, 6))
    s = rng.random((50, 6))
    c = rng.random(6)
    out = compromise(x, s, c)
    assert out.shape == (50,)
    assert np.allclose(out[3], compromise(x[3], s[3], c))
    nbs = nash_bargaining(x, s, c, scale=(0, 100))
    assert nbs.shape == (50,) and np.allclose(nbs[7], nash_bargaining(x[7], s[7], c, scale=(0, 100)))
    assert median_voter(x, s, c, side="upper").shape == (50,)


@pytest.mark.parametrize("kwargs, match", [
    (dict(positions=[0, 200], scale=(0, 100)), "outside the scale"),
    (dict(saliences=[0.5, 50]), "salience"),
    (dict(capabilities=[-1, 1]), "negative"),
    (dict(saliences=[0, 0]), "capability > 0 and salience > 0"),
    (dict(scale=(10, 0)), "min < max"),
    (dict(positions=[0, float("nan")]), "NaN"),
    (dict(rounds=-1), "rounds"),
    (dict(offer_choice="whatever"), "offer_choice"),
    (dict(q=2.0), "q must"),
])
def test_bad_input_raises_input_error(kwargs, match):
    args = dict(positions=[0, 100], saliences=[0.5, 0.5], capabilities=[1, 1], scale=(0, 100))
    args.update(kwargs)
    with pytest.raises(InputError, match=match):
        run_eu(args.pop("positions"), args.pop("saliences"), args.pop("capabilities"), **args)


@pytest.mark.parametrize("rules", ["paper", "scholz-code", "dmasad"])
@pytest.mark.parametrize("q", [1.0, 0.4])
def test_round_one_record_matches_numpy_kernel(rules, q):
    # ForecastResult.round_one comes from the compiled kernel's record; the
    # NumPy kernel is the readable statement of the same first round.
    rng = np.random.default_rng(11)
    o = EUOptions.preset(rules, q=q, rounds=3)
    for _ in range(6):
        n = int(rng.integers(2, 8))
        x = rng.integers(0, 21, n).astype(float)      # integer grid: ties and co-located actors
        s = rng.choice([0.1, 0.5, 1.0], n)
        c = rng.choice([0.0, 1.0, 3.0], n)
        c[0] = 1.0
        res = run_eu(x, s, c, scale=(0, 20), options=o)
        _, _, d = K.one_round(x[None] / 20, s[None], (c * s)[None], o, detail=True)
        r1 = res.round_one
        assert r1.mu == pytest.approx(20 * d.mu[0], abs=1e-12)
        for frame, ref_ in ((r1.probability, d.P), (r1.eu_pass1, d.eu1), (r1.eu_pass2, d.eu2),
                            (r1.security, d.security), (r1.risk_basis, d.risk_basis),
                            (r1.risk_exponent, d.risk)):
            np.testing.assert_allclose(frame.to_numpy(), ref_[0], rtol=0, atol=1e-12)
        first = [m for m in res.moves if m.round == 1]
        assert [res.actor_ids.index(m.actor) for m in first] == list(np.flatnonzero(d.moved[0]))
        for m in first:
            i = res.actor_ids.index(m.actor)
            assert res.actor_ids.index(m.challenger) == d.partner[0, i]
            assert m.kind == K.KIND_NAMES[d.kind[0, i]]
            assert m.challenger_eu == pytest.approx(d.a[0, i], abs=1e-12)
            assert m.mover_eu == pytest.approx(d.b[0, i], abs=1e-12)


def test_forecast_result_frames_are_built_once_and_consistent():
    x, s, c = [4.0, 7, 4, 10, 10, 7], [0.8, 0.4, 0.2, 0.6, 0.9, 0.7], [0.1, 0.1, 0.2, 0.2, 0.1, 0.1]
    res = run_eu(x, s, c, scale=(4, 10), actor_ids=list("abcdef"))
    assert res.positions is res.positions and res.round_one.eu_pass2 is res.round_one.eu_pass2
    assert list(res.positions.columns) == list("abcdef") and res.positions.index.name == "round"
    np.testing.assert_array_equal(res.positions.to_numpy(), res.trajectory)
    d = res.to_dict()
    assert [r["median"] for r in d["rounds"]] == res.median.tolist()
    assert [r["mean"] for r in d["rounds"]] == res.mean.tolist()
    assert [list(r["positions"].values()) for r in d["rounds"]] == res.positions.to_numpy().tolist()
    assert res.pivotal_actors() == tuple(a for a in "abcdef" if res.positions.loc[0, a] == res.median.loc[0])
    assert len(res.moves_frame()) == len(res.moves)
    with pytest.raises(ValueError):
        res.trajectory[0, 0] = 5.0
    with pytest.raises(AttributeError):
        res.forecast = 1.0  # type: ignore[misc]
    # Changing a returned frame does not change the result's arrays.
    res.positions.iloc[0, 0] = 9.0
    assert res.trajectory[0, 0] == 4.0


def test_a_cycle_under_fixed_rounds_is_reported():
    """With stop="rounds" the engine runs on; an oscillation is named in the status."""
    from realpolitik.scenario import load_any

    d = load_any("belarus-2022").issue_data(capability="raw")
    res = run_eu(d.positions, d.saliences, d.capabilities, scale=(d.scale_min, d.scale_max), actor_ids=d.actor_ids)
    assert "period 2 from round 1" in res.status.message
    assert any("cycle" in w for w in res.status.warnings)
    medians = res.median.to_numpy()
    a, b = float(medians[1]), float(medians[2])  # the two phases (70 and 0 with the blind-coded inputs)
    assert a != b and medians[3] == a and medians[4] == b
    lo, hi = min(a, b), max(a, b)
    # A cycle is not convergence, and no single phase passes for the forecast.
    assert not res.status.converged
    assert (res.cycle_period, res.cycle_start, res.cycle_range) == (2, 1, (lo, hi))
    assert res.forecast == (a + b) / 2
    cyc = res.to_dict()
    assert cyc["converged"] is False and cyc["cycle"] == {"period": 2, "start_round": 1, "range": [lo, hi],
                                                          "mean": (a + b) / 2}


def test_batch_names_the_same_cycle_as_one_run():
    from realpolitik.scenario import load_any

    d = load_any("belarus-2022").issue_data(capability="raw")
    one = run_eu(d.positions, d.saliences, d.capabilities, scale=(d.scale_min, d.scale_max))
    # copy 0 cycles; copy 1 is a consensus (a fixed point, converged)
    x = np.stack([d.positions, np.full_like(d.positions, 20.0)])
    batch = run_eu_batch(x, d.saliences, d.capabilities, scale=(d.scale_min, d.scale_max))
    assert batch.cycle_period.tolist() == [2, 1] and batch.cycle_start.tolist() == [1, 0]
    assert batch.converged.tolist() == [False, True]
    assert batch.forecast.tolist() == [one.forecast, 20.0]
    assert (batch.cycle_low[0], batch.cycle_high[0]) == one.cycle_range
    assert not batch.status.converged and "1 of 2 copies end in a cycle" in batch.status.warnings[0]


def test_no_cycle_reported_on_the_ec_example():
    from realpolitik.scenario import load_any

    d = load_any("ec-emissions-1994").issue_data()
    res = run_eu(d.positions, d.saliences, d.capabilities, scale=(4, 10))
    assert res.status.message == "stopped: rounds" and res.status.warnings == ()


def test_consensus_is_reported_as_fixed():
    res = run_eu(np.full(3, 5.0), np.full(3, 0.5), np.ones(3), scale=(0, 10), options=EUOptions(rounds=4))
    assert "positions fixed from round 0" in res.status.message

import numpy as np
import pytest

from realpolitik.backtest import run_backtest
from realpolitik.backtest.models import MODELS, run_model
from realpolitik.backtest.protocol import score


def _all(deu, name):
    f, cov = run_model(deu, name)
    m = deu.scoreable
    return f[m], cov[m], deu.issues["out"].to_numpy()[m]


def test_readme_salience_weighted_mean(deu):
    f, cov, out = _all(deu, "compromise_equal")
    e = np.abs(f - out)
    assert cov.all() and len(e) == 351
    assert round(e.mean(), 2) == 23.64
    assert round(float(np.sqrt((e ** 2).mean())), 2) == 30.31
    assert round(float(np.median(e)), 2) == 18.46
    assert round(e.max(), 2) == 93.20


def test_readme_median_actor(deu):
    f, _, out = _all(deu, "median_actor")
    e = np.abs(f - out)
    assert round(e.mean(), 2) == 28.37
    assert round(float(np.sqrt((e ** 2).mean())), 2) == 40.64


@pytest.mark.parametrize("name, covered", [("commission", 346), ("reference_point", 252), ("nbs", 252)])
def test_coverage_and_fallback(deu, name, covered):
    f, cov, _ = _all(deu, name)
    assert int(cov.sum()) == covered and np.isfinite(f).all()
    base, _, _ = _all(deu, "compromise_equal")
    assert MODELS[name].fallback
    if name != "nbs":
        assert np.array_equal(f[~cov], base[~cov])


def test_nbs_is_rp_when_actors_straddle_it(deu):
    # with a reference point, actors on both sides leave only rp admissible
    f, cov, _ = _all(deu, "nbs")
    sc = deu.scoreable
    rp = deu.issues["rp"].to_numpy()[sc]
    x = np.where(deu.has_data, deu.positions, np.nan)[sc]
    straddle = cov & (np.nanmin(x, 1) < rp) & (np.nanmax(x, 1) > rp)
    assert straddle.sum() >= 10
    assert np.allclose(f[straddle], rp[straddle], atol=1e-6)


def test_eu_on_a_subset(deu):
    sub = deu.subset(np.isin(deu.issues["prnr"], ["d00032", "n99276", "d04167"]))
    f, cov = run_model(sub, "eu")
    assert cov[sub.scoreable].all()
    assert ((f[sub.scoreable] >= 0) & (f[sub.scoreable] <= 100)).all()


def test_run_backtest_shape(deu):
    res = run_backtest(deu, models=["compromise_equal", "commission"], n_boot=100)
    d = res.to_dict()
    assert set(d) == {"protocol", "models"}
    for by in d["models"].values():
        assert set(by) == {"dev", "test", "all"}
        for s in by.values():
            assert set(s) == {"n", "mae", "median_ae", "within10", "mae_ci"}
            assert s["mae_ci"][0] <= s["mae"] <= s["mae_ci"][1]
    assert d["models"]["compromise_equal"]["dev"]["n"] == 219
    assert d["models"]["compromise_equal"]["test"]["n"] == 132
    assert d["protocol"]["coverage"]["commission"]["covered"] == 346
    s = score(res.forecasts["compromise_equal"].to_numpy(), res.forecasts["out"].to_numpy())
    assert s["mae"] == pytest.approx(d["models"]["compromise_equal"]["all"]["mae"])


def test_paired_difference_matches_scores(deu):
    from realpolitik.errors import InputError

    res = run_backtest(deu, models=["compromise_equal", "compromise_gdp"], n_boot=200)
    d = res.paired_difference("compromise_gdp", "compromise_equal", "test")
    sc = res.scores
    assert d["n"] == 132
    assert d["diff"] == pytest.approx(sc["compromise_gdp"]["test"]["mae"] - sc["compromise_equal"]["test"]["mae"])
    assert d["ci"][0] <= d["diff"] <= d["ci"][1]
    with pytest.raises(InputError):
        res.paired_difference("compromise_gdp", "eu")

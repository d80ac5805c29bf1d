"""The exchange model in the DEU III backtest: coverage, fallback, the mapping, the paired comparison."""

import numpy as np

from realpolitik.backtest import run_backtest
from realpolitik.backtest.exchange import exchange_forecasts
from realpolitik.backtest.models import MODELS, run_model


def test_coverage_is_the_multi_issue_proposals(deu):
    f, cov = run_model(deu, "exchange")
    sc = deu.scoreable
    size = deu.issues.groupby("prnr")["isnr"].transform("size").to_numpy()
    assert np.array_equal(cov, sc & (size >= 2))  # every multi-issue proposal here has usable issues
    assert int(cov.sum()) == 322 and np.isfinite(f[sc]).all()
    assert ((f[sc] >= 0) & (f[sc] <= 100)).all()
    base, _ = run_model(deu, "compromise_equal")
    assert MODELS["exchange"].fallback
    assert np.array_equal(f[sc & ~cov], base[sc & ~cov])
    # trading moves outcomes: most covered issues differ from the compromise model
    assert (np.abs(f[cov] - base[cov]) > 1e-9).mean() > 0.5


def test_deterministic_and_on_a_subset(deu):
    sub = deu.subset(np.isin(deu.issues["prnr"], ["d00032", "d00060"]))
    a, ca = exchange_forecasts(sub)
    b, _ = exchange_forecasts(sub)
    assert np.array_equal(a, b, equal_nan=True) and ca.sum() == 6
    full, _ = exchange_forecasts(deu)
    rows = np.flatnonzero(np.isin(deu.issues["prnr"], ["d00032", "d00060"]))
    np.testing.assert_array_equal(full[rows], a)  # one run per proposal, independent of the others


def test_paired_difference_on_covered_issues(deu):
    res = run_backtest(deu, models=["compromise_equal", "exchange"], n_boot=200)
    d = res.paired_difference("exchange", "compromise_equal", "test", covered_by="exchange")
    full = res.paired_difference("exchange", "compromise_equal", "test")
    assert d["n"] < full["n"] and d["ci"][0] <= d["diff"] <= d["ci"][1]
    # uncovered issues carry the fallback (= compromise_equal): zero difference there
    assert abs(full["diff"] * full["n"] - d["diff"] * d["n"]) < 1e-8

import json

import numpy as np
import pytest

from realpolitik.backtest import calibrated as cal
from realpolitik.backtest.deu import DEUData
from realpolitik.errors import InputError


def _perturb_test_outcomes(deu: DEUData) -> DEUData:
    iss = deu.issues.copy()
    test = (iss["split"] == "test").to_numpy()
    iss.loc[test, "out"] = 100.0 - iss.loc[test, "out"]
    return DEUData(iss, deu.positions, deu.saliences, deu.has_data, deu.gdp, deu.source, deu.sha256, deu.notes)


def test_fit_sees_only_dev_rows(deu, monkeypatch):
    seen = {}
    real_fit = cal.fit

    def spy(mean, med, share, outcome):
        seen["n"] = len(outcome)
        return real_fit(mean, med, share, outcome)

    monkeypatch.setattr(cal, "fit", spy)
    cal.fit_deu3(deu)
    assert seen["n"] == 219


def test_test_outcomes_do_not_change_the_fit(deu):
    a = cal.fit_deu3(deu)
    b = cal.fit_deu3(_perturb_test_outcomes(deu))
    assert a.tau == b.tau and a.knot_values == b.knot_values


def test_shipped_params_are_the_dev_fit(deu):
    shipped = cal.load_params()
    fresh = cal.fit_deu3(deu)
    assert shipped.tau == fresh.tau
    assert np.allclose(shipped.knot_values, fresh.knot_values, atol=1e-5)
    assert shipped.fitted_on["split"] == "dev" and shipped.fitted_on["n_issues"] == 219
    assert shipped.fitted_on["data_sha256"] == deu.sha256


def test_refit_writes_file(deu, tmp_path):
    p = cal.refit_deu3(deu, tmp_path / "p.json")
    raw = json.loads((tmp_path / "p.json").read_text())
    assert raw["tau"] == p.tau and "dev_cv_mae" in raw["fitted_on"]


def test_forecast_one_issue_matches_batch(deu):
    f = cal.predict_deu(deu)
    for k in np.flatnonzero(deu.scoreable)[:15]:
        h = deu.has_data[k]
        one = cal.forecast(deu.positions[k, h], deu.saliences[k, h] / 100.0,
                           reference=deu.issues["rp"].iat[k] if deu.issues["has_rp"].iat[k] else None)
        assert one == pytest.approx(f[k])


def test_forecast_rules():
    p = cal.CalibratedParams(tau=0.75, knot_values=(0, 20, 40, 60, 80, 100))
    # 80% of the weight at 100 -> dominant position
    assert cal.forecast([0, 100, 100, 100, 100], [1, 1, 1, 1, 1], params=p) == 100.0
    # identity calibration -> the compromise model
    assert cal.forecast([0, 50, 100], [1.0, 0.5, 0.5], params=p) == pytest.approx(37.5)
    with pytest.raises(InputError):
        cal.forecast([0, 150], [1, 1])
    with pytest.raises(InputError):
        cal.forecast([0, 50], [0, 0])


def test_calibration_map_monotone():
    p = cal.load_params()
    assert all(np.diff(p.knot_values) >= 0)
    m = np.linspace(0, 100, 101)
    g = cal.predict(m, m, np.zeros_like(m), p)
    assert (np.diff(g) >= -1e-12).all() and g.min() >= 0 and g.max() <= 100


def test_forecast_issue_features_are_validated():
    x, s = [0, 40, 100], [0.5, 0.5, 0.5]
    base = cal.forecast(x, s)
    assert cal.forecast(x, s, procedure="COD", voting_rule="unanimity") == base
    assert cal.forecast(x, s, procedure=None, voting_rule=None) == base
    with pytest.raises(InputError, match="unknown issue feature"):
        cal.forecast(x, s, proc="COD")
    with pytest.raises(InputError):
        cal.forecast(x, s, voting_rule="majority")

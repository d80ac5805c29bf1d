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

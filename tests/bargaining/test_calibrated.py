"""The calibrated_compromise model's rules (its DEU fit is tested in tests/backtest)."""

import numpy as np
import pytest

from realpolitik.bargaining import calibrated as cal
from realpolitik.errors import InputError


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

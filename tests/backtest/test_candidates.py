import numpy as np
import pytest

from realpolitik.backtest import calibrated as cal
from realpolitik.backtest import candidates as cand
from realpolitik.backtest.deu import ACTORS, DEUData


def _perturb_test_outcomes(deu: DEUData) -> DEUData:
    iss = deu.issues.copy()
    test = (iss["split"] == "test").to_numpy()
    iss.loc[test, "out"] = 100.0 - iss.loc[test, "out"]
    return DEUData(iss, deu.positions, deu.saliences, deu.has_data, deu.gdp, deu.source, deu.sha256, deu.notes)


def test_pivots_qmv_and_unanimity():
    x = np.array([[0.0, 10.0, 50.0, 90.0, 100.0]] * 2)
    v = np.array([[10.0, 10.0, 10.0, 10.0, 10.0]] * 2)
    L, R, lo, hi = cand.council_pivots(x, v, np.array([0.7, 1.0]))
    # 70 %: four of five members needed -> the core runs from the 2nd to the 4th member
    assert (L[0], R[0]) == (10.0, 90.0)
    assert (L[1], R[1]) == (0.0, 100.0) and (lo[1], hi[1]) == (0.0, 100.0)


def test_votes_and_quota_by_period():
    h = np.zeros((3, len(ACTORS)), bool)
    eu15 = [ACTORS.index(a) for a in cand.AMSTERDAM_VOTES]
    h[:, eu15] = True
    h[:, :2] = True  # Commission and EP do not make an issue post-2004
    h[1, ACTORS.index("pl")] = True
    h[2, [ACTORS.index("pl"), ACTORS.index("ro"), ACTORS.index("cr")]] = True
    v = cand.council_votes(h)
    assert v[0].sum() == 87 and v[0, ACTORS.index("de")] == 10 and v[0, :2].sum() == 0
    assert v[1, ACTORS.index("de")] == 29
    q = cand.qmv_threshold(h, np.array([True, True, False]))
    assert q[0] == pytest.approx(62 / 87) and q[1] == pytest.approx(232 / 321) and q[2] == 1.0


def test_fixed_candidates_reproduce_the_baselines(deu):
    tab = cand.cv_table(deu, names=["compromise_equal", "compromise_gdp"])
    assert tab.set_index("candidate")["dev_cv_mae"].round(2).to_dict() == {"compromise_equal": 23.77,
                                                                         "compromise_gdp": 24.61}


def test_cv_of_the_shipped_model_matches_its_own_cv(deu):
    tab = cand.cv_table(deu, names=["calibrated_compromise"])
    assert tab["dev_cv_mae"].iat[0] == pytest.approx(cal.cross_validate(deu), abs=1e-9)
    assert tab["dev_cv_mae"].iat[0] == pytest.approx(cal.load_params().fitted_on["dev_cv_mae"], abs=1e-4)


def test_candidate_table_sees_only_dev(deu):
    names = ["blend_rp_by_rule", "dominant_only"]
    a = cand.cv_table(deu, names=names)
    b = cand.cv_table(_perturb_test_outcomes(deu), names=names)
    assert a["dev_cv_mae"].tolist() == b["dev_cv_mae"].tolist()

"""Scholz, Calbert & Smith (2011) Table 2: the EC emission example, rounds 1-8.

The published figures are printed to one decimal; some match our values
truncated, others rounded, so a value "matches" when the published figure is
either its truncation or its rounding to one decimal.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from realpolitik.bargaining import EUOptions, run_eu
from realpolitik.scenario import load_any


TABLE2_MEDIAN = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
TABLE2_MEAN = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]
# jmckib's replication (design doc, "Reference figures"), rounds 0-10.
JMCKIB_MEDIAN = [7, 8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671, 9.671, 7.000]
JMCKIB_MEAN = [7.390, 7.461, 7.553, 7.590, 7.358, 7.349, 7.415, 7.511, 7.572, 7.325, 7.242]


def one_decimal_match(ours: float, published: float) -> bool:
    trunc = math.floor(ours * 10 + 1e-9) / 10
    return abs(trunc - published) < 1e-9 or abs(round(ours, 1) - published) < 1e-9


@pytest.fixture(scope="module")
def ec():
    # The catalogue copy of jmckib's ExampleActors.csv (tests/scenario checks they are equal).
    d = load_any("ec-emissions-1994").issue_data()
    return d.positions, d.saliences, d.capabilities, d.actor_ids


@pytest.fixture(scope="module")
def scholz(ec):
    x, s, c, ids = ec
    return run_eu(x, s, c, scale=(4, 10), options=EUOptions.scholz_code(rounds=10), actor_ids=ids)


@pytest.mark.parametrize("rnd", [1, 3, 4, 5, 6, 7, 8])
def test_table2_median(scholz, rnd):
    assert one_decimal_match(scholz.median.loc[rnd], TABLE2_MEDIAN[rnd - 1])


@pytest.mark.xfail(strict=True, reason="round-2 median: Belgium's compromise to France/Italy moves the "
                   "fraction |b|/a = 0.754 of the gap (8.416 -> 9.611); Table 2 needs >= 0.937. "
                   "No documented rule option gives that with round 1 intact (docs/bargaining.md).")
def test_table2_median_round2(scholz):
    assert one_decimal_match(scholz.median.loc[2], TABLE2_MEDIAN[1])


@pytest.mark.parametrize("rnd", range(1, 9))
def test_table2_mean(scholz, rnd):
    assert one_decimal_match(scholz.mean.loc[rnd], TABLE2_MEAN[rnd - 1])


def test_jmckib_trajectory_reproduced(scholz):
    np.testing.assert_allclose(scholz.median.to_numpy(), JMCKIB_MEDIAN, atol=5e-4)
    # printed to 3 decimals (round 7: ours 7.5105, printed 7.511)
    np.testing.assert_allclose(scholz.mean.to_numpy(), JMCKIB_MEAN, atol=1e-3)


def test_paper_rules_differ_from_table2(ec):
    # The printed equations (P from supporters only, P_ij + P_ji = 1) make the
    # 7-year position win: documented, not hidden.
    x, s, c, ids = ec
    res = run_eu(x, s, c, scale=(4, 10), options=EUOptions.paper(rounds=8), actor_ids=ids)
    assert res.median.loc[1] == 7.0
    assert not one_decimal_match(res.median.loc[1], TABLE2_MEDIAN[0])


def test_dmasad_round1_values(ec):
    # dmasad's notebook: vote 7 -> 10, mean 7.389955686853767 -> 7.444520171019051.
    x, s, c, ids = ec
    res = run_eu(x, s, c, scale=(4, 10), options=EUOptions.dmasad(rounds=1), actor_ids=ids)
    assert res.mean.loc[0] == pytest.approx(7.389955686853767, abs=1e-12)
    assert res.median.loc[0] == 7.0
    # Our dmasad preset moves simultaneously (dmasad: sequentially), so only
    # round 0 is exact; record round 1 for the docs.
    assert np.isfinite(res.mean.loc[1])


def test_round_one_internals(scholz):
    r1 = scholz.round_one
    assert r1 is not None
    assert r1.risk_exponent.between(0.5, 2.0).all()
    assert r1.risk_basis.min() == pytest.approx(-1.0) and r1.risk_basis.max() == pytest.approx(1.0)
    assert set(r1.eu_pass2.columns) == set(scholz.actor_ids)
    kinds = {m.kind for m in scholz.moves}
    assert kinds <= {"conflict", "compromise", "capitulation"}
    first = [m for m in scholz.moves if m.round == 1 and m.actor == "belgium"][0]
    assert first.kind == "compromise" and first.end == pytest.approx(8.416, abs=1e-3)


def test_default_rules_are_the_table2_rules():
    assert EUOptions() == EUOptions.scholz_code() == EUOptions.preset("scholz-code")
    assert EUOptions.preset("paper") == EUOptions.paper() != EUOptions()

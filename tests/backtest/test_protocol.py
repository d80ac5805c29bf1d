import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.backtest.protocol import bootstrap_counts, bootstrap_mae, mae_ci, score
from realpolitik.errors import InputError


def test_score_basic_and_inclusive_threshold():
    s = score(np.array([10.0, 50.0, 90.00000000000001]), np.array([0.0, 50.0, 100.0]))
    assert s["n"] == 3 and s["mae"] == pytest.approx(20 / 3) and s["within10"] == 1.0
    assert s["median_ae"] == pytest.approx(10.0)
    assert score(np.array([0.0]), np.array([10.5]))["within10"] == 0.0


def test_score_rejects_missing_forecasts():
    with pytest.raises(InputError):
        score(np.array([np.nan, 1.0]), np.array([1.0, 1.0]))


def test_bootstrap_resamples_whole_proposals():
    clusters = np.array(["a", "a", "b", "c", "c", "c"])
    index, counts = bootstrap_counts(clusters, n_boot=50, rng=1)
    assert counts.shape == (50, 3) and (counts.sum(axis=1) == 3).all()
    # two identical clusters of errors -> every replicate MAE is a mix of cluster means
    e = np.array([0.0, 0.0, 10.0, 20.0, 20.0, 20.0])
    reps = bootstrap_mae(e, index, counts)
    expect = (counts @ np.array([0.0, 10.0, 60.0])) / (counts @ np.array([2.0, 1.0, 3.0]))
    assert np.allclose(reps, expect)


def test_ci_reproducible_and_seed_dependent():
    rng = np.random.default_rng(0)
    e = rng.uniform(0, 50, 40)
    cl = np.repeat(np.arange(10), 4)
    assert mae_ci(e, cl) == mae_ci(e, cl)
    assert mae_ci(e, cl, rng=1) != mae_ci(e, cl, rng=2)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=2, max_size=30), st.integers(1, 5))
def test_ci_brackets_within_range(errs, k):
    e = np.array(errs)
    cl = np.arange(len(e)) % k
    lo, hi = mae_ci(e, cl, n_boot=200)
    assert e.min() - 1e-9 <= lo <= hi <= e.max() + 1e-9


def test_paired_difference_ci():
    import numpy as np

    from realpolitik.backtest.protocol import paired_difference_ci
    from realpolitik.errors import InputError

    rng = np.random.default_rng(1)
    a = rng.uniform(0, 50, 60)
    clusters = np.repeat(np.arange(20), 3)
    d, lo, hi = paired_difference_ci(a + 2.0, a, clusters, n_boot=300)
    assert d == pytest.approx(2.0) and lo == pytest.approx(2.0) and hi == pytest.approx(2.0)
    d, lo, hi = paired_difference_ci(a, a[::-1], clusters, n_boot=300)
    assert lo <= d <= hi and lo < 0 < hi
    with pytest.raises(InputError):
        paired_difference_ci(a, a[:10], clusters)

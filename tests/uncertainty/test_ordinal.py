"""Random cardinal utilities consistent with ordinal ranks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from realpolitik.errors import InputError
from realpolitik.uncertainty import cardinal_from_ranks, n_interior, uniform_design


@settings(max_examples=60, deadline=None)
@given(ranks=st.lists(st.integers(1, 6), min_size=1, max_size=8), seed=st.integers(0, 2**31))
def test_order_is_preserved_ties_shared_ends_fixed(ranks, seed):
    r = np.array(ranks)
    m = n_interior(r)
    u = uniform_design(20, m, rng=seed) if m else np.empty((20, 0))
    v = cardinal_from_ranks(r, u)
    assert v.shape == (20, len(ranks))
    for i in range(len(r)):
        for j in range(len(r)):
            if r[i] > r[j]:
                assert (v[:, i] > v[:, j]).all()
            elif r[i] == r[j]:
                assert (v[:, i] == v[:, j]).all()
    if len(set(ranks)) > 1:
        assert (v[:, r.argmax()] == 1).all() and (v[:, r.argmin()] == 0).all()


def test_interior_values_are_uniform_on_the_ordered_simplex():
    # With 4 ranks the two interior utilities are the order statistics of two uniforms:
    # Beta(1, 2) and Beta(2, 1).
    u = uniform_design(4000, 2, rng=1)
    v = cardinal_from_ranks(np.array([1, 2, 3, 4]), u)
    assert stats.kstest(v[:, 1], stats.beta(1, 2).cdf).pvalue > 1e-3
    assert stats.kstest(v[:, 2], stats.beta(2, 1).cdf).pvalue > 1e-3
    assert stats.kstest(v[:, 1], stats.uniform.cdf).pvalue < 1e-6  # the check can fail


def test_shapes_and_errors():
    r = np.array([[5, 4], [1, 2]])
    assert n_interior(r) == 2
    assert cardinal_from_ranks(r, np.array([[0.2, 0.6]])).tolist() == [[[1.0, 0.6], [0.0, 0.2]]]
    assert cardinal_from_ranks(np.array([3, 3]), np.empty((2, 0))).tolist() == [[0, 0], [0, 0]]
    with pytest.raises(InputError):
        cardinal_from_ranks(r, np.array([[0.2]]))
    with pytest.raises(InputError):
        cardinal_from_ranks(np.array([1.0, np.nan]), np.empty((1, 0)))

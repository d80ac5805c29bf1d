"""The threshold finder: bracketing + bisection to the requested accuracy."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.errors import EngineNotApplicable, InputError
from realpolitik.scenario.distributions import Uniform
from realpolitik.uncertainty import FunctionModel, find_threshold


def _step(c):
    p = c["p"]
    if np.any((p < 0) | (p > 1)):
        raise EngineNotApplicable("p must be a probability")
    return {"choice": np.where(p > 2.0 / 3.0, "enter", "hedge"), "u": 4 - 3 * p, "z": c["z"]}


M = FunctionModel(_step, {"p": Uniform(dist="uniform", low=0.0, high=0.2),
                          "z": Uniform(dist="uniform", low=0, high=1)})


def test_threshold_outside_the_support_is_found_by_widening():
    r = find_threshold(M, "p", "choice")
    assert r.threshold == pytest.approx(2 / 3, abs=1e-6)
    assert r.base_outcome == "hedge" and r.outcome_beyond == "enter" and r.direction == "above"
    assert r.bracket[1] - r.bracket[0] <= 1e-6
    assert r.bracket[0] <= 2 / 3 <= r.bracket[1]
    assert r.status.converged


def test_numeric_output_with_level():
    r = find_threshold(M, "p", "u", level=3.5, tol=1e-9)
    assert r.threshold == pytest.approx(1 / 6, abs=1e-9)
    assert r.direction == "above" and r.base_outcome is True and r.outcome_beyond is False


def test_indicator_output():
    r = find_threshold(M, "p", "choice=enter")
    assert r.threshold == pytest.approx(2 / 3, abs=1e-6)


def test_no_change_reports_none_and_the_refusal():
    r = find_threshold(M, "z", "choice")
    assert r.threshold is None and not r.status.converged
    r = find_threshold(M, "p", "choice", low=0, high=0.5)
    assert r.threshold is None
    assert r.searched == (0.0, 0.5)


def test_search_down():
    def f(c):
        return {"o": c["x"] < -3.25}

    m = FunctionModel(f, {"x": Uniform(dist="uniform", low=0, high=1)})
    r = find_threshold(m, "x", "o")
    assert r.threshold == pytest.approx(-3.25, abs=1e-6) and r.direction == "below"


def test_errors():
    with pytest.raises(InputError, match="level"):
        find_threshold(M, "p", "u")
    with pytest.raises(InputError):
        find_threshold(M, "q", "choice")
    with pytest.raises(InputError):
        find_threshold(M, "p", "nope")
    with pytest.raises(InputError):
        find_threshold(M, "p", "choice", tol=0)


def test_json_shape():
    d = find_threshold(M, "p", "choice").to_dict()
    assert set(d) == {"input", "output", "level", "base_value", "base_outcome", "threshold", "direction",
                      "outcome_beyond", "bracket", "searched", "n_evaluations", "provenance", "status"}
    import json

    json.dumps(d)


def test_an_outcome_that_never_occurs_is_an_error_listing_the_seen_ones():
    with pytest.raises(InputError, match=r"outcome 'entr' of output 'choice' never occurs.*'enter', 'hedge'"):
        find_threshold(M, "p", "choice=entr")

"""Exact polynomials for game values: parsing is safe, arithmetic and roots are right."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.errors import InputError
from realpolitik.report._symbolic import Poly


def test_article_style_printing():
    assert str(Poly.parse("p_ret*1 + (1 - p_ret)*3")) == "3 − 2·p_ret"
    assert str(Poly.parse("4")) == "4"
    assert str(Poly.parse("-x")) == "−x"
    assert str(Poly.parse("x/3 - 1/2")) == "−1/2 + 1/3·x"


@pytest.mark.parametrize("bad", ["__import__('os')", "x.y", "f(x)", "x/y", "x**y", "[1]", "x if y else 2",
                                 "1 +", "x" * 600])
def test_rejects_everything_but_polynomials(bad):
    with pytest.raises(InputError):
        Poly.parse(bad)


def test_threshold_of_the_hedge():
    # design note §3.2: Belarus prefers entering (2) to hedging (4 (1-p_rh) + 1 p_rh) above p_rh = 2/3
    hedge = Poly.parse("(1 - p_rh)*4 + p_rh*1")
    assert (hedge - 2).roots("p_rh", {}) == [pytest.approx(2 / 3)]
    assert hedge.evaluate({"p_rh": Fraction(2, 3)}) == pytest.approx(2.0)


coef = st.integers(-20, 20)


@settings(max_examples=60, deadline=None)
@given(a=coef, b=coef, c=coef, x=st.fractions(-5, 5, max_denominator=7), y=st.fractions(-5, 5, max_denominator=7))
def test_evaluation_is_a_ring_homomorphism(a, b, c, x, y):
    p = Poly.parse(f"{a}*x + {b}*y*x - {c}")
    q = Poly.parse(f"({b} - x)*(y + {a})")
    vals = {"x": x, "y": y}
    pv = a * x + b * y * x - c
    qv = (b - x) * (y + a)
    assert (p + q).evaluate(vals) == pytest.approx(float(pv + qv))
    assert (p * q).evaluate(vals) == pytest.approx(float(pv * qv))
    assert (p - p).terms == {}
    assert Poly.parse(str(p)) == p

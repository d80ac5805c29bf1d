"""The fast constructor of the result dataclasses builds exactly what the generated __init__ builds."""

from __future__ import annotations

import dataclasses

import pytest

from realpolitik._result import Provenance, Status
from realpolitik.games.result import Equilibrium, EquilibriumResult


def test_make_equals_init():
    kw = dict(profile=((1.0, 0.0), (0.5, 0.5)), payoffs=(1.0, 2.0), regret=0.0)
    a, b = Equilibrium._make(**kw), Equilibrium(**kw)
    assert a == b and repr(a) == repr(b) and dataclasses.asdict(a) == dataclasses.asdict(b)
    kw = dict(method="lh", players=("a", "b"), strategies=(("x",), ("y",)), equilibria=(b,), exact=False,
              options={"label": 0}, status=Status(), provenance=Provenance("games.lh"))
    r1, r2 = EquilibriumResult._make(**kw), EquilibriumResult(**kw)
    assert r1 == r2 and r1.to_dict() == r2.to_dict()
    assert r1.extras == {} and r1.extras is not r2.extras  # a fresh default per object
    with pytest.raises(dataclasses.FrozenInstanceError):
        r1.method = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Equilibrium._make(profile=())  # missing fields: the usual TypeError

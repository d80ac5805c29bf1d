"""pygambit (GPL) as an optional oracle: only run where it is installed; never imported by the package."""

from __future__ import annotations

from fractions import Fraction

import pytest

from realpolitik.games import enummixed, pure_equilibria, read_game

from .conftest import gambit_files

pygambit = pytest.importorskip("pygambit")
pytestmark = pytest.mark.oracle


def _mixed(profile, game):
    return tuple(tuple(Fraction(str(profile[s])) for s in p.strategies) for p in game.players)


@pytest.mark.parametrize("path", [p for p in gambit_files("*.nfg") if read_game(p).n_players == 2],
                         ids=lambda p: p.name)
def test_enummixed_equals_pygambit(path):
    pg = pygambit.read_nfg(str(path))
    theirs = {_mixed(eq, pg) for eq in pygambit.nash.enummixed_solve(pg, rational=True).equilibria}
    ours = {e.exact_profile for e in enummixed(read_game(path), exact=True).equilibria}
    assert ours == theirs


@pytest.mark.parametrize("path", gambit_files("*.nfg"), ids=lambda p: p.name)
def test_pure_equals_pygambit(path):
    pg = pygambit.read_nfg(str(path))
    theirs = {_mixed(eq, pg) for eq in pygambit.nash.enumpure_solve(pg).equilibria}
    ours = {e.exact_profile for e in pure_equilibria(read_game(path), exact=True).equilibria}
    assert ours == theirs

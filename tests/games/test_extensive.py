"""Extensive-form solvers: SPE (with chance, ties, subgames), the sequence-form LCP, reduced forms."""

from __future__ import annotations

from fractions import Fraction

import pytest

from realpolitik.errors import EngineNotApplicable
from realpolitik.games import (ExtensiveFormGame, enummixed, read_efg_string, read_game, seqform_lcp, solve,
                               subgame_perfect)
from realpolitik.games.seqform import behavior_equilibrium

from .conftest import gambit_files

PR2 = [p for p in gambit_files("*.efg") if (g := read_game(p)).n_players == 2 and g.perfect_recall]
PR = [p for p in gambit_files("*.efg") if read_game(p).perfect_recall]

ENTRY_TIE = ('EFG 2 R "tie" { "E" "I" } '
             'p "" 1 1 "" { "out" "in" } 0 t "" 1 "o" { 0, 2 } '
             'p "" 2 1 "" { "fight" "share" } 0 t "" 2 "f" { -1, 1 } t "" 3 "s" { 1, 1 }')


@pytest.mark.parametrize("path", PR2, ids=lambda p: p.name)
def test_seqform_gives_a_verified_equilibrium_matching_the_reduced_form(path):
    g = read_game(path)
    for exact in (False, True):
        res = seqform_lcp(g, exact=exact)
        assert len(res.equilibria) == 1, res.status.message
        eq = res.equilibria[0]
        assert eq.regret == 0 if exact else eq.regret <= 1e-8


@pytest.mark.parametrize("path", PR, ids=lambda p: p.name)
def test_spe_profiles_are_verified_in_every_subgame(path):
    g = read_game(path)
    res = subgame_perfect(g, exact=True)
    assert res.equilibria, res.status.message
    assert not res.status.warnings
    for eq in res.equilibria:
        behav = [[list(eq.exact_profile[i][_off(g, i, j):_off(g, i, j) + len(g.infosets[h].actions)])
                  for j, h in enumerate(hs)] for i, hs in enumerate(g.player_infosets)]
        assert behavior_equilibrium(g, behav, True, subgame_roots=g.subgame_roots) is not None


def _off(g, i, j):
    return sum(len(g.infosets[h].actions) for h in g.player_infosets[i][:j])


def test_centipede_backward_induction_takes_everywhere(gambit):
    for name in ("cent4.efg", "centcs10.efg"):
        g = read_game(gambit / name)
        res = subgame_perfect(g)
        assert len(res.equilibria) == 1
        labels = g.action_labels()
        for i, probs in enumerate(res.equilibria[0].profile):
            for lab, p in zip(labels[i], probs):
                assert p == (1.0 if lab == "TAKE" else 0.0)
        # the sequence-form solution is Nash and puts TAKE (best reply) at player 1's unreached nodes, not 1/2
        sq = seqform_lcp(g).equilibria[0]
        assert sq.path == ("Player 1:TAKE",)
        assert 0.5 not in sq.profile[0]


def test_ties_enumerated_exactly():
    # I is indifferent (1 vs 1); E compares 2 (out) with -1 (in, fight) or 1 (in, share)
    g = read_efg_string(ENTRY_TIE)
    res = subgame_perfect(g, exact=True)
    prof = {(e.exact_profile[0], e.exact_profile[1]) for e in res.equilibria}
    one, zero = Fraction(1), Fraction(0)
    assert prof == {((one, zero), (one, zero)), ((zero, one), (zero, one))}


def test_chance_expectation_in_spe(gambit):
    g = read_game(gambit / "test_perfect_info_with_chance.efg")
    res = subgame_perfect(g, exact=True)
    assert res.equilibria and all(e.regret == 0 for e in res.equilibria)


def test_poker_value_one_third(gambit):
    g = read_game(gambit / "doc_poker.efg")
    eq = seqform_lcp(g, exact=True).equilibria[0]
    assert eq.exact_payoffs == (Fraction(1, 3), Fraction(-1, 3))  # Myerson (1991): value 1/3 to the dealer
    spe = subgame_perfect(g, exact=True).equilibria[0]
    assert spe.exact_payoffs == eq.exact_payoffs


def test_imperfect_recall_is_refused_by_behaviour_solvers(gambit):
    g = read_game(gambit / "myerson.efg")
    assert not g.perfect_recall
    for fn in (subgame_perfect, seqform_lcp):
        with pytest.raises(EngineNotApplicable):
            fn(g)
    # strategic-form methods still work on the (full) pure-strategy form
    assert solve(g, "enummixed").equilibria


def test_spe_of_imperfect_information_subgames_uses_the_reduced_form(gambit):
    g = read_game(gambit / "e13.efg")
    res = subgame_perfect(g)
    assert res.equilibria[0].path == ("Player 1:D", "Player 2:D")


def test_reduced_normal_form_payoffs_match_the_tree(gambit):
    g = read_game(gambit / "doc_poker.efg")
    nf = g.reduced_normal_form()
    res = enummixed(nf, exact=True)
    assert {e.exact_payoffs for e in res.equilibria} == {(Fraction(1, 3), Fraction(-1, 3))}
    assert isinstance(g, ExtensiveFormGame)

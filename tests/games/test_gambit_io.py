"""Reading and writing Gambit files: every shared file, exact numbers, labels, errors with lines."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from realpolitik.errors import GameFileError
from realpolitik.games import (ExtensiveFormGame, NormalFormGame, efg_text, nfg_text, read_efg_string, read_game,
                               read_nfg, read_nfg_string, write_efg, write_nfg)

from .conftest import gambit_files

# reduced strategic-form sizes and subgame-root counts from the files' README (pygambit 16.7.0)
REDUCED = {
    "doc_poker.efg": (4, 2), "cent4.efg": (3, 3), "centcs10.efg": (6, 6), "badgame1.efg": (3, 2),
    "sww2.efg": (3, 3), "e13.efg": (8, 8), "e16.efg": (24, 24), "work3.efg": (4, 16), "km6.efg": (4, 3),
    "bayes1a.efg": (4, 4), "holdout7.efg": (8, 8), "catalog_ijgt_selten1975_fig2.efg": (3, 2),
    "test_perfect_info_with_chance.efg": (2, 4), "test_zerosum_efg_from_sequence_form_STOC94_paper.efg": (6, 4),
    "catalog_mor_vonstengelforges2008_fig1.efg": (4, 4), "myerson.efg": (4, 2),
    "catalog_ijgt_selten1975_fig1.efg": (2, 2, 2), "e05.efg": (2, 2, 2), "2s2x2x2.efg": (3, 3, 3),
    "test_3_player_PI_2_dev_off_eq_path.efg": (2, 5, 5), "test_el_farol_bar.efg": (2, 2, 2, 2, 2),
    "catalog_itcs_jakobsen2016_fig3.efg": (2, 2, 2, 2), "condjury.efg": (4, 4, 4),
}
SUBGAME_ROOTS = {"cent4.efg": 4, "centcs10.efg": 10, "badgame1.efg": 3, "sww2.efg": 3, "e13.efg": 5,
                 "e16.efg": 11, "work3.efg": 3, "km6.efg": 3, "holdout7.efg": 2, "2s2x2x2.efg": 2,
                 "catalog_ijgt_selten1975_fig2.efg": 3, "test_perfect_info_with_chance.efg": 4,
                 "test_zerosum_efg_from_sequence_form_STOC94_paper.efg": 3, "test_3_player_PI_2_dev_off_eq_path.efg": 4,
                 "doc_poker.efg": 1, "condjury.efg": 1}


@pytest.mark.parametrize("path", gambit_files(), ids=lambda p: p.name)
def test_every_shared_file_parses_and_round_trips(path):
    game = read_game(path)
    if isinstance(game, NormalFormGame):
        text = nfg_text(game)
        again = read_nfg_string(text)
        assert again.strategies == game.strategies and again.players == game.players
        assert np.array_equal(again.exact_payoffs, game.exact_payoffs)
    else:
        text = efg_text(game)
        again = read_efg_string(text)
        assert efg_text(again) == text
        assert [n.label for n in again.nodes] == [n.label for n in game.nodes]
        assert again.action_labels() == game.action_labels()
        assert again.reduced_normal_form().shape == REDUCED[path.name]
        if path.name in SUBGAME_ROOTS:
            assert len(game.subgame_roots) == SUBGAME_ROOTS[path.name]


def test_decimals_and_rationals_are_exact(gambit):
    g = read_game(gambit / "cent4.efg")
    assert Fraction("0.80") in {p for o in g.outcomes for p in o.payoffs}
    nfg = read_nfg_string('NFG 1 R "x" { "A" "B" } { 1 2 } 0.1 1/3 -2.5 7')
    assert nfg.exact_payoffs[0][0, 0] == Fraction(1, 10) and nfg.exact_payoffs[1][0, 0] == Fraction(1, 3)
    assert nfg.exact_payoffs[0][0, 1] == Fraction(-5, 2)


def test_payoff_form_order_player_one_fastest():
    g = read_nfg_string('NFG 1 R "t" { "1" "2" } { 2 2 } 1 10 2 20 3 30 4 40')
    # contingencies (1,1) (2,1) (1,2) (2,2)
    assert g.payoffs[0].tolist() == [[1, 3], [2, 4]]
    assert g.payoffs[1].tolist() == [[10, 30], [20, 40]]


def test_legacy_empty_and_repeated_labels_accepted():
    text = ('EFG 2 R "legacy" { "" "" } ""\n'
            'p "n" 1 1 "" { "a" "a" } 0\n'
            'p "n" 2 1 "" { "" "" } 0\n'
            't "" 1 "" { 1 2 }\nt "" 2 "" { 3 4 }\n'
            't "" 3 "" { 5 6 }\n')
    g = read_efg_string(text)
    assert g.players == ("", "")
    assert read_efg_string(efg_text(g)).action_labels() == g.action_labels()


def test_labels_survive_a_file_round_trip(tmp_path, gambit):
    g = read_nfg(gambit / "test_2x2_bimatrix_all_zero_payoffs.nfg")
    write_nfg(g, tmp_path / "x.nfg")
    # the file's second player has the (legacy) repeated labels "defect" "defect": kept as they are
    assert read_nfg(tmp_path / "x.nfg").strategies == (("cooperate", "defect"), ("defect", "defect"))
    e = read_game(gambit / "doc_poker.efg")
    write_efg(e, tmp_path / "p.efg")
    assert read_game(tmp_path / "p.efg").players == ("Alice", "Bob")


@pytest.mark.parametrize("text, line, fragment", [
    ('NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1 2 3 4\n5 6 x 8\n', 4, "x"),
    ('NFG 1 R "t" { "A" "B" }\n{ 2 2 }\n1 2 3 4 5 6 7\n', 3, "7 payoffs"),
    ('NFG 2 R "t" { "A" }\n{ 1 }\n1\n', 1, "version"),
    ('EFG 2 R "t" { "A" }\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 }\n', 3, "ends before"),
    ('EFG 2 R "t" { "A" }\np "" 3 1 "" { "a" } 0\nt "" 0\n', 2, "player"),
    ('EFG 2 R "t" { "A" }\nc "" 1 "" { "a" 1/2 "b" 1/3 } 0\nt "" 0\nt "" 0\n', 2, "sum"),
    ('NFG 1 R "t" { "A }\n', 1, "unterminated"),
])
def test_parse_errors_name_the_line(text, line, fragment):
    reader = read_nfg_string if text.startswith("NFG") else read_efg_string
    with pytest.raises(GameFileError) as err:
        reader(text, file="bad.game")
    assert err.value.line == line
    assert fragment in str(err.value)
    assert "bad.game" in str(err.value)


def test_outcome_at_inner_nodes_is_summed(gambit):
    g = read_game(gambit / "e13.efg")
    assert isinstance(g, ExtensiveFormGame)
    inner = [n for n in g.nodes if n.kind != "t" and n.outcome >= 0]
    assert inner, "e13 has outcomes at decision nodes"
    # payoff of a pure profile equals the sum of outcomes along its path
    nf = g.reduced_normal_form()
    b = g.pure_behavior([g.reduced_strategy_maps[0][0], g.reduced_strategy_maps[1][0]], exact=True)
    assert nf.exact_payoffs[0][0, 0] == g.expected_payoffs(b, exact=True)[0]


def test_large_nfg_reads_and_writes(tmp_path):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 100, size=(3, 50, 40, 30))
    g = NormalFormGame.from_arrays(*a)
    write_nfg(g, tmp_path / "big.nfg")
    back = read_nfg(tmp_path / "big.nfg")
    assert np.array_equal(back.payoffs, g.payoffs)

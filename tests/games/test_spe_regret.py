"""The one-pass subgame regret of perfect-information trees equals, exactly, the regret computed
player by player and subgame by subgame from best responses (the general method, which the
verification still uses for trees with non-singleton information sets)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from realpolitik.games import read_efg_string, read_game, subgame_perfect

from .conftest import gambit_files


def _reference(game, behav, roots, exact):
    from realpolitik.games.seqform import _subgame_values

    worst = Fraction(0) if exact else 0.0
    for r in roots:
        cur = _subgame_values(game, behav, exact, r)
        for i in range(game.n_players):
            br, _ = game.best_response_value(behav, i, exact, root=r)
            worst = max(worst, br - cur[i])
    return worst


@st.composite
def tree(draw, players=3):
    """A random perfect-information tree with chance nodes and outcomes at inner nodes, as .efg text."""
    counter = {"h": 0, "c": 0, "o": 0}

    def node(depth):
        kind = "t" if depth == 0 else draw(st.sampled_from("ppc" + ("t" if depth < 3 else "")))
        counter["o"] += 1
        pays = ", ".join(str(draw(st.integers(-3, 3))) for _ in range(players))
        out = f'{counter["o"]} "" {{ {pays} }}' if draw(st.booleans()) or kind == "t" else "0"
        if kind == "t":
            return f't "" {out}\n'
        k = draw(st.integers(2, 3))
        if kind == "c":
            counter["c"] += 1
            ws = [draw(st.integers(1, 4)) for _ in range(k)]
            acts = " ".join(f'"a{a}" {w}/{sum(ws)}' for a, w in enumerate(ws))
            head = f'c "" {counter["c"]} "" {{ {acts} }} {out}\n'
        else:
            counter["h"] += 1
            pl = draw(st.integers(1, players))
            acts = " ".join(f'"a{a}"' for a in range(k))
            head = f'p "" {pl} {counter["h"]} "" {{ {acts} }} {out}\n'
        return head + "".join(node(depth - 1) for _ in range(k))

    body = node(draw(st.integers(1, 4)))
    names = " ".join(f'"P{i}"' for i in range(players))
    return f'EFG 2 R "random" {{ {names} }}\n' + body


def _random_behaviour(game, draw_int, exact):
    out = []
    for hs in game.player_infosets:
        row = []
        for h in hs:
            k = len(game.infosets[h].actions)
            w = [draw_int() for _ in range(k)]
            if sum(w) == 0:
                w[0] = 1
            row.append([Fraction(x, sum(w)) if exact else x / sum(w) for x in w])
        out.append(row)
    return out


@settings(max_examples=80, deadline=None)
@given(tree(), st.data(), st.booleans())
def test_one_pass_regret_equals_best_response_regret(text, data, exact):
    g = read_efg_string(text)
    assert g.perfect_information
    roots = g.subgame_roots
    behav = _random_behaviour(g, lambda: data.draw(st.integers(0, 3)), exact)
    got = g.subgame_regret(behav, roots, exact)
    ref = _reference(g, behav, roots, exact)
    if exact:
        assert got == ref
    else:
        assert got == pytest.approx(ref, abs=1e-12)
    # a subgame-perfect profile has zero regret in every subgame, and only those do
    for eq in subgame_perfect(g, exact=True).equilibria:
        prof = [[list(eq.exact_profile[i][sum(len(g.infosets[hh].actions) for hh in hs[:j]):][
            :len(g.infosets[h].actions)]) for j, h in enumerate(hs)] for i, hs in enumerate(g.player_infosets)]
        assert g.subgame_regret(prof, roots, True) == 0


def test_files_one_pass_matches_reference():
    if not gambit_files("*.efg"):
        pytest.skip("shared data: Gambit example files not found")
    checked = 0
    for path in gambit_files("*.efg"):
        if path.name == "badgame1.efg":
            continue
        g = read_game(path)
        if not g.perfect_information or not g.perfect_recall:
            continue  # the verification of these uses best responses per subgame
        behav = g.uniform_behavior(exact=True)
        assert g.subgame_regret(behav, g.subgame_roots, True) == _reference(g, behav, g.subgame_roots, True)
        checked += 1
    assert checked >= 3

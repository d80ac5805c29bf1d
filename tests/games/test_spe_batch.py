"""The batch-axis backward induction reproduces the scalar solver bit for bit."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.games.extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
from realpolitik.games.spe import subgame_perfect, subgame_perfect_batch


def _random_tree(draw, n_players: int, max_nodes: int = 25) -> ExtensiveFormGame:
    """A random perfect-information tree with chance nodes and outcomes at inner nodes too."""
    nodes: list[dict] = []
    infosets: list[Infoset] = []
    counters = [0] * n_players
    chance_count = [0]
    n_outcomes = [0]

    def add(parent: int, action: int, depth: int) -> int:
        k = len(nodes)
        room = len(nodes) < max_nodes and depth < 5
        kind = draw(st.sampled_from(["p", "p", "c", "t"])) if room and k else ("p" if k == 0 else "t")
        out = -1
        if kind == "t" or draw(st.booleans()):
            out = n_outcomes[0]
            n_outcomes[0] += 1
        nodes.append({"kind": kind, "infoset": -1, "outcome": out, "children": [], "parent": parent,
                      "action": action})
        if kind == "t":
            return k
        arity = draw(st.integers(2, 3))
        if kind == "p":
            pl = draw(st.integers(0, n_players - 1))
            counters[pl] += 1
            infosets.append(Infoset(player=pl, number=counters[pl], label=f"h{k}",
                                    actions=tuple(f"a{j}" for j in range(arity)), members=(k,)))
        else:
            chance_count[0] += 1
            infosets.append(Infoset(player=-1, number=chance_count[0], label=f"c{k}",
                                    actions=tuple(f"c{j}" for j in range(arity)),
                                    probs=tuple([1 / arity] * arity), members=(k,)))
        nodes[k]["infoset"] = len(infosets) - 1
        for a in range(arity):
            nodes[k]["children"].append(add(k, a, depth + 1))
        return k

    add(-1, -1, 0)
    outcomes = tuple(Outcome(f"o{j}", tuple([0] * n_players)) for j in range(n_outcomes[0]))  # type: ignore[misc]
    return ExtensiveFormGame(
        players=tuple(f"P{i}" for i in range(n_players)),
        nodes=tuple(Node(kind=d["kind"], label=f"n{k}", infoset=d["infoset"], outcome=d["outcome"],
                         children=tuple(d["children"]), parent=d["parent"], action_from_parent=d["action"])
                    for k, d in enumerate(nodes)),
        infosets=tuple(infosets), outcomes=outcomes)


def _sample_game(base: ExtensiveFormGame, table: np.ndarray, chance: list[np.ndarray]) -> ExtensiveFormGame:
    infosets = list(base.infosets)
    c = 0
    for k, h in enumerate(infosets):
        if h.player < 0:
            infosets[k] = dataclasses.replace(h, probs=tuple(float(p) for p in chance[c]))
            c += 1
    return dataclasses.replace(base, infosets=tuple(infosets), outcome_values=table)


def _check(base: ExtensiveFormGame, table: np.ndarray, chance: list[np.ndarray]) -> int:
    b = subgame_perfect_batch(base, table, chance)
    checked = 0
    for s in range(table.shape[0]):
        if b.fallback[s]:
            continue
        g = _sample_game(base, table[s], [c[s] for c in chance])
        res = subgame_perfect(g)
        assert int(b.n_equilibria[s]) == len(res.equilibria)
        eq = res.equilibria[0]
        assert np.array_equal(b.payoffs[s], np.array(eq.payoffs))  # bit for bit
        behav = g.behavior_from_flat(eq.profile)
        for k, nd in enumerate(g.nodes):
            if nd.kind == "p":
                i, j = g.infoset_position[nd.infoset]
                assert behav[i][j][b.choice[s, k]] == 1.0
        assert np.array_equal(b.reach[s], np.array(g.realization(behav), dtype=float))
        checked += 1
    return checked


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_trees_with_chance_and_ties(data):
    n_players = data.draw(st.integers(1, 3))
    base = _random_tree(data.draw, n_players)
    n = 6
    n_out = len(base.outcomes)
    # small integers make exact ties common (the scalar solver lists one equilibrium per tied action)
    kind = data.draw(st.sampled_from(["ints", "normal", "near"]))
    ints = kind != "normal"
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    table = (rng.integers(0, 3, (n, n_out, n_players)).astype(float) if ints
             else rng.normal(size=(n, n_out, n_players)))
    if kind == "near":  # ties within the tolerance that are not exact: resolved per sample, not left over
        table += rng.choice([0.0, 3e-10, -3e-10], table.shape)
    chance = []
    for h in base.infosets:
        if h.player < 0:
            w = rng.random((n, len(h.actions))) + 0.05
            if ints:
                w = np.full((n, len(h.actions)), 1.0)
            chance.append(w / w.sum(axis=1, keepdims=True))
    assert _check(base, table, chance) == n  # every sample solved on the batch axis


def test_ties_are_counted_like_the_scalar_solver():
    # two players, the second indifferent everywhere: every combination of tied actions is an SPE
    from realpolitik.games import read_efg_string

    g = read_efg_string('EFG 2 R "t" { "A" "B" } '
                        'p "" 1 1 "" { "L" "R" } 0 '
                        'p "" 2 1 "" { "l" "r" } 0 t "" 1 "a" { 1, 0 } t "" 2 "b" { 1, 0 } '
                        'p "" 2 2 "" { "l" "r" } 0 t "" 3 "c" { 1, 0 } t "" 4 "d" { 0, 0 }')
    table = np.array([[[1, 0], [1, 0], [1, 0], [0, 0]], [[1, 0], [2, 0], [1, 0], [0, 1]]], dtype=float)
    assert _check(g, table, []) == 2
    b = subgame_perfect_batch(g, table, [])
    assert b.n_equilibria.tolist() == [len(subgame_perfect(_sample_game(g, table[s], [])).equilibria)
                                       for s in range(2)]
    assert b.n_equilibria[0] > 1


def test_belarus_game_model_matches_the_scalar_solver():
    from realpolitik import catalog
    from realpolitik.uncertainty import game_model, sample_design
    from realpolitik.uncertainty.games_model import solve_summary

    m = game_model(catalog.get("belarus-2022"), "escalation")
    n = 150
    cols = dict(sample_design(m.inputs, n, rng=7).columns())
    q = np.array(cols["param.q_north"], dtype=float)
    q[:40] = 0.5  # Ukraine indifferent: hundreds of tied equilibria in those samples
    cols["param.q_north"] = q
    out = m.evaluate(cols, n)
    assert (out["game.escalation.n_equilibria"][:40] > 1).all()
    table, chance = m.tables(cols, n)
    base = m._base_game()
    assert not subgame_perfect_batch(base, table, chance).fallback.any()
    g = "game.escalation"
    for r in range(n):
        s = solve_summary(m._sample_game(table[r], [c[r] for c in chance]))
        assert out[f"{g}.path"][r] == s["path"]
        assert out[f"{g}.n_equilibria"][r] == s["n_equilibria"]
        for i, p in enumerate(m.player_ids):
            assert out[f"{g}.{p}"][r] == s["actions"][i]
            assert out[f"{g}.{p}.payoff"][r] == s["payoffs"][i] or (
                np.isnan(out[f"{g}.{p}.payoff"][r]) and np.isnan(s["payoffs"][i]))


# -- the vectorised verification of every tied candidate (perfect information) -----------------------------
def _generic_and_pure(g: ExtensiveFormGame, max_equilibria: int = 1000):
    from realpolitik.games import pure_pi
    from realpolitik.games.spe import _verified, _verified_pure, spe_candidates

    pure = pure_pi.candidates(g, 1e-9, max_equilibria)
    assert pure is not None
    behavs, warns, _ = spe_candidates(g, False, 1e-9, max_equilibria)
    # the same candidates in the same order, with the same truncation warnings
    flat = [tuple(float(p) for rows in b for r in rows for p in r) for b in behavs]
    mine = [tuple(p for rows in g.behavior_from_flat(e) for r in rows for p in r)
            for e in ([tuple(tuple(1.0 if a == row[g.infosets[h].members[0]] else 0.0
                                   for h in hs for a in range(len(g.infosets[h].actions)))
                             for hs in g.player_infosets) for row in pure[0].tolist()])]
    assert mine == flat and pure[1] == warns
    return (_verified(g, False, 1e-9, max_equilibria, list(g.subgame_roots)), _verified_pure(g, pure[0], 1e-9))


def _same(generic, pure) -> None:
    (ge, gr, _), (pe, pr, _) = generic, pure
    assert (len(ge), gr) == (len(pe), pr)
    for a, b in zip(ge, pe):
        assert a.profile == b.profile and a.path == b.path
        assert a.payoffs == b.payoffs and a.regret == b.regret  # bit for bit


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_tied_candidates_are_verified_like_the_generic_solver(data):
    n_players = data.draw(st.integers(1, 3))
    base = _random_tree(data.draw, n_players)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n_out = len(base.outcomes)
    kind = data.draw(st.sampled_from(["ints", "normal", "near"]))
    if kind == "ints":  # exact ties
        table = rng.integers(0, 3, (n_out, n_players)).astype(float)
    elif kind == "normal":
        table = rng.normal(size=(n_out, n_players))
    else:  # ties within the solver's tolerance that are not exact
        table = rng.integers(0, 2, (n_out, n_players)) + rng.choice([0.0, 3e-10, -3e-10], (n_out, n_players))
    chance = [np.full(len(h.actions), 1.0 / len(h.actions)) for h in base.infosets if h.player < 0]
    g = _sample_game(base, table, chance)
    cap = data.draw(st.sampled_from([1, 3, 1000]))
    _same(*_generic_and_pure(g, cap))


def test_belarus_at_an_indifference_lists_the_same_equilibria():
    # q_north = 0.5 leaves Ukraine indifferent where it moves: hundreds of tied equilibria
    from realpolitik import catalog
    from realpolitik.uncertainty import game_model

    m = game_model(catalog.get("belarus-2022"), "escalation")
    g = m.game_at({**{k: float(v.support[0] + v.support[1]) / 2 for k, v in m.inputs.items()},
                   "param.q_north": 0.5})
    generic, pure = _generic_and_pure(g)
    assert len(generic[0]) > 1
    _same(generic, pure)
    res = subgame_perfect(g)
    assert [e.profile for e in res.equilibria] == [e.profile for e in pure[0]]

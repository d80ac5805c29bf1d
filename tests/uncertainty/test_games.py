"""Games over uncertain parameters and ordinal utilities."""

from __future__ import annotations

import numpy as np
import pytest

from realpolitik.scenario import loads_scenario
from realpolitik.uncertainty import find_threshold, simulate


# Russia demands full entry (DF) or limited support (DL); Belarus enters (E), hedges (H) or refuses (N).
# After DF -> H Russia punishes the hedge with probability p_rh; after a refusal it retaliates with p_ret.
# Ranks (5 best) after belarus-2022.md section 3.2; the punished hedge is ranked like a punished refusal.
MINI = """
schema_version: 1
metadata: {id: mini-escalation, title: "Mini escalation game", as_of: 2022-10-11}
actors:
  - {id: russia, name: Russia}
  - {id: belarus, name: Belarus}
parameters:
  - {id: p_rh, value: {dist: uniform, low: 0.0, high: 0.2}}
  - {id: p_ret, value: {dist: uniform, low: 0.4, high: 0.8}}
games:
  - id: esc
    players: [russia, belarus]
    nodes:
      - {id: root, player: russia, actions: {DF: bf, DL: bl}}
      - {id: bf, player: belarus, actions: {E: e, H: hf, N: nf}}
      - {id: bl, player: belarus, actions: {E: e, H: hl, N: nl}}
      - {id: e, ranks: {russia: 5, belarus: 2}}
      - {id: hl, ranks: {russia: 4, belarus: 5}}
      - {id: hf, probs: {P: p_rh, NP: 1 - p_rh}, actions: {P: hp, NP: hn}}
      - {id: hp, ranks: {russia: 2, belarus: 1}}
      - {id: hn, ranks: {russia: 3, belarus: 4}}
      - {id: nf, probs: {R: p_ret, NR: 1 - p_ret}, actions: {R: nr, NR: n0}}
      - {id: nl, probs: {R: p_ret, NR: 1 - p_ret}, actions: {R: nr, NR: n0}}
      - {id: nr, ranks: {russia: 2, belarus: 1}}
      - {id: n0, ranks: {russia: 1, belarus: 3}}
"""


@pytest.fixture(scope="module")
def mini():
    return loads_scenario(MINI)


def test_threshold_is_two_thirds(mini):
    # Ranks as utilities: hedging after DF is worth 4 (1 - p) + 1 p, entering 2: Belarus enters above 2/3.
    r = find_threshold(mini, "param.p_rh", "game.esc.belarus")
    assert r.threshold == pytest.approx(2 / 3, abs=1e-6)
    assert r.base_outcome == "H" and r.outcome_beyond == "E"
    assert r.bracket[0] <= 2 / 3 <= r.bracket[1]


def test_point_solution_is_the_design_path(mini):
    res = simulate(mini, 1, rng=0, games=["esc"], issues=[])
    from realpolitik.uncertainty import scenario_model, point_inputs

    m = scenario_model(mini, issues=[])
    out = m.evaluate(point_inputs(m.inputs, 1), 1)
    assert out["game.esc.russia"][0] == "DL"
    assert out["game.esc.belarus"][0] == "H"
    assert res.n == 1


def _reference_belarus_enters(samples) -> np.ndarray:
    """An independent backward induction of the mini game on the sampled utilities."""
    def util(player, rank, row):
        levels = [1, 2, 3, 4, 5]
        interior = np.sort([row[f"ordinal.esc.{player}.u{k}"] for k in (1, 2, 3)])
        vals = dict(zip(levels, [0.0, *interior, 1.0]))
        return vals[rank]

    enters = []
    for _, row in samples.iterrows():
        p, q = row["param.p_rh"], row["param.p_ret"]
        b = lambda r: util("belarus", r, row)  # noqa: E731
        ru = lambda r: util("russia", r, row)  # noqa: E731
        df = {"E": (b(2), ru(5)), "H": ((1 - p) * b(4) + p * b(1), (1 - p) * ru(3) + p * ru(2)),
              "N": (q * b(1) + (1 - q) * b(3), q * ru(2) + (1 - q) * ru(1))}
        dl = {"E": (b(2), ru(5)), "H": (b(5), ru(4)), "N": df["N"]}
        a_df = max(df, key=lambda k: df[k][0])
        a_dl = max(dl, key=lambda k: dl[k][0])
        russia = "DF" if df[a_df][1] > dl[a_dl][1] else "DL"
        enters.append((a_df if russia == "DF" else a_dl) == "E")
    return np.array(enters)


def test_ordinal_probabilities_match_an_independent_backward_induction(mini):
    res = simulate(mini, 400, rng=11, issues=[])
    assert "ordinal.esc.belarus.u1" in res.input_names
    got = (res.samples["game.esc.belarus"] == "E").to_numpy()
    ref = _reference_belarus_enters(res.samples)
    assert np.array_equal(got, ref)
    p, lo, hi = res.probability("game.esc.belarus", "E")
    assert 0 < p < 1 and lo < p < hi


def test_ranks_as_cardinal_when_ordinal_sampling_is_off(mini):
    from realpolitik.uncertainty import game_model

    m = game_model(mini, "esc", ordinal=False)
    assert not any(k.startswith("ordinal.") for k in m.inputs)
    res = simulate(m, 200, rng=1)
    assert set(res.samples["game.esc.belarus"]) == {"H"}  # p_rh <= 0.2 < 2/3
    assert res.probability("game.esc.belarus", "H")[1] > 0.98


def test_identical_games_are_solved_once(mini, monkeypatch):
    # the scalar path (trees the batch solver does not take) solves each distinct sample once
    import realpolitik.games.spe as spe
    import realpolitik.uncertainty.games_model as gm

    calls = []
    real = gm.solve_summary
    monkeypatch.setattr(gm, "solve_summary", lambda g, m: calls.append(1) or real(g, m))
    m = gm.game_model(mini, "esc", ordinal=False)
    cols = {"param.p_rh": np.array([0.1, 0.1, 0.2, 0.1]), "param.p_ret": np.array([0.5, 0.5, 0.5, 0.5])}
    batch = m.evaluate(cols, 4)
    assert calls == []  # a perfect-information tree: the whole chunk on the batch axis
    monkeypatch.setattr(spe, "batch_tree_ok", lambda g: False)
    out = m.evaluate(cols, 4)
    assert len(calls) == 2
    assert out["game.esc.belarus"].tolist() == ["H"] * 4
    for k in out:
        assert np.array_equal(out[k], batch[k])


def test_builtin_escalation_threshold_is_two_thirds(belarus_design):
    r = find_threshold(belarus_design, "param.p_rh", "game.escalation.belarus", issues=[])
    assert r.threshold == pytest.approx(2 / 3, abs=1e-6)
    assert (r.base_outcome, r.outcome_beyond) == ("H", "E")


def test_batch_and_per_sample_paths_agree_bit_for_bit_with_chance_and_ordinal_draws(mini, monkeypatch):
    # chance probabilities from uncertain parameters and random cardinal utilities per sample:
    # the whole simulation is the same whichever solver path each chunk takes
    import realpolitik.games.spe as spe

    batch = simulate(mini, 400, rng=11).samples
    monkeypatch.setattr(spe, "batch_tree_ok", lambda g: False)
    scalar = simulate(mini, 400, rng=11).samples
    assert batch.equals(scalar)
    assert batch["game.esc.belarus"].nunique() > 1  # the ordinal draws do move the outcome


IMPERFECT = MINI.replace("metadata: {id: mini-escalation", "metadata: {id: mini-blind").replace(
    "{id: bf, player: belarus,", "{id: bf, player: belarus, infoset: blind,").replace(
    "{id: bl, player: belarus,", "{id: bl, player: belarus, infoset: blind,")


def test_games_with_information_sets_take_the_per_sample_path_with_shared_shape():
    # Belarus does not see Russia's demand: no batch axis; each sample's game shares the base
    # game's shape caches and solves exactly like a freshly built game
    import dataclasses

    from realpolitik.games.spe import subgame_perfect
    from realpolitik.uncertainty import game_model, sample_design
    from realpolitik.uncertainty.games_model import solve_summary

    sc = loads_scenario(IMPERFECT)
    m = game_model(sc, "esc")
    assert not m._base_game().perfect_information
    n = 30
    cols = sample_design(m.inputs, n, rng=3).columns()
    out = m.evaluate(cols, n)
    table, chance = m.tables(cols, n)
    for r in range(n):
        shared = m._sample_game(table[r], [c[r] for c in chance])
        fresh = dataclasses.replace(shared)  # same fields, no caches
        assert "subgame_roots" in shared.__dict__ and "subgame_roots" not in fresh.__dict__
        assert subgame_perfect(shared).equilibria == subgame_perfect(fresh).equilibria
        s = solve_summary(fresh)
        assert out["game.esc.path"][r] == s["path"]
        assert out["game.esc.belarus.payoff"][r] == s["payoffs"][1]

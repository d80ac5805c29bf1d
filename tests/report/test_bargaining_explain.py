"""The bargaining explanation: moves, distances and influence agree with the engine's trajectory."""

from __future__ import annotations

import json

import numpy as np
import pytest

import realpolitik
from realpolitik.bargaining import forecast_issue
from realpolitik.errors import InputError
from realpolitik.report import explain_bargaining


@pytest.fixture(scope="module")
def belarus():
    return explain_bargaining(realpolitik.load_any("belarus-2022"))


def test_belarus_median_is_lukashenko_and_pivot_is_moscow(belarus):
    # with leverage the median is Lukashenko's ideal point (design note §2.3); in the blind
    # re-coding (docs/belarus-2022.md) the EU model moves most without Russia, so Moscow is pivotal
    from realpolitik import catalog
    from realpolitik.scenario import point_value

    sc = catalog.get("belarus-2022")
    assert belarus.median_actors == ("belarus",)
    assert belarus.forecasts["median"] == pytest.approx(point_value(sc.issues[0].positions[0].position))
    assert belarus.pivotal_actor == "russia"
    assert "Russia (Putin)" in belarus.pivotal_reason


def test_raw_capability_is_shown_beside_leverage(belarus):
    # with raw power the Western bloc outweighs Minsk: the forecast drops toward neutrality
    assert belarus.forecasts_raw["median"] < belarus.forecasts["median"]
    assert belarus.forecasts_raw["compromise"] < belarus.forecasts["compromise"]


def test_moves_reproduce_the_trajectory(belarus):
    pos = belarus.positions()
    for r in belarus.rounds:
        moved = {m.actor: m for m in r.moves}
        for a in pos.columns:
            before, after = pos.loc[r.round - 1, a], pos.loc[r.round, a]
            if a in moved:
                assert moved[a].start == pytest.approx(before) and moved[a].end == pytest.approx(after)
                assert moved[a].kind in ("conflict", "compromise", "capitulation")
                assert moved[a].challenger != a
            else:
                assert after == pytest.approx(before)


def test_distance_travelled_is_the_sum_of_steps(belarus):
    pos = belarus.positions()
    for a in belarus.actors:
        assert a.distance_travelled == pytest.approx(float(np.abs(np.diff(pos[a.actor].to_numpy())).sum()))
        assert a.start == pos[a.actor].iloc[0] and a.end == pos[a.actor].iloc[-1]


def test_leave_one_out_matches_a_rerun_without_the_actor():
    sc = realpolitik.load_any("ec-emissions-1994")
    ex = explain_bargaining(sc)
    data = sc.issue_data()
    k = data.actor_ids.index("uk")
    keep = [i for i in range(len(data.actor_ids)) if i != k]
    from dataclasses import replace

    sub = replace(data, actor_ids=tuple(data.actor_ids[i] for i in keep),
                  actor_names=tuple(data.actor_names[i] for i in keep), positions=data.positions[keep],
                  saliences=data.saliences[keep], capabilities=data.capabilities[keep])
    fc = forecast_issue(sub, models=("eu",)).forecasts()["eu"]
    uk = next(a for a in ex.actors if a.actor == "uk")
    assert uk.forecast_without == pytest.approx(fc)
    assert uk.influence == pytest.approx(ex.forecasts["eu"] - fc)
    # the pivot is an actor whose removal moves the forecast most
    best = max(abs(a.influence) for a in ex.actors)
    assert abs(next(a for a in ex.actors if a.actor == ex.pivotal_actor).influence) == best


def test_to_dict_is_json_and_text_names_rounds(belarus):
    d = json.loads(json.dumps(belarus.to_dict()))
    assert d["issue"] == "involvement" and d["scale"] == [0.0, 100.0]
    assert [r["round"] for r in d["rounds"]] == list(range(1, len(d["rounds"]) + 1))
    assert set(d["rounds"][0]["moves"][0]) == {"actor", "challenger", "kind", "from", "to", "distance",
                                               "challenger_eu", "mover_eu"}
    assert any(line.startswith("Round 1") for line in d["text"])
    assert belarus.moves_frame().shape[0] == sum(len(r.moves) for r in belarus.rounds)


def test_bad_issue_and_capability_are_input_errors():
    sc = realpolitik.load_any("belarus-2022")
    with pytest.raises(InputError):
        explain_bargaining(sc, "nope")
    with pytest.raises(InputError):
        explain_bargaining(sc, capability="power")

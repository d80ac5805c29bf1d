"""A strategic-form game in a scenario is reported as not explainable, not as a TypeError."""

from __future__ import annotations

import pytest

import realpolitik
from realpolitik.errors import EngineNotApplicable
from realpolitik.report._games_adapter import explain_scenario_game
from realpolitik.scenario import scenario_from_data


def _with_normal_form_game():
    data = realpolitik.load_any("ec-emissions-1994").to_data()
    a, b = "netherlands", "belgium"
    data["games"] = [{
        "id": "pd", "form": "normal", "players": [a, b], "strategies": {a: ["C", "D"], b: ["C", "D"]},
        "payoffs": [{"profile": ["C", "C"], "payoffs": {a: 3, b: 3}},
                    {"profile": ["C", "D"], "payoffs": {a: 1, b: 4}},
                    {"profile": ["D", "C"], "payoffs": {a: 4, b: 1}},
                    {"profile": ["D", "D"], "payoffs": {a: 2, b: 2}}],
    }]
    return scenario_from_data(data)


def test_normal_form_game_is_not_applicable():
    # NormalFormGame has an ``outcomes`` field that is None: the adapter must not take len() of it
    with pytest.raises(EngineNotApplicable, match="strategic-form game"):
        explain_scenario_game(_with_normal_form_game(), "pd")

"""Every plot is produced for a catalogue scenario, as PNG and as SVG, with no display."""

from __future__ import annotations

import pytest

from realpolitik.errors import InputError
from realpolitik.report import plots


def _check(fig, tmp_path, name):
    for fmt in plots.FORMATS:
        path = plots.save_figure(fig, tmp_path / f"{name}.{fmt}")
        data = path.read_bytes()
        assert data[:4] == b"\x89PNG" if fmt == "png" else b"<svg" in data[:1000]
        assert len(data) > 2000
    # nothing half-written beside the outputs
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def belarus(explanations):
    return explanations["belarus-2022"]


def test_trajectories(belarus, tmp_path):
    b = belarus.bargaining[0]
    fig = plots.trajectories_figure(b)
    ax = fig.axes[0]
    assert len(ax.lines) == len(b.actors) + 1          # one line per actor and the median
    _check(fig, tmp_path, "trajectories")


def test_perception_quadrant_of_every_actor(belarus, tmp_path):
    b = belarus.bargaining[0]
    for a in b.actors:
        fig = plots.perception_figure(b, a.actor)
        assert len(fig.axes[0].collections) >= len(b.actors) - 1
    _check(plots.perception_figure(b, "russia"), tmp_path, "perception")
    with pytest.raises(InputError):
        plots.perception_figure(b, "atlantis")


def test_forecast_distribution(belarus, tmp_path):
    u = belarus.uncertainty
    fig = plots.forecast_distribution_figure(u.samples["bargaining.involvement.eu"], scale=(0, 100),
                                             points={"eu": 30.0})
    _check(fig, tmp_path, "distribution")


def test_outcome_probabilities(belarus, tmp_path):
    u = belarus.uncertainty
    grp = u.outcomes[u.outcomes.output == "bargaining.involvement.eu.anchor"]
    assert grp.p.sum() == pytest.approx(1.0)
    fig = plots.outcome_probabilities_figure(grp)
    assert len(fig.axes[0].patches) == len(grp)
    _check(fig, tmp_path, "outcomes")


def test_tornado(belarus, tmp_path):
    u = belarus.uncertainty
    tor = u.tornado["bargaining.involvement.eu"]
    fig = plots.tornado_figure(tor, base=u.base["bargaining.involvement.eu"], output="EU forecast")
    assert len(fig.axes[0].patches) == 2 * min(len(tor), 12)  # the 12 largest swings (``top``)
    _check(fig, tmp_path, "tornado")


def test_game_tree_of_a_catalogue_game(explanations, tmp_path):
    games = [g for ex in explanations.values() for g in ex.games]
    if not games:
        reasons = "; ".join(f"{k}: {v}" for ex in explanations.values() for k, v in ex.unavailable.items()
                            if k.startswith("games"))
        pytest.skip(f"no catalogue game could be solved yet ({reasons}); "
                    "the tree figure is tested on a hand-built game in test_games_explain.py")
    for g in games:
        fig = plots.game_tree_figure(g)
        _check(fig, tmp_path, f"tree-{g.game_id}")


def test_bad_format_is_an_input_error(belarus, tmp_path):
    fig = plots.trajectories_figure(belarus.bargaining[0])
    with pytest.raises(InputError):
        plots.save_figure(fig, tmp_path / "x.jpg")
    with pytest.raises(InputError):
        plots.forecast_distribution_figure([float("nan")])
    assert not list(tmp_path.iterdir())

"""The exchange model in explain and the report: data, text, figures that fit, the report blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import realpolitik
from realpolitik.report import build_report, explain
from realpolitik.report.exchange import explain_exchange, network_figure, trajectories_figure
from realpolitik.report.plots import figure_bytes

from ..conftest import TWO_ISSUES

FAST = dict(samples=16, sensitivity_n=0, rng=1)
SHARED = Path(os.environ.get("REALPOLITIK_SHARED", Path(__file__).resolve().parents[3] / "shared"))
COP21 = SHARED / "data/bargaining/foarsitter_decide-exchange-model/cop21.csv"


@pytest.fixture(scope="module")
def two(tmp_path_factory):  # type: ignore[no-untyped-def]
    p = tmp_path_factory.mktemp("x") / "two.yaml"
    p.write_text(TWO_ISSUES)
    return realpolitik.load_any(str(p))


def test_explain_has_an_exchange_section(two) -> None:  # type: ignore[no-untyped-def]
    ex = explain(two, **FAST)
    assert ex.exchange is not None and "exchange" not in ex.unavailable
    d = ex.to_dict()["exchange"]
    assert set(d) >= {"issues", "forecast", "initial", "rounds", "trades", "actor_names", "status", "text"}
    assert d["issues"] == ["budget", "farm"]
    pair = d["trades"][0]
    assert {pair["a_name"], pair["b_name"]} <= {"Germany", "France", "Italy"} and pair["exchanges"] >= 1
    assert any("Exchange model" in line for line in ex.text())
    assert any("gives" in line for line in ex.exchange.text())


def test_one_issue_has_no_exchange_section() -> None:
    ex = explain(realpolitik.load_any("ec-emissions-1994"), sections=["bargaining", "exchange"])
    assert ex.exchange is None and "exchange" not in ex.unavailable
    assert ex.to_dict()["exchange"] is None


def test_report_shows_trades_and_both_figures(two) -> None:  # type: ignore[no-untyped-def]
    page = build_report(two, fmt="html", **FAST)
    assert "Exchange model: vote trading across the issues" in page
    assert 'id="fig-exchange-network"' in page and 'id="fig-exchange-trajectories"' in page
    assert "Who traded with whom" in page and ("Germany gives" in page or "France gives" in page)
    md = build_report(two, fmt="md", **FAST)
    assert "### Exchange model" in md and "| actor | partner | exchanges | summed gain |" in md


def _fits(fig) -> None:  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # runs the constrained layout
    renderer = canvas.get_renderer()
    box = fig.get_tightbbox(renderer)
    w, h = fig.get_size_inches()
    assert box.x0 >= -0.05 and box.y0 >= -0.05 and box.x1 <= w + 0.05 and box.y1 <= h + 0.05, (box, w, h)


def test_figures_fit_their_box(two) -> None:  # type: ignore[no-untyped-def]
    ex = explain_exchange(two)
    for fig in (network_figure(ex), trajectories_figure(ex)):
        _fits(fig)
        assert figure_bytes(fig, "svg").startswith(b"<?xml")


@pytest.mark.skipif(not COP21.is_file(), reason="shared data: decide files not found")
def test_figures_fit_on_cop21() -> None:
    ex = explain_exchange(realpolitik.load_any(str(COP21)), rounds=3)
    assert len(ex.trades) > 10
    _fits(network_figure(ex))
    _fits(trajectories_figure(ex))

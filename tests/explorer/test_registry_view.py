"""The geometry and the words of the registry page (:mod:`realpolitik.explorer.registry_view`), pure."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import numpy as np
import pytest

from realpolitik.explorer import registry_view as view
from realpolitik.registry import QuestionSpec
from realpolitik.registry.scores import UNIFORM, PairedDifference
from realpolitik.registry.specs import as_utc
from realpolitik.scoring import murphy_decomposition, reliability_data


def _cal(**series):
    return {name: (reliability_data(f, o), murphy_decomposition(f, o)) for name, (f, o) in series.items()}


def _inside(x, y, box):
    x0, y0, x1, y1 = box
    return x0 <= x <= x1 and y0 <= y <= y1


def test_a_forecast_of_a_quarter_that_happened_lands_at_x_quarter_y_top():
    g = view.reliability_plot(_cal(**{"analyst:ann": ([0.25], [1])}))
    x0, y0, x1, y1 = view.RELIABILITY_BOX
    (s,) = g["series"]
    (p,) = s["points"]
    assert p["x"] == pytest.approx(x0 + 0.25 * (x1 - x0), abs=0.05)
    assert p["y"] == pytest.approx(y0, abs=0.05)  # observed 100 %: the top of the box (y grows downwards)
    assert p["count"] == 1 and p["yhi"] == pytest.approx(y0, abs=0.05) and y0 < p["ylo"] < y1
    assert p["title"].startswith("analyst:ann: forecasts 20–30 %: 1 event, mean forecast 25 %, observed 100")
    assert g["diagonal"] == [x0, y1, x1, y0]
    assert [t["label"] for t in g["ticks"]] == ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
    assert g["ticks"][0]["x"] == x0 and g["ticks"][-1]["x"] == x1 and g["ticks"][-1]["y"] == y0


def test_reliability_points_one_per_non_empty_bin_and_inside_the_box():
    rng = np.random.default_rng(3)
    f = rng.uniform(0, 1, 200)
    o = (rng.uniform(0, 1, 200) < f).astype(float)
    f2 = np.array([0.0, 0.0, 1.0, 0.5])  # the ends of the scale: exactly on the box's edges
    o2 = np.array([0.0, 1.0, 1.0, 0.0])
    cal = _cal(**{"model:a": (f, o), "model:b": (f2, o2)})
    g = view.reliability_plot(cal)
    x0, y0, x1, y1 = g["box"]
    assert 0 <= x0 < x1 <= g["width"] and 0 <= y0 < y1 <= g["height"]
    for s, (rel, _) in zip(g["series"], cal.values()):
        assert len(s["points"]) == int((rel.count > 0).sum())
        for p in s["points"]:
            assert _inside(p["x"], p["y"], g["box"]) and _inside(p["x"], p["ylo"], g["box"])
            assert _inside(p["x"], p["yhi"], g["box"]) and p["yhi"] <= p["y"] <= p["ylo"]
            assert 3 <= p["r"] <= 8
    assert len(g["series"][1]["points"]) == 3
    assert [k["name"] for k in g["legend"]] == ["model:a", "model:b"]
    assert all(k["x"] < g["width"] for k in g["legend"])
    assert {s["cls"] for s in g["series"]} == {"c0", "c1"}
    assert view.reliability_plot({}) is None


def test_legend_names_are_shortened_but_kept_whole_in_the_tooltip():
    long = "model:" + "x" * 60
    g = view.reliability_plot(_cal(**{long: ([0.2], [0])}))
    (k,) = g["legend"]
    assert k["name"] == long and len(k["short"]) <= 30 and k["short"].endswith("…")


def _q(**kw):
    base = dict(id="rain", title="Rain?", type="binary", open_at=date(2024, 1, 1), close_at=date(2024, 5, 1))
    return QuestionSpec(**{**base, **kw})


def _f(forecaster, p, day):
    t = as_utc(day)
    return SimpleNamespace(forecaster=forecaster, probabilities=tuple(p), valid_from=t, made_at=t)


def test_time_chart_steps_from_each_forecast_to_the_next_and_marks_the_resolution():
    q = _q()
    fs = [_f("analyst:ann", [0.25, 0.75], date(2024, 1, 1)), _f("analyst:ann", [0.75, 0.25], date(2024, 3, 1)),
          _f("model:bob", [0.5, 0.5], date(2024, 2, 1))]
    res = SimpleNamespace(status="resolved", outcome_index=0, resolved_at=as_utc(date(2024, 4, 1)))
    c = view.time_chart(q, fs, res)
    x0, y0, x1, y1 = view.TIME_BOX
    w, h = x1 - x0, y1 - y0
    days = (date(2024, 5, 1) - date(2024, 1, 1)).days
    x_mar = x0 + w * (date(2024, 3, 1) - date(2024, 1, 1)).days / days
    ann, bob = c["series"]
    assert ann["name"] == "analyst:ann" and bob["name"] == "model:bob"
    pts = [tuple(float(v) for v in p.split(",")) for p in ann["points"].split()]
    ya, yb = y1 - 0.25 * h, y1 - 0.75 * h
    expected = [(x0, ya), (x_mar, ya), (x_mar, yb), (x1, yb)]
    assert len(pts) == 4
    for (x, y), (ex, ey) in zip(pts, expected):
        assert x == pytest.approx(ex, abs=0.06) and y == pytest.approx(ey, abs=0.06)
    assert [d["title"] for d in ann["dots"]] == ["analyst:ann, valid from 2024-01-01: P(yes) 25 %",
                                                  "analyst:ann, valid from 2024-03-01: P(yes) 75 %"]
    m = c["resolution"]
    assert m["label"] == "resolved: yes" and m["y"] == pytest.approx(y0)
    assert m["x"] == pytest.approx(x0 + w * (date(2024, 4, 1) - date(2024, 1, 1)).days / days, abs=0.06)
    assert c["ylabel"] == "P(yes)" and [t["label"] for t in c["xticks"]][::2] == ["2024-01-01", "2024-05-01"]
    for s in c["series"]:
        for d in s["dots"]:
            assert _inside(d["x"], d["y"], c["box"])
    assert all(k["x"] < c["width"] for k in c["legend"])


def test_time_chart_marks_the_other_option_at_zero_and_skips_what_it_cannot_draw():
    q = _q(type="multiple_choice", options=("low", "mid", "high"))
    fs = [_f("model:a", [0.2, 0.3, 0.5], date(2024, 1, 5)), _f("model:b", [0.6, 0.2, 0.2], date(2024, 1, 5))]
    res = SimpleNamespace(status="resolved", outcome_index=2, resolved_at=as_utc(date(2024, 9, 1)))
    c = view.time_chart(q, fs, res)
    assert c["ylabel"] == "P(low)" and c["resolution"]["label"] == "resolved: high"
    assert c["resolution"]["y"] == view.TIME_BOX[3] and c["resolution"]["x"] == view.TIME_BOX[2]  # after the close
    annulled = SimpleNamespace(status="annulled", outcome_index=None, resolved_at=as_utc(date(2024, 3, 1)))
    assert view.time_chart(q, fs, annulled)["resolution"] is None
    assert view.time_chart(q, fs[:1], None) is None
    long = _q(type="multiple_choice", options=("a much longer option label than fits", "b"))
    c = view.time_chart(long, [_f("model:a", [0.2, 0.8], date(2024, 1, 5))] * 2, None)
    assert c["option"] == "a much longer option label than fits" and len(c["ylabel"]) == len("P()") + 16
    assert c["ylabel"].startswith("P(a much") and c["ylabel"].endswith("…)")
    numeric = _q(type="numeric", options=(), range_min=0.0, range_max=1.0)
    assert view.time_chart(numeric, fs, None) is None


def _pd(name, versus, n, wins, losses, d=-0.1, se=None):
    return PairedDifference(name, versus, n, d, se, 0.1, wins, losses)


def test_versus_uniform_in_words():
    paired = [_pd("model:a", UNIFORM, 4, 3, 1, -0.12, 0.05), _pd("model:b", UNIFORM, 2, 0, 2, 0.3),
              _pd("model:c", UNIFORM, 3, 1, 0, -0.01), _pd("model:d", UNIFORM, 1, 0, 0, 0.0),
              _pd("model:a", "model:b", 2, 2, 0)]
    assert view.versus_uniform("model:a", paired) == \
        "better than the uniform baseline on 3 of 4 questions, worse on 1 (mean Brier difference −0.12 ± 0.05 s.e.)"
    assert view.versus_uniform("model:b", paired).startswith("worse than the uniform baseline on 2 of 2 questions (")
    assert view.versus_uniform("model:c", paired).startswith("better than the uniform baseline on 1 of 3 questions, "
                                                             "level on 2 (")
    assert view.versus_uniform("model:d", paired).startswith("level with the uniform baseline on 1 of 1 question (")
    assert view.versus_uniform(UNIFORM, paired) is None and view.versus_uniform("model:uniform", paired) is None
    assert view.versus_uniform("model:e", paired) is None
    # where model:uniform is recorded, the comparison is with it (the same forecast)
    assert view.versus_uniform("model:f", [_pd("model:f", "model:uniform", 2, 2, 0)]).startswith(
        "better than the uniform baseline on 2 of 2")


def test_colours_are_stable_and_cycle():
    col = view.colours(["b", "a", "a"] + [f"z{i}" for i in range(9)])
    assert col["a"] == 0 and col["b"] == 1 and max(col.values()) == view.N_COLOURS - 1

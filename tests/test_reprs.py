"""Readable reprs in notebooks: a short ``__repr__`` and a small, escaped ``_repr_html_`` table.

Each object is built through the public API (small sizes); its repr must be one short line that
names it and carries its key number, and never dumps an array or a frame.
"""

from __future__ import annotations

from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import realpolitik
from realpolitik._result import REPR_WIDTH, Provenance, Status, readable_repr, short_value
from realpolitik.scenario.distributions import Uniform


def _step(c):
    p = c["p"]
    return {"choice": np.where(p > 0.5, "enter", "hedge"), "u": 4 - 3 * p}



def _step_model():
    from realpolitik.uncertainty import FunctionModel

    return FunctionModel(_step, {"p": Uniform(dist="uniform", low=0.0, high=0.2)})


class _Table(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.tags, self.cells = [], [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.cells.append(data)


def _check(obj, *must: str):
    r = repr(obj)
    name = type(obj).__name__
    assert r.startswith(name + "("), r
    assert "\n" not in r and len(r) <= REPR_WIDTH, r
    assert "array(" not in r and "DataFrame" not in r.replace("×", "x") or "×" in r, r
    for m in must:
        assert m in r, (m, r)
    h = obj._repr_html_()
    assert len(h) < 4000
    p = _Table()
    p.feed(h)
    p.close()
    assert not p.stack and p.tags[0] == "table" and "script" not in p.tags
    assert name in "".join(p.cells)
    return r


@pytest.fixture(scope="module")
def sc():
    return realpolitik.load_any("belarus-2022")


def test_scenario(sc):
    r = _check(sc, sc.id, f"actors={len(sc.actors)}", sc.digest[:12])
    assert len(r) < 400


def test_forecast_results(sc):
    from realpolitik.report import explain_bargaining

    b = explain_bargaining(sc)
    _check(b.eu, "model=", short_value(float(b.eu.forecast)), "status=")
    _check(b, b.issue_id, b.pivotal_actor)
    from realpolitik.bargaining import run_eu_batch

    rng = np.random.default_rng(0)
    batch = run_eu_batch(rng.uniform(0, 100, (50, 4)), rng.uniform(0.2, 1, (50, 4)), rng.uniform(0.2, 1, (50, 4)),
                         scale=(0, 100))
    r = _check(batch, "runs=50", short_value(float(np.nanmedian(batch.forecast))))
    assert "[" not in r  # no array printed


def test_exchange_result():
    from realpolitik.bargaining import run_exchange

    rng = np.random.default_rng(3)
    x, s_, c = rng.uniform(0, 100, (5, 3)), rng.uniform(0.1, 1, (5, 3)), rng.uniform(0.1, 1, (5, 3))
    res = run_exchange(x, s_, c, rounds=4, issue_ids=["a", "b", "c"])
    _check(res, "issues=a, b, c", "actors=5", "rounds=4")


def test_equilibrium_result():
    from realpolitik.games import read_nfg_string, solve

    g = read_nfg_string('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 0 5 5 0 1 1')
    res = solve(g, "pure")
    _check(res, "method=pure", f"equilibria={len(res.equilibria)}")


def test_uncertainty_sensitivity_threshold():
    from realpolitik.uncertainty import FunctionModel, find_threshold, sensitivity, simulate

    m = FunctionModel(_lin, {"a": Uniform(dist="uniform", low=0, high=1), "b": Uniform(dist="uniform", low=0, high=1)})
    u = simulate(m, 64, rng=1)
    _check(u, "samples=64", "inputs=2")
    s = sensitivity(m, "y", n=16, rng=1)
    _check(s, "method=sobol", "output=y", f"top input={s.indices.index[0]}")
    t = find_threshold(_step_model(), "p", "choice")
    _check(t, "input=p", short_value(float(t.threshold)))


def _lin(c):
    return {"y": 3 * c["a"] + c["b"]}


def test_backtest_result():
    scores = {"compromise": {"test": {"n": 10, "mae": 23.4, "median_ae": 20.0, "within10": 0.3, "mae_ci": (20, 27)}},
              "eu": {"test": {"n": 10, "mae": 30.4, "median_ae": 25.0, "within10": 0.2, "mae_ci": (26, 35)}}}
    from realpolitik.backtest import BacktestResult

    res = BacktestResult(protocol={"dataset": "deu3"}, scores=scores, forecasts=pd.DataFrame({"x": range(500)}),
                         coverage={}, provenance=Provenance("realpolitik.backtest"))
    _check(res, "dataset=deu3", "best test MAE=compromise", "23.4", "issues=500")


def test_explanation_and_brief(sc):
    from realpolitik.analysis import ask_questions, make_brief
    from realpolitik.report import explain

    ex = explain(sc, sections=["bargaining"])
    _check(ex, sc.id, sc.issues[0].id)
    b = make_brief(sc, n=32, sensitivity_n=0, sweep_points=0)
    must = [sc.id] + ([short_value(b.headline.probability), b.headline.words] if b.headline else [])
    _check(b, *must)
    a = ask_questions(sc, n=32)
    _check(a, sc.id, f"answers={len(a.answers)}")


def test_ingest_result():
    from realpolitik.ingest import IngestResult

    data = {k: [{}] * 2 for k in ("actors", "persons", "sources", "dates", "quotes", "stances")}
    data["languages"] = ["ru"]
    _check(IngestResult(text="x" * 10_000, data=data), "actors=2", "languages=ru")


def test_html_is_escaped_and_values_are_short():
    @readable_repr
    class Evil:
        def _repr_fields(self):
            return [("<b>name</b>", "<script>alert(1)</script>"), ("big", np.zeros((1000, 3))),
                    ("frame", pd.DataFrame({"a": range(5)})), ("text", "word " * 100), ("status", Status())]

    e = Evil()
    h = e._repr_html_()
    assert "<script>" not in h and "&lt;script&gt;" in h and "&lt;b&gt;" in h
    r = repr(e)
    assert "1000×3 ndarray" in r and "5×1 DataFrame" in r and len(r) <= REPR_WIDTH
    assert short_value("word " * 100).endswith("…")


def test_readable_repr_needs_its_fields():
    with pytest.raises(TypeError):
        readable_repr(type("NoFields", (), {}))

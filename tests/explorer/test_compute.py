"""The explorer's fast tier gives the brief's numbers; the path words use the game's labels."""

from __future__ import annotations

from realpolitik import catalog
from realpolitik.analysis import make_brief
from realpolitik.analysis.ask import models_needed, simulate_scenario
from realpolitik.explorer import compute


def test_fast_brief_has_the_full_briefs_headline_band_and_models():
    sc = catalog.get("belarus-2022")
    full = make_brief(sc, n=64, sensitivity_n=0, sweep_points=0)
    sim = simulate_scenario(sc, n=64, models=models_needed(sc))
    fast = make_brief(sc, n=64, explain=False, simulation=sim)
    assert fast.headline_text() == full.headline_text()
    assert fast.band_text() == full.band_text()
    assert [(m.name, m.forecast) for m in fast.models] == [(m.name, m.forecast) for m in full.models]
    assert fast.why == () and fast.tipping_points == () and fast.sweep is None
    assert full.why


def test_quick_is_cached_by_digest_and_paths_are_labelled():
    sc = catalog.get("belarus-2022")
    a = compute.quick(sc, n=32)
    assert compute.quick(sc, n=32) is a
    shares = a.paths["escalation"]
    assert abs(sum(s.probability for s in shares) - 1) < 1e-9 or len(shares) == 6
    spec = sc.games[0]
    assert spec.nodes[0].label in shares[0].words
    assert sc.actor(spec.nodes[0].player).name in shares[0].words
    t = a.trajectories["involvement"]
    assert len(t["series"]) == len(sc.issue("involvement").positions)
    assert all(len(s["values"]) == len(t["x"]) for s in t["series"])


def test_lru_drops_the_oldest():
    c = compute.LRU(2)
    for k in "abc":
        c.get_or(k, lambda k=k: k.upper())
    assert len(c) == 2 and c.get_or("a", lambda: "new") == "new"


def test_lru_computes_a_key_once_while_others_wait():
    import threading
    import time

    c = compute.LRU(4)
    started, release, calls = threading.Event(), threading.Event(), []

    def make():
        calls.append(1)
        started.set()
        release.wait(5)
        return "value"

    got = []
    first = threading.Thread(target=lambda: got.append(c.get_or("k", make)))
    first.start()
    assert started.wait(5)
    waiters = [threading.Thread(target=lambda: got.append(c.get_or("k", make))) for _ in range(3)]
    for t in waiters:
        t.start()
    time.sleep(0.2)  # let the waiters reach get_or while the first computation runs
    release.set()
    for t in [first, *waiters]:
        t.join(5)
    assert got == ["value"] * 4 and len(calls) == 1


def test_lru_waiters_try_again_when_the_computation_fails():
    import threading

    c = compute.LRU(4)
    started, release = threading.Event(), threading.Event()

    def failing():
        started.set()
        release.wait(5)
        raise compute.Superseded()

    errors, got = [], []

    def first():
        try:
            c.get_or("k", failing)
        except compute.Superseded:
            errors.append("superseded")

    t1 = threading.Thread(target=first)
    t1.start()
    assert started.wait(5)
    t2 = threading.Thread(target=lambda: got.append(c.get_or("k", lambda: "second")))
    t2.start()
    release.set()
    t1.join(5)
    t2.join(5)
    assert errors == ["superseded"] and got == ["second"] and c.get_or("k", lambda: "third") == "second"


def test_game_tree_unfolds_shared_nodes_and_marks_the_path():
    sc = catalog.get("belarus-2022")
    spec = sc.games[0]
    q = compute.quick(sc, n=32)
    t = q.trees[spec.id]
    top = q.paths[spec.id][0].path.split()
    on = [e for e in t["edges"] if e["on"]]
    assert 1 <= len(on) <= len(top)
    assert [e["code"] for e in sorted(on, key=lambda e: e["x1"])] == top[:len(on)]  # drawn with labels, keyed by code
    leaves = [nd for nd in t["nodes"] if nd["leaf"]]
    assert len({(nd["x"], nd["y"]) for nd in t["nodes"]}) == len(t["nodes"])  # no two nodes drawn on one spot
    assert t["height"] >= 16 * len(leaves)


def test_tornado_moves_each_parameter_to_the_ends_of_its_range():
    from realpolitik.explorer.files import ServedDir
    from realpolitik.explorer.state import evaluate

    base = ServedDir(".").base("belarus-2022")
    t = compute.tornado(base, {}, n=32)
    params = [f for f in base.fields if f.kind == "parameter"]
    assert len(t["rows"]) == len(params)
    swings = [r["swing"] for r in t["rows"]]
    assert swings == sorted(swings, reverse=True)
    r = next(r for r in t["rows"] if r["key"] == "p.p_rh")
    st = evaluate(base, {"p.p_rh": r["high"]})
    assert r["p_high"] == compute.quick(st.scenario, n=32).brief.headline.probability


def test_memo_of_model_parts_gives_the_plain_simulation(monkeypatch):
    # A game-parameter move reuses the bargaining part's outputs, an actor move the game's: every number
    # must be what the plain simulation gives, and the provenance the same.
    import pandas.testing as pdt

    from realpolitik.analysis.ask import models_needed, simulate_scenario
    from realpolitik.explorer.files import ServedDir
    from realpolitik.explorer.state import evaluate

    base = ServedDir(".").base("belarus-2022")
    monkeypatch.setattr(compute, "_PARTS", compute.LRU(48))  # this test's own, whatever ran before
    hits_before = len(compute._PARTS)
    for edits in ({"p.p_rh": 0.3}, {"p.p_rh": 0.45}, {"p.p_rh": 0.45, "involvement.poland.salience": 0.9},
                  {"p.p_rh": 0.45, "involvement.poland.salience": 0.7}):
        st = evaluate(base, edits)
        assert st.ok, st.errors
        sc = st.scenario
        plain = simulate_scenario(sc, n=48, models=models_needed(sc))
        memo = simulate_scenario(sc, n=48, models=models_needed(sc), wrap=compute._memo_parts)
        again = simulate_scenario(sc, n=48, models=models_needed(sc), wrap=compute._memo_parts)  # all hits
        for got in (memo, again):
            pdt.assert_frame_equal(got.samples, plain.samples)
            assert got.provenance == plain.provenance
    # 4 states x 2 parts = 8 evaluations, of which three were reused across states: the bargaining part
    # when p_rh moved, the game both times Poland's salience moved; the repeated runs add none
    assert len(compute._PARTS) - hits_before == 5

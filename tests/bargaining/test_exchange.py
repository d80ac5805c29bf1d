"""Exchange model: fidelity to decide (reference values or the live peer), determinism, bad input."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import realpolitik
from realpolitik.bargaining import run_exchange, run_exchange_scenario
from realpolitik.errors import InputError

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import decide_peer  # noqa: E402

REF = json.loads((HERE / "data" / "decide_reference.json").read_text())
SHARED = Path(os.environ.get("REALPOLITIK_SHARED", HERE.parents[1].parent / "shared"))  # beside the clone
FOLDER = SHARED / "data" / "bargaining" / "foarsitter_decide-exchange-model"
needs_data = pytest.mark.skipif(not FOLDER.is_dir(), reason="shared data: decide files not found")


def _rp(name: str, rounds: int, tie_break: str = "input"):  # type: ignore[no-untyped-def]
    sc = realpolitik.load_any(str(FOLDER / name))
    res = run_exchange_scenario(sc, rounds=rounds, tie_break=tie_break)
    key = {a.id: (a.aliases[0] if a.aliases else a.id) for a in sc.actors}
    scale = {i.id: (i.scale.min, i.scale.max) for i in sc.issues}
    return sc, res, key, scale


@needs_data
@pytest.mark.parametrize("name", sorted(REF["files"]))
def test_matches_decide_reference(name: str) -> None:
    """Committed decide output (make_decide_reference.py): equal sequences, gains, voting positions, outcomes."""
    rounds = REF["files"][name]
    sc, res, key, scale = _rp(name, len(rounds))
    ex = res.exchanges
    for ref in rounds:
        mine = ex[ex["round"] == ref["round"]]
        n = len(ref["exchanges"]) if ref["prefix"] is None else ref["prefix"]
        if ref["prefix"] is None:
            assert len(mine) == n
        for row, e in zip(mine.iloc[:n].itertuples(), ref["exchanges"][:n]):
            assert (key[row.i], row.i_supply, key[row.j], row.j_supply) == tuple(e[:4])
            assert row.gain == pytest.approx(e[4], rel=1e-8, abs=1e-10)
            lo, hi = scale[row.i_supply]
            assert (row.i_to - lo) * 100 / (hi - lo) == pytest.approx(e[5], abs=1e-7)
            lo, hi = scale[row.j_supply]
            assert (row.j_to - lo) * 100 / (hi - lo) == pytest.approx(e[6], abs=1e-7)
        if ref["prefix"] is None:
            for issue, v in ref["outcome"].items():
                lo, hi = scale[issue]
                assert (res.outcome.loc[ref["round"], issue] - lo) * 100 / (hi - lo) == pytest.approx(v, abs=1e-7)
    # data_short: every round equal
    if name == "data_short.csv":
        assert all(r["prefix"] is None for r in rounds) and len(rounds) == 10


@needs_data
@pytest.mark.skipif(not decide_peer.available(), reason="optional peer decide-exchange-model not installed")
def test_matches_live_decide() -> None:
    dec = decide_peer.run_decide(str(FOLDER / "data_short.csv"), 10)
    sc, res, key, scale = _rp("data_short.csv", 10)
    ex = res.exchanges
    for k, d in enumerate(dec):
        mine = ex[ex["round"] == k + 1]
        assert [(key[r.i], r.i_supply, key[r.j], r.j_supply) for r in mine.itertuples()] == \
            [e[:4] for e in d["exchanges"]]
        for issue, v in d["outcome"].items():
            assert res.outcome.loc[k + 1, issue] == pytest.approx(v, abs=1e-9)


def _toy(seed: int = 0, n: int = 6, m: int = 3):  # type: ignore[no-untyped-def]
    g = np.random.default_rng(seed)
    return g.uniform(0, 100, (n, m)), g.uniform(0.05, 1, (n, m)), g.uniform(0.1, 1, (n, m))


def test_deterministic_and_permutation_invariant() -> None:
    x, s, c = _toy(3, 7, 4)
    ids = [f"a{k}" for k in range(7)]
    iss = [f"i{k}" for k in range(4)]
    r1 = run_exchange(x, s, c, rounds=5, actor_ids=ids, issue_ids=iss)
    r2 = run_exchange(x, s, c, rounds=5, actor_ids=ids, issue_ids=iss)
    assert r1.exchanges.equals(r2.exchanges)
    pa, pi = np.random.default_rng(1).permutation(7), np.array([2, 0, 3, 1])
    r3 = run_exchange(x[pa][:, pi], s[pa][:, pi], c[pa][:, pi], rounds=5,
                      actor_ids=[ids[k] for k in pa], issue_ids=[iss[k] for k in pi])

    def sides(res):  # type: ignore[no-untyped-def]
        return [(r.round, frozenset({(r.i, r.i_supply), (r.j, r.j_supply)})) for r in res.exchanges.itertuples()]

    assert sides(r1) == sides(r3)
    for i in iss:
        np.testing.assert_allclose(r1.outcome[i], r3.outcome[i], atol=1e-9)


def test_compiled_equals_interpreted() -> None:
    x, s, c = _toy(5, 5, 3)
    a = run_exchange(x, s, c, rounds=3)
    b = run_exchange(x, s, c, rounds=3, compiled=False)
    assert a.exchanges.equals(b.exchanges)


def test_affine_scale_and_capability_scaling() -> None:
    x, s, c = _toy(7, 6, 3)
    base = run_exchange(x, s, c, rounds=4)
    scaled = run_exchange(2 * x + 10, s, 3 * c, rounds=4, scales=[(10, 210)] * 3)
    np.testing.assert_allclose(scaled.outcome.to_numpy(), 2 * base.outcome.to_numpy() + 10, atol=1e-8)
    assert len(scaled.exchanges) == len(base.exchanges)


def test_random_rates_reproducible() -> None:
    x, s, c = _toy(2, 6, 3)
    a = run_exchange(x, s, c, rounds=3, p=0.5, repetitions=5, rng=42)
    b = run_exchange(x, s, c, rounds=3, p=0.5, repetitions=5, rng=42)
    assert a.forecast_distribution.equals(b.forecast_distribution)
    assert np.all(np.isfinite(a.forecast_distribution.to_numpy()))


@pytest.mark.parametrize("bad, msg", [
    (dict(positions=[[1], [2]], saliences=[[.5], [.5]], capabilities=[[1], [1]]), "at least 2 issues"),
    (dict(positions=[[1, np.nan], [2, 3]], saliences=[[.5, .5], [.5, .5]], capabilities=[[1, 1], [1, 1]]),
     "NaN"),
    (dict(positions=[[1, 2], [2, 3]], saliences=[[0, 0], [0, 0]], capabilities=[[1, 1], [1, 1]]),
     "capability > 0 and salience > 0"),
    (dict(positions=[[1, 2], [2, 3]], saliences=[[.5, 2], [.5, .5]], capabilities=[[1, 1], [1, 1]]),
     "outside"),
])
def test_bad_input(bad: dict, msg: str) -> None:
    with pytest.raises(InputError, match=msg):
        run_exchange(**bad)


def test_equal_positions_and_missing_actor_are_degenerate_not_errors() -> None:
    res = run_exchange([[50, 50], [50, 50]], [[.5, .5], [.5, .5]], [[1, 1], [1, 1]], rounds=2)
    assert res.exchanges.empty and any("same position" in w for w in res.status.warnings)
    nan = np.nan
    res = run_exchange([[10, nan], [90, 20], [40, 80]], [[.9, nan], [.3, .8], [.5, .5]],
                       [[1, nan], [1, 1], [1, 1]], rounds=2)
    assert np.isnan(res.positions("issue1").loc[0, "actor0"])

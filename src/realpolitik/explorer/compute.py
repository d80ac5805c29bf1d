"""What the explorer shows for one state: the brief's numbers, the answers, paths and trajectories.

Two tiers, both cached by the scenario's digest (the edits change the digest):

* :func:`quick` (every slider move): one Monte Carlo run of the shared
  simulation at ``n`` samples, read by ``make_brief(explain=False)`` (the
  headline, band, every model and the framings, the same numbers as
  ``realpolitik brief`` at that ``n``) and by ``ask_questions`` (outcome
  probabilities with intervals); the game's paths over the samples in the
  game's labels; each actor's position per round of the expected-utility
  model at the point values.
* :func:`details` (loaded after the fragment): the full ``make_brief``: why,
  the tipping points, the drivers and the sweep.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from .._defaults import DEFAULT_SEED

__all__ = ["Quick", "quick", "details", "path_words", "LRU", "Superseded", "tornado"]


class LRU:
    """A small thread-safe least-recently-used cache that computes each key once at a time.

    Requests for a key that is being computed wait for that computation instead of starting their own:
    several clients on one slider step (or one client's retries) would otherwise each run the same
    forecast at once and share the cores, every one of them as slow as all together. If the
    computation fails, each waiter tries again itself (the failure may be the computer's alone, as a
    :class:`Superseded` details request is).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._d: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get_or(self, key: Hashable, make: Callable[[], Any]) -> Any:
        while True:
            with self._lock:
                if key in self._d:
                    self._d.move_to_end(key)
                    return self._d[key]
                running = self._running.get(key)
                if running is None:
                    done = self._running[key] = threading.Event()
                    break
            running.wait()
        try:
            value = make()
            with self._lock:
                self._d[key] = value
                while len(self._d) > self.size:
                    self._d.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._running[key]
            done.set()

    def __len__(self) -> int:
        return len(self._d)


@dataclass(frozen=True)
class PathShare:
    path: str
    words: str
    probability: float


@dataclass(frozen=True)
class Quick:
    """The fast tier of one state (see the module docstring)."""

    brief: Any
    answers: Any
    paths: dict[str, tuple[PathShare, ...]]
    trajectories: dict[str, Any]
    trees: dict[str, Any]
    n: int
    seed: int


class _Memo:
    """A model part whose outputs are reused when the same part meets the same input columns again.

    A slider moves one input: a game parameter leaves the bargaining part's configuration and sampled
    columns as they were, an actor's salience leaves the game's. The part is identified by its pickled
    configuration (what the process backend sends to workers; compiled caches excluded) and the
    columns by their bytes, so a hit returns exactly what evaluating would (models are deterministic
    given their inputs: all randomness is in the design). Copies are returned: callers may own them.
    """

    def __init__(self, part: Any) -> None:
        import hashlib
        import pickle

        self.part = part
        self.inputs = part.inputs
        self.chunk_hint = part.chunk_hint
        self._id = hashlib.sha256(pickle.dumps(part, protocol=5)).hexdigest()

    def options(self) -> dict[str, Any]:
        return self.part.options()

    def warm(self) -> None:
        warm = getattr(self.part, "warm", None)
        if callable(warm):
            warm()

    def evaluate(self, columns: Any, n: int) -> dict[str, Any]:
        import hashlib

        import numpy as np

        if n > MEMO_MAX_ROWS:  # a large sample is not kept: the memo stays a few MB
            return self.part.evaluate(columns, n)
        h = hashlib.sha256(str(n).encode())
        for name in self.inputs:
            a = np.ascontiguousarray(columns[name], dtype=float)
            h.update(name.encode() + b"\0" + a.tobytes())
        out = _PARTS.get_or((self._id, h.hexdigest()), lambda: self.part.evaluate(columns, n))
        return {k: np.array(v, copy=True) for k, v in out.items()}


def _memo_parts(model: Any) -> Any:
    """``model`` with each part (the model itself if it has none) behind a :class:`_Memo`."""
    from ..uncertainty.models import CompositeModel

    if isinstance(model, CompositeModel):
        return CompositeModel(tuple(_Memo(p) for p in model.parts))
    return _Memo(model)


#: Largest sample whose part outputs are memoised (the explorer's default is 400).
MEMO_MAX_ROWS = 2000
_PARTS = LRU(48)  # (part, its input columns) -> outputs: ~100 kB a part at n = 400
_QUICK = LRU(256)
_DETAILS = LRU(64)
_DETAILS_LOCK = threading.Lock()  # one full brief at a time: a drag must not queue many on 2 cores


def path_words(spec: Any, path: str, names: dict[str, str] | None = None) -> str:
    """A runner's path (bare action codes in tree order) as ``player at “node”: action`` steps."""
    names = names or {}
    nodes = {nd.id: nd for nd in spec.nodes}
    nd = spec.nodes[0] if spec.nodes else None
    out = []
    for tok in str(path).split():
        if nd is None or tok not in nd.actions:
            out.append(tok)
            nd = None
            continue
        labels = getattr(nd, "action_labels", None) or {}
        who = names.get(nd.player, nd.player) if nd.player else "chance"
        where = f" at “{nd.label}”" if nd.label else ""
        out.append(f"{who}{where}: {labels.get(tok, tok)}")
        nd = nodes.get(nd.actions[tok])
    return " → ".join(out)


#: Layout of the game tree drawing (pixels): column width, row height, margins.
_COL, _ROW, _PAD = 200, 16, 12


def game_tree(spec: Any, path: str, names: dict[str, str]) -> dict[str, Any] | None:
    """A left-to-right drawing of an extensive game: nodes, edges with action labels, ``path`` marked.

    Shared subtrees (a node reached by several actions) are unfolded, as the game is played; leaves get
    one row each, a node sits at the mean row of its children, one column per depth. Returns plain
    numbers and strings for the template's SVG (no script needed); None for a tree over 400 nodes.
    """
    nodes = {nd.id: nd for nd in spec.nodes}
    if not spec.nodes:
        return None
    tokens = tuple(str(path).split())
    pos: dict[tuple[str, ...], tuple[float, int, str]] = {}
    next_row = [0]
    edges: list[dict[str, Any]] = []

    def place(nid: str, prefix: tuple[str, ...]) -> float:
        nd = nodes.get(nid)
        if nd is None or len(pos) >= 400 or len(prefix) > 40:
            return float(next_row[0])
        rows = [place(child, prefix + (code,)) for code, child in nd.actions.items()]
        if not rows:
            row = float(next_row[0])
            next_row[0] += 1
        else:
            row = sum(rows) / len(rows)
        pos[prefix] = (row, len(prefix), nid)
        return row

    place(spec.nodes[0].id, ())
    if len(pos) >= 400:
        return None

    def xy(key: tuple[str, ...]) -> tuple[float, float]:
        row, depth, _ = pos[key]
        return (_PAD + depth * _COL, _PAD + row * _ROW + _ROW / 2)

    out_nodes = []
    for key, (_row, _depth, nid) in pos.items():
        nd = nodes[nid]
        x, y = xy(key)
        who = names.get(nd.player, nd.player) if nd.player else ("chance" if nd.probs is not None else "")
        label = (f"{who}: {nd.label}" if who and nd.label else who or nd.label or nid)
        out_nodes.append({"x": x, "y": y, "label": label[:34], "full": label, "leaf": not nd.actions,
                          "kind": "p" if nd.player else ("c" if nd.probs is not None else "t")})
        labels = getattr(nd, "action_labels", None) or {}
        for code in nd.actions:
            child = key + (code,)
            if child not in pos:
                continue
            x2, y2 = xy(child)
            edges.append({"x1": x, "y1": y, "x2": x2, "y2": y2, "label": str(labels.get(code, code))[:14], "code": code,
                          "on": tokens[:len(child)] == child, "lx": (x + x2) / 2, "ly": (y + y2) / 2 - 2})
    depth = max(d for _, d, _ in pos.values())
    return {"width": int(2 * _PAD + depth * _COL + 60), "height": int(2 * _PAD + next_row[0] * _ROW),
            "nodes": out_nodes, "edges": sorted(edges, key=lambda e: e["on"]), "path": path}


def _trajectories(sc: Any) -> dict[str, Any]:
    """Per issue: every actor's position per round of the EU model, with the compromise line."""
    from ..bargaining import forecast_issue
    from ..errors import RealpolitikError

    out: dict[str, Any] = {}
    for issue in sc.issues:
        try:
            data = sc.issue_data(issue.id)
            res = forecast_issue(data, models=("eu", "compromise"))
        except RealpolitikError:
            continue
        pos = res.eu.positions.to_numpy(float)
        rounds = list(range(pos.shape[0]))
        out[issue.id] = {
            "title": issue.question,
            "scale": [float(issue.scale.min), float(issue.scale.max)],
            "x": rounds,
            "series": [{"label": name, "values": [round(float(v), 4) for v in pos[:, k]]}
                       for k, name in enumerate(data.actor_names)],
            "compromise": round(float(res.forecasts()["compromise"]), 4),
        }
    return out


def quick(sc: Any, *, n: int, seed: int = DEFAULT_SEED) -> Quick:
    """The fast tier for scenario ``sc`` (cached by digest, ``n`` and ``seed``)."""
    return _QUICK.get_or((sc.digest, n, seed), lambda: _quick(sc, n, seed))


def _quick(sc: Any, n: int, seed: int) -> Quick:
    from ..analysis import make_brief
    from ..analysis.ask import ask_questions, models_needed, simulate_scenario

    sim = simulate_scenario(sc, n=n, seed=seed, models=models_needed(sc), wrap=_memo_parts)
    answers = ask_questions(sc, simulation=sim)
    brief = make_brief(sc, n=n, seed=seed, explain=False, simulation=sim, answers=answers)
    frame = sim.samples
    paths: dict[str, tuple[PathShare, ...]] = {}
    names = {a.id: a.name for a in sc.actors}
    for spec in sc.games:
        col = f"game.{spec.id}.path"
        if col not in frame:
            continue
        counts = frame[col].astype(str).value_counts()
        total = float(counts.sum()) or 1.0
        paths[spec.id] = tuple(PathShare(path=str(p), words=path_words(spec, str(p), names), probability=float(c) / total)
                               for p, c in counts.head(6).items())
    trees = {}
    for spec in sc.games:
        if spec.form == "extensive" and spec.id in paths:
            trees[spec.id] = game_tree(spec, paths[spec.id][0].path, names)
    return Quick(brief=brief, answers=answers, paths=paths, trajectories=_trajectories(sc), trees=trees, n=n,
                 seed=seed)


class Superseded(Exception):
    """A newer state's details were asked for while this one waited (a slider drag): not computed."""


_TICKETS = itertools.count(1)
_NEWEST = [0]


def details(sc: Any, *, n: int, seed: int = DEFAULT_SEED, sensitivity_n: int = 64,
            base: Any = None, edits: dict[str, float] | None = None) -> tuple[Any, Any]:
    """The full brief (why, tipping points, drivers, sweep) and, given the ``base`` and ``edits`` of
    the state, its :func:`tornado`; one computation at a time, cached.

    Only the newest waiting request is computed: one that a newer request overtook while it
    waited for the running computation raises :class:`Superseded` (its fragment is gone anyway).
    """
    from ..analysis import make_brief

    key = (sc.digest, n, seed, sensitivity_n, base is not None)
    ticket = next(_TICKETS)
    _NEWEST[0] = ticket

    def make() -> tuple[Any, Any]:
        with _DETAILS_LOCK:
            if _NEWEST[0] != ticket:
                raise Superseded()
            brief = make_brief(sc, n=n, seed=seed, sensitivity_n=sensitivity_n)
            torn = tornado(base, dict(edits or {}), n=n, seed=seed) if base is not None else None
            return brief, torn

    return _DETAILS.get_or(key, make)


def tornado(base: Any, edits: dict[str, float], *, n: int, seed: int = DEFAULT_SEED) -> dict[str, Any] | None:
    """The headline probability with each parameter, one at a time, at the low and the high end of its
    slider range (the other inputs as in the state), sorted by the swing; None without a headline."""
    from .state import evaluate

    def headline_p(state_edits: dict[str, float]) -> float | None:
        st = evaluate(base, state_edits)
        if not st.ok:
            return None
        h = quick(st.scenario, n=n, seed=seed).brief.headline
        return None if h is None else float(h.probability)

    centre = headline_p(dict(edits))
    if centre is None:
        return None
    rows = []
    for f in base.fields:
        if f.kind != "parameter":
            continue
        lo = headline_p({**edits, f.key: f.low})
        hi = headline_p({**edits, f.key: f.high})
        if lo is None or hi is None:
            continue
        rows.append({"key": f.key, "label": f.label, "low": f.low, "high": f.high, "p_low": lo, "p_high": hi,
                     "swing": abs(hi - lo)})
    rows.sort(key=lambda r: -r["swing"])
    # SVG geometry: a bar from the centre to each end, on a 0-1 axis
    width, left, bar, gap = 420.0, 150.0, 14, 6
    for k, r in enumerate(rows):
        r["y"] = 24 + k * (bar + gap)
        for end in ("low", "high"):
            x0, x1 = sorted((left + centre * width, left + r[f"p_{end}"] * width))
            r[f"x_{end}"], r[f"w_{end}"] = x0, max(1.0, x1 - x0)
    return {"centre": centre, "rows": rows, "x_centre": left + centre * width, "left": left, "width": width,
            "height": 34 + len(rows) * (bar + gap), "bar": bar}

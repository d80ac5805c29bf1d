"""A game as an uncertainty model: solved per sample, identical games solved once.

Inputs: the uncertain scenario parameters the game's payoffs and chance
probabilities read (``param.<id>``) and, for a game with ordinal payoffs, the
uniforms behind each player's random cardinal utilities
(``ordinal.<game>.<player>.u<k>``, see :mod:`.ordinal`).

Outputs (``<g>`` = ``game.<game id>``):

* ``<g>.path`` - actions on the equilibrium path, space-separated, as the
  solver labels them (``infoset:action``); chance moves branch, so the path
  lists the actions reached with positive probability.
* ``<g>.<player>`` - the actions that player takes at information sets
  reached with positive probability (bare action labels, space-separated;
  ``-`` if the path never reaches the player).
* ``<g>.<player>.payoff`` - the player's equilibrium payoff (cardinal draw
  for ordinal games).
* ``<g>.n_equilibria`` - how many equilibria the solver returned (ties);
  the other outputs describe the first one.

Where no equilibrium is returned, ``path`` is ``"none"``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..errors import EngineNotApplicable, InputError
from .models import Model
from .ordinal import RankUniform, cardinal_from_ranks, n_interior, rank_point_values

__all__ = ["GameModel", "game_model", "solve_summary"]


def solve_summary(game: Any, method: str = "spe") -> dict[str, Any]:
    """Solve one game and summarise the first equilibrium (see the module docstring).

    Returns ``{"n_equilibria", "path", "actions", "payoffs"}``; ``actions``
    and ``payoffs`` are keyed by player position.
    """
    from ..games import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        from ..games.spe import subgame_perfect

        if method != "spe":
            raise InputError(f"game method {method!r} is not supported for uncertainty runs", expected="spe")
        res = subgame_perfect(game)
        players = list(range(game.n_players))
        summary: dict[str, Any] = {"n_equilibria": len(res.equilibria)}
        if not res.equilibria:
            summary.update(path="none", actions={p: "-" for p in players},
                           payoffs={p: float("nan") for p in players})
            return summary
        eq = res.equilibria[0]
        behav = game.behavior_from_flat(eq.profile)
        reach = game.realization(behav)
        acts: dict[int, list[str]] = {p: [] for p in players}
        path: list[str] = []
        for k, nd in enumerate(game.nodes):
            if nd.kind == "t" or float(reach[k]) <= 0.0:
                continue
            h = game.infosets[nd.infoset]
            if h.player < 0:
                continue
            i, j = game.infoset_position[nd.infoset]
            probs = [float(p) for p in behav[i][j]]
            chosen = [a for a, p in zip(h.actions, probs) if p > 0.0]
            label = chosen[0] if len(chosen) == 1 else "/".join(f"{a}:{p:.3g}" for a, p in zip(h.actions, probs)
                                                                if p > 0)
            if label not in acts[i]:
                acts[i].append(label)
            path.append(label)
        summary.update(path=" ".join(path),
                       actions={p: " ".join(v) if v else "-" for p, v in acts.items()},
                       payoffs={p: float(v) for p, v in zip(players, eq.payoffs)})
        return summary
    raise EngineNotApplicable(f"uncertainty runs solve extensive-form games; got {type(game).__name__}",
                              expected="an extensive-form game in the scenario's games section")


#: cached properties of an ExtensiveFormGame that depend only on its tree and information sets
#: (never on payoffs or chance probabilities)
_SHAPE_CACHES = ("player_infosets", "infoset_position", "own_history", "perfect_recall", "parent_sequence",
                 "perfect_information", "_postorder", "subgame_roots")


@dataclass(frozen=True, eq=False)
class GameModel(Model):
    """One scenario game over samples of the parameters it reads (and ordinal utility draws).

    ``levels[i]`` are player ``i``'s distinct ranks when the game has ordinal
    payoffs (``ordinal_inputs[i]`` names the uniforms behind them), else the
    ranks are used as given.
    """

    game_id: str
    spec: Any
    player_ids: tuple[str, ...]
    player_names: Mapping[str, str]
    parameter_ids: frozenset[str]
    param_inputs: tuple[tuple[str, str], ...]
    param_fixed: Mapping[str, float]
    inputs: Mapping[str, Any]
    levels: tuple[np.ndarray, ...] | None = None
    ordinal_inputs: tuple[tuple[str, ...], ...] = ()
    method: str = "spe"
    chunk_hint: int = 100

    def _compiled(self) -> tuple[Any, np.ndarray | None]:
        """The compiled game and each outcome's ranks (cached per process; never pickled)."""
        cached = self.__dict__.get("_cache")
        if cached is None:
            from ._games_adapter import compile_with_ranks

            cached = compile_with_ranks(self.spec, self.parameter_ids, self.player_names)
            object.__setattr__(self, "_cache", cached)
        return cached

    def __getstate__(self) -> dict[str, Any]:
        # Compiled expressions are closures: workers recompile from the spec.
        return {k: v for k, v in self.__dict__.items() if k not in ("_cache", "_base")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _base_game(self) -> Any:
        """The game at the parameters' point values: its structure is shared by every sample."""
        base = self.__dict__.get("_base")
        if base is None:
            compiled, _ = self._compiled()
            base = compiled.game(dict(self.param_fixed))
            object.__setattr__(self, "_base", base)
        return base

    def tables(self, columns: Mapping[str, np.ndarray], n: int) -> tuple[np.ndarray, list[np.ndarray]]:
        """Outcome payoffs ``(n, outcomes, players)`` and chance probabilities of every sample, vectorised."""
        compiled, ranks = self._compiled()
        params: dict[str, Any] = dict(self.param_fixed)
        for name, pid in self.param_inputs:
            params[pid] = np.asarray(columns[name], dtype=float)
        table = compiled.outcome_table(params)
        shape = (n, len(compiled.outcome_exprs), len(self.player_ids))
        if table.shape != shape:  # payoffs that no uncertain input moves: one row for every sample
            table = np.broadcast_to(table, shape).copy()
        chance = []
        for probs in compiled.chance_table(params):
            p = np.broadcast_to(probs, (n, probs.shape[-1]))
            tot = p.sum(axis=1)
            bad = (p < 0).any(axis=1) | (p > 1).any(axis=1) | (np.abs(tot - 1.0) > 1e-9)
            if bad.any():
                r = int(np.argmax(bad))
                raise InputError(f"game {self.game_id!r}: chance probabilities {p[r].tolist()} at "
                                 f"{ {k: float(np.asarray(columns[k])[r]) for k, _ in self.param_inputs} } "
                                 "are not a probability distribution", expected="probabilities in [0, 1] summing to 1")
            chance.append(p / tot[:, None])
        if self.levels is not None and ranks is not None:
            table -= np.nan_to_num(ranks)
            for i, lv in enumerate(self.levels):
                names = self.ordinal_inputs[i]
                u = np.column_stack([np.asarray(columns[nm], dtype=float) for nm in names]) if names \
                    else np.empty((n, 0))
                # Cardinal draws on [0, 1], mapped back onto the span of the ranks so that
                # additive payoffs written beside the ranks keep their intended proportion.
                card = lv[0] + (lv[-1] - lv[0]) * cardinal_from_ranks(lv, u)
                col = ranks[:, i]
                has = ~np.isnan(col)
                table[:, has, i] += card[:, np.searchsorted(lv, col[has])]
        return table, chance

    def game_at(self, values: Mapping[str, float]) -> Any:
        """The game at one sample (input name -> float)."""
        cols = {k: np.array([float(values[k])]) for k in self.inputs}
        table, chance = self.tables(cols, 1)
        return self._sample_game(table[0], [c[0] for c in chance])

    def _sample_game(self, payoffs: np.ndarray, chance: list[np.ndarray]) -> Any:
        base = self._base_game()
        infosets = list(base.infosets)
        c = 0
        for k, h in enumerate(infosets):
            if h.player < 0:
                infosets[k] = dataclasses.replace(h, probs=tuple(float(p) for p in chance[c]))
                c += 1
        game = dataclasses.replace(base, infosets=tuple(infosets), outcome_values=payoffs)
        # Every sample has the base game's shape: share what the solver caches about the shape
        # (computed once on the base) instead of recomputing it per sample.
        for name in _SHAPE_CACHES:
            game.__dict__[name] = getattr(base, name)
        return game

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        table, chance = self.tables(columns, n)
        P = len(self.player_ids)
        path = np.empty(n, dtype=object)
        acts = [np.empty(n, dtype=object) for _ in range(P)]
        pay = np.full((n, P), np.nan)
        neq = np.zeros(n)
        todo = np.arange(n)
        base = self._base_game()
        if self.method == "spe" and n > 1:
            from ..games.spe import batch_tree_ok

            if batch_tree_ok(base):
                todo = self._batch(base, table, chance, path, acts, pay, neq)
        if todo.size:
            names = list(self.inputs)
            cols = [np.asarray(columns[k], dtype=float) for k in names]
            cache: dict[tuple[float, ...], dict[str, Any]] = {}
            for r in todo.tolist():
                key = tuple(float(c[r]) for c in cols)
                s = cache.get(key)
                if s is None:
                    s = solve_summary(self._sample_game(table[r], [c[r] for c in chance]), self.method)
                    cache[key] = s
                path[r] = s["path"]
                for i in range(P):
                    acts[i][r] = s["actions"][i]
                    pay[r, i] = s["payoffs"][i]
                neq[r] = s["n_equilibria"]
        g = f"game.{self.game_id}"
        out: dict[str, np.ndarray] = {f"{g}.path": path.astype(str)}
        for i, p in enumerate(self.player_ids):
            out[f"{g}.{p}"] = acts[i].astype(str)
        for i, p in enumerate(self.player_ids):
            out[f"{g}.{p}.payoff"] = pay[:, i].copy()
        out[f"{g}.n_equilibria"] = neq
        return out

    def _batch(self, base: Any, table: np.ndarray, chance: list[np.ndarray], path: np.ndarray,
               acts: list[np.ndarray], pay: np.ndarray, neq: np.ndarray) -> np.ndarray:
        """Fill the outputs from the batch solver; return the rows it leaves to the scalar solver.

        The labels are those :func:`solve_summary` writes, built once per distinct equilibrium path.
        """
        from ..games.spe import subgame_perfect_batch

        b = subgame_perfect_batch(base, table, chance)
        personal = [k for k, nd in enumerate(base.nodes) if nd.kind == "p"]
        on_path = np.where(b.reach[:, personal] > 0.0, b.choice[:, personal], -1)
        ok = np.flatnonzero(~b.fallback)
        if ok.size:
            uniq, inv = _unique_rows(on_path[ok])
            labels = np.empty((len(uniq), 1 + base.n_players), dtype=object)
            for u, row in enumerate(uniq):
                who: dict[int, list[str]] = {p: [] for p in range(base.n_players)}
                steps: list[str] = []
                for k, a in zip(personal, row.tolist()):
                    if a < 0:
                        continue
                    h = base.infosets[base.nodes[k].infoset]
                    label = h.actions[a]
                    if label not in who[h.player]:
                        who[h.player].append(label)
                    steps.append(label)
                labels[u, 0] = " ".join(steps)
                for p, v in who.items():
                    labels[u, 1 + p] = " ".join(v) if v else "-"
            per = labels[inv]
            path[ok] = per[:, 0]
            for i in range(base.n_players):
                acts[i][ok] = per[:, 1 + i]
            pay[ok] = b.payoffs[ok]
            neq[ok] = b.n_equilibria[ok]
        return np.flatnonzero(b.fallback)

    def warm(self) -> None:
        self._base_game()

    def options(self) -> dict[str, Any]:
        return {"model": "game", "game": self.game_id, "method": self.method, "ordinal": self.levels is not None}


def _unique_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, axis=0, return_inverse=True)`` for small non-negative-or--1 ints, via one int64 key."""
    vary = np.flatnonzero((a != a[:1]).any(axis=0))
    radix = a.max(axis=0, initial=0) + 2
    if vary.size == 0:
        return a[:1], np.zeros(a.shape[0], dtype=np.int64)
    if float(np.prod(radix[vary].astype(float))) < 2.0 ** 62:
        key = np.zeros(a.shape[0], dtype=np.int64)
        for j in vary.tolist():
            key = key * int(radix[j]) + (a[:, j] + 1)
        _, first, inv = np.unique(key, return_index=True, return_inverse=True)
        return a[first], np.asarray(inv).reshape(-1)
    uniq, inv = np.unique(a, axis=0, return_inverse=True)
    return uniq, np.asarray(inv).reshape(-1)


def game_model(sc: Any, game_id: str, *, method: str = "spe", ordinal: bool = True) -> GameModel:
    """The :class:`GameModel` of a scenario game.

    Parameters
    ----------
    sc : Scenario
    game_id : str
    method : {"spe"}
        Solver (subgame-perfect equilibrium by backward induction).
    ordinal : bool
        For a game with ``ranks``: sample cardinal utilities consistent with
        them (default) instead of using the ranks as cardinal values.
    """
    from ._games_adapter import rank_levels_by_player, used_parameters

    spec = next((g for g in sc.games if g.id == game_id), None)
    if spec is None:
        raise InputError(f"no game {game_id!r} in scenario {sc.id}",
                         expected=("one of " + ", ".join(g.id for g in sc.games)) if sc.games
                         else "a scenario with a games section")
    if spec.form != "extensive":
        raise EngineNotApplicable(f"game {game_id!r} is a normal-form game; uncertainty runs solve extensive "
                                  "games (subgame-perfect equilibrium)", expected="form: extensive")
    players = tuple(spec.players)
    used = used_parameters(sc, spec)
    uncertain = sc.uncertain_inputs()
    param_inputs = tuple((f"param.{pid}", pid) for pid in used if f"param.{pid}" in uncertain)
    inputs: dict[str, Any] = {name: uncertain[name] for name, _ in param_inputs}
    fixed = {pid: float(sc.parameter(pid).point) for pid in used}
    levels = rank_levels_by_player(spec) if ordinal else None
    ord_names: list[tuple[str, ...]] = []
    if levels is not None:
        for p, lv in zip(players, levels):
            names = tuple(f"ordinal.{game_id}.{p}.u{k + 1}" for k in range(n_interior(lv)))
            for nm, pt in zip(names, rank_point_values(lv)):
                inputs[nm] = RankUniform(point=float(pt))
            ord_names.append(names)
    return GameModel(game_id=game_id, spec=spec, player_ids=players,
                     player_names={a.id: a.name for a in sc.actors},
                     parameter_ids=frozenset(p.id for p in sc.parameters), param_inputs=param_inputs,
                     param_fixed=fixed, inputs=inputs, levels=levels, ordinal_inputs=tuple(ord_names),
                     method=method,
                     # perfect-information trees are solved on the batch axis: big chunks pay
                     chunk_hint=5000 if all(getattr(n, "infoset", None) is None for n in spec.nodes) else 100)

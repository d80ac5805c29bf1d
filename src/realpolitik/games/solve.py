"""One entry point for every solver, and the helpers for games inside scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from ..errors import EngineNotApplicable, InputError
from .compile import CompiledGame, compile_spec
from .extensive_form import ExtensiveFormGame
from .normal_form import NormalFormGame
from .result import EquilibriumResult
from .verify import FLOAT_TOL

__all__ = ["solve", "METHODS", "default_method", "scenario_game", "path_thresholds", "Threshold"]

METHODS = ("pure", "enummixed", "lh", "lp", "qre", "spe", "seqform")


def default_method(game: NormalFormGame | ExtensiveFormGame) -> str:
    if isinstance(game, ExtensiveFormGame):
        return "spe" if game.perfect_recall else "pure"
    return "enummixed" if game.n_players == 2 else "pure"


def solve(game: NormalFormGame | ExtensiveFormGame, method: str | None = None, *, exact: bool = False,
          tol: float = FLOAT_TOL, **options: Any) -> EquilibriumResult:
    """Solve ``game`` with ``method`` (default: ``spe`` for trees, ``enummixed`` for 2 players, else ``pure``).

    Normal-form methods applied to an extensive game work on its reduced strategic form.

    Examples
    --------
    >>> from realpolitik.games import NormalFormGame
    >>> g = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> solve(g, "pure").equilibria[0].profile
    ((0.0, 1.0), (0.0, 1.0))
    """
    from .enummixed import enummixed
    from .lemke_howson import lemke_howson, lemke_howson_all
    from .lp import zero_sum_lp
    from .pure import pure_equilibria
    from .qre import logit_qre
    from .seqform import seqform_lcp
    from .spe import subgame_perfect

    method = method or default_method(game)
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}", expected=f"one of {', '.join(METHODS)}")
    if method in ("spe", "seqform"):
        if not isinstance(game, ExtensiveFormGame):
            raise EngineNotApplicable(f"method {method!r} needs an extensive game (.efg or a scenario tree)",
                                      expected="an extensive game; for strategic games use pure/enummixed/lh/lp/qre")
        fn = subgame_perfect if method == "spe" else seqform_lcp
        return fn(game, exact=exact, tol=tol, **options)
    nf = game.reduced_normal_form() if isinstance(game, ExtensiveFormGame) else game
    if method == "pure":
        return pure_equilibria(nf, exact=exact, tol=tol, **options)
    if method == "enummixed":
        return enummixed(nf, exact=exact, tol=tol, **options)
    if method == "lh":
        if options.pop("all_labels", False):
            return lemke_howson_all(nf, exact=exact, tol=tol, **options)
        return lemke_howson(nf, exact=exact, tol=tol, **options)
    if method == "lp":
        return zero_sum_lp(nf, exact=exact, tol=tol, **options)
    if exact:
        raise EngineNotApplicable("the logit QRE is traced in floating point only", expected="no --exact with qre")
    return logit_qre(nf, tol=tol, **options)


def scenario_game(scenario: Any, game_id: str | None = None) -> tuple[CompiledGame, dict[str, float]]:
    """The compiled game ``game_id`` of a scenario and the parameters' point values."""
    games = tuple(getattr(scenario, "games", ()) or ())
    if not games:
        raise InputError(f"scenario {getattr(getattr(scenario, 'metadata', None), 'id', '')!r} has no games",
                         expected="a scenario with a 'games' section")
    if game_id is None:
        if len(games) > 1:
            raise InputError("the scenario has several games; choose one with --game",
                             expected=f"one of {[g.id for g in games]}")
        spec = games[0]
    else:
        spec = next((g for g in games if g.id == game_id), None)
        if spec is None:
            raise InputError(f"no game {game_id!r} in the scenario", expected=f"one of {[g.id for g in games]}")
    values = {p.id: float(p.point) for p in getattr(scenario, "parameters", ())}
    names = {a.id: getattr(a, "name", a.id) for a in getattr(scenario, "actors", ())}
    return compile_spec(spec, set(values), names), values


@dataclass(frozen=True)
class Threshold:
    """Where the equilibrium path changes when one parameter moves away from its point value."""

    parameter: str
    base: float
    value: float
    direction: str  # "above" or "below"
    path: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "base": self.base, "value": self.value, "direction": self.direction,
                "path": list(self.path)}


def _first_path(compiled: CompiledGame, values: Mapping[str, float]) -> tuple[str, ...] | None:
    from .spe import spe_candidates

    game = compiled.game(values)
    if not isinstance(game, ExtensiveFormGame):
        return None
    # the search only compares paths; the equilibria reported to users are verified by subgame_perfect
    behavs, _, _ = spe_candidates(game, max_equilibria=1)
    return tuple(game.path(behavs[0])) if behavs else None


class _PathProbe:
    """The first subgame-perfect path at many values of one parameter, on the batch axis.

    For trees :mod:`.pure_pi` covers, the payoff and chance tables are evaluated once for all the
    values and :func:`~.spe.subgame_perfect_batch` gives every path in one pass (the tree is
    compiled once, not once per probe); other games, and samples it leaves over, are compiled and
    solved one by one. A value whose chance probabilities are invalid raises the
    :class:`~realpolitik.errors.InputError` that compiling the game at it would.
    """

    def __init__(self, compiled: CompiledGame, values: Mapping[str, float]) -> None:
        from . import pure_pi

        self.compiled, self.values = compiled, dict(values)
        game = compiled.game(self.values)
        self.base = game if isinstance(game, ExtensiveFormGame) else None
        self.batch = self.base is not None and pure_pi.applies(self.base)

    def paths(self, name: str, xs: list[float]) -> list[tuple[str, ...] | None | InputError]:
        if not self.batch:
            return [self._one(name, x) for x in xs]
        from . import pure_pi
        from .spe import subgame_perfect_batch

        base = self.base
        params: dict[str, Any] = {**self.values, name: np.asarray(xs, dtype=float)}
        n = len(xs)
        try:
            table = np.broadcast_to(self.compiled.outcome_table(params), (n, len(base.outcomes), base.n_players))
            tables = self.compiled.chance_table(params)
        except InputError:  # some value is outside an expression's domain: find which, one by one
            return [self._one(name, x) for x in xs]
        bad = np.zeros(n, dtype=bool)
        chance = []
        for p in tables:
            p = np.broadcast_to(p, (n, p.shape[-1]))
            tot = p.sum(axis=1)
            bad |= (p < 0).any(axis=1) | (p > 1).any(axis=1) | (np.abs(tot - 1.0) > 1e-9)
            chance.append(p / np.where(tot > 0, tot, 1.0)[:, None])
        b = subgame_perfect_batch(base, table, chance)
        order = [h for h, info in enumerate(base.infosets) if info.player < 0]  # chance_table's order
        probs = {k: chance[order.index(nd.infoset)] for k, nd in enumerate(base.nodes) if nd.kind == "c"}
        words = pure_pi.paths(base, b.choice, b.reach, probs)
        return [self._one(name, x) if bad[s] or b.fallback[s] else words[s] for s, x in enumerate(xs)]

    def _one(self, name: str, x: float) -> tuple[str, ...] | None | InputError:
        try:
            return _first_path(self.compiled, {**self.values, name: x})
        except InputError as e:
            return e

    def path(self, name: str, x: float) -> tuple[str, ...] | None:
        p = self.paths(name, [x])[0]
        if isinstance(p, InputError):
            raise p
        return p


def path_thresholds(compiled: CompiledGame, values: Mapping[str, float], *, grid: int = 20,
                    bisections: int = 30) -> list[Threshold]:
    """For each probability-like parameter of the game (point value in [0, 1]), the nearest value
    above and below its point at which the (first) subgame-perfect path changes.

    The grid of each direction is probed in one batch; the bisection that follows is sequential.
    """
    base_path = _first_path(compiled, values)
    if base_path is None:
        return []
    probe = _PathProbe(compiled, values)
    out = []
    for name in sorted(compiled.parameter_names):
        base = float(values[name])
        if not 0.0 <= base <= 1.0:
            continue
        for direction, end in (("above", 1.0), ("below", 0.0)):
            xs = [base + (end - base) * k / grid for k in range(1, grid + 1)]
            prev = base
            found = None
            for x, p in zip(xs, probe.paths(name, xs)):
                if isinstance(p, InputError):
                    break
                if p != base_path:
                    found = (prev, x)
                    break
                prev = x
            if found is None:
                continue
            lo, hi = found
            for _ in range(bisections):
                mid = (lo + hi) / 2
                if probe.path(name, mid) == base_path:
                    lo = mid
                else:
                    hi = mid
            new = probe.path(name, hi) or ()
            out.append(Threshold(parameter=name, base=base, value=(lo + hi) / 2, direction=direction,
                                 path=tuple(new)))
    return out

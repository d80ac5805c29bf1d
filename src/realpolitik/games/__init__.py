"""Games: normal- and extensive-form games, Gambit file interop and verified equilibrium solvers.

Every solver returns one frozen :class:`EquilibriumResult`; every profile in it
has been verified (max regret <= 1e-9 relative to the payoff scale, or exactly
0 with ``exact=True``).

>>> from realpolitik.games import NormalFormGame, solve
>>> g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
>>> len(solve(g, "enummixed").equilibria)
3
"""

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compile import CompiledGame, compile_game, compile_spec
    from .enummixed import enummixed
    from .expr import Expression, parse_expression
    from .extensive_form import ExtensiveFormGame, Infoset, Node, Outcome
    from .gambit_io import (efg_text, nfg_text, read_efg, read_efg_string, read_game, read_nfg, read_nfg_string,
                            write_efg, write_nfg)
    from .lemke_howson import lemke_howson, lemke_howson_all
    from .lp import zero_sum_lp
    from .normal_form import NormalFormGame
    from .pure import pure_equilibria
    from .qre import logit_qre
    from .result import Equilibrium, EquilibriumResult, QREPoint
    from .seqform import seqform_lcp
    from .solve import METHODS, Threshold, path_thresholds, scenario_game, solve
    from .spe import subgame_perfect
    from .verify import regret

# Submodules load on first use: reading a scenario's games (compile, expr) must not pull in the
# solvers (numba, scipy). The table is derived from the imports above.
_WHERE = {
    "CompiledGame": "compile",
    "compile_game": "compile",
    "compile_spec": "compile",
    "enummixed": "enummixed",
    "Expression": "expr",
    "parse_expression": "expr",
    "ExtensiveFormGame": "extensive_form",
    "Infoset": "extensive_form",
    "Node": "extensive_form",
    "Outcome": "extensive_form",
    "efg_text": "gambit_io",
    "nfg_text": "gambit_io",
    "read_efg": "gambit_io",
    "read_efg_string": "gambit_io",
    "read_game": "gambit_io",
    "read_nfg": "gambit_io",
    "read_nfg_string": "gambit_io",
    "write_efg": "gambit_io",
    "write_nfg": "gambit_io",
    "lemke_howson": "lemke_howson",
    "lemke_howson_all": "lemke_howson",
    "zero_sum_lp": "lp",
    "NormalFormGame": "normal_form",
    "pure_equilibria": "pure",
    "logit_qre": "qre",
    "Equilibrium": "result",
    "EquilibriumResult": "result",
    "QREPoint": "result",
    "seqform_lcp": "seqform",
    "METHODS": "solve",
    "Threshold": "solve",
    "path_thresholds": "solve",
    "scenario_game": "solve",
    "solve": "solve",
    "subgame_perfect": "spe",
    "regret": "verify",
}


class _Games(ModuleType):
    # ``enummixed`` and ``solve`` name both a submodule and a function: importing the submodule sets
    # the package attribute to the module; keep the function, as the eager package did.
    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and _WHERE.get(name) == name:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Games


def __getattr__(name: str) -> Any:
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'realpolitik.games' has no attribute {name!r}")
    value = getattr(import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CompiledGame", "Equilibrium", "EquilibriumResult", "Expression", "ExtensiveFormGame", "Infoset", "METHODS",
    "Node", "NormalFormGame", "Outcome", "QREPoint", "Threshold",
    "compile_game", "compile_spec", "efg_text", "enummixed", "lemke_howson", "lemke_howson_all", "logit_qre",
    "nfg_text", "parse_expression", "path_thresholds", "pure_equilibria", "read_efg", "read_efg_string",
    "read_game", "read_nfg", "read_nfg_string", "regret", "scenario_game", "seqform_lcp", "solve",
    "subgame_perfect", "write_efg", "write_nfg", "zero_sum_lp",
]

"""Games: normal- and extensive-form games, Gambit file interop and verified equilibrium solvers.

Every solver returns one frozen :class:`EquilibriumResult`; every profile in it
has been verified (max regret <= 1e-9 relative to the payoff scale, or exactly
0 with ``exact=True``).

>>> from realpolitik.games import NormalFormGame, solve
>>> g = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
>>> len(solve(g, "enummixed").equilibria)
3
"""

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

__all__ = [
    "CompiledGame", "Equilibrium", "EquilibriumResult", "Expression", "ExtensiveFormGame", "Infoset", "METHODS",
    "Node", "NormalFormGame", "Outcome", "QREPoint", "Threshold",
    "compile_game", "compile_spec", "efg_text", "enummixed", "lemke_howson", "lemke_howson_all", "logit_qre",
    "nfg_text", "parse_expression", "path_thresholds", "pure_equilibria", "read_efg", "read_efg_string",
    "read_game", "read_nfg", "read_nfg_string", "regret", "scenario_game", "seqform_lcp", "solve",
    "subgame_perfect", "write_efg", "write_nfg", "zero_sum_lp",
]

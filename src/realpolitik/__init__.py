"""realpolitik: strategic analysis of multi-actor dilemmas in international politics.

State the reasoning of an analysis as a model (actors, positions, capabilities
and salience on an issue, games, uncertain parameters, sources) and compute
what rational actors would do.

>>> import realpolitik
>>> sc = realpolitik.load_any("belarus-2022")
>>> sc.metadata.as_of.isoformat()
'2022-10-11'
"""

from ._version import __version__

TYPE_CHECKING = False  # typing itself costs start-up time; type checkers treat this as typing.TYPE_CHECKING
if TYPE_CHECKING:
    from .errors import (ConvergenceWarning, EngineNotApplicable, GameFileError, InputError, RealpolitikError,
                         ScenarioError, ScenarioFileError)
    from .scenario import Scenario, load_any, load_scenario, loads_scenario

# Everything else loads on first use, so that ``realpolitik --version`` and every import of a
# submodule stay instant (docs/limits.md, "Start-up").
_WHERE = {"ConvergenceWarning": "errors", "EngineNotApplicable": "errors", "GameFileError": "errors",
          "InputError": "errors", "RealpolitikError": "errors", "ScenarioError": "errors",
          "ScenarioFileError": "errors", "Scenario": "scenario", "load_any": "scenario",
          "load_scenario": "scenario", "loads_scenario": "scenario"}


def __getattr__(name: str) -> object:
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'realpolitik' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{mod}", __name__), name)


__all__ = [
    "__version__", "ConvergenceWarning", "EngineNotApplicable", "GameFileError", "InputError",
    "RealpolitikError", "Scenario", "ScenarioError", "ScenarioFileError", "load_any", "load_scenario",
    "loads_scenario",
]

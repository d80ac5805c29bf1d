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
from .errors import (ConvergenceWarning, EngineNotApplicable, GameFileError, InputError, RealpolitikError,
                     ScenarioError, ScenarioFileError)
from .scenario import Scenario, load_any, load_scenario, loads_scenario

__all__ = [
    "__version__", "ConvergenceWarning", "EngineNotApplicable", "GameFileError", "InputError",
    "RealpolitikError", "Scenario", "ScenarioError", "ScenarioFileError", "load_any", "load_scenario",
    "loads_scenario",
]

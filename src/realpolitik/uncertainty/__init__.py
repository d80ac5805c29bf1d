"""Uncertainty: Monte Carlo over a scenario's uncertain inputs, sensitivity and tipping points.

* :func:`simulate` - sample every uncertain number (MC, Latin hypercube or
  scrambled Sobol; optional rank correlation), evaluate the bargaining
  engines through their batch axis and the games per sample, on one core, a
  process pool or a Dask cluster; returns an :class:`UncertaintyResult`.
* :func:`sensitivity` - SALib Sobol (S1, ST with intervals) or Morris, with
  tornado data (:class:`SensitivityResult`).
* :func:`find_threshold` - the value of one input at which an outcome
  changes (:class:`ThresholdResult`).
* :func:`cardinal_from_ranks` - random cardinal utilities consistent with
  ordinal ranks (the ordinal-preferences method, ``docs/uncertainty.md``).

>>> from realpolitik.uncertainty import simulate
>>> from realpolitik.scenario import load_any
>>> res = simulate(load_any("belarus-2022"), 200, rng=1, games=[])
>>> bool(0 <= res.quantiles.loc["bargaining.involvement.eu", "q0.5"] <= 100)
True
"""

from .backends import BACKENDS, run_chunks
from .bargaining_model import BargainingModel, bargaining_model
from .games_model import GameModel, game_model
from .models import CompositeModel, FunctionModel, Model, point_inputs
from .ordinal import cardinal_from_ranks, n_interior
from .result import UncertaintyResult, wilson_interval
from .runner import simulate
from .sampling import SAMPLERS, Design, apply_copula, sample_design, uniform_design
from .scenario_model import scenario_model
from .sensitivity import SensitivityResult, sensitivity, tornado
from .threshold import ThresholdResult, find_threshold

__all__ = [
    "BACKENDS", "SAMPLERS", "BargainingModel", "CompositeModel", "Design", "FunctionModel", "GameModel", "Model",
    "SensitivityResult", "ThresholdResult", "UncertaintyResult", "apply_copula", "bargaining_model",
    "cardinal_from_ranks", "find_threshold", "game_model", "n_interior", "point_inputs", "run_chunks",
    "sample_design",
    "scenario_model", "sensitivity", "simulate", "tornado", "uniform_design", "wilson_interval",
]

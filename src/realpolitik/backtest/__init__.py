"""Backtests of the bargaining models on DEU III (EU legislative decisions).

* :func:`read_deu3` reads the data with its quirks handled (:class:`DEUData`).
* :func:`run_backtest` scores models with the fixed protocol
  (:class:`BacktestResult`; ``.to_dict()`` is the CLI's ``--json``).
* :mod:`~realpolitik.backtest.calibrated`: ``calibrated_compromise``, the
  model fitted on the dev split (:func:`calibrated_forecast` for one issue).
* :mod:`~realpolitik.backtest.candidates`: every candidate model considered,
  with its proposal-grouped cross-validated MAE on the dev split.
* :func:`plot_errors` draws the error distribution per model.
"""

from .calibrated import CalibratedParams, fit_deu3, load_params, refit_deu3
from .calibrated import forecast as calibrated_forecast
from .deu import ACTORS, CUT_DATE, DEUData, decode_date, read_deu3
from .models import DEFAULT_MODELS, MODELS
from .plot import plot_errors
from .protocol import mae_ci, paired_difference_ci, score
from .run import BacktestResult, run_backtest

__all__ = ["ACTORS", "CUT_DATE", "DEUData", "decode_date", "read_deu3", "run_backtest", "BacktestResult",
           "MODELS", "DEFAULT_MODELS", "score", "mae_ci", "paired_difference_ci", "plot_errors", "calibrated_forecast",
           "CalibratedParams", "load_params", "fit_deu3", "refit_deu3"]

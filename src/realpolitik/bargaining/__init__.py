"""Bargaining forecasts on one issue dimension.

* The expected-utility model of Bueno de Mesquita as specified by Scholz,
  Calbert & Smith (2011): :func:`run_eu` (one issue, a
  :class:`ForecastResult`) and :func:`run_eu_batch` (``B`` copies in one
  vectorised call, a :class:`BatchForecastResult`), rules in
  :class:`EUOptions`.
* Baselines (batch-capable over leading axes): :func:`mean`,
  :func:`salience_weighted_mean`, :func:`compromise`,
  :func:`capability_weighted_mean`, :func:`weighted_median`,
  :func:`median_voter`, :func:`nash_bargaining`, :func:`status_quo`.
* The exchange model of Stokman & Van Oosten across several issues:
  :func:`run_exchange` (an :class:`ExchangeResult`), :func:`run_exchange_scenario`.
* :func:`forecast_issue` runs them all on a scenario issue
  (:class:`IssueForecasts`).
"""

from .baselines import (capability_weighted_mean, compromise, mean, median_voter, nash_bargaining,
                        salience_weighted_mean, status_quo, weighted_median)
from .eu import BatchForecastResult, ForecastResult, Move, RoundOne, run_eu, run_eu_batch
from .exchange import ExchangeData, ExchangeResult, exchange_data, run_exchange, run_exchange_scenario
from .issue import BaselineForecast, IssueForecasts, forecast_issue
from .options import EUOptions

__all__ = [
    "EUOptions",
    "run_eu",
    "run_eu_batch",
    "ForecastResult",
    "BatchForecastResult",
    "Move",
    "RoundOne",
    "mean",
    "salience_weighted_mean",
    "compromise",
    "capability_weighted_mean",
    "weighted_median",
    "median_voter",
    "nash_bargaining",
    "status_quo",
    "forecast_issue",
    "IssueForecasts",
    "BaselineForecast",
    "run_exchange",
    "run_exchange_scenario",
    "exchange_data",
    "ExchangeResult",
    "ExchangeData",
]

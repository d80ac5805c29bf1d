"""Proper scores for forecasts of resolvable questions (pure NumPy).

Every function states its formula and its source. Conventions:

* probabilities are arrays whose last axis is the question's options, in order;
* an outcome is the 0-based index of the option that happened (or a value for numeric questions);
* Brier scores are the original multi-category form, ``sum_k (p_k - o_k)**2``, on 0-2;
* log scores are natural logarithms of the probability given to what happened (higher is better);
* Metaculus scores are in points (higher is better).

>>> from realpolitik.scoring import brier, log_score, baseline_score
>>> round(float(brier([0.7, 0.3], 0)), 2)
0.18
>>> round(float(log_score([0.7, 0.3], 0)), 4)
-0.3567
>>> round(float(baseline_score([0.7, 0.3], 0)), 2)
48.54
"""

from __future__ import annotations

from .brier import brier, daily_brier, ordered_brier
from .calibration import (
    MurphyDecomposition,
    ReliabilityData,
    murphy_decomposition,
    reliability_data,
    reliability_figure,
)
from .continuous import cdf_to_pmf, crps_cdf, crps_ensemble, numeric_baseline_score, outcome_bucket
from .logscores import baseline_score, log_score, peer_scores
from .timeavg import NoForecastPolicy, Timeline, time_average

__all__ = [
    "brier",
    "ordered_brier",
    "daily_brier",
    "log_score",
    "baseline_score",
    "peer_scores",
    "numeric_baseline_score",
    "cdf_to_pmf",
    "outcome_bucket",
    "crps_cdf",
    "crps_ensemble",
    "murphy_decomposition",
    "MurphyDecomposition",
    "reliability_data",
    "ReliabilityData",
    "reliability_figure",
    "time_average",
    "Timeline",
    "NoForecastPolicy",
]

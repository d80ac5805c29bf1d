"""The exchange model on DEU III: vote trading between the issues of one proposal.

How DEU maps onto the model (:func:`realpolitik.bargaining.run_exchange`):

* one **exchange run per proposal** (``prnr`` as recorded) with two or more
  issues on which some actor has positive salience; its issues are the
  proposal's issues, all of them (an issue without a valid outcome still
  carries positions and can be traded on, it is only not scored);
* **actors** are DEU's 30 columns; an actor takes part in an issue where it has
  both a position and a salience (as in every other backtest model), otherwise
  it is ``NaN`` there and does not trade on it;
* **positions** are DEU's 0-100 as given, **salience** is DEU's 0-100 divided
  by 100, **capability** is equal (1) for every actor on every issue, so the
  initial outcome is exactly ``compromise_equal`` and any difference between
  the two models is the effect of trading;
* decide's defaults: 10 rounds, equal-gain rates (``p = 0``), the
  deterministic ``tie_break="ids"``. Nothing was chosen by looking at any
  score.

The forecast of an issue is the last round's voting outcome. Scoreable issues
of single-issue proposals are not covered and get the declared fallback,
``compromise_equal``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from .deu import DEUData

__all__ = ["ROUNDS", "exchange_forecasts"]

#: decide's default number of rounds.
ROUNDS = 10


def exchange_forecasts(data: DEUData, progress: Callable[[int, int], None] | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """``(forecast, covered)`` per issue of ``data``: the exchange model within each proposal."""
    from ..bargaining import run_exchange

    iss = data.issues
    n = len(iss)
    f = np.full(n, np.nan)
    covered = np.zeros(n, dtype=bool)
    h = data.has_data
    s = np.where(h, data.saliences / 100.0, np.nan)
    x = np.where(h, data.positions, np.nan)
    c = np.where(h, 1.0, np.nan)
    groups = [np.flatnonzero(iss["prnr"].to_numpy() == p) for p in dict.fromkeys(iss["prnr"])]
    groups = [g[np.nansum(s[g], axis=1) > 0] for g in groups]
    todo = [g for g in groups if len(g) >= 2 and data.scoreable[g].any()]
    for k, g in enumerate(todo):
        # actors x issues; actors on none of the proposal's issues drop out
        keep = h[g].any(axis=0)
        res = run_exchange(x[g][:, keep].T, s[g][:, keep].T, c[g][:, keep].T, rounds=ROUNDS,
                           issue_ids=[str(v) for v in iss["isnr"].to_numpy()[g]],
                           actor_ids=[a for a, kk in zip(data.actors, keep) if kk])
        f[g] = res.outcome.iloc[-1].to_numpy()
        covered[g] = True
        if progress is not None:
            progress(k + 1, len(todo))
    return f, covered & data.scoreable

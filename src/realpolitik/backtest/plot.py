"""Error-distribution plot of a backtest (matplotlib, Agg)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .run import BacktestResult

__all__ = ["plot_errors"]


def plot_errors(result: "BacktestResult", split: str = "test") -> "Figure":
    """Box plots of the absolute errors per model on ``split``, MAE marked.

    Returns a matplotlib Figure (Agg canvas; save with ``fig.savefig``).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = result.forecasts if split == "all" else result.forecasts[result.forecasts["split"] == split]
    models = list(result.scores)
    errs = [np.abs(frame[m].to_numpy() - frame["out"].to_numpy()) for m in models]
    fig = Figure(figsize=(max(6.0, 0.9 * len(models) + 2), 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.boxplot(errs, showfliers=True)
    ax.set_xticks(range(1, len(models) + 1), models, rotation=30, ha="right")
    ax.plot(range(1, len(models) + 1), [e.mean() for e in errs], "D", color="tab:red", label="MAE")
    ax.set_ylabel("absolute error (0-100 scale)")
    ax.set_ylim(-2, 102)
    ax.set_title(f"DEU III backtest: error distribution per model ({split}, n = {len(frame)})")
    ax.legend(loc="upper left")
    return fig

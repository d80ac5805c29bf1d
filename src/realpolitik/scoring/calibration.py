"""Calibration: Murphy's decomposition of the Brier score and reliability diagrams."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .brier import as_probabilities, one_hot

__all__ = ["MurphyDecomposition", "murphy_decomposition", "ReliabilityData", "reliability_data",
           "reliability_figure", "event_forecasts"]


@dataclass(frozen=True)
class MurphyDecomposition:
    """``brier = reliability - resolution + uncertainty + within_bin``.

    ``within_bin`` is 0 (to rounding) when the bins are the distinct forecast values;
    coarser bins add the within-bin variance terms.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin: float
    n: int


def event_forecasts(p: Any, outcome: Any) -> tuple[np.ndarray, np.ndarray]:
    """Multi-option forecasts as one event forecast per option: (probabilities, happened 0/1)."""
    pr = as_probabilities(np.atleast_2d(np.asarray(p, dtype=float)))
    o = one_hot(np.atleast_1d(np.asarray(outcome)), pr.shape[-1])
    return pr.ravel(), o.ravel()


def _decompose(f: np.ndarray, o: np.ndarray, bins: Any) -> tuple[float, float, float, float]:
    n = f.size
    if bins is None:
        keys, inv = np.unique(f, return_inverse=True)
        nk = np.bincount(inv, minlength=keys.size).astype(float)
        fk = keys
    else:
        edges = np.asarray(bins, dtype=float)
        inv = np.clip(np.searchsorted(edges, f, side="right") - 1, 0, edges.size - 2)
        nk = np.bincount(inv, minlength=edges.size - 1).astype(float)
        fk = np.bincount(inv, weights=f, minlength=edges.size - 1) / np.maximum(nk, 1)
    ok = np.bincount(inv, weights=o, minlength=nk.size) / np.maximum(nk, 1)
    obar = o.mean()
    rel = float((nk * (fk - ok) ** 2).sum() / n)
    res = float((nk * (ok - obar) ** 2).sum() / n)
    unc = float(obar * (1 - obar))
    bs = float(((f - o) ** 2).mean())
    return bs, rel, res, unc


def murphy_decomposition(p: Any, outcome: Any, *, bins: Any = None) -> MurphyDecomposition:
    """Murphy's (1973) decomposition ``BS = REL - RES + UNC``.

    ``REL = (1/N) sum_k n_k (f_k - o_k)**2``, ``RES = (1/N) sum_k n_k (o_k - o)**2``,
    ``UNC = o (1 - o)``, with ``f_k`` the forecast and ``o_k`` the observed frequency in bin
    ``k`` and ``o`` the overall frequency (Murphy, J. Appl. Meteor. 12, 595-600,
    doi:10.1175/1520-0450(1973)012<0595:ANVPOT>2.0.CO;2). Exact when ``bins`` is None (one
    bin per distinct forecast value).

    Parameters
    ----------
    p : array-like
        Shape (N,): probabilities of one event, with ``outcome`` 0/1 (Brier on 0-1); or
        shape (N, K): probabilities of K options with ``outcome`` the option index, decomposed
        per option and summed (Brier on 0-2).
    outcome : array-like
    bins : array-like of edges, optional

    Examples
    --------
    >>> d = murphy_decomposition([0.1, 0.1, 0.8, 0.8, 0.8], [0, 1, 1, 1, 0])
    >>> abs(d.brier - (d.reliability - d.resolution + d.uncertainty)) < 1e-12
    True
    """
    arr = np.asarray(p, dtype=float)
    if arr.ndim == 1:
        f = arr
        o = np.asarray(outcome, dtype=float)
        if f.shape != o.shape or f.size == 0:
            raise InputError("murphy_decomposition needs one outcome per forecast")
        if np.any((o != 0) & (o != 1)) or np.any((f < 0) | (f > 1)):
            raise InputError("event forecasts must lie in [0, 1] and outcomes be 0 or 1")
        bs, rel, res, unc = _decompose(f, o, bins)
        n = f.size
    else:
        pr = as_probabilities(arr)
        oh = one_hot(np.asarray(outcome), pr.shape[-1])
        parts = [_decompose(pr[:, k], oh[:, k], bins) for k in range(pr.shape[-1])]
        bs, rel, res, unc = (float(sum(x[i] for x in parts)) for i in range(4))
        n = pr.shape[0]
    return MurphyDecomposition(bs, rel, res, unc, bs - (rel - res + unc), n)


@dataclass(frozen=True)
class ReliabilityData:
    """Per bin: forecast count, mean forecast, observed frequency and its 95 % Wilson interval.

    Bins are ``[e_i, e_{i+1})``, the last one closed (a forecast of exactly 1 falls in it).
    Empty bins have NaN means.
    """

    edges: np.ndarray
    count: np.ndarray
    mean_forecast: np.ndarray
    observed: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def to_frame(self):  # pandas is a base dependency, imported lazily
        import pandas as pd

        return pd.DataFrame({"bin_low": self.edges[:-1], "bin_high": self.edges[1:], "count": self.count,
                             "mean_forecast": self.mean_forecast, "observed": self.observed,
                             "low": self.low, "high": self.high})


def reliability_data(p: Any, happened: Any, *, n_bins: int = 10) -> ReliabilityData:
    """Reliability-diagram table of event forecasts ``p`` (0-1) against 0/1 outcomes.

    Examples
    --------
    >>> r = reliability_data([0.05, 0.15, 0.95, 1.0], [0, 0, 1, 1], n_bins=10)
    >>> r.count.tolist()
    [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    >>> reliability_data([0.3, 0.7], [0, 1], n_bins=10).count.tolist()  # an edge opens its bin
    [0, 0, 0, 1, 0, 0, 0, 1, 0, 0]
    """
    f = np.asarray(p, dtype=float).ravel()
    o = np.asarray(happened, dtype=float).ravel()
    if f.shape != o.shape:
        raise InputError("reliability_data needs one outcome per forecast")
    if n_bins < 1 or n_bins > 100:
        raise InputError(f"n_bins = {n_bins}", expected="1 to 100 bins")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    # floor(f * n_bins), rounded first: a forecast on an edge (0.3) goes to the bin it opens; the edges
    # as floats (linspace's 0.30000000000000004) would put it in the bin below
    idx = np.clip(np.floor(np.round(f * n_bins, 9)).astype(np.int64), 0, n_bins - 1)
    count = np.bincount(idx, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_f = np.bincount(idx, weights=f, minlength=n_bins) / count
        k = np.bincount(idx, weights=o, minlength=n_bins)
        obs = k / count
        z = 1.959963984540054
        denom = 1 + z * z / count
        centre = (obs + z * z / (2 * count)) / denom
        half = z * np.sqrt(obs * (1 - obs) / count + z * z / (4 * count * count)) / denom
        # the interval holds the observed frequency; rounding can leave it 1e-17 outside (at 0 or 1)
        low = np.clip(np.fmin(centre - half, obs), 0.0, 1.0)
        high = np.clip(np.fmax(centre + half, obs), 0.0, 1.0)
    return ReliabilityData(edges, count, mean_f, obs, low, high)


def reliability_figure(data: "ReliabilityData | dict[str, ReliabilityData]", *, title: str = "Reliability",
                       label: str = "forecasts"):
    """A reliability diagram (observed frequency against mean forecast, with the diagonal and
    95 % Wilson intervals) above a histogram of forecast counts (sharpness). ``data`` is one
    table or a mapping of label to table (one curve each). Returns a matplotlib ``Figure``.

    Examples
    --------
    >>> fig = reliability_figure(reliability_data([0.1, 0.9, 0.8], [0, 1, 0]))
    >>> len(fig.axes)
    2
    """
    from matplotlib.figure import Figure

    series = {label: data} if isinstance(data, ReliabilityData) else dict(data)
    if not series:
        raise InputError("nothing to plot: no scored forecasts")
    fig = Figure(figsize=(5.5, 6.0), layout="constrained")
    ax, hx = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfectly calibrated")
    n = len(series)
    first = next(iter(series.values()))
    width = float(np.diff(first.edges)[0]) / n
    for i, (name, d) in enumerate(series.items()):
        ok = d.count > 0
        yerr = np.vstack([d.observed[ok] - d.low[ok], d.high[ok] - d.observed[ok]])
        ax.errorbar(d.mean_forecast[ok], d.observed[ok], yerr=yerr, marker="o", capsize=3, label=name)
        hx.bar(d.edges[:-1] + i * width, d.count, width=width, align="edge", label=name)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_ylabel("observed frequency")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize="small")
    hx.set_xlabel("forecast probability")
    hx.set_ylabel("forecasts")
    return fig

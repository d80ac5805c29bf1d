"""The exchange model in explanations and reports: who traded with whom, and what it did to each issue.

For a scenario with two or more issues, :func:`explain_exchange` runs
:func:`realpolitik.bargaining.run_exchange_scenario` (equal-gain rates,
decide's default 10 rounds) and keeps it as data
(:class:`ExchangeExplanation`, frozen, ``to_dict``) and sentences
(:meth:`ExchangeExplanation.text`). :func:`network_figure` draws who traded
with whom, :func:`trajectories_figure` every issue's voting positions by
round with the weighted-mean outcome; :func:`report_blocks` (in
:mod:`realpolitik.report.exchange_section`) lays it out in the report.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report.exchange import explain_exchange
>>> explain_exchange(realpolitik.load_any("ec-emissions-1994"))
Traceback (most recent call last):
...
realpolitik.errors.InputError: the exchange model needs at least 2 issues; this scenario has 1 (expected a scenario with two or more issues (issues[1]))
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._format import num

if TYPE_CHECKING:
    from ..bargaining.exchange import ExchangeResult

__all__ = ["ExchangeExplanation", "Trade", "explain_exchange", "network_figure", "trajectories_figure",
           "ROUNDS", "SHOWN"]

#: Rounds of the exchange model in explanations (decide's default).
ROUNDS = 10
#: Exchanges and trading pairs named in the text and tables.
SHOWN = 12

# Okabe & Ito, as in plots.py, then tab10 for more actors.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
            "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]


@dataclass(frozen=True)
class Trade:
    """One pair of actors who traded: how often and with what summed gain."""

    a: str
    a_name: str
    b: str
    b_name: str
    exchanges: int
    gain: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "a_name": self.a_name, "b": self.b, "b_name": self.b_name,
                "exchanges": self.exchanges, "gain": self.gain}


@dataclass(frozen=True)
class ExchangeExplanation:
    """The exchange model across a scenario's issues, as data.

    Attributes
    ----------
    issue_ids : tuple of str
    actor_names : dict id -> name
    result : ExchangeResult
        The engine's result (trajectories, every exchange, externalities).
    trades : tuple of Trade
        Every pair that traded, most exchanges first.
    sentences : tuple of str
        The first :data:`SHOWN` exchanges in words.
    """

    issue_ids: tuple[str, ...]
    actor_names: dict[str, str]
    result: "ExchangeResult" = field(repr=False)
    trades: tuple[Trade, ...]
    sentences: tuple[str, ...]

    @property
    def n_exchanges(self) -> int:
        return len(self.result.exchanges)

    @property
    def forecast(self) -> dict[str, float]:
        return self.result.forecast

    @property
    def initial(self) -> dict[str, float]:
        row = self.result.outcome.loc[0]
        return {i: float(row[i]) for i in self.issue_ids}

    def name(self, actor: str) -> str:
        return self.actor_names.get(actor, actor)

    def text(self) -> list[str]:
        """The explanation as sentences."""
        r = self.result
        out = [f"Exchange model (vote trading across the {len(self.issue_ids)} issues, {r.rounds} rounds, "
               f"equal-gain rates): {self.n_exchanges} exchanges realised."]
        moved = ", ".join(f"{i} {num(self.initial[i])} → {num(self.forecast[i])}" for i in self.issue_ids)
        out.append(f"Outcome (capability × salience weighted mean of the voting positions), start → last round: "
                   f"{moved}.")
        if self.trades:
            top = self.trades[:5]
            out.append("Who traded most: " + "; ".join(
                f"{t.a_name} with {t.b_name} ({t.exchanges} exchange{'s' if t.exchanges != 1 else ''})"
                for t in top) + ".")
        if self.sentences:
            out.append(f"First exchange: {self.sentences[0]}.")
        out.extend(f"Exchange model: {w}" for w in r.status.warnings)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``exchange`` object of ``explain --json`` (docs/report.md)."""
        d = self.result.to_dict()
        return {"issues": list(self.issue_ids), "forecast": d["forecast"], "initial": d["initial"],
                "rounds": d["rounds"], "trades": [t.to_dict() for t in self.trades],
                "actor_names": dict(self.actor_names), "status": d["status"], "text": self.text(),
                "provenance": d["provenance"]}


def explain_exchange(scenario: Any, *, capability: str = "leverage", rounds: int = ROUNDS) -> ExchangeExplanation:
    """Run the exchange model on ``scenario``'s issues and explain it (InputError for one issue only)."""
    from ..bargaining import run_exchange_scenario

    res = run_exchange_scenario(scenario, capability=capability, rounds=rounds)
    names = dict(zip(res.actor_ids, res.actor_names))
    tr = res.trades()
    trades = tuple(Trade(str(a), names[a], str(b), names[b], int(n), float(g))
                   for a, b, n, g in zip(tr["a"], tr["b"], tr["exchanges"], tr["gain"]))
    sentences = tuple(res.describe_exchanges(SHOWN))
    return ExchangeExplanation(issue_ids=res.issue_ids, actor_names=names, result=res, trades=trades,
                               sentences=sentences)


def _colour(k: int) -> str:
    return _PALETTE[k % len(_PALETTE)]


def network_figure(ex: ExchangeExplanation, *, title: str | None = None) -> Figure:
    """Who traded with whom: actors on a circle, a line per trading pair, width by number of exchanges."""
    ids = list(ex.result.actor_ids)
    n = len(ids)
    fig = Figure(figsize=(6.4, 6.0), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ang = np.pi / 2 - 2 * np.pi * np.arange(n) / max(n, 1)
    xy = {a: (math.cos(t), math.sin(t)) for a, t in zip(ids, ang)}
    most = max((t.exchanges for t in ex.trades), default=1)
    for t in sorted(ex.trades, key=lambda t: t.exchanges):
        (x0, y0), (x1, y1) = xy[t.a], xy[t.b]
        w = 0.6 + 5.0 * t.exchanges / most
        ax.plot([x0, x1], [y0, y1], color="#34495E", lw=w, alpha=0.25 + 0.6 * t.exchanges / most,
                solid_capstyle="round", zorder=1)
    traded = {a for t in ex.trades for a in (t.a, t.b)}
    for k, a in enumerate(ids):
        x, y = xy[a]
        ax.scatter([x], [y], s=90, color=_colour(k) if a in traded else "#BBBBBB", zorder=2,
                   edgecolor="white", linewidth=0.8)
        ha = "left" if x > 0.15 else ("right" if x < -0.15 else "center")
        va = "bottom" if y > 0.15 else ("top" if y < -0.15 else "center")
        label = ex.name(a)
        ax.text(1.1 * x, 1.1 * y, label if len(label) <= 22 else label[:20] + "…", ha=ha, va=va, fontsize=8)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"Who traded with whom ({ex.n_exchanges} exchanges in {ex.result.rounds} rounds; "
                 "line width: number of exchanges)", fontsize=9)
    return fig


def trajectories_figure(ex: ExchangeExplanation, *, ncols: int = 3) -> Figure:
    """Every issue's voting positions by round (one panel per issue), the weighted-mean outcome in black."""
    r = ex.result
    m = len(ex.issue_ids)
    ncols = max(1, min(ncols, m))
    nrows = math.ceil(m / ncols)
    fig = Figure(figsize=(3.0 * ncols + 1.8, 2.4 * nrows + 0.4), dpi=100, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    outcome = r.outcome
    handles = {}
    for j, issue in enumerate(ex.issue_ids):
        ax = axes[j // ncols][j % ncols]
        lo, hi = r.scales[j]
        pos = pd.concat([r.positions(issue).iloc[[0]], r.positions(issue, voting=True)])
        for k, a in enumerate(r.actor_ids):
            col = pos[a].to_numpy(float)
            if np.all(np.isnan(col)):
                continue
            (h,) = ax.plot(pos.index, col, lw=1.0, marker="o", ms=2, color=_colour(k), alpha=0.8)
            handles.setdefault(a, h)
        (hm,) = ax.plot(outcome.index, outcome[issue].to_numpy(float), color="black", lw=2.2, ls="--")
        handles["__mean__"] = hm
        span = hi - lo
        ax.set_ylim(lo - 0.04 * span, hi + 0.04 * span)
        ax.set_title(issue if len(issue) <= 28 else issue[:26] + "…", fontsize=9)
        ax.grid(alpha=0.3)
        ax.tick_params(labelsize=7)
        if j % ncols == 0:
            ax.set_ylabel("position", fontsize=8)
        if j // ncols == nrows - 1:
            ax.set_xlabel("round", fontsize=8)
    for j in range(m, nrows * ncols):
        axes[j // ncols][j % ncols].axis("off")
    labels = [ex.name(a) for a in handles if a != "__mean__"] + ["weighted mean (outcome)"]
    fig.legend([handles[a] for a in handles if a != "__mean__"] + [handles["__mean__"]], labels,
               loc="outside right center", fontsize=7, frameon=False)
    fig.suptitle("Voting positions by round (round 0: the opening positions) and the outcome", fontsize=10)
    return fig


def figures(ex: ExchangeExplanation) -> list[tuple[str, str, Any]]:
    """``(name, caption, make)`` of the report's exchange figures (``make()`` draws one)."""
    return [
        ("exchange-network", f"Who traded with whom in the exchange model ({ex.n_exchanges} exchanges over "
         f"{ex.result.rounds} rounds); the wider and darker the line, the more exchanges the pair made.",
         lambda: network_figure(ex)),
        ("exchange-trajectories", "Each actor's voting position on every issue by round in the exchange model; "
         "dashed black: the outcome, the capability × salience weighted mean.", lambda: trajectories_figure(ex)),
    ]


def exchange_blocks(explanation: Any, figs: Any) -> list[Any]:
    """The report's exchange-model blocks (in the forecasts section); none for a one-issue scenario."""
    from .document import Block, Cell

    ex = getattr(explanation, "exchange", None)
    out: list[Any] = []
    why = explanation.unavailable.get("exchange")
    if ex is None:
        if why:
            out.append(Block("note", text=f"Exchange model not available: {why}"))
        return out
    fig = {f.name: f for f in figs}
    out.append(Block("h3", text="Exchange model: vote trading across the issues"))
    for line in ex.text()[:2]:
        out.append(Block("p", text=line))
    rows = tuple((Cell(i), Cell(num(ex.initial[i])), Cell(num(ex.forecast[i]))) for i in ex.issue_ids)
    out.append(Block("table", headers=("issue", "opening outcome (weighted mean)",
                                       f"after {ex.result.rounds} rounds of exchange"), rows=rows))
    if ex.trades:
        out.append(Block("p", text="Who traded with whom (pairs with the most exchanges first):"))
        rows = tuple((Cell(t.a_name), Cell(t.b_name), Cell(str(t.exchanges)), Cell(num(t.gain)))
                     for t in ex.trades[:SHOWN])
        out.append(Block("table", headers=("actor", "partner", "exchanges", "summed gain"), rows=rows))
        if len(ex.trades) > SHOWN:
            out.append(Block("p", text=f"… and {len(ex.trades) - SHOWN} more pairs."))
    if "exchange-network" in fig:
        out.append(Block("figure", figure=fig["exchange-network"]))
    if ex.sentences:
        more = f" (the first {len(ex.sentences)} of {ex.n_exchanges})" if ex.n_exchanges > len(ex.sentences) else ""
        out.append(Block("p", text=f"The exchanges in the order they were realised{more}:"))
        out.append(Block("list", items=tuple(Cell(s) for s in ex.sentences)))
    if "exchange-trajectories" in fig:
        out.append(Block("figure", figure=fig["exchange-trajectories"]))
    for w in ex.result.status.warnings:
        out.append(Block("note", text=f"Exchange model: {w}"))
    return out

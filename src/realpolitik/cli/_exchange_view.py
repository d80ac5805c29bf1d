"""``realpolitik forecast --model exchange``: run the exchange model and show it.

The model runs across every issue of the scenario at once (actors trade
concessions between issues), so it needs no ``--issue``. Tables: per issue the
initial weighted mean, the forecast (and with random rates the forecast's
quantiles over the repetitions), the outcome round by round, and the
realised exchanges in words with the scenario's actor names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from rich.table import Table

from ._common import console, err_console

if TYPE_CHECKING:
    from ..bargaining.exchange import ExchangeResult

#: Default rounds of the exchange model (decide's default; no convergence test).
EXCHANGE_ROUNDS = 10
#: Default repetitions with random exchange rates (p > 0).
RANDOM_REPETITIONS = 100
#: Exchanges listed in the table (all of them are in --json).
SHOWN_EXCHANGES = 30


def run(sc: Any, *, rounds: Optional[int], p: float, repetitions: Optional[int], seed: int,
        capability: str) -> "ExchangeResult":
    """The exchange model on every issue of ``sc`` (an InputError for one issue only)."""
    from ..bargaining import run_exchange_scenario

    reps = repetitions if repetitions is not None else (RANDOM_REPETITIONS if p > 0 else 1)
    basis = "raw" if capability == "raw" else "leverage"
    return run_exchange_scenario(sc, capability=basis, rounds=EXCHANGE_ROUNDS if rounds is None else rounds,
                                 p=p, repetitions=reps, rng=seed)


def to_json(res: "ExchangeResult") -> dict[str, Any]:
    """The ``models.exchange`` object: :meth:`ExchangeResult.to_dict` plus scales and actor names."""
    d = res.to_dict()
    d["scales"] = {i: [lo, hi] for i, (lo, hi) in zip(res.issue_ids, res.scales)}
    d["actor_names"] = dict(zip(res.actor_ids, res.actor_names))
    return d


def show(res: "ExchangeResult", *, limit: int = SHOWN_EXCHANGES) -> None:
    """Print the exchange model's tables; warnings go to stderr."""
    outcome = res.outcome
    dist = res.forecast_distribution if res.forecast_distribution.shape[0] > 1 else None
    title = f"Exchange model: {res.rounds} rounds, " + (
        "equal-gain exchange rates" if res.p == 0 else
        f"random exchange rates p = {res.p:g}, {dist.shape[0] if dist is not None else 1} repetitions")
    ft = Table(title=title)
    for col in ("issue", "scale", "initial (weighted mean)", "forecast"):
        ft.add_column(col, justify="left" if col == "issue" else "right")
    if dist is not None:
        ft.columns[-1].header = "forecast (repetition 0)"
        for col in ("5 %", "25 %", "median", "75 %", "95 %"):
            ft.add_column(col, justify="right")
    for i, (lo, hi) in zip(res.issue_ids, res.scales):
        row = [i, f"{lo:g}-{hi:g}", f"{outcome.loc[0, i]:.3g}", f"{outcome[i].iloc[-1]:.3g}"]
        if dist is not None:
            q = dist[i].quantile([0.05, 0.25, 0.5, 0.75, 0.95])
            row += [f"{v:.3g}" for v in q]
        ft.add_row(*row)
    console.print(ft)

    ex = res.exchanges
    rt = Table(title="Voting outcome (c*s weighted mean) by round")
    rt.add_column("issue")
    for k in outcome.index:
        rt.add_column(str(k), justify="right")
    for i in res.issue_ids:
        rt.add_row(i, *(f"{v:.3g}" for v in outcome[i]))
    counts = ex.groupby("round").size() if not ex.empty else None
    rt.add_row("[dim]exchanges[/]", "",
               *(str(int(counts.get(k, 0))) if counts is not None else "0" for k in outcome.index[1:]))
    console.print(rt)

    if not ex.empty:
        words = res.describe_exchanges(limit, with_round=False)
        et = Table(title="Exchanges in realisation order" + (
            f" (first {limit} of {len(ex)}; --json lists all)" if len(ex) > limit else "")
            + ("" if res.p == 0 else ", repetition 0"))
        for col in ("round", "#", "exchange", "gain"):
            et.add_column(col, justify="left" if col == "exchange" else "right")
        for text, r in zip(words, ex.itertuples()):
            cap = {"i": " (capped)", "j": " (partner capped)", "both": " (both capped)"}.get(r.cap, "")
            et.add_row(str(r.round), str(r.order), text + cap, f"{r.gain:.3g}")
        console.print(et)
        tr = res.trades()
        name = dict(zip(res.actor_ids, res.actor_names))
        pairs = ", ".join(f"{name[a]}-{name[b]} ({n})" for a, b, n in
                          zip(tr["a"][:10], tr["b"][:10], tr["exchanges"][:10]))
        more = f", and {len(tr) - 10} more pairs" if len(tr) > 10 else ""
        console.print(f"who traded with whom (number of exchanges): {pairs}{more}", highlight=False)
    console.print(f"exchange model: {res.status.message}", highlight=False)
    for w in res.status.warnings:
        err_console.print(f"[yellow]warning (exchange model):[/] {w}", highlight=False)

"""``realpolitik forecast``: bargaining forecasts for one scenario issue.

JSON contract (docs/bargaining.md)::

    {"issue": id, "scale": [min, max],
     "models": {"eu": {"rounds": [{"round": 0, "median": x, "mean": x, "positions": {id: x}}, ...],
                       "forecast": x, "status": "..."},
                "compromise": {"forecast": x}, "median": {"forecast": x}, "nbs": {"forecast": x},
                "exchange": {"forecast": {issue: x}, "rounds": [...], "status": {...}}}}

Extra keys appear only inside model objects. ``exchange`` (all issues at once,
:mod:`._exchange_view`) needs no ``--issue``; alone, ``issue`` and ``scale`` are
``null`` unless ``--issue`` is given.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, cast

import typer
from rich.table import Table

from .._defaults import DEFAULT_SEED, model_name
from ..errors import InputError, RealpolitikError
from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, load_scenario_arg, write_atomic

if TYPE_CHECKING:
    from ..bargaining.eu import ForecastResult

MODEL_CHOICES = ("eu", "compromise", "median", "nbs", "calibrated_compromise", "exchange", "all")
ALL_MODELS = ("eu", "compromise", "median", "nbs")
#: The ``--rules`` sets in words (the code stays the argument and the JSON's value).
_RULES_WORDS = {"scholz-code": "as in Scholz et al.'s code (reproduces their Table 2)",
                "paper": "the paper's printed equations", "dmasad": "as in D. Masad's implementation"}


def _issue_ids(sc: Any) -> list[str]:
    return [str(i.id) for i in sc.issues]


def _pick_issue(sc: Any, issue: Optional[str]) -> Optional[str]:
    ids = _issue_ids(sc)
    if not ids:
        raise InputError(f"scenario {sc.digest[:12] if hasattr(sc, 'digest') else ''} has no issues to forecast")
    if issue is None:
        if len(ids) > 1:
            raise InputError(f"this file has {len(ids)} issues; choose one with --issue "
                             "(or --model exchange: vote trading across all of them)",
                             expected=f"one of {', '.join(ids)}")
        return ids[0]
    if issue not in ids:
        raise InputError(f"--issue {issue!r}: no such issue", expected=f"one of {', '.join(ids)}")
    return issue


def _model_json(name: str, fc: Any) -> dict[str, Any]:
    if name == "eu":
        return fc.eu.to_dict()
    b = fc.baselines[name]
    return {"forecast": b.forecast, "description": b.description}


def _plot(path: Path, fc: Any, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InputError(f"--plot {path}: unsupported file type", expected="a .png or .svg path")
    eu = fc.eu
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for actor in eu.positions.columns:
        ax.plot(eu.positions.index, eu.positions[actor], marker="o", ms=3, lw=1, label=str(actor))
    ax.plot(eu.median.index, eu.median, "k--", lw=2, label="weighted median")
    ax.plot(eu.mean.index, eu.mean, "k:", lw=2, label="weighted mean")
    ax.set_xlabel("round")
    ax.set_ylabel("position")
    ax.set_ylim(*eu.scale)
    ax.set_title(title)
    ax.legend(fontsize=7, ncol=2, loc="best")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    plt.close(fig)
    write_atomic(path, buf.getvalue())


def register(app: typer.Typer) -> None:
    """Add ``forecast`` to ``app``."""

    @app.command("forecast")
    @handle_errors
    def forecast(
        scenario: str = typer.Argument(..., help="Catalogue id or file (YAML scenario, BDM CSV, decide file)."),
        issue: Optional[str] = typer.Option(None, "--issue", help="Issue id (needed when the file has several)."),
        model: str = typer.Option("all", "--model", help="eu, compromise, median, nbs, calibrated_compromise (fitted on DEU III, see docs/backtest.md), exchange (vote trading across all issues) or all (the first four, and exchange when the file has two or more issues)."),
        rounds: Optional[int] = typer.Option(None, "--rounds", help="Rounds (EU model: 8, exchange model: 10).",
                                             min=0, max=10_000),
        p: float = typer.Option(0.0, "--p", help="Exchange model: randomness of the exchange rates, 0 (equal gain) to 1."),
        repetitions: Optional[int] = typer.Option(None, "--repetitions", min=1,
                                                  help="Exchange model with --p > 0: runs (default 100)."),
        seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Seed of the random exchange rates."),
        capability: str = typer.Option("auto", "--capability",
                                       help="leverage, raw, both, or auto (both where they differ)."),
        rules: str = typer.Option("scholz-code", "--rules",
                                  help="EU rule set: paper (printed equations), scholz-code "
                                       "(reproduces Table 2) or dmasad."),
        json_out: bool = JSON_OPTION,
        plot: Optional[Path] = typer.Option(None, "--plot", help="Write the EU trajectories to a .png/.svg."),
    ) -> None:
        """Forecast a bargaining outcome: EU model, compromise, median voter, Nash bargaining, exchange model."""
        from ..bargaining import EUOptions, forecast_issue
        from . import _exchange_view

        if model not in MODEL_CHOICES:
            raise InputError(f"--model {model!r}", expected=", ".join(MODEL_CHOICES))
        if capability not in ("auto", "leverage", "raw", "both"):
            raise InputError(f"--capability {capability!r}", expected="leverage, raw, both or auto")
        models = ALL_MODELS if model == "all" else (model,)
        if plot is not None and "eu" not in models:
            raise InputError("--plot draws the EU model's trajectories; use --model eu or all")
        sc = load_scenario_arg(scenario)
        if model != "exchange":
            issue_id = _pick_issue(sc, issue)  # before any model runs
        exchange = None
        if model == "exchange" or (model == "all" and len(sc.issues) >= 2):
            exchange = _exchange_view.run(sc, rounds=rounds, p=p, repetitions=repetitions, seed=seed,
                                          capability=capability)
        if model == "exchange":
            picked = _pick_issue(sc, issue) if issue is not None else None
            if json_out:
                scale = None
                if picked is not None:
                    iss = next(i for i in sc.issues if i.id == picked)
                    scale = [float(iss.scale.min), float(iss.scale.max)]
                emit_json({"issue": picked, "scale": scale,
                           "models": {"exchange": _exchange_view.to_json(exchange)}})
            else:
                _exchange_view.show(exchange)
            return
        opts = EUOptions.preset(rules, rounds=8 if rounds is None else rounds)
        lev = sc.issue_data(issue_id, capability="leverage")
        raw = sc.issue_data(issue_id, capability="raw")
        import numpy as np

        differ = not np.array_equal(np.asarray(lev.capabilities), np.asarray(raw.capabilities))
        if capability == "auto":
            bases = ["leverage", "raw"] if differ else ["leverage"]
        elif capability == "both":
            bases = ["leverage", "raw"]
        else:
            bases = [capability]
        data = {"leverage": lev, "raw": raw}
        digest = getattr(sc, "digest", None)
        results = {b: forecast_issue(data[b], models=models, options=opts, scenario_digest=digest)
                   for b in bases}
        main = results[bases[0]]
        if plot is not None:
            _plot(plot, main, f"{issue_id}: EU model ({rules} rules, {bases[0]} capability)")

        if json_out:
            out_models: dict[str, Any] = {}
            for name in models:
                obj = _model_json(name, main)
                obj["capability_basis"] = bases[0]
                for other in bases[1:]:
                    alt = _model_json(name, results[other])
                    obj[other] = {"forecast": alt["forecast"]} if name != "eu" else {
                        "forecast": alt["forecast"], "status": alt["status"], "converged": alt["converged"],
                        "cycle_period": alt["cycle_period"], "cycle": alt["cycle"],
                        "median_by_round": [r["median"] for r in alt["rounds"]],
                        "mean_by_round": [r["mean"] for r in alt["rounds"]]}
                out_models[name] = obj
            if exchange is not None:
                out_models["exchange"] = _exchange_view.to_json(exchange)
            emit_json({"issue": issue_id, "scale": [float(lev.scale_min), float(lev.scale_max)],
                       "models": out_models})
            return

        def who(actor_id: str) -> str:
            try:
                return str(sc.actor(actor_id).name)
            except (RealpolitikError, AttributeError):
                return actor_id

        console.print(f"[bold]{issue_id}[/] on [{lev.scale_min:g}, {lev.scale_max:g}]"
                      + (f", status quo {lev.status_quo:g}" if lev.status_quo is not None else "")
                      + f"   expected-utility rules: {_RULES_WORDS.get(rules, rules)}", highlight=False)
        table = Table(title="Forecasts")
        table.add_column("model")
        for b in bases:
            table.add_column(f"{b} capability", justify="right")
        for name in models:
            cells = []
            for b in bases:
                fc = results[b]
                cells.append(_eu_cell(cast("ForecastResult", fc.eu)) if name == "eu"
                             else f"{fc.baselines[name].forecast:.3g}")
            table.add_row(model_name(name), *cells)
        console.print(table)
        if "eu" in models:
            rt = Table(title="Expected-utility model by round (capability × salience weighted)")
            rt.add_column("round", justify="right")
            for b in bases:
                rt.add_column(f"median ({b})", justify="right")
                rt.add_column(f"mean ({b})", justify="right")
            n_rounds = max(len(cast("ForecastResult", results[b].eu).median) for b in bases)
            for t in range(n_rounds):
                row = [str(t)]
                for b in bases:
                    eu = cast("ForecastResult", results[b].eu)  # "eu" is in models here
                    if t < len(eu.median):
                        row += [f"{eu.median.iloc[t]:.3f}", f"{eu.mean.iloc[t]:.3f}"]
                    else:
                        row += ["", ""]
                rt.add_row(*row)
            console.print(rt)
            for b in bases:
                eu = cast("ForecastResult", results[b].eu)
                console.print(f"pivotal (median voter, {b} capability): "
                              f"{', '.join(who(a) for a in eu.pivotal_actors()) or '-'};  "
                              f"expected-utility model: {_without_warnings(eu.status)}",
                              highlight=False)
            for b in bases:
                for w in cast("ForecastResult", results[b].eu).status.warnings:
                    err_console.print(f"[yellow]warning ({b} capability):[/] {w}", highlight=False)
        if exchange is not None:
            _exchange_view.show(exchange)
        if plot is not None:
            console.print(f"wrote {plot}", highlight=False)


def _without_warnings(status: Any) -> str:
    """The status message less the parts said as warnings just below (a cycle was said twice)."""
    msg = str(status.message)
    for w in status.warnings:
        msg = msg.replace(f"; {w}", "").replace(w, "")
    return msg.strip("; ") or "see the warning below"


def _eu_cell(eu: "ForecastResult") -> str:
    """The EU forecast as a table cell: a cycle shows its range, never one phase alone."""
    if eu.cycle_range is None:
        return f"{eu.forecast:.3g}"
    lo, hi = eu.cycle_range
    return f"{eu.forecast:.3g} (cycles {lo:.3g}-{hi:.3g})" if hi > lo else f"{eu.forecast:.3g} (positions cycle)"

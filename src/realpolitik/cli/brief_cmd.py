"""``realpolitik brief``: the answer in plain words (rich), or its JSON contract (``--json``)."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from .._defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, load_scenario_arg

_SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """A one-line chart of probabilities in [0, 1] (absolute scale, so 0 % and 100 % look it)."""
    out = []
    for v in values:
        if v != v:
            out.append(" ")
        else:
            out.append(_SPARK[min(len(_SPARK) - 1, int(round(max(0.0, min(1.0, v)) * (len(_SPARK) - 1))))])
    return "".join(out)


@handle_errors
def brief(
    scenario: str = typer.Argument(..., help="A scenario file, an importable table or a catalogue id."),
    json_: bool = JSON_OPTION,
    n: int = typer.Option(DEFAULT_SAMPLES, "-n", "--n", min=1, max=1_000_000,
                          help="Monte Carlo samples (the default is shared with ask, explain and report)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Seed of the sampling design."),
    sobol_n: int = typer.Option(64, "--sobol-n", min=0, help="Sobol base sample size for the drivers (0: none)."),
) -> None:
    """The answer in plain words: headline probability, most likely outcome, why, what would change it, models."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from ..analysis import make_brief

    sc = load_scenario_arg(scenario)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console,
                  transient=True, disable=json_) as prog:
        task = prog.add_task("Starting", total=None)
        b = make_brief(sc, n=n, seed=seed, sensitivity_n=sobol_n,
                       progress=lambda msg: prog.update(task, description=escape(msg)))
    if json_:
        emit_json(b.to_json())
        return
    render(b)


def render(b: Any) -> None:
    """Print a Brief with rich: words first, then the tables that back them."""
    from rich.panel import Panel
    from rich.table import Table

    say = lambda text, **kw: console.print(text, highlight=False, soft_wrap=True, **kw)  # noqa: E731
    say(f"[bold]{escape(b.title)}[/]  [dim](as of {b.as_of}; {b.n:,} samples, seed {b.seed})[/]")
    console.print(Panel(escape(b.headline_text()), title="Bottom line", border_style="bold"), highlight=False)
    if b.band is not None:
        say(escape(b.band_text()))
    if b.why:
        console.rule("Why")
        for w in b.why:
            say("• " + escape(w))
    console.rule("What would change it")
    if b.tipping_points:
        t = Table(show_lines=False)
        for col in ("assumption", "tips at", "assumed range", "then"):
            t.add_column(col, overflow="fold")
        for tp in b.tipping_points:
            rng = "—" if tp.assumed_range is None else f"{_n(tp.assumed_range[0])}–{_n(tp.assumed_range[1])}"
            where = "[red]inside[/]" if tp.inside_range else "outside"
            t.add_row(escape(tp.label), _n(tp.value), f"{rng} ({where})", escape(tp.then))
        console.print(t)
    else:
        say("No tipping point found in the game's parameters.")
    if b.sweep is not None:
        s = b.sweep
        say(f"Headline probability as {escape(s.label)} runs over its plausible range "
            f"({s.n} samples per point; assumed range {_n(s.assumed_range[0])}–{_n(s.assumed_range[1])}):")
        t = Table(show_header=True)
        t.add_column(escape(s.input.removeprefix("param.") if s.input.startswith("param.") else s.label))
        t.add_column("P(headline)", justify="right")
        for v, p in zip(s.values, s.probabilities):
            inside = s.assumed_range[0] <= v <= s.assumed_range[1]
            t.add_row(_n(v) + (" [dim](assumed)[/]" if inside else ""), _pct(p))
        console.print(t)
        say(f"  {_n(s.values[0])} {sparkline(list(s.probabilities))} {_n(s.values[-1])}")
    if b.drivers:
        say("Drivers of the headline (total Sobol index): " + ", ".join(
            f"{escape(d.label)} {d.effect:.2f}" for d in b.drivers[:4]))
    console.rule("The models, best DEU III record first")
    t = Table(show_lines=True)
    for col in ("model", "forecast", "DEU III test MAE (compromise)"):
        t.add_column(col, overflow="fold")
    for m in b.models:
        rec = "no record" if m.backtest is None else \
            f"{m.backtest['test_mae']:.1f} ({m.backtest['compromise_test_mae']:.1f})"
        t.add_row(escape(m.label), escape(m.text.split("; DEU III")[0].split("; no backtest")[0]), rec)
    console.print(t)
    if b.framings:
        say(escape(b.framings))
    for w in b.warnings:
        say(f"[yellow]warning:[/] {escape(w)}")


def _n(x: float) -> str:
    from ..report._format import num

    return num(x)


def _pct(p: float) -> str:
    from ..analysis.brief import _pct as pct

    return pct(p)

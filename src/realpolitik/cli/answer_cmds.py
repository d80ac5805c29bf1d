"""The answers: ``realpolitik ask`` (forecast questions) and ``realpolitik brief`` (the answer in words).

``ask --json`` contract (docs/cli.md)::

    {"scenario": ID, "as_of": DATE,
     "questions": [{"id": QID, "type": "binary"|"multiple_choice"|"numeric",
                    "options": [LABEL...] (not for numeric), "probabilities": {LABEL: P},
                    "interval": {LABEL: [LO, HI]}, "quantiles": {"0.05": X, "0.5": X, "0.95": X} (numeric),
                    "mapping": TEXT, "forecaster": "model:..."|"analyst:..."}],
     "provenance": {...}}
"""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape

from .._defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, load_scenario_arg

N_OPTION = typer.Option(DEFAULT_SAMPLES, "--n", "-n", min=1, max=1_000_000,
                        help="Monte Carlo samples (the default is shared with brief, explain and report).")
SEED_OPTION = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Seed of the sampling design.")


def register(app: typer.Typer) -> None:
    """Add ``ask`` and ``brief`` to ``app``."""
    app.command("ask")(ask)
    from . import brief_cmd

    app.command("brief")(brief_cmd.brief)


def _progress(enabled: bool) -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err_console,
                    transient=True, disable=not enabled)


@handle_errors
def ask(
    scenario: str = typer.Argument(..., help="A scenario file, an importable table or a catalogue id."),
    n: int = N_OPTION,
    seed: int = SEED_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Answer the scenario's forecast questions: probabilities, Monte Carlo intervals, mapping, forecaster."""
    from rich.table import Table

    from ..analysis import ask_questions

    sc = load_scenario_arg(scenario)
    with _progress(not json_) as prog:
        task = prog.add_task(f"Monte Carlo: {n:,} samples", total=n)
        res = ask_questions(sc, n=n, seed=seed, progress=lambda done, total: prog.update(task, completed=done))
    if json_:
        emit_json(res.to_dict())
        return
    console.print(f"[bold]{escape(sc.metadata.title)}[/]  [dim](as of {res.as_of}; {n:,} samples, seed {seed})[/]",
                  highlight=False)
    t = Table(show_lines=True)
    for col in ("question", "forecast (95 % Monte Carlo interval)", "how"):
        t.add_column(col, overflow="fold")
    for a in res.answers:
        title = ("★ " if a.headline else "") + a.title
        if not a.answered:
            t.add_row(escape(title), "[dim]no model output answers this: forecast by hand[/]",
                      escape(f"{a.forecaster}"))
            continue
        if a.type == "numeric":
            q = a.quantiles
            body = (f"median {q['0.5']:.3g}, 90 % of samples {q['0.05']:.3g}–{q['0.95']:.3g}" if q
                    else "no finite sample")
        else:
            body = "\n".join(f"{escape(k)}: {_pct(p)} ({_pct(a.interval[k][0])}–{_pct(a.interval[k][1])})"
                             for k, p in a.probabilities.items())
        how = f"{a.mapping}\n{a.forecaster}" + "".join(f"\n[yellow]! {escape(w)}[/]" for w in a.warnings)
        t.add_row(escape(title), body, how)
    console.print(t)
    console.print(f"[dim]engine {res.provenance.engine} {res.provenance.version}, scenario digest "
                  f"{(res.provenance.scenario_digest or '')[:12]}[/]", highlight=False)


def _pct(p: float) -> str:
    if p != p:  # NaN
        return "—"
    if 0 < p < 0.001:
        return "<0.1 %"
    if 0.999 < p < 1:
        return ">99.9 %"
    return f"{100 * p:.1f} %"

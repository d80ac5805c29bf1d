"""``realpolitik backtest``: score bargaining models on DEU III."""

from __future__ import annotations

import io
from pathlib import Path
from typing import List, Optional

import typer

from ._common import JSON_OPTION, console, emit_json, handle_errors, write_atomic

backtest_app = typer.Typer(help="Backtests of the forecasting models on historical data.",
                           no_args_is_help=True)


@backtest_app.command("deu3")
@handle_errors
def deu3(
    data: Optional[Path] = typer.Option(None, "--data", help="DEU III file (default: the shared copy)."),
    models: Optional[List[str]] = typer.Option(None, "--models", "-m",
                                               help="Models to score (repeat or comma-separate)."),
    split: Optional[str] = typer.Option(None, "--split", help="dev, test or all (default: all three)."),
    json_out: bool = JSON_OPTION,
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write the error-distribution plot (.png/.svg)."),
) -> None:
    """Score models on DEU III with the fixed protocol (dev/test split at 2005-07-01)."""
    from ..backtest.models import DEFAULT_MODELS
    from ..backtest.protocol import SPLITS
    from ..backtest.run import run_backtest
    from ..errors import InputError

    names = [n.strip() for m in (models or []) for n in m.split(",") if n.strip()] or list(DEFAULT_MODELS)
    if split is not None and split not in SPLITS:
        raise InputError(f"--split must be dev, test or all; got {split!r}")
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise InputError(f"--plot {plot}: the file must end in .png or .svg")
    splits = SPLITS if split is None else (split,)
    from rich.progress import BarColumn, Progress, TaskID, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  console=console, transient=True, disable=json_out) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(model: str, done: int, total: int) -> None:
            if model not in tasks:
                tasks[model] = bar.add_task(f"running {model}", total=total)
            bar.update(tasks[model], completed=done, total=total)

        result = run_backtest(path=str(data) if data is not None else None, models=names, splits=splits,
                              progress=progress)
    if plot is not None:
        from ..backtest.plot import plot_errors

        fig = plot_errors(result, split=splits[0] if len(splits) == 1 else "test")
        buf = io.BytesIO()
        fig.savefig(buf, format=plot.suffix.lower()[1:])
        write_atomic(plot, buf.getvalue())
    if json_out:
        emit_json(result.to_dict())
        return
    from rich.table import Table

    table = Table(title=f"DEU III backtest ({result.protocol['counts']['all']['issues']} scoreable issues; "
                        "MAE with 95% proposal-bootstrap interval)")
    table.add_column("model")
    for sp in splits:
        table.add_column(f"{sp} MAE [CI]", justify="right")
        table.add_column(f"{sp} med/≤10", justify="right")
    for m, by in result.scores.items():
        row = [m]
        for sp in splits:
            s = by[sp]
            row += [f"{s['mae']:.2f} [{s['mae_ci'][0]:.1f}, {s['mae_ci'][1]:.1f}]",
                    f"{s['median_ae']:.1f} / {100 * s['within10']:.0f}%"]
        table.add_row(*row)
    console.print(table)
    if "exchange" in result.scores and "compromise_equal" in result.scores:
        n_cov = result.coverage["exchange"]["covered"]
        parts = []
        for sp in splits:
            d = result.paired_difference("exchange", "compromise_equal", sp, covered_by="exchange")
            parts.append(f"{sp} {d['diff']:+.2f} [{d['ci'][0]:+.2f}, {d['ci'][1]:+.2f}] (n = {d['n']})")
        console.print(f"exchange - compromise_equal, MAE on the {n_cov} issues of proposals with >= 2 issues "
                      f"(paired 95% interval): " + "; ".join(parts), highlight=False)
    if plot is not None:
        console.print(f"plot written to {plot}")


def register(app: typer.Typer) -> None:
    """Add ``backtest`` to ``app``."""
    app.add_typer(backtest_app, name="backtest")

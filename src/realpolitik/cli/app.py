"""The ``realpolitik`` typer application.

Each pillar registers its commands from its own module (``register(app)``),
so this file only assembles them.
"""

from __future__ import annotations

from typing import Optional

import typer

from .._version import __version__
from . import answer_cmds, backtest_cmds, explain_cmds, forecast_cmds, ingest_cmds, registry_cmds, scenario_cmds, \
    serve_cmd, solve_cmds, uncertainty_cmds

app = typer.Typer(
    name="realpolitik",
    help="Strategic analysis of multi-actor dilemmas: scenarios, bargaining forecasts, games, uncertainty.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"realpolitik {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Show the version and exit."),
) -> None:
    """realpolitik: state the reasoning as a model, compute what rational actors do."""


for _module in (scenario_cmds, forecast_cmds, solve_cmds, uncertainty_cmds, explain_cmds, backtest_cmds, answer_cmds,
                ingest_cmds, registry_cmds, serve_cmd):
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    from .._io import install_sigterm_handler

    install_sigterm_handler()
    app()

"""Explain and report commands: ``realpolitik explain`` and ``realpolitik report``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, cast

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from .._defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from ..errors import RealpolitikError
from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, load_scenario_arg

SAMPLES_OPTION = typer.Option(DEFAULT_SAMPLES, "--samples", "-n", min=1,
                              help="Monte Carlo samples of the uncertain inputs (shared default with brief and ask).")
SOBOL_OPTION = typer.Option(64, "--sobol-n", min=0,
                            help="Sobol base sample size for the drivers (a power of two; 0: no drivers).")
SEED_OPTION = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Seed of the uncertainty analysis.")
CAP_OPTION = typer.Option("leverage", "--capability", help="Capabilities for the bargaining models: leverage or raw.")


def register(app: typer.Typer) -> None:
    """Add ``explain`` and ``report`` to ``app``."""
    app.command("explain")(explain)
    app.command("report")(report)


class _Steps:
    """A rich spinner whose text follows the engines' progress messages (stderr, so --json stays clean)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=err_console, transient=True, disable=not enabled)
        self.task: TaskID | None = None

    def __enter__(self) -> "_Steps":
        self.progress.__enter__()
        self.task = self.progress.add_task("Starting", total=None)
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, message: str) -> None:
        self.progress.update(cast(TaskID, self.task), description=escape(message))  # set in __enter__


@handle_errors
def explain(
    scenario: str = typer.Argument(..., help="A scenario file, an importable table or a catalogue id."),
    json_: bool = JSON_OPTION,
    samples: int = SAMPLES_OPTION,
    sobol_n: int = SOBOL_OPTION,
    seed: int = SEED_OPTION,
    capability: str = CAP_OPTION,
) -> None:
    """Explain every model's result: moves per round, influence, the pivot, the game's decisions, drivers."""
    from ..report import explain as _explain

    sc = load_scenario_arg(scenario)
    with _Steps(enabled=not json_) as steps:
        ex = _explain(sc, samples=samples, sensitivity_n=sobol_n, rng=seed, capability=capability, progress=steps)
    if json_:
        emit_json(ex.to_dict())
        return
    console.print(f"[bold]{escape(ex.title)}[/]  [dim](as of {ex.as_of})[/]", highlight=False)
    for b in ex.bargaining:
        console.rule(f"Bargaining: {escape(b.issue_id)}")
        for line in b.text():
            console.print(escape(line), highlight=False, soft_wrap=True)
    if ex.exchange is not None:
        console.rule("Exchange model (all issues)")
        for line in ex.exchange.text():
            console.print(escape(line), highlight=False, soft_wrap=True)
    for g in ex.games:
        console.rule(f"Game: {escape(g.game_id)}")
        for line in g.text():
            console.print(escape(line), highlight=False, soft_wrap=True)
    if ex.uncertainty is not None:
        console.rule("Uncertainty")
        for line in ex.uncertainty.text():
            console.print(escape(line), highlight=False, soft_wrap=True)
    for k, why in ex.unavailable.items():
        console.print(f"[yellow]not available[/] {escape(k)}: {escape(why)}", highlight=False, soft_wrap=True)


@handle_errors
def report(
    scenario: str = typer.Argument(..., help="A scenario file, an importable table or a catalogue id."),
    output: Path = typer.Option(..., "--output", "-o", help="report.html or report.md (format from the suffix)."),
    samples: int = SAMPLES_OPTION,
    sobol_n: int = SOBOL_OPTION,
    seed: int = SEED_OPTION,
    capability: str = CAP_OPTION,
    actor: Optional[str] = typer.Option(None, "--actor", help="Whose perception chart to draw (default: the pivot)."),
    images: str = typer.Option("png", "--images", help="Embedded image format: png or svg."),
    db: Optional[str] = typer.Option(None, "--db", metavar="URL",
                                     help="Add a Track record section scored from this forecast registry "
                                          "(a file path, sqlite:///PATH or postgresql+psycopg://...)."),
) -> None:
    """Write one self-contained report (HTML or Markdown, images embedded, sources as footnotes)."""
    from ..report import format_for, write_report

    from .._io import check_output_path

    fmt = format_for(output)  # fail on a bad suffix before computing anything
    check_output_path(output)  # ... and on a missing folder, a device or a FIFO
    sc = load_scenario_arg(scenario)
    record = None
    if db is not None:  # read the registry first: a bad URL fails before minutes of computing
        from ..registry import Registry, resolve_url
        from ..registry.scores import load_scores

        url = resolve_url(db)
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
            raise RealpolitikError(f"--db {db}: no registry there (create it with realpolitik registry record)")
        with Registry(url) as reg:
            record = load_scores(reg, scenario=sc.id)
    with _Steps(enabled=True) as steps:
        write_report(sc, output, fmt=fmt, samples=samples, sensitivity_n=sobol_n, rng=seed, capability=capability,
                     perception_actor=actor, image_format=images, progress=steps, track_record=record)
    console.print(f"[green]wrote[/] {escape(str(output))}", highlight=False, soft_wrap=True)

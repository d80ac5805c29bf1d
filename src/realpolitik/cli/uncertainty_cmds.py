"""``simulate``, ``sensitivity`` and ``threshold``: the uncertainty pillar's commands."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional, cast

import typer
from rich.table import Table

from ._common import JSON_OPTION, console, emit_json, err_console, fail, handle_errors, load_scenario_arg, \
    write_atomic

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

EXIT_INTERRUPTED = 130


class _LazyProgress:
    """A rich progress bar that appears only once a run has taken over a second."""

    def __init__(self, label: str, enabled: bool = True) -> None:
        self.label, self.enabled = label, enabled
        self.t0 = time.monotonic()
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.t0 < 1.0 or done >= total:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=err_console, transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(cast("TaskID", self.task), completed=done)  # set with bar

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _model_options(issue: Optional[List[str]], game: Optional[List[str]], capability: str,
                   model: Optional[List[str]], rounds: Optional[int]) -> dict[str, Any]:
    opts: dict[str, Any] = {"capability": capability}
    if issue:
        opts["issues"] = [] if issue == ["none"] else issue
    if game:
        opts["games"] = [] if game == ["none"] else game
    if model:
        opts["models"] = tuple(model)
    if rounds is not None:
        from ..bargaining import EUOptions

        opts["eu_options"] = EUOptions(rounds=rounds)
    return opts


def _scoped(opts: dict[str, Any], output: Optional[str]) -> dict[str, Any]:
    """Evaluate only the engine an output comes from, unless the user chose issues/games.

    A bargaining output does not depend on the games (and vice versa), so solving
    them for every sensitivity sample would only cost time and add inputs that
    cannot matter.
    """
    if output is None:
        return opts
    name = output.split("=", 1)[0]
    scoped = dict(opts)
    if name.startswith("bargaining.") and "games" not in scoped:
        scoped["games"] = []
        parts = name.split(".")
        if len(parts) > 2 and "issues" not in scoped:
            scoped["issues"] = [parts[1]]
    elif name.startswith("game.") and "issues" not in scoped:
        scoped["issues"] = []
        parts = name.split(".")
        if len(parts) > 2 and "games" not in scoped:
            scoped["games"] = [parts[1]]
    return scoped


def _interrupted(what: str) -> None:
    err_console.print(f"[bold yellow]interrupted:[/] {what}", highlight=False)
    raise typer.Exit(EXIT_INTERRUPTED)


def _fmt(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


ISSUE_OPT = typer.Option(None, "--issue", help="Issue id to forecast (repeatable; default: all; 'none' for none).")
GAME_OPT = typer.Option(None, "--game", help="Game id to solve (repeatable; default: all; 'none' for none).")
CAP_OPT = typer.Option("leverage", "--capability", help="leverage (issue-specific) or raw capability.")
MODEL_OPT = typer.Option(None, "--model", help="Bargaining model: eu, compromise, median, mean, nbs (repeatable).")
ROUNDS_OPT = typer.Option(None, "--rounds", help="EU model rounds (default: the model's default).")
SEED_OPT = typer.Option(None, "--seed", help="Random seed (default: fresh entropy, recorded in the output).")
BACKEND_OPT = typer.Option("local", "--backend", help="local, process or dask.")
SCHED_OPT = typer.Option(None, "--scheduler", help="Dask scheduler address tcp://HOST:PORT (default: a LocalCluster).")
WORKERS_OPT = typer.Option(None, "--workers", help="Worker processes for process/dask-local backends.")
CHUNK_OPT = typer.Option(None, "--chunk-size", help="Samples per task (results do not depend on it).")


def register(app: typer.Typer) -> None:
    """Add ``simulate``, ``sensitivity`` and ``threshold`` to ``app``."""

    @app.command("simulate")
    @handle_errors
    def simulate_cmd(
        scenario: str = typer.Argument(..., help="Scenario file or catalogue id."),
        n: int = typer.Option(1000, "-n", "--samples", help="Number of samples."),
        seed: Optional[int] = SEED_OPT,
        sampler: str = typer.Option("mc", "--sampler", help="mc, lhs or sobol."),
        backend: str = BACKEND_OPT,
        scheduler: Optional[str] = SCHED_OPT,
        workers: Optional[int] = WORKERS_OPT,
        chunk_size: Optional[int] = CHUNK_OPT,
        issue: Optional[List[str]] = ISSUE_OPT,
        game: Optional[List[str]] = GAME_OPT,
        capability: str = CAP_OPT,
        model: Optional[List[str]] = MODEL_OPT,
        rounds: Optional[int] = ROUNDS_OPT,
        json_out: bool = JSON_OPTION,
        out: Optional[Path] = typer.Option(None, "--out", help="Write every sample (inputs and outputs) to Parquet."),
    ) -> None:
        """Monte Carlo over the scenario's uncertain inputs: forecast distributions and outcome probabilities."""
        from ..uncertainty import simulate

        if out is not None and out.suffix.lower() != ".parquet":
            fail(f"--out {out}: expected a .parquet file name")
        if out is not None:
            from .._io import check_output_path

            check_output_path(out)  # a missing folder, a device or a FIFO: refused before any work
        sc = load_scenario_arg(scenario)
        bar = _LazyProgress(f"simulating {n:,} samples")
        try:
            res = simulate(sc, n, rng=seed, sampler=sampler, backend=backend, scheduler=scheduler,
                           workers=workers, chunk_size=chunk_size, progress=bar,
                           **_model_options(issue, game, capability, model, rounds))
            if out is not None:
                write_atomic(out, res.parquet_bytes())
        except KeyboardInterrupt:
            bar.close()
            _interrupted("no output written")
        finally:
            bar.close()
        if json_out:
            d = res.to_dict()
            d = {"scenario": sc.id, **d}
            emit_json(d)
            return
        _print_simulation(sc, res, out)

    @app.command("sensitivity")
    @handle_errors
    def sensitivity_cmd(
        scenario: str = typer.Argument(..., help="Scenario file or catalogue id."),
        method: str = typer.Option("sobol", "--method", help="sobol or morris."),
        output: Optional[str] = typer.Option(None, "--output",
                                             help="Output to analyse: NAME, or NAME=VALUE for a discrete outcome "
                                                  "(default: the first numeric output)."),
        n: Optional[int] = typer.Option(None, "-n", "--samples",
                                        help="Sobol base sample N (power of two, default 512) or Morris trajectories "
                                             "(default 50)."),
        seed: Optional[int] = SEED_OPT,
        backend: str = BACKEND_OPT,
        scheduler: Optional[str] = SCHED_OPT,
        workers: Optional[int] = WORKERS_OPT,
        issue: Optional[List[str]] = ISSUE_OPT,
        game: Optional[List[str]] = GAME_OPT,
        capability: str = CAP_OPT,
        model: Optional[List[str]] = MODEL_OPT,
        rounds: Optional[int] = ROUNDS_OPT,
        json_out: bool = JSON_OPTION,
    ) -> None:
        """Which uncertain inputs drive an output: Sobol or Morris indices and tornado swings."""
        from ..uncertainty import scenario_model, sensitivity
        from ..uncertainty.models import is_discrete, point_inputs

        sc = load_scenario_arg(scenario)
        m = scenario_model(sc, **_scoped(_model_options(issue, game, capability, model, rounds), output))
        if output is None:
            outs = m.evaluate(point_inputs(m.inputs, 1), 1)
            numeric = [k for k, v in outs.items() if not is_discrete(v)]
            if not numeric:
                fail("no numeric output: choose one with --output NAME=VALUE "
                     f"(outputs: {', '.join(outs)})")
            output = numeric[0]
        size = n if n is not None else (512 if method == "sobol" else 50)
        bar = _LazyProgress(f"{method} sensitivity of {output}")
        try:
            res = sensitivity(m, output, method=method, n=size, rng=seed, backend=backend, scheduler=scheduler,
                              workers=workers, progress=bar)
        except KeyboardInterrupt:
            bar.close()
            _interrupted("stopped")
        finally:
            bar.close()
        d = res.to_dict()
        d = {"scenario": sc.id, **d}
        d["provenance"]["scenario_digest"] = sc.digest
        if json_out:
            emit_json(d)
            return
        from ..report.labels import target_label
        from ..report.uncertainty import input_label

        t = Table(title=f"{sc.id}: {method} sensitivity of {target_label(sc, output)} (point value {_fmt(res.base)})")
        t.add_column("input", overflow="fold")
        if method == "sobol":
            for c in ("first order S1 (95 % interval)", "total ST (95 % interval)", "note"):
                t.add_column(c, justify="left" if c == "note" else "right")
            for name, row in res.indices.iterrows():
                cells = [f"{float(row[k]):.3g} ({float(row[k] - row[k + '_conf']):.2g} to "
                         f"{float(row[k] + row[k + '_conf']):.2g})" for k in ("S1", "ST")]
                t.add_row(input_label(sc, cast(str, name)), *cells,  # index: input names
                          "estimation noise: outside [0, 1]" if bool(row.get("noise", False)) else "")
        else:
            cols = ["mu_star", "mu_star_conf", "mu", "sigma"]
            for c in cols:
                t.add_column(c, justify="right")
            for name, row in res.indices.iterrows():
                t.add_row(input_label(sc, cast(str, name)), *[_fmt(float(row[c])) for c in cols])  # index: names
        console.print(t)
        tt = Table(title="tornado: each input at its 5 % and 95 % quantile, others at point values")
        for c in ("input", "low", "high", "output at low", "output at high", "swing"):
            tt.add_column(c, justify="left" if c == "input" else "right", overflow="fold")
        for _, r in res.tornado.iterrows():
            tt.add_row(input_label(sc, r.input), _fmt(r.low), _fmt(r.high), _fmt(r.output_low), _fmt(r.output_high), _fmt(r.swing))
        console.print(tt)
        console.print(f"{res.n_evaluations:,} evaluations, seed {res.provenance.seed}", highlight=False)
        for w in res.status.warnings:
            err_console.print(f"[yellow]warning:[/] {w}", highlight=False)

    @app.command("threshold")
    @handle_errors
    def threshold_cmd(
        scenario: str = typer.Argument(..., help="Scenario file or catalogue id."),
        input: str = typer.Option(..., "--input", help="Uncertain input to move, e.g. param.p_rh."),
        output: str = typer.Option(..., "--output", help="Output whose outcome must change (NAME or NAME=VALUE)."),
        level: Optional[float] = typer.Option(None, "--level", help="For a numeric output: the level to cross."),
        low: Optional[float] = typer.Option(None, "--low", help="Search from (default: widen from the support)."),
        high: Optional[float] = typer.Option(None, "--high", help="Search up to."),
        tol: float = typer.Option(1e-6, "--tol", help="Accuracy of the threshold."),
        issue: Optional[List[str]] = ISSUE_OPT,
        game: Optional[List[str]] = GAME_OPT,
        capability: str = CAP_OPT,
        model: Optional[List[str]] = MODEL_OPT,
        rounds: Optional[int] = ROUNDS_OPT,
        json_out: bool = JSON_OPTION,
    ) -> None:
        """The value of one input at which the predicted outcome changes (others at point values)."""
        from ..uncertainty import find_threshold, scenario_model

        sc = load_scenario_arg(scenario)
        m = scenario_model(sc, **_scoped(_model_options(issue, game, capability, model, rounds), output))
        res = find_threshold(m, input, output, level=level, low=low, high=high, tol=tol)
        d = res.to_dict()
        d = {"scenario": sc.id, **d}
        d["provenance"]["scenario_digest"] = sc.digest
        if json_out:
            emit_json(d)
            return
        from ..report.labels import outcome_label, target_label
        from ..report.uncertainty import input_label

        what = target_label(sc, output) if level is None else f"{target_label(sc, output)} > {level:g}"
        name = output.split("=", 1)[0]

        def said(v: Any) -> str:
            return f"“{outcome_label(sc, name, v)}”" if isinstance(v, str) else _fmt(v)

        inp = input_label(sc, input)
        if res.threshold is None:
            console.print(f"{what} stays {said(res.base_outcome)} for {inp} in "
                          f"[{res.searched[0]:.6g}, {res.searched[1]:.6g}] (point value {res.base_value:.6g}).",
                          highlight=False)
            if res.status.warnings:
                console.print("; ".join(res.status.warnings), highlight=False)
            return
        bracket = cast("tuple[float, float]", res.bracket)  # set whenever threshold is
        console.print(f"{what}: {said(res.base_outcome)} at {inp} = {res.base_value:.6g}; "
                      f"becomes {said(res.outcome_beyond)} when {inp} goes {res.direction} "
                      f"[bold]{res.threshold:.7g}[/] (bracket {bracket[0]:.9g} .. {bracket[1]:.9g}, "
                      f"{res.n_evaluations} evaluations).", highlight=False)


def _print_simulation(sc: Any, res: Any, out: Optional[Path]) -> None:
    from ..report.labels import outcome_label, output_label, warning_label

    t = Table(title=f"{sc.id}: {res.n:,} samples ({res.provenance.parameters['sampler']}, "
                    f"seed {res.provenance.seed})")
    for c in ("output", "mean", "5 %", "25 %", "median", "75 %", "95 %"):
        t.add_column(c, justify="left" if c == "output" else "right", overflow="fold")
    for name, r in res.quantiles.iterrows():
        t.add_row(output_label(sc, name), *[_fmt(float(r[k])) for k in ("mean", "q0.05", "q0.25", "q0.5", "q0.75", "q0.95")])
    if len(res.quantiles):
        console.print(t)
    if len(res.probabilities):
        p = Table(title="discrete outcomes (95 % Wilson interval)")
        for c in ("output", "outcome", "p", "95 % interval", "count"):
            p.add_column(c, justify="left" if c in ("output", "outcome") else "right")
        for _, r in res.probabilities.iterrows():
            p.add_row(output_label(sc, r.output), outcome_label(sc, r.output, r.outcome), f"{r.p:.3f}", f"{r.lo:.3f} - {r.hi:.3f}", str(int(r["count"])))
        console.print(p)
    for w in res.status.warnings:
        err_console.print(f"[yellow]warning:[/] {warning_label(sc, w)}", highlight=False)
    if out is not None:
        console.print(f"samples written to {out}", highlight=False)

"""Scenario commands: validate, show, schema, import, catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional, cast

import typer
from rich.table import Table

from ..errors import RealpolitikError
from rich.markup import escape as _esc

from ._common import JSON_OPTION, console, emit_json, err_console, handle_errors, load_scenario_arg, write_atomic

catalog_app = typer.Typer(help="The built-in scenarios: list, show, export.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("show")(show)
    app.command("schema")(schema)
    app.command("import")(import_)
    app.add_typer(catalog_app, name="catalog")


@handle_errors
def validate(
    files: List[str] = typer.Argument(..., help="Scenario files, importable tables or catalogue ids."),
    strict: bool = typer.Option(False, "--strict", help="Warnings (undated sources, parameters no model uses) "
                                "are errors too."),
    json_: bool = JSON_OPTION,
) -> None:
    """Validate scenario files: structure, leakage and provenance (docs/scenario-format.md); exit code 2 if any is invalid."""
    from ..scenario.loading import lint_any

    results = []
    for ref in files:
        try:
            rep = lint_any(ref, strict=strict)
            err = rep.error()
            warnings = [_finding(loc, msg, exp) for loc, msg, exp in rep.warnings]
            results.append({"file": ref, "valid": err is None, "id": rep.scenario.id, "digest": rep.scenario.digest,
                            "error": None if err is None else str(err), "warnings": warnings})
        except (RealpolitikError, OSError) as exc:
            results.append({"file": ref, "valid": False, "id": None, "digest": None, "error": str(exc),
                            "warnings": []})
    if json_:
        emit_json({"strict": strict, "results": results})
    else:
        for r in results:
            if r["valid"]:
                console.print(f"[green]ok[/]      {r['file']}  ({r['id']})", highlight=False, soft_wrap=True)
            else:
                err_console.print(f"[red]invalid[/] {_esc(r['error'])}", highlight=False, soft_wrap=True)
            for w in r["warnings"]:
                err_console.print(f"[yellow]warning:[/] {_esc(w)}", highlight=False, soft_wrap=True)
    if not all(r["valid"] for r in results):
        raise typer.Exit(2)


def _finding(loc, message: str, expected: str | None) -> str:
    return f"{loc}: {message}" + (f" (expected {expected})" if expected else "")


def _fmt(v) -> str:
    from ..scenario.model import point_value

    if v is None:
        return "—"
    if isinstance(v, (int, float)):
        return f"{v:g}"
    lo, hi = v.support
    return f"{point_value(v):g} ({v.dist} {lo:g}–{hi:g})"


@handle_errors
def show(
    scenario: str = typer.Argument(..., help="A scenario file, an importable table or a catalogue id."),
    json_: bool = JSON_OPTION,
) -> None:
    """Show a scenario: actors, issues and positions, parameters, sources."""
    sc = load_scenario_arg(scenario)
    if json_:
        emit_json({"digest": sc.digest, "scenario": sc.to_data()})
        return
    m = sc.metadata
    console.print(f"[bold]{m.title}[/]  [dim]({m.id}, as of {m.as_of})[/]", highlight=False)
    if m.summary:
        console.print(m.summary, highlight=False)
    t = Table(title="Actors")
    for c in ("id", "name", "kind", "capability", "aliases"):
        t.add_column(c)
    for a in sc.actors:
        t.add_row(a.id, a.name, a.kind, _fmt(a.capability), ", ".join(a.aliases))
    console.print(t)
    for issue in sc.issues:
        t = Table(title=f"Issue {issue.id}: {issue.question}")
        for c in ("actor", "position", "salience", "leverage", "sources"):
            t.add_column(c)
        for p in issue.positions:
            cells = [_fmt(getattr(p, f)) + (" (assumed)" if p.assumed(f) and getattr(p, f) is not None else "")
                     for f in ("position", "salience", "leverage")]
            t.add_row(p.actor, *cells, ", ".join(p.sources))
        console.print(t)
        unit = f" {issue.scale.unit}" if issue.scale.unit else ""
        console.print(f"scale {issue.scale.min:g}–{issue.scale.max:g}{unit}; "
                      f"salience on 0–{issue.salience_scale}; status quo {_fmt(issue.status_quo)}",
                      highlight=False)
        for a in issue.scale.anchors:
            console.print(f"  {a.value:>6g}  {a.label}", highlight=False)
    if sc.parameters:
        t = Table(title="Parameters")
        for c in ("id", "value", "unit", "description"):
            t.add_column(c)
        for p in sc.parameters:
            t.add_row(p.id, _fmt(p.value) + (" (assumed)" if p.assumption else ""), p.unit, p.description)
        console.print(t)
    if sc.games:
        console.print("Games: " + ", ".join(g.id for g in sc.games), highlight=False)
    if sc.sources:
        t = Table(title="Sources")
        for c in ("id", "title", "publisher", "published", "url"):
            t.add_column(c, overflow="fold")
        for s in sc.sources:
            t.add_row(s.id, s.title, s.publisher, str(s.published or ""), s.url)
        console.print(t)


@handle_errors
def schema(
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
) -> None:
    """Print the JSON Schema of scenario files (schema_version 1)."""
    from ..scenario.schema import schema_json

    text = schema_json()
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)


@handle_errors
def import_(
    file: Path = typer.Argument(..., help="A BDM CSV (Actor,Capability,Position,Salience) or a decide #A/#P/#M/#D file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the scenario YAML here (default: stdout)."),
    scale_min: Optional[float] = typer.Option(None, "--scale-min", help="Scale minimum (BDM CSV; default: lowest position)."),
    scale_max: Optional[float] = typer.Option(None, "--scale-max", help="Scale maximum (BDM CSV; default: highest position)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The analysis date, YYYY-MM-DD (default: today)."),
) -> None:
    """Import an actor table into a scenario YAML file."""
    import datetime as dt

    from ..errors import InputError
    from ..scenario.imports import import_table
    from ..scenario.io import dump_yaml

    scale = None
    if (scale_min is None) != (scale_max is None):
        raise InputError("give both --scale-min and --scale-max, or neither")
    if scale_min is not None:
        scale = (scale_min, cast(float, scale_max))  # both or neither, checked above
    date = None
    if as_of is not None:
        try:
            date = dt.date.fromisoformat(as_of)
        except ValueError:
            raise InputError(f"--as-of {as_of!r} is not a date", expected="YYYY-MM-DD") from None
    sc = import_table(file, scale=scale, as_of=date)
    text = dump_yaml(sc)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
        err_console.print(f"wrote {output} ({len(sc.actors)} actors, {len(sc.issues)} issues)", highlight=False)


@catalog_app.command("list")
@handle_errors
def catalog_list(json_: bool = JSON_OPTION) -> None:
    """List the built-in scenarios."""
    from .. import catalog

    rows: list[dict[str, Any]] = [{"id": i, "title": catalog.get(i).metadata.title, "as_of": catalog.get(i).metadata.as_of}
            for i in catalog.ids()]
    if json_:
        emit_json({"scenarios": rows})
        return
    t = Table(title="Built-in scenarios")
    for c in ("id", "as_of", "title"):
        t.add_column(c)
    for r in rows:
        t.add_row(r["id"], str(r["as_of"]), r["title"])
    console.print(t)


@catalog_app.command("show")
@handle_errors
def catalog_show(scenario_id: str = typer.Argument(..., help="A catalogue id."), json_: bool = JSON_OPTION) -> None:
    """Show a built-in scenario (same as `realpolitik show ID`)."""
    from .. import catalog

    catalog.text(scenario_id)  # a clear error for unknown ids
    show(scenario_id, json_)


@catalog_app.command("export")
@handle_errors
def catalog_export(
    scenario_id: str = typer.Argument(..., help="A catalogue id."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here (default: stdout)."),
) -> None:
    """Write a built-in scenario's YAML, to edit as a starting point."""
    from .. import catalog

    text = catalog.text(scenario_id)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)

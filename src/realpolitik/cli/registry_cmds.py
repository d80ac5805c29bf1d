"""``realpolitik registry ...``: keep score of forecasts in a database (docs/registry.md).

Every command takes ``--db URL`` (a file path, ``sqlite:///PATH`` or
``postgresql+psycopg://...``; default ``$REALPOLITIK_DB`` or the per-user SQLite file) and
``--json``. Bad input exits with code 2 and writes nothing: each command is one
transaction. The JSON shapes are documented in docs/registry.md; ``score --json`` and
``export --json`` follow the contract of the registry issue (extra keys allowed)::

    score --json  -> {"rule_set": {...}, "forecasters": [{"forecaster", "questions", "brier", "log",
                      "baseline", ...}], "questions": [{"id", "forecaster", "probabilities",
                      "outcome", "brier", "log", ...}], "paired": [...], "unscored": [...]}
    export --json -> {"questions": [...], "forecasts": [{"question", "forecaster", "made_at",
                      "probabilities", ...}], "resolutions": [...]}
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.markup import escape

from .._defaults import DEFAULT_SAMPLES, DEFAULT_SEED
from ._common import JSON_OPTION, console, emit_json, fail, handle_errors, load_scenario_arg

registry_app = typer.Typer(
    name="registry", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Keep score: record forecasts, resolve questions, score forecasters (SQLite by default, or PostgreSQL).")

DB_OPTION = typer.Option(
    None, "--db", metavar="URL",
    help="Registry database: a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB "
         "(default $REALPOLITIK_DB, else the per-user SQLite file; see docs/registry.md).")
SCENARIO_FILTER = typer.Option(None, "--scenario", help="Only the questions of this scenario id.")
POLICY_OPTION = typer.Option("exclude", "--policy",
                             help="Days with no forecast in the daily Brier: exclude, zero or prior.")


def register(app: typer.Typer) -> None:
    """Add the ``registry`` command group to ``app``."""
    app.add_typer(registry_app, name="registry")


def _open(db: Optional[str]) -> Any:
    from ..registry import Registry

    return Registry(db)


def _words(p: float) -> str:
    """A probability in words and figures: ``likely (62 %)``."""
    from ..analysis.brief import estimative_words

    if p is None or not math.isfinite(p):
        return "—"
    return f"{estimative_words(p)} ({_pct(p)})"


def _pct(p: float) -> str:
    if 0 < p < 0.001:
        return "<0.1 %"
    if 0.999 < p < 1:
        return ">99.9 %"
    return f"{100 * p:.1f} %"


def _num(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    return f"{x:.{digits}f}"


def _db_line(reg: Any) -> None:
    console.print(f"[dim]registry {escape(reg.display_url)}[/]", highlight=False, soft_wrap=True)


# ------------------------------------------------------------------------------------------- init
@registry_app.command("init")
@handle_errors
def init(db: Optional[str] = DB_OPTION, json_: bool = JSON_OPTION) -> None:
    """Create the registry (or bring its schema up to date) and show where it is."""
    with _open(db) as reg:
        before, after = reg.schema
        counts = reg.counts()
        data = {"db": reg.display_url, "dialect": reg.dialect, "schema_before": before, "schema": after,
                "created": before is None, "upgraded": before is not None and before != after, "counts": counts}
    if json_:
        emit_json(data)
        return
    what = "created" if before is None else ("upgraded" if before != after else "ready")
    console.print(f"[green]registry {what}[/] {escape(data['db'])} ({data['dialect']}, schema {after})",
                  highlight=False, soft_wrap=True)
    console.print(", ".join(f"{v} {k}" for k, v in counts.items()), highlight=False)


# ----------------------------------------------------------------------------------------- record
@registry_app.command("record")
@handle_errors
def record(
    scenario: str = typer.Argument(..., help="A scenario file or catalogue id (its questions and ground truth)."),
    n: int = typer.Option(DEFAULT_SAMPLES, "--n", "-n", min=1, max=1_000_000, help="Monte Carlo samples (as ask)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Seed of the sampling design (as ask)."),
    reference: bool = typer.Option(True, "--reference/--no-reference",
                                   help="Also record the model:uniform and model:base-rate reference forecasters."),
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Store every question of SCENARIO and the forecasts `ask` gives, with full provenance."""
    from ..registry.record import record_scenario

    sc = load_scenario_arg(scenario)
    with _open(db) as reg:
        res = record_scenario(reg, sc, n=n, seed=seed, reference=reference)
        url = reg.display_url
    if json_:
        emit_json({**res.to_dict(), "db": url})
        return
    from rich.table import Table

    new_q = sum(q["status"] != "unchanged" for q in res.questions)
    new_f = sum(f["status"] == "new" for f in res.forecasts)
    console.print(f"[bold]{escape(sc.metadata.title)}[/]: {len(res.questions)} questions ({new_q} new or revised), "
                  f"{new_f} new forecasts ({len(res.forecasts) - new_f} already recorded), as of {res.as_of}",
                  highlight=False, soft_wrap=True)
    t = Table(show_lines=False)
    for col in ("question", "forecaster", "forecast", "recorded"):
        t.add_column(col, overflow="fold")
    for f in res.forecasts:
        probs = f.get("probabilities")
        if probs and set(probs) == {"yes", "no"}:
            body = f"yes: {_words(probs['yes'])}"
        elif probs:
            body = "\n".join(f"{escape(k)}: {_words(v)}" for k, v in probs.items())
        else:
            q = f.get("quantiles") or {}
            body = f"distribution, median {q['0.5']:.3g}" if q.get("0.5") is not None else "distribution"
        t.add_row(escape(f["title"]), escape(f["forecaster"]), body,
                  f"{f['status']}" + (f" ({f['kind']})" if f.get("kind") else ""))
    console.print(t)
    for s in res.skipped:
        console.print(f"[yellow]not forecast by a model:[/] {escape(s['title'])}: {escape(s['reason'])}",
                      highlight=False, soft_wrap=True)
    for w in res.warnings:
        console.print(f"[yellow]! {escape(w)}[/]", highlight=False, soft_wrap=True)
    console.print(f"[dim]registry {escape(url)}; forecasts stand from {res.as_of} (the scenario's as_of) and are "
                  "labelled backtest when recorded after a question closed[/]", highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------------------- forecast
def _default_analyst() -> str:
    import getpass
    import re

    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers): a stable placeholder
        user = "me"
    return "analyst:" + (re.sub(r"[^A-Za-z0-9_.@+\-]", "-", user)[:150] or "me")


@registry_app.command("forecast")
@handle_errors
def forecast(
    question: str = typer.Argument(..., help="Question id (the part after the scenario id is enough if unique)."),
    probabilities: List[str] = typer.Argument(..., metavar="P...",
                                              help="One probability per option, in the question's option order "
                                                   "(a binary question also takes P(yes) alone)."),
    forecaster: Optional[str] = typer.Option(None, "--forecaster",
                                             help="Who forecasts: analyst:NAME (default analyst:<login name>), "
                                                  "crowd:NAME or tool:NAME."),
    at: Optional[str] = typer.Option(None, "--at", metavar="TIME",
                                     help="When the forecast was made (ISO date or time with zone; default now)."),
    rationale: Optional[str] = typer.Option(None, "--rationale", help="Why (stored with the forecast)."),
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Record one forecaster's probabilities for a question (refused after the question's close)."""
    from datetime import datetime, timezone

    from ..registry.specs import parse_time

    who = forecaster or _default_analyst()
    if who.startswith("model:"):
        fail(f"forecaster {who!r}: model forecasts come from `realpolitik registry record SCENARIO` (with their "
             "provenance); give analyst:NAME, crowd:NAME or tool:NAME")
    when = parse_time(at, what="--at") if at is not None else datetime.now(timezone.utc)
    if when > datetime.now(timezone.utc):
        fail(f"--at {at}: a forecast cannot be made in the future")
    values: list[float] = []
    for p in probabilities:
        try:
            values.append(float(p.rstrip("%")) / (100 if p.endswith("%") else 1))
        except ValueError:
            fail(f"probability {p!r} is not a number (give e.g. 0.3 or 30%)")
    with _open(db) as reg:
        with reg.batch() as ops:
            q = ops.question(question)
            if q.type == "numeric":
                fail(f"question {q.id!r} is numeric: import its forecast as a 201-point CDF "
                     "(realpolitik registry import FILE, see docs/registry.md)")
            f = ops.add_forecast(q.id, values, forecaster=who, made_at=when, valid_from=when, rationale=rationale,
                                 origin="cli")
        url = reg.display_url
    if json_:
        emit_json({**f.to_dict(q.options), "db": url})
        return
    console.print(f"[green]recorded[/] {escape(who)} on [bold]{escape(q.title)}[/] ({f.kind}, from "
                  f"{f.valid_from:%Y-%m-%d %H:%M} UTC)", highlight=False, soft_wrap=True)
    for label, p in zip(q.options, f.probabilities or ()):
        console.print(f"  {escape(label)}: {_words(p)}", highlight=False, soft_wrap=True)


# ---------------------------------------------------------------------------------------- resolve
@registry_app.command("resolve")
@handle_errors
def resolve(
    question: Optional[str] = typer.Argument(None, help="Question id (omit with --scenario)."),
    outcome: Optional[str] = typer.Argument(None, help="The option that happened, a number (numeric), "
                                                       "or annulled / ambiguous."),
    at: Optional[str] = typer.Option(None, "--at", metavar="TIME",
                                     help="When it resolved (ISO date or time with zone; default now)."),
    source: Optional[str] = typer.Option(None, "--source", help="Where the resolution comes from (URL, title)."),
    evidence: Optional[str] = typer.Option(None, "--evidence", help="A quote or note supporting it."),
    scenario: Optional[str] = typer.Option(None, "--scenario",
                                           help="Apply this scenario's own resolutions (its ground_truth)."),
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Record how a question resolved (the latest resolution wins), or apply a scenario's ground truth."""
    if scenario is not None:
        if question is not None or outcome is not None or at is not None or source is not None:
            fail("--scenario applies the scenario's own resolutions: give no QUESTION, OUTCOME, --at or --source")
        from ..registry.record import resolve_scenario

        sc = load_scenario_arg(scenario)
        with _open(db) as reg:
            done = resolve_scenario(reg, sc)
            titles = {q.id: q.title for q in reg.questions()}
            url = reg.display_url
        if json_:
            emit_json({"scenario": sc.id, "resolutions": done, "db": url})
            return
        from rich.table import Table

        t = Table()
        for col in ("question", "outcome", "recorded"):
            t.add_column(col, overflow="fold")
        for d in done:
            t.add_row(escape(titles.get(d["question"], d["question"])), escape(str(d["outcome"])), d["status"])
        console.print(t)
        console.print(f"[dim]registry {escape(url)}[/]", highlight=False, soft_wrap=True)
        return
    if question is None or outcome is None:
        fail("give QUESTION and OUTCOME, or --scenario SCENARIO")
    if at is not None:
        from datetime import datetime, timezone

        from ..registry.specs import parse_time

        if parse_time(at, what="--at") > datetime.now(timezone.utc):
            fail(f"--at {at}: a question cannot be resolved in the future")
    with _open(db) as reg:
        with reg.batch() as ops:
            r = ops.resolve(question, outcome, resolved_at=at, source=source, evidence=evidence, resolver="cli")
            title = ops.question(r.question).title
        url = reg.display_url
    if json_:
        emit_json({**r.to_dict(), "db": url})
        return
    what = r.status if r.status != "resolved" else f"resolved: {r.outcome}"
    console.print(f"[green]{escape(str(what))}[/] [bold]{escape(title)}[/] on {r.resolved_at:%Y-%m-%d %H:%M} UTC"
                  + (f" (supersedes resolution {r.supersedes_id})" if r.supersedes_id else ""),
                  highlight=False, soft_wrap=True)


# ------------------------------------------------------------------------------------------ score
def score_report(reg: Any, *, scenario: Optional[str] = None, by: str = "forecaster",
                 policy: str = "exclude") -> Any:
    """The registry's :class:`~realpolitik.registry.scores.ScoreReport` (optionally one scenario's)."""
    from ..registry.scores import load_scores

    rep = load_scores(reg, scenario=scenario, by=by, policy=policy)  # type: ignore[arg-type]
    if scenario is not None and not rep.questions and not rep.unscored:
        fail(f"no question of scenario {scenario!r} in the registry (record it first)")
    return rep


@registry_app.command("score")
@handle_errors
def score(
    by: str = typer.Option("forecaster", "--by", help="Group the leaderboard by forecaster, model (forecaster and "
                                                      "code version) or scenario."),
    scenario: Optional[str] = SCENARIO_FILTER,
    policy: str = POLICY_OPTION,
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Score card and leaderboard: every forecaster on the same resolved questions, with paired differences."""
    from ..registry.scores import SCORER_VERSION, cache_rows

    if by not in ("forecaster", "model", "scenario"):
        fail(f"--by {by!r}: expected forecaster, model or scenario")
    with _open(db) as reg:
        rep = score_report(reg, scenario=scenario, by=by, policy=policy)
        if scenario is None:  # the cache holds the whole registry's scores, rebuilt each time
            with reg.batch() as ops:
                ops.replace_scores(cache_rows(rep), SCORER_VERSION)
        url = reg.display_url
    if json_:
        emit_json({**rep.to_dict(), "db": url})
        return
    print_score_card(rep)
    console.print(f"[dim]registry {escape(url)}[/]", highlight=False, soft_wrap=True)


def print_score_card(rep: Any) -> None:
    """The score card, leaderboard and paired differences as tables."""
    from rich.table import Table

    if not rep.questions:
        console.print("[yellow]no resolved question with a forecast to score[/]", highlight=False)
    else:
        t = Table(title="Score card (closing forecast of each forecaster)")
        for col in ("question → outcome / forecaster", "probability of the outcome", "Brier (0–2)", "log"):
            t.add_column(col, overflow="fold")
        by_q: dict[str, list[Any]] = {}
        for s in rep.questions:
            by_q.setdefault(s.id, []).append(s)
        for items in by_q.values():
            t.add_section()
            t.add_row(f"[bold]{escape(items[0].title)}[/] → {escape(str(items[0].outcome))}", "", "", "")
            for s in sorted(items, key=lambda s: (math.inf if s.brier is None else s.brier, -(s.log or -math.inf))):
                if s.probabilities is not None:
                    body = _words(s.probabilities.get(s.outcome, float("nan")))
                else:
                    body = f"distribution (CRPS {_num(s.crps, 2)})"
                t.add_row("  " + escape(s.forecaster), body, _num(s.brier), _num(s.log))
        console.print(t)
    if rep.forecasters:
        t = Table(title=f"Leaderboard (by {rep.by}; lower Brier is better, log nearer 0 is better)")
        cols = ["forecaster", "questions", "mean Brier (0–2)", "mean log", "baseline (points)", "kind"]
        if rep.by == "scenario":
            cols.insert(0, "scenario")
        if rep.by == "model":
            cols.insert(1, "code version")
        for col in cols:
            t.add_column(col, overflow="fold")
        for f in rep.forecasters:
            row = [escape(f.forecaster), str(f.questions), _num(f.brier), _num(f.log), _num(f.baseline, 1),
                   ", ".join(f.kinds)]
            if rep.by == "scenario":
                row.insert(0, escape(f.scenario or "—"))
            if rep.by == "model":
                row.insert(1, escape(f.code_version or "—"))
            t.add_row(*row)
        console.print(t)
    pairs = _pairs_to_print(rep.paired)
    if pairs:
        t = Table(title="Paired differences on the questions both scored (Brier A − B: negative favours A)")
        for col in ("A", "B", "questions", "Brier A − B (± s.e.)", "log A − B", "A better / worse"):
            t.add_column(col, overflow="fold")
        for p in pairs:
            se = f" ± {p.brier_difference_se:.3f}" if p.brier_difference_se is not None else ""
            t.add_row(escape(p.forecaster), escape(p.versus), str(p.questions), f"{_num(p.brier_difference)}{se}",
                      _num(p.log_difference), f"{p.wins} / {p.losses}")
        console.print(t)
    if any(s.kind == "backtest" for s in rep.questions):
        console.print("[dim]backtest: recorded after the question closed, from evidence up to the scenario's "
                      "as_of; not a live forecast.[/]", highlight=False, soft_wrap=True)
    for u in rep.unscored:
        console.print(f"[dim]not scored ({escape(u['status'])}): {escape(u['id'])}[/]", highlight=False,
                      soft_wrap=True)


def _is_reference(name: str) -> bool:
    return name.startswith("baseline:") or name in ("model:uniform", "model:base-rate")


def _pairs_to_print(paired: Any) -> list[Any]:
    """Each forecaster against the reference forecasters; else each pair once (``--json`` has all)."""
    against_refs = [p for p in paired if _is_reference(p.versus) and not _is_reference(p.forecaster)]
    return against_refs or [p for p in paired if p.forecaster < p.versus]


# ------------------------------------------------------------------------------------ calibration
@registry_app.command("calibration")
@handle_errors
def calibration(
    plot: Optional[Path] = typer.Option(None, "--plot", help="Write the reliability diagram here (.png or .svg)."),
    bins: int = typer.Option(10, "--bins", min=1, max=100, help="Probability bins of the reliability table."),
    scenario: Optional[str] = SCENARIO_FILTER,
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Calibration of each forecaster's closing forecasts: reliability table and Murphy decomposition."""
    from dataclasses import asdict

    from ..registry.scores import calibration as calib

    if plot is not None:
        from .._io import check_output_path

        if plot.suffix.lower() not in (".png", ".svg"):
            fail(f"--plot {plot}: expected a .png or .svg file name")
        check_output_path(plot)
    with _open(db) as reg:
        rep = score_report(reg, scenario=scenario)
        url = reg.display_url
    cal = calib(rep, n_bins=bins)
    if plot is not None:
        if not cal:
            fail("nothing to plot: no scored forecast with probabilities")
        from ..report.plots import save_figure
        from ..scoring import reliability_figure

        save_figure(reliability_figure({k: v[0] for k, v in cal.items()}, title="Reliability of closing forecasts"),
                    plot)
    if json_:
        out = {}
        for name, (rel, dec) in cal.items():
            frame = rel.to_frame()
            out[name] = {"decomposition": asdict(dec),
                         "bins": [{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                                   for k, v in row.items()} for row in frame.to_dict(orient="records")]}
        emit_json({"forecasters": out, "plot": str(plot) if plot else None, "db": url})
        return
    if not cal:
        console.print("[yellow]no scored forecast with probabilities[/]", highlight=False)
        return
    from rich.table import Table

    t = Table(title="Murphy decomposition of the Brier score: Brier = reliability − resolution + uncertainty")
    for col in ("forecaster", "events", "Brier", "reliability (0 best)", "resolution (higher better)", "uncertainty"):
        t.add_column(col)
    for name, (_rel, d) in cal.items():
        t.add_row(escape(name), str(d.n), _num(d.brier), _num(d.reliability), _num(d.resolution),
                  _num(d.uncertainty))
    console.print(t)
    t = Table(title="Reliability: how often events forecast in each bin happened")
    for col in ("forecaster", "forecast bin", "events", "mean forecast", "happened (95 % interval)"):
        t.add_column(col)
    for name, (rel, _d) in cal.items():
        for i in range(len(rel.count)):
            if rel.count[i] == 0:
                continue
            t.add_row(escape(name), f"{_pct(rel.edges[i])}–{_pct(rel.edges[i + 1])}", str(int(rel.count[i])),
                      _pct(float(rel.mean_forecast[i])),
                      f"{_pct(float(rel.observed[i]))} ({_pct(float(rel.low[i]))}–{_pct(float(rel.high[i]))})")
    console.print(t)
    if plot is not None:
        console.print(f"[green]wrote[/] {escape(str(plot))}", highlight=False, soft_wrap=True)
    console.print(f"[dim]registry {escape(url)}; each option of each question is one event[/]", highlight=False,
                  soft_wrap=True)


# ------------------------------------------------------------------------------------ import/export
@registry_app.command("import")
@handle_errors
def import_(
    file: Path = typer.Argument(..., help="A registry JSON document, a questions/forecasts/resolutions CSV, "
                                          "or a folder holding those CSV files."),
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Import questions, forecasts and resolutions (one transaction: a bad row and nothing is written)."""
    from ..registry.exchange import import_file

    with _open(db) as reg:
        counts = import_file(reg, file)
        url = reg.display_url
    if json_:
        emit_json({"imported": counts, "file": str(file), "db": url})
        return
    console.print(f"[green]imported[/] {escape(str(file))}: " + ", ".join(f"{v} {k}" for k, v in counts.items()),
                  highlight=False, soft_wrap=True)


@registry_app.command("export")
@handle_errors
def export(
    output: Optional[Path] = typer.Option(None, "--output", "-o",
                                          help="Write a .json document, or a folder of three CSV files."),
    db: Optional[str] = DB_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Export everything: JSON on stdout (--json), a file or CSV folder (-o), else a readable listing."""
    from ..registry.exchange import export_csv, export_document

    with _open(db) as reg:
        if output is not None and output.suffix.lower() != ".json":
            if not output.is_dir():
                fail(f"-o {output}: give a .json file name or an existing folder (for the CSV files)")
            files = export_csv(reg, output)
            doc = None
        else:
            doc = export_document(reg)
            files = []
        url = reg.display_url
    if output is not None and doc is not None:
        from .._io import check_output_path
        from ._common import to_json, write_atomic

        check_output_path(output)
        write_atomic(output, to_json(doc) + "\n")
        files = [output]
    if json_ and output is None:
        emit_json({**(doc or {}), "db": url})
        return
    if files:
        if json_:
            emit_json({"written": [str(f) for f in files], "db": url})
        else:
            for f in files:
                console.print(f"[green]wrote[/] {escape(str(f))}", highlight=False, soft_wrap=True)
        return
    assert doc is not None
    _print_listing(doc)
    console.print(f"[dim]registry {escape(url)}[/]", highlight=False, soft_wrap=True)


def _print_listing(doc: dict[str, Any]) -> None:
    from rich.table import Table

    latest = {r["question"]: r for r in doc["resolutions"]}
    per: dict[str, list[dict[str, Any]]] = {}
    for f in doc["forecasts"]:
        per.setdefault(f["question"], []).append(f)
    t = Table(title=f"{len(doc['questions'])} questions, {len(doc['forecasts'])} forecasts, "
                    f"{len(doc['resolutions'])} resolutions")
    for col in ("question", "closes", "forecasts", "resolution"):
        t.add_column(col, overflow="fold")
    for q in doc["questions"]:
        lines = []
        for f in per.get(q["id"], []):
            probs = f.get("probabilities")
            body = ", ".join(f"{k} {_pct(v)}" for k, v in probs.items()) if isinstance(probs, dict) else "CDF"
            lines.append(f"{f['forecaster']} ({f['valid_from'][:10]}): {body}")
        r = latest.get(q["id"])
        res = "—" if r is None else (str(r["outcome"]) if r["status"] == "resolved" else r["status"])
        t.add_row(escape(q["title"]), q["close_at"][:10], escape("\n".join(lines) or "—"), escape(res))
    console.print(t)

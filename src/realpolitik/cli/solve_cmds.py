"""``realpolitik solve``: equilibria of a Gambit game file or of a scenario's game."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, List, Optional

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ._common import JSON_OPTION, console, emit_json, handle_errors, load_scenario_arg

METHOD_HELP = ("pure | enummixed | lh | lp | qre | spe | seqform (default: spe for trees, enummixed for "
               "two-player strategic games, pure otherwise)")


def _fmt(v: Any, exact: bool) -> str:
    if exact and isinstance(v, Fraction):
        return str(v)
    f = float(v)
    return f"{f:.6g}"


def _profile_text(labels: tuple[str, ...], probs: tuple[Any, ...], exact: bool) -> str:
    parts = [f"{lab}: {_fmt(p, exact)}" for lab, p in zip(labels, probs) if p != 0 and abs(float(p)) > 1e-12]
    return ", ".join(parts) if parts else "-"


def _load(target: str, game_id: Optional[str]):
    from ..games import read_game
    from ..games.solve import scenario_game

    path = Path(target)
    if path.suffix.lower() in (".nfg", ".efg") or (path.is_file() and path.read_bytes()[:3] in (b"NFG", b"EFG")):
        if game_id is not None:
            from ..errors import InputError

            raise InputError("--game applies to scenarios, not to .nfg/.efg files")
        return read_game(path), None, None
    scenario = load_scenario_arg(target)
    compiled, values = scenario_game(scenario, game_id)
    return compiled.game(values), compiled, values


def register(app: typer.Typer) -> None:
    """Add ``solve`` to ``app``."""

    @app.command("solve")
    @handle_errors
    def solve_cmd(
        target: str = typer.Argument(..., help="A Gambit .nfg/.efg file, or a scenario (catalogue id or path)."),
        game: Optional[str] = typer.Option(None, "--game", help="Which game of the scenario (its id)."),
        method: Optional[str] = typer.Option(None, "--method", "-m", help=METHOD_HELP),
        exact: bool = typer.Option(False, "--exact", help="Compute and verify in exact rational arithmetic."),
        label: int = typer.Option(0, "--label", help="lh: the label dropped first (0..m+n-1)."),
        all_labels: bool = typer.Option(False, "--all-labels", help="lh: every equilibrium reachable from all labels."),
        lam: Optional[List[float]] = typer.Option(None, "--lambda", help="qre: report the QRE at this λ (repeatable)."),
        json_out: bool = JSON_OPTION,
    ) -> None:
        """Solve a game: verified equilibria (every profile's regret checked)."""
        from ..games.solve import path_thresholds, solve

        g, compiled, values = _load(target, game)
        opts: dict[str, Any] = {}
        if method == "lh":
            opts = {"all_labels": True} if all_labels else {"label": label}
        if method == "qre" and lam:
            opts = {"lambdas": list(lam)}
        res = solve(g, method, exact=exact, **opts)
        thresholds = []
        if compiled is not None and res.method == "spe" and compiled.form == "extensive":
            thresholds = path_thresholds(compiled, values)
        if json_out:
            out = res.to_dict()
            if thresholds:
                out["status"]["thresholds"] = [t.to_dict() for t in thresholds]
            emit_json(out)
            return
        _print(res, g, thresholds)


def _print(res, game, thresholds) -> None:
    title = getattr(game, "title", "") or ""
    console.print(f"[bold]{title}[/]  method [cyan]{res.method}[/]" + ("  (exact)" if res.exact else ""),
                  highlight=False)
    console.print(res.status.message, highlight=False)
    for w in res.status.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
    if res.form == "extensive":
        n_actions = sum(len(s) for s in res.strategies)
        detail = n_actions <= 24  # behaviour columns only for small trees; --json has everything
        table = Table(title="Equilibria (behaviour strategies)" if detail else "Equilibrium paths")
        table.add_column("#", justify="right")
        table.add_column("path")
        if detail:
            for p in res.players:
                table.add_column(Text(p))
        table.add_column("regret", justify="right")
        labels = game.infoset_action_words()
        for k, eq in enumerate(res.equilibria):
            probs = eq.exact_profile if res.exact and eq.exact_profile else eq.profile
            cells = []
            if detail:
                cells = [Text(_profile_text(tuple(labels[i]), probs[i], res.exact)) for i in range(len(res.players))]
            table.add_row(str(k + 1), Text(" → ".join(game.describe_path(eq.path or ()))), *cells, f"{eq.regret:.2g}")
        console.print(table)
        if not detail:
            console.print("(the full behaviour profile of every information set is in --json)", highlight=False)
        pay = Table(title="Expected payoffs")
        pay.add_column("#", justify="right")
        for p in res.players:
            pay.add_column(Text(p), justify="right")
        for k, eq in enumerate(res.equilibria):
            vals = eq.exact_payoffs if res.exact and eq.exact_payoffs else eq.payoffs
            pay.add_row(str(k + 1), *[_fmt(v, res.exact) for v in vals])
        console.print(pay)
    else:
        table = Table(title="Equilibria")
        table.add_column("#", justify="right")
        for p in res.players:
            table.add_column(Text(p))
        table.add_column("payoffs", justify="right")
        table.add_column("regret", justify="right")
        if res.method == "enummixed":
            table.add_column("component", justify="right")
        for k, eq in enumerate(res.equilibria):
            probs = eq.exact_profile if res.exact and eq.exact_profile else eq.profile
            vals = eq.exact_payoffs if res.exact and eq.exact_payoffs else eq.payoffs
            row = [str(k + 1)] + [Text(_profile_text(res.strategies[i], probs[i], res.exact))
                                  for i in range(len(res.players))]
            row += [", ".join(_fmt(v, res.exact) for v in vals), f"{eq.regret:.2g}"]
            if res.method == "enummixed":
                row.append(str(eq.component))
            table.add_row(*row)
        console.print(table)
        if res.method == "qre":
            ex = res.extras
            console.print(f"QRE branch traced to λ = {ex.get('lambda_reached', 0):.6g}; "
                          f"last point's regret {ex.get('end_regret', 0):.3g}", highlight=False)
            for pt in ex.get("at", ()):
                console.print(f"  QRE at λ = {pt.lam:g}: " + "; ".join(
                    _profile_text(res.strategies[i], pt.profile[i], False) for i in range(len(res.players)))
                    + f" (regret {pt.regret:.3g})", highlight=False)
    for t in thresholds:
        path = " → ".join(game.describe_path(t.path))
        console.print(f"If [bold]{t.parameter}[/] (now {t.base:g}) goes {t.direction} {t.value:.4g}, the "
                      f"subgame-perfect path becomes: {escape(path)}", highlight=False)

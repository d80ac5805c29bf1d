"""Limits, not crashes, in games: expressions, Gambit files, scenario trees (issues 15 and 16).

Each case names its input; each is refused with a RealpolitikError (InputError or GameFileError),
never an OverflowError, a complex number, a MemoryError, a RecursionError or a native crash.
"""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from realpolitik.bounds import MAX_CONTINGENCIES, MAX_GAME_DEPTH, MAX_GAME_NODES, MAX_STRATEGIES
from realpolitik.errors import GameFileError, InputError
from realpolitik.games import compile_spec, parse_expression
from realpolitik.games.expr import MAX_EXPONENT, MAX_LITERAL, MAX_VALUE
from realpolitik.games.gambit_io import read_efg_string, read_nfg_string
from realpolitik.games.solve import solve
from realpolitik.scenario.games_spec import GameSpec

SHARED_GAMES = Path(os.environ.get("REALPOLITIK_SHARED", Path(__file__).resolve().parents[3] / "shared")) / "games"


# ----------------------------------------------------------------------------- expressions
@pytest.mark.parametrize("text, fragment", [
    ("9**9**9", f"within ±{MAX_EXPONENT}"),
    ("2.0**4096", f"within ±{MAX_EXPONENT}"),
    ("2**64**2", f"within ±{MAX_EXPONENT}"),
    ("(-8)**0.5", "not a real number"),
    ("10**300*10**300", "too large"),
    ("1e400", f"outside ±{MAX_LITERAL:.0e}"),
    ("1e308*10", f"outside ±{MAX_LITERAL:.0e}"),
    ("1" * 150, f"outside ±{MAX_LITERAL:.0e}"),
    ("9" * 5000, "characters long"),
    ("0**-1", "divides by zero"),
])
def test_unbounded_constant_expressions_are_refused(text, fragment):
    with pytest.raises(InputError) as info:
        parse_expression(text, set())
    assert fragment in str(info.value)
    assert len(str(info.value)) < 400, "the expression is echoed truncated"


@pytest.mark.parametrize("text, value", [("(-p)**0.5", 2.5), ("p**2000", 1.1), ("(p*1e14)**8", 3.0)])
def test_unbounded_expressions_over_parameters_are_refused(text, value):
    e = parse_expression(text, {"p"})
    for v in (value, Fraction(value), np.array([0.5, value])):
        with pytest.raises(InputError):
            e.evaluate({"p": v})


def test_bounded_expressions_still_evaluate_exactly():
    assert parse_expression("(1/3)**64 * 3**64", set()).constant == 1
    assert parse_expression("2**-3", set()).constant == Fraction(1, 8)
    assert parse_expression("10.0**-400", set()).evaluate({}) == 0.0
    assert abs(parse_expression("p**0.5", {"p"}).evaluate({"p": 4.0}) - 2.0) < 1e-12
    assert MAX_VALUE >= 1e12  # any payoff within the payoff bound is reachable


# ----------------------------------------------------------------------------- Gambit files
@pytest.mark.parametrize("name, text, fragment", [
    ("10^9 strategies", 'NFG 1 R "x" { "A" "B" } { 1000000000 2 } 1 2', f"at most {MAX_STRATEGIES:,}"),
    ("int64-wrapping dimensions", 'NFG 1 R "x" { "A" "B" "C" } { 65536 65536 65536 } 1', "contingencies"),
    ("contingencies", 'NFG 1 R "x" { "A" "B" } { 100000 1000 } 1', f"at most {MAX_CONTINGENCIES:,}"),
    ("payoff 1e400", 'NFG 1 R "x" { "A" "B" } { 2 1 } 1e400 0 1 0', "too large for a float"),
    ("exponent 1e999999999", 'NFG 1 R "x" { "A" "B" } { 2 1 } 1e999999999 0 1 0', "exponent within"),
    ("5000-digit payoff", 'NFG 1 R "x" { "A" "B" } { 2 1 } ' + "9" * 5000 + " 0 1 0", "characters"),
    ("5000-digit count", 'NFG 1 R "x" { "A" "B" } { ' + "9" * 5000 + " 1 } 1", "number"),
    ("outcome index out of range", 'NFG 1 R "x" { "A" "B" } { 2 1 } { { "" 1, 2 } } 1 7', "outcome index 7"),
    ("outcome index over int64", 'NFG 1 R "x" { "A" "B" } { 2 1 } { { "" 1, 2 } } 1 99999999999999999999',
     "an integer"),
    ("efg outcome number 10^9", 'EFG 2 R "x" { "A" } p "" 1 1 "" { "a" } 0 t "" 1000000000 "o" { 1 }',
     f"at most {MAX_GAME_NODES:,}"),
    ("4 MB title", 'NFG 1 R "' + "t" * 4_000_000 + '" { "A" "B" } { 2 1 } 1 0 1 0', "characters"),
    ("2x2 with -1e300", 'NFG 1 R "x" { "A" "B" } { 2 2 } -1e300 0 1 0 0 1 1 0', "documented bound"),
])
def test_bad_gambit_files_are_refused_before_allocating(name, text, fragment):
    read = read_nfg_string if text.startswith("NFG") else read_efg_string
    with pytest.raises(GameFileError) as info:
        read(text, file="f.game")
    assert fragment in str(info.value) and "f.game" in str(info.value)
    assert len(str(info.value)) < 500


def _chain(levels: int) -> str:
    body = "".join(f'p "" {1 + k % 2} {k + 1} "" {{ "go" "stop" }} 0\nt "" {k + 1} "s{k}" {{ {k % 3}, {k % 5} }}\n'
                   for k in range(levels))
    return 'EFG 2 R "chain" { "A" "B" }\n' + body + f't "" {levels + 1} "end" {{ 1, 1 }}\n'


def test_very_deep_efg_is_refused_with_its_line():
    with pytest.raises(GameFileError) as info:
        read_efg_string(_chain(20_000), file="deep.efg")
    assert f"deeper than {MAX_GAME_DEPTH}" in str(info.value) and info.value.line is not None


def test_efg_at_the_depth_limit_solves_without_recursion_error():
    game = read_efg_string(_chain(MAX_GAME_DEPTH - 1), file="chain.efg")
    assert solve(game, "seqform").equilibria


def test_reduced_form_of_a_wide_game_is_bounded():
    # a chance root with 40 branches, each a 2-action move of player 1: 2^40 reduced strategies
    acts = " ".join(f'"b{k}" 1/40' for k in range(40))
    body = "".join(f'p "" 1 {k + 1} "" {{ "l" "r" }} 0\nt "" {2 * k + 1} "l" {{ 1, 0 }}\nt "" {2 * k + 2} "r" {{ 0, 1 }}\n'
                   for k in range(40))
    game = read_efg_string(f'EFG 2 R "wide" {{ "A" "B" }}\nc "" 1 "" {{ {acts} }} 0\n' + body, file="wide.efg")
    with pytest.raises(InputError, match="reduced strategies"):
        solve(game, "enummixed")
    assert solve(game, "spe").equilibria  # the tree itself is fine


def _oneill_text() -> str:
    path = SHARED_GAMES / "gambit" / "oneill.nfg"
    if not path.is_file():
        pytest.skip("shared data: oneill.nfg not found")
    return path.read_text()


def test_oneill_with_minus_1e300_is_refused_not_a_segfault(tmp_path):
    # issue 16: `solve` on this file exited with 139 inside Qhull; now it is a clear error, exit 2
    bad = tmp_path / "oneill-1e300.nfg"
    bad.write_text(_oneill_text().replace('{ "" 1, -1 }', '{ "" -1e300, -1 }', 1))
    out = subprocess.run([sys.executable, "-c", "from realpolitik.cli import main; main()", "solve", str(bad)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 2, (out.returncode, out.stderr[-500:])
    assert "Traceback" not in out.stderr and "documented bound" in out.stderr


# ----------------------------------------------------------------------------- scenario game trees
def test_dag_bomb_spec_is_refused_while_compiling():
    # validation refuses it at load; compile_spec also stops at the node bound if called directly
    nodes = [{"id": f"n{k}", "player": "ab"[k % 2], "actions": {"l": f"n{k + 1}", "r": f"n{k + 1}"}}
             for k in range(30)] + [{"id": "n30", "payoffs": {"a": 1, "b": 0}}]
    with pytest.raises(ValueError, match="expands to more than"):
        GameSpec(id="bomb", players=["a", "b"], nodes=nodes)
    spec = GameSpec.model_construct(id="bomb", players=["a", "b"], form="extensive",
                                    nodes=[_node(n) for n in nodes], title="")
    with pytest.raises(InputError, match=f"more than {MAX_GAME_NODES:,} nodes"):
        compile_spec(spec, set())


def _node(d):
    from realpolitik.scenario.games_spec import NodeSpec

    return NodeSpec(**d)


def test_deep_scenario_tree_compiles_iteratively():
    depth = MAX_GAME_DEPTH - 1
    nodes = []
    for k in range(depth):
        nodes.append({"id": f"n{k}", "player": "ab"[k % 2], "actions": {"go": f"n{k + 1}", "stop": f"t{k}"}})
        nodes.append({"id": f"t{k}", "payoffs": {"a": k % 3, "b": k % 2}})
    nodes.append({"id": f"n{depth}", "payoffs": {"a": 0, "b": 0}})
    cg = compile_spec(GameSpec(id="deep", players=["a", "b"], nodes=nodes), set())
    assert len(cg.nodes) == 2 * depth + 1
    # pre-order numbering, as the recursive walk gave: root, its first child ... then the stop leaves
    assert cg.nodes[0].children == (1, 2 * depth)

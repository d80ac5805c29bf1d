"""Fuzz tests over every reader, the expression evaluator, the Gambit writer and solving what was read.

Property: whatever the text, only ``RealpolitikError`` subclasses escape (the CLI turns them into
exit code 2), and the work per case is bounded by the documented limits (docs/limits.md): inputs
are mutated valid files, kept small, so each example is quick. Deterministic (``derandomize``),
a bounded number of examples, no timing assertions. The last test runs the real CLI in a
subprocess on a small bad-input corpus and checks its exit codes are only 0, 2 or 130.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.errors import RealpolitikError
from realpolitik.games.expr import parse_expression
from realpolitik.games.gambit_io import efg_text, nfg_text, read_efg_string, read_nfg_string

from .conftest import MINIMAL

FUZZ = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Tokens that broke readers before (issues 15 and 16), plus YAML and Gambit punctuation.
NASTY = ["1e400", "-1e400", "-1e300", "1e308", "1.7e308", "9" * 500, "9" * 5000, "9**9**9", "2.0**4096",
         "(-8)**0.5", "true", "false", "null", "~", '"0.1"', "-0.0", "0", "-1", "2", "0.7", ".nan", ".inf",
         "[", "]", "{", "}", ",", ":", "- ", "&a", "*a", "!!python/object/apply:os.system", "\x00", "\x07",
         "\t", "\n", "'", '"', "#", "|", ">", "1665446400", "1000000000", "4294967296", "x" * 3000,
         "\u00e9", "\ufeff", "/", "1/0", "0/0", "1e999999999", "c", "p", "t", "NFG", "EFG", "<<: *a"]


@st.composite
def mutated(draw, seed: str, max_edits: int = 4):
    """``seed`` with 1-``max_edits`` edits: a nasty token inserted or substituted, or a slice deleted."""
    text = seed
    for _ in range(draw(st.integers(1, max_edits))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "replace", "delete", "dup"]))
        tok = draw(st.sampled_from(NASTY))
        if kind == "insert":
            text = text[:pos] + tok + text[pos:]
        elif kind == "replace":
            end = min(len(text), pos + draw(st.integers(1, 12)))
            text = text[:pos] + tok + text[end:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        else:  # duplicate a line: repeated keys, ids, rows
            lines = text.split("\n")
            k = pos % max(1, len(lines))
            text = "\n".join(lines[:k + 1] + lines[k:])
    return text


SCENARIO_GAME = MINIMAL + """\
games:
  - id: g
    players: [a, b]
    nodes:
      - {id: root, player: a, actions: {out: o, in: c}}
      - {id: o, payoffs: {a: 0, b: 2}}
      - {id: c, probs: {hi: p, lo: 1 - p}, actions: {hi: f, lo: s}}
      - {id: f, payoffs: {a: -1, b: "-1 - p"}}
      - {id: s, ranks: {a: 2, b: 1}}
  - id: n
    form: normal
    players: [a, b]
    strategies: {a: [x, y], b: [x, y]}
    payoffs:
      - {profile: [x, x], payoffs: {a: 1, b: 1}}
      - {profile: [x, y], payoffs: {a: 0, b: 2}}
      - {profile: [y, x], payoffs: {a: 2, b: 0}}
      - {profile: [y, y], payoffs: {a: "p**2", b: 0.5}}
"""

NFG = 'NFG 1 R "PD" { "A" "B" } { { "C" "D" } { "C" "D" } } ""\n3 3 0 5\n5 0 1 1\n'
NFG_OUTCOMES = ('NFG 1 R "x" { "A" "B" } { 2 2 } ""\n{ { "a" 1, -1 } { "b" -1, 1 } { "c" 1/3, 0.5 } }\n'
                "1 2 3 1\n")
EFG = ('EFG 2 R "entry" { "A" "B" } ""\n'
       'p "" 1 1 "" { "out" "in" } 0\n'
       't "" 1 "o" { 0, 2 }\n'
       'c "" 1 "" { "hi" 1/2 "lo" 1/2 } 0\n'
       'p "" 2 1 "" { "fight" "share" } 0\n'
       't "" 2 "f" { -1, -1 }\n'
       't "" 3 "s" { 1, 1 }\n'
       'p "" 2 1 "" { "fight" "share" } 0\n'
       't "" 2\n'
       't "" 3\n')
BDM = "Actor,Capability,Position,Salience\nA,1,10,50\nB,2,90,80\nC,0.5,40,20\n"
DECIDE = ("#A\ta\tAlpha\n#A\tb\tBeta\n#P\tp\tIssue\n#M\tp\t0\tlow\n#M\tp\t100\thigh\n"
          "#D\ta\tp\t10\t0.5\t1\n#D\tb\tp\t90\t0.8\t2\n")


def _only_ours(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except RealpolitikError:
        return None


# ----------------------------------------------------------------------------- readers
@FUZZ
@given(mutated(SCENARIO_GAME))
def test_scenario_yaml_reader(text):
    from realpolitik.scenario import loads_scenario

    sc = _only_ours(loads_scenario, text, file="fuzz.yaml")
    if sc is not None:  # what loads also dumps and loads back to the same digest
        from realpolitik.scenario.io import dump_yaml

        assert loads_scenario(dump_yaml(sc)).digest == sc.digest


@FUZZ
@given(mutated(BDM))
def test_bdm_csv_reader(text):
    from realpolitik.scenario.imports import import_bdm_csv

    _only_ours(import_bdm_csv, text, file="fuzz.csv")


@FUZZ
@given(mutated(DECIDE))
def test_decide_reader(text):
    from realpolitik.scenario.imports import import_decide

    _only_ours(import_decide, text, file="fuzz.dat")


def _solve_small(game):
    from realpolitik.games.extensive_form import ExtensiveFormGame
    from realpolitik.games.solve import solve

    if isinstance(game, ExtensiveFormGame):
        if len(game.nodes) <= 60:
            _only_ours(solve, game)
    elif game.payoffs[0].size <= 36:
        _only_ours(solve, game)


@FUZZ
@given(st.one_of(mutated(NFG), mutated(NFG_OUTCOMES)))
def test_nfg_reader_writer_and_solver(text):
    game = _only_ours(read_nfg_string, text, file="fuzz.nfg")
    if game is None:
        return
    again = read_nfg_string(nfg_text(game), file="again.nfg")  # the writer's output always reads back
    assert again.shape == game.shape and np.array_equal(again.payoffs, game.payoffs)
    _solve_small(game)


@FUZZ
@given(mutated(EFG))
def test_efg_reader_writer_and_solver(text):
    game = _only_ours(read_efg_string, text, file="fuzz.efg")
    if game is None:
        return
    again = read_efg_string(efg_text(game), file="again.efg")
    assert len(again.nodes) == len(game.nodes) and again.outcomes == game.outcomes
    _solve_small(game)


# ----------------------------------------------------------------------------- expressions
_LEAF = st.one_of(st.sampled_from(["p", "q", "0", "1", "2", "0.5", "1e15", "1e16", "1e400", "9" * 30, "64", "65",
                                   "1024", "4096", "-8", "1/3"]),
                  st.integers(-10**6, 10**6).map(str),
                  st.floats(allow_nan=False, allow_infinity=False).map(repr))


def _expr():
    return st.recursive(_LEAF, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "**", "^"]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        inner.map(lambda e: f"-{e}")), max_leaves=12)


@FUZZ
@given(_expr(), st.sampled_from([0.0, -2.5, 3.0, 1e12, -1e-300]))
def test_expression_evaluator(text, value):
    e = _only_ours(parse_expression, text, {"p", "q"})
    if e is None:
        return
    for v in (value, Fraction(value), np.array([value, 0.5])):
        out = _only_ours(e.evaluate, {"p": v, "q": v})
        if out is not None:  # a result is real, finite and bounded
            arr = np.asarray(out, dtype=float) if not isinstance(out, Fraction) else np.array([float(out)])
            assert arr.dtype.kind == "f" and np.all(np.isfinite(arr))


# ----------------------------------------------------------------------------- the CLI's exit codes
_CORPUS = {
    "nul.yaml": MINIMAL.replace("A minimal", "A mi\x00nimal"),
    "deep.yaml": MINIMAL + "x: " + "[" * 5000 + "\n",
    "bigint.yaml": MINIMAL.replace("capability: 2.0", "capability: " + "9" * 5000),
    "huge.yaml": MINIMAL.replace("capability: 2.0", "capability: 1e400"),
    "probs.yaml": SCENARIO_GAME.replace("{hi: p, lo: 1 - p}", "{hi: 0.7, lo: 0.7}"),
    "bomb.yaml": MINIMAL + "games:\n  - id: b\n    players: [a, b]\n    nodes:\n" + "".join(
        f"      - {{id: n{k}, player: a, actions: {{l: n{k + 1}, r: n{k + 1}}}}}\n" for k in range(40))
    + "      - {id: n40, payoffs: {a: 1}}\n",
    "strategies.nfg": 'NFG 1 R "x" { "A" "B" } { 1000000000 2 } 1 2',
    "payoff.nfg": 'NFG 1 R "x" { "A" "B" } { 2 2 } -1e300 0 1 0 0 1 1 0',
    "outcome.efg": 'EFG 2 R "x" { "A" } p "" 1 1 "" { "a" } 0 t "" 1000000000 "o" { 1 }',
    "field.csv": "Actor,Capability,Position,Salience\na,1,2," + "3" * 300_000 + "\n",
}


def test_cli_exit_codes_on_a_bad_input_corpus(tmp_path: Path):
    for name, text in _CORPUS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    yamls = [str(tmp_path / n) for n in _CORPUS if n.endswith(".yaml")]
    runs = [["validate", *yamls, str(tmp_path / "field.csv")], ["forecast", yamls[4], "--json"],
            ["solve", str(tmp_path / "strategies.nfg")], ["solve", str(tmp_path / "payoff.nfg")],
            ["solve", str(tmp_path / "outcome.efg")], ["show", ""], ["show", str(tmp_path)],
            ["simulate", yamls[4], "-n", "1000000000000"]]
    # one interpreter per command: real exit codes, as a shell sees them
    probe = "import sys, json; sys.argv = ['realpolitik'] + json.loads(sys.argv[1]); " \
            "from realpolitik.cli import main; main()"
    for args in runs:
        out = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True,
                             timeout=300)
        assert out.returncode in (0, 2, 130), (args[:2], out.returncode, out.stderr[-800:])
        assert "Traceback" not in out.stderr, (args[:2], out.stderr[-800:])
        assert len(out.stderr) < 20_000, "values are echoed truncated"


@pytest.mark.parametrize("name", sorted(_CORPUS))
def test_corpus_inputs_are_refused_in_process(name, tmp_path: Path):
    from realpolitik.games.gambit_io import read_game
    from realpolitik.scenario import load_any

    path = tmp_path / name
    path.write_text(_CORPUS[name], encoding="utf-8")
    with pytest.raises(RealpolitikError):
        (read_game if name.endswith(("nfg", "efg")) else load_any)(str(path))

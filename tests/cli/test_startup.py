"""The CLI starts at once: heavy libraries and the engines load only inside the commands that use them.

Each check runs in a fresh interpreter and inspects ``sys.modules`` after the command, so a module
added later under ``cli/`` that imports numpy, pandas, scipy, matplotlib or numba at its top fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest

HEAVY = ("scipy", "pandas", "matplotlib", "numba", "SALib", "pyarrow", "dask", "sqlalchemy", "alembic")
ENGINES = ("realpolitik.bargaining", "realpolitik.games.spe", "realpolitik.games.enummixed",
           "realpolitik.games.solve", "realpolitik.uncertainty", "realpolitik.report", "realpolitik.backtest")

_PROBE = r"""
import json, sys
sys.argv = ["realpolitik"] + json.loads(sys.argv[1])
code = 0
try:
    from realpolitik.cli import main
    main()
except SystemExit as exc:
    code = exc.code or 0
sys.stdout.flush()
print("\n@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _run(args: list[str]) -> tuple[int, set[str]]:
    out = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                         timeout=300)
    tail = out.stdout.rsplit("\n@@", 1)[1]
    data = json.loads(tail)
    return data["code"], set(data["modules"])


def _loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"], ["simulate", "--help"]])
def test_version_and_help_import_nothing_heavy(args):
    code, mods = _run(args)
    assert code == 0
    assert _loaded(mods, HEAVY) == []
    assert _loaded(mods, ENGINES) == []


def test_version_does_not_even_import_typer():
    code, mods = _run(["--version"])
    assert code == 0 and _loaded(mods, ("typer", "rich", "numpy", "pydantic")) == []


def test_help_does_not_import_numpy_or_the_scenario_models():
    code, mods = _run(["--help"])
    assert code == 0 and _loaded(mods, ("numpy", "pydantic", "ruamel", "realpolitik.scenario")) == []


def test_validate_does_not_import_the_engines():
    path = str(resources.files("realpolitik.catalog") / "belarus-2022.yaml")
    code, mods = _run(["validate", path])
    assert code == 0
    assert _loaded(mods, ENGINES) == []
    assert _loaded(mods, HEAVY) == []
    # not even NumPy: distributions, mappings and payoff expressions import it on first use
    assert _loaded(mods, ("numpy",)) == []


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "realpolitik", "--version"], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0 and out.stdout.startswith("realpolitik ")


def test_every_registered_command_module_is_light():
    # importing the assembled app imports every cli/*_cmds module other pillars register
    code = ("import sys, json; import realpolitik.cli.app as a; "
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    mods = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert _loaded(mods, HEAVY + ("numpy",)) == []
    assert _loaded(mods, ENGINES) == []

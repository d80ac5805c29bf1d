"""Data flows one way: scenario -> engines -> analysis -> report/registry -> CLI/explorer.

Every import in the package (module top or deferred inside a function) is read
from the source with ``ast`` and checked against the layer order below, so an
import circle between pillars (e.g. a model living in the backtest that the
bargaining pillar imports) fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "realpolitik"

#: Layer of each top-level module or subpackage; an import may only go to a lower or equal layer,
#: and within a layer only inside its own package.
LAYERS = {
    "errors": 0, "_rng": 0, "_result": 0, "_io": 0, "_version": 0, "_lazy": 0, "limits": 0, "_defaults": 0, "bounds": 0,
    "scenario": 1, "catalog": 1,
    "games": 2, "bargaining": 2,
    "uncertainty": 3,
    "analysis": 4, "backtest": 4, "report": 4, "ingest": 4, "scoring": 4,
    "registry": 5,
    "cli": 6, "explorer": 6,
    "__main__": 7,  # python -m realpolitik: runs the CLI
}
#: Documented exceptions: the scenario validates its games section with the games pillar's
#: representation; the analysis layer, report and registry read one another's results.
ALLOWED = {("scenario", "games"), ("report", "backtest"), ("analysis", "backtest"), ("analysis", "report"),
           ("report", "analysis"), ("report", "registry"), ("report", "scoring"), ("registry", "analysis"),
           ("registry", "scoring")}


#: Packages that are one pillar (the catalogue is the scenario pillar's data).
SAME_PILLAR = {"catalog": "scenario"}


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".py") if rel.parts else ""


def _pillar(name: str) -> str:
    return SAME_PILLAR.get(name, name)


def _targets(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(SRC).with_suffix("").parts
    pkg_parts = here[:-1] if path.name != "__init__.py" else here[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(pkg_parts[:len(pkg_parts) - node.level + 1]) if node.level > 1 else list(pkg_parts)
                mod = base + (node.module.split(".") if node.module else [])
                if not mod:  # "from .. import x": each name is a top-level module
                    out.extend((node.lineno, a.name) for a in node.names)
                    continue
                out.append((node.lineno, mod[0]))
            elif node.module and node.module.startswith("realpolitik."):
                out.append((node.lineno, node.module.split(".")[1]))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name.split(".")[1]) for a in node.names if a.name.startswith("realpolitik."))
    return out


FILES = sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] != "__init__.py")


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_data_flow(path):
    here = _package(path)
    if here not in LAYERS:
        pytest.skip(f"{here} has no layer yet")
    bad = []
    for line, target in _targets(path):
        if _pillar(target) == _pillar(here) or target not in LAYERS or (here, target) in ALLOWED:
            continue
        if LAYERS[here] == LAYERS[target] == 0:  # the shared utilities (errors, rng, provenance, io)
            continue
        if LAYERS[target] >= LAYERS[here]:
            bad.append(f"line {line}: {here} (layer {LAYERS[here]}) imports {target} (layer {LAYERS[target]})")
    assert not bad, "\n".join(bad)


def test_every_package_has_a_layer():
    missing = sorted({_package(p) for p in FILES} - set(LAYERS))
    assert not missing, f"add these to LAYERS: {missing}"

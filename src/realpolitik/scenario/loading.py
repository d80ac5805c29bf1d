"""``load_any``: a catalogue id, a scenario file or an importable table."""

from __future__ import annotations

from pathlib import Path

from ..errors import Location, ScenarioFileError
from .model import Scenario

__all__ = ["load_any", "TABLE_SUFFIXES", "SCENARIO_SUFFIXES"]

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv")


def load_any(ref: str | Path) -> Scenario:
    """Load ``ref``: a catalogue id (``belarus-2022``), a YAML/JSON scenario, or a CSV table."""
    from .. import catalog
    from .imports import import_table
    from .io import load_scenario

    if str(ref).strip() == "":
        raise ScenarioFileError("an empty name was given", location=Location(file='""'),
                                expected="a scenario file (.yaml) or a catalogue id: " + ", ".join(catalog.ids()))
    p = Path(ref)
    if not p.exists() and str(ref) in catalog.ids():
        return catalog.get(str(ref))
    if not p.exists():
        hint = "a scenario file (.yaml) or a catalogue id: " + ", ".join(catalog.ids())
        raise ScenarioFileError("no such file or catalogue scenario", location=Location(file=str(ref)),
                                expected=hint)
    if p.suffix.lower() in TABLE_SUFFIXES:
        return import_table(p)
    return load_scenario(p)

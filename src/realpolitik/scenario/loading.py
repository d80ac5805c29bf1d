"""``load_any``: a catalogue id, a scenario file or an importable table; ``lint_any``: the same, checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, ScenarioError, ScenarioFileError
from .model import Scenario

__all__ = ["load_any", "lint_any", "LintReport", "TABLE_SUFFIXES", "SCENARIO_SUFFIXES"]

SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv")


def load_any(ref: str | Path) -> Scenario:
    """Load ``ref``: a catalogue id (``belarus-2022``), a YAML/JSON scenario, or a CSV table."""
    from .. import catalog
    from .imports import import_table
    from .io import load_scenario

    p = _existing(ref)
    if p is None:
        return catalog.get(str(ref))
    if p.suffix.lower() in TABLE_SUFFIXES:
        return import_table(p)
    return load_scenario(p)


def _existing(ref: str | Path) -> Path | None:
    """``ref`` as an existing path, or None for a catalogue id; the error every command gives otherwise."""
    from .. import catalog

    if str(ref).strip() == "":
        raise ScenarioFileError("an empty name was given", location=Location(file='""'),
                                expected="a scenario file (.yaml) or a catalogue id: " + ", ".join(catalog.ids()))
    p = Path(ref)
    if not p.exists() and str(ref) in catalog.ids():
        return None
    if not p.exists():
        hint = "a scenario file (.yaml) or a catalogue id: " + ", ".join(catalog.ids())
        raise ScenarioFileError("no such file or catalogue scenario", location=Location(file=str(ref)),
                                expected=hint)
    return p


@dataclass(frozen=True)
class LintReport:
    """What ``realpolitik validate`` found in one scenario beyond loading it.

    ``errors`` and ``warnings`` are ``(location, message, expected)`` triples;
    under ``strict`` every warning is an error.
    """

    scenario: Scenario
    errors: tuple[tuple[Location, str, str | None], ...]
    warnings: tuple[tuple[Location, str, str | None], ...]

    def error(self) -> ScenarioError | None:
        """The errors as one :class:`ScenarioError` (None when there are none)."""
        from .io import _combine

        return _combine(list(self.errors)) if self.errors else None


def lint_any(ref: str | Path, *, strict: bool = False) -> LintReport:
    """Load ``ref`` as :func:`load_any` does (raising on any load error), then run the provenance checks.

    The checks (:func:`realpolitik.scenario.validate.provenance`): every numeric input cites a
    source or is marked as an assumption with a rationale (error); undated sources and
    parameters no game uses (warnings, errors when ``strict``).
    """
    from .. import catalog
    from . import validate
    from .imports import import_table
    from .io import read_text_file, scenario_from_data
    from .yamlsafe import PathMap, read_yaml

    p = _existing(ref)  # the same error as every other command for a missing file or an empty name
    if p is None:
        text, file = catalog.text(str(ref)), f"catalog:{ref}.yaml"
    elif p.suffix.lower() in TABLE_SUFFIXES:
        text, file = None, str(p)
    else:
        text, file = read_text_file(p), str(p)
    if text is None:
        sc, pm = import_table(p), PathMap(file)
    else:
        data, pm = read_yaml(text[1:] if text.startswith("\ufeff") else text, file)
        sc = scenario_from_data(data, pm)
    errors, warnings = [], []
    for path, message, expected, severity in validate.provenance(sc):
        item = (pm.locate(path), message, expected)
        (errors if severity == "error" or strict else warnings).append(item)
    return LintReport(scenario=sc, errors=tuple(errors), warnings=tuple(warnings))

"""Built-in scenarios, loadable by id (``realpolitik catalog list``).

>>> from realpolitik import catalog
>>> "belarus-2022" in catalog.ids()
True
"""

from __future__ import annotations

import functools
from importlib import resources

from ..errors import InputError
from ..scenario.model import Scenario

__all__ = ["ids", "get", "text"]


def ids() -> list[str]:
    """Ids of the built-in scenarios, sorted."""
    root = resources.files(__package__)
    return sorted(f.name[: -len(".yaml")] for f in root.iterdir() if f.name.endswith(".yaml"))


def text(scenario_id: str) -> str:
    """The YAML source of a built-in scenario."""
    if scenario_id not in ids():
        raise InputError(f"no catalogue scenario {scenario_id!r}", expected="one of " + ", ".join(ids()))
    return resources.files(__package__).joinpath(f"{scenario_id}.yaml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def get(scenario_id: str) -> Scenario:
    """The validated built-in scenario (cached: scenarios are immutable)."""
    from ..scenario.io import loads_scenario

    return loads_scenario(text(scenario_id), file=f"catalog:{scenario_id}.yaml")

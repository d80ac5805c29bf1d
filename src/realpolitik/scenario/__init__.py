"""Scenario files: the validated, immutable model every engine reads from.

>>> from realpolitik.scenario import load_any
>>> sc = load_any("belarus-2022")
>>> sc.issue_data().actor_ids[0]
'belarus'
"""

from .distributions import DISTRIBUTION_NAMES, Beta, Discrete, Fixed, Triangular, TruncNormal, Uniform
from .io import dump_yaml, load_scenario, loads_scenario, scenario_from_data
from .loading import load_any
from .model import (Actor, Anchor, GroundTruth, Issue, IssueData, Metadata, Parameter, Position, Scale,
                    Scenario, Source, point_value)
from .questions import NumericRange, Question, Resolution

__all__ = [
    "Actor", "Anchor", "Beta", "DISTRIBUTION_NAMES", "Discrete", "Fixed", "GroundTruth", "Issue",
    "IssueData", "Metadata", "Parameter", "Position", "Scale", "Scenario", "Source", "Triangular",
    "TruncNormal", "Uniform", "dump_yaml", "load_any", "load_scenario", "loads_scenario", "point_value",
    "scenario_from_data", "Question", "Resolution", "NumericRange",
]

"""Reference functions for checking samplers and sensitivity methods.

Module-level (picklable), so they also run on the process and Dask backends.

>>> m = ishigami_model()
>>> round(float(m.evaluate({"x1": [1.0], "x2": [0.0], "x3": [0.0]}, 1)["y"][0]), 6)
0.841471
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np

from ..scenario.distributions import Uniform
from .models import FunctionModel

__all__ = ["ishigami", "ishigami_model", "ISHIGAMI_INDICES"]

#: Analytic Sobol indices of the Ishigami function with a = 7, b = 0.1
#: (Ishigami & Homma 1990; Saltelli et al. 2008, Global Sensitivity Analysis, p. 179).
ISHIGAMI_INDICES = {"S1": (0.3139, 0.4424, 0.0), "ST": (0.5576, 0.4424, 0.2437)}


def ishigami(columns: Mapping[str, np.ndarray], a: float = 7.0, b: float = 0.1) -> dict[str, np.ndarray]:
    """``sin x1 + a sin^2 x2 + b x3^4 sin x1`` with ``x_i ~ U(-pi, pi)``."""
    x1, x2, x3 = (np.asarray(columns[k], dtype=float) for k in ("x1", "x2", "x3"))
    return {"y": np.sin(x1) + a * np.sin(x2) ** 2 + b * x3 ** 4 * np.sin(x1)}


def ishigami_model() -> FunctionModel:
    """The Ishigami function as a :class:`FunctionModel` over three U(-pi, pi) inputs."""
    u = Uniform(dist="uniform", low=-math.pi, high=math.pi)
    return FunctionModel(ishigami, {"x1": u, "x2": u, "x3": u}, name="ishigami")

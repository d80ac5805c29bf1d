"""Distributions of uncertain quantities in scenario files.

Each distribution is a frozen pydantic model discriminated by ``dist``. All of
them sample through their quantile function (:meth:`ppf`), so plain Monte
Carlo, Latin hypercube and scrambled Sobol designs share one code path: draw
uniforms in [0, 1), map them with ``ppf``.

``point`` is the value used when a single number is needed (a point
forecast): the value for ``fixed``, the mode for ``triangular`` and
``discrete`` (first of equally likely values), the mean otherwise.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

TYPE_CHECKING = False  # NumPy loads only when sampling: `realpolitik validate` never needs it
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Fixed", "Uniform", "Triangular", "TruncNormal", "Beta", "Discrete",
    "Distribution", "DISTRIBUTION_NAMES",
]

from ._types import Finite, NonNegative, Positive  # noqa: E402  (strict, bounded, no -0.0)


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @property
    def point(self) -> float:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @property
    def support(self) -> tuple[float, float]:  # pragma: no cover
        raise NotImplementedError

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` independent draws using ``rng``."""
        return self.ppf(rng.random(n))


class Fixed(_Dist):
    """A known value (kept as a distribution so files can switch freely)."""

    dist: Literal["fixed"]
    value: Finite

    @property
    def point(self) -> float:
        return self.value

    @property
    def support(self) -> tuple[float, float]:
        return (self.value, self.value)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.full(np.shape(u), self.value, dtype=float)


class Uniform(_Dist):
    dist: Literal["uniform"]
    low: Finite
    high: Finite

    @model_validator(mode="after")
    def _order(self) -> "Uniform":
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be < high ({self.high})")
        return self

    @property
    def point(self) -> float:
        return 0.5 * (self.low + self.high)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)


class Triangular(_Dist):
    dist: Literal["triangular"]
    low: Finite
    mode: Finite
    high: Finite

    @model_validator(mode="after")
    def _order(self) -> "Triangular":
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(f"need low <= mode <= high and low < high, got "
                             f"{self.low}, {self.mode}, {self.high}")
        return self

    @property
    def point(self) -> float:
        return self.mode

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        u = np.asarray(u, dtype=float)
        a, c, b = self.low, self.mode, self.high
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < fc, left, right)


class TruncNormal(_Dist):
    """Normal(mean, sd) truncated to [low, high] (either bound may be omitted)."""

    dist: Literal["truncnormal"]
    mean: Finite
    sd: Positive
    low: Finite | None = None
    high: Finite | None = None

    @model_validator(mode="after")
    def _order(self) -> "TruncNormal":
        lo = -math.inf if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if not lo < hi:
            raise ValueError(f"low ({self.low}) must be < high ({self.high})")
        return self

    def _frozen(self):
        import numpy as np

        lo = -np.inf if self.low is None else (self.low - self.mean) / self.sd
        hi = np.inf if self.high is None else (self.high - self.mean) / self.sd
        from scipy import stats  # deferred: scipy.stats costs seconds at start-up

        return stats.truncnorm(lo, hi, loc=self.mean, scale=self.sd)

    @property
    def point(self) -> float:
        return float(self._frozen().mean())

    @property
    def support(self) -> tuple[float, float]:
        return (-math.inf if self.low is None else self.low,
                math.inf if self.high is None else self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        return self._frozen().ppf(np.asarray(u, dtype=float))


class Beta(_Dist):
    """Beta(alpha, beta) rescaled to [low, high] (default [0, 1])."""

    dist: Literal["beta"]
    alpha: Positive
    beta: Positive
    low: Finite = 0.0
    high: Finite = 1.0

    @model_validator(mode="after")
    def _order(self) -> "Beta":
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be < high ({self.high})")
        return self

    @property
    def point(self) -> float:
        return self.low + (self.high - self.low) * self.alpha / (self.alpha + self.beta)

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        from scipy import stats  # deferred: scipy.stats costs seconds at start-up

        return self.low + (self.high - self.low) * stats.beta.ppf(np.asarray(u, dtype=float),
                                                                  self.alpha, self.beta)


class Discrete(_Dist):
    """A choice among listed values with probabilities (equal if omitted)."""

    dist: Literal["discrete"]
    values: Annotated[list[Finite], Field(min_length=1)]
    probs: list[NonNegative] | None = None

    @model_validator(mode="after")
    def _probs(self) -> "Discrete":
        if self.probs is not None:
            if len(self.probs) != len(self.values):
                raise ValueError(f"probs has {len(self.probs)} entries but values has {len(self.values)}")
            if not math.isclose(sum(self.probs), 1.0, abs_tol=1e-9):
                raise ValueError(f"probs must sum to 1, got {sum(self.probs)}")
        return self

    @property
    def probabilities(self) -> np.ndarray:
        import numpy as np

        if self.probs is None:
            return np.full(len(self.values), 1.0 / len(self.values))
        return np.asarray(self.probs, dtype=float)

    @property
    def point(self) -> float:
        import numpy as np

        return float(self.values[int(np.argmax(self.probabilities))])

    @property
    def support(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    def ppf(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        cdf = np.cumsum(self.probabilities)
        cdf[-1] = 1.0
        idx = np.searchsorted(cdf, np.asarray(u, dtype=float), side="right")
        return np.asarray(self.values, dtype=float)[np.minimum(idx, len(self.values) - 1)]


Distribution = Annotated[
    Union[Fixed, Uniform, Triangular, TruncNormal, Beta, Discrete],
    Field(discriminator="dist"),
]
DISTRIBUTION_NAMES = ("fixed", "uniform", "triangular", "truncnormal", "beta", "discrete")

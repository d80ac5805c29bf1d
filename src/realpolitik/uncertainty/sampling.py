"""Sampling designs over named uncertain inputs.

Every sampler draws *uniforms* in (0, 1) and maps them through each input's
quantile function (``Distribution.ppf``), so plain Monte Carlo, Latin
hypercube and scrambled Sobol share one path, and an optional Gaussian copula
(rank correlation between named inputs) acts on the uniforms before the map.

Reproducibility. The whole design is built in the calling process from the
seed, before any work is split into chunks; workers receive slices of it.
The Monte Carlo design is drawn in fixed blocks of :data:`MC_BLOCK` rows, one
``SeedSequence`` child per block, so a design of ``n`` rows is the first
``n`` rows of any larger design with the same seed, and nothing depends on
how the evaluation is later split.

>>> from realpolitik.scenario import Uniform
>>> d = sample_design({"x": Uniform(dist="uniform", low=0, high=2)}, 4, method="lhs", rng=1)
>>> d.values.shape, bool((d.values >= 0).all() and (d.values <= 2).all())
((4, 1), True)
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._rng import RNGLike, as_seed_sequence
from ..errors import InputError

__all__ = ["SAMPLERS", "MC_BLOCK", "Design", "uniform_design", "sample_design", "apply_copula",
           "fresh_seed_sequence"]

SAMPLERS = ("mc", "lhs", "sobol")
#: Rows per independently seeded Monte Carlo block (fixed: never the chunk size).
MC_BLOCK = 4096
# ppf(0) or ppf(1) is infinite for unbounded distributions; keep uniforms strictly inside.
_U_LO = np.nextafter(0.0, 1.0)
_U_HI = np.nextafter(1.0, 0.0)


@dataclass(frozen=True)
class Design:
    """A sampling design: ``values[i, j]`` is sample ``i`` of input ``names[j]``.

    ``uniforms`` are the (copula-transformed) uniforms the values came from.
    """

    names: tuple[str, ...]
    uniforms: np.ndarray
    values: np.ndarray
    method: str

    @property
    def n(self) -> int:
        return int(self.values.shape[0])

    def columns(self, rows: slice | None = None) -> dict[str, np.ndarray]:
        """Input name -> 1-d array (optionally a row slice)."""
        v = self.values if rows is None else self.values[rows]
        return {name: np.ascontiguousarray(v[:, j]) for j, name in enumerate(self.names)}

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, columns=list(self.names))


def fresh_seed_sequence(rng: RNGLike) -> np.random.SeedSequence:
    """A SeedSequence equal to ``rng``'s but with no children spawned yet.

    ``SeedSequence.spawn`` is stateful; copying makes repeated calls with the
    same object give the same children.
    """
    ss = as_seed_sequence(rng)
    return np.random.SeedSequence(entropy=ss.entropy, spawn_key=ss.spawn_key, pool_size=ss.pool_size)


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise InputError(f"the number of samples must be a positive integer, got {n!r}")
    return int(n)


def uniform_design(n: int, d: int, *, method: str = "mc", rng: RNGLike = None) -> np.ndarray:
    """An ``(n, d)`` array of uniforms in (0, 1) from sampler ``method``.

    Parameters
    ----------
    n, d : int
        Rows (samples) and columns (inputs).
    method : {"mc", "lhs", "sobol"}
        Plain Monte Carlo, Latin hypercube, or scrambled Sobol (Owen
        scrambling; ``n`` a power of two keeps its balance properties).
    rng : seed-like
        See :mod:`realpolitik._rng`.
    """
    n = _check_n(n)
    if method not in SAMPLERS:
        raise InputError(f"unknown sampler {method!r}", expected="one of " + ", ".join(SAMPLERS))
    if d == 0:
        return np.empty((n, 0))
    root = fresh_seed_sequence(rng)
    if method == "mc":
        n_blocks = math.ceil(n / MC_BLOCK)
        blocks = []
        for b, child in enumerate(root.spawn(n_blocks)):
            rows = min(MC_BLOCK, n - b * MC_BLOCK)
            blocks.append(np.random.Generator(np.random.PCG64(child)).random((rows, d)))
        u = np.concatenate(blocks, axis=0)
    else:
        from scipy.stats import qmc  # deferred: scipy.stats costs seconds, plain MC does not need it

        gen = np.random.Generator(np.random.PCG64(root.spawn(1)[0]))
        if method == "lhs":
            u = qmc.LatinHypercube(d, rng=gen).random(n)
        else:
            with warnings.catch_warnings():
                # Non-powers of two lose Sobol balance properties, not validity.
                warnings.simplefilter("ignore", UserWarning)
                u = qmc.Sobol(d, scramble=True, rng=gen).random(n)
    return np.clip(u, _U_LO, _U_HI)


def _spearman_to_pearson(rho: float) -> float:
    # Exact for the Gaussian copula: rank correlation rho_s = (6/pi) asin(r/2).
    return 2.0 * math.sin(math.pi * rho / 6.0)


def apply_copula(u: np.ndarray, names: tuple[str, ...],
                 correlation: Mapping[tuple[str, str], float] | None) -> np.ndarray:
    """Impose rank correlations between named columns of a uniform design.

    ``correlation`` maps pairs of input names to a Spearman rank correlation
    in (-1, 1). The uniforms of the named columns go through a Gaussian copula
    (normal scores, Cholesky factor of the implied Pearson matrix, back to
    uniforms); other columns are untouched. Each column stays uniform, so
    every input keeps its declared distribution exactly.
    """
    if not correlation:
        return u
    index = {name: j for j, name in enumerate(names)}
    involved: list[str] = []
    for pair, rho in correlation.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise InputError(f"correlation keys must be pairs of input names, got {pair!r}")
        for name in pair:
            if name not in index:
                raise InputError(f"correlation names unknown input {name!r}",
                                 expected="one of " + ", ".join(names))
            if name not in involved:
                involved.append(name)
        if pair[0] == pair[1]:
            raise InputError(f"correlation of {pair[0]!r} with itself")
        if not isinstance(rho, (int, float)) or not -1.0 < float(rho) < 1.0:
            raise InputError(f"rank correlation of {pair} must be in (-1, 1), got {rho!r}")
    k = len(involved)
    pos = {name: i for i, name in enumerate(involved)}
    r = np.eye(k)
    for (a, b), rho in correlation.items():
        r[pos[a], pos[b]] = r[pos[b], pos[a]] = _spearman_to_pearson(float(rho))
    try:
        chol = np.linalg.cholesky(r)
    except np.linalg.LinAlgError:
        raise InputError("the rank correlations are inconsistent (matrix not positive definite)",
                         expected="correlations that some joint distribution can have") from None
    cols = [index[name] for name in involved]
    from scipy import stats  # deferred: only a copula needs it

    z = stats.norm.ppf(u[:, cols]) @ chol.T
    out = u.copy()
    out[:, cols] = np.clip(stats.norm.cdf(z), _U_LO, _U_HI)
    return out


def sample_design(inputs: Mapping[str, Any], n: int, *, method: str = "mc", rng: RNGLike = None,
                  correlation: Mapping[tuple[str, str], float] | None = None) -> Design:
    """Sample named inputs: uniforms from ``method``, copula, then each ``ppf``.

    Parameters
    ----------
    inputs : mapping of name -> distribution
        Distribution models of :mod:`realpolitik.scenario.distributions`
        (anything with ``ppf``); the order fixes the design's columns.
    n : int
        Number of samples.
    method : {"mc", "lhs", "sobol"}
    rng : seed-like
    correlation : mapping of (name, name) -> float, optional
        Spearman rank correlations (Gaussian copula).

    Examples
    --------
    >>> from realpolitik.scenario import Triangular
    >>> t = Triangular(dist="triangular", low=20, mode=30, high=40)
    >>> d = sample_design({"pos": t}, 1000, rng=7)
    >>> bool(20 <= d.values.min() and d.values.max() <= 40)
    True
    """
    names = tuple(inputs)
    u = uniform_design(n, len(names), method=method, rng=rng)
    u = apply_copula(u, names, correlation)
    values = np.empty_like(u)
    for j, name in enumerate(names):
        values[:, j] = np.asarray(inputs[name].ppf(u[:, j]), dtype=float)
    return Design(names=names, uniforms=u, values=values, method=method)

"""``simulate``: Monte Carlo over a scenario's (or a model's) uncertain inputs."""

from __future__ import annotations

from typing import Any, Callable, Mapping, cast

import numpy as np
import pandas as pd

from .._result import Status, make_provenance
from .._rng import RNGLike, as_seed_sequence
from ..errors import InputError
from .backends import run_chunks
from .bargaining_model import CYCLES_SUFFIX
from .models import Model
from .result import UncertaintyResult, summarise
from .sampling import sample_design

__all__ = ["simulate", "resolve_model", "recorded_seed"]


def recorded_seed(rng: RNGLike) -> tuple[np.random.SeedSequence, int | None]:
    """The SeedSequence to use and the integer to record (fresh entropy when ``rng`` is None)."""
    ss = as_seed_sequence(rng)
    ent = ss.entropy
    seed = int(ent) if isinstance(ent, (int, np.integer)) and not ss.spawn_key else None
    return ss, seed


def resolve_model(target: Any, **model_options: Any) -> tuple[Model, str | None]:
    """A :class:`Model` and the scenario digest from a Scenario or a Model."""
    if isinstance(target, Model):
        if model_options:
            raise InputError(f"options {sorted(model_options)} apply to scenarios only, not to a Model")
        return target, None
    from ..scenario import Scenario

    if isinstance(target, Scenario):
        from .scenario_model import scenario_model

        return scenario_model(target, **model_options), target.digest
    raise InputError(f"cannot simulate a {type(target).__name__}", expected="a Scenario or an uncertainty Model")


def simulate(target: Any, n: int = 1000, *, rng: RNGLike = None, sampler: str = "mc",
             backend: str = "local", chunk_size: int | None = None, workers: int | None = None,
             scheduler: str | None = None, client: Any = None,
             correlation: Mapping[tuple[str, str], float] | None = None,
             progress: Callable[[int, int], None] | None = None,
             wrap: Callable[[Model], Model] | None = None,
             **model_options: Any) -> UncertaintyResult:
    """Evaluate a scenario's engines over ``n`` samples of its uncertain inputs.

    Parameters
    ----------
    target : Scenario or Model
        A scenario (its bargaining issues and games are evaluated, see
        :func:`~realpolitik.uncertainty.scenario_model`) or any :class:`Model`.
    n : int
        Number of samples.
    rng : seed-like
        The seed; the same seed gives bit-identical results on every backend
        and for every ``chunk_size``. ``None`` draws fresh entropy and records it.
    sampler : {"mc", "lhs", "sobol"}
    backend : {"local", "process", "dask"}
    chunk_size, workers, scheduler, client
        See :func:`~realpolitik.uncertainty.backends.run_chunks`.
    correlation : mapping (name, name) -> Spearman rho, optional
        Rank correlations between inputs (Gaussian copula).
    progress : callable(done, total), optional
    wrap : callable(Model) -> Model, optional
        Applied to the resolved model before it is evaluated; the wrapper must give the model's
        outputs for the same inputs (the explorer reuses a part's outputs when its inputs repeat).
    **model_options
        Passed to :func:`~realpolitik.uncertainty.scenario_model` for scenarios.

    Returns
    -------
    UncertaintyResult

    Examples
    --------
    >>> from realpolitik.scenario import Uniform
    >>> from realpolitik.uncertainty import FunctionModel, simulate
    >>> def f(c): return {"y": c["x"] ** 2, "big": c["x"] > 0.5}
    >>> res = simulate(FunctionModel(f, {"x": Uniform(dist="uniform", low=0, high=1)}), 2000, rng=1)
    >>> round(res.probability("big", True)[0], 1)
    0.5
    """
    from ..bounds import MAX_SAMPLES, check_count

    n = check_count("n", n, MAX_SAMPLES, option="n (samples)")  # before any allocation
    model, digest = resolve_model(target, **model_options)
    if wrap is not None:
        model = wrap(model)
    ss, seed = recorded_seed(rng)
    inputs = dict(model.inputs)
    design = sample_design(inputs, n, method=sampler, rng=ss, correlation=correlation)
    columns = design.columns()
    outputs = run_chunks(model, columns, design.n, backend=backend, chunk_size=chunk_size, workers=workers,
                         scheduler=scheduler, client=client, progress=progress)
    clash = set(outputs) & set(inputs)
    if clash:
        raise InputError(f"an output has the name of an input: {sorted(clash)[0]!r}")
    frame = pd.DataFrame({**columns, **outputs})
    frame.index.name = "sample"
    out_names = tuple(outputs)
    quant, probs = summarise(frame, out_names)
    warnings = []
    if sampler == "sobol" and n & (n - 1):
        warnings.append(f"n={n} is not a power of two: the Sobol design loses its balance properties")
    for name in out_names:
        if name.endswith(CYCLES_SUFFIX) and frame[name].dtype == bool and frame[name].any():
            share = float(frame[name].mean())
            warnings.append(f"{name[:-len(CYCLES_SUFFIX)]}: {share:.1%} of samples end in a cycle; their "
                            "forecast is the cycle's mean, not a settled outcome")
        # the casts: pandas-stubs type a .loc cell as any scalar; n_finite is a count
        if name in quant.index and cast(float, quant.loc[name, "n_finite"]) < n:
            warnings.append(f"{name}: {n - int(cast(float, quant.loc[name, 'n_finite']))} samples not finite")
    provenance = make_provenance(
        "uncertainty.simulate",
        {"n": n, "sampler": sampler, "backend": backend, "chunk_size": chunk_size,
         "correlation": {f"{a}~{b}": float(r) for (a, b), r in (correlation or {}).items()},
         "model": model.options()},
        seed=seed, scenario_digest=digest)
    status = Status(converged=True, iterations=n, warnings=tuple(warnings),
                    message="ok" if not warnings else "ok with warnings")
    return UncertaintyResult(samples=frame, input_names=design.names, output_names=out_names,
                             quantiles=quant, probabilities=probs, provenance=provenance, status=status)

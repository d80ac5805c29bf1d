"""Global sensitivity (SALib Sobol and Morris) and one-at-a-time tornado data.

SALib samples the unit hypercube; each column is mapped through its input's
quantile function, so any declared distribution works (the indices assume
independent inputs: a rank correlation declared for ``simulate`` is not
applied here). Model evaluations go through the same backends as
:func:`~realpolitik.uncertainty.simulate`.

Outputs are named as in the simulation; a discrete output is analysed as
the indicator of one outcome, ``NAME=VALUE`` (e.g.
``game.escalation.belarus=E``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from .._rng import RNGLike
from ..errors import InputError
from .backends import run_chunks
from .models import Model, is_discrete, point_inputs
from .runner import recorded_seed, resolve_model
from .sampling import _U_HI, _U_LO

__all__ = ["SensitivityResult", "sensitivity", "tornado", "output_values", "raise_unseen_outcome", "METHODS"]

METHODS = ("sobol", "morris")


@readable_repr
@dataclass(frozen=True)
class SensitivityResult:
    """Sensitivity of one output to every uncertain input.

    Attributes
    ----------
    method : {"sobol", "morris"}
    output : str
        The analysed output (``NAME`` or ``NAME=VALUE``).
    indices : pandas.DataFrame
        Indexed by input, sorted by importance (ST, or mu* for Morris).
        Sobol: ``S1, S1_conf, ST, ST_conf`` (``conf``: half-width of the 95 %
        bootstrap interval) and ``noise`` (True where an estimate lies above 1,
        or below 0 beyond its interval: estimation noise, also named in
        ``status.warnings``). Morris: ``mu, mu_star, sigma, mu_star_conf``, in
        output units per unit of the input's quantile scale (0-1).
    tornado : pandas.DataFrame
        One-at-a-time swings, see :func:`tornado`.
    base : float
        The output at every input's point value.
    n_evaluations : int
    provenance : Provenance
    status : Status
    constant_output : bool
        The output did not vary over the design, so no input drives it (the
        indices are undefined and reported as NaN or 0).
    """

    method: str
    output: str
    indices: pd.DataFrame
    tornado: pd.DataFrame
    base: float
    n_evaluations: int
    provenance: Provenance
    status: Status
    constant_output: bool = False

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        top = self.indices.index[0] if len(self.indices) and not self.constant_output else None
        st = float(self.indices["ST"].iloc[0]) if top is not None and "ST" in self.indices else None
        return [("method", self.method), ("output", self.output), ("top input", top), ("its ST", st),
                ("inputs", len(self.indices)), ("evaluations", self.n_evaluations),
                ("constant output", self.constant_output), ("status", status_text(self.status))]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape of ``realpolitik sensitivity --json``."""
        idx = [{"input": name, **{k: (bool(v) if k == "noise" else _f(v)) for k, v in row.items()}}
               for name, row in self.indices.iterrows()]
        tor = [{k: (_f(v) if k != "input" else v) for k, v in row.items()} for _, row in self.tornado.iterrows()]
        return {"method": self.method, "output": self.output, "base": _f(self.base),
                "n_evaluations": self.n_evaluations, "indices": idx, "tornado": tor,
                "provenance": self.provenance.to_dict(), "status": self.status.to_dict()}


def _f(v: Any) -> float | None:
    v = float(v)
    return v if np.isfinite(v) else None


def output_values(outputs: Mapping[str, np.ndarray], spec: str, *, require_seen: bool = False) -> np.ndarray:
    """Float values of output ``spec`` (``NAME`` numeric, or ``NAME=VALUE`` as a 0/1 indicator).

    With ``require_seen`` an outcome ``VALUE`` that occurs in none of the
    evaluations is an error listing the outcomes that do occur (a typo would
    otherwise analyse a constant zero).
    """
    name, eq, value = spec.partition("=")
    name = name.strip()
    if name not in outputs:
        raise InputError(f"no output {name!r}", expected="one of " + ", ".join(outputs))
    col = np.asarray(outputs[name])
    if eq:
        text = col.astype(str)
        value = value.strip()
        if col.dtype == bool:
            value = {"true": "True", "1": "True", "false": "False", "0": "False"}.get(value.lower(), value)
        hit = text == value
        if require_seen and not hit.any():
            raise_unseen_outcome(name, value, text)
        return hit.astype(float)
    if is_discrete(col):
        if col.dtype == bool:
            return col.astype(float)
        seen = ", ".join(sorted(set(col.astype(str)))[:6])
        raise InputError(f"output {name!r} is discrete; analyse one outcome as {name}=VALUE",
                         expected=f"e.g. {name}={col.astype(str)[0]} (outcomes seen: {seen})")
    return col.astype(float)


def _sobol_noise(indices: pd.DataFrame) -> pd.Series:
    """Rows whose estimate lies outside [0, 1], where no true Sobol index can be.

    Tiny excursions within float rounding are not flagged; anything else is
    the Monte Carlo error of the estimator showing.
    """
    eps = 1e-9
    out = np.zeros(len(indices), dtype=bool)
    for col in ("S1", "ST"):
        v = indices[col].to_numpy(dtype=float)
        out |= (v > 1 + eps) | (v < -eps - indices[f"{col}_conf"].to_numpy(dtype=float))
    return pd.Series(out, index=indices.index, name="noise")


def raise_unseen_outcome(name: str, value: str, seen: Any) -> None:
    """The error for ``NAME=VALUE`` whose value never occurs, listing the values that do."""
    values = sorted(set(np.asarray(seen).astype(str).tolist()))
    shown = ", ".join(repr(v) for v in values[:12]) + (f" and {len(values) - 12} more" if len(values) > 12 else "")
    raise InputError(f"outcome {value!r} of output {name!r} never occurs",
                     expected=f"{name}=VALUE with VALUE one of {shown}")


def _varying(model: Model) -> dict[str, Any]:
    ins = {k: d for k, d in model.inputs.items() if d.support[0] != d.support[1]}
    if not ins:
        raise InputError("no uncertain inputs to analyse: every number in the scenario is fixed",
                         expected="at least one input given as a distribution")
    return ins


def _evaluate(model: Model, names: tuple[str, ...], u: np.ndarray, output: str, run_opts: dict,
              fixed: Mapping[str, Any] | None = None) -> np.ndarray:
    u = np.clip(u, _U_LO, _U_HI)
    n = u.shape[0]
    cols = point_inputs(model.inputs, n)
    for j, name in enumerate(names):
        cols[name] = np.asarray(model.inputs[name].ppf(u[:, j]), dtype=float)
    out = run_chunks(model, cols, n, **run_opts)
    return output_values(out, output, require_seen=True)


def tornado(target: Any, output: str, *, low: float = 0.05, high: float = 0.95,
            **model_options: Any) -> pd.DataFrame:
    """One-at-a-time swings: each input at its ``low`` and ``high`` quantile, others at point values.

    Returns a DataFrame with columns ``input, low, high, output_low,
    output_high, swing`` (``|output_high - output_low|``), largest swing
    first: the bars of a tornado chart.
    """
    model, _ = resolve_model(target, **model_options)
    return _tornado(model, output, low, high, {})[0]


def _tornado(model: Model, output: str, low: float, high: float, run_opts: dict) -> tuple[pd.DataFrame, float]:
    if not 0.0 <= low < high <= 1.0:
        raise InputError(f"tornado quantiles must satisfy 0 <= low < high <= 1, got {low}, {high}")
    ins = _varying(model)
    names = tuple(ins)
    d = len(names)
    cols = point_inputs(model.inputs, 2 * d + 1)
    lows = np.array([float(ins[k].ppf(np.array([max(low, _U_LO)]))[0]) for k in names])
    highs = np.array([float(ins[k].ppf(np.array([min(high, _U_HI)]))[0]) for k in names])
    for j, name in enumerate(names):
        cols[name][2 * j] = lows[j]
        cols[name][2 * j + 1] = highs[j]
    y = output_values(run_chunks(model, cols, 2 * d + 1, **run_opts), output)
    frame = pd.DataFrame({"input": names, "low": lows, "high": highs, "output_low": y[0:2 * d:2],
                          "output_high": y[1:2 * d:2]})
    frame["swing"] = (frame.output_high - frame.output_low).abs()
    frame = frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return frame, float(y[-1])


def sensitivity(target: Any, output: str, *, method: str = "sobol", n: int = 1024, rng: RNGLike = None,
                levels: int = 4, second_order: bool = False, backend: str = "local",
                chunk_size: int | None = None, workers: int | None = None, scheduler: str | None = None,
                client: Any = None, progress: Callable[[int, int], None] | None = None,
                **model_options: Any) -> SensitivityResult:
    """Sobol (first and total order, with confidence intervals) or Morris screening of one output.

    Parameters
    ----------
    target : Scenario or Model
    output : str
        ``NAME`` of a numeric output, or ``NAME=VALUE`` for the probability of a discrete outcome.
    method : {"sobol", "morris"}
    n : int
        Sobol: base sample size N (a power of two; N (d + 2) evaluations,
        N (2d + 2) with ``second_order``). Morris: number of trajectories
        (N (d + 1) evaluations).
    rng : seed-like
    levels : int
        Morris grid levels.
    backend, chunk_size, workers, scheduler, client, progress
        As for :func:`~realpolitik.uncertainty.simulate`.

    Examples
    --------
    >>> import numpy as np
    >>> from realpolitik.scenario import Uniform
    >>> from realpolitik.uncertainty import FunctionModel, sensitivity
    >>> def f(c): return {"y": c["a"] + 0.1 * c["b"]}
    >>> U = Uniform(dist="uniform", low=0, high=1)
    >>> res = sensitivity(FunctionModel(f, {"a": U, "b": U}), "y", n=256, rng=1)
    >>> res.indices.index[0]
    'a'
    """
    if method not in METHODS:
        raise InputError(f"unknown sensitivity method {method!r}", expected="one of " + ", ".join(METHODS))
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise InputError(f"n must be an integer >= 2, got {n!r}")
    from ..bounds import MAX_EVALUATIONS, MAX_MORRIS_TRAJECTORIES, MAX_SOBOL_BASE, check_count

    n = check_count("n", n, MAX_SOBOL_BASE if method == "sobol" else MAX_MORRIS_TRAJECTORIES, minimum=2,
                    option="n (Sobol base sample)" if method == "sobol" else "n (Morris trajectories)")
    model, digest = resolve_model(target, **model_options)
    d = len(model.inputs)
    evaluations = n * ((2 * d + 2 if second_order else d + 2) if method == "sobol" else d + 1)
    if evaluations > MAX_EVALUATIONS:
        raise InputError(f"n = {n:,} with {d} inputs needs {evaluations:,} model evaluations, over the "
                         f"documented bound of {MAX_EVALUATIONS:,}", expected="a smaller n (docs/limits.md)")
    ss, seed = recorded_seed(rng)
    salib_seed = int(ss.generate_state(1)[0])
    ins = _varying(model)
    names = tuple(ins)
    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    run_opts = dict(backend=backend, chunk_size=chunk_size, workers=workers, scheduler=scheduler,
                    client=client, progress=progress)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if method == "sobol":
            from SALib.analyze import sobol as sobol_analyze
            from SALib.sample import sobol as sobol_sample

            u = sobol_sample.sample(problem, int(n), calc_second_order=second_order, scramble=True,
                                    seed=salib_seed)
            y = _evaluate(model, names, u, output, run_opts)
            res = sobol_analyze.analyze(problem, y, calc_second_order=second_order, num_resamples=200,
                                        conf_level=0.95, seed=salib_seed)
            indices = pd.DataFrame({"S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"],
                                    "ST_conf": res["ST_conf"]}, index=pd.Index(names, name="input"))
            indices = indices.sort_values("ST", ascending=False, kind="stable")
        else:
            from SALib.analyze import morris as morris_analyze
            from SALib.sample import morris as morris_sample

            u = morris_sample.sample(problem, int(n), num_levels=levels, seed=salib_seed)
            y = _evaluate(model, names, u, output, run_opts)
            res = morris_analyze.analyze(problem, u, y, num_resamples=200, conf_level=0.95,
                                         num_levels=levels, seed=salib_seed)
            indices = pd.DataFrame({"mu": res["mu"], "mu_star": res["mu_star"], "sigma": res["sigma"],
                                    "mu_star_conf": res["mu_star_conf"]}, index=pd.Index(names, name="input"))
            indices = indices.sort_values("mu_star", ascending=False, kind="stable")
    constant = bool(np.var(y) == 0)
    if method == "sobol" and not constant:
        indices["noise"] = _sobol_noise(indices)
        for name, row in indices[indices["noise"]].iterrows():
            notes.append(f"{name}: Sobol estimate S1 {row.S1:.3g} ± {row.S1_conf:.2g}, ST {row.ST:.3g} ± "
                         f"{row.ST_conf:.2g} lies outside [0, 1] (true indices cannot): estimation noise, "
                         "increase n")
    if constant:
        # SALib's divide-by-zero warnings are only a symptom of this; say the cause instead.
        notes.append(f"output {output!r} is constant over the design: every index is undefined or zero")
    else:
        notes.extend(sorted({str(w.message) for w in caught}))
    tor, base = _tornado(model, output, 0.05, 0.95, {**run_opts, "progress": None})
    provenance = make_provenance(
        f"uncertainty.sensitivity.{method}",
        {"output": output, "n": int(n), "levels": levels if method == "morris" else None,
         "second_order": second_order, "backend": backend, "salib_seed": salib_seed, "model": model.options()},
        seed=seed, scenario_digest=digest)
    status = Status(converged=True, iterations=int(u.shape[0]), warnings=tuple(notes),
                    message="ok" if not notes else "ok with warnings")
    return SensitivityResult(method=method, output=output, indices=indices, tornado=tor, base=base,
                             n_evaluations=int(u.shape[0]) + tor.shape[0] * 2 + 1,
                             provenance=provenance, status=status, constant_output=constant)

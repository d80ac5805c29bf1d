"""How sure, and what drives it: Monte Carlo summaries, outcome probabilities, top drivers.

Built on :mod:`realpolitik.uncertainty` (``simulate``, ``sensitivity``):
the scenario's uncertain inputs are sampled, every issue's bargaining
forecasts (and every game's equilibrium path, where the games engine is
available) are evaluated per sample, and Sobol indices with a one-at-a-time
tornado rank the inputs. Besides the engines' discrete outputs, each
bargaining forecast is also read as an outcome: the scale anchor it lands
nearest (e.g. "25: hosts Russian troops ..."), so the report can say how
likely each described state of the world is.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report import explain_uncertainty
>>> ux = explain_uncertainty(realpolitik.load_any("belarus-2022"), n=256, sensitivity_n=32, rng=1, games=[])
>>> ux.drivers["bargaining.involvement.eu"][0].input.startswith("issue.involvement.")
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence, cast

import numpy as np
import pandas as pd

from .._result import Provenance, Status, make_provenance, readable_repr
from ..errors import RealpolitikError
from .._defaults import DEFAULT_MODELS, DEFAULT_SAMPLER, DEFAULT_SAMPLES, DEFAULT_SEED
from ..uncertainty.bargaining_model import CYCLES_SUFFIX
from ._format import num, pct
from .labels import outcome_label, output_label, target_label

__all__ = ["Driver", "UncertaintyExplanation", "explain_uncertainty", "input_label"]

ENGINE = "realpolitik.report.uncertainty"


@dataclass(frozen=True)
class Driver:
    """One input's importance for one output."""

    input: str
    label: str
    s1: float | None
    st: float | None
    st_conf: float | None
    low: float | None
    high: float | None
    output_low: float | None
    output_high: float | None
    swing: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, "label": self.label, "S1": self.s1, "ST": self.st, "ST_conf": self.st_conf,
                "low": self.low, "high": self.high, "output_low": self.output_low,
                "output_high": self.output_high, "swing": self.swing}


@readable_repr
@dataclass(frozen=True)
class UncertaintyExplanation:
    """Monte Carlo summary and drivers of a scenario's outputs.

    Attributes
    ----------
    n, seed, sampler
    inputs : tuple of str
        The uncertain inputs sampled.
    numeric : DataFrame
        Per numeric output (index): mean, sd, q0.05 ... q0.95.
    outcomes : DataFrame
        ``output, outcome, label, p, lo, hi`` (95 % Wilson interval), most
        likely first within each output.
    drivers : mapping output -> tuple of Driver
        Sorted by total-order Sobol index.
    tornado : mapping output -> DataFrame
    base : mapping output -> float
        The output at every input's point value.
    samples : DataFrame
        Per-sample inputs and outputs (for plots).
    notes : tuple of str
        What could not be computed, and why.
    output_labels : mapping str -> str
        Readable names of the outputs and sensitivity targets (``game.escalation.path`` ->
        ``Escalation game: path``); the names themselves stay in :meth:`to_dict`.
    """

    n: int
    seed: int | None
    sampler: str
    inputs: tuple[str, ...]
    input_labels: Mapping[str, str]
    numeric: pd.DataFrame = field(repr=False)
    outcomes: pd.DataFrame = field(repr=False)
    drivers: Mapping[str, tuple[Driver, ...]] = field(repr=False)
    tornado: Mapping[str, pd.DataFrame] = field(repr=False)
    base: Mapping[str, float] = field(repr=False)
    samples: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...]
    provenance: Provenance = field(repr=False)
    status: Status = field(repr=False)
    output_labels: Mapping[str, str] = field(default_factory=dict, repr=False)

    def output_label(self, name: str) -> str:
        """The readable name of an output or sensitivity target (the name itself where none is known)."""
        return self.output_labels.get(str(name), str(name))

    def _said(self, warning: str) -> str:
        """A warning that starts with an output name, with that name in words."""
        head, sep, rest = warning.partition(": ")
        return f"{self.output_label(head)}: {rest}" if sep and head in self.output_labels else warning

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("samples", self.n), ("sampler", self.sampler), ("seed", self.seed), ("inputs", len(self.inputs)),
                ("numeric outputs", len(self.numeric)), ("outcome rows", len(self.outcomes))]

    def probability(self, output: str, outcome: str) -> tuple[float, float, float]:
        """``(p, lo, hi)`` of one outcome (0 when never seen)."""
        rows = self.outcomes[(self.outcomes.output == output) & (self.outcomes.outcome == str(outcome))]
        if rows.empty:
            return (0.0, 0.0, 0.0)
        r = rows.iloc[0]
        return (float(r.p), float(r.lo), float(r.hi))

    def text(self) -> list[str]:
        out = [f"{self.n:,} samples ({self.sampler}, seed {self.seed}) of {len(self.inputs)} uncertain inputs."]
        for name, r in self.numeric.iterrows():
            out.append(f"{self.output_label(str(name))}: median {num(r['q0.5'])}, 90 % interval {num(r['q0.05'])}–{num(r['q0.95'])} "
                       f"(mean {num(r['mean'])}).")
        for name, grp in self.outcomes.groupby("output", sort=False):
            if str(name).endswith(CYCLES_SUFFIX):
                continue  # said in words by the status warning below
            top: Any = grp.iloc[0]
            # groupby keys are the str output names; pandas-stubs allow any scalar, bytes included
            out.append(f"{self.output_label(str(name))}: most likely “{top.label}”, {pct(top.p)} "  # type: ignore[str-bytes-safe]
                       f"(95 % interval {pct(top.lo)}–{pct(top.hi)}).")
        for name, ds in self.drivers.items():
            if ds:
                top = ", ".join(f"{d.label} (ST {num(d.st)})" for d in ds[:3])
                out.append(f"Top drivers of {self.output_label(name)}: {top}.")
        out.extend(self.notes)
        out.extend(f"Warning: {self._said(w)}." for w in self.status.warnings)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``uncertainty`` object of ``realpolitik explain --json`` (docs/report.md)."""
        numeric = {}
        for name, r in self.numeric.iterrows():
            numeric[str(name)] = {k: _f(r[k]) for k in ("mean", "sd", "q0.05", "q0.25", "q0.5", "q0.75", "q0.95")
                                  if k in r}
        return {
            "n": self.n, "seed": self.seed, "sampler": self.sampler, "inputs": list(self.inputs),
            "numeric": numeric,
            "outcomes": [{"output": r.output, "outcome": r.outcome, "label": r.label, "p": float(r.p),  # type: ignore[arg-type]
                          "ci95": [float(r.lo), float(r.hi)]}  # type: ignore[arg-type]
                         # (pandas-stubs type itertuples fields as any scalar, None included)
                         for r in self.outcomes.itertuples()],
            "drivers": {k: [d.to_dict() for d in v] for k, v in self.drivers.items()},
            "notes": list(self.notes), "text": self.text(),
        }


def _f(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def input_label(scenario: Any, name: str) -> str:
    """A readable label for an uncertain input's stable name.

    >>> import realpolitik
    >>> sc = realpolitik.load_any("belarus-2022")
    >>> input_label(sc, "issue.involvement.belarus.leverage")
    'Belarus (Lukashenko): leverage'
    >>> input_label(sc, "param.p_ret")
    'p_ret'
    >>> input_label(sc, "ordinal.escalation.belarus.u3")
    'Belarus (Lukashenko): how much it values its middle-ranked outcomes in escalation (draw 3)'
    """
    parts = name.split(".")
    try:
        if parts[0] == "issue" and len(parts) == 4:
            return f"{scenario.actor(parts[2]).name}: {parts[3]}"
        if parts[0] == "issue" and len(parts) == 3:
            return f"{parts[1]}: {parts[2].replace('_', ' ')}"
        if parts[0] == "actor" and len(parts) == 3:
            return f"{scenario.actor(parts[1]).name}: {parts[2]}"
        if parts[0] == "param" and len(parts) == 2:
            return parts[1]
        if parts[0] == "ordinal" and len(parts) == 4 and parts[3].startswith("u"):
            # a uniform of the cardinalisation of a player's ranks (uncertainty/ordinal.py)
            return (f"{scenario.actor(parts[2]).name}: how much it values its middle-ranked outcomes "
                    f"in {parts[1]} (draw {parts[3][1:]})")
    except RealpolitikError:
        pass
    return name


def _nearest_anchor(values: np.ndarray, anchors: Sequence[tuple[float, str]]) -> np.ndarray:
    a = np.array([v for v, _ in anchors], dtype=float)
    labels = np.array([f"{num(v)}: {lab}" for v, lab in anchors], dtype=object)
    k = np.abs(values[:, None] - a[None, :]).argmin(axis=1)
    return labels[k]


def explain_uncertainty(scenario: Any, *, n: int = DEFAULT_SAMPLES, rng: Any = DEFAULT_SEED,
                        sampler: str = DEFAULT_SAMPLER,
                        sensitivity_n: int = 64, capability: str = "leverage", eu_options: Any = None,
                        games: Sequence[str] | None = None, top: int = 8,
                        progress: Callable[[str], None] | None = None) -> UncertaintyExplanation:
    """Monte Carlo over ``scenario``'s uncertain inputs, with drivers of each main output.

    Parameters
    ----------
    scenario : Scenario
    n : int
        Monte Carlo samples.
    rng : seed-like
        Seed of the sampling design (and of SALib's).
    sampler : {"mc", "lhs", "sobol"}
    sensitivity_n : int
        Sobol base sample size (a power of two); 0 skips the sensitivity analysis.
    capability : {"leverage", "raw"}
    games : sequence of str, optional
        Game ids to evaluate (default: every game of the scenario).
    top : int
        Drivers kept per output.
    progress : callable(str), optional
        Called with a short description before each step.
    """
    from ..uncertainty import sensitivity as _sensitivity
    from ..uncertainty import simulate, wilson_interval

    say = progress or (lambda _msg: None)
    notes: list[str] = []
    opts = dict(capability=capability, eu_options=eu_options, models=DEFAULT_MODELS)
    if games is not None:
        opts["games"] = list(games)
    say(f"Monte Carlo: {n:,} samples")
    res = simulate(scenario, n, rng=rng, sampler=sampler, **opts)
    samples = res.samples
    labels = {name: input_label(scenario, name) for name in res.input_names}
    numeric = res.quantiles.copy()
    # pandas-stubs type itertuples rows' attributes as scalars: _asdict is the namedtuple method
    rows = [dict(r._asdict()) for r in res.probabilities.itertuples(index=False)]  # type: ignore[operator,misc]
    for row in rows:
        row["outcome"] = str(row["outcome"])
        row["label"] = outcome_label(scenario, row["output"], row["outcome"])
    # bargaining forecasts read as the scale anchor they land nearest
    for issue in scenario.issues:
        col = f"bargaining.{issue.id}.eu"
        if col in samples and issue.scale.anchors:
            anchors = [(float(a.value), a.label) for a in issue.scale.anchors]
            cat = _nearest_anchor(samples[col].to_numpy(float), anchors)
            values, counts = np.unique(cat.astype(str), return_counts=True)
            for k in np.argsort(-counts, kind="stable"):
                lo, hi = wilson_interval(int(counts[k]), len(cat))
                rows.append({"output": f"{col}.anchor", "outcome": str(values[k]), "label": str(values[k]),
                             "count": int(counts[k]), "p": counts[k] / len(cat), "lo": lo, "hi": hi})
    outcomes = pd.DataFrame(rows, columns=["output", "outcome", "label", "count", "p", "lo", "hi"])
    drivers: dict[str, tuple[Driver, ...]] = {}
    tornados: dict[str, pd.DataFrame] = {}
    base: dict[str, float] = {}
    targets = [f"bargaining.{i.id}.eu" for i in scenario.issues if f"bargaining.{i.id}.eu" in samples]
    for name in res.output_names:
        if name.startswith("game.") and name.endswith(".path"):
            grp = outcomes[outcomes.output == name]
            if len(grp) > 1:
                targets.append(f"{name}={grp.iloc[0].outcome}")
            elif len(grp) == 1:
                notes.append(f"{output_label(scenario, name)}: the same path in every sample "
                             f"(“{grp.iloc[0].label}”): no drivers.")
    if not res.input_names:
        notes.append("No uncertain inputs: every number in the scenario is fixed, so there is no distribution "
                     "and no driver to report.")
        targets = []
    if sensitivity_n <= 0:
        targets = []
    for target in targets:
        say(f"Sensitivity (Sobol, N={sensitivity_n}): {target}")
        # analyse each output on its own part of the model: a bargaining forecast does not need the
        # games solved per sample, nor a game path the bargaining runs
        kind, part = target.split(".")[:2]
        scoped = dict(opts, issues=[part], games=[]) if kind == "bargaining" else dict(opts, issues=[], games=[part])
        try:
            sres = _sensitivity(scenario, target, method="sobol", n=sensitivity_n, rng=rng, **scoped)
        except RealpolitikError as exc:
            notes.append(f"Sensitivity of {target_label(scenario, target)} not available: {exc}")
            continue
        if sres.constant_output:
            notes.append(f"{target_label(scenario, target)} did not change over the {sres.n_evaluations:,} evaluations of the "
                         "sensitivity design, so no driver can be ranked (a rare outcome needs a larger --sobol-n).")
            drivers[target] = ()
            base[target] = float(sres.base)
            continue
        tor = sres.tornado.set_index("input")
        ds = []
        for inp, r in sres.indices.head(top).iterrows():
            t = tor.loc[cast(str, inp)] if inp in tor.index else None  # index: input names
            ds.append(Driver(input=str(inp), label=labels.get(str(inp), str(inp)), s1=_f(r.get("S1")),
                             st=_f(r.get("ST")), st_conf=_f(r.get("ST_conf")),
                             low=_f(t["low"]) if t is not None else None,
                             high=_f(t["high"]) if t is not None else None,
                             output_low=_f(t["output_low"]) if t is not None else None,
                             output_high=_f(t["output_high"]) if t is not None else None,
                             swing=_f(t["swing"]) if t is not None else None))
        drivers[target] = tuple(ds)
        tor2 = sres.tornado.copy()
        tor2["input"] = [labels.get(i, i) for i in tor2["input"]]
        tornados[target] = tor2
        base[target] = float(sres.base)
        notes.extend(f"{target_label(scenario, target)}: {w}" for w in sres.status.warnings)
    prov = make_provenance(ENGINE, {"n": n, "sampler": sampler, "sensitivity_n": sensitivity_n,
                                    "capability": capability, "simulate": res.provenance.to_dict()},
                           seed=res.provenance.seed, scenario_digest=scenario.digest)
    status = Status(converged=True, iterations=n, warnings=tuple(res.status.warnings),
                    message=res.status.message)
    return UncertaintyExplanation(
        n=res.n, seed=res.provenance.seed, sampler=sampler, inputs=tuple(res.input_names),
        output_labels=MappingProxyType({t: target_label(scenario, t)
                                        for t in [*res.output_names, *outcomes.output.unique(), *targets]}),
        input_labels=MappingProxyType(labels), numeric=numeric, outcomes=outcomes,
        drivers=MappingProxyType(drivers), tornado=MappingProxyType(tornados), base=MappingProxyType(base),
        samples=samples, notes=tuple(notes), provenance=prov, status=status)

"""``ask_questions``: every forecast question of a scenario answered from one simulation.

The questions' declared mappings (:mod:`realpolitik.scenario.mapping`) are
read off one Monte Carlo run of the full scenario model (every issue and
game, through :func:`realpolitik.uncertainty.simulate`), with the default
seed and sampler shared by ``brief``, ``explain`` and ``report``, so they all
print the same probability. Questions marked ``forecaster: analyst`` are
listed without a model forecast.

Examples
--------
>>> import realpolitik
>>> from realpolitik.analysis import ask_questions
>>> res = ask_questions(realpolitik.load_any("belarus-2022"), n=64, seed=1)
>>> a = res.answer("q2-russian-troops")
>>> a.type, sorted(a.probabilities), round(sum(a.probabilities.values()), 9)
('binary', ['no', 'yes'], 1.0)
>>> res.answer("q4-nuclear").forecaster
'analyst:unassigned'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import InputError
from .._defaults import DEFAULT_MODELS, DEFAULT_SAMPLER, DEFAULT_SAMPLES, DEFAULT_SEED

__all__ = ["Answer", "AskResult", "ask_questions", "simulate_scenario", "models_needed", "QUANTILE_LEVELS"]

ENGINE = "realpolitik.analysis.ask"
#: Quantiles reported for numeric questions.
QUANTILE_LEVELS = (0.05, 0.5, 0.95)
#: Who forecasts a question marked ``forecaster: analyst`` until a person does.
ANALYST = "analyst:unassigned"


@dataclass(frozen=True)
class Answer:
    """One question's forecast.

    Attributes
    ----------
    id, title, type : str
    options : tuple of str
        Outcome labels in order (``yes``/``no`` for binary, none for numeric).
    probabilities : mapping label -> float
        Empty for numeric and analyst questions.
    interval : mapping label -> (lo, hi)
        95 % Wilson interval of each probability (Monte Carlo error only).
    quantiles : mapping str -> float
        ``"0.05"``, ``"0.5"``, ``"0.95"`` of a numeric question's distribution.
    mapping : str or None
    forecaster : str
        ``model:<models>`` or ``analyst:<name>``.
    outputs : tuple of str
        The model outputs the mapping reads.
    n : int
        Samples the forecast rests on (0 for analyst questions).
    headline : bool
    warnings : tuple of str
    """

    id: str
    title: str
    type: str
    options: tuple[str, ...]
    probabilities: Mapping[str, float]
    interval: Mapping[str, tuple[float, float]]
    quantiles: Mapping[str, float]
    mapping: str | None
    forecaster: str
    outputs: tuple[str, ...] = ()
    n: int = 0
    headline: bool = False
    warnings: tuple[str, ...] = ()
    others: tuple["Answer", ...] = ()

    @property
    def answered(self) -> bool:
        """Whether a model answered (analyst questions wait for a person)."""
        return self.forecaster.startswith("model:")

    def to_dict(self) -> dict[str, Any]:
        """One entry of ``questions`` in ``realpolitik ask --json`` (docs/cli.md)."""
        d: dict[str, Any] = {"id": self.id, "title": self.title, "type": self.type}
        if self.type != "numeric":
            d["options"] = list(self.options)
        d["probabilities"] = dict(self.probabilities)
        d["interval"] = {k: [lo, hi] for k, (lo, hi) in self.interval.items()}
        if self.type == "numeric":
            d["quantiles"] = dict(self.quantiles)
        d.update(mapping=self.mapping, forecaster=self.forecaster, outputs=list(self.outputs), n=self.n,
                 headline=self.headline, answered=self.answered, warnings=list(self.warnings))
        if self.others:
            d["other_mappings"] = [{"mapping": o.mapping, "forecaster": o.forecaster,
                                    "probabilities": dict(o.probabilities),
                                    "interval": {k: [lo, hi] for k, (lo, hi) in o.interval.items()}}
                                   for o in self.others]
        return d


@readable_repr
@dataclass(frozen=True)
class AskResult:
    """Every question's answer from one simulation, with provenance."""

    scenario_id: str
    as_of: str
    answers: tuple[Answer, ...]
    provenance: Provenance = field(repr=False)
    status: Status = field(repr=False)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        h = self.headline
        p = max(h.probabilities.values()) if h is not None and h.probabilities else None
        return [("scenario", self.scenario_id), ("as of", self.as_of), ("answers", len(self.answers)),
                ("headline", h.id if h is not None else None), ("its top probability", p),
                ("status", status_text(self.status))]

    def answer(self, qid: str) -> Answer:
        for a in self.answers:
            if a.id == qid:
                return a
        raise InputError(f"no question {qid!r}", expected="one of " + ", ".join(a.id for a in self.answers))

    @property
    def headline(self) -> Answer | None:
        return next((a for a in self.answers if a.headline), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``realpolitik ask --json`` (contract in docs/cli.md)."""
        return {"scenario": self.scenario_id, "as_of": self.as_of,
                "questions": [a.to_dict() for a in self.answers],
                "provenance": self.provenance.to_dict(), "status": self.status.to_dict()}

    def to_frame(self) -> pd.DataFrame:
        """One row per question and label: ``question, label, p, lo, hi, forecaster``."""
        rows = [{"question": a.id, "label": k, "p": p, "lo": a.interval[k][0], "hi": a.interval[k][1],
                 "forecaster": a.forecaster} for a in self.answers for k, p in a.probabilities.items()]
        return pd.DataFrame(rows, columns=["question", "label", "p", "lo", "hi", "forecaster"])


def simulate_scenario(scenario: Any, *, n: int = DEFAULT_SAMPLES, seed: Any = DEFAULT_SEED,
                      sampler: str = DEFAULT_SAMPLER, capability: str = "leverage", eu_options: Any = None,
                      models: tuple[str, ...] = DEFAULT_MODELS, games: Any = None,
                      progress: Callable[[int, int], None] | None = None,
                      wrap: Callable[[Any], Any] | None = None) -> Any:
    """The one simulation the answers share: the full scenario model at the default set-up.

    ``wrap`` is passed to :func:`~realpolitik.uncertainty.simulate` (the explorer's memo of model parts).
    """
    from ..uncertainty import simulate

    opts: dict[str, Any] = dict(capability=capability, eu_options=eu_options, models=tuple(models))
    if games is not None:
        opts["games"] = list(games)
    return simulate(scenario, n, rng=seed, sampler=sampler, progress=progress, wrap=wrap, **opts)


def models_needed(scenario: Any) -> tuple[str, ...]:
    """The default bargaining models plus any a question's mappings read."""
    from ..scenario.mapping import parse_mapping

    need = list(DEFAULT_MODELS)
    for q in scenario.questions:
        texts = ([q.mapping] if q.mapping else []) + list(q.other_mappings)
        for out in (o for t in texts for o in parse_mapping(t).outputs()):
            parts = out.split(".")
            if parts[0] == "bargaining" and len(parts) == 3 and parts[2] not in need:
                need.append(parts[2])
    return tuple(need)


def _forecaster(outputs: tuple[str, ...]) -> str:
    names = []
    for out in outputs:
        parts = out.split(".")
        name = parts[2] if parts[0] == "bargaining" and len(parts) >= 3 else ".".join(parts[:2])
        if name not in names:
            names.append(name)
    return "model:" + "+".join(names)


def ask_questions(scenario: Any, *, n: int = DEFAULT_SAMPLES, seed: Any = DEFAULT_SEED,
                  sampler: str = DEFAULT_SAMPLER, capability: str = "leverage", eu_options: Any = None,
                  simulation: Any = None, progress: Callable[[int, int], None] | None = None) -> AskResult:
    """Answer every question of ``scenario`` from one Monte Carlo run.

    Parameters
    ----------
    scenario : Scenario
    n : int
        Monte Carlo samples (default shared with ``brief``/``explain``/``report``).
    seed : seed-like
        Seed of the sampling design (default 0).
    sampler : {"lhs", "mc", "sobol"}
    capability : {"leverage", "raw"}
    eu_options : EUOptions, optional
    simulation : UncertaintyResult or DataFrame, optional
        A run to read instead of simulating (its outputs must include every
        output the mappings read); ``brief`` passes its own.
    progress : callable(done, total), optional

    Returns
    -------
    AskResult
        Pure data: nothing is printed.
    """
    mapped = [q for q in scenario.questions if q.mapping is not None]
    sim_prov: dict[str, Any] = {}
    seed_used: int | None = seed if isinstance(seed, int) else None
    warnings: list[str] = []
    frame: pd.DataFrame | None = None
    if simulation is not None:
        frame = simulation if isinstance(simulation, pd.DataFrame) else simulation.samples
        if not isinstance(simulation, pd.DataFrame):
            sim_prov = simulation.provenance.to_dict()
            seed_used = simulation.provenance.seed
            warnings.extend(simulation.status.warnings)
    elif mapped:
        res = simulate_scenario(scenario, n=n, seed=seed, sampler=sampler, capability=capability,
                                eu_options=eu_options, models=models_needed(scenario), progress=progress)
        frame, sim_prov, seed_used = res.samples, res.provenance.to_dict(), res.provenance.seed
        warnings.extend(res.status.warnings)
    answers = []
    for q in scenario.questions:
        if q.mapping is None:
            answers.append(Answer(id=q.id, title=q.title, type=q.type, options=q.labels,
                                  probabilities=MappingProxyType({}), interval=MappingProxyType({}),
                                  quantiles=MappingProxyType({}), mapping=None, forecaster=ANALYST,
                                  headline=q.headline))
            continue
        if frame is None:  # pragma: no cover - a mapped question always has a run
            raise InputError("no simulation to answer the mapped questions from")
        answers.append(_answer(q, frame))
        warnings.extend(f"{q.id}: {w}" for w in answers[-1].warnings)
    prov = make_provenance(ENGINE, {"n": int(len(frame)) if frame is not None else 0, "sampler": sampler,
                                    "capability": capability, "simulation": sim_prov},
                           seed=seed_used, scenario_digest=scenario.digest)
    status = Status(converged=True, iterations=len(answers), warnings=tuple(warnings),
                    message="ok" if not warnings else "ok with warnings")
    return AskResult(scenario_id=scenario.id, as_of=scenario.metadata.as_of.isoformat(), answers=tuple(answers),
                     provenance=prov, status=status)


def _answer(q: Any, frame: pd.DataFrame, text: str | None = None) -> Answer:
    from ..scenario.mapping import parse_mapping
    from ..uncertainty import wilson_interval

    m = parse_mapping(text) if text is not None else q.parsed_mapping()
    outs = m.outputs()
    missing = [o for o in outs if o not in frame.columns]
    if missing:
        raise InputError(f"question {q.id}: the simulation has no output {missing[0]!r}",
                         expected="a run of the full scenario model (every issue and game)")
    cols = {o: frame[o].to_numpy() for o in outs}
    warnings: list[str] = []
    probs: dict[str, float] = {}
    interval: dict[str, tuple[float, float]] = {}
    quant: dict[str, float] = {}
    if m.kind == "distribution":
        x = np.asarray(cols[outs[0]], dtype=float)
        finite = x[np.isfinite(x)]
        if len(finite) < len(x):
            warnings.append(f"{len(x) - len(finite)} of {len(x)} samples of {outs[0]} are not finite")
        if len(finite):
            quant = {str(lv): float(np.quantile(finite, lv)) for lv in QUANTILE_LEVELS}
            if float(finite.min()) == float(finite.max()):
                warnings.append(f"{outs[0]} is the same in every sample: the forecast is its inputs' point values")
        n = len(finite)
    else:
        valid = np.ones(len(frame), dtype=bool)
        for o in outs:
            col = cols[o]
            if col.dtype.kind == "f":
                valid &= np.isfinite(col)
        if not valid.all():
            warnings.append(f"{int((~valid).sum())} samples with a non-finite output left out")
        sub = {o: c[valid] for o, c in cols.items()}
        n = int(valid.sum())
        if m.kind == "P":
            hit = m.condition.evaluate(sub)
            counts = [int(hit.sum()), n - int(hit.sum())]
        else:
            idx = m.option_index(sub)
            counts = [int(np.count_nonzero(idx == k)) for k in range(len(q.labels))]
        for label, c in zip(q.labels, counts):
            probs[label] = c / n if n else float("nan")
            interval[label] = wilson_interval(c, n) if n else (float("nan"), float("nan"))
        if n and max(counts) == n:
            warnings.append("every sample gives the same outcome: the interval reflects Monte Carlo error only, "
                            "not how sure the assumptions are")
    others = () if text is not None else tuple(_answer(q, frame, t) for t in q.other_mappings)
    return Answer(id=q.id, title=q.title, type=q.type, options=q.labels, probabilities=MappingProxyType(probs),
                  interval=MappingProxyType(interval), quantiles=MappingProxyType(quant), mapping=m.text,
                  forecaster=_forecaster(outs), outputs=outs, n=n, headline=q.headline,
                  warnings=tuple(warnings), others=others)

"""A scenario into the registry: its questions, the model forecasts ``ask`` gives, its resolutions.

Model forecasts of a scenario are backtests when recorded after the questions closed: they
stand from the scenario's ``as_of`` (``valid_from`` = ``evidence_cutoff`` = ``as_of``), which
the scenario's validation ties to evidence published on or before that date. The registry
labels them ``backtest`` in every score so they are never mistaken for live forecasts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from typing import Any

import numpy as np

from .._version import __version__
from ._errors import RegistryError
from .service import Ops, Registry
from .specs import QuestionSpec

__all__ = ["RecordResult", "question_spec", "registry_id", "record_scenario", "resolve_scenario", "samples_cdf"]


def registry_id(scenario: Any, qid: str) -> str:
    """The registry id of a scenario question: ``<scenario>/<question>``."""
    return f"{scenario.id}/{qid}"


def question_spec(scenario: Any, q: Any) -> QuestionSpec:
    """The registry's copy of a scenario question."""
    rng = q.range
    return QuestionSpec(
        id=registry_id(scenario, q.id), title=q.title, type=q.type,
        options=tuple(q.labels) if q.type != "numeric" else (), ordered=bool(q.ordered),
        range_min=None if rng is None else float(rng.min), range_max=None if rng is None else float(rng.max),
        open_lower=bool(rng.open_lower) if rng is not None else False,
        open_upper=bool(rng.open_upper) if rng is not None else False,
        criteria=q.resolution_criteria, fine_print=q.fine_print, open_at=q.opens, close_at=q.closes,
        resolve_by=q.resolve_by, scenario_id=scenario.id,
        mapping=q.mapping if q.mapping is not None else "analyst (forecast by hand)")


def samples_cdf(samples: Any, spec: QuestionSpec) -> list[float]:
    """A 201-point CDF on the question's grid from Monte Carlo samples.

    The empirical CDF is mixed with 1 % of the uniform CDF (as Metaculus keeps every step
    >= 0.01/200), so no bucket has probability 0; closed bounds pin the ends to 0 and 1.
    """
    from ..scoring.continuous import grid

    assert spec.range_min is not None and spec.range_max is not None
    x = np.asarray(samples, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        raise RegistryError(f"question {spec.id!r}: no finite sample to build a CDF from")
    g = grid(spec.range_min, spec.range_max, spec.zero_point)
    emp = np.searchsorted(np.sort(x), g, side="right") / x.size
    lo = emp[0] if spec.open_lower else 0.0
    hi = emp[-1] if spec.open_upper else 1.0
    inner = np.clip(emp, lo, hi)
    inner[0], inner[-1] = lo, hi
    cdf = 0.99 * inner + 0.01 * (lo + (hi - lo) * np.linspace(0.0, 1.0, g.size))
    return [float(v) for v in np.maximum.accumulate(cdf)]


@dataclass(frozen=True)
class RecordResult:
    scenario: str
    as_of: str
    questions: list[dict[str, Any]] = field(default_factory=list)
    forecasts: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "as_of": self.as_of, "questions": self.questions,
                "forecasts": self.forecasts, "skipped": self.skipped, "provenance": self.provenance,
                "warnings": self.warnings}


def _same_forecast(ops: Ops, qid: str, forecaster: str, valid: datetime, payload: list[float], digest: str,
                   seed: Any) -> bool:
    for f in ops.forecasts(qid):
        stored = list(f.probabilities or f.cdf or ())
        if (f.forecaster == forecaster and f.valid_from == valid and f.scenario_digest == digest
                and f.seed == (None if seed is None else str(seed)) and np.allclose(stored, payload, atol=0, rtol=0)):
            return True
    return False


def record_scenario(reg: Registry, scenario: Any, *, n: int | None = None, seed: Any = None,
                    progress: Any = None) -> RecordResult:
    """Store every question of ``scenario`` and the model forecasts ``ask`` gives (one transaction).

    Recording the same scenario, seed and code again adds nothing (identical forecasts are
    recognised); a changed scenario adds new forecasts beside the old ones.
    """
    from ..analysis import ask as ask_mod

    if not scenario.questions:
        raise RegistryError(f"scenario {scenario.id!r} has no questions to record")
    kw: dict[str, Any] = {}
    if n is not None:
        kw["n"] = n
    if seed is not None:
        kw["seed"] = seed
    mapped = [q for q in scenario.questions if q.mapping is not None]
    sim = None
    if mapped:
        sim = ask_mod.simulate_scenario(scenario, models=ask_mod.models_needed(scenario), progress=progress, **kw)
    result = ask_mod.ask_questions(scenario, simulation=sim, **kw) if sim is not None else \
        ask_mod.ask_questions(scenario, **kw)
    prov = result.provenance.to_dict()
    as_of = datetime.combine(scenario.metadata.as_of, time(0), tzinfo=timezone.utc)
    out = RecordResult(scenario.id, scenario.metadata.as_of.isoformat(), provenance=prov,
                       warnings=list(result.status.warnings))
    by_id = {q.id: q for q in scenario.questions}
    with reg.batch() as ops:
        specs: dict[str, QuestionSpec] = {}
        for q in scenario.questions:
            spec, status = ops.add_question(question_spec(scenario, q))
            specs[q.id] = spec
            out.questions.append({"id": spec.id, "revision": spec.revision, "status": status})
        for a in result.answers:
            spec = specs[a.id]
            if not a.answered:
                out.skipped.append({"id": spec.id, "reason": "analyst question: forecast it by hand "
                                    "(realpolitik registry forecast) before it closes"})
                continue
            payload: dict[str, Any] = {}
            if spec.type == "numeric":
                assert sim is not None
                column = a.outputs[0]
                cdf = samples_cdf(sim.samples[column].to_numpy(), spec)
                payload["cdf"] = cdf
                values = cdf
            else:
                probs = [float(a.probabilities[label]) for label in spec.options]
                if not np.all(np.isfinite(probs)):
                    out.skipped.append({"id": spec.id, "reason": "no finite probability (see warnings)"})
                    continue
                values = probs
            seed_used = prov.get("seed")
            if _same_forecast(ops, spec.id, a.forecaster, as_of, values, scenario.digest, seed_used):
                out.forecasts.append({"question": spec.id, "forecaster": a.forecaster, "status": "unchanged"})
                continue
            f = ops.add_forecast(
                spec.id, None if spec.type == "numeric" else values, forecaster=a.forecaster, valid_from=as_of,
                evidence_cutoff=as_of, scenario_id=scenario.id, scenario_digest=scenario.digest,
                mapping=a.mapping, engine_options=prov.get("parameters"), seed=seed_used,
                code_version=__version__, interval={k: list(v) for k, v in a.interval.items()} or
                ({"quantiles": dict(a.quantiles)} if a.quantiles else None),
                rationale=f"ask {scenario.id}: {a.mapping} over {a.n} samples", origin="record", **payload)
            out.forecasts.append({"question": spec.id, "forecaster": a.forecaster, "status": "new", "id": f.id,
                                  "kind": f.kind, "probabilities": dict(a.probabilities) or None,
                                  "quantiles": dict(a.quantiles) or None})
        del by_id
    return out


def _source_text(scenario: Any, ids: Any) -> str:
    parts = []
    for sid in ids:
        try:
            s = scenario.source(sid)
        except Exception:  # an id the validator accepted is always there; be safe in messages
            parts.append(str(sid))
            continue
        bits = [s.title, s.publisher, s.published.isoformat() if s.published else "", s.url]
        parts.append(" | ".join(b for b in bits if b))
    return "; ".join(parts)


def resolve_scenario(reg: Registry, scenario: Any) -> list[dict[str, Any]]:
    """Apply the scenario's own resolutions (``ground_truth``); an identical latest one is not repeated."""
    if not scenario.ground_truth:
        raise RegistryError(f"scenario {scenario.id!r} has no ground_truth resolutions")
    done = []
    with reg.batch() as ops:
        latest = {r.question: r for r in ops.resolutions(latest_only=True)}
        for g in scenario.ground_truth:
            qid = registry_id(scenario, g.question)
            spec = ops.question(qid)  # unknown: record the scenario first
            status = "resolved" if g.kind in ("option", "value") else g.kind
            outcome = g.option if g.option is not None else g.value
            prev = latest.get(spec.id)
            when = datetime.combine(g.date, time(0), tzinfo=timezone.utc)
            if prev is not None and prev.status == status and prev.resolved_at == when and (
                    status != "resolved" or str(prev.outcome) == str(
                        spec.options[spec.option_index(outcome)] if spec.type != "numeric" else float(outcome))):
                done.append({"question": spec.id, "status": "unchanged", "outcome": prev.outcome})
                continue
            r = ops.resolve(spec.id, outcome, status=status, resolved_at=when,
                            source=_source_text(scenario, g.sources), evidence=g.description or None,
                            resolver=f"scenario:{scenario.id}")
            done.append({"question": spec.id, "status": "new", "outcome": r.outcome,
                         "resolved_at": r.resolved_at.isoformat()})
    return done

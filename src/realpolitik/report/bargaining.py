"""Why the bargaining forecast is what it is: moves per round, distances, influence, the pivot.

The explanation is data first (:class:`BargainingExplanation`, frozen, with
``to_dict``) and text second (:meth:`BargainingExplanation.text`). It is
built from the bargaining engine's public API (:func:`realpolitik.bargaining.forecast_issue`
and :class:`~realpolitik.bargaining.ForecastResult`) on one scenario issue.

Leave-one-out influence of actor *i* is ``forecast(all) − forecast(all but i)``
for the expected-utility model (and the compromise model beside it): how far
*i*'s presence pulls the forecast, in the issue's own units. The *pivotal
actor* is the one whose removal moves the EU forecast most; ties go to the
actor whose opening position is nearest the forecast, then to the heavier
(capability × salience) actor.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report import explain_bargaining
>>> ex = explain_bargaining(realpolitik.load_any("belarus-2022"))
>>> ex.pivotal_actor
'russia'
>>> round(ex.forecasts["eu"])
35
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, cast

import numpy as np
import pandas as pd

from .._defaults import MODEL_LABELS, model_name  # MODEL_LABELS re-exported: the one mapping of model names
from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import InputError, RealpolitikError
from ._format import num, signed

if TYPE_CHECKING:
    from ..bargaining.eu import ForecastResult

__all__ = ["Challenge", "RoundSummary", "ActorInfluence", "BargainingExplanation", "explain_bargaining",
           "MODEL_LABELS"]

ENGINE = "realpolitik.report.bargaining"

_MODELS = ("eu", "compromise", "median", "nbs", "mean", "status_quo")

_KIND_TEXT = {
    "conflict": "lost a confrontation with {c} and moved to its position",
    "compromise": "compromised toward {c}",
    "capitulation": "capitulated to {c}",
}


@dataclass(frozen=True)
class Challenge:
    """One move of one round: ``actor`` gave in to ``challenger``'s challenge."""

    round: int
    actor: str
    actor_name: str
    challenger: str
    challenger_name: str
    kind: str
    start: float
    end: float
    distance: float
    challenger_eu: float
    mover_eu: float

    def text(self) -> str:
        what = _KIND_TEXT.get(self.kind, self.kind + " with {c}").format(c=self.challenger_name)
        return f"{self.actor_name} {what}: {num(self.start)} → {num(self.end)}"

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "challenger": self.challenger, "kind": self.kind, "from": self.start,
                "to": self.end, "distance": self.distance, "challenger_eu": self.challenger_eu,
                "mover_eu": self.mover_eu}


@dataclass(frozen=True)
class RoundSummary:
    """One round of the EU model: its weighted median and mean after the moves."""

    round: int
    median: float
    mean: float
    moves: tuple[Challenge, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"round": self.round, "median": self.median, "mean": self.mean,
                "moves": [m.to_dict() for m in self.moves]}


@dataclass(frozen=True)
class ActorInfluence:
    """An actor's path and weight in the bargaining."""

    actor: str
    name: str
    start: float
    end: float
    distance_travelled: float
    weight: float
    forecast_without: float | None
    influence: float | None
    compromise_without: float | None
    compromise_influence: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "start": self.start, "end": self.end,
                "distance_travelled": self.distance_travelled, "weight": self.weight,
                "forecast_without": self.forecast_without, "influence": self.influence,
                "compromise_without": self.compromise_without,
                "compromise_influence": self.compromise_influence}


@readable_repr
@dataclass(frozen=True)
class BargainingExplanation:
    """The bargaining models on one issue, explained.

    Attributes
    ----------
    issue_id, question : str
    scale : (min, max)
    unit : str
    anchors : tuple of (value, label)
    capability_basis : {"leverage", "raw"}
        The capabilities used for the explanation (``forecasts``).
    forecasts : mapping model -> float
        Every model's forecast with ``capability_basis``.
    forecasts_raw : mapping model -> float
        The same with raw capability (empty when it equals ``forecasts``
        because the issue gives no leverage).
    rounds : tuple of RoundSummary
        Rounds 1.. of the EU model (round 0 is the input).
    actors : tuple of ActorInfluence, input order
    pivotal_actor : str
    pivotal_reason : str
    median_actors : tuple of str
        Actors at the opening (round 0) weighted median: the median voter.
    eu : ForecastResult
        The EU model's full result (per-round positions, first-round
        expected utilities), for plots.
    """

    issue_id: str
    question: str
    scale: tuple[float, float]
    unit: str
    anchors: tuple[tuple[float, str], ...]
    capability_basis: str
    actor_names: Mapping[str, str]
    forecasts: Mapping[str, float]
    forecasts_raw: Mapping[str, float]
    rounds: tuple[RoundSummary, ...]
    actors: tuple[ActorInfluence, ...]
    pivotal_actor: str
    pivotal_reason: str
    median_actors: tuple[str, ...]
    eu: Any = field(repr=False)
    provenance: Provenance = field(repr=False)
    status: Status = field(repr=False)

    # -- frames ------------------------------------------------------------

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        return [("issue", self.issue_id), ("eu", self.forecasts.get("eu")),
                ("compromise", self.forecasts.get("compromise")), ("pivotal actor", self.pivotal_actor),
                ("rounds", len(self.rounds)), ("status", status_text(self.status))]

    def moves_frame(self) -> pd.DataFrame:
        """Every move as a row: round, actor, challenger, kind, from, to, distance, EUs."""
        rows = [{"round": r.round, **m.to_dict()} for r in self.rounds for m in r.moves]
        cols = ["round", "actor", "challenger", "kind", "from", "to", "distance", "challenger_eu", "mover_eu"]
        return pd.DataFrame(rows, columns=cols)

    def influence_frame(self) -> pd.DataFrame:
        """One row per actor (index: actor id), largest |influence| first."""
        df = pd.DataFrame([a.to_dict() for a in self.actors]).set_index("actor")
        key = df["influence"].abs().fillna(-1.0)
        return df.loc[key.sort_values(ascending=False, kind="stable").index]

    def positions(self) -> pd.DataFrame:
        """Per-round positions of the EU model (rows: rounds, columns: actor ids)."""
        return self.eu.positions

    def name(self, actor: str) -> str:
        return self.actor_names.get(actor, actor)

    # -- text --------------------------------------------------------------
    def text(self) -> list[str]:
        """The explanation as sentences (one per list item)."""
        lo, hi = self.scale
        unit = f" ({self.unit})" if self.unit else ""
        out = [f"Issue {self.issue_id}: {self.question} Scale {num(lo)}–{num(hi)}{unit}; "
               f"capabilities: {self.capability_basis}."]
        fc = "; ".join(f"{model_name(k)} {num(v)}" for k, v in self.forecasts.items())
        out.append(f"Forecasts: {fc}.")
        if self.forecasts_raw:
            out.append("With raw capability instead: "
                       + "; ".join(f"{model_name(k)} {num(v)}" for k, v in self.forecasts_raw.items()) + ".")
        # A cycle (or any engine warning) qualifies the numbers above: say it next to them.
        out.extend(f"Warning: {w[0].upper() + w[1:]}." for w in self.status.warnings
                   if not w.startswith("leave-one-out"))
        for r in self.rounds:
            if r.moves:
                moves = "; ".join(m.text() for m in r.moves)
                out.append(f"Round {r.round} (median {num(r.median)}, mean {num(r.mean)}): {moves}.")
            else:
                out.append(f"Round {r.round}: no actor moved (median {num(r.median)}).")
        travelled = sorted(self.actors, key=lambda a: -a.distance_travelled)
        out.append("Distance travelled: " + ", ".join(
            f"{a.name} {num(a.distance_travelled)}" for a in travelled) + ".")
        infl = [a for a in self.actors if a.influence is not None]
        infl.sort(key=lambda a: -abs(a.influence or 0.0))
        if infl:
            out.append("Leave-one-out influence on the EU forecast (forecast with − without the actor): "
                       + ", ".join(f"{a.name} {signed(cast(float, a.influence))}" for a in infl[:5]) + ".")
        out.append(self.pivotal_reason)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``bargaining[]`` object of ``realpolitik explain --json`` (docs/report.md)."""
        return {
            "issue": self.issue_id, "question": self.question, "scale": list(self.scale), "unit": self.unit,
            "capability_basis": self.capability_basis, "forecasts": dict(self.forecasts),
            "forecasts_raw": dict(self.forecasts_raw),
            "rounds": [r.to_dict() for r in self.rounds],
            "actors": [a.to_dict() for a in self.actors],
            "pivotal_actor": self.pivotal_actor, "pivotal_reason": self.pivotal_reason,
            "median_actors": list(self.median_actors),
            "status": self.status.to_dict(), "text": self.text(),
        }


def _drop(data: Any, k: int) -> Any:
    from dataclasses import replace

    keep = np.arange(len(data.actor_ids)) != k
    return replace(data, actor_ids=tuple(a for j, a in enumerate(data.actor_ids) if keep[j]),
                   actor_names=tuple(a for j, a in enumerate(data.actor_names) if keep[j]),
                   positions=data.positions[keep], saliences=data.saliences[keep],
                   capabilities=data.capabilities[keep])


def _median_actors(x: np.ndarray, w: np.ndarray, median: float, ids: tuple[str, ...], span: float) -> tuple[str, ...]:
    tol = 1e-9 * span
    return tuple(ids[i] for i in range(len(ids)) if abs(x[i] - median) <= tol and w[i] > 0)


def explain_bargaining(scenario: Any, issue_id: str | None = None, *, capability: str = "leverage",
                       options: Any = None, leave_one_out: bool = True) -> BargainingExplanation:
    """Explain the bargaining forecasts of one issue of ``scenario``.

    Parameters
    ----------
    scenario : Scenario
    issue_id : str, optional
        The issue (the only one when omitted).
    capability : {"leverage", "raw"}
        Which capabilities the explanation uses (see ``Scenario.issue_data``).
    options : EUOptions, optional
        Rules of the EU model (defaults: the paper's reading).
    leave_one_out : bool
        Compute each actor's leave-one-out influence (one EU run per actor).

    Returns
    -------
    BargainingExplanation
    """
    from ..bargaining import forecast_issue

    issue = scenario.issue(issue_id)
    data = scenario.issue_data(issue.id, capability=capability)
    res = forecast_issue(data, models=_MODELS, options=options, scenario_digest=scenario.digest)
    forecasts = res.forecasts()
    raw: dict[str, float] = {}
    raw_warnings: list[str] = []
    if capability == "leverage" and any(p.leverage is not None for p in issue.positions):
        raw_data = scenario.issue_data(issue.id, capability="raw")
        raw_res = forecast_issue(raw_data, models=_MODELS, options=options)
        raw = raw_res.forecasts()
        raw_warnings = [f"raw capability: {w}" for w in cast("ForecastResult", raw_res.eu).status.warnings]
    eu = cast("ForecastResult", res.eu)  # "eu" is in _MODELS
    ids = tuple(data.actor_ids)
    names = dict(zip(ids, data.actor_names))
    w = np.asarray(data.capabilities) * np.asarray(data.saliences)
    pos = eu.positions
    rounds = []
    by_round: dict[int, list[Challenge]] = {}
    for m in eu.moves:
        by_round.setdefault(int(m.round), []).append(Challenge(
            round=int(m.round), actor=m.actor, actor_name=names.get(m.actor, m.actor), challenger=m.challenger,
            challenger_name=names.get(m.challenger, m.challenger), kind=m.kind, start=float(m.start),
            end=float(m.end), distance=float(m.distance), challenger_eu=float(m.challenger_eu),
            mover_eu=float(m.mover_eu)))
    for t in pos.index[1:]:
        rounds.append(RoundSummary(round=int(t), median=float(eu.median.loc[t]), mean=float(eu.mean.loc[t]),
                                   moves=tuple(by_round.get(int(t), ()))))
    steps = pos.diff().abs().iloc[1:].sum(axis=0) if len(pos) > 1 else pd.Series(0.0, index=pos.columns)
    warnings: list[str] = list(eu.status.warnings) + raw_warnings
    actors = []
    for k, a in enumerate(ids):
        fw = inf = cw = ci = None
        if leave_one_out and len(ids) > 1:
            try:
                sub = forecast_issue(_drop(data, k), models=("eu", "compromise"), options=options).forecasts()
                fw, cw = float(sub["eu"]), float(sub["compromise"])
                inf, ci = forecasts["eu"] - fw, forecasts["compromise"] - cw
            except RealpolitikError as exc:  # e.g. no weight left without this actor
                warnings.append(f"leave-one-out without {a}: {exc}")
        actors.append(ActorInfluence(actor=a, name=names[a], start=float(pos[a].iloc[0]),
                                     end=float(pos[a].iloc[-1]), distance_travelled=float(steps[a]),
                                     weight=float(w[k]), forecast_without=fw, influence=inf,
                                     compromise_without=cw, compromise_influence=ci))
    span = float(data.scale_max - data.scale_min)
    median_actors = _median_actors(np.asarray(data.positions, float), w, float(eu.median.iloc[0]), ids, span)
    pivotal, reason = _pivot(actors, forecasts["eu"], names, leave_one_out)
    prov = make_provenance(ENGINE, {"issue": issue.id, "capability": capability,
                                    "eu_options": eu.options.to_dict(), "leave_one_out": leave_one_out},
                           scenario_digest=scenario.digest)
    status = Status(converged=eu.status.converged, iterations=eu.status.iterations, warnings=tuple(warnings),
                    message=eu.status.message)
    anchors = tuple((float(a.value), a.label) for a in issue.scale.anchors)
    return BargainingExplanation(
        issue_id=issue.id, question=issue.question, scale=(float(data.scale_min), float(data.scale_max)),
        unit=issue.scale.unit, anchors=anchors, capability_basis=capability,
        actor_names=MappingProxyType(names), forecasts=MappingProxyType(dict(forecasts)),
        forecasts_raw=MappingProxyType(raw), rounds=tuple(rounds), actors=tuple(actors), pivotal_actor=pivotal,
        pivotal_reason=reason, median_actors=median_actors, eu=eu, provenance=prov, status=status)


def _pivot(actors: list[ActorInfluence], forecast: float, names: Mapping[str, str],
           loo: bool) -> tuple[str, str]:
    if not actors:
        raise InputError("an issue without actors has no pivot")

    def key(a: ActorInfluence) -> tuple[float, float, float]:
        return (-abs(a.influence or 0.0), abs(a.start - forecast), -a.weight)

    best = min(actors, key=key)
    if loo and best.influence is not None and abs(best.influence) > 0:
        return best.actor, (f"Pivotal actor: {best.name}. Without it the expected-utility forecast moves "
                            f"from {num(forecast)} to {num(best.forecast_without)}, more than without any "
                            f"other actor.")
    return best.actor, (f"Pivotal actor: {best.name}, whose opening position {num(best.start)} is nearest "
                        f"the forecast {num(forecast)} (no single removal moves the forecast).")

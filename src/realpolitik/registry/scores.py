"""Scoring the registry: per-question scores, the leaderboard, paired differences, calibration.

Each resolved question is scored for every forecaster with the scores of
:mod:`realpolitik.scoring`, plus two reference forecasters the registry computes itself:

``baseline:uniform``
    equal probability on every option (50 % on a binary question; the uniform CDF on a
    numeric range), standing from the open.
``baseline:base-rate``
    for each question, the frequency of each option among the *other* resolved questions
    with the same options (leave-one-out, Laplace-smoothed: ``(n_k + 1)/(n + K)``),
    standing from the open. It is a yardstick built from the registry's resolutions, not a
    forecast anyone could have made at the time; a model that cannot beat it has shown no skill.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Literal, Sequence

import numpy as np

from ..scoring import (
    baseline_score, brier, crps_cdf, daily_brier, log_score, numeric_baseline_score, ordered_brier, peer_scores,
    time_average,
)
from ..scoring.continuous import grid, numeric_log_score
from ..scoring.timeavg import NoForecastPolicy
from ._errors import RegistryError
from .specs import ForecastRecord, QuestionSpec, ResolutionRecord

__all__ = ["SCORER_VERSION", "UNIFORM", "BASE_RATE", "QuestionScore", "ForecasterSummary", "PairedDifference",
           "ScoreReport", "score_registry", "load_scores", "rule_set"]

SCORER_VERSION = "1"
UNIFORM = "baseline:uniform"
BASE_RATE = "baseline:base-rate"
#: The uniform forecaster ``registry record`` stores; where it is recorded, ``baseline:uniform``
#: (the same probabilities, computed) is not scored again.
RECORDED_UNIFORM = "model:uniform"
GroupBy = Literal["forecaster", "model", "scenario"]
LOG_FLOOR = 1e-3
"""Probabilities are floored at 0.001 (then renormalised) for the log, baseline and peer scores,
Metaculus's bound on binary forecasts: a Monte Carlo "0 of n" scores ln 0.001 = -6.91, not -inf.
The Brier scores use the probabilities as recorded."""


def _floored(p: np.ndarray) -> np.ndarray:
    q = np.clip(np.asarray(p, dtype=float), LOG_FLOOR, 1.0)
    return q / q.sum(axis=-1, keepdims=True)


def rule_set(policy: str) -> dict[str, Any]:
    """What each score in the output means (part of the ``registry score --json`` contract)."""
    return {
        "brier": "multi-category Brier score (0 best, 2 worst) of the last forecast standing at the close",
        "log": "natural log of the probability the last forecast standing gave to the outcome (0 best)",
        "probability_floor": LOG_FLOOR,
        "baseline": "Metaculus baseline score in points, time-averaged from the open to the scheduled close "
                    "(time without a forecast counts 0; 100*log2(2p) binary, base n multiple choice)",
        "brier_daily": "Good Judgment daily Brier: mean over full UTC days of the forecast standing each day",
        "ordered_brier": "ordered-categorical Brier (ordered multiple choice only)",
        "peer": "Metaculus peer score, time-averaged (0 when alone)",
        "crps": "CRPS of the last CDF standing (numeric questions; units of the question)",
        "no_forecast_policy": policy,
        "closing_forecast": "the forecast with the latest valid_from (then made_at) on or before the close",
        "baselines": {UNIFORM: "equal probability on every option, from the open",
                      BASE_RATE: "leave-one-out Laplace-smoothed frequency of each option among the other resolved "
                                 "questions with the same options, from the open (a hindsight yardstick)"},
        "scorer_version": SCORER_VERSION,
    }


@dataclass(frozen=True)
class QuestionScore:
    """One forecaster's scores on one resolved question."""

    id: str
    forecaster: str
    probabilities: dict[str, float] | None
    outcome: Any
    brier: float | None
    log: float | None
    baseline: float | None
    brier_daily: float | None = None
    ordered_brier: float | None = None
    peer: float | None = None
    crps: float | None = None
    coverage: float | None = None
    kind: str = "live"
    valid_from: str | None = None
    forecasts: int = 1
    scenario: str | None = None
    code_version: str | None = None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ForecasterSummary:
    forecaster: str
    questions: int
    brier: float | None
    log: float | None
    baseline: float | None
    brier_daily: float | None = None
    peer: float | None = None
    crps: float | None = None
    scenario: str | None = None
    code_version: str | None = None
    kinds: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["kinds"] = list(self.kinds)
        return d


@dataclass(frozen=True)
class PairedDifference:
    """Mean of ``A - B`` over the questions both scored (Brier: negative favours A; log: positive)."""

    forecaster: str
    versus: str
    questions: int
    brier_difference: float | None
    brier_difference_se: float | None
    log_difference: float | None
    wins: int
    losses: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ScoreReport:
    """Everything ``registry score`` prints."""

    rule_set: dict[str, Any]
    forecasters: list[ForecasterSummary]
    questions: list[QuestionScore]
    paired: list[PairedDifference] = field(default_factory=list)
    unscored: list[dict[str, Any]] = field(default_factory=list)
    by: str = "forecaster"

    def to_dict(self) -> dict[str, Any]:
        return {"rule_set": self.rule_set, "by": self.by,
                "forecasters": [f.to_dict() for f in self.forecasters],
                "questions": [q.to_dict() for q in self.questions],
                "paired": [p.to_dict() for p in self.paired], "unscored": self.unscored}

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([q.to_dict() for q in self.questions])


def _f(x: Any) -> float | None:
    if x is None:
        return None
    v = float(x)
    return v if math.isfinite(v) else (v if v == -math.inf else None)


def _mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return float(np.mean(vals)) if vals else None


def _uniform_cdf(q: QuestionSpec) -> np.ndarray:
    lo_mass = 0.05 if q.open_lower else 0.0
    hi_mass = 0.05 if q.open_upper else 0.0
    return lo_mass + (1 - lo_mass - hi_mass) * np.linspace(0.0, 1.0, 201)


def _end(q: QuestionSpec, r: ResolutionRecord) -> Any:
    return min(q.close_at, r.resolved_at) if r.resolved_at > q.open_at else q.close_at


def _score_one(q: QuestionSpec, r: ResolutionRecord, name: str, fs: Sequence[ForecastRecord] | None,
               *, policy: NoForecastPolicy, fixed: Sequence[float] | None = None) -> QuestionScore:
    """Scores of one forecaster (``fs`` sorted by valid_from) or of a fixed baseline standing from the open."""
    end = _end(q, r)
    if fixed is not None:
        times: list[Any] = [q.open_at]
        kind, valid, count, scen, code = "baseline", q.open_at.isoformat(), 1, q.scenario_id, None
    else:
        assert fs
        times = [f.valid_from for f in fs]
        last = fs[-1]
        kind, valid, count = last.kind, last.valid_from.isoformat(), len(fs)
        scen, code = last.scenario_id or q.scenario_id, last.code_version
    if q.type == "numeric":
        assert r.outcome_value is not None and q.range_min is not None and q.range_max is not None
        curves = [np.asarray(fixed, dtype=float)] if fixed is not None else [np.asarray(f.cdf, dtype=float) for f in fs or ()]
        y = r.outcome_value
        kw = dict(open_lower=q.open_lower, open_upper=q.open_upper, zero_point=q.zero_point)
        base = [numeric_baseline_score(c, y, q.range_min, q.range_max, **kw) for c in curves]  # type: ignore[arg-type]
        tavg, cov = time_average(times, base, q.open_at, q.close_at, end=end)
        x = grid(q.range_min, q.range_max, q.zero_point)
        return QuestionScore(
            id=q.id, forecaster=name, probabilities=None, outcome=y, brier=None,
            log=_f(numeric_log_score(curves[-1], y, q.range_min, q.range_max, zero_point=q.zero_point)),
            baseline=_f(tavg), crps=_f(crps_cdf(x, curves[-1], y)), coverage=cov, kind=kind, valid_from=valid,
            forecasts=count, scenario=scen, code_version=code, title=q.title)
    k = int(r.outcome_index if r.outcome_index is not None else -1)
    probs = np.array([fixed] if fixed is not None else [f.probabilities for f in fs or ()], dtype=float)
    base = baseline_score(_floored(probs), k)
    tavg, cov = time_average(times, base, q.open_at, q.close_at, end=end)
    daily, _days = daily_brier(times, probs, k, q.open_at, end, policy=policy)
    last_p = probs[-1]
    return QuestionScore(
        id=q.id, forecaster=name, probabilities=dict(zip(q.options, (float(p) for p in last_p))),
        outcome=q.options[k], brier=_f(brier(last_p, k)), log=_f(log_score(_floored(last_p), k)), baseline=_f(tavg),
        brier_daily=_f(daily), ordered_brier=_f(ordered_brier(last_p, k)) if q.ordered and q.n_options > 2 else None,
        coverage=cov, kind=kind, valid_from=valid, forecasts=count, scenario=scen, code_version=code, title=q.title)


def _base_rate(q: QuestionSpec, resolved: dict[str, tuple[QuestionSpec, ResolutionRecord]]) -> list[float]:
    key = tuple(o.casefold() for o in q.options)
    counts = np.zeros(q.n_options)
    for other, r in resolved.values():
        if other.id != q.id and other.type != "numeric" and tuple(o.casefold() for o in other.options) == key:
            counts[int(r.outcome_index or 0)] += 1
    return list((counts + 1) / (counts.sum() + q.n_options))


def score_registry(questions: Sequence[QuestionSpec], forecasts: Sequence[ForecastRecord],
                   resolutions: Sequence[ResolutionRecord], *, policy: NoForecastPolicy = "exclude",
                   by: GroupBy = "forecaster", baselines: bool = True) -> ScoreReport:
    """Score every resolved question for every forecaster (and the two baselines).

    ``resolutions`` are the latest per question. Annulled, ambiguous and unresolved questions
    are listed under ``unscored``. Forecasts made on an older revision of a question are
    scored only if the revision's options are unchanged.
    """
    if by not in ("forecaster", "model", "scenario"):
        raise RegistryError(f"--by {by!r}", expected="forecaster, model or scenario")
    qmap = {q.id: q for q in questions}
    latest = {r.question: r for r in resolutions}
    resolved = {qid: (qmap[qid], r) for qid, r in latest.items() if r.status == "resolved" and qid in qmap}
    by_q: dict[str, dict[str, list[ForecastRecord]]] = defaultdict(lambda: defaultdict(list))
    for f in forecasts:
        by_q[f.question][f.forecaster].append(f)
    rows: list[QuestionScore] = []
    unscored: list[dict[str, Any]] = []
    for q in questions:
        r = latest.get(q.id)
        if q.id not in resolved:
            unscored.append({"id": q.id, "status": r.status if r else "unresolved",
                             "forecasters": sorted(by_q.get(q.id, {}))})
            continue
        assert r is not None
        per = by_q.get(q.id, {})
        for name in sorted(per):
            fs = sorted(per[name], key=lambda f: (f.valid_from, f.made_at))
            rows.append(_score_one(q, r, name, fs, policy=policy))
        if len(per) >= 1 and q.type != "numeric":
            k = int(r.outcome_index or 0)
            peers = peer_scores({n: ([f.valid_from for f in fs], _floored(np.array([f.probabilities for f in fs])))
                                 for n, fs in ((n, sorted(v, key=lambda f: (f.valid_from, f.made_at)))
                                               for n, v in per.items())},
                                k, q.open_at, q.close_at, end=_end(q, r))
            rows = [QuestionScore(**{**asdict(s), "peer": _f(peers[s.forecaster])})
                    if s.id == q.id and s.forecaster in peers else s for s in rows]
        if baselines:
            if RECORDED_UNIFORM in per:  # the same forecast, recorded with provenance: not repeated
                pass
            elif q.type == "numeric":
                rows.append(_score_one(q, r, UNIFORM, None, policy=policy, fixed=list(_uniform_cdf(q))))
            else:
                rows.append(_score_one(q, r, UNIFORM, None, policy=policy, fixed=[1.0 / q.n_options] * q.n_options))
            if q.type != "numeric":
                rows.append(_score_one(q, r, BASE_RATE, None, policy=policy, fixed=_base_rate(q, resolved)))
    groups: dict[tuple[str, ...], list[QuestionScore]] = defaultdict(list)
    for s in rows:
        key = (s.forecaster,) if by == "forecaster" else (
            (s.forecaster, s.code_version or "") if by == "model" else (s.scenario or "", s.forecaster))
        groups[key].append(s)
    summaries = []
    for key, items in groups.items():
        summaries.append(ForecasterSummary(
            forecaster=items[0].forecaster, questions=len(items), brier=_mean(i.brier for i in items),
            log=_mean(i.log for i in items), baseline=_mean(i.baseline for i in items),
            brier_daily=_mean(i.brier_daily for i in items), peer=_mean(i.peer for i in items),
            crps=_mean(i.crps for i in items),
            scenario=items[0].scenario if by == "scenario" else None,
            code_version=items[0].code_version if by == "model" else None,
            kinds=tuple(sorted({i.kind for i in items}))))
    summaries.sort(key=lambda s: (s.scenario or "", math.inf if s.brier is None else s.brier, s.forecaster))
    return ScoreReport(rule_set(policy), summaries, rows, _paired(rows), unscored, by)


def load_scores(reg: Any, *, scenario: str | None = None, by: GroupBy = "forecaster",
                policy: NoForecastPolicy = "exclude") -> ScoreReport:
    """Score what a :class:`~realpolitik.registry.Registry` holds (only ``scenario``'s questions if given).

    Read in one transaction, so the questions, forecasts and resolutions are one consistent
    snapshot. An empty report (no forecasters, no questions) when nothing matches.
    """
    if policy not in ("exclude", "zero", "prior"):
        raise RegistryError(f"no-forecast policy {policy!r}", expected="exclude, zero or prior")
    with reg.batch() as ops:
        qs = [q for q in ops.questions() if scenario is None or q.scenario_id == scenario]
        ids = {q.id for q in qs}
        fs = [f for f in ops.forecasts() if f.question in ids]
        rs = [r for r in ops.resolutions(latest_only=True) if r.question in ids]
    return score_registry(qs, fs, rs, policy=policy, by=by)


def _paired(rows: Sequence[QuestionScore]) -> list[PairedDifference]:
    table: dict[str, dict[str, QuestionScore]] = defaultdict(dict)
    for s in rows:
        table[s.forecaster][s.id] = s
    names = sorted(table)
    refs = [n for n in (UNIFORM, BASE_RATE) if n in table]
    out = []
    for a in names:
        if a.startswith("baseline:"):
            continue
        for b in refs + [n for n in names if n != a and not n.startswith("baseline:")]:
            common = sorted(set(table[a]) & set(table[b]))
            pairs = [(table[a][q], table[b][q]) for q in common
                     if table[a][q].brier is not None and table[b][q].brier is not None]
            if not pairs:
                continue
            d = np.array([x.brier - y.brier for x, y in pairs])  # type: ignore[operator]
            lg = np.array([x.log - y.log for x, y in pairs if x.log is not None and y.log is not None])
            se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else None
            with np.errstate(invalid="ignore"):
                log_diff = float(lg.mean()) if lg.size else None
            out.append(PairedDifference(a, b, int(d.size), float(d.mean()), se,
                                        log_diff if log_diff is None or math.isfinite(log_diff) else None,
                                        int((d < 0).sum()), int((d > 0).sum())))
    return out


def cache_rows(report: ScoreReport) -> list[dict[str, Any]]:
    """The rows the ``scores`` cache table holds for a report."""
    policy = str(report.rule_set["no_forecast_policy"])
    out = []
    for s in report.questions:
        for rule in ("brier", "log", "baseline", "brier_daily", "ordered_brier", "peer", "crps"):
            v = getattr(s, rule)
            if v is not None:
                out.append({"question_id": s.id, "forecaster": s.forecaster, "rule": rule, "policy": policy,
                            "value": v if math.isfinite(v) else None,
                            "coverage": s.coverage if rule in ("baseline", "peer") else None})
    return out


def calibration(report: ScoreReport, *, n_bins: int = 10) -> dict[str, tuple[Any, Any]]:
    """Per forecaster: reliability-diagram data and Murphy decomposition of its closing forecasts.

    Every option of every scored multiple-choice or binary question is one event forecast
    (a binary question contributes its "yes" and its "no"): the reliability table pools them.
    The decomposition is taken per category, as the 0-2 Brier score needs (Murphy 1973, applied
    to each option and summed): the events of option ``j`` of the questions with ``K`` options
    form one category, decomposed exactly (one bin per distinct forecast), and each category's
    terms are weighted by its share of the questions, so that
    ``brier = reliability - resolution + uncertainty`` is the forecaster's mean 0-2 Brier score,
    the figure of the score table. ``n`` counts the events.
    """
    from ..scoring import MurphyDecomposition, murphy_decomposition, reliability_data

    per: dict[str, list[tuple[list[float], int]]] = defaultdict(list)
    for s in report.questions:
        if s.probabilities is None:
            continue
        labels = list(s.probabilities)
        per[s.forecaster].append((list(s.probabilities.values()), labels.index(s.outcome)))
    out: dict[str, tuple[Any, Any]] = {}
    for name, items in sorted(per.items()):
        f = np.concatenate([np.asarray(p, dtype=float) for p, _ in items])
        o = np.concatenate([np.eye(len(p))[k] for p, k in items])
        rel = reliability_data(f, o, n_bins=n_bins)
        categories: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
        for p, k in items:
            for j, pj in enumerate(p):
                categories[(len(p), j)].append((float(pj), float(j == k)))
        terms = np.zeros(5)
        for events in categories.values():
            ev = np.asarray(events)
            d = murphy_decomposition(ev[:, 0], ev[:, 1])
            terms += len(events) / len(items) * np.array([d.brier, d.reliability, d.resolution, d.uncertainty,
                                                          d.within_bin])
        out[name] = (rel, MurphyDecomposition(*(float(x) for x in terms), n=int(f.size)))
    return out

"""``make_brief``: the answer in plain words and numbers, with why and what would change it.

One call runs the scenario's shared simulation (the default seed and sampler
of ``ask``, ``explain`` and ``report``, so all print the same probability) and
returns a frozen :class:`Brief`:

* the **headline**: the scenario's headline question with the probability of
  its event in words of estimative probability (:data:`ESTIMATIVE_SCALE`,
  after ICD 203), the number and its Monte Carlo interval;
* the most likely **band** of the first issue's scale (between two anchors,
  with the lower anchor's label) under the best-backtested bargaining model;
* **why**: the pivotal actor of the bargaining framing and the game decisions
  that settle the headline, in the scenario's own labels;
* **what would change it**: the game's tipping points against the range
  assumed for each parameter, and the headline probability over the whole
  plausible range of its most influential parameter (a sweep);
* the **models** side by side, ordered by their DEU III backtest record (test
  MAE against the compromise model's), and whether the bargaining and game
  framings agree;
* every warning that matters (non-converged runs, constant outputs,
  tipping points inside their assumed range).

Nothing is printed; ``Brief.to_json()`` is the ``realpolitik brief --json``
contract and ``Brief.text()`` the plain sentences.

Examples
--------
>>> import realpolitik
>>> from realpolitik.analysis import make_brief
>>> b = make_brief(realpolitik.load_any("belarus-2022"), n=64, sensitivity_n=0, sweep_points=3, sweep_n=16)
>>> sorted(b.to_json())[:4]
['as_of', 'band', 'drivers', 'framings']
>>> b.headline.words in [w for _, _, w in ESTIMATIVE_SCALE]
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import RealpolitikError
from .._defaults import DEFAULT_SAMPLER, DEFAULT_SAMPLES, DEFAULT_SEED, MODEL_LABELS
from ..uncertainty.models import Model
from .ask import ask_questions, models_needed, simulate_scenario
from .backtest_record import backtest_record

__all__ = ["Brief", "Headline", "Band", "DriverEffect", "TippingPoint", "ModelForecast", "Sweep", "make_brief",
           "ESTIMATIVE_SCALE", "estimative_words", "MODEL_LABELS"]

ENGINE = "realpolitik.analysis.brief"

#: Words of estimative probability (US ICD 203, 2015): ``(low, high, words)``, p in [low, high).
ESTIMATIVE_SCALE: tuple[tuple[float, float, str], ...] = (
    (0.00, 0.05, "almost no chance"),
    (0.05, 0.20, "very unlikely"),
    (0.20, 0.45, "unlikely"),
    (0.45, 0.55, "roughly even chance"),
    (0.55, 0.80, "likely"),
    (0.80, 0.95, "very likely"),
    (0.95, 1.0000001, "almost certain"),
)

def estimative_words(p: float) -> str:
    """ICD 203 words for a probability.

    >>> estimative_words(0.007), estimative_words(0.5), estimative_words(0.9)
    ('almost no chance', 'roughly even chance', 'very likely')
    """
    if not math.isfinite(p):
        return "unknown"
    for lo, hi, words in ESTIMATIVE_SCALE:
        if lo <= p < hi:
            return words
    return "almost certain"


# -- result types ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    question_id: str
    question: str
    outcome: str
    probability: float
    interval: tuple[float, float]
    words: str
    forecaster: str
    mapping: str


@dataclass(frozen=True)
class Band:
    issue: str
    low: float
    high: float
    label: str
    probability: float
    model: str


@dataclass(frozen=True)
class DriverEffect:
    input: str
    label: str
    effect: float
    effect_conf: float | None


@dataclass(frozen=True)
class TippingPoint:
    input: str
    label: str
    value: float
    base: float | None
    assumed_range: tuple[float, float] | None
    inside_range: bool
    then: str


@dataclass(frozen=True)
class ModelForecast:
    name: str
    label: str
    kind: str  # "bargaining" | "game"
    forecast: float
    text: str
    backtest: Mapping[str, Any] | None


@dataclass(frozen=True)
class Sweep:
    """The headline probability with one input fixed at each of ``values`` (others sampled)."""

    input: str
    label: str
    values: tuple[float, ...]
    probabilities: tuple[float, ...]
    assumed_range: tuple[float, float]
    n: int


@readable_repr
@dataclass(frozen=True)
class Brief:
    """The answer, said plainly (see the module docstring)."""

    scenario_id: str
    title: str
    as_of: str
    headline: Headline | None
    band: Band | None
    why: tuple[str, ...]
    drivers: tuple[DriverEffect, ...]
    tipping_points: tuple[TippingPoint, ...]
    sweep: Sweep | None
    models: tuple[ModelForecast, ...]
    framings: str
    framings_agree: bool | None
    warnings: tuple[str, ...]
    n: int
    seed: int | None
    provenance: Provenance = field(repr=False)
    status: Status = field(repr=False)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        h = self.headline
        return [("scenario", self.scenario_id), ("headline", h.words if h else None),
                ("probability", h.probability if h else None),
                ("interval", f"{h.interval[0]:.3g}–{h.interval[1]:.3g}" if h else None),
                ("band", f"{self.band.low:g}–{self.band.high:g}" if self.band else None),
                ("models", len(self.models)), ("samples", self.n), ("status", status_text(self.status))]

    def headline_text(self) -> str:
        h = self.headline
        if h is None:
            return "The scenario declares no headline question (mark one question headline: true)."
        lo, hi = h.interval
        return (f"{h.question} {h.words[0].upper() + h.words[1:]}: {_pct(h.probability)} that the answer is "
                f"“{h.outcome}” (95 % Monte Carlo interval {_pct(lo)}–{_pct(hi)}).")

    def band_text(self) -> str:
        b = self.band
        if b is None:
            return ""
        return (f"Most likely outcome: {_n(b.low)}–{_n(b.high)}: {b.label} (P = {_pct(b.probability)}, "
                f"{MODEL_LABELS.get(b.model, b.model).split(' (')[0].lower()}).")

    def text(self) -> list[str]:
        """The brief as plain sentences (the terminal and the report render richer forms)."""
        out = [self.headline_text()]
        if self.band is not None:
            out.append(self.band_text())
        out.extend(f"Why: {w}" for w in self.why)
        for t in self.tipping_points:
            out.append(f"Would change it: {t.then} if {t.label} passes {_n(t.value)}"
                       + (f" (assumed {_n(t.assumed_range[0])}–{_n(t.assumed_range[1])}, "
                          f"{'inside' if t.inside_range else 'outside'} that range)." if t.assumed_range else "."))
        if self.sweep is not None:
            s = self.sweep
            out.append(f"Over {s.label} from {_n(s.values[0])} to {_n(s.values[-1])}, the headline probability "
                       f"runs {_pct(min(s.probabilities))}–{_pct(max(s.probabilities))}.")
        for m in self.models:
            out.append(f"Model: {m.label}: {m.text}")
        if self.framings:
            out.append(self.framings)
        out.extend(f"Warning: {w}" for w in self.warnings)
        return out

    def to_json(self) -> dict[str, Any]:
        """The ``realpolitik brief --json`` contract (docs/cli.md); extra keys beyond it are documented there."""
        h = self.headline
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "as_of": self.as_of,
            "headline": None if h is None else {
                "question": h.question, "question_id": h.question_id, "outcome": h.outcome,
                "probability": h.probability, "interval": list(h.interval), "words": h.words,
                "forecaster": h.forecaster, "mapping": h.mapping, "text": self.headline_text()},
            "band": None if self.band is None else {
                "low": self.band.low, "high": self.band.high, "label": self.band.label,
                "probability": self.band.probability, "issue": self.band.issue, "model": self.band.model},
            "why": list(self.why),
            "drivers": [{"input": d.input, "label": d.label, "effect": d.effect, "effect_conf": d.effect_conf}
                        for d in self.drivers],
            "tipping_points": [{"input": t.input, "label": t.label, "value": t.value, "base": t.base,
                                "assumed_range": list(t.assumed_range) if t.assumed_range else None,
                                "inside_range": t.inside_range, "then": t.then} for t in self.tipping_points],
            "sweep": None if self.sweep is None else {
                "input": self.sweep.input, "label": self.sweep.label, "values": list(self.sweep.values),
                "probabilities": list(self.sweep.probabilities), "assumed_range": list(self.sweep.assumed_range),
                "n": self.sweep.n},
            "models": [{"name": m.name, "label": m.label, "kind": m.kind, "forecast": m.forecast, "text": m.text,
                        "backtest": None if m.backtest is None else dict(m.backtest)} for m in self.models],
            "framings": {"agree": self.framings_agree, "text": self.framings},
            "warnings": list(self.warnings),
            "n": self.n, "seed": self.seed,
            "provenance": self.provenance.to_dict(),
            "status": self.status.to_dict(),
        }


def _pct(p: float) -> str:
    if not math.isfinite(p):
        return "—"
    if 0 < p < 0.001:
        return "<0.1 %"
    if 0.999 < p < 1:
        return ">99.9 %"
    return f"{100 * p:.1f} %" if p < 0.1 or p > 0.9 else f"{100 * p:.0f} %"


def _n(x: float) -> str:
    from ..report._format import num

    return num(x)


# -- models the sweep and the drivers evaluate ----------------------------------------------------------
@dataclass(frozen=True, eq=False)
class IndicatorModel(Model):
    """The 0/1 indicator of a mapping's condition (``"headline"``) over a base model's outputs."""

    base: Model
    condition: Any
    fixed: Mapping[str, float] = field(default_factory=dict)

    @property
    def inputs(self) -> dict[str, Any]:  # type: ignore[override]
        return {k: v for k, v in self.base.inputs.items() if k not in self.fixed}

    @property
    def chunk_hint(self) -> int:  # type: ignore[override]
        return self.base.chunk_hint

    def evaluate(self, columns: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        cols = dict(columns)
        for k, v in self.fixed.items():
            cols[k] = np.full(n, float(v))
        out = self.base.evaluate({k: cols[k] for k in self.base.inputs}, n)
        return {"headline": self.condition.evaluate(out).astype(float)}

    def options(self) -> dict[str, Any]:
        return {"indicator_of": self.base.options(), "fixed": dict(self.fixed)}


def _scoped_model(scenario: Any, outputs: tuple[str, ...], capability: str) -> Model:
    """Only the engines the outputs come from (a game output needs no bargaining run)."""
    from ..uncertainty import scenario_model

    issues = sorted({o.split(".")[1] for o in outputs if o.startswith("bargaining.")})
    games = sorted({o.split(".")[1] for o in outputs if o.startswith("game.")})
    models = tuple(sorted({o.split(".")[2] for o in outputs if o.startswith("bargaining.")})) or ("compromise",)
    return scenario_model(scenario, issues=issues, games=games, models=models, capability=capability)


# -- labels (the shared ones of realpolitik.report.labels, imported when first needed) -------------------
def _player_label(scenario: Any, spec: Any, player: str) -> str:
    from ..report.labels import player_label

    return player_label(scenario, spec, player)


def _action_labels(spec: Any) -> dict[tuple[str, str], str]:
    from ..report.labels import action_labels

    return action_labels(spec)


def _sim_path_words(scenario: Any, spec: Any, path: str) -> str:
    from ..report.labels import path_label

    return path_label(scenario, spec, path)


def _path_words(scenario: Any, spec: Any, path: tuple[str, ...]) -> str:
    """``("Russia (Putin):DF", ...)`` as ``Russia: Demand full entry → ...``."""
    by_name = {}
    for p in spec.players:
        for name in {_player_label(scenario, spec, p), p}:
            by_name[name] = p
    try:
        by_name.update({str(scenario.actor(p).name): p for p in spec.players})
    except RealpolitikError:
        pass
    acts = _action_labels(spec)
    words = []
    for tok in path:
        who, _, code = str(tok).rpartition(":")
        pid = by_name.get(who)
        if pid is None:
            words.append(str(tok))
            continue
        words.append(f"{_player_label(scenario, spec, pid)}: {acts.get((pid, code), code)}")
    return " → ".join(words)


# -- the brief ------------------------------------------------------------------------------------------
def make_brief(scenario: Any, *, n: int = DEFAULT_SAMPLES, seed: Any = DEFAULT_SEED, sampler: str = DEFAULT_SAMPLER,
               capability: str = "leverage", sensitivity_n: int = 64, sweep_points: int = 9, sweep_n: int = 200,
               explain: bool = True, simulation: Any = None, answers: Any = None,
               progress: Callable[[str], None] | None = None) -> Brief:
    """The brief of ``scenario`` (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
    n : int
        Monte Carlo samples of the shared simulation (default shared with ask/explain/report).
    seed : int
        Seed of the sampling design (default 0).
    sampler : {"lhs", "mc", "sobol"}
    capability : {"leverage", "raw"}
    sensitivity_n : int
        Sobol base sample size for the headline's drivers (0: no drivers; the cost is
        ``sensitivity_n * (d + 2)`` evaluations of the headline's engine, ``d`` its inputs).
    sweep_points, sweep_n : int
        Grid points over the most influential parameter's plausible range, and samples per point
        (0 points: no sweep).
    explain : bool
        False skips the why, the tipping points, the drivers and the sweep (the explorer's fast
        path; the headline, band, models and framings are the same numbers).
    simulation : UncertaintyResult, optional
        A :func:`~realpolitik.analysis.ask.simulate_scenario` run of ``scenario`` at this ``n``,
        ``seed``, ``sampler`` and ``capability`` to read instead of simulating again.
    answers : Answers, optional
        ``ask_questions(scenario, simulation=simulation)``, when the caller has it already.
    progress : callable(str), optional
        Called with a short description before each step.

    Returns
    -------
    Brief
    """
    from ..report.bargaining import explain_bargaining

    say = progress or (lambda _msg: None)
    warnings: list[str] = []
    say(f"Monte Carlo: {n:,} samples")
    sim = simulation if simulation is not None else simulate_scenario(
        scenario, n=n, seed=seed, sampler=sampler, capability=capability, models=models_needed(scenario))
    warnings.extend(sim.status.warnings)
    asked = answers if answers is not None and simulation is not None else ask_questions(scenario, simulation=sim)
    frame = sim.samples
    q = scenario.headline_question
    headline = None
    head_answer = None
    if q is not None and q.mapping is not None:
        head_answer = asked.answer(q.id)
        warnings.extend(f"headline: {w}" for w in head_answer.warnings)
        if head_answer.probabilities:
            outcome = "yes" if q.type == "binary" else max(head_answer.probabilities,
                                                          key=lambda k: head_answer.probabilities[k])
            p = float(head_answer.probabilities[outcome])
            lo, hi = head_answer.interval[outcome]
            headline = Headline(question_id=q.id, question=q.title, outcome=outcome, probability=p,
                                interval=(float(lo), float(hi)), words=estimative_words(p),
                                forecaster=head_answer.forecaster, mapping=q.mapping)
    elif q is None:
        warnings.append("no headline question: mark one question headline: true")

    # -- models, ordered by their record ---------------------------------------------------------------
    issue = scenario.issues[0] if scenario.issues else None
    models: list[ModelForecast] = []
    if issue is not None:
        for name in ("eu", "compromise", "median", "nbs", "mean"):
            col = f"bargaining.{issue.id}.{name}"
            if col not in frame:
                continue
            x = frame[col].to_numpy(float)
            x = x[np.isfinite(x)]
            if not len(x):
                continue
            med = float(np.median(x))
            q05, q95 = (float(v) for v in np.quantile(x, [0.05, 0.95]))
            rec = backtest_record(name)
            rec_text = (f"DEU III test MAE {rec['test_mae']:.1f} (compromise model {rec['compromise_test_mae']:.1f})"
                        if rec else "no backtest record")
            models.append(ModelForecast(name=name, label=MODEL_LABELS.get(name, name), kind="bargaining",
                                        forecast=med, backtest=rec,
                                        text=f"median {_n(med)} (90 % of samples {_n(q05)}–{_n(q95)}), "
                                             f"{_anchor_label(issue, med)}; {rec_text}"))
        models.sort(key=lambda m: (m.backtest is None, m.backtest["test_mae"] if m.backtest else 0.0))
    head_game = None
    if head_answer is not None:
        head_game = next((o.split(".")[1] for o in head_answer.outputs if o.startswith("game.")), None)
    for spec in scenario.games:
        path_col = f"game.{spec.id}.path"
        if path_col not in frame:
            continue
        paths = frame[path_col].astype(str)
        top = paths.value_counts()
        top_path, top_p = str(top.index[0]), float(top.iloc[0] / len(paths))
        if spec.id == head_game and headline is not None:
            forecast, what = headline.probability, (f"P({headline.outcome}) = {_pct(headline.probability)} "
                                                    "on the headline question")
        else:
            forecast, what = top_p, f"most likely path with P = {_pct(top_p)}"
        models.append(ModelForecast(
            name=f"game.{spec.id}", label=f"Game: {spec.title or spec.id}"[:100], kind="game", forecast=forecast,
            backtest=None, text=f"{what}; most likely play: {_sim_path_words(scenario, spec, top_path)} "
                                f"({_pct(top_p)}); no backtest record"))

    # -- band --------------------------------------------------------------------------------------------
    band = None
    best = next((m for m in models if m.kind == "bargaining"), None)
    if issue is not None and best is not None and issue.scale.anchors:
        band = _most_likely_band(issue, frame[f"bargaining.{issue.id}.{best.name}"].to_numpy(float), best.name)

    # -- why -----------------------------------------------------------------------------------------------
    why: list[str] = []
    game_ex = None
    if issue is not None and explain:
        say(f"Bargaining: {issue.id}")
        try:
            bx = explain_bargaining(scenario, issue.id, capability=capability)
            name = bx.actor_names.get(bx.pivotal_actor, bx.pivotal_actor)
            reason = bx.pivotal_reason
            if reason.startswith("Pivotal actor:"):
                reason = reason.split(".", 1)[-1].strip()
            why.append(f"In the bargaining over “{issue.question}”, {name} is pivotal: {reason}")
            eu_notes = [] if bx.status.converged else [f"the expected-utility model did not converge on {issue.id}: "
                                                         f"{bx.status.message}"]
            eu_notes += [f"bargaining: {w}" for w in bx.status.warnings]
            _merge_cycle_warnings(warnings, issue.id, eu_notes)
        except RealpolitikError as exc:
            warnings.append(f"bargaining explanation not available: {exc}")
    tipping: list[TippingPoint] = []
    spec = next((g for g in scenario.games if g.id == head_game), scenario.games[0] if scenario.games else None)
    if spec is not None and explain:
        say(f"Game: {spec.id}")
        try:
            from ..report._games_adapter import explain_scenario_game

            game_ex = explain_scenario_game(scenario, spec.id)
            why.extend(_decision_sentences(scenario, spec, game_ex, head_answer))
            tipping = _tipping_points(scenario, spec)
        except RealpolitikError as exc:
            warnings.append(f"game explanation not available: {exc}")
    for t in tipping:
        if t.inside_range:
            warnings.append(f"a tipping point lies inside its assumed range: {t.label} = {_n(t.value)} "
                            f"(assumed {_n(t.assumed_range[0])}–{_n(t.assumed_range[1])})"  # type: ignore[index]
                            if t.assumed_range else f"a tipping point of {t.label} is inside its range")

    # -- drivers and the sweep --------------------------------------------------------------------------------
    drivers: list[DriverEffect] = []
    sweep = None
    if explain and q is not None and q.mapping is not None and q.type == "binary":
        m = q.parsed_mapping()
        base = _scoped_model(scenario, m.outputs(), capability)
        indicator = IndicatorModel(base=base, condition=m.condition)
        from ..report.uncertainty import input_label

        if sensitivity_n > 0 and indicator.inputs:
            say(f"Drivers (Sobol, N={sensitivity_n})")
            from ..uncertainty import sensitivity

            try:
                sres = sensitivity(indicator, "headline", method="sobol", n=sensitivity_n, rng=seed)
                if sres.constant_output:
                    warnings.append(f"the headline event did not vary over the {sres.n_evaluations:,} evaluations "
                                    "of the drivers' design: no driver can be ranked (raise --sobol-n)")
                else:
                    for inp, r in sres.indices.head(6).iterrows():
                        st = float(r.get("ST", float("nan")))
                        conf = r.get("ST_conf")
                        drivers.append(DriverEffect(input=str(inp), label=input_label(scenario, str(inp)),
                                                    effect=st, effect_conf=None if conf is None else float(conf)))
            except RealpolitikError as exc:
                warnings.append(f"drivers not available: {exc}")
        target = _sweep_input(scenario, drivers, tipping, indicator)
        if target is not None and sweep_points > 1 and sweep_n > 0:
            say(f"Sweep: {target}")
            sweep = _sweep(scenario, indicator, target, sweep_points, sweep_n, seed, sampler)

    # -- framings -------------------------------------------------------------------------------------------
    framings, agree = _framings(scenario, q, sim, headline)

    prov = make_provenance(ENGINE, {"n": n, "sampler": sampler, "capability": capability, "explain": explain,
                                    "sensitivity_n": sensitivity_n, "sweep_points": sweep_points,
                                    "sweep_n": sweep_n, "simulation": sim.provenance.to_dict()},
                           seed=sim.provenance.seed, scenario_digest=scenario.digest)
    warnings = list(dict.fromkeys(warnings))
    status = Status(converged=not any("did not converge" in w for w in warnings), iterations=n,
                    warnings=tuple(warnings), message="ok" if not warnings else "ok with warnings")
    md = scenario.metadata
    return Brief(scenario_id=scenario.id, title=md.title, as_of=md.as_of.isoformat(), headline=headline, band=band,
                 why=tuple(why), drivers=tuple(drivers), tipping_points=tuple(tipping), sweep=sweep,
                 models=tuple(models), framings=framings, framings_agree=agree, warnings=tuple(warnings), n=n,
                 seed=sim.provenance.seed, provenance=prov, status=status)


def _anchor_label(issue: Any, x: float) -> str:
    anchors = sorted(issue.scale.anchors, key=lambda a: a.value)
    if not anchors:
        return ""
    near = min(anchors, key=lambda a: abs(a.value - x))
    return f"nearest anchor {_n(near.value)} “{near.label.split(';')[0].split(':')[0]}”"


def _bands(issue: Any) -> list[tuple[float, float, str]]:
    anchors = sorted(issue.scale.anchors, key=lambda a: a.value)
    lo, hi = issue.scale.min, issue.scale.max
    edges = sorted({lo, hi, *(float(a.value) for a in anchors)})
    label = {float(a.value): a.label for a in anchors}
    out = []
    for a, b in zip(edges, edges[1:]):
        text = label.get(a) or f"below “{label.get(b, '')}”"
        out.append((a, b, text))
    return out


def _most_likely_band(issue: Any, x: np.ndarray, model: str) -> Band | None:
    x = x[np.isfinite(x)]
    bands = _bands(issue)
    if not len(x) or not bands:
        return None
    cuts = np.array([b[0] for b in bands[1:]])
    idx = np.searchsorted(cuts, x, side="right")
    counts = np.bincount(idx, minlength=len(bands))
    k = int(np.argmax(counts))
    lo, hi, label = bands[k]
    return Band(issue=issue.id, low=lo, high=hi, label=label, probability=float(counts[k] / len(x)), model=model)


def _decision_sentences(scenario: Any, spec: Any, ex: Any, head_answer: Any) -> list[str]:
    """The on-path decisions in the scenario's labels; the one the headline reads first."""
    acts = _action_labels(spec)
    node_by_label = {(nd.label or nd.id): nd for nd in spec.nodes}
    head_players = set()
    if head_answer is not None:
        for o in head_answer.outputs:
            parts = o.split(".")
            if parts[0] == "game" and len(parts) == 3 and parts[2] != "path":
                head_players.add(parts[2])
    out: list[tuple[int, str]] = []
    for d in ex.decisions:
        if not d.on_path:
            continue
        nd = node_by_label.get(d.node)
        pid = nd.player if nd is not None and nd.player else None
        if pid is None:
            continue
        who = _player_label(scenario, spec, pid)

        def lab(code: str) -> str:
            return acts.get((pid, code), code)

        chosen = next(a for a in d.alternatives if a.chosen)
        others = [a for a in d.alternatives if not a.chosen]
        if not others:
            continue
        comp = "; ".join(f"“{lab(a.action)}” {_value(a)}" for a in others)
        where = f" at “{d.node}”" if nd is not None and nd.label else ""
        s = (f"{who} chooses “{lab(d.chosen)}”{where}: worth {_value(chosen)} to it, against {comp}.")
        out.append((0 if pid in head_players else 1, s))
    out.sort(key=lambda t: t[0])
    return [s for _, s in out[:4]]


def _value(a: Any) -> str:
    e = a.expression
    v = _n(a.value)
    return e if e == v else f"{e} (= {v})"


def _param_range(scenario: Any, pid: str) -> tuple[float, float] | None:
    try:
        p = scenario.parameter(pid)
    except RealpolitikError:
        return None
    v = p.value
    if isinstance(v, (int, float)):
        return (float(v), float(v))
    lo, hi = v.support
    return (float(lo), float(hi))


def _tipping_points(scenario: Any, spec: Any) -> list[TippingPoint]:
    from ..games import path_thresholds
    from ..report._games_adapter import _compiled

    compiled, _game, params, _sym = _compiled(scenario, spec.id)
    out = []
    for t in path_thresholds(compiled, params):
        rng = _param_range(scenario, t.parameter)
        inside = rng is not None and rng[0] <= t.value <= rng[1]
        then = "the equilibrium becomes " + _path_words(scenario, spec, tuple(t.path))
        out.append(TippingPoint(input=f"param.{t.parameter}", label=_param_label(scenario, t.parameter),
                                value=float(t.value), base=float(t.base), assumed_range=rng, inside_range=inside,
                                then=then))
    return out


def _param_label(scenario: Any, pid: str) -> str:
    try:
        d = scenario.parameter(pid).description
    except RealpolitikError:
        return pid
    return f"{pid} ({d.split('.')[0][:80]})" if d else pid


def _sweep_input(scenario: Any, drivers: list[DriverEffect], tipping: list[TippingPoint], model: Model) -> str | None:
    """The most influential scenario parameter (drivers first, then tipping points)."""
    names = set(model.inputs)
    for d in drivers:
        if d.input.startswith("param.") and d.input in names and d.effect > 0:
            return d.input
    for t in tipping:
        if t.input in names:
            return t.input
    for d in drivers:
        if not d.input.startswith("ordinal.") and d.input in names:
            return d.input
    return next((k for k in names if k.startswith("param.")), None)


def _plausible_range(scenario: Any, name: str, dist: Any) -> tuple[float, float]:
    """A probability parameter's whole [0, 1]; any other input's declared support."""
    lo, hi = (float(v) for v in dist.support)
    if name.startswith("param."):
        try:
            if scenario.parameter(name[6:]).unit.strip().lower() == "probability":
                return (0.0, 1.0)
        except RealpolitikError:
            pass
    return (lo, hi)


def _sweep(scenario: Any, indicator: IndicatorModel, name: str, points: int, m: int, seed: Any,
           sampler: str) -> Sweep | None:
    from ..report.uncertainty import input_label
    from ..uncertainty import simulate

    dist = indicator.inputs[name]
    lo, hi = _plausible_range(scenario, name, dist)
    values = tuple(float(v) for v in np.linspace(lo, hi, points))
    probs = []
    for v in values:
        fixed = IndicatorModel(base=indicator.base, condition=indicator.condition, fixed={name: v})
        try:
            res = simulate(fixed, m, rng=seed, sampler=sampler)
        except RealpolitikError:
            probs.append(float("nan"))
            continue
        probs.append(float(res.samples["headline"].mean()))
    a_lo, a_hi = (float(x) for x in dist.support)
    label = _param_label(scenario, name[6:]) if name.startswith("param.") else input_label(scenario, name)
    return Sweep(input=name, label=label, values=values, probabilities=tuple(probs), assumed_range=(a_lo, a_hi), n=m)


def _merge_cycle_warnings(warnings: list[str], issue_id: str, eu_notes: list[str]) -> None:
    """Add ``eu_notes`` to ``warnings``, saying the expected-utility model's cycling once.

    The Monte Carlo run warns that a share of its samples end in a cycle and the
    point explanation that its own run cycles: one fact (the model does not settle
    on this issue) that would otherwise read as two warnings in different words.
    """
    prefix = f"bargaining.{issue_id}.eu: "
    k = next((i for i, w in enumerate(warnings) if w.startswith(prefix) and "cycle" in w), None)
    cycling = [w for w in eu_notes if w.startswith("bargaining: ") and "cycle" in w]
    if k is None or not cycling:
        warnings.extend(eu_notes)
        return
    share = warnings[k][len(prefix):].split(";")[0].replace(" of samples", " of the Monte Carlo samples")
    points = []
    for w in cycling:
        w = w.removeprefix("bargaining: ").split("; the forecast")[0]  # the mean is said once, below
        points.append("with raw capability " + w.removeprefix("raw capability: ") if w.startswith("raw ") else w)
    warnings[k] = (f"the expected-utility model does not settle on {issue_id}: {share}, and "
                   + "; ".join(points) + "; each such forecast is the cycle's mean, not a settled outcome")
    warnings.extend(w for w in eu_notes if w not in cycling)


def _framing_name(scenario: Any, outputs: Any) -> str:
    """The model a mapping reads, in words (``bargaining.involvement.eu`` -> ``the expected-utility model``)."""
    from ..report.labels import model_label

    names = []
    for o in outputs:
        parts = str(o).split(".")
        if parts[0] == "game" and len(parts) > 1:
            names.append(f"the {parts[1].replace('_', ' ')} game")
        elif parts[0] == "bargaining" and len(parts) > 2:
            names.append(f"the {model_label(parts[2])}")
        else:
            names.append(str(o))
    return " and ".join(dict.fromkeys(names)) or "the headline mapping"


def _framings(scenario: Any, q: Any, sim: Any, headline: Headline | None) -> tuple[str, bool | None]:
    """Whether the bargaining and game framings agree on the headline question."""
    if q is None or headline is None or not getattr(q, "other_mappings", ()):
        return ("", None)
    from ..scenario.mapping import parse_mapping

    frame = sim.samples
    parts = []
    agree = True
    for text in q.other_mappings:
        m = parse_mapping(text)
        if any(o not in frame for o in m.outputs()):
            continue
        p = float(m.condition.evaluate({o: frame[o].to_numpy() for o in m.outputs()}).mean())
        same = (p >= 0.5) == (headline.probability >= 0.5)
        agree = agree and same
        parts.append(f"{_framing_name(scenario, m.outputs())} gives {_pct(p)}")
    if not parts:
        return ("", None)
    side = "below" if headline.probability < 0.5 else "at or above"
    verdict = (f"The framings agree: each puts “{headline.outcome}” {side} 50 %" if agree else
               f"The framings disagree: the headline mapping puts “{headline.outcome}” {side} 50 %, another does not")
    head = _framing_name(scenario, parse_mapping(headline.mapping).outputs()) if headline.mapping else "the headline"
    return (f"{verdict} ({head} gives {_pct(headline.probability)}; "
            + "; ".join(parts) + ").", agree)

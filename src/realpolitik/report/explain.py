"""``explain``: every engine on a scenario, explained as data (then text).

One call runs the bargaining models on every issue, solves every game and
runs the uncertainty analysis, and returns one frozen :class:`Explanation`.
A section whose engine is missing or not applicable is listed in
``unavailable`` with the reason, so a report can still be written.

Examples
--------
>>> import realpolitik
>>> from realpolitik.report import explain
>>> ex = explain(realpolitik.load_any("belarus-2022"), sections=["bargaining"])
>>> ex.bargaining[0].pivotal_actor
'russia'
>>> sorted(ex.to_dict())
['bargaining', 'exchange', 'games', 'provenance', 'scenario', 'status', 'text', 'unavailable', 'uncertainty']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from .._result import Provenance, Status, make_provenance, readable_repr, status_text
from ..errors import EngineNotApplicable, InputError, RealpolitikError
from .._defaults import DEFAULT_SAMPLER, DEFAULT_SAMPLES, DEFAULT_SEED
from .bargaining import BargainingExplanation, explain_bargaining
from .games import GameExplanation
from .uncertainty import UncertaintyExplanation, explain_uncertainty

__all__ = ["Explanation", "explain", "SECTIONS"]

ENGINE = "realpolitik.report.explain"

#: The sections :func:`explain` can compute.
SECTIONS = ("bargaining", "exchange", "games", "uncertainty")


@readable_repr
@dataclass(frozen=True)
class Explanation:
    """Everything the engines say about a scenario, with reasons.

    Attributes
    ----------
    scenario_id, title, as_of, digest : str
    bargaining : tuple of BargainingExplanation, one per issue
    games : tuple of GameExplanation, one per solved game
    uncertainty : UncertaintyExplanation or None
    exchange : ExchangeExplanation or None
        The exchange model across the issues (None with fewer than 2 issues).
    unavailable : mapping section -> reason
        Sections (or ``games.<id>``, ``bargaining.<issue>``) that could not be
        computed, and why.
    """

    scenario_id: str
    title: str
    as_of: str
    digest: str
    bargaining: tuple[BargainingExplanation, ...]
    games: tuple[GameExplanation, ...]
    uncertainty: UncertaintyExplanation | None
    unavailable: Mapping[str, str]
    provenance: Provenance = field(repr=False)
    status: Status = field(repr=False)
    exchange: Any = None  # ExchangeExplanation (report.exchange)

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        u = self.uncertainty
        return [("scenario", self.scenario_id), ("issues", tuple(b.issue_id for b in self.bargaining)),
                ("games", tuple(g.game_id for g in self.games)), ("samples", u.n if u is not None else None),
                ("unavailable", tuple(self.unavailable)), ("status", status_text(self.status))]

    def text(self) -> list[str]:
        """The explanation as sentences."""
        out = [f"{self.title} (as of {self.as_of})."]
        for b in self.bargaining:
            out.extend(b.text())
        if self.exchange is not None:
            out.extend(self.exchange.text())
        for g in self.games:
            out.extend(g.text())
        if self.uncertainty is not None:
            out.extend(self.uncertainty.text())
        for k, why in self.unavailable.items():
            out.append(f"Not available: {k}: {why}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``realpolitik explain --json`` (shape documented in docs/report.md)."""
        return {
            "scenario": {"id": self.scenario_id, "title": self.title, "as_of": self.as_of, "digest": self.digest},
            "bargaining": [b.to_dict() for b in self.bargaining],
            "exchange": None if self.exchange is None else self.exchange.to_dict(),
            "games": [g.to_dict() for g in self.games],
            "uncertainty": None if self.uncertainty is None else self.uncertainty.to_dict(),
            "unavailable": dict(self.unavailable),
            "text": self.text(),
            "provenance": self.provenance.to_dict(),
            "status": self.status.to_dict(),
        }


def explain(scenario: Any, *, sections: Sequence[str] = SECTIONS, capability: str = "leverage",
            eu_options: Any = None, samples: int = DEFAULT_SAMPLES, sensitivity_n: int = 64,
            rng: Any = DEFAULT_SEED, sampler: str = DEFAULT_SAMPLER, progress: Callable[[str], None] | None = None) -> Explanation:
    """Run the engines on ``scenario`` and explain their results.

    Parameters
    ----------
    scenario : Scenario
    sections : subset of ("bargaining", "exchange", "games", "uncertainty")
        ``exchange`` runs only on a scenario with two or more issues.
    capability : {"leverage", "raw"}
        Capabilities used by the bargaining explanation (the other basis is
        shown beside it).
    eu_options : EUOptions, optional
    samples : int
        Monte Carlo samples for the uncertainty section.
    sensitivity_n : int
        Sobol base sample size (0: no drivers).
    rng : seed-like
        Seed of the uncertainty analysis (default 0: reproducible). Samples, seed and sampler
        default to those of ``brief`` and ``ask`` (:mod:`realpolitik._defaults`), so
        all print the same probability.
    progress : callable(str), optional
        Called with a description before each step (the CLI shows it).
    """
    bad = [s for s in sections if s not in SECTIONS]
    if bad:
        raise InputError(f"unknown section(s) {', '.join(bad)}", expected="of " + ", ".join(SECTIONS))
    if capability not in ("leverage", "raw"):
        raise InputError(f"capability must be 'leverage' or 'raw', got {capability!r}")
    say = progress or (lambda _msg: None)
    unavailable: dict[str, str] = {}
    bargaining: list[BargainingExplanation] = []
    if "bargaining" in sections:
        if not scenario.issues:
            unavailable["bargaining"] = "the scenario has no issue to bargain over"
        for issue in scenario.issues:
            say(f"Bargaining: {issue.id}")
            try:
                bargaining.append(explain_bargaining(scenario, issue.id, capability=capability, options=eu_options))
            except RealpolitikError as exc:  # e.g. an actor without capability: the other sections stand
                unavailable[f"bargaining.{issue.id}"] = str(exc)
    exchange = None
    if "exchange" in sections and len(scenario.issues) >= 2:
        from .exchange import explain_exchange

        say("Exchange model")
        try:
            exchange = explain_exchange(scenario, capability=capability)
        except RealpolitikError as exc:
            unavailable["exchange"] = str(exc)
    games: list[GameExplanation] = []
    solved: list[str] = []
    if "games" in sections:
        from ._games_adapter import explain_scenario_game

        if not scenario.games:
            unavailable["games"] = "the scenario defines no game"
        for g in scenario.games:
            say(f"Game: {g.id}")
            try:
                games.append(explain_scenario_game(scenario, g.id))
                solved.append(g.id)
            except EngineNotApplicable as exc:
                unavailable[f"games.{g.id}"] = f"not available: {exc}"
            except RealpolitikError as exc:
                unavailable[f"games.{g.id}"] = str(exc)
    uncertainty = None
    if "uncertainty" in sections:
        kw = dict(n=samples, rng=rng, sampler=sampler, sensitivity_n=sensitivity_n, capability=capability,
                  eu_options=eu_options, progress=say)
        try:
            uncertainty = explain_uncertainty(scenario, games=solved, **kw)
        except RealpolitikError as exc:
            if not solved:
                unavailable["uncertainty"] = str(exc)
            else:
                # retry without the games: the bargaining part alone may still run
                unavailable["uncertainty.games"] = f"games over the samples failed ({exc}); bargaining only"
                try:
                    uncertainty = explain_uncertainty(scenario, games=[], **kw)
                except RealpolitikError as exc2:
                    unavailable["uncertainty"] = str(exc2)
    prov = make_provenance(ENGINE, {"sections": list(sections), "capability": capability, "samples": samples,
                                    "sensitivity_n": sensitivity_n, "sampler": sampler},
                           seed=rng if isinstance(rng, int) else None, scenario_digest=scenario.digest)
    warnings = tuple(f"{k}: {v}" for k, v in unavailable.items())
    status = Status(converged=all(b.status.converged for b in bargaining), iterations=len(bargaining) + len(games),
                    warnings=warnings, message="ok" if not unavailable else "ok; some sections not available")
    m = scenario.metadata
    return Explanation(scenario_id=scenario.id, title=m.title, as_of=m.as_of.isoformat(), digest=scenario.digest,
                       bargaining=tuple(bargaining), games=tuple(games), uncertainty=uncertainty,
                       unavailable=MappingProxyType(unavailable), provenance=prov, status=status,
                       exchange=exchange)

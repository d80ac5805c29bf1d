"""The scenario data model (schema version 1).

A scenario is validated once (:func:`realpolitik.scenario.loads_scenario`) and
is immutable afterwards: every model is a frozen pydantic model and every
collection is a tuple. Structural checks (types, ranges, unknown keys) are
pydantic's; cross-references (ids, aliases, positions inside the scale,
evidence dated after ``as_of``) are checked in :mod:`.validate` so that each
error carries the field path of the offending value.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal, Union, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StringConstraints

from .._result import readable_repr
from ._types import Finite, NonNegative, StrictDate, exact_int
from .distributions import Distribution
from .games_spec import GameSpec

TYPE_CHECKING = False  # NumPy loads on first use: `realpolitik validate` never needs it
if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Anchor", "Actor", "Issue", "IssueData", "Metadata", "Parameter", "Position",
    "Scale", "Scenario", "Source", "GroundTruth", "Uncertain", "point_value", "ID_PATTERN",
]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
# Strict, bounded numbers and dates as dates (see ._types); new fields should use these aliases.
Date = StrictDate

#: A number, or a distribution over it (see :mod:`.distributions`).
Uncertain = Union[Finite, Distribution]


def point_value(value: Any) -> float | None:
    """The single number used for a point forecast (a distribution's ``point``)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(value.point)


def _support(value: Any) -> tuple[float, float]:
    if isinstance(value, (int, float)):
        return (float(value), float(value))
    return value.support


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Metadata(_Model):
    id: Id
    title: Text
    as_of: Date = Field(description="Date of the analysis: later evidence is ground truth, never input.")
    authors: tuple[Text, ...] = ()
    summary: Text = ""
    tags: tuple[Id, ...] = ()


SourceKind = Literal["document", "dataset", "web"]


class Source(_Model):
    id: Id
    title: Text = Field(description="Title in its own language.")
    kind: SourceKind = Field("document", description=(
        "document (dated by 'published'), dataset (dated by 'released', required) or web (a living page, "
        "dated by 'accessed')."))
    publisher: Text = ""
    url: Text = ""
    language: Annotated[str, StringConstraints(max_length=16)] = ""
    published: Date | None = None
    accessed: Date | None = None
    released: Date | None = Field(None, description="Release date of a data set (the vintage used).")
    quote: Text = ""
    notes: Text = ""

    @property
    def date(self) -> dt.date | None:
        """The date that decides whether an analyst could have had it: a data set's release, a living
        page's access date, else the publication date (the access date when that is all there is)."""
        if self.kind == "dataset":
            return self.released
        if self.kind == "web":
            return self.accessed or self.published
        return self.published or self.accessed


ActorKind = Literal["state", "alliance", "organisation", "person", "group"]
PositionField = Literal["position", "salience", "leverage"]


class Actor(_Model):
    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    kind: ActorKind = "state"
    capability: Annotated[Uncertain, Field(description="Raw capability, e.g. a CINC share (>= 0).")] | None = None
    capability_basis: Text = Field("", description="What the raw capability measures and where it comes from.")
    notes: Text = ""
    sources: tuple[Id, ...] = ()
    assumption: StrictBool = Field(False, description="The capability is the analyst's assumption (give a rationale).")
    rationale: Text = ""


class Anchor(_Model):
    value: Finite
    label: Text


class Scale(_Model):
    min: Finite
    max: Finite
    unit: Text = ""
    anchors: tuple[Anchor, ...] = ()


class Position(_Model):
    actor: Text = Field(description="An actor id or one of its aliases.")
    position: Uncertain
    salience: Uncertain
    leverage: Uncertain | None = Field(None, description="Issue-specific capability; overrides the actor's raw capability.")
    rationale: Text = ""
    sources: tuple[Id, ...] = ()
    assumption: Union[StrictBool, tuple[PositionField, ...]] = Field(False, description=(
        "true: every number here is the analyst's assumption; or the list of those that are "
        "(position, salience, leverage). A rationale is required."))

    def assumed(self, name: str) -> bool:
        """Whether the number ``name`` (position, salience, leverage) is marked as an assumption."""
        return self.assumption is True or (isinstance(self.assumption, tuple) and name in self.assumption)


class Issue(_Model):
    id: Id
    question: Text
    scale: Scale
    salience_scale: Annotated[Literal[1, 100], BeforeValidator(exact_int)] = Field(100, description="Saliences are given on 0-1 or 0-100.")
    status_quo: Uncertain | None = None
    status_quo_rationale: Text = ""
    status_quo_assumption: StrictBool = Field(False, description="The status quo is the analyst's assumption "
                                        "(give status_quo_rationale).")
    positions: Annotated[tuple[Position, ...], Field(min_length=1)]
    sources: tuple[Id, ...] = ()


class Parameter(_Model):
    id: Id
    value: Uncertain
    unit: Text = ""
    description: Text = ""
    sources: tuple[Id, ...] = ()
    assumption: StrictBool = Field(False, description="The range is the analyst's assumption (give a rationale).")
    rationale: Text = ""

    @property
    def point(self) -> float:
        return point_value(self.value)  # type: ignore[return-value]


@dataclass(frozen=True)
class IssueData:
    """One issue as plain arrays, the input of the bargaining engines.

    ``saliences`` are on 0-1 whatever the file declares; ``capabilities`` are
    the issue-specific leverage where given (``capability_basis="leverage"``)
    or the actors' raw capability (``"raw"``).
    """

    issue_id: str
    actor_ids: tuple[str, ...]
    actor_names: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    capabilities: np.ndarray
    scale_min: float
    scale_max: float
    status_quo: float | None
    capability_basis: str


@readable_repr
class Scenario(_Model):
    """A validated, immutable scenario."""

    schema_version: Annotated[Literal[1], BeforeValidator(exact_int)]
    metadata: Metadata
    sources: tuple[Source, ...] = ()
    actors: Annotated[tuple[Actor, ...], Field(min_length=1)]
    issues: tuple[Issue, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    games: tuple[GameSpec, ...] = ()
    questions: tuple[Question, ...] = Field((), description="Forecast questions (see scenario/questions.py).")
    ground_truth: tuple[Resolution, ...] = Field((), description="Resolutions of the questions: never input.")

    # -- lookups ---------------------------------------------------------

    def _repr_fields(self) -> list[tuple[str, Any]]:
        """The few facts the notebook repr shows (see :func:`realpolitik._result.readable_repr`)."""
        m = self.metadata
        return [("id", m.id), ("as of", m.as_of.isoformat()), ("actors", len(self.actors)),
                ("issues", tuple(i.id for i in self.issues)), ("games", tuple(g.id for g in self.games)),
                ("parameters", len(self.parameters)), ("questions", len(self.questions)),
                ("digest", self.digest[:12])]

    @property
    def id(self) -> str:
        return self.metadata.id

    def actor(self, ref: str) -> Actor:
        """The actor with this id or alias (case-insensitive)."""
        key = ref.strip().casefold()
        for a in self.actors:
            if a.id.casefold() == key or any(al.casefold() == key for al in a.aliases):
                return a
        from ..errors import InputError

        raise InputError(f"no actor {ref!r} in scenario {self.id}",
                         expected="one of " + ", ".join(a.id for a in self.actors))

    def issue(self, issue_id: str | None = None) -> Issue:
        """The issue with this id (the only one when ``None``)."""
        from ..errors import InputError

        if not self.issues:
            raise InputError(f"scenario {self.id} has no issues")
        if issue_id is None:
            if len(self.issues) > 1:
                raise InputError(f"scenario {self.id} has {len(self.issues)} issues; choose one with --issue",
                                 expected="one of " + ", ".join(i.id for i in self.issues))
            return self.issues[0]
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise InputError(f"no issue {issue_id!r} in scenario {self.id}",
                         expected="one of " + ", ".join(i.id for i in self.issues))

    def parameter(self, pid: str) -> Parameter:
        from ..errors import InputError

        for p in self.parameters:
            if p.id == pid:
                return p
        raise InputError(f"no parameter {pid!r} in scenario {self.id}",
                         expected="one of " + ", ".join(p.id for p in self.parameters))

    def source(self, sid: str) -> Source:
        for s in self.sources:
            if s.id == sid:
                return s
        from ..errors import InputError

        raise InputError(f"no source {sid!r} in scenario {self.id}")

    def question(self, qid: str) -> "Question":
        """The question with this id."""
        from ..errors import InputError

        for q in self.questions:
            if q.id == qid:
                return q
        raise InputError(f"no question {qid!r} in scenario {self.id}",
                         expected="one of " + ", ".join(q.id for q in self.questions))

    def resolution(self, qid: str) -> "Resolution | None":
        """The ground-truth resolution of a question (None while unresolved)."""
        for r in self.ground_truth:
            if r.question == qid:
                return r
        return None

    @property
    def headline_question(self) -> "Question | None":
        """The question marked ``headline: true`` (else the first mapped binary question, else None)."""
        for q in self.questions:
            if q.headline:
                return q
        return next((q for q in self.questions if q.type == "binary" and q.mapping), None)

    @property
    def parameter_values(self) -> dict[str, float]:
        """Point values of all parameters."""
        return {p.id: p.point for p in self.parameters}

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON form: identifies the exact inputs of a result."""
        # Cached: the scenario is frozen, and every result, cache key and registry row asks for it.
        return _digest(self)

    def model_copy(self, *, update: Any = None, deep: bool = False) -> "Scenario":
        """A copy (pydantic's); the digest is computed afresh, as ``update`` may change the inputs."""
        out = super().model_copy(update=update, deep=deep)
        out.__dict__.pop("digest", None)
        return out

    # -- compilation to engine inputs -------------------------------------
    def issue_data(self, issue_id: str | None = None, *, capability: str = "leverage") -> IssueData:
        """Plain arrays of one issue at the point values of every uncertain number.

        ``capability="leverage"`` uses each position's issue-specific leverage
        where given and the actor's raw capability otherwise; ``"raw"`` always
        uses raw capability.
        """
        from ..errors import InputError

        if capability not in ("leverage", "raw"):
            raise InputError(f"capability must be 'leverage' or 'raw', got {capability!r}")
        issue = self.issue(issue_id)
        ids, names, pos, sal, cap = [], [], [], [], []
        for k, p in enumerate(issue.positions):
            actor = self.actor(p.actor)
            c = point_value(p.leverage) if capability == "leverage" else None
            if c is None:
                c = point_value(actor.capability)
            if c is None:
                raise InputError(
                    f"actor {actor.id!r} has no {'leverage or ' if capability == 'leverage' else ''}"
                    f"raw capability for issue {issue.id!r}",
                    expected=f"issues[{self.issues.index(issue)}].positions[{k}].leverage or the actor's capability")
            ids.append(actor.id)
            names.append(actor.name)
            pos.append(point_value(p.position))
            sal.append(cast(float, point_value(p.salience)) / issue.salience_scale)  # salience is required
            cap.append(c)
        import numpy as np

        return IssueData(
            issue_id=issue.id, actor_ids=tuple(ids), actor_names=tuple(names),
            positions=np.asarray(pos, dtype=float), saliences=np.asarray(sal, dtype=float),
            capabilities=np.asarray(cap, dtype=float), scale_min=issue.scale.min,
            scale_max=issue.scale.max, status_quo=point_value(issue.status_quo),
            capability_basis=capability,
        )

    def uncertain_inputs(self) -> dict[str, Any]:
        """Every number given as a distribution, by stable name.

        Names: ``actor.<id>.capability``, ``issue.<issue>.<actor>.position``
        (``.salience``, ``.leverage``), ``issue.<issue>.status_quo``,
        ``param.<id>``. Values are the distribution models.
        """
        out: dict[str, Any] = {}

        def add(name: str, value: Any) -> None:
            if value is not None and not isinstance(value, (int, float)):
                out[name] = value

        for a in self.actors:
            add(f"actor.{a.id}.capability", a.capability)
        for i in self.issues:
            add(f"issue.{i.id}.status_quo", i.status_quo)
            for p in i.positions:
                aid = self.actor(p.actor).id
                add(f"issue.{i.id}.{aid}.position", p.position)
                add(f"issue.{i.id}.{aid}.salience", p.salience)
                add(f"issue.{i.id}.{aid}.leverage", p.leverage)
        for prm in self.parameters:
            add(f"param.{prm.id}", prm.value)
        return out

    def to_data(self) -> dict[str, Any]:
        """Plain JSON-able data (dates as ISO strings), the inverse of loading."""
        return self.model_dump(mode="json", exclude_defaults=True)


def _digest(sc: Scenario) -> str:
    canonical = json.dumps(sc.model_dump(mode="json"), sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# questions.py builds on this module's base types, so it is imported last and the model rebuilt.
from .questions import Question, Resolution  # noqa: E402

#: Earlier name of a ground-truth entry.
GroundTruth = Resolution
Scenario.model_rebuild()

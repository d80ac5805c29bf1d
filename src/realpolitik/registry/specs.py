"""Plain records the registry reads and writes (frozen dataclasses, no database types)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any, Literal, Sequence

from ._errors import RegistryError

__all__ = ["QuestionSpec", "ForecastRecord", "ResolutionRecord", "as_utc", "parse_time", "check_forecaster",
           "QTYPES", "STATUSES"]

QTYPES = ("binary", "multiple_choice", "numeric")
STATUSES = ("resolved", "annulled", "ambiguous")
BINARY_OPTIONS = ("yes", "no")
FORECASTER_RE = re.compile(r"^(model|analyst|crowd|tool|baseline):[A-Za-z0-9_.@/+\-]{1,150}$")
QUESTION_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/\-]{0,199}$")
SUM_TOLERANCE = 1e-6


def as_utc(value: Any, *, what: str = "time", end_of_day: bool = False) -> datetime:
    """A date or datetime as an aware UTC datetime (a date is its 00:00 UTC)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise RegistryError(f"{what} {value.isoformat()} has no time zone",
                                expected="an ISO time with a zone, e.g. 2022-10-21T12:00:00Z, or a date")
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=timezone.utc)
    if isinstance(value, str):
        return parse_time(value, what=what)
    raise RegistryError(f"{what} {value!r} is not a date or time")


def parse_time(text: str, *, what: str = "time") -> datetime:
    """An ISO 8601 date or time; a date means 00:00 UTC, a time needs a zone (``Z`` accepted)."""
    s = text.strip()
    try:
        if len(s) == 10:
            return datetime.combine(date.fromisoformat(s), time(0), tzinfo=timezone.utc)
        t = datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise RegistryError(f"{what} {text!r} is not an ISO 8601 date or time",
                            expected="YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM|Z]") from None
    if t.tzinfo is None:
        raise RegistryError(f"{what} {text!r} has no time zone", expected="a zone such as Z or +02:00")
    return t.astimezone(timezone.utc)


def check_forecaster(name: str, *, allow_baseline: bool = False) -> str:
    """``kind:name`` with kind model, analyst, crowd or tool (``baseline:`` is computed, never stored)."""
    if not isinstance(name, str) or not FORECASTER_RE.match(name):
        raise RegistryError(f"forecaster {name!r} is not kind:name",
                            expected="model:NAME, analyst:NAME, crowd:NAME or tool:NAME (letters, digits, _.@/+-)")
    if name.startswith("baseline:") and not allow_baseline:
        raise RegistryError(f"forecaster {name!r}: baseline forecasters are computed by the registry, not recorded")
    return name


@dataclass(frozen=True)
class QuestionSpec:
    """A resolvable question as the registry stores it (one revision).

    Binary questions have the options ``("yes", "no")``; numeric ones have no options and a
    range ``[range_min, range_max]`` whose bounds are open (outcomes may fall outside) or closed.
    """

    id: str
    title: str
    type: Literal["binary", "multiple_choice", "numeric"]
    open_at: datetime
    close_at: datetime
    options: tuple[str, ...] = BINARY_OPTIONS
    ordered: bool = False
    range_min: float | None = None
    range_max: float | None = None
    open_lower: bool = False
    open_upper: bool = False
    zero_point: float | None = None
    criteria: str = ""
    fine_print: str = ""
    resolution_source: str = ""
    resolve_by: datetime | None = None
    scenario_id: str | None = None
    mapping: str = ""
    revision: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        where = f"question {self.id!r}"
        if not isinstance(self.id, str) or not QUESTION_ID_RE.match(self.id):
            raise RegistryError(f"question id {self.id!r} is not valid",
                                expected="1-200 letters, digits or _.:/- starting with a letter or digit")
        if self.type not in QTYPES:
            raise RegistryError(f"{where}: type {self.type!r}", expected="binary, multiple_choice or numeric")
        if not str(self.title).strip():
            raise RegistryError(f"{where}: the title is empty")
        for name in ("open_at", "close_at", "resolve_by"):
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, as_utc(v, what=f"{where}: {name}"))
        if self.close_at < self.open_at:
            raise RegistryError(f"{where}: close {self.close_at:%Y-%m-%d} is before open {self.open_at:%Y-%m-%d}")
        if self.resolve_by is not None and self.resolve_by < self.close_at:
            raise RegistryError(f"{where}: resolve-by is before the close")
        if self.type == "binary":
            object.__setattr__(self, "options", BINARY_OPTIONS)
        elif self.type == "multiple_choice":
            opts = tuple(str(o) for o in self.options)
            if len(opts) < 2 or len(set(o.casefold() for o in opts)) != len(opts):
                raise RegistryError(f"{where}: options {list(opts)}", expected="two or more distinct labels")
            object.__setattr__(self, "options", opts)
        else:
            object.__setattr__(self, "options", ())
            lo, hi = self.range_min, self.range_max
            if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
                raise RegistryError(f"{where}: numeric range [{lo}, {hi}]", expected="finite range_min < range_max")
            if self.zero_point is not None and lo <= self.zero_point <= hi:
                raise RegistryError(f"{where}: zero_point {self.zero_point} lies inside the range")

    @property
    def n_options(self) -> int:
        return len(self.options)

    def content_sha256(self) -> str:
        """Digest of everything that defines the question (not its revision number)."""
        d = asdict(self)
        d.pop("revision")
        return hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()

    def option_index(self, label: Any) -> int:
        """Index of an outcome label (case-insensitive; binary also takes true/false, 1/0)."""
        text = str(label).strip().casefold()
        if self.type == "binary":
            text = {"true": "yes", "1": "yes", "y": "yes", "false": "no", "0": "no", "n": "no"}.get(text, text)
        for i, o in enumerate(self.options):
            if o.casefold() == text:
                return i
        raise RegistryError(f"question {self.id!r}: outcome {label!r} is not an option",
                            expected="one of " + ", ".join(self.options))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("open_at", "close_at", "resolve_by"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        d["options"] = list(self.options)
        return d


def check_probabilities(q: QuestionSpec, probs: Sequence[Any]) -> list[float]:
    """One probability per option, each in [0, 1], summing to 1 (within 1e-6)."""
    if q.type == "numeric":
        raise RegistryError(f"question {q.id!r} is numeric: give a CDF or samples, not option probabilities")
    try:
        values = [float(p) for p in probs]
    except (TypeError, ValueError):
        raise RegistryError(f"question {q.id!r}: probabilities {list(probs)!r} are not numbers") from None
    if q.type == "binary" and len(values) == 1:
        values = [values[0], 1.0 - values[0]]  # P(yes) alone
    if len(values) != q.n_options:
        raise RegistryError(f"question {q.id!r}: {len(values)} probabilities for {q.n_options} options",
                            expected="one per option, in order: " + ", ".join(q.options))
    for label, v in zip(q.options, values):
        if not math.isfinite(v) or v < 0 or v > 1:
            raise RegistryError(f"question {q.id!r}: P({label}) = {v} is out of range", expected="0 to 1")
    total = math.fsum(values)
    if abs(total - 1) > SUM_TOLERANCE:
        raise RegistryError(f"question {q.id!r}: probabilities sum to {total:.6g}", expected="a sum of 1")
    return values


@dataclass(frozen=True)
class ForecastRecord:
    """A stored forecast with its provenance."""

    id: str
    question: str
    revision: int
    forecaster: str
    kind: str
    made_at: datetime
    valid_from: datetime
    probabilities: tuple[float, ...] | None
    cdf: tuple[float, ...] | None = None
    interval: dict[str, Any] | None = None
    scenario_id: str | None = None
    scenario_digest: str | None = None
    evidence_cutoff: datetime | None = None
    mapping: str | None = None
    engine_options: dict[str, Any] | None = None
    seed: str | None = None
    code_version: str | None = None
    rationale: str | None = None
    origin: str = "api"

    def to_dict(self, options: Sequence[str] | None = None) -> dict[str, Any]:
        d = asdict(self)
        for k in ("made_at", "valid_from", "evidence_cutoff"):
            d[k] = d[k].isoformat() if d[k] is not None else None
        if self.probabilities is not None and options is not None:
            d["probabilities"] = dict(zip(options, self.probabilities))
        elif self.probabilities is not None:
            d["probabilities"] = list(self.probabilities)
        if self.cdf is not None:
            d["cdf"] = list(self.cdf)
        return d


@dataclass(frozen=True)
class ResolutionRecord:
    """A stored resolution (the latest one of a question wins)."""

    id: int
    question: str
    status: str
    outcome_index: int | None
    outcome_value: float | None
    outcome_label: str | None
    resolved_at: datetime
    recorded_at: datetime
    source: str | None = None
    evidence: str | None = None
    resolver: str | None = None
    supersedes_id: int | None = None

    @property
    def outcome(self) -> Any:
        return self.outcome_label if self.outcome_value is None else self.outcome_value

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["outcome"] = self.outcome
        for k in ("resolved_at", "recorded_at"):
            d[k] = d[k].isoformat()
        return d

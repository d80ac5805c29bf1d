"""The explorer's state: which inputs of a scenario an analyst changed, and the scenario they give.

The state is a flat mapping of *keys* to numbers, the same in the URL query
string, the form and a saved file:

* ``<issue>.<actor>.position`` / ``.salience`` / ``.leverage``: a position's
  point value on that issue;
* ``p.<parameter>``: a parameter fixed at one value.

Edits are applied to the scenario's plain data (the parsed YAML) and the
result goes through the scenario's own validation (:func:`scenario_from_data`),
so a value the file could not hold is refused in the words of
``realpolitik validate``. Nothing of the scenario is executed and no input is
evaluated: a value is a float or a field error.

An uncertain input (uniform or triangular) keeps its spread: the distribution
moves so its point value is the new number, clipped to the field's bounds. A
value outside the bounds replaces the distribution by that number, so the
validator names the problem.
"""

from __future__ import annotations

import pickle
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..errors import RealpolitikError, ScenarioError
from ..scenario.io import scenario_from_data
from ..scenario.model import point_value
from ..scenario.yamlsafe import PathMap, format_path

__all__ = ["Field", "Base", "Evaluated", "FIELDS", "MAX_KEYS", "parse_edits", "evaluate"]

#: The editable columns of a position.
FIELDS = ("position", "salience", "leverage")
#: A state with more keys than this is refused (the form has one key per input).
MAX_KEYS = 400
#: The longest key and value accepted (anything longer is not a number or an id).
MAX_KEY_CHARS = 200
MAX_VALUE_CHARS = 40
#: Distributions moved by shifting their location (the others are replaced by a number).
_SHIFTABLE = {"uniform": ("low", "high"), "triangular": ("low", "mode", "high")}


@dataclass(frozen=True)
class Field:
    """One editable input: its key, where it sits in the file, its slider range and base value."""

    key: str
    path: tuple[Any, ...]
    kind: str  # "position" | "salience" | "leverage" | "parameter"
    label: str
    low: float
    high: float
    step: float
    base: float | None
    declared: str
    bounded_above: bool = True

    @property
    def dom_id(self) -> str:
        """An id safe in a CSS selector (``f-`` and hex of the key)."""
        return "f-" + self.key.encode("utf-8").hex()


@dataclass(frozen=True)
class Base:
    """A scenario as loaded: its plain data, line map, validated model and editable fields."""

    ref: str
    data: Any
    pm: PathMap
    scenario: Any
    text: str
    fields: tuple[Field, ...]
    by_key: Mapping[str, Field] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class Evaluated:
    """The state applied: the scenario (None when a field is wrong) and the errors by key."""

    edits: Mapping[str, float]
    errors: Mapping[str, str]
    scenario: Any
    data: Any

    @property
    def ok(self) -> bool:
        return not self.errors and self.scenario is not None


def _show(v: Any) -> str:
    if v is None:
        return "not given"
    if isinstance(v, (int, float)):
        return _num(float(v))
    lo, hi = v.support
    return f"{v.dist} {_num(lo)}–{_num(hi)}"


def _num(x: float) -> str:
    return f"{x:.6g}"


def _step(lo: float, hi: float) -> float:
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return 1.0
    return float(f"{10 ** math.floor(math.log10(span / 100)):.0e}") if span < 100 else 1.0


def make_base(ref: str, data: Any, pm: PathMap, scenario: Any, text: str) -> Base:
    """The editable fields of a validated scenario (issues' positions, then parameters)."""
    out: list[Field] = []
    for i, issue in enumerate(scenario.issues):
        lo, hi = float(issue.scale.min), float(issue.scale.max)
        levs = [point_value(p.leverage) or 0.0 for p in issue.positions]
        lev_hi = 100.0 if max(levs, default=0.0) <= 100 else float(10 ** math.ceil(math.log10(max(levs) * 2)))
        for j, p in enumerate(issue.positions):
            aid = scenario.actor(p.actor).id
            name = scenario.actor(p.actor).name
            ranges = {"position": (lo, hi, True), "salience": (0.0, float(issue.salience_scale), True),
                      "leverage": (0.0, lev_hi, False)}
            for f in FIELDS:
                v = getattr(p, f)
                if f == "leverage" and v is None:
                    continue
                flo, fhi, bounded = ranges[f]
                out.append(Field(key=f"{issue.id}.{aid}.{f}", path=("issues", i, "positions", j, f), kind=f,
                                 label=f"{name}: {f}", low=flo, high=fhi, step=_step(flo, fhi),
                                 base=point_value(v), declared=_show(v), bounded_above=bounded))
    for k, prm in enumerate(scenario.parameters):
        v = prm.value
        lo, hi = (float(x) for x in (v.support if not isinstance(v, (int, float)) else (v, v)))
        if prm.unit.strip().lower() == "probability":
            lo, hi = 0.0, 1.0
        elif lo == hi:
            lo, hi = (0.0, 2 * hi) if hi > 0 else (2 * lo, 0.0) if lo < 0 else (0.0, 1.0)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            continue
        out.append(Field(key=f"p.{prm.id}", path=("parameters", k, "value"), kind="parameter",
                         label=prm.id, low=lo, high=hi, step=_step(lo, hi), base=point_value(v),
                         declared=_show(v)))
    fields = tuple(out)
    return Base(ref=ref, data=data, pm=pm, scenario=scenario, text=text, fields=fields,
                by_key={f.key: f for f in fields})


def parse_edits(base: Base, items: Iterable[tuple[str, str]]) -> tuple[dict[str, float], dict[str, str]]:
    """Query-string pairs → (edits by key, field errors by key); never raises on bad input.

    Unknown keys, values that are not finite numbers and parameters outside their slider range
    are field errors; a key given twice keeps its last value.
    """
    edits: dict[str, float] = {}
    errors: dict[str, str] = {}
    for n, (key, raw) in enumerate(items):
        if n >= MAX_KEYS:
            errors["_state"] = f"more than {MAX_KEYS} inputs in the state"
            break
        key = str(key)[:MAX_KEY_CHARS]
        raw = str(raw).strip()
        f = base.by_key.get(key)
        if f is None:
            errors[key] = _unknown(base, key)
            continue
        if raw == "":
            edits.pop(key, None)  # an empty box means "as declared"
            continue
        try:
            x = float(raw[:MAX_VALUE_CHARS]) if len(raw) <= MAX_VALUE_CHARS else math.nan
        except ValueError:
            x = math.nan
        if not math.isfinite(x):
            shown = raw if len(raw) <= MAX_VALUE_CHARS else raw[:MAX_VALUE_CHARS] + "…"
            errors[key] = f"{shown!r} is not a number (expected a finite number)"
            continue
        if f.kind == "parameter" and not f.low <= x <= f.high:
            errors[key] = (f"parameter {f.label} = {_num(x)} is outside its range [{_num(f.low)}, {_num(f.high)}] "
                           f"(expected a value in [{_num(f.low)}, {_num(f.high)}])")
            continue
        errors.pop(key, None)
        if f.base is not None and abs(x - f.base) <= 1e-9 * max(1.0, abs(f.base)):
            edits.pop(key, None)  # the declared point: "as declared" (the URL holds changes only)
            continue
        edits[key] = x
    return edits, errors


def _unknown(base: Base, key: str) -> str:
    parts = key.split(".")
    sc = base.scenario
    if len(parts) == 2 and parts[0] == "p":
        return (f"unknown parameter {parts[1]!r} (expected one of: "
                + ", ".join(p.id for p in sc.parameters) + ")")
    if len(parts) == 3:
        issue, actor, what = parts
        if issue not in {i.id for i in sc.issues}:
            return f"unknown issue {issue!r} (expected one of: " + ", ".join(i.id for i in sc.issues) + ")"
        actors = [k.split(".")[1] for k in base.by_key if k.startswith(issue + ".")]
        if actor not in actors:
            return (f"unknown actor {actor!r} on issue {issue!r} (expected one of: "
                    + ", ".join(dict.fromkeys(actors)) + ")")
        return f"{what!r} cannot be edited (expected one of: " + ", ".join(FIELDS) + ")"
    return (f"unknown input {key!r} (expected <issue>.<actor>.position|salience|leverage "
            "or p.<parameter>)")


def _set(data: Any, path: tuple[Any, ...], f: Field, x: float) -> None:
    parent = data
    for p in path[:-1]:
        parent = parent[p]
    old = parent.get(path[-1])
    lo = f.low
    hi = f.high if f.bounded_above else math.inf
    inside = lo <= x <= hi
    if f.kind != "parameter" and inside and isinstance(old, dict) and old.get("dist") in _SHIFTABLE \
            and f.base is not None:
        keys = _SHIFTABLE[old["dist"]]
        delta = x - f.base
        new = dict(old)
        for k in keys:
            new[k] = min(hi, max(lo, float(old[k]) + delta))
        if "mode" in new:
            new["mode"] = x
        elif new["high"] - new["low"] > 0:  # uniform: keep the point (the midpoint) at x
            half = min(x - new["low"], new["high"] - x)
            new["low"], new["high"] = x - half, x + half
        if new["high"] <= new["low"]:
            parent[path[-1]] = x
        else:  # in place: a round-trip (ruamel) mapping keeps its flow style and comments
            for k in keys:
                old[k] = _tidy(new[k])
        return
    parent[path[-1]] = _tidy(x)


def _tidy(x: float) -> float | int:
    """Whole numbers as ints (a saved file reads ``30``, not ``30.0``); others rounded to 12 digits."""
    x = float(f"{x:.12g}")
    return int(x) if x.is_integer() and abs(x) < 1e15 else x


def evaluate(base: Base, edits: Mapping[str, float], errors: Mapping[str, str] | None = None) -> Evaluated:
    """Apply ``edits`` to a copy of the base data and validate it (errors by key, in validate's words)."""
    errors = dict(errors or {})
    if errors:
        return Evaluated(edits=dict(edits), errors=errors, scenario=None, data=None)
    if not edits:
        return Evaluated(edits={}, errors={}, scenario=base.scenario, data=base.data)
    data = pickle.loads(pickle.dumps(base.data, pickle.HIGHEST_PROTOCOL))  # a deep copy, 3x faster
    for key, x in edits.items():
        _set(data, base.by_key[key].path, base.by_key[key], x)
    try:
        sc = scenario_from_data(data, base.pm)
    except ScenarioError as exc:
        return Evaluated(edits=dict(edits), errors=_field_errors(base, exc), scenario=None, data=data)
    except RealpolitikError as exc:  # any other refusal of the edited data
        return Evaluated(edits=dict(edits), errors={"_state": str(exc)}, scenario=None, data=data)
    return Evaluated(edits=dict(edits), errors={}, scenario=sc, data=data)


def _field_errors(base: Base, exc: ScenarioError) -> dict[str, str]:
    by_path = {format_path(f.path): f.key for f in base.fields}
    items = getattr(exc, "problems", None) or [(exc.location, exc.message, exc.expected)]
    out: dict[str, str] = {}
    for loc, msg, exp in items:
        path = loc.path or ""
        text = msg + (f" (expected {exp})" if exp else "")
        key = by_path.get(path)
        while key is None and max(path.rfind("."), path.rfind("[")) > 0:
            path = path[:max(path.rfind("."), path.rfind("["))]
            key = by_path.get(path)
        out.setdefault(key or "_state", text)
    return out


def query_items(edits: Mapping[str, float]) -> list[tuple[str, str]]:
    """The edits as query-string pairs (shortest exact text of each number)."""
    return [(k, repr(float(v)) if float(v) != int(v) or abs(v) >= 1e15 else str(int(v))) for k, v in edits.items()]

"""Reading and writing scenario files.

``load_scenario`` is the one way a file becomes a :class:`Scenario`: size
limit, UTF-8 (a BOM is accepted), safe YAML 1.2 with positions, pydantic
structure, then cross-reference checks. Every problem becomes one
:class:`~realpolitik.errors.ScenarioError` that names the file, line, column,
field path and what was expected; all problems found are listed in it.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from ..bounds import MAX_MAGNITUDE
from ..errors import Location, ScenarioError, ScenarioFileError, shown
from . import validate
from .model import Scenario
from .yamlsafe import PathMap, read_yaml

__all__ = ["MAX_FILE_BYTES", "load_scenario", "loads_scenario", "scenario_from_data",
           "dump_yaml", "read_text_file"]

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text_file(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (BOM stripped) no larger than ``limit`` bytes."""
    from .._io import check_input_path

    name = str(path)
    p = check_input_path(path)  # missing, a folder, a FIFO, a socket or a device: refused
    size = p.stat().st_size
    if size > limit:
        raise ScenarioFileError(f"file is {size:,} bytes, over the {limit:,}-byte limit",
                                location=Location(file=name), expected=f"a file under {limit // 1024 // 1024} MiB")
    with open(p, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:  # grew while we looked
        raise ScenarioFileError(f"file is over the {limit:,}-byte limit", location=Location(file=name))
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str | None) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioFileError(f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                                location=Location(file=name, line=line, column=col),
                                expected="a UTF-8 encoded text file") from None


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario YAML (or JSON) file."""
    return loads_scenario(read_text_file(path), file=str(path))


def loads_scenario(text: str, *, file: str | None = None) -> Scenario:
    """Validate scenario text; ``file`` is only used in error messages."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise ScenarioFileError(f"text is over the {MAX_FILE_BYTES:,}-byte limit", location=Location(file=file))
    if text.startswith("\ufeff"):
        text = text[1:]
    data, pm = read_yaml(text, file)
    return scenario_from_data(data, pm)


def scenario_from_data(data: Any, pm: PathMap | None = None) -> Scenario:
    """Validate already-parsed data (e.g. from an importer)."""
    pm = pm or PathMap(None)
    if not isinstance(data, dict):
        raise ScenarioError("the top level must be a mapping", location=pm.locate(()),
                            expected="keys schema_version, metadata, actors, issues ...")
    _check_counts(data, pm)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _from_pydantic(exc, data, pm) from None
    problems = validate.check(sc)
    if problems:
        raise _combine([(pm.locate(path), msg, exp) for path, msg, exp in problems])
    return sc


def _check_counts(data: dict[str, Any], pm: PathMap) -> None:
    """Actors and issues within their bounds, before any model (whose cost grows faster than linearly) sees them."""
    from ..bounds import MAX_ACTORS, MAX_ISSUES

    for key, limit in (("actors", MAX_ACTORS), ("issues", MAX_ISSUES)):
        items = data.get(key)
        if isinstance(items, list) and len(items) > limit:
            raise ScenarioError(f"{len(items):,} {key}, over the limit of {limit:,}", location=pm.locate((key,)),
                                expected=f"at most {limit:,} {key} per scenario (docs/limits.md)")


def _combine(items: list[tuple[Location, str, str | None]]) -> ScenarioError:
    loc, msg, exp = items[0]
    if len(items) == 1:
        return ScenarioError(msg, location=loc, expected=exp)
    lines = [f"{len(items)} problems:"]
    for l, m, e in items:
        lines.append(f"  - {l}: {m}" + (f" (expected {e})" if e else ""))
    err = ScenarioError("\n".join(lines), location=Location(file=loc.file))
    err.problems = items  # type: ignore[attr-defined]
    return err


def _clean_loc(loc: tuple[Any, ...], data: Any, kind: str) -> tuple[Any, ...]:
    """Drop pydantic's union/validator labels from a location, keeping real keys."""
    out: list[Any] = []
    cur = data
    for n, comp in enumerate(loc):
        last = n == len(loc) - 1
        if isinstance(cur, dict) and isinstance(comp, str) and comp in cur:
            out.append(comp)
            cur = cur[comp]
        elif isinstance(cur, list) and isinstance(comp, int) and 0 <= comp < len(cur):
            out.append(comp)
            cur = cur[comp]
        elif last and isinstance(comp, str) and kind in ("missing", "extra_forbidden") and isinstance(cur, dict):
            out.append(comp)
        else:
            continue
    return tuple(out)


_EXPECT = {
    "missing": "this required field",
    "extra_forbidden": "only the keys defined by schema_version 1",
    "finite_number": "a finite number (no NaN or inf)",
    "float_type": "a number, unquoted (not true/false or a string)",
    "int_type": "an integer, unquoted (not true/false or a string)",
    "string_type": "text",
    "date_type": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
}
#: Error kinds where the type of the value given is worth naming.
_TYPED = {"float_type", "int_type", "string_type", "date_type", "bool_type", "value_error", "literal_error"}


def _union_root(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str] | None:
    """For errors inside a number-or-distribution union: (loc up to the union, branch)."""
    for n, comp in enumerate(loc):
        if not isinstance(comp, str):
            continue
        if comp == "float" or comp.endswith("constrained-float]") or comp == "constrained-float":
            return tuple(loc[:n]), "number"
        if comp.startswith("tagged-union"):
            return tuple(loc[:n]), "distribution"
    return None


def _from_pydantic(exc: ValidationError, data: Any, pm: PathMap) -> ScenarioError:
    items: list[tuple[Location, str, str | None]] = []
    seen: set[tuple[Any, ...]] = set()
    for err in exc.errors(include_url=False):
        loc, kind = tuple(err["loc"]), err["type"]
        union = _union_root(loc)
        if union is not None:
            root, branch = union
            got = _value_at(data, _clean_loc(root, data, kind))
            if isinstance(got, dict) and branch == "number":
                continue  # the user wrote a distribution: report its own errors
            if not isinstance(got, dict):
                if branch == "distribution":
                    continue
                path = _clean_loc(root, data, kind)
                if path in seen:
                    continue
                seen.add(path)
                if isinstance(got, bool):
                    what = f"{got!r} (true/false) is neither a number nor a distribution"
                elif isinstance(got, str):
                    what = f"the string {shown(got)} is neither a number nor a distribution (write numbers unquoted)"
                elif isinstance(got, (int, float)):
                    what = (f"{shown(got)} is outside ±{MAX_MAGNITUDE:.0e}" if math.isfinite(got)
                            else "Input should be a finite number (no NaN or inf)")
                else:
                    what = f"{shown(got)} is neither a number nor a distribution"
                items.append((pm.locate(path), what,
                              f"a finite number within ±{MAX_MAGNITUDE:.0e} or a mapping like "
                              "{dist: triangular, low: 20, mode: 30, high: 40}"))
                continue
        path = _clean_loc(loc, data, kind)
        if path in seen:
            continue
        seen.add(path)
        if kind == "missing":
            msg = "field required"
        elif kind == "extra_forbidden":
            msg = f"unknown key {path[-1]!r}" if path else "unknown key"
        else:
            msg = err["msg"]
            if "input" in err and not isinstance(err["input"], (dict, list)):
                got = err["input"]
                kind_of = "true/false" if isinstance(got, bool) else type(got).__name__
                msg += f" (got {kind_of} {shown(got)})" if kind in _TYPED else f" (got {shown(got)})"
        items.append((pm.locate(path), msg, _EXPECT.get(kind)))
    return _combine(items)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    cur = data
    for p in path:
        try:
            cur = cur[p]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def dump_yaml(sc: Scenario) -> str:
    """A scenario as YAML text that loads back to an equal scenario."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # ruamel types this attribute as its None default
    yaml.allow_unicode = True
    yaml.width = 100
    buf = io.StringIO()
    yaml.dump(sc.to_data(), buf)
    return buf.getvalue()

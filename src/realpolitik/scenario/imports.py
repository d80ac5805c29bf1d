"""Actor tables from published bargaining-model implementations → Scenario.

Two formats are read:

* **BDM CSV** (dmasad, jmckib replications): a header row with
  ``Actor|Stakeholder``, ``Capability|Resources``, ``Position``, ``Salience``;
  classic-Mac ``\\r``, ``\\n`` or ``\\r\\n`` line endings; salience on 0–1 or
  0–100 (detected: any value above 1 means 0–100). One issue per file. The
  scale is the range of the positions unless given.
* **decide** files (Stokman/Van Oosten exchange model): rows typed ``#A``
  (actor), ``#P`` (issue), ``#M`` (labelled scale point; min/max define the
  bounds, default 0–100), ``#D`` (actor, issue, position, salience 0–1,
  power); tab-separated with ``'`` quotes, or semicolon-separated. Power is
  issue-specific, so it becomes each position's ``leverage``; an actor whose
  power is the same on every issue also gets it as raw capability.

Every value keeps the line it came from, so a bad row is named in the error.
Fields are at most :data:`MAX_FIELD_CHARS` characters, actors and issues at most
the bounds of ``bounds.py`` (checked while reading, before anything is built).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from ..bounds import MAX_ACTORS, MAX_ISSUES
from ..errors import Location, ScenarioError, shown
from .io import read_text_file, scenario_from_data
from .model import Scenario
from .yamlsafe import PathMap

__all__ = ["import_table", "import_bdm_csv", "import_decide", "sniff_format", "MAX_FIELD_CHARS"]

#: Longest field of an imported table (an actor name, a number, a label).
MAX_FIELD_CHARS = 10_000

_ACTOR_COLS = ("actor", "stakeholder", "name")
_CAP_COLS = ("capability", "resources", "power", "clout")


def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_.\-]+", "_", text.strip()).strip("_.-")
    return s or "x"


def sniff_format(text: str) -> str:
    """``'decide'`` or ``'bdm'`` from the first non-empty line."""
    for line in text.splitlines():
        if line.strip():
            return "decide" if line.lstrip().lstrip("'\"").startswith("#") else "bdm"
    return "bdm"


def import_table(path: str | Path, *, scale: tuple[float, float] | None = None,
                 as_of: dt.date | None = None) -> Scenario:
    """Import a BDM CSV or a decide file, detected from its content."""
    text = read_text_file(path)
    fmt = sniff_format(text)
    if fmt == "decide":
        return import_decide(text, file=str(path), as_of=as_of)
    return import_bdm_csv(text, file=str(path), scale=scale, as_of=as_of)


def _rows(lines: list[str], file: str, **fmt: Any) -> list[tuple[int, list[str]]]:
    """CSV rows with their line numbers; a malformed or over-long field is a ScenarioError naming the line."""
    reader = csv.reader(lines, **fmt)
    out = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            raise ScenarioError(f"unreadable row: {exc}", location=Location(file=file, line=reader.line_num),
                                expected=f"fields of at most {MAX_FIELD_CHARS:,} characters") from None
        for c, field in enumerate(row):
            if len(field) > MAX_FIELD_CHARS:
                raise ScenarioError(f"field {c + 1} is {len(field):,} characters long",
                                    location=Location(file=file, line=reader.line_num, column=c + 1),
                                    expected=f"fields of at most {MAX_FIELD_CHARS:,} characters (docs/limits.md)")
        out.append((reader.line_num, row))


def _too_many(what: str, limit: int, file: str, line: int) -> ScenarioError:
    return ScenarioError(f"more than {limit:,} {what}", location=Location(file=file, line=line),
                         expected=f"at most {limit:,} {what} per scenario (docs/limits.md)")


def _number(raw: str, file: str, line: int, column: int, what: str) -> float:
    try:
        v = float(raw.strip().replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw.strip())
    except ValueError:
        raise ScenarioError(f"{what} {shown(raw)} is not a number", location=Location(file=file, line=line, column=column),
                            expected="a number") from None
    if not math.isfinite(v):  # 1e400, a 5,000-digit number, nan, inf: refused here, with the cell
        raise ScenarioError(f"{what} {shown(raw)} is not a finite number", expected="a finite number",
                            location=Location(file=file, line=line, column=column))
    return v


def _metadata(file: str, title: str, as_of: dt.date | None) -> dict[str, Any]:
    return {"id": slug(Path(file).stem).lower(), "title": title,
            "as_of": (as_of or dt.date.today()).isoformat(),
            "summary": f"Imported from {Path(file).name}."}


def _table_source(file: str, as_of: dt.date | None) -> dict[str, Any]:
    """The imported file as the source of every number in it (read on the import's as_of)."""
    return {"id": "table", "title": Path(file).name, "accessed": (as_of or dt.date.today()).isoformat(),
            "notes": f"The imported table {file}: every actor and position number comes from it."}


def import_bdm_csv(text: str, *, file: str = "<csv>", scale: tuple[float, float] | None = None,
                   as_of: dt.date | None = None) -> Scenario:
    lines = text.splitlines()
    rows = [(n, r) for n, r in _rows(lines, file) if any(c.strip() for c in r)]
    if len(rows) > MAX_ACTORS + 1:
        raise _too_many("actors", MAX_ACTORS, file, rows[MAX_ACTORS + 1][0])
    if not rows:
        raise ScenarioError("the table is empty", location=Location(file=file),
                            expected="a header row Actor,Capability,Position,Salience and one row per actor")
    header_line, header = rows[0]
    cols = [h.strip().casefold() for h in header]

    def col(names: tuple[str, ...], label: str) -> int:
        for i, h in enumerate(cols):
            if h in names:
                return i
        raise ScenarioError(f"no {label} column in header {shown(header)}",
                            location=Location(file=file, line=header_line, column=1),
                            expected=f"a column named {' or '.join(n.capitalize() for n in names)}")

    ia, ic = col(_ACTOR_COLS, "actor"), col(_CAP_COLS, "capability")
    ip, is_ = col(("position",), "position"), col(("salience",), "salience")
    pm = PathMap(file)
    actors: list[dict[str, Any]]
    positions: list[dict[str, Any]]
    actors, positions = [], []
    for k, (line, row) in enumerate(rows[1:]):
        if len(row) < len(cols):
            raise ScenarioError(f"row has {len(row)} fields, the header {len(cols)}",
                                location=Location(file=file, line=line, column=1))
        name = row[ia].strip()
        aid = slug(name).lower()
        cap = _number(row[ic], file, line, ic + 1, "capability")
        pos = _number(row[ip], file, line, ip + 1, "position")
        sal = _number(row[is_], file, line, is_ + 1, "salience")
        actors.append({"id": aid, "name": name, "capability": cap, "capability_basis": header[ic].strip(),
                       "sources": ["table"]})
        positions.append({"actor": aid, "position": pos, "salience": sal})
        for key, c in (("id", ia), ("capability", ic)):
            pm.marks[("actors", k, key)] = (line, c + 1)
        pm.marks[("actors", k)] = (line, 1)
        pm.marks[("issues", 0, "positions", k)] = (line, 1)
        for key, c in (("actor", ia), ("position", ip), ("salience", is_)):
            pm.marks[("issues", 0, "positions", k, key)] = (line, c + 1)
    if not actors:
        raise ScenarioError("the table has a header but no actors", location=Location(file=file, line=header_line))
    sal_scale = 100 if any(p["salience"] > 1 for p in positions) else 1
    vals = [p["position"] for p in positions]
    lo, hi = scale if scale is not None else (min(vals), max(vals))
    if lo == hi:  # every actor at one point: any non-empty scale around it works
        lo, hi = lo - 1.0, hi + 1.0
    data = {
        "schema_version": 1,
        "metadata": _metadata(file, f"Imported actor table {Path(file).name}", as_of),
        "sources": [_table_source(file, as_of)],
        "actors": actors,
        "issues": [{"id": slug(Path(file).stem).lower(), "question": f"Position on the issue of {Path(file).name}",
                    "scale": {"min": lo, "max": hi}, "salience_scale": sal_scale, "positions": positions,
                    "sources": ["table"]}],
    }
    return scenario_from_data(data, pm)


def _decide_rows(text: str, file: str) -> list[tuple[int, list[str]]]:
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    delim = "\t" if sample.count("\t") >= sample.count(";") else ";"
    out = []
    for n, row in _rows(lines, file, delimiter=delim, quotechar="'"):
        fields = [f.strip() for f in row]
        while fields and fields[-1] == "":
            fields.pop()
        if fields:
            out.append((n, fields))
    return out


def import_decide(text: str, *, file: str = "<decide>", as_of: dt.date | None = None) -> Scenario:
    pm = PathMap(file)
    actors: dict[str, dict[str, Any]] = {}
    issues: dict[str, dict[str, Any]] = {}
    marks: dict[str, list[float]] = {}
    data_rows: list[tuple[int, list[str]]] = []
    title = f"Imported decide file {Path(file).name}"
    for line, f in _decide_rows(text, file):
        kind = f[0].upper()
        if len(actors) > MAX_ACTORS:
            raise _too_many("actors", MAX_ACTORS, file, line)
        if len(issues) > MAX_ISSUES:
            raise _too_many("issues", MAX_ISSUES, file, line)
        if kind == "#A" and len(f) >= 2:
            actors.setdefault(f[1], {"id": slug(f[1]).lower(), "name": f[2] if len(f) > 2 and f[2] else f[1],
                                     "aliases": [f[1]] if slug(f[1]).lower() != f[1] else [], "_line": line})
        elif kind == "#P" and len(f) >= 2:
            issues.setdefault(f[1], {"id": slug(f[1]), "question": f[2] if len(f) > 2 and f[2] else f[1],
                                     "_line": line, "anchors": []})
        elif kind == "#M" and len(f) >= 3:
            v = _number(f[2], file, line, 3, "scale point")
            marks.setdefault(f[1], []).append(v)
            if f[1] in issues and len(f) > 3 and f[3]:
                issues[f[1]]["anchors"].append({"value": v, "label": f[3]})
        elif kind == "#D":
            data_rows.append((line, f))
        elif kind == "#O" and len(f) > 1:
            title = f[1]
    if not actors:
        raise ScenarioError("no #A (actor) rows", location=Location(file=file),
                            expected="decide rows #A, #P, #M and #D")
    powers: dict[str, set[float]] = {}
    positions: dict[str, list[dict[str, Any]]] = {k: [] for k in issues}
    issue_index = {k: i for i, k in enumerate(issues)}
    for line, f in data_rows:
        if len(f) < 6:
            raise ScenarioError(f"#D row has {len(f) - 1} fields", location=Location(file=file, line=line, column=1),
                                expected="#D actor issue position salience power")
        akey, ikey = f[1], f[2]
        if akey not in actors:
            raise ScenarioError(f"#D row names actor {shown(akey)}, which has no #A row",
                                location=Location(file=file, line=line, column=2), expected="an actor defined by #A")
        if ikey not in issues:
            raise ScenarioError(f"#D row names issue {shown(ikey)}, which has no #P row",
                                location=Location(file=file, line=line, column=3), expected="an issue defined by #P")
        pos = _number(f[3], file, line, 4, "position")
        sal = _number(f[4], file, line, 5, "salience")
        power = _number(f[5], file, line, 6, "power")
        i = issue_index[ikey]
        j = len(positions[ikey])
        positions[ikey].append({"actor": actors[akey]["id"], "position": pos, "salience": sal, "leverage": power})
        pm.marks[("issues", i, "positions", j)] = (line, 1)
        for key, c in (("actor", 2), ("position", 4), ("salience", 5), ("leverage", 6)):
            pm.marks[("issues", i, "positions", j, key)] = (line, c)
        powers.setdefault(akey, set()).add(power)
    actor_list = []
    for k, (akey, a) in enumerate(actors.items()):
        pm.marks[("actors", k)] = (a.pop("_line"), 1)
        ps = powers.get(akey, set())
        if len(ps) == 1:
            a["capability"] = next(iter(ps))
            a["capability_basis"] = "decide power (the same on every issue)"
            a["sources"] = ["table"]
        actor_list.append(a)
    issue_list = []
    for i, (ikey, iss) in enumerate(issues.items()):
        pm.marks[("issues", i)] = (iss.pop("_line"), 1)
        if not positions[ikey]:
            continue  # an issue without data rows is not a bargaining issue
        m = marks.get(ikey, [])
        lo, hi = (min(m), max(m)) if len(m) >= 2 and min(m) < max(m) else (0.0, 100.0)
        # Powers on 0-100 are accepted by decide; normalise nothing, capability scale is free.
        sal_scale = 100 if any(p["salience"] > 1 for p in positions[ikey]) else 1
        anchors = [a for a in iss.pop("anchors") if lo <= a["value"] <= hi]
        issue_list.append({**iss, "scale": {"min": lo, "max": hi, "anchors": anchors},
                           "salience_scale": sal_scale, "positions": positions[ikey], "sources": ["table"]})
    data = {"schema_version": 1, "metadata": _metadata(file, title, as_of), "sources": [_table_source(file, as_of)],
            "actors": actor_list, "issues": issue_list}
    # Issue indexes in marks refer to all #P rows; remap to the kept ones.
    keys = list(issues)
    kept = {k: j for j, k in enumerate(k for k in issues if positions[k])}
    remapped: dict[tuple[Any, ...], tuple[int, int]] = {}
    for path, mark in pm.marks.items():
        if path and path[0] == "issues" and len(path) > 1:
            key = keys[path[1]]
            if key not in kept:
                continue
            path = ("issues", kept[key]) + path[2:]
        remapped[path] = mark
    pm.marks = remapped
    return scenario_from_data(data, pm)

"""Import and export: JSON documents and CSV tables of questions, forecasts and resolutions.

JSON (``registry export --json``)::

    {"format": "realpolitik-registry", "version": 1,
     "questions": [{"id", "title", "type", "options", "open_at", "close_at", ...}],
     "forecasts": [{"question", "forecaster", "made_at", "valid_from", "probabilities": {LABEL: P}, ...}],
     "resolutions": [{"question", "status", "outcome", "resolved_at", "source", "evidence", ...}]}

CSV: one table per file, recognised by its header —

* questions: ``id,title,type,options,open_at,close_at`` (+ ``ordered,range_min,range_max,
  open_lower,open_upper,criteria,fine_print,resolve_by,scenario``); options separated by ``|``;
* forecasts: ``question,forecaster,made_at,probabilities`` (+ ``valid_from,rationale,id``);
  probabilities in option order separated by ``|`` (a binary question also takes ``P(yes)`` alone);
* resolutions: ``question,outcome,resolved_at`` (+ ``status,source,evidence,resolver``).

An import is one transaction: any bad row (its file and line are named) and nothing is written.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from ._errors import RegistryError
from .service import Ops, Registry
from .specs import QuestionSpec

__all__ = ["export_document", "export_csv", "import_file", "import_document", "MAX_IMPORT_BYTES"]

MAX_IMPORT_BYTES = 64 * 1024 * 1024
QUESTION_COLS = ("id", "title", "type", "options", "open_at", "close_at")
FORECAST_COLS = ("question", "forecaster", "made_at", "probabilities")
RESOLUTION_COLS = ("question", "outcome", "resolved_at")


def export_document(reg: Registry) -> dict[str, Any]:
    """Everything in the registry as one JSON-ready document (latest question revisions)."""
    with reg.batch() as ops:
        qs = ops.questions()
        options = {q.id: q.options for q in qs}
        return {
            "format": "realpolitik-registry", "version": 1,
            "questions": [q.to_dict() for q in qs],
            "forecasts": [f.to_dict(options.get(f.question)) for f in ops.forecasts()],
            "resolutions": [r.to_dict() for r in ops.resolutions()],
        }


def export_csv(reg: Registry, folder: Path) -> list[Path]:
    """Write questions.csv, forecasts.csv and resolutions.csv into ``folder``."""
    from .._io import write_atomic

    doc = export_document(reg)
    if not folder.is_dir():
        raise RegistryError(f"{folder}: not a folder (CSV export writes three files into it)")
    tables = {
        "questions.csv": ([*QUESTION_COLS, "ordered", "range_min", "range_max", "open_lower", "open_upper",
                           "zero_point", "criteria", "fine_print", "resolution_source", "resolve_by", "scenario",
                           "mapping", "revision"],
                          [{**q, "options": "|".join(q["options"]), "scenario": q["scenario_id"]}
                           for q in doc["questions"]]),
        "forecasts.csv": (["id", *FORECAST_COLS, "valid_from", "kind", "evidence_cutoff", "scenario_id",
                           "scenario_digest", "mapping", "seed", "code_version", "rationale", "origin"],
                          [{**f, "probabilities": "|".join(repr(float(p)) for p in f["probabilities"].values())
                            if f["probabilities"] else "|".join(repr(float(p)) for p in f.get("cdf") or [])}
                           for f in doc["forecasts"]]),
        "resolutions.csv": (["question", "status", "outcome", "resolved_at", "recorded_at", "source", "evidence",
                             "resolver"], doc["resolutions"]),
    }
    written = []
    for name, (cols, rows) in tables.items():
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if v is None else v) for k, v in row.items()})
        write_atomic(folder / name, buf.getvalue())
        written.append(folder / name)
    return written


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such file") from None
    if size > MAX_IMPORT_BYTES:
        raise RegistryError(f"{path}: {size} bytes is more than the {MAX_IMPORT_BYTES} byte import limit")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RegistryError(f"{path}: not UTF-8 text") from None


def import_file(reg: Registry, path: str | Path) -> dict[str, int]:
    """Import a JSON document, a CSV table, or a folder of the three CSV tables (one transaction)."""
    p = Path(path)
    if p.is_dir():
        files = [p / n for n in ("questions.csv", "forecasts.csv", "resolutions.csv") if (p / n).exists()]
        if not files:
            raise RegistryError(f"{p}: no questions.csv, forecasts.csv or resolutions.csv in this folder")
    else:
        files = [p]
    counts = {"questions": 0, "forecasts": 0, "resolutions": 0}
    with reg.batch() as ops:
        for f in files:
            text = _read(f)
            if f.suffix.lower() == ".json":
                try:
                    doc = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise RegistryError(f"{f}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from None
                part = import_document(ops, doc, source=str(f))
            else:
                part = _import_csv(ops, text, str(f))
            for k, v in part.items():
                counts[k] += v
    return counts


def _need(row: Mapping[str, Any], key: str, where: str) -> Any:
    v = row.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        raise RegistryError(f"{where}: {key} is missing")
    return v


def _bool(v: Any, where: str) -> bool:
    if isinstance(v, bool):
        return v
    text = str(v or "").strip().casefold()
    if text in ("", "false", "0", "no"):
        return False
    if text in ("true", "1", "yes"):
        return True
    raise RegistryError(f"{where}: {v!r} is not true or false")


def _float(v: Any, where: str) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        raise RegistryError(f"{where}: {v!r} is not a number") from None


def _question(row: Mapping[str, Any], where: str) -> QuestionSpec:
    known = {"id", "title", "type", "options", "ordered", "range_min", "range_max", "open_lower", "open_upper",
             "zero_point", "criteria", "fine_print", "resolution_source", "open_at", "close_at", "resolve_by",
             "scenario", "scenario_id", "mapping", "revision"}
    unknown = sorted(set(row) - known)
    if unknown:
        raise RegistryError(f"{where}: unknown field(s) {', '.join(unknown)}", expected=", ".join(sorted(known)))
    opts = row.get("options") or ()
    if isinstance(opts, str):
        opts = tuple(o.strip() for o in opts.split("|") if o.strip())
    try:
        return QuestionSpec(
            id=str(_need(row, "id", where)), title=str(_need(row, "title", where)), type=_need(row, "type", where),
            options=tuple(opts) or ("yes", "no"), ordered=_bool(row.get("ordered"), f"{where}: ordered"),
            range_min=_float(row.get("range_min"), f"{where}: range_min"),
            range_max=_float(row.get("range_max"), f"{where}: range_max"),
            open_lower=_bool(row.get("open_lower"), f"{where}: open_lower"),
            open_upper=_bool(row.get("open_upper"), f"{where}: open_upper"),
            zero_point=_float(row.get("zero_point"), f"{where}: zero_point"),
            criteria=str(row.get("criteria") or ""), fine_print=str(row.get("fine_print") or ""),
            resolution_source=str(row.get("resolution_source") or ""),
            open_at=_need(row, "open_at", where), close_at=_need(row, "close_at", where),
            resolve_by=row.get("resolve_by") or None, scenario_id=row.get("scenario") or row.get("scenario_id") or None,
            mapping=str(row.get("mapping") or ""))
    except RegistryError as exc:
        raise RegistryError(f"{where}: {exc.message}", expected=exc.expected) from None


def _probabilities(value: Any, where: str) -> tuple[list[Any] | None, dict[str, Any] | None]:
    if isinstance(value, Mapping):
        return None, dict(value)
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", "|").split("|") if p.strip()]
        return parts, None
    if isinstance(value, (list, tuple)):
        return list(value), None
    if isinstance(value, (int, float)):
        return [value], None
    raise RegistryError(f"{where}: probabilities {value!r}", expected="numbers in option order or {label: p}")


def _forecast(ops: Ops, row: Mapping[str, Any], where: str, origin: str) -> None:
    qid = str(_need(row, "question", where))
    try:
        q = ops.question(qid)
        seq, mapping = _probabilities(_need(row, "probabilities", where) if q.type != "numeric"
                                      else row.get("probabilities") or row.get("cdf"), where)
        if mapping is not None:
            missing = [o for o in q.options if o not in mapping]
            extra = [k for k in mapping if k not in q.options]
            if missing or extra:
                raise RegistryError(f"probabilities name {sorted(mapping)}", expected="the options " + ", ".join(q.options))
            seq = [mapping[o] for o in q.options]
        kw: dict[str, Any] = {}
        if q.type == "numeric":
            kw["cdf"] = [float(x) for x in seq or ()]
            seq = None
        ops.add_forecast(
            q.id, seq, forecaster=str(_need(row, "forecaster", where)), made_at=_need(row, "made_at", where),
            valid_from=row.get("valid_from") or None, evidence_cutoff=row.get("evidence_cutoff") or None,
            scenario_id=row.get("scenario_id") or None, scenario_digest=row.get("scenario_digest") or None,
            mapping=row.get("mapping") or None, seed=row.get("seed") or None,
            code_version=row.get("code_version") or None, rationale=row.get("rationale") or None,
            interval=row.get("interval") if isinstance(row.get("interval"), dict) else None,
            origin=origin, id=row.get("id") or None, **kw)
    except (RegistryError, ValueError) as exc:
        msg = exc.message if isinstance(exc, RegistryError) else str(exc)
        raise RegistryError(f"{where}: {msg}") from None


def _resolution(ops: Ops, row: Mapping[str, Any], where: str) -> None:
    try:
        status = str(row.get("status") or "resolved")
        outcome = row.get("outcome")
        if status == "resolved":
            outcome = _need(row, "outcome", where)
        ops.resolve(str(_need(row, "question", where)), outcome, status=status,
                    resolved_at=_need(row, "resolved_at", where), source=row.get("source") or None,
                    evidence=row.get("evidence") or None, resolver=row.get("resolver") or None)
    except RegistryError as exc:
        raise RegistryError(f"{where}: {exc.message}", expected=exc.expected) from None


def _check_unique(ids: Iterable[str], what: str, source: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise RegistryError(f"{source}: duplicate {what} id {i!r}")
        seen.add(i)


def import_document(ops: Ops, doc: Any, *, source: str = "document") -> dict[str, int]:
    """Import a JSON document (see the module docstring) inside an open transaction."""
    if not isinstance(doc, dict):
        raise RegistryError(f"{source}: a registry document is a JSON object with questions, forecasts, resolutions")
    unknown = sorted(set(doc) - {"format", "version", "questions", "forecasts", "resolutions"})
    if unknown:
        raise RegistryError(f"{source}: unknown key(s) {', '.join(unknown)}",
                            expected="questions, forecasts, resolutions")
    parts = {k: doc.get(k) or [] for k in ("questions", "forecasts", "resolutions")}
    for k, v in parts.items():
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise RegistryError(f"{source}: {k} must be a list of objects")
    _check_unique((str(q.get("id")) for q in parts["questions"]), "question", source)
    _check_unique((str(f["id"]) for f in parts["forecasts"] if f.get("id")), "forecast", source)
    for i, row in enumerate(parts["questions"]):
        ops.add_question(_question(row, f"{source}: questions[{i}]"))
    for i, row in enumerate(parts["forecasts"]):
        _forecast(ops, row, f"{source}: forecasts[{i}]", origin="import")
    for i, row in enumerate(parts["resolutions"]):
        _resolution(ops, row, f"{source}: resolutions[{i}]")
    return {k: len(v) for k, v in parts.items()}


def _import_csv(ops: Ops, text: str, source: str) -> dict[str, int]:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in (reader.fieldnames or [])]
        rows = []
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                fields = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None) or ())
                raise RegistryError(f"{source}:{reader.line_num}: malformed CSV: the row has {fields} "
                                    f"fields, the header {len(header)}")
            rows.append((reader.line_num, {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items()}))
    except csv.Error as exc:
        raise RegistryError(f"{source}: malformed CSV ({exc})") from None
    cols = set(header)
    if set(QUESTION_COLS) <= cols:
        _check_unique((r["id"] for _, r in rows), "question", source)
        for line, row in rows:
            ops.add_question(_question({k: v for k, v in row.items() if v != ""}, f"{source}:{line}"))
        return {"questions": len(rows), "forecasts": 0, "resolutions": 0}
    if set(FORECAST_COLS) <= cols:
        _check_unique((r["id"] for _, r in rows if r.get("id")), "forecast", source)
        for line, row in rows:
            _forecast(ops, {k: v for k, v in row.items() if v != ""}, f"{source}:{line}", origin="import")
        return {"questions": 0, "forecasts": len(rows), "resolutions": 0}
    if set(RESOLUTION_COLS) <= cols:
        for line, row in rows:
            _resolution(ops, {k: v for k, v in row.items() if v != ""}, f"{source}:{line}")
        return {"questions": 0, "forecasts": 0, "resolutions": len(rows)}
    raise RegistryError(f"{source}: malformed CSV: header {header} is not a questions, forecasts or resolutions table",
                        expected="columns " + ", ".join(QUESTION_COLS) + " | " + ", ".join(FORECAST_COLS) + " | "
                        + ", ".join(RESOLUTION_COLS))

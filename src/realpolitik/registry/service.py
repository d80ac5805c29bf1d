"""The registry API: questions, forecasts, resolutions on SQLite or PostgreSQL.

>>> import tempfile, os
>>> from datetime import date
>>> from realpolitik.registry import QuestionSpec, Registry
>>> path = os.path.join(tempfile.mkdtemp(), "r.sqlite")
>>> with Registry(path) as reg:
...     _ = reg.add_question(QuestionSpec(id="q1", title="Will it rain?", type="binary",
...                                       open_at=date(2030, 1, 1), close_at=date(2030, 2, 1)))
...     f = reg.add_forecast("q1", [0.3, 0.7], forecaster="analyst:ann", valid_from=date(2030, 1, 2),
...                          made_at=date(2030, 1, 2))
...     r = reg.resolve("q1", "no", resolved_at=date(2030, 2, 1), source="weather office")
...     (f.probabilities, r.outcome)
((0.3, 0.7), 'no')
"""

from __future__ import annotations

import contextlib
import difflib
import math
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Iterator, Sequence

from .._version import __version__
from ._errors import RegistryError
from .db import display_url, make_engine, migrate, resolve_url
from .specs import (
    STATUSES, ForecastRecord, QuestionSpec, ResolutionRecord, as_utc, check_forecaster, check_probabilities,
)

__all__ = ["Registry", "Ops"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _db_error(exc: Exception, url: str) -> RegistryError:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return RegistryError(f"database {display_url(url)}: {text}")


class Registry:
    """A forecast registry in one database (see :mod:`realpolitik.registry`).

    Parameters
    ----------
    db : str or path, optional
        A file path, ``sqlite:///PATH`` or ``postgresql+psycopg://...``; default
        ``$REALPOLITIK_DB`` or the per-user file (:func:`~realpolitik.registry.db.default_db_path`).
    migrate : bool
        Create or upgrade the schema on first use (default True).
    """

    def __init__(self, db: Any = None, *, migrate_schema: bool = True) -> None:
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError

        self.url = resolve_url(db)
        self.engine = make_engine(self.url)
        if migrate_schema:
            try:
                self.schema = migrate(self.engine)
            except (DBAPIError, SQLAlchemyError) as exc:
                self.engine.dispose()
                raise _db_error(exc, self.url) from None

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def dialect(self) -> str:
        return str(self.engine.dialect.name)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator["Ops"]:
        """One transaction: everything inside is written together or not at all."""
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError
        from sqlalchemy.orm import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                with session.begin():
                    yield Ops(session)
        except (DBAPIError, SQLAlchemyError) as exc:
            raise _db_error(exc, self.url) from None

    # one-call conveniences, each its own transaction
    def add_question(self, spec: QuestionSpec) -> tuple[QuestionSpec, str]:
        with self.batch() as ops:
            return ops.add_question(spec)

    def add_forecast(self, question: str, probabilities: Sequence[Any] | None = None, **kw: Any) -> ForecastRecord:
        with self.batch() as ops:
            return ops.add_forecast(question, probabilities, **kw)

    def resolve(self, question: str, outcome: Any = None, **kw: Any) -> ResolutionRecord:
        with self.batch() as ops:
            return ops.resolve(question, outcome, **kw)

    def questions(self) -> list[QuestionSpec]:
        with self.batch() as ops:
            return ops.questions()

    def question(self, qid: str) -> QuestionSpec:
        with self.batch() as ops:
            return ops.question(qid)

    def forecasts(self, question: str | None = None) -> list[ForecastRecord]:
        with self.batch() as ops:
            return ops.forecasts(question)

    def resolutions(self, *, latest_only: bool = False) -> list[ResolutionRecord]:
        with self.batch() as ops:
            return ops.resolutions(latest_only=latest_only)

    def counts(self) -> dict[str, int]:
        with self.batch() as ops:
            return ops.counts()


class Ops:
    """Registry operations inside one transaction (from :meth:`Registry.batch`)."""

    def __init__(self, session: Any) -> None:
        self.s = session

    # ---------------------------------------------------------------- questions
    def _revision_rows(self, qid: str | None = None) -> list[Any]:
        from sqlalchemy import func, select

        from .models import QuestionRevisionRow as R, QuestionRow

        latest = (select(R.question_id, func.max(R.revision).label("rev")).group_by(R.question_id).subquery())
        stmt = (select(R, QuestionRow.scenario_id)
                .join(latest, (R.question_id == latest.c.question_id) & (R.revision == latest.c.rev))
                .join(QuestionRow, QuestionRow.id == R.question_id)
                .order_by(R.question_id))
        if qid is not None:
            stmt = stmt.where(R.question_id == qid)
        return list(self.s.execute(stmt).all())

    @staticmethod
    def _spec(row: Any, scenario_id: str | None) -> QuestionSpec:
        return QuestionSpec(
            id=row.question_id, title=row.title, type=row.qtype, open_at=row.open_at, close_at=row.close_at,
            options=tuple(row.options or ()), ordered=bool(row.ordered), range_min=row.range_min,
            range_max=row.range_max, open_lower=bool(row.open_lower), open_upper=bool(row.open_upper),
            zero_point=row.zero_point, criteria=row.criteria, fine_print=row.fine_print,
            resolution_source=row.resolution_source, resolve_by=row.resolve_by, scenario_id=scenario_id,
            mapping=row.mapping, revision=row.revision)

    def questions(self) -> list[QuestionSpec]:
        return [self._spec(r, sid) for r, sid in self._revision_rows()]

    def question(self, qid: str) -> QuestionSpec:
        rows = self._revision_rows(qid)
        if rows:
            return self._spec(*rows[0])
        # a short id is fine when it names one question (``q1`` for ``belarus-2022/q1``)
        from sqlalchemy import select

        from .models import QuestionRow

        ids = list(self.s.scalars(select(QuestionRow.id)))
        tail = [i for i in ids if i.rsplit("/", 1)[-1] == qid]
        if len(tail) == 1:
            return self._spec(*self._revision_rows(tail[0])[0])
        near = tail or difflib.get_close_matches(qid, ids, n=3, cutoff=0.5)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        raise RegistryError(f"unknown question {qid!r}{hint}")

    def add_question(self, spec: QuestionSpec) -> tuple[QuestionSpec, str]:
        """Store a question; an existing id with new content gets a new revision.

        Returns the stored spec (with its revision) and ``"new"``, ``"unchanged"`` or ``"revised"``.
        """
        from .models import QuestionRevisionRow, QuestionRow

        now = _now()
        rows = self._revision_rows(spec.id)
        if rows:
            latest = self._spec(*rows[0])
            if latest.scenario_id and spec.scenario_id and latest.scenario_id != spec.scenario_id:
                raise RegistryError(f"duplicate question id {spec.id!r}: it belongs to scenario "
                                    f"{latest.scenario_id!r}, not {spec.scenario_id!r}")
            if latest.content_sha256() == replace(spec, scenario_id=latest.scenario_id).content_sha256():
                return latest, "unchanged"
            revision, status = int(latest.revision or 0) + 1, "revised"
        else:
            self.s.add(QuestionRow(id=spec.id, scenario_id=spec.scenario_id, created_at=now))
            self.s.flush()
            revision, status = 1, "new"
        self.s.add(QuestionRevisionRow(
            question_id=spec.id, revision=revision, title=spec.title, qtype=spec.type, options=list(spec.options),
            ordered=spec.ordered, range_min=spec.range_min, range_max=spec.range_max, open_lower=spec.open_lower,
            open_upper=spec.open_upper, zero_point=spec.zero_point, criteria=spec.criteria,
            fine_print=spec.fine_print, resolution_source=spec.resolution_source, open_at=spec.open_at,
            close_at=spec.close_at, resolve_by=spec.resolve_by, mapping=spec.mapping,
            content_sha256=spec.content_sha256(), created_at=now))
        self.s.flush()
        return replace(spec, revision=revision), status

    # ---------------------------------------------------------------- forecasts
    def add_forecast(self, question: str, probabilities: Sequence[Any] | None = None, *, forecaster: str,
                     valid_from: Any = None, made_at: Any = None, cdf: Sequence[float] | None = None,
                     evidence_cutoff: Any = None, scenario_id: str | None = None,
                     scenario_digest: str | None = None, mapping: str | None = None,
                     engine_options: dict[str, Any] | None = None, seed: Any = None,
                     code_version: str | None = None, rationale: str | None = None,
                     interval: dict[str, Any] | None = None, origin: str = "api",
                     id: str | None = None) -> ForecastRecord:
        """Append one forecast. Refused: an unknown question, bad probabilities, a forecast
        standing before the open or after the close, or one made after the close unless it
        is a backtest whose evidence stops at ``evidence_cutoff`` (on or before ``valid_from``)."""
        from .models import ForecastRow

        q = self.question(question)
        check_forecaster(forecaster)
        made = as_utc(made_at, what="made_at") if made_at is not None else _now()
        valid = as_utc(valid_from, what="valid_from") if valid_from is not None else made
        cutoff = as_utc(evidence_cutoff, what="evidence_cutoff") if evidence_cutoff is not None else None
        probs: list[float] | None = None
        curve: list[float] | None = None
        if q.type == "numeric":
            from ..scoring.continuous import check_cdf

            if cdf is None:
                raise RegistryError(f"question {q.id!r} is numeric: give a 201-point CDF")
            try:
                curve = [float(x) for x in check_cdf(cdf, open_lower=q.open_lower, open_upper=q.open_upper)]
            except ValueError as exc:
                raise RegistryError(f"question {q.id!r}: {exc}") from None
        else:
            if probabilities is None:
                raise RegistryError(f"question {q.id!r}: no probabilities given")
            probs = check_probabilities(q, probabilities)
        if valid > q.close_at:
            raise RegistryError(f"question {q.id!r} closed on {q.close_at:%Y-%m-%d %H:%M} UTC: a forecast valid "
                                f"from {valid:%Y-%m-%d %H:%M} is refused")
        if valid < q.open_at:
            raise RegistryError(f"question {q.id!r} opens on {q.open_at:%Y-%m-%d %H:%M} UTC: a forecast valid "
                                f"from {valid:%Y-%m-%d %H:%M} is refused")
        if valid > made:
            raise RegistryError(f"question {q.id!r}: valid_from {valid.isoformat()} is after made_at {made.isoformat()}")
        kind = "live"
        if made > q.close_at:
            if cutoff is None or cutoff > valid:
                raise RegistryError(
                    f"question {q.id!r} closed on {q.close_at:%Y-%m-%d} UTC: a forecast made on {made:%Y-%m-%d} "
                    "is refused (only a backtest whose evidence stops before the close may be recorded late)")
            kind = "backtest"
        fid = id or str(uuid.uuid4())
        if id is not None:
            try:
                uuid.UUID(id)
            except ValueError:
                raise RegistryError(f"forecast id {id!r} is not a UUID") from None
            if self.s.get(ForecastRow, id) is not None:
                raise RegistryError(f"duplicate forecast id {id!r}")
        row = ForecastRow(
            id=fid, question_id=q.id, revision=int(q.revision or 1), forecaster=forecaster, kind=kind, made_at=made,
            valid_from=valid, probabilities=probs, cdf=curve, interval=interval, scenario_id=scenario_id,
            scenario_digest=scenario_digest, evidence_cutoff=cutoff, mapping=mapping, engine_options=engine_options,
            seed=None if seed is None else str(seed), code_version=code_version or __version__, rationale=rationale,
            origin=origin)
        self.s.add(row)
        self.s.flush()
        return self._forecast(row)

    @staticmethod
    def _forecast(row: Any) -> ForecastRecord:
        return ForecastRecord(
            id=row.id, question=row.question_id, revision=row.revision, forecaster=row.forecaster, kind=row.kind,
            made_at=row.made_at, valid_from=row.valid_from,
            probabilities=tuple(row.probabilities) if row.probabilities is not None else None,
            cdf=tuple(row.cdf) if row.cdf is not None else None, interval=row.interval,
            scenario_id=row.scenario_id, scenario_digest=row.scenario_digest, evidence_cutoff=row.evidence_cutoff,
            mapping=row.mapping, engine_options=row.engine_options, seed=row.seed, code_version=row.code_version,
            rationale=row.rationale, origin=row.origin)

    def forecasts(self, question: str | None = None) -> list[ForecastRecord]:
        from sqlalchemy import select

        from .models import ForecastRow as F

        stmt = select(F).order_by(F.question_id, F.forecaster, F.valid_from, F.made_at, F.id)
        if question is not None:
            stmt = stmt.where(F.question_id == self.question(question).id)
        return [self._forecast(r) for r in self.s.scalars(stmt)]

    # ---------------------------------------------------------------- resolutions
    def resolve(self, question: str, outcome: Any = None, *, status: str = "resolved", resolved_at: Any = None,
                source: str | None = None, evidence: str | None = None,
                resolver: str | None = None) -> ResolutionRecord:
        """Append a resolution (the latest wins). ``outcome`` is an option label or a number;
        ``annulled``/``ambiguous`` may be given as the status or as the outcome."""
        from .models import ResolutionRow

        q = self.question(question)
        if isinstance(outcome, str) and outcome.strip().casefold() in ("annulled", "ambiguous"):
            status, outcome = outcome.strip().casefold(), None
        if status not in STATUSES:
            raise RegistryError(f"resolution status {status!r}", expected="resolved, annulled or ambiguous")
        when = as_utc(resolved_at, what="resolved_at") if resolved_at is not None else _now()
        if when < q.open_at:
            raise RegistryError(f"question {q.id!r}: a resolution dated {when:%Y-%m-%d} is before the question "
                                f"opened ({q.open_at:%Y-%m-%d})")
        index: int | None = None
        value: float | None = None
        label: str | None = None
        if status == "resolved":
            if outcome is None:
                raise RegistryError(f"question {q.id!r}: a resolution needs an outcome")
            if q.type == "numeric":
                try:
                    value = float(outcome)
                except (TypeError, ValueError):
                    raise RegistryError(f"question {q.id!r}: outcome {outcome!r} is not a number") from None
                assert q.range_min is not None and q.range_max is not None
                if not math.isfinite(value):
                    raise RegistryError(f"question {q.id!r}: outcome {outcome!r} is not finite")
                if (value < q.range_min and not q.open_lower) or (value > q.range_max and not q.open_upper):
                    raise RegistryError(f"question {q.id!r}: outcome {value} is out of range",
                                        expected=f"{q.range_min} to {q.range_max} (closed bounds)")
                label = repr(value)
            else:
                index = q.option_index(outcome)
                label = q.options[index]
        previous = self._latest_resolution_rows().get(q.id)
        row = ResolutionRow(question_id=q.id, status=status, outcome_index=index, outcome_value=value,
                            outcome_label=label, resolved_at=when, recorded_at=_now(), source=source,
                            evidence=evidence, resolver=resolver,
                            supersedes_id=previous.id if previous is not None else None)
        self.s.add(row)
        self.s.flush()
        return self._resolution(row)

    @staticmethod
    def _resolution(row: Any) -> ResolutionRecord:
        return ResolutionRecord(
            id=row.id, question=row.question_id, status=row.status, outcome_index=row.outcome_index,
            outcome_value=row.outcome_value, outcome_label=row.outcome_label, resolved_at=row.resolved_at,
            recorded_at=row.recorded_at, source=row.source, evidence=row.evidence, resolver=row.resolver,
            supersedes_id=row.supersedes_id)

    def _latest_resolution_rows(self) -> dict[str, Any]:
        from sqlalchemy import select

        from .models import ResolutionRow as R

        latest: dict[str, Any] = {}
        for row in self.s.scalars(select(R).order_by(R.id)):
            latest[row.question_id] = row  # ids increase: the last row wins
        return latest

    def resolutions(self, *, latest_only: bool = False) -> list[ResolutionRecord]:
        from sqlalchemy import select

        from .models import ResolutionRow as R

        if latest_only:
            return [self._resolution(r) for r in self._latest_resolution_rows().values()]
        return [self._resolution(r) for r in self.s.scalars(select(R).order_by(R.id))]

    # ---------------------------------------------------------------- scores cache
    def replace_scores(self, rows: list[dict[str, Any]], scorer_version: str) -> None:
        """Rebuild the score cache (it holds nothing the other tables cannot recompute)."""
        from sqlalchemy import delete

        from .models import ScoreRow

        self.s.execute(delete(ScoreRow))
        now = _now()
        self.s.add_all([ScoreRow(computed_at=now, scorer_version=scorer_version, **r) for r in rows])
        self.s.flush()

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func, select

        from .models import ForecastRow, QuestionRow, ResolutionRow, ScoreRow

        return {name: int(self.s.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in (("questions", QuestionRow), ("forecasts", ForecastRow),
                                    ("resolutions", ResolutionRow), ("scores", ScoreRow))}

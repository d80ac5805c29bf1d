"""The registry's tables (SQLAlchemy 2 typed ORM).

``questions`` + ``question_revisions`` (a question is never edited: an edit is a new
revision), ``forecasts`` (append-only), ``resolutions`` (append-only, the latest wins) and
``scores`` (a cache rebuilt from the other three). The append-only rule is enforced by
triggers in the database itself (see the migrations), not only by this code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ._types import UTCDateTime


class Base(DeclarativeBase):
    pass


class QuestionRow(Base):
    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    scenario_id: Mapped[Optional[str]] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuestionRevisionRow(Base):
    __tablename__ = "question_revisions"
    __table_args__ = (
        CheckConstraint("close_at >= open_at", name="ck_revision_close_after_open"),
        CheckConstraint("qtype IN ('binary', 'multiple_choice', 'numeric')", name="ck_revision_qtype"),
    )

    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    qtype: Mapped[str] = mapped_column(String(20))
    options: Mapped[Optional[list[Any]]] = mapped_column(JSON(none_as_null=True))
    ordered: Mapped[bool] = mapped_column(default=False)
    range_min: Mapped[Optional[float]] = mapped_column(Float)
    range_max: Mapped[Optional[float]] = mapped_column(Float)
    open_lower: Mapped[bool] = mapped_column(default=False)
    open_upper: Mapped[bool] = mapped_column(default=False)
    zero_point: Mapped[Optional[float]] = mapped_column(Float)
    criteria: Mapped[str] = mapped_column(Text, default="")
    fine_print: Mapped[str] = mapped_column(Text, default="")
    resolution_source: Mapped[str] = mapped_column(Text, default="")
    open_at: Mapped[datetime] = mapped_column(UTCDateTime())
    close_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolve_by: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    mapping: Mapped[str] = mapped_column(Text, default="")
    content_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ForecastRow(Base):
    __tablename__ = "forecasts"
    __table_args__ = (
        CheckConstraint("(probabilities IS NULL) <> (cdf IS NULL)", name="ck_forecast_probs_xor_cdf"),
        CheckConstraint("kind IN ('live', 'backtest')", name="ck_forecast_kind"),
        ForeignKeyConstraint(["question_id", "revision"],
                             ["question_revisions.question_id", "question_revisions.revision"]),
        Index("ix_forecasts_question_forecaster_valid", "question_id", "forecaster", "valid_from"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer)
    forecaster: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime())
    probabilities: Mapped[Optional[list[float]]] = mapped_column(JSON(none_as_null=True))
    cdf: Mapped[Optional[list[float]]] = mapped_column(JSON(none_as_null=True))
    interval: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON(none_as_null=True))
    scenario_id: Mapped[Optional[str]] = mapped_column(String(200))
    scenario_digest: Mapped[Optional[str]] = mapped_column(String(128))
    evidence_cutoff: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    mapping: Mapped[Optional[str]] = mapped_column(Text)
    engine_options: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON(none_as_null=True))
    seed: Mapped[Optional[str]] = mapped_column(String(64))
    code_version: Mapped[Optional[str]] = mapped_column(String(64))
    rationale: Mapped[Optional[str]] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(32), default="api")


class ResolutionRow(Base):
    __tablename__ = "resolutions"
    __table_args__ = (
        CheckConstraint("status IN ('resolved', 'annulled', 'ambiguous')", name="ck_resolution_status"),
        Index("ix_resolutions_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    status: Mapped[str] = mapped_column(String(16))
    outcome_index: Mapped[Optional[int]] = mapped_column(Integer)
    outcome_value: Mapped[Optional[float]] = mapped_column(Float)
    outcome_label: Mapped[Optional[str]] = mapped_column(Text)
    resolved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[Optional[str]] = mapped_column(Text)
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    resolver: Mapped[Optional[str]] = mapped_column(String(200))
    supersedes_id: Mapped[Optional[int]] = mapped_column(Integer)


class ScoreRow(Base):
    __tablename__ = "scores"
    __table_args__ = (Index("ix_scores_question_forecaster", "question_id", "forecaster"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String(200))
    forecaster: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(32))
    policy: Mapped[str] = mapped_column(String(16))
    value: Mapped[Optional[float]] = mapped_column(Float)
    coverage: Mapped[Optional[float]] = mapped_column(Float)
    scorer_version: Mapped[str] = mapped_column(String(32))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())

"""Initial registry schema: questions and revisions, forecasts, resolutions, scores.

The append-only rule lives in the database: triggers refuse UPDATE and DELETE on
questions, question_revisions, forecasts and resolutions, on SQLite and PostgreSQL alike.
The DDL is written here in full (migrations never import the ORM models).

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
APPEND_ONLY = ("questions", "question_revisions", "forecasts", "resolutions")


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("scenario_id", sa.String(200)),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "question_revisions",
        sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id"), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("qtype", sa.String(20), nullable=False),
        sa.Column("options", sa.JSON),
        sa.Column("ordered", sa.Boolean, nullable=False),
        sa.Column("range_min", sa.Float),
        sa.Column("range_max", sa.Float),
        sa.Column("open_lower", sa.Boolean, nullable=False),
        sa.Column("open_upper", sa.Boolean, nullable=False),
        sa.Column("zero_point", sa.Float),
        sa.Column("criteria", sa.Text, nullable=False),
        sa.Column("fine_print", sa.Text, nullable=False),
        sa.Column("resolution_source", sa.Text, nullable=False),
        sa.Column("open_at", TZ, nullable=False),
        sa.Column("close_at", TZ, nullable=False),
        sa.Column("resolve_by", TZ),
        sa.Column("mapping", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("close_at >= open_at", name="ck_revision_close_after_open"),
        sa.CheckConstraint("qtype IN ('binary', 'multiple_choice', 'numeric')", name="ck_revision_qtype"),
    )
    op.create_table(
        "forecasts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("forecaster", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("made_at", TZ, nullable=False),
        sa.Column("valid_from", TZ, nullable=False),
        sa.Column("probabilities", sa.JSON),
        sa.Column("cdf", sa.JSON),
        sa.Column("interval", sa.JSON),
        sa.Column("scenario_id", sa.String(200)),
        sa.Column("scenario_digest", sa.String(128)),
        sa.Column("evidence_cutoff", TZ),
        sa.Column("mapping", sa.Text),
        sa.Column("engine_options", sa.JSON),
        sa.Column("seed", sa.String(64)),
        sa.Column("code_version", sa.String(64)),
        sa.Column("rationale", sa.Text),
        sa.Column("origin", sa.String(32), nullable=False),
        sa.CheckConstraint("(probabilities IS NULL) <> (cdf IS NULL)", name="ck_forecast_probs_xor_cdf"),
        sa.CheckConstraint("kind IN ('live', 'backtest')", name="ck_forecast_kind"),
        sa.ForeignKeyConstraint(["question_id", "revision"],
                                ["question_revisions.question_id", "question_revisions.revision"]),
    )
    op.create_index("ix_forecasts_question_forecaster_valid", "forecasts",
                    ["question_id", "forecaster", "valid_from"])
    op.create_table(
        "resolutions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(200), sa.ForeignKey("questions.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("outcome_index", sa.Integer),
        sa.Column("outcome_value", sa.Float),
        sa.Column("outcome_label", sa.Text),
        sa.Column("resolved_at", TZ, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("evidence", sa.Text),
        sa.Column("resolver", sa.String(200)),
        sa.Column("supersedes_id", sa.Integer),
        sa.CheckConstraint("status IN ('resolved', 'annulled', 'ambiguous')", name="ck_resolution_status"),
    )
    op.create_index("ix_resolutions_question", "resolutions", ["question_id"])
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(200), nullable=False),
        sa.Column("forecaster", sa.String(200), nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("policy", sa.String(16), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("coverage", sa.Float),
        sa.Column("scorer_version", sa.String(32), nullable=False),
        sa.Column("computed_at", TZ, nullable=False),
    )
    op.create_index("ix_scores_question_forecaster", "scores", ["question_id", "forecaster"])

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(sa.text(
            "CREATE FUNCTION realpolitik_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $body$ "
            "BEGIN RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP; END $body$"))
        for table in APPEND_ONLY:
            op.execute(sa.text(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION realpolitik_forbid_change()"))
    else:
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(sa.text(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only ({action} refused)'); END"))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for table in APPEND_ONLY:
            op.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"))
        op.execute(sa.text("DROP FUNCTION IF EXISTS realpolitik_forbid_change()"))
    for table in ("scores", "resolutions", "forecasts", "question_revisions", "questions"):
        op.drop_table(table)

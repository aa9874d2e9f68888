"""Absence reports from parents, passed to the school office through the alert outbox: an
alert is now about a case or about an absence report.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "absence_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("child_name", sa.String(60), nullable=False),
        sa.Column("class_name", sa.String(60), nullable=False),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("expected_return", sa.Date),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_absence_reports_school_id", "absence_reports", ["school_id"])
    op.create_index("ix_absence_reports_conversation_id", "absence_reports", ["conversation_id"])
    with op.batch_alter_table("alerts") as batch:
        batch.alter_column("case_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("absence_id", sa.Integer,
                                   sa.ForeignKey("absence_reports.id", name="fk_alerts_absence_id")))
        batch.create_index("ix_alerts_absence_id", ["absence_id"])


def downgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_index("ix_alerts_absence_id")
        batch.drop_column("absence_id")
        batch.alter_column("case_id", existing_type=sa.Integer, nullable=False)
    op.drop_table("absence_reports")

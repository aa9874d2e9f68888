"""Anonymous daily counts kept by the retention job.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("school_id", "day", "metric", name="uq_daily_counts"),
    )
    op.create_index("ix_daily_counts_school_id", "daily_counts", ["school_id"])


def downgrade() -> None:
    op.drop_table("daily_counts")

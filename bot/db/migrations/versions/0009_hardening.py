"""Hardening: rate limits shared by replicas, and one-time codes that work once.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("window_start", sa.DateTime, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("name", "key", "window_start", name="uq_rate_counts_window"),
    )
    op.create_index("ix_rate_counts_window_start", "rate_counts", ["window_start"])
    op.add_column("staff_users", sa.Column("totp_last_step", sa.BigInteger))


def downgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("totp_last_step")
    op.drop_table("rate_counts")

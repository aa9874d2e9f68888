"""The web chat widget: parents' messages kept before they are answered (retries dropped).

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_inbound",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("not_before", sa.DateTime, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("answered_at", sa.DateTime),
        sa.UniqueConstraint("conversation_id", "client_id", name="uq_web_inbound_client_id"),
    )
    for column in ("school_id", "conversation_id", "status"):
        op.create_index(f"ix_web_inbound_{column}", "web_inbound", [column])


def downgrade() -> None:
    op.drop_table("web_inbound")

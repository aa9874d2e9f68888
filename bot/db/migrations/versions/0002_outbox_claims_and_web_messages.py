"""Alert claims (for workers) and the web chat's outgoing messages.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime))
    op.create_table(
        "web_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("delivered_at", sa.DateTime),
    )
    op.create_index("ix_web_messages_school_id", "web_messages", ["school_id"])
    op.create_index("ix_web_messages_conversation_id", "web_messages", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("web_messages")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("claimed_at")

"""Weekly check-ins by SMS: subscriptions, consents with their wording, and each check-in
with its answer.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkin_subscriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("at_time", sa.String(5), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("active_from", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("conversation_id", name="uq_checkin_subscriptions_conversation_id"),
    )
    op.create_index("ix_checkin_subscriptions_school_id", "checkin_subscriptions", ["school_id"])
    op.create_index("ix_checkin_subscriptions_status", "checkin_subscriptions", ["status"])
    op.create_table(
        "checkin_consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("weekday", sa.Integer),
        sa.Column("at_time", sa.String(5)),
        sa.Column("wording", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_checkin_consents_school_id", "checkin_consents", ["school_id"])
    op.create_index("ix_checkin_consents_conversation_id", "checkin_consents", ["conversation_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subscription_id", sa.Integer, sa.ForeignKey("checkin_subscriptions.id"), nullable=False),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("claimed_at", sa.DateTime, nullable=False),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("answer", sa.String(16)),
        sa.Column("answered_at", sa.DateTime),
        sa.UniqueConstraint("subscription_id", "period", name="uq_checkins_subscription_period"),
    )
    op.create_index("ix_checkins_school_id", "checkins", ["school_id"])
    op.create_index("ix_checkins_conversation_id", "checkins", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("checkins")
    op.drop_table("checkin_consents")
    op.drop_table("checkin_subscriptions")

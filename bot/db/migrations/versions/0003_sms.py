"""The SMS channel: contacts (number behind a conversation id), inbound texts kept before they
are answered, outbound texts and what became of them, and consents (STOP, START, HELP).

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_contacts",
        sa.Column("conversation_id", sa.String(64), primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("phone", sa.String(40), nullable=False),
        sa.Column("our_number", sa.String(40), nullable=False),
        sa.Column("choices", sa.JSON),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_sms_contacts_school_id", "sms_contacts", ["school_id"])
    op.create_table(
        "sms_inbound",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("body", sa.Text),
        sa.Column("num_media", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("processed_at", sa.DateTime),
        sa.UniqueConstraint("message_sid", name="uq_sms_inbound_message_sid"),
    )
    op.create_index("ix_sms_inbound_school_id", "sms_inbound", ["school_id"])
    op.create_index("ix_sms_inbound_conversation_id", "sms_inbound", ["conversation_id"])
    op.create_index("ix_sms_inbound_status", "sms_inbound", ["status"])
    op.create_table(
        "sms_outbound",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("length", sa.Integer, nullable=False),
        sa.Column("segments", sa.Integer, nullable=False),
        sa.Column("safety", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("provider_id", sa.String(64)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    for column in ("school_id", "conversation_id", "case_id", "status", "provider_id"):
        op.create_index(f"ix_sms_outbound_{column}", "sms_outbound", [column])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("school_id", sa.String(64), sa.ForeignKey("schools.id"), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_consents_school_id", "consents", ["school_id"])
    op.create_index("ix_consents_conversation_id", "consents", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("consents")
    op.drop_table("sms_outbound")
    op.drop_table("sms_inbound")
    op.drop_table("sms_contacts")

"""Tables the bot owns. Every row that belongs to a school says which school."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class School(Base):
    """A school served by this deployment (its details live in schools/*.yml)."""

    __tablename__ = "schools"
    id = sa.Column(sa.String(64), primary_key=True)
    name = sa.Column(sa.String(200), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class Case(Base):
    """A conversation handed to a person: pending -> open -> resolved."""

    __tablename__ = "cases"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    channel = sa.Column(sa.String(32), nullable=False)
    level = sa.Column(sa.String(16), nullable=False)
    category = sa.Column(sa.String(32))
    reasons = sa.Column(sa.JSON, nullable=False, default=list)
    trigger_text = sa.Column(sa.Text)
    status = sa.Column(sa.String(16), nullable=False, default="pending", index=True)
    assigned_to = sa.Column(sa.String(200))
    outcome = sa.Column(sa.String(64))
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    acknowledged_at = sa.Column(sa.DateTime)
    resolved_at = sa.Column(sa.DateTime)

    alerts = relationship("Alert", back_populates="case", order_by="Alert.id")


class Alert(Base):
    """One message to one member of staff, delivered by the alert worker (the outbox): about a
    case, or (kind 'absence', no case) an absence report for the school office."""

    __tablename__ = "alerts"
    __table_args__ = (sa.UniqueConstraint("idempotency_key", name="uq_alerts_idempotency_key"),)
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"), index=True)
    absence_id = sa.Column(sa.Integer, sa.ForeignKey("absence_reports.id"), index=True)
    recipient_role = sa.Column(sa.String(16), nullable=False)
    recipient_name = sa.Column(sa.String(200), nullable=False)
    transport = sa.Column(sa.String(16), nullable=False)
    address = sa.Column(sa.String(255), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False, default="new")
    idempotency_key = sa.Column(sa.String(128), nullable=False)
    status = sa.Column(sa.String(16), nullable=False, default="queued", index=True)
    not_before = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    last_error = sa.Column(sa.Text)
    provider_id = sa.Column(sa.String(128))
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    claimed_at = sa.Column(sa.DateTime)
    sent_at = sa.Column(sa.DateTime)

    case = relationship("Case", back_populates="alerts")


class AuditEntry(Base):
    """Who did what, when. Rows are only ever added."""

    __tablename__ = "audit_log"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    actor = sa.Column(sa.String(200), nullable=False)
    action = sa.Column(sa.String(64), nullable=False)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"))
    detail = sa.Column(sa.Text)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class WebMessage(Base):
    """A message for a web chat session sent outside a request (staff replies, hand back)."""

    __tablename__ = "web_messages"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    payload = sa.Column(sa.JSON, nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    delivered_at = sa.Column(sa.DateTime)


class SmsContact(Base):
    """The phone number behind an SMS conversation id (nowhere else holds it), and the
    numbered choices last offered to it."""

    __tablename__ = "sms_contacts"
    conversation_id = sa.Column(sa.String(64), primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    phone = sa.Column(sa.String(40), nullable=False)
    our_number = sa.Column(sa.String(40), nullable=False)
    choices = sa.Column(sa.JSON)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class SmsInbound(Base):
    """A text from a parent, kept before it is answered: received -> processing -> processed
    (or failed). One row per Twilio MessageSid, so a repeated webhook is dropped."""

    __tablename__ = "sms_inbound"
    __table_args__ = (sa.UniqueConstraint("message_sid", name="uq_sms_inbound_message_sid"),)
    id = sa.Column(sa.Integer, primary_key=True)
    message_sid = sa.Column(sa.String(64), nullable=False)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False, index=True)
    body = sa.Column(sa.Text)  # cleared once processed
    num_media = sa.Column(sa.Integer, nullable=False, default=0)
    status = sa.Column(sa.String(16), nullable=False, default="received", index=True)
    error = sa.Column(sa.Text)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    claimed_at = sa.Column(sa.DateTime)
    processed_at = sa.Column(sa.DateTime)


class SmsOutbound(Base):
    """One SMS sent to a parent: never the text, only its length and what became of it.
    `safety` marks a reply with 999 or a crisis line; `case_id` the case open at the time."""

    __tablename__ = "sms_outbound"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False, index=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"), index=True)
    length = sa.Column(sa.Integer, nullable=False)
    segments = sa.Column(sa.Integer, nullable=False)
    safety = sa.Column(sa.Boolean, nullable=False, default=False)
    status = sa.Column(sa.String(16), nullable=False, default="sending", index=True)
    provider_id = sa.Column(sa.String(64), index=True)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    error = sa.Column(sa.Text)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class Consent(Base):
    """Opt-outs and opt-ins (STOP, START) and HELP requests, with when. Rows are only added;
    the latest opt-out or opt-in decides whether the assistant may text first."""

    __tablename__ = "consents"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False, index=True)
    channel = sa.Column(sa.String(16), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class AbsenceReport(Base):
    """A child's absence a parent reported to the assistant, passed to the school office by
    an alert row (kind 'absence') that the alert worker delivers. The reason is only a broad
    word (ill, appointment, family, other), never medical detail."""

    __tablename__ = "absence_reports"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    channel = sa.Column(sa.String(32), nullable=False)
    child_name = sa.Column(sa.String(60), nullable=False)
    class_name = sa.Column(sa.String(60), nullable=False)
    first_day = sa.Column(sa.Date, nullable=False)
    reason = sa.Column(sa.String(16), nullable=False)
    expected_return = sa.Column(sa.Date)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)

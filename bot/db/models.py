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


class DailyCount(Base):
    """Anonymous counts kept when retention deletes what they were counted from: per school,
    per day, per metric (messages_in, messages_out, conversations, cases_<level>)."""

    __tablename__ = "daily_counts"
    __table_args__ = (sa.UniqueConstraint("school_id", "day", "metric", name="uq_daily_counts"),)
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), nullable=False, index=True)
    day = sa.Column(sa.Date, nullable=False)
    metric = sa.Column(sa.String(32), nullable=False)
    count = sa.Column(sa.Integer, nullable=False, default=0)


class WebInbound(Base):
    """A message a parent typed in the web chat widget, kept before it is answered:
    received -> processing -> answered. One row per conversation and client message id,
    so a widget's retry is never processed twice; the text is cleared once answered."""

    __tablename__ = "web_inbound"
    __table_args__ = (sa.UniqueConstraint("conversation_id", "client_id", name="uq_web_inbound_client_id"),)
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(128), nullable=False, index=True)
    client_id = sa.Column(sa.String(64), nullable=False)
    text = sa.Column(sa.Text)
    status = sa.Column(sa.String(16), nullable=False, default="received", index=True)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    not_before = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    error = sa.Column(sa.Text)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    claimed_at = sa.Column(sa.DateTime)
    answered_at = sa.Column(sa.DateTime)


class StaffUser(Base):
    """A member of staff who signs in to the inbox: hwbl, dsl or admin, of one school."""

    __tablename__ = "staff_users"
    __table_args__ = (sa.UniqueConstraint("username", name="uq_staff_users_username"),)
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    username = sa.Column(sa.String(64), nullable=False)
    display_name = sa.Column(sa.String(200), nullable=False)
    role = sa.Column(sa.String(16), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=False)
    totp_secret = sa.Column(sa.String(64))
    totp_last_step = sa.Column(sa.BigInteger)  # the last one-time code's time step accepted: never twice
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"
    token_hash = sa.Column(sa.String(64), primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False, index=True)
    csrf_token = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    last_seen_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    expires_at = sa.Column(sa.DateTime, nullable=False, index=True)


class LoginFailure(Base):
    """One failed sign-in, by the lower-cased username tried: the throttle counts these."""

    __tablename__ = "login_failures"
    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, index=True)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class CaseNote(Base):
    """A note staff keep on a case. Notes are only ever added, like the audit log."""

    __tablename__ = "case_notes"
    id = sa.Column(sa.Integer, primary_key=True)
    case_id = sa.Column(sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True)
    author = sa.Column(sa.String(200), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class CheckinSubscription(Base):
    """A parent's weekly check-in by SMS: the day and time (school's timezone, 0 = Monday),
    pending (asked for on the web, not yet confirmed by text), active or stopped. Check-ins
    are due only after `active_from`, so a new or changed time never fires at once."""

    __tablename__ = "checkin_subscriptions"
    __table_args__ = (sa.UniqueConstraint("conversation_id", name="uq_checkin_subscriptions_conversation_id"),)
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False)
    weekday = sa.Column(sa.Integer, nullable=False)
    at_time = sa.Column(sa.String(5), nullable=False)  # "18:30"
    status = sa.Column(sa.String(16), nullable=False, index=True)
    active_from = sa.Column(sa.DateTime)
    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class CheckinConsent(Base):
    """Every check-in request, opt-in, change and stop, with the exact words the parent saw
    and when. Rows are only added."""

    __tablename__ = "checkin_consents"
    id = sa.Column(sa.Integer, primary_key=True)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False, index=True)
    channel = sa.Column(sa.String(16), nullable=False)
    action = sa.Column(sa.String(16), nullable=False)
    weekday = sa.Column(sa.Integer)
    at_time = sa.Column(sa.String(5))
    wording = sa.Column(sa.Text, nullable=False)
    at = sa.Column(sa.DateTime, nullable=False, default=utcnow)


class Checkin(Base):
    """One weekly check-in and the parent's answer (the family's check-in history). The
    unique (subscription, period) row is the claim: one send per week across replicas."""

    __tablename__ = "checkins"
    __table_args__ = (sa.UniqueConstraint("subscription_id", "period", name="uq_checkins_subscription_period"),)
    id = sa.Column(sa.Integer, primary_key=True)
    subscription_id = sa.Column(sa.Integer, sa.ForeignKey("checkin_subscriptions.id"), nullable=False)
    school_id = sa.Column(sa.String(64), sa.ForeignKey("schools.id"), nullable=False, index=True)
    conversation_id = sa.Column(sa.String(64), nullable=False, index=True)
    period = sa.Column(sa.String(10), nullable=False)  # ISO week, "2026-W49"
    status = sa.Column(sa.String(16), nullable=False)  # sending, sent, failed
    error = sa.Column(sa.Text)
    claimed_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)
    sent_at = sa.Column(sa.DateTime)
    answer = sa.Column(sa.String(16))  # good, mixed, struggling
    answered_at = sa.Column(sa.DateTime)


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


class RateCount(Base):
    """Requests (or failed sign-ins) counted by limit, hashed client key and fixed window, so
    every replica sees the same counts. Rows of past windows are deleted as new ones start."""

    __tablename__ = "rate_counts"
    __table_args__ = (sa.UniqueConstraint("name", "key", "window_start", name="uq_rate_counts_window"),)
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(32), nullable=False)
    key = sa.Column(sa.String(64), nullable=False)
    window_start = sa.Column(sa.DateTime, nullable=False, index=True)
    count = sa.Column(sa.Integer, nullable=False)

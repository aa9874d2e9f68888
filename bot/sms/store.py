"""The SMS channel's tables. Functions take a session and never make or commit one."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.cases import open_cases_for
from bot.db.models import AuditEntry, Consent, SmsContact, SmsInbound, SmsOutbound, utcnow

DEV_KEY = b"parent-support-sms-dev-key"  # only without SECRET_KEY (the embedded default)
DELIVERY_ORDER = ("sending", "accepted", "queued", "sent", "delivered")
FAILED = ("failed", "undelivered")
CHANNEL = "sms"


def conversation_id_for(phone: str, school_id: str, secret_key: Optional[str]) -> str:
    """A stable conversation id that does not show the number: one per school and number, so a
    parent who texts two schools of a trust has two conversations, each with its own staff."""
    key = secret_key.encode() if secret_key else DEV_KEY
    digest = hmac.new(key, f"{school_id}|{phone}".encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest[:24]}"


# -- contacts --------------------------------------------------------------------------------
def remember_contact(session: Session, conversation_id: str, school_id: str, phone: str, our_number: str) -> None:
    contact = session.get(SmsContact, conversation_id)
    if contact is None:
        session.add(SmsContact(conversation_id=conversation_id, school_id=school_id, phone=phone,
                               our_number=our_number))
    elif (contact.phone, contact.our_number, contact.school_id) != (phone, our_number, school_id):
        contact.phone, contact.our_number, contact.school_id = phone, our_number, school_id


def contact(session: Session, conversation_id: str) -> Optional[SmsContact]:
    return session.get(SmsContact, conversation_id)


def set_choices(session: Session, conversation_id: str, choices: Optional[List[Dict[str, str]]]) -> None:
    row = session.get(SmsContact, conversation_id)
    if row is not None and row.choices != choices:
        row.choices = choices


# -- inbound ---------------------------------------------------------------------------------
def add_inbound(session: Session, **fields) -> SmsInbound:
    """Flushed at once: a repeated MessageSid raises IntegrityError here."""
    row = SmsInbound(status="received", **fields)
    session.add(row)
    session.flush()
    return row


def claim_inbound(session: Session, inbound_id: int, expected_status: str,
                  expected_claimed_at: Optional[dt.datetime] = None) -> bool:
    """Compare-and-set: only one process (of any replica) gets to answer a text."""
    claimed_at = (SmsInbound.claimed_at.is_(None) if expected_claimed_at is None
                  else SmsInbound.claimed_at == expected_claimed_at)
    result = session.execute(
        sa.update(SmsInbound)
        .where(SmsInbound.id == inbound_id, SmsInbound.status == expected_status, claimed_at)
        .values(status="processing", claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def renew_claim(session: Session, inbound_id: int) -> None:
    """A turn still running: its claim is not stale."""
    session.execute(
        sa.update(SmsInbound).where(SmsInbound.id == inbound_id, SmsInbound.status == "processing")
        .values(claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def sent_since(session: Session, conversation_id: str, since: Optional[dt.datetime]) -> bool:
    """Whether anything was texted to this conversation since `since`."""
    query = sa.select(SmsOutbound.id).where(SmsOutbound.conversation_id == conversation_id)
    if since is not None:
        query = query.where(SmsOutbound.created_at >= since)
    return session.execute(query.limit(1)).first() is not None


def finish_inbound(session: Session, inbound_id: int, status: str, error: Optional[str] = None) -> None:
    """processed or failed; the text itself is no longer kept here (Rasa's tracker has it)."""
    session.execute(
        sa.update(SmsInbound).where(SmsInbound.id == inbound_id)
        .values(status=status, error=error, body=None, processed_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def release_inbound(session: Session, inbound_id: int) -> None:
    """Back to received (a stop in the middle of a turn): the next start takes it up again."""
    session.execute(
        sa.update(SmsInbound).where(SmsInbound.id == inbound_id, SmsInbound.status == "processing")
        .values(status="received", claimed_at=None)
        .execution_options(synchronize_session=False)
    )


def unanswered(session: Session, received_before: dt.datetime, processing_before: dt.datetime) -> List[SmsInbound]:
    """Texts left behind by a crash: never claimed, or claimed by a process that is gone."""
    query = sa.select(SmsInbound).where(sa.or_(
        sa.and_(SmsInbound.status == "received", SmsInbound.created_at <= received_before),
        sa.and_(SmsInbound.status == "processing", SmsInbound.claimed_at <= processing_before),
    )).order_by(SmsInbound.id).limit(100)
    return list(session.execute(query).scalars())


# -- outbound --------------------------------------------------------------------------------
def add_outbound(session: Session, *, school_id: str, conversation_id: str, length: int, segments: int,
                 safety: bool) -> SmsOutbound:
    cases = open_cases_for(session, conversation_id)
    row = SmsOutbound(school_id=school_id, conversation_id=conversation_id, length=length, segments=segments,
                      safety=safety, case_id=cases[-1].id if cases else None, status="sending", attempts=0)
    session.add(row)
    session.flush()
    return row


def _rank(status: str) -> int:
    return DELIVERY_ORDER.index(status) if status in DELIVERY_ORDER else len(DELIVERY_ORDER)


def update_outbound(session: Session, row: SmsOutbound, status: str, *, provider_id: Optional[str] = None,
                    error: Optional[str] = None) -> None:
    """Record what became of a text. Statuses only move forward (a late 'sent' callback never
    undoes 'delivered'); a failed safety text is written on its case's audit trail."""
    if provider_id and not row.provider_id:
        row.provider_id = provider_id
    if row.status in FAILED or (status not in FAILED and _rank(status) <= _rank(row.status)):
        return
    row.status = status
    if error:
        row.error = error[:500]
    if status in FAILED and row.safety:
        if row.case_id is None:
            cases = open_cases_for(session, row.conversation_id)
            row.case_id = cases[-1].id if cases else None
        session.add(AuditEntry(school_id=row.school_id, actor="sms", action="safety_sms_failed",
                               case_id=row.case_id, detail=f"sms_outbound {row.id}: {status}: {row.error or ''}"[:500]))


def outbound_for_callback(session: Session, outbound_id: Optional[int], provider_id: str) -> Optional[SmsOutbound]:
    if outbound_id is not None:
        row = session.get(SmsOutbound, outbound_id)
        if row is not None and row.provider_id in (None, provider_id):
            return row
    return session.execute(
        sa.select(SmsOutbound).where(SmsOutbound.provider_id == provider_id)
    ).scalars().first()


# -- consents --------------------------------------------------------------------------------
def record_consent(session: Session, school_id: str, conversation_id: str, kind: str) -> None:
    session.add(Consent(school_id=school_id, conversation_id=conversation_id, channel=CHANNEL, kind=kind))


def may_send_proactive(session: Session, sender_id: str) -> bool:
    """False once the parent has opted out (STOP ...), until they opt back in (START)."""
    latest = session.execute(
        sa.select(Consent.kind)
        .where(Consent.conversation_id == sender_id, Consent.kind.in_(("opt_out", "opt_in")))
        .order_by(Consent.at.desc(), Consent.id.desc()).limit(1)
    ).scalar_one_or_none()
    return latest != "opt_out"

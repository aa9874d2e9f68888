"""Parents' web chat messages, kept before they are answered. Functions take a session.

received -> processing -> answered. A message that cannot reach Rasa goes back to received
with a later `not_before` and is tried again by the relay's sweeper, never dropped.
"""
from __future__ import annotations

import datetime as dt
from typing import List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import WebInbound, utcnow

STALE_CLAIM = dt.timedelta(minutes=2)  # a claim this old belonged to a process that died
MAX_BACKOFF_S = 300


def find(session: Session, conversation_id: str, client_id: str) -> Optional[WebInbound]:
    return session.execute(
        sa.select(WebInbound).where(WebInbound.conversation_id == conversation_id,
                                    WebInbound.client_id == client_id)
    ).scalar_one_or_none()


def accept(session: Session, *, school_id: str, conversation_id: str, client_id: str, text: str) -> WebInbound:
    """A new message, already claimed by the caller who will answer it."""
    now = utcnow()
    row = WebInbound(school_id=school_id, conversation_id=conversation_id, client_id=client_id, text=text,
                     status="processing", claimed_at=now, not_before=now, attempts=0)
    session.add(row)
    session.flush()
    return row


def claim(session: Session, inbound_id: int) -> bool:
    """Compare-and-set received -> processing (or take over a stale claim)."""
    now = utcnow()
    result = session.execute(
        sa.update(WebInbound)
        .where(WebInbound.id == inbound_id,
               sa.or_(WebInbound.status == "received",
                      sa.and_(WebInbound.status == "processing", WebInbound.claimed_at < now - STALE_CLAIM)))
        .values(status="processing", claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def due(session: Session, limit: int = 20) -> List[Tuple[int, str]]:
    """Messages waiting to be tried again (and any whose claim went stale), oldest first."""
    now = utcnow()
    rows = session.execute(
        sa.select(WebInbound.id, WebInbound.conversation_id)
        .where(sa.or_(sa.and_(WebInbound.status == "received", WebInbound.not_before <= now),
                      sa.and_(WebInbound.status == "processing", WebInbound.claimed_at < now - STALE_CLAIM)))
        .order_by(WebInbound.id)
        .limit(limit)
    ).all()
    return [(row.id, row.conversation_id) for row in rows]


def answered(session: Session, inbound_id: int) -> None:
    row = session.get(WebInbound, inbound_id)
    row.status, row.answered_at, row.text, row.error = "answered", utcnow(), None, None


def retry_later(session: Session, inbound_id: int, error: str) -> None:
    row = session.get(WebInbound, inbound_id)
    row.attempts += 1
    row.status, row.error = "received", error[:500]
    row.not_before = utcnow() + dt.timedelta(seconds=min(MAX_BACKOFF_S, 2 ** row.attempts))


def has_waiting(session: Session, conversation_id: str) -> bool:
    """Whether an earlier message of this conversation is still waiting (keep the order)."""
    return session.execute(
        sa.select(WebInbound.id).where(WebInbound.conversation_id == conversation_id,
                                       WebInbound.status == "received").limit(1)
    ).first() is not None


def queue(session: Session, inbound_id: int) -> None:
    row = session.get(WebInbound, inbound_id)
    row.status, row.not_before = "received", utcnow()

"""Messages waiting for a web chat session (staff replies, hand back). Functions take a session."""
from __future__ import annotations

from typing import List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import Case, WebMessage, utcnow


def school_of_conversation(session: Session, conversation_id: str, default_school_id: str) -> str:
    latest = session.execute(
        sa.select(Case.school_id).where(Case.conversation_id == conversation_id).order_by(Case.id.desc()).limit(1)
    ).scalar_one_or_none()
    return latest or default_school_id


def store(session: Session, *, school_id: str, conversation_id: str, payload: dict) -> None:
    session.add(WebMessage(school_id=school_id, conversation_id=conversation_id, payload=payload))


def take_undelivered(session: Session, conversation_id: str) -> List[dict]:
    """Undelivered messages, oldest first, marked delivered in the same transaction."""
    rows = session.execute(
        sa.select(WebMessage)
        .where(WebMessage.conversation_id == conversation_id, WebMessage.delivered_at.is_(None))
        .order_by(WebMessage.id)
    ).scalars().all()
    now = utcnow()
    for row in rows:
        row.delivered_at = now
    return [row.payload for row in rows]

"""A web chat conversation's messages, in order: the parent's, the assistant's and staff's.

The widget reads them with a cursor (the last id it has), so a reload shows the conversation
again and a lost response is read again. Functions take a session.
"""
from __future__ import annotations

from typing import List

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import Case, WebInbound, WebMessage, utcnow

MAX_BATCH = 200


def school_of_conversation(session: Session, conversation_id: str, default_school_id: str) -> str:
    for model in (WebInbound, Case):
        latest = session.execute(
            sa.select(model.school_id).where(model.conversation_id == conversation_id).order_by(model.id.desc()).limit(1)
        ).scalar_one_or_none()
        if latest:
            return latest
    return default_school_id


def store(session: Session, *, school_id: str, conversation_id: str, payload: dict) -> WebMessage:
    row = WebMessage(school_id=school_id, conversation_id=conversation_id, payload=payload)
    session.add(row)
    return row


def messages_after(session: Session, conversation_id: str, after: int) -> List[dict]:
    """Messages with an id above `after`, oldest first, each with its id; marked delivered."""
    rows = session.execute(
        sa.select(WebMessage)
        .where(WebMessage.conversation_id == conversation_id, WebMessage.id > after)
        .order_by(WebMessage.id)
        .limit(MAX_BATCH)
    ).scalars().all()
    now = utcnow()
    for row in rows:
        row.delivered_at = row.delivered_at or now
    return [dict(row.payload, id=row.id) for row in rows]

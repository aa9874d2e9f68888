"""Cases: a conversation handed to a person. Functions take a session; they never make one."""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, Case

OPEN_STATUSES = ("pending", "open")


def open_case(
    session: Session,
    *,
    school_id: str,
    conversation_id: str,
    channel: str,
    level: str,
    category: Optional[str] = None,
    reasons: Iterable[str] = (),
    trigger_text: Optional[str] = None,
) -> Case:
    case = Case(
        school_id=school_id,
        conversation_id=conversation_id,
        channel=channel,
        level=level,
        category=category,
        reasons=list(reasons),
        trigger_text=trigger_text,
        status="pending",
    )
    session.add(case)
    session.flush()
    session.add(AuditEntry(school_id=school_id, actor="assistant", action="case_opened", case_id=case.id, detail=level))
    return case


def open_cases_for(session: Session, conversation_id: str) -> Sequence[Case]:
    query = (
        sa.select(Case)
        .where(Case.conversation_id == conversation_id, Case.status.in_(OPEN_STATUSES))
        .order_by(Case.id)
    )
    return session.execute(query).scalars().all()

"""The queue: a school's open cases, most urgent first, then longest waiting. Takes a session."""
from __future__ import annotations

import datetime as dt
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.alerts.routing import CATEGORY_WORDS
from bot.db.models import Case, utcnow
from bot.inbox.render import age

LEVEL_ORDER = ("critical", "high", "concern", "request")
MAX_ID = 2**31 - 1  # ids are 32-bit integers in the database
_rank = sa.case({level: rank for rank, level in enumerate(LEVEL_ORDER)}, value=Case.level, else_=len(LEVEL_ORDER))


def open_cases(session: Session, school_id: str) -> List[Case]:
    return list(session.execute(
        sa.select(Case).where(Case.school_id == school_id, Case.status != "resolved")
        .order_by(_rank, Case.created_at, Case.id)
    ).scalars())


def category_words(category: Optional[str]) -> str:
    return CATEGORY_WORDS.get(category or "", (category or "-").replace("_", " "))


def queue_rows(session: Session, school_id: str, now: Optional[dt.datetime] = None) -> List[Dict]:
    now = now or utcnow()
    return [
        {"id": case.id, "level": case.level, "category": category_words(case.category), "channel": case.channel,
         "status": case.status, "who": case.assigned_to or "nobody yet", "age": age(case.created_at, now),
         "acknowledged": case.acknowledged_at is not None}
        for case in open_cases(session, school_id)
    ]


def school_case(session: Session, school_id: str, case_id: int) -> Optional[Case]:
    """The case if it belongs to this school; None for another school's (shown as not found)."""
    case = session.get(Case, case_id) if 0 < case_id <= MAX_ID else None
    return case if case is not None and case.school_id == school_id else None

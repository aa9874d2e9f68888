"""Opening a case and queueing its alerts in one transaction; raising a case's level."""
from __future__ import annotations

import datetime as dt
from typing import List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.alerts.routing import queue_alerts_for_case, recipients_for
from bot.cases import open_case
from bot.db.models import Alert, AuditEntry, Case
from bot.risk import RiskResult
from bot.risk.rules import RANK
from bot.schools import School
from bot.settings import Settings


def open_risk_case(
    session: Session, *, school: School, settings: Settings, conversation_id: str, channel: str,
    risk: RiskResult, text: str, now: dt.datetime,
) -> Tuple[Case, List[Alert]]:
    case = open_case(
        session, school_id=school.id, conversation_id=conversation_id, channel=channel,
        level=risk.level, category=risk.category, reasons=risk.reasons, trigger_text=text,
    )
    alerts = queue_alerts_for_case(session, school, case, settings, now, kind="new")
    return case, alerts


def dsl_is_told(school: School, case: Case, now: dt.datetime) -> bool:
    """Whether the safeguarding lead is among those told (whatever the transports)."""
    people, _when = recipients_for(school, case, now)
    return any(role == "dsl" for role, _contact in people)


def raise_case_if_needed(
    session: Session, *, school: School, settings: Settings, case: Case, risk: RiskResult, now: dt.datetime,
) -> List[Alert]:
    """A message while paused: a higher level raises the case; critical always alerts afresh."""
    higher = RANK.get(risk.level, 0) > RANK.get(case.level, 0)
    if not higher and risk.level != "critical":
        return []
    if higher:
        case.level = risk.level
        case.category = risk.category or case.category
        case.reasons = list(case.reasons or []) + list(risk.reasons)
    repeats = session.execute(
        sa.select(sa.func.count()).select_from(Alert).where(Alert.case_id == case.id)
    ).scalar_one()
    session.add(AuditEntry(school_id=school.id, actor="assistant", action="case_raised", case_id=case.id,
                           detail=risk.level))
    return queue_alerts_for_case(session, school, case, settings, now, kind=f"repeat-{repeats}")


def get_case(session: Session, case_id: Optional[int]) -> Optional[Case]:
    return session.get(Case, case_id) if case_id else None

"""The check-in tables. Functions take a session and never make or commit one."""
from __future__ import annotations

import datetime as dt
from typing import List, Optional, Set, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.checkins.timing import WeeklyTime, parse_time
from bot.db.models import Checkin, CheckinConsent, CheckinSubscription, utcnow

ANSWERS = ("good", "mixed", "struggling")


def subscription(session: Session, conversation_id: str) -> Optional[CheckinSubscription]:
    return session.execute(
        sa.select(CheckinSubscription).where(CheckinSubscription.conversation_id == conversation_id)
    ).scalar_one_or_none()


def weekly_time(row: CheckinSubscription) -> WeeklyTime:
    return WeeklyTime(row.weekday, parse_time(row.at_time))


def set_schedule(session: Session, *, school_id: str, conversation_id: str, weekly: WeeklyTime,
                 status: str, channel: str, action: str, wording: str) -> CheckinSubscription:
    """Create or change a subscription and record the consent with its exact wording."""
    row = subscription(session, conversation_id)
    if row is None:
        row = CheckinSubscription(school_id=school_id, conversation_id=conversation_id)
        session.add(row)
    row.weekday, row.at_time, row.status = weekly.weekday, weekly.at_text(), status
    row.active_from = utcnow() if status == "active" else None
    record_consent(session, school_id=school_id, conversation_id=conversation_id, channel=channel,
                   action=action, weekly=weekly, wording=wording)
    session.flush()
    return row


def activate(session: Session, row: CheckinSubscription, channel: str, wording: str) -> None:
    row.status, row.active_from = "active", utcnow()
    record_consent(session, school_id=row.school_id, conversation_id=row.conversation_id, channel=channel,
                   action="opt_in", weekly=weekly_time(row), wording=wording)


def stop(session: Session, row: CheckinSubscription, channel: str, wording: str) -> None:
    row.status, row.active_from = "stopped", None
    record_consent(session, school_id=row.school_id, conversation_id=row.conversation_id, channel=channel,
                   action="stop", weekly=None, wording=wording)


def record_consent(session: Session, *, school_id: str, conversation_id: str, channel: str, action: str,
                   weekly: Optional[WeeklyTime], wording: str) -> None:
    session.add(CheckinConsent(school_id=school_id, conversation_id=conversation_id, channel=channel,
                               action=action, weekday=weekly.weekday if weekly else None,
                               at_time=weekly.at_text() if weekly else None, wording=wording))


def active_subscriptions(session: Session) -> List[CheckinSubscription]:
    return list(session.execute(
        sa.select(CheckinSubscription).where(CheckinSubscription.status == "active")
        .order_by(CheckinSubscription.id)
    ).scalars())


def claimed(session: Session, periods: Set[str]) -> Set[Tuple[int, str]]:
    """(subscription id, period) of the check-ins already claimed in these periods."""
    if not periods:
        return set()
    rows = session.execute(sa.select(Checkin.subscription_id, Checkin.period).where(Checkin.period.in_(periods)))
    return {(subscription_id, period) for subscription_id, period in rows}


def claim(session: Session, row: CheckinSubscription, period: str) -> int:
    """Insert this week's check-in and return its id. Raises IntegrityError when another
    process (or an earlier run) has it: call it in a transaction of its own."""
    checkin = Checkin(subscription_id=row.id, school_id=row.school_id, conversation_id=row.conversation_id,
                      period=period, status="sending")
    session.add(checkin)
    session.flush()
    return checkin.id


def mark(session: Session, checkin_id: int, status: str, error: Optional[str] = None) -> None:
    values = {"status": status, "error": error[:500] if error else None}
    if status == "sent":
        values["sent_at"] = utcnow()
    session.execute(sa.update(Checkin).where(Checkin.id == checkin_id).values(**values)
                    .execution_options(synchronize_session=False))


def release(session: Session, checkin_id: int) -> None:
    """Nothing reached Rasa (it was not running): the claim goes, the next run tries again."""
    session.execute(sa.delete(Checkin).where(Checkin.id == checkin_id, Checkin.status == "sending")
                    .execution_options(synchronize_session=False))


def open_checkin(session: Session, conversation_id: str) -> Optional[Checkin]:
    """The latest check-in sent to this conversation and not yet answered."""
    return session.execute(
        sa.select(Checkin).where(Checkin.conversation_id == conversation_id, Checkin.answer.is_(None),
                                 Checkin.status.in_(("sending", "sent")))
        .order_by(Checkin.id.desc()).limit(1)
    ).scalar_one_or_none()


def record_answer(session: Session, checkin_id: int, answer: str) -> bool:
    """Compare-and-set: the first answer to a check-in is the one kept."""
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {ANSWERS}")
    result = session.execute(
        sa.update(Checkin).where(Checkin.id == checkin_id, Checkin.answer.is_(None))
        .values(answer=answer, answered_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def recent_answers(session: Session, conversation_id: str, limit: int = 2) -> List[str]:
    """The latest answers, newest first (weeks with no answer are left out)."""
    return list(session.execute(
        sa.select(Checkin.answer).where(Checkin.conversation_id == conversation_id, Checkin.answer.is_not(None))
        .order_by(Checkin.id.desc()).limit(limit)
    ).scalars())


def history(session: Session, conversation_id: str) -> List[Checkin]:
    """Every check-in of a family, oldest first (for the HWBL's inbox)."""
    return list(session.execute(
        sa.select(Checkin).where(Checkin.conversation_id == conversation_id).order_by(Checkin.id)
    ).scalars())

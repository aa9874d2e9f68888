"""Figures for the overview and a family's history. Functions take a session and only read."""
from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from typing import Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.checkins import store as checkins_store
from bot.db.models import AuditEntry, Case
from bot.inbox.queue import LEVEL_ORDER
from bot.schools import UK, School

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
RASA_EVENTS = sa.table("events", sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"),
                       sa.column("data"))


def parent_messages(session: Session, school: School, default_school_id: str, since: dt.datetime) -> List[dt.datetime]:
    """When parents wrote to this school (aware UTC), from Rasa's tracker store in the same database.
    A message without a school in its metadata counts for the deployment's default school."""
    if not sa.inspect(session.connection()).has_table("events"):
        return []
    rows = session.execute(sa.select(RASA_EVENTS.c.timestamp, RASA_EVENTS.c.data).where(
        RASA_EVENTS.c.type_name == "user", RASA_EVENTS.c.timestamp >= since.timestamp()))
    times = []
    for timestamp, data in rows:
        try:
            school_id = ((json.loads(data or "{}").get("metadata") or {}).get("school")) or default_school_id
        except (ValueError, AttributeError):
            school_id = default_school_id
        if school_id == school.id:
            times.append(dt.datetime.fromtimestamp(timestamp, dt.timezone.utc))
    return times


def contacts_by_time(times: List[dt.datetime], school: School) -> Dict:
    hours, days = [0] * 24, [0] * 7
    out_of_hours = 0
    for moment in times:
        local = moment.astimezone(UK)
        hours[local.hour] += 1
        days[local.weekday()] += 1
        out_of_hours += not school.is_working_time(moment)
    return {"hours": hours, "days": days, "total": len(times), "out_of_hours": out_of_hours}


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def cases_by_week(session: Session, school_id: str, now: dt.datetime, weeks: int) -> Dict:
    """Cases opened each week (Monday to Sunday, the last `weeks` weeks) by level."""
    first = week_start(now.date()) - dt.timedelta(weeks=weeks - 1)
    starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    counts = {level: [0] * weeks for level in LEVEL_ORDER}
    rows = session.execute(sa.select(Case.level, Case.created_at).where(
        Case.school_id == school_id, Case.created_at >= dt.datetime.combine(first, dt.time()))).all()
    for level, created in rows:
        index = (week_start(created.date()) - first).days // 7
        if level in counts and 0 <= index < weeks:
            counts[level][index] += 1
    return {"labels": [s.strftime("%d %b") for s in starts], "series": counts}


def first_reply_minutes(session: Session, school_id: str, since: dt.datetime) -> Dict[str, List[float]]:
    """Minutes from a case opening to the first staff reply, by level, for cases opened since then."""
    first_reply = (sa.select(AuditEntry.case_id, sa.func.min(AuditEntry.at).label("at"))
                   .where(AuditEntry.action == "reply").group_by(AuditEntry.case_id).subquery())
    rows = session.execute(sa.select(Case.level, Case.created_at, first_reply.c.at)
                           .join(first_reply, first_reply.c.case_id == Case.id)
                           .where(Case.school_id == school_id, Case.created_at >= since)).all()
    minutes: Dict[str, List[float]] = {}
    for level, created, replied in rows:
        minutes.setdefault(level, []).append(max(0.0, (replied - created).total_seconds() / 60))
    return minutes


def summary(values: List[float]) -> Optional[Dict[str, float]]:
    if not values:
        return None
    ordered = sorted(values)
    return {"n": len(ordered), "median": statistics.median(ordered),
            "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]}


def open_per_staff(session: Session, school_id: str) -> Counter:
    rows = session.execute(sa.select(Case.assigned_to).where(
        Case.school_id == school_id, Case.status != "resolved")).scalars()
    return Counter(name or "nobody yet" for name in rows)


def family_cases(session: Session, case: Case) -> List[Case]:
    """Every case of the same conversation (one family's phone number or web chat) at this school."""
    return list(session.execute(sa.select(Case).where(
        Case.school_id == case.school_id, Case.conversation_id == case.conversation_id).order_by(Case.created_at)).scalars())


CHECKIN_ANSWER_WORDS = {"good": "Good", "mixed": "Up and down", "struggling": "Struggling"}


def checkin_answers(session: Session, school_id: str, conversation_id: str) -> List[Dict]:
    """The family's weekly check-in answers, oldest first ({"at", "answer"})."""
    return [{"at": c.answered_at, "answer": CHECKIN_ANSWER_WORDS.get(c.answer, c.answer)}
            for c in checkins_store.history(session, conversation_id)
            if c.school_id == school_id and c.answer]

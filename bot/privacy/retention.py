"""Retention: what is past its school's period is deleted; anonymous daily counts stay.

Per school (schools/*.yml): `retention_days` (default 180) for conversations and messages,
`case_retention_days` for closed safeguarding cases (concern, high, critical); a closed
`request` case (a parent asking for a call) follows `retention_days`. Periods are whole days:
with 180 days, everything from before midnight UTC 180 days ago goes.

A conversation that still has a case is the case's record and is kept with it. Rasa's events of
the conversation's current session stay while the session is younger than the period (Rasa
rebuilds the conversation from them); once the conversation is wholly older, all of it goes.
Functions take a session and never commit: the caller commits, or rolls back for a dry run.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.cases import OPEN_STATUSES
from bot.db.models import (AbsenceReport, AuditEntry, Alert, Case, Consent, DailyCount, SmsContact,
                           SmsInbound, SmsOutbound, WebInbound, WebMessage, utcnow)
from bot.privacy.tracker import EVENTS, chunks, conversation_schools, has_events
from bot.schools import School, default_school

SAFEGUARDING_LEVELS = ("concern", "high", "critical")
# Tables of messages, each with school_id, conversation_id and the column that says how old a
# row is. A table added later that holds parents' messages belongs here.
MESSAGE_TABLES = ((WebMessage, "created_at"), (WebInbound, "created_at"), (SmsInbound, "created_at"),
                  (SmsOutbound, "created_at"))
LOCK_KEY = 7_220_180  # PostgreSQL advisory lock: one retention run at a time, across replicas

CountKey = Tuple[str, dt.date, str]  # school, day, metric


def cutoff(now: dt.datetime, days: int) -> dt.datetime:
    """Midnight (UTC) `days` days before `now`'s day: rows older than this are due."""
    return dt.datetime.combine(now.date() - dt.timedelta(days=days), dt.time())


def apply_retention(session: Session, schools: Dict[str, School],
                    now: Optional[dt.datetime] = None) -> Dict[str, int]:
    """Delete what is due in every school; returns rows deleted per table (and counts kept)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    now = now or utcnow()
    conversation_cutoffs = {s.id: cutoff(now, s.retention_days) for s in schools.values()}
    case_cutoffs = {s.id: cutoff(now, s.case_retention_days) for s in schools.values()}
    default_id = default_school(schools).id
    deleted: Counter = Counter()
    counts: Counter = Counter()

    _expire_cases(session, conversation_cutoffs, case_cutoffs, default_id, deleted, counts)
    kept_by_cases = sa.select(Case.conversation_id)
    if has_events(session):
        _expire_events(session, conversation_cutoffs, default_id, kept_by_cases, deleted, counts)
    known = list(conversation_cutoffs)
    # each school by its own period; rows of a school no longer configured by the default one
    for school_id, before in [*conversation_cutoffs.items(), (None, conversation_cutoffs[default_id])]:
        def of_school(column):
            return column == school_id if school_id else column.not_in(known)

        for model, column in MESSAGE_TABLES:
            deleted[model.__tablename__] += session.execute(
                sa.delete(model).where(of_school(model.school_id), getattr(model, column) < before,
                                       model.conversation_id.not_in(kept_by_cases))
                .execution_options(synchronize_session=False)).rowcount
        due_absences = sa.select(AbsenceReport.id).where(
            of_school(AbsenceReport.school_id), AbsenceReport.created_at < before,
            AbsenceReport.conversation_id.not_in(kept_by_cases))
        deleted["alerts"] += session.execute(  # the office's email about it went long ago
            sa.delete(Alert).where(Alert.absence_id.in_(due_absences)).execution_options(synchronize_session=False)
        ).rowcount
        deleted["absence_reports"] += session.execute(
            sa.delete(AbsenceReport).where(AbsenceReport.id.in_(due_absences))
            .execution_options(synchronize_session=False)).rowcount
        deleted["sms_contacts"] += _expire_contacts(session, of_school(SmsContact.school_id), before, kept_by_cases)
        deleted["consents"] += session.execute(
            sa.delete(Consent).where(
                of_school(Consent.school_id), Consent.at < before,
                Consent.conversation_id.not_in(kept_by_cases),
                Consent.conversation_id.not_in(sa.select(SmsContact.conversation_id)))
            .execution_options(synchronize_session=False)).rowcount
    _add_counts(session, counts)
    report = {table: n for table, n in deleted.items() if n}
    report["daily_counts_added"] = sum(counts.values())
    return report


def _expire_cases(session, conversation_cutoffs, case_cutoffs, default_id, deleted, counts) -> None:
    latest = max([*conversation_cutoffs.values(), *case_cutoffs.values()])
    closed_at = sa.func.coalesce(Case.resolved_at, Case.updated_at)
    candidates = session.execute(
        sa.select(Case.id, Case.school_id, Case.level, Case.created_at, closed_at)
        .where(Case.status.not_in(OPEN_STATUSES), closed_at < latest)
    ).all()
    due: List[int] = []
    for case_id, school_id, level, created_at, closed in candidates:
        period = case_cutoffs if level in SAFEGUARDING_LEVELS else conversation_cutoffs
        if closed < period.get(school_id, period[default_id]):
            due.append(case_id)
            counts[(school_id, created_at.date(), f"cases_{level}")] += 1
    for part in chunks(due):
        session.execute(sa.update(SmsOutbound).where(SmsOutbound.case_id.in_(part)).values(case_id=None)
                        .execution_options(synchronize_session=False))
        for model in (Alert, AuditEntry):
            deleted[model.__tablename__] += session.execute(
                sa.delete(model).where(model.case_id.in_(part)).execution_options(synchronize_session=False)
            ).rowcount
        deleted["cases"] += session.execute(
            sa.delete(Case).where(Case.id.in_(part)).execution_options(synchronize_session=False)).rowcount


def _expire_events(session, cutoffs, default_id, kept_by_cases, deleted, counts) -> None:
    latest = max(cutoffs.values()).replace(tzinfo=dt.timezone.utc).timestamp()
    senders = list(session.execute(
        sa.select(EVENTS.c.sender_id).where(EVENTS.c.timestamp < latest,
                                            EVENTS.c.sender_id.not_in(kept_by_cases)).distinct()
    ).scalars())
    school_of = conversation_schools(session, senders, default_id)
    for part in chunks(senders):
        rows = session.execute(
            sa.select(EVENTS.c.sender_id, sa.func.max(EVENTS.c.timestamp),
                      sa.func.max(sa.case((EVENTS.c.type_name == "session_started", EVENTS.c.timestamp))))
            .where(EVENTS.c.sender_id.in_(part)).group_by(EVENTS.c.sender_id)
        ).all()
        for sender, last_at, session_start in rows:
            school_id = school_of[sender]
            before = cutoffs.get(school_id, cutoffs[default_id]).replace(tzinfo=dt.timezone.utc).timestamp()
            if last_at >= before:  # still in use: keep the current session for Rasa
                if session_start is None:
                    continue
                before = min(before, session_start)
            due = sa.and_(EVENTS.c.sender_id == sender, EVENTS.c.timestamp < before)
            _count_events(session, due, school_id, counts)
            deleted["events"] += session.execute(EVENTS.delete().where(due)).rowcount


def _count_events(session, due, school_id: str, counts: Counter) -> None:
    conversations = set()
    for type_name, timestamp, sender in session.execute(
        sa.select(EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.sender_id)
        .where(due, EVENTS.c.type_name.in_(("user", "bot")))
    ):
        day = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).date()
        counts[(school_id, day, "messages_in" if type_name == "user" else "messages_out")] += 1
        if type_name == "user":
            conversations.add((day, sender))
    for day, _sender in conversations:
        counts[(school_id, day, "conversations")] += 1


def _expire_contacts(session, of_school, before: dt.datetime, kept_by_cases) -> int:
    """A number is forgotten once nothing of its conversation is left."""
    leftovers = [sa.select(model.conversation_id) for model, _column in MESSAGE_TABLES]
    if has_events(session):
        leftovers.append(sa.select(EVENTS.c.sender_id))
    query = sa.delete(SmsContact).where(of_school, SmsContact.updated_at < before,
                                        SmsContact.conversation_id.not_in(kept_by_cases))
    for leftover in leftovers:
        query = query.where(SmsContact.conversation_id.not_in(leftover))
    return session.execute(query.execution_options(synchronize_session=False)).rowcount


def _add_counts(session: Session, counts: Dict[CountKey, int]) -> None:
    for (school_id, day, metric), n in sorted(counts.items()):
        row = session.execute(sa.select(DailyCount).where(
            DailyCount.school_id == school_id, DailyCount.day == day, DailyCount.metric == metric)
        ).scalar_one_or_none()
        if row is None:
            session.add(DailyCount(school_id=school_id, day=day, metric=metric, count=n))
        else:
            row.count += n
    session.flush()

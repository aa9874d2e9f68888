"""Erasure of one family's data: every row of every table (Rasa's `events` included) keyed by
their conversation ids or phone number is deleted. Safeguarding cases are the school's record
and stay, redacted: no conversation id, no words; level, category, outcome, dates and who acted
remain. A case that is still open must be closed first."""
from __future__ import annotations

import json
from collections import Counter
from typing import Dict

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.cases import OPEN_STATUSES
from bot.db.models import AuditEntry, Case
from bot.privacy.subject import Subject

KEY_COLUMNS = ("conversation_id", "sender_id")
KEPT_REDACTED = {"cases"}


class ErasureRefused(ValueError):
    """Erasure would destroy a record the school still needs."""


def erase(session: Session, subject: Subject) -> Dict[str, int]:
    ids, phones = list(subject.conversation_ids), list(subject.phones)
    cases = session.execute(sa.select(Case).where(Case.conversation_id.in_(ids))).scalars().all()
    still_open = [c.id for c in cases if c.status in OPEN_STATUSES]
    if still_open:
        raise ErasureRefused(f"case(s) {', '.join(map(str, still_open))} still open: hand back or close them first")
    report: Counter = Counter()
    for case in cases:
        case.conversation_id, case.trigger_text, case.reasons = f"erased-case-{case.id}", None, []
        session.add(AuditEntry(school_id=case.school_id, actor="privacy", action="erased", case_id=case.id))
        report["cases_redacted"] += 1
    session.flush()
    metadata = sa.MetaData()
    metadata.reflect(bind=session.connection())
    for table in reversed(metadata.sorted_tables):  # rows that point at others go first
        if table.name in KEPT_REDACTED:
            continue
        matches = [table.c[name].in_(ids) for name in KEY_COLUMNS if name in table.c]
        if phones and "phone" in table.c:
            matches.append(_phone_match(table, subject))
        if matches:
            _erase_dependents(session, metadata, table, sa.or_(*matches), report)
            report[table.name] += session.execute(table.delete().where(sa.or_(*matches))).rowcount
    report = {name: n for name, n in report.items() if n}
    for school_id in subject.school_ids:  # that it happened, and how much: never who
        session.add(AuditEntry(school_id=school_id, actor="privacy", action="erasure_request",
                               detail=json.dumps(report, sort_keys=True)[:500]))
    return report


def _erase_dependents(session: Session, metadata: sa.MetaData, table: sa.Table, match, report: Counter) -> None:
    """Rows of other tables that point at the rows about to go (an absence report's office alert)."""
    for other in metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and other.name not in KEPT_REDACTED:
                doomed = sa.select(fk.column).where(match)
                report[other.name] += session.execute(other.delete().where(fk.parent.in_(doomed))).rowcount


def _phone_match(table: sa.Table, subject: Subject):
    """The number's rows, in the schools asked about only (one number may text two schools)."""
    match = table.c.phone.in_(subject.phones)
    return sa.and_(match, table.c.school_id.in_(subject.school_ids)) if "school_id" in table.c else match

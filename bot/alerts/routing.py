"""Who is told about a case, when, and by which transport; the alert's words.

Functions take a session and never commit: alerts are queued in the caller's transaction,
together with the case they are about (the outbox).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.models import Alert, Case
from bot.schools import Contact, School
from bot.settings import Settings
from bot.sms_text import GSM7_BASIC, segment_count

ESCALATE_AFTER = {"critical": dt.timedelta(minutes=10), "high": dt.timedelta(minutes=30)}
LEVEL_WORDS = {"critical": "CRITICAL", "high": "HIGH", "concern": "concern", "request": "request"}
CATEGORY_WORDS = {
    "child_at_risk": "a child may be at risk",
    "self_harm": "self-harm or suicide",
    "domestic_abuse": "domestic abuse",
    "medical_emergency": "medical emergency",
    "acute_hardship": "urgent hardship",
    "not_coping": "parent not coping",
}
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-", "\u2026": "..."})
Recipient = Tuple[str, Contact]


def aware_utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; a naive `now` is taken to be UTC too."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def naive_utc(moment: dt.datetime) -> dt.datetime:
    return aware_utc(moment).replace(tzinfo=None)


def sms_enabled(settings: Settings) -> bool:
    return bool(settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_number)


def email_enabled(settings: Settings) -> bool:
    return bool(settings.smtp_url)


def recipients_for(school: School, case: Case, now: dt.datetime) -> Tuple[List[Recipient], dt.datetime]:
    """The staff to tell about a case and the earliest time to tell them (aware UTC)."""
    if case.level == "critical":
        return [("hwbl", school.hwbl), ("dsl", school.dsl)], now
    if case.level == "high":
        people = [("hwbl", school.hwbl)]
        if case.category == "child_at_risk":
            people.append(("dsl", school.dsl))
        return people, now
    if case.level in ("concern", "request"):
        return [("hwbl", school.hwbl)], aware_utc(school.next_working_start(now))
    return [], now


def queue_alerts_for_case(
    session: Session, school: School, case: Case, settings: Settings, now: dt.datetime, kind: str = "new",
) -> List[Alert]:
    """Queue this case's alerts ('new', or 'repeat-<n>' for a fresh critical message while paused)."""
    people, when = recipients_for(school, case, aware_utc(now))
    return _queue(session, case, settings, kind, people, naive_utc(when), naive_utc(now))


def queue_due_escalations(
    session: Session, schools: Dict[str, School], settings: Settings, now: dt.datetime,
) -> List[Alert]:
    """Urgent cases nobody has taken in time: tell the DSL and every deputy, once per case."""
    now = naive_utc(now)
    queued: List[Alert] = []
    escalated = sa.exists().where(Alert.case_id == Case.id, Alert.kind == "escalation")
    for level, after in ESCALATE_AFTER.items():
        cases = session.execute(
            sa.select(Case).where(
                Case.level == level, Case.status == "pending", Case.acknowledged_at.is_(None),
                Case.created_at <= now - after, Case.school_id.in_(list(schools)), ~escalated,
            ).order_by(Case.id)
        ).scalars().all()
        for case in cases:
            school = schools[case.school_id]
            people = [("dsl", school.dsl)] + [(f"deputy{i}", d) for i, d in enumerate(school.deputies, 1)]
            queued += _queue(session, case, settings, "escalation", people, now, now)
    return queued


def _queue(session: Session, case: Case, settings: Settings, kind: str, people: Sequence[Recipient],
           not_before: dt.datetime, now: dt.datetime) -> List[Alert]:
    session.flush()  # the case has its id and exists before its alerts refer to it
    rows, seen = [], set()
    for role, contact in people:
        for transport, address in _addresses(contact, settings):
            if (transport, address) in seen:  # one person holding two roles hears once
                continue
            seen.add((transport, address))
            rows.append(dict(
                school_id=case.school_id, case_id=case.id, recipient_role=role,
                recipient_name=contact.full_name, transport=transport, address=address, kind=kind,
                idempotency_key=f"case{case.id}:{kind}:{role}:{transport}", status="queued",
                not_before=not_before, attempts=0, created_at=now,
            ))
    keys = [row["idempotency_key"] for row in rows if _insert_once(session, row)]
    if not keys:
        return []
    query = sa.select(Alert).where(Alert.idempotency_key.in_(keys)).order_by(Alert.id)
    return list(session.execute(query).scalars())


def _addresses(contact: Contact, settings: Settings) -> Iterable[Tuple[str, str]]:
    if contact.phone and sms_enabled(settings):
        yield "sms", contact.phone
    if contact.email and email_enabled(settings):
        yield "email", contact.email


def _insert_once(session: Session, row: dict) -> bool:
    """Insert unless the idempotency key exists already: True if this call inserted it."""
    table = Alert.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(table).values(**row)
        result = session.execute(insert.on_conflict_do_nothing(index_elements=["idempotency_key"]))
        return result.rowcount == 1
    with session.begin_nested():  # other databases: a savepoint around a plain insert
        exists = session.execute(
            sa.select(table.c.id).where(table.c.idempotency_key == row["idempotency_key"])
        ).first()
        if exists is None:
            session.execute(sa.insert(table).values(**row))
        return exists is None


def alert_ref(alert_id: int) -> str:
    """A short reference for an alert, e.g. 'A1Z' (base 36), found again in Twilio's log."""
    digits, n = "", alert_id
    while True:
        n, rest = divmod(n, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rest] + digits
        if n == 0:
            return "A" + digits


def gsm_plain(text: str) -> str:
    """Straight quotes and dashes; anything else outside GSM-7's basic set is dropped."""
    return "".join(ch for ch in text.translate(_PLAIN) if ch in GSM7_BASIC)


def category_words(case: Case) -> str:
    if case.category in CATEGORY_WORDS:
        return CATEGORY_WORDS[case.category]
    if case.category:
        return gsm_plain(case.category.replace("_", " "))
    return "asked to talk to someone" if case.level == "request" else "a worry"


def alert_text(school: School, case: Case, settings: Settings, alert: Optional[Alert] = None) -> str:
    """What staff read: never what the parent wrote, nor who they are. One SMS segment."""
    late = " - NOT YET PICKED UP" if alert is not None and alert.kind == "escalation" else ""
    level = LEVEL_WORDS.get(case.level, gsm_plain(case.level or ""))
    ref = f" Ref {alert_ref(alert.id)}" if alert is not None and alert.id else ""
    tail = f"{level}, {category_words(case)}. Case {case.id}: {gsm_plain(settings.public_url)}/inbox/cases/{case.id}{ref}"
    text = f"{gsm_plain(school.short_name)} parent support{late}: {tail}"
    if segment_count(text) > 1:  # a long PUBLIC_URL: keep it to one SMS if that can be done
        text = f"{gsm_plain(school.short_name)}{late.replace(' YET', '')}: {tail}"
    return text


def email_subject(school: School, case: Case, alert: Alert) -> str:
    late = "not yet picked up: " if alert.kind == "escalation" else ""
    return f"{gsm_plain(school.short_name)}: {late}{LEVEL_WORDS.get(case.level, case.level)} case {case.id}"


def find_ref(ref: str, body: Optional[str]) -> bool:
    """Whether a message body carries this ref as a whole word (A1 is not in A1Z)."""
    return bool(body) and re.search(rf"(?<![0-9A-Za-z]){re.escape(ref)}(?![0-9A-Za-z])", body) is not None


def insert_alert_once(session: Session, row: dict) -> Optional[Alert]:
    """Queue one alert row (e.g. an absence report for the office); None if its
    idempotency key was queued already."""
    if not _insert_once(session, row):
        return None
    return session.execute(sa.select(Alert).where(Alert.idempotency_key == row["idempotency_key"])).scalar_one()


def queue_alert_to_dsl(session: Session, school: School, case: Case, settings: Settings, now: dt.datetime,
                       kind: str = "reassign") -> List[Alert]:
    """Tell the school's safeguarding lead at once about a case passed to them (once per case and kind)."""
    return _queue(session, case, settings, kind, [("dsl", school.dsl)], naive_utc(now), naive_utc(now))

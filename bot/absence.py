"""Reporting a child's absence: reading the parent's answers, recording the report and queuing
it for the school office (an alert of kind 'absence', delivered by the alert worker by email).

Only broad words are kept for the reason (ill, appointment, family, other): never what the
parent wrote about it, so no medical detail is stored or sent. Functions take a session.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.alerts.routing import insert_alert_once, naive_utc
from bot.db.models import AbsenceReport, Alert
from bot.free_school_meals import school_year
from bot.schools import DAYS, UK, School, when_text

REASONS = {"ill": "illness", "appointment": "an appointment", "family": "family reasons", "other": "other reasons"}
UNKNOWN = "not sure"
MAX_DAYS_BACK, MAX_DAYS_AHEAD = 31, 31

_REASON_WORDS = (
    ("appointment", r"appointment|appt|dentist|doctor|gp\b|hospital|clinic|optician|orthodontist|hearing test|check ?up"),
    ("ill", r"ill|sick|poorly|unwell|temperature|temp\b|fever|bug|vomit|d ?(?:&|and) ?v|cold|flu|covid|cough|pox"
            r"|tummy|stomach|headache|migraine|rash|infection|asthma|injur|hurt|broke|not well|under the weather"),
    ("family", r"family|funeral|bereave|died|passed away|wedding|religious|festival|eid|diwali|moving house"
               r"|emergency|court|visit"),
)
_NAME_LEAD_IN = re.compile(
    r"^(?:(?:his|her|their|my (?:son|daughter|child|boy|girl|kid)'?s?) name(?:'s| is)|(?:he|she|they)(?:'s| is| are|'re) called"
    r"|it'?s|its|this is|called|name is|name'?s)\s+", re.IGNORECASE)
_NOT_NAMES = {"yes", "no", "ok", "okay", "he", "she", "they", "my", "the", "son", "daughter", "child", "hi", "hello",
              "sorry", "not", "year", "reception", "today", "class"}
_WORD_NAME = re.compile(r"[A-Za-z][A-Za-z'-]{0,29}")
_CLASS_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '&-]{0,39}$")
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]{3,9})\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_UNKNOWN_RETURN = re.compile(r"\b(not sure|unsure|don'?t know|dont know|dunno|no idea|unknown|not known|depends|idk|n/?a)\b")


def child_first_name(text: str) -> Optional[str]:
    """'Jake' from 'his name is jake smith', or None if no first name can be seen."""
    cleaned = _NAME_LEAD_IN.sub("", text.strip().strip(".!")).strip()
    match = _WORD_NAME.match(cleaned)
    if not match or match.group(0).lower() in _NOT_NAMES:
        return None
    name = match.group(0)
    return name.title() if name.islower() or name.isupper() else name


def class_name(text: str) -> Optional[str]:
    """'Year 3', 'Reception', or the class as written ('Otters', '3B'), or None."""
    year = school_year(text)
    if year:
        return year.capitalize()
    cleaned = re.sub(r"\s+", " ", text.strip().strip(".!"))
    cleaned = re.sub(r"^(?:(?:she|he|they)(?:'s| is| are|'re) in|in)\s+", "", cleaned, flags=re.IGNORECASE)
    return cleaned if _CLASS_TEXT.match(cleaned) else None


def reason_category(text: str) -> str:
    """One broad word for why: 'ill', 'appointment', 'family' or 'other'."""
    lowered = text.lower()
    for category, pattern in _REASON_WORDS:
        if lowered.strip() == category or re.search(rf"\b(?:{pattern})", lowered):
            return category
    return "other"


def day_from_text(text: str, today: dt.date, ahead: bool) -> Optional[dt.date]:
    """A date from 'today', 'yesterday', 'tomorrow', a weekday, '25/11' or '25th November'.
    A bare weekday is the latest one up to today, or with `ahead` the next one after today."""
    lowered = text.lower().strip()
    for word, offset in (("yesterday", -1), ("tomorrow", 1), ("tmrw", 1), ("today", 0), ("tdy", 0), ("this morning", 0)):
        if re.search(rf"\b{word}\b", lowered):
            return today + dt.timedelta(days=offset)
    for index, day in enumerate(DAYS):
        if re.search(rf"\b{day[:3]}(?:{day[3:]})?\b", lowered):
            if ahead:
                return today + dt.timedelta(days=(index - today.weekday() - 1) % 7 + 1)
            return today - dt.timedelta(days=(today.weekday() - index) % 7)
    match = _DMY.search(lowered)
    if match:
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        return _date(day, month, int(year) + (2000 if len(year) == 2 else 0) if year else None, today)
    match = _DAY_MONTH.search(lowered)
    if match and match.group(2)[:3] in _MONTHS:
        return _date(int(match.group(1)), _MONTHS.index(match.group(2)[:3]) + 1, None, today)
    return None


def _date(day: int, month: int, year: Optional[int], today: dt.date) -> Optional[dt.date]:
    candidates = [year] if year else [today.year - 1, today.year, today.year + 1]
    dates = []
    for y in candidates:
        try:
            dates.append(dt.date(y, month, day))
        except ValueError:
            continue
    return min(dates, key=lambda d: abs((d - today).days)) if dates else None


def first_day_ok(day: dt.date, today: dt.date) -> bool:
    return -MAX_DAYS_BACK <= (day - today).days <= MAX_DAYS_AHEAD


def return_day(text: str, first_day: dt.date, today: dt.date) -> Tuple[bool, Optional[dt.date]]:
    """(understood, date): (True, None) when the parent does not know yet."""
    if _UNKNOWN_RETURN.search(text.lower()):
        return True, None
    day = day_from_text(text, max(today, first_day), ahead=True)
    if day is None or day <= first_day or (day - today).days > 120:
        return False, None
    return True, day


def day_text(day: Optional[dt.date]) -> str:
    """'Wednesday 25 November', or 'not known yet'."""
    if day is None:
        return "not known yet"
    return f"{DAYS[day.weekday()].capitalize()} {day.day} {day.strftime('%B')}"


def record_absence(
    session: Session, *, school: School, conversation_id: str, channel: str, child_name: str, class_name: str,
    first_day: dt.date, reason: str, expected_return: Optional[dt.date], now: dt.datetime,
) -> Tuple[AbsenceReport, Alert]:
    """The report and its email to the office, in the caller's transaction (the outbox)."""
    report = AbsenceReport(
        school_id=school.id, conversation_id=conversation_id, channel=channel, child_name=child_name,
        class_name=class_name, first_day=first_day, reason=reason if reason in REASONS else "other",
        expected_return=expected_return, created_at=naive_utc(now),
    )
    session.add(report)
    session.flush()
    alert = insert_alert_once(session, dict(
        school_id=school.id, case_id=None, absence_id=report.id, recipient_role="office",
        recipient_name=f"{school.short_name} office", transport="email", address=school.office_email,
        kind="absence", idempotency_key=f"absence{report.id}:office:email", status="queued",
        not_before=naive_utc(now), attempts=0, created_at=naive_utc(now),
    ))
    return report, alert


def office_email(school: School, report: AbsenceReport) -> Tuple[str, str]:
    """(subject, body) of the email the office gets."""
    reported = report.created_at.replace(tzinfo=dt.timezone.utc).astimezone(UK)
    first = report.first_day
    subject = f"{school.short_name}: absence of {report.child_name} ({report.class_name}) from {first.day} {first:%b}"
    body = "\n".join([
        "A parent reported an absence to the parent support assistant.",
        "",
        f"Child: {report.child_name}",
        f"Class: {report.class_name}",
        f"First day absent: {day_text(report.first_day)} {report.first_day.year}",
        f"Reason: {REASONS.get(report.reason, 'other reasons')}",
        f"Expected back: {day_text(report.expected_return)}",
        f"Reported: {reported:%d %B %Y at %H:%M} UK time, by {report.channel}",
        f"Reference: absence {report.id}",
        "",
        "The parent was told the office will see this when it next opens.",
    ])
    return subject, body


def passed_to_office_text(school: School, child_name: str, reason: str, now: dt.datetime) -> str:
    """What the parent is told: it was passed on, and when the office will see it."""
    opens = school.next_office_open(now)
    when = "soon, as it is open now" if opens <= now.astimezone(UK) else when_text(opens, now)
    wish = f" I hope {child_name} feels better soon." if reason == "ill" else ""
    return f"Thank you. I've passed this to the school office, and they'll see it {when}.{wish}"


def stopped_text(school: School) -> str:
    """What the parent is told when they stop half-way: nothing was passed on."""
    return f"That's fine, I haven't passed anything on. You can call the office on {school.office_phone} any time."


def recent_reports(session: Session, school_id: Optional[str] = None, limit: int = 50) -> list:
    """(report, its office alert) pairs, newest first: what the office was sent and whether it went."""
    query = (sa.select(AbsenceReport, Alert).outerjoin(Alert, Alert.absence_id == AbsenceReport.id)
             .order_by(AbsenceReport.id.desc()).limit(limit))
    if school_id:
        query = query.where(AbsenceReport.school_id == school_id)
    return list(session.execute(query).all())


def report_line(report: AbsenceReport, alert: Optional[Alert]) -> str:
    delivery = "not queued" if alert is None else alert.status + (f" ({alert.last_error})" if alert.last_error else "")
    return (f"#{report.id:<5} {report.school_id:12} {report.first_day.isoformat()} {report.child_name:14} "
            f"{report.class_name:12} {report.reason:11} email to office: {delivery}")

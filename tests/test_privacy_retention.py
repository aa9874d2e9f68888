"""Retention deletes exactly what is due, per school, and nothing else; anonymous counts stay."""
import datetime as dt
import json
import uuid

import pytest
import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory
from bot.db.migrate import upgrade
from bot.db.models import (AbsenceReport, Alert, AuditEntry, Case, Consent, DailyCount, SmsContact, SmsInbound, SmsOutbound,
                           WebMessage)
from bot.privacy.retention import apply_retention
from bot.privacy.tracker import EVENTS
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT
from tests.conftest import POSTGRES_ADMIN_URL

NOW = dt.datetime(2026, 6, 15, 12, 0)
SECOND_SCHOOL = """
id: st-marys
name: St Mary's Primary
town: Kestrel Bay
council: Kestrel Bay Council
twilio_number: "+447700900002"
hwbl: {name: Mrs Shah, full_name: Nina Shah, email: nina.shah@stmarys.example.org}
dsl: {name: Mr Ellis, full_name: Tom Ellis, email: tom.ellis@stmarys.example.org}
working_hours: {monday: "08:30-16:00"}
office: {phone: "01632 960456", email: office@stmarys.example.org, hours: 8am to 4pm}
term_dates: Ask the office.
breakfast_club: Ask the office.
homework_club: Ask the office.
retention_days: 30
case_retention_days: 60
"""


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def two_schools(tmp_path):
    """Harbourside (180 days, cases 365) and St Mary's (30 days, cases 60)."""
    folder = tmp_path / "schools"
    folder.mkdir()
    text = (PROJECT_ROOT / "schools" / "harbourside.yml").read_text()
    (folder / "harbourside.yml").write_text(text + "\ncase_retention_days: 365\n")
    (folder / "st-marys.yml").write_text(SECOND_SCHOOL)
    return load_schools(folder)


def fresh_postgres():
    import psycopg2

    admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    admin.autocommit = True
    name = f"privacy_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()

    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A migrated database of two schools with Rasa's events table, as (engine, sessions, schools)."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'privacy.db'}", lambda: None
    else:
        url, drop = fresh_postgres()
    schools = two_schools(tmp_path)
    engine = make_engine(url)
    upgrade(engine, schools)
    EVENTS.create(engine)
    yield engine, make_session_factory(engine), schools
    engine.dispose()
    drop()


def add_events(session, sender: str, school_id: str, at: dt.datetime, texts=("hello", "hi there"),
               session_start: bool = False) -> None:
    """A turn as Rasa stores it: (session start,) the school slot, the parent's words, the reply."""
    ts = at.replace(tzinfo=dt.timezone.utc).timestamp()
    events = []
    if session_start:
        events += [("action", {"event": "action", "name": "action_session_start"}),
                   ("session_started", {"event": "session_started"})]
    events += [("slot", {"event": "slot", "name": "school_id", "value": school_id}),
               ("user", {"event": "user", "text": texts[0]}), ("bot", {"event": "bot", "text": texts[1]})]
    for offset, (type_name, data) in enumerate(events):
        data["timestamp"] = ts + offset / 1000
        session.execute(EVENTS.insert().values(sender_id=sender, type_name=type_name, timestamp=ts + offset / 1000,
                                               data=json.dumps(data)))


def add_case(session, school_id, conversation_id, level, created, resolved=None) -> Case:
    case = Case(school_id=school_id, conversation_id=conversation_id, channel="webchat", level=level,
                reasons=["test"], trigger_text="words", status="resolved" if resolved else "pending",
                created_at=created, updated_at=resolved or created, resolved_at=resolved)
    session.add(case)
    session.flush()
    session.add(Alert(school_id=school_id, case_id=case.id, recipient_role="hwbl", recipient_name="Dee Harper",
                      transport="email", address="dee.harper@harbourside.example.org",
                      idempotency_key=f"case-{case.id}", status="sent", created_at=created))
    session.add(AuditEntry(school_id=school_id, actor="assistant", action="case_opened", case_id=case.id, at=created))
    return case


def add_sms(session, school_id, conversation_id, phone, at) -> None:
    session.add(SmsContact(conversation_id=conversation_id, school_id=school_id, phone=phone,
                           our_number="+447700900001", created_at=at, updated_at=at))
    session.add(SmsInbound(message_sid=f"SM{uuid.uuid4().hex}", school_id=school_id, conversation_id=conversation_id,
                           status="processed", created_at=at, processed_at=at))
    session.add(SmsOutbound(school_id=school_id, conversation_id=conversation_id, length=20, segments=1,
                            status="delivered", created_at=at, updated_at=at))
    session.add(Consent(school_id=school_id, conversation_id=conversation_id, channel="sms", kind="opt_out", at=at))


def add_absence(session, school_id, conversation_id, at) -> AbsenceReport:
    """An absence a parent reported, and the office's email about it (sent)."""
    report = AbsenceReport(school_id=school_id, conversation_id=conversation_id, channel="webchat",
                           child_name="Mia Example", class_name="Year 2", first_day=at.date(), reason="ill",
                           created_at=at)
    session.add(report)
    session.flush()
    session.add(Alert(school_id=school_id, absence_id=report.id, recipient_role="office",
                      recipient_name="School office", transport="email", address="office@kestrelbay.example.org",
                      kind="absence", idempotency_key=f"absence-{report.id}", status="sent", not_before=at,
                      attempts=1, created_at=at, sent_at=at))
    return report


def snapshot(session) -> set:
    """Every row of every table, as (table, primary key)."""
    metadata = sa.MetaData()
    metadata.reflect(bind=session.connection())
    rows = set()
    for table in metadata.tables.values():
        key = list(table.primary_key.columns) or list(table.columns)
        for row in session.execute(sa.select(*key)):
            rows.add((table.name, tuple(row)))
    return rows


def build_scenario(session):
    """Conversations of both schools at various ages; returns the rows retention must delete."""
    add_events(session, "web-a-old", "harbourside", days_ago(200))
    session.add(WebMessage(school_id="harbourside", conversation_id="web-a-old", payload={"text": "x"},
                           created_at=days_ago(200)))
    add_events(session, "web-a-recent", "harbourside", days_ago(10))
    add_events(session, "web-a-35", "harbourside", days_ago(35))
    add_events(session, "web-b-35", "st-marys", days_ago(35))
    add_events(session, "web-b-10", "st-marys", days_ago(10))
    # a long conversation: its old session goes, its current session (started 5 days ago) stays
    add_events(session, "web-a-long", "harbourside", days_ago(300), session_start=True)
    add_events(session, "web-a-long", "harbourside", days_ago(5), session_start=True)
    # cases: the record keeps its conversation while the case is kept
    add_case(session, "harbourside", "web-a-case", "high", days_ago(300), resolved=days_ago(290))
    add_events(session, "web-a-case", "harbourside", days_ago(300))
    add_case(session, "harbourside", "web-a-open", "critical", days_ago(500))
    add_events(session, "web-a-open", "harbourside", days_ago(500))
    expired = add_case(session, "harbourside", "web-a-expired", "concern", days_ago(420), resolved=days_ago(400))
    add_events(session, "web-a-expired", "harbourside", days_ago(420))
    request = add_case(session, "harbourside", "web-a-request", "request", days_ago(200), resolved=days_ago(190))
    add_case(session, "st-marys", "web-b-case", "high", days_ago(50), resolved=days_ago(40))  # within 60 days
    b_expired = add_case(session, "st-marys", "web-b-expired", "high", days_ago(90), resolved=days_ago(70))
    add_sms(session, "st-marys", "sms-b-35", "+447700900301", days_ago(35))
    add_sms(session, "harbourside", "sms-a-35", "+447700900302", days_ago(35))
    add_sms(session, "harbourside", "sms-a-200", "+447700900303", days_ago(200))
    add_absence(session, "harbourside", "web-a-old", days_ago(200))
    add_absence(session, "harbourside", "web-a-recent", days_ago(10))
    session.flush()
    return {"cases": {expired.id, request.id, b_expired.id}}


def expected_deleted(before: set, session, cases: set) -> set:
    events = {row.id: row for row in session.execute(sa.select(EVENTS))}
    gone_senders = {"web-a-old", "web-b-35", "web-a-expired"}
    long_cutoff = days_ago(5).replace(tzinfo=dt.timezone.utc).timestamp()
    due = set()
    for table, key in before:
        if table == "events":
            event = events[key[0]]
            if event.sender_id in gone_senders or (event.sender_id == "web-a-long" and event.timestamp < long_cutoff):
                due.add((table, key))
        elif table == "cases" and key[0] in cases:
            due.add((table, key))
    for model in (Alert, AuditEntry):
        due |= {(model.__tablename__, (i,)) for i in session.execute(
            sa.select(model.id).where(model.case_id.in_(cases))).scalars()}
    due |= {("web_messages", (i,)) for i in session.execute(
        sa.select(WebMessage.id).where(WebMessage.conversation_id == "web-a-old")).scalars()}
    for model in (SmsInbound, SmsOutbound, Consent):
        due |= {(model.__tablename__, (i,)) for i in session.execute(
            sa.select(model.id).where(model.conversation_id.in_(("sms-b-35", "sms-a-200")))).scalars()}
    due |= {("sms_contacts", ("sms-b-35",)), ("sms_contacts", ("sms-a-200",))}
    old_absences = list(session.execute(
        sa.select(AbsenceReport.id).where(AbsenceReport.conversation_id == "web-a-old")).scalars())
    due |= {("absence_reports", (i,)) for i in old_absences}
    due |= {("alerts", (i,)) for i in session.execute(
        sa.select(Alert.id).where(Alert.absence_id.in_(old_absences))).scalars()}
    return due


def test_retention_deletes_exactly_what_is_due_per_school(database):
    _engine, sessions, schools = database
    with sessions() as session:
        cases = build_scenario(session)["cases"]
        session.commit()
        before = snapshot(session)
        due = expected_deleted(before, session, cases)

    with sessions() as session:
        report = apply_retention(session, schools, now=NOW)
        session.commit()
    with sessions() as session:
        after = snapshot(session)
        counts = {(c.school_id, c.day, c.metric): c.count for c in session.execute(sa.select(DailyCount)).scalars()}

    deleted = before - after
    assert deleted == due
    assert {row for row in after if row[0] != "daily_counts"} == before - due  # nothing else touched or added
    assert report["events"] == len([r for r in due if r[0] == "events"])
    assert report["cases"] == 3
    b_day, a_day = days_ago(35).date(), days_ago(200).date()
    assert counts[("st-marys", b_day, "messages_in")] == 1
    assert counts[("st-marys", b_day, "conversations")] == 1
    assert counts[("harbourside", a_day, "messages_out")] == 1
    assert counts[("harbourside", days_ago(420).date(), "cases_concern")] == 1
    assert counts[("st-marys", days_ago(90).date(), "cases_high")] == 1
    assert ("harbourside", b_day, "messages_in") not in counts  # school A's 35-day-old chat is kept

    with sessions() as session:  # a second run the same day finds nothing more
        again = apply_retention(session, schools, now=NOW)
        session.commit()
    assert {k: v for k, v in again.items() if v} == {}


def test_dry_run_deletes_nothing(database):
    _engine, sessions, schools = database
    with sessions() as session:
        build_scenario(session)
        session.commit()
        before = snapshot(session)
    with sessions() as session:
        report = apply_retention(session, schools, now=NOW)
        session.rollback()
        assert report["events"] > 0 and snapshot(session) == before


def test_rasa_still_rebuilds_a_conversation_whose_old_sessions_were_deleted(tmp_path):
    """Rasa's own SQL tracker store reads the current session after retention trimmed the old one."""
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    url = f"sqlite:///{tmp_path / 'rasa.db'}"
    schools = two_schools(tmp_path)
    store = SQLTrackerStore(Domain.load(str(PROJECT_ROOT / "domain.yml")), dialect="sqlite",
                            db=str(tmp_path / "rasa.db"))
    engine = make_engine(url)
    upgrade(engine, schools)
    sessions = make_session_factory(engine)
    events = []
    for at, words in ((days_ago(300), ("old words", "old reply")), (days_ago(2), ("new words", "new reply"))):
        ts = at.replace(tzinfo=dt.timezone.utc).timestamp()
        events += [ActionExecuted("action_session_start", timestamp=ts), SessionStarted(timestamp=ts + 0.001),
                   SlotSet("school_id", "harbourside", timestamp=ts + 0.002),
                   UserUttered(words[0], intent={"name": "greet", "confidence": 1.0}, timestamp=ts + 0.003),
                   BotUttered(words[1], timestamp=ts + 0.004)]
    asyncio.run(store.save(DialogueStateTracker.from_events("web-long", events, slots=store.domain.slots)))
    with sessions() as session:
        apply_retention(session, schools, now=NOW)
        session.commit()
    # Rasa reads with the real clock: the kept session must be what it rebuilds
    tracker = asyncio.run(store.retrieve_full_tracker("web-long"))
    texts = [e.text for e in tracker.events if getattr(e, "text", None)]
    assert texts == ["new words", "new reply"]
    assert tracker.get_slot("school_id") == "harbourside"
    engine.dispose()
    store.engine.dispose()


def test_the_daily_job_runs_in_the_service_and_stops_when_asked(tmp_path):
    import asyncio

    from bot.privacy.job import retention_forever

    url = f"sqlite:///{tmp_path / 'job.db'}"
    schools = two_schools(tmp_path)
    engine = make_engine(url)
    upgrade(engine, schools)
    EVENTS.create(engine)
    sessions = make_session_factory(engine)
    with sessions() as session:
        add_events(session, "web-ancient", "harbourside", dt.datetime.utcnow() - dt.timedelta(days=400))
        add_events(session, "web-today", "harbourside", dt.datetime.utcnow())
        session.commit()

    async def run():
        stop = asyncio.Event()
        task = asyncio.ensure_future(retention_forever(sessions, schools, stop, first_after=0.05, every=3600))
        for _ in range(100):
            await asyncio.sleep(0.05)
            with sessions() as session:
                if not session.execute(sa.select(EVENTS.c.id).where(EVENTS.c.sender_id == "web-ancient")).first():
                    break
        stop.set()
        await asyncio.wait_for(task, 2)

    asyncio.run(run())
    with sessions() as session:
        senders = set(session.execute(sa.select(EVENTS.c.sender_id)).scalars())
    assert senders == {"web-today"}
    engine.dispose()


def test_cli_dry_run_then_run(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    schools = two_schools(tmp_path)
    engine = make_engine(url)
    upgrade(engine, schools)
    EVENTS.create(engine)
    with make_session_factory(engine)() as session:
        add_events(session, "web-ancient", "st-marys", dt.datetime.utcnow() - dt.timedelta(days=40))
        session.commit()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SCHOOLS_DIR", str(tmp_path / "schools"))
    assert main(["privacy", "retention", "--dry-run"]) == 0
    assert '"events": 3' in capsys.readouterr().out
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(EVENTS)).scalar() == 3
    assert main(["privacy", "retention"]) == 0
    assert capsys.readouterr().out.startswith("deleted: ")
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(EVENTS)).scalar() == 0
    engine.dispose()


def test_concurrent_runs_on_postgresql_take_turns_and_count_once(tmp_path):
    """Two bot services running retention at once: the second waits for the first, finds
    nothing left, and the anonymous counts are not doubled."""
    import threading

    url, drop = fresh_postgres()
    schools = two_schools(tmp_path)
    engine = make_engine(url)
    try:
        upgrade(engine, schools)
        EVENTS.create(engine)
        sessions = make_session_factory(engine)
        with sessions() as session:
            add_events(session, "web-b-35", "st-marys", days_ago(35))
            session.commit()
        first = sessions()
        first_report = apply_retention(first, schools, now=NOW)  # holds the lock until it commits
        second_report = {}
        thread = threading.Thread(target=lambda: second_report.update(_run_and_commit(sessions, schools)))
        thread.start()
        thread.join(1.0)
        assert thread.is_alive()  # waiting for the first run's lock
        first.commit()
        first.close()
        thread.join(10)
        assert first_report["events"] == 3 and "events" not in second_report
        with sessions() as session:
            counts = session.execute(sa.select(DailyCount.metric, DailyCount.count)).all()
        assert sorted(counts) == [("conversations", 1), ("messages_in", 1), ("messages_out", 1)]
    finally:
        engine.dispose()
        drop()


def _run_and_commit(sessions, schools):
    with sessions() as session:
        report = apply_retention(session, schools, now=NOW)
        session.commit()
        return report


def test_a_school_no_longer_configured_follows_the_default_period(database):
    _engine, sessions, schools = database
    with sessions() as session:
        session.execute(sa.text("INSERT INTO schools (id, name, created_at) VALUES ('closed-school', 'Closed', :t)"),
                        {"t": NOW})
        session.add(WebMessage(school_id="closed-school", conversation_id="web-c-old", payload={"text": "x"},
                               created_at=days_ago(200)))
        session.add(WebMessage(school_id="closed-school", conversation_id="web-c-new", payload={"text": "y"},
                               created_at=days_ago(100)))
        session.commit()
    with sessions() as session:
        apply_retention(session, schools, now=NOW)  # default school: Harbourside, 180 days
        session.commit()
        left = set(session.execute(sa.select(WebMessage.conversation_id)).scalars())
    assert left == {"web-c-new"}

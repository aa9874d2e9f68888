"""Alerts to staff: routing, delivery through real SDKs to local fakes, retries, claims, crashes."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import psycopg2
import pytest
import sqlalchemy as sa

from bot.alerts import alert_ref, alert_text, queue_alerts_for_case, queue_due_escalations
from bot.alerts.transports import EmailTransport, transports_from_settings
from bot.alerts.worker import LEASE, MAX_ATTEMPTS, AlertWorker
from bot.cases import open_case
from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.migrate import upgrade
from bot.db.models import Alert, AuditEntry, Case, utcnow
from bot.settings import PROJECT_ROOT, Settings
from bot.sms_text import is_gsm7, segment_count
from tests.fakes.smtp import FakeSmtp
from tests.fakes.twilio_api import FakeTwilio

PUBLIC = "https://support.example.org"
SECRET = "he said he would hurt me tonight"   # what the parent wrote: never in an alert
PARENT = "+447700900999"                      # the parent's number: never in an alert
HWBL, DSL, DEPUTY = "+447700900123", "+447700900456", "+447700900789"
WED_2AM = dt.datetime(2026, 3, 4, 2, 0)       # naive UTC; GMT, so UK time too
WED_10AM = dt.datetime(2026, 3, 4, 10, 0)
BOTH = Settings(twilio_account_sid="AC" + "2" * 32, twilio_auth_token="t", twilio_number="+447700900000",
                smtp_url="smtp://127.0.0.1:2525", public_url=PUBLIC)


# -- helpers ------------------------------------------------------------------------------------
def new_case(sessions, level, category=None, created_at=None) -> int:
    with transaction(sessions) as session:
        case = open_case(session, school_id="harbourside", conversation_id=PARENT, channel="sms",
                         level=level, category=category, trigger_text=SECRET)
        if created_at is not None:
            case.created_at = created_at
    return case.id


def queue(runtime, case_id, settings, now, kind="new"):
    with transaction(runtime.sessions) as session:
        case = session.get(Case, case_id)
        return queue_alerts_for_case(session, runtime.school("harbourside"), case, settings, now, kind=kind)


def alerts(sessions, **where):
    with sessions() as session:
        query = sa.select(Alert).filter_by(**where).order_by(Alert.id)
        return session.execute(query).scalars().all()


def audit(sessions, action):
    with sessions() as session:
        return session.execute(sa.select(AuditEntry).filter_by(action=action)).scalars().all()


def routed(items):
    return sorted((a.recipient_role, a.transport) for a in items)


@pytest.fixture
def fake():
    server = FakeTwilio().start()
    yield server
    server.stop()


@pytest.fixture
def smtp():
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture
async def make_worker():
    opened = []

    def build(sessions, schools, settings, **kw):
        transports = transports_from_settings(settings)
        opened.extend(transports.values())
        return AlertWorker(sessions, schools, settings, transports, **kw)

    yield build
    for transport in opened:
        await transport.close()


# -- routing ------------------------------------------------------------------------------------
def test_critical_at_2am_tells_hwbl_and_dsl_at_once(runtime_db):
    items = queue(runtime_db, new_case(runtime_db.sessions, "critical", "self_harm"), BOTH, WED_2AM)
    assert routed(items) == [("dsl", "email"), ("dsl", "sms"), ("hwbl", "email"), ("hwbl", "sms")]
    assert {a.not_before for a in items} == {WED_2AM}
    assert {a.address for a in items if a.transport == "sms"} == {HWBL, DSL}
    assert all(a.status == "queued" and a.kind == "new" for a in items)
    assert items[0].idempotency_key == f"case{items[0].case_id}:new:{items[0].recipient_role}:{items[0].transport}"


@pytest.mark.parametrize("category, roles", [("child_at_risk", {"hwbl", "dsl"}), ("domestic_abuse", {"hwbl"})])
def test_high_tells_dsl_only_about_a_child_at_risk(runtime_db, category, roles):
    items = queue(runtime_db, new_case(runtime_db.sessions, "high", category), BOTH, WED_2AM)
    assert {a.recipient_role for a in items} == roles
    assert {a.not_before for a in items} == {WED_2AM}


@pytest.mark.parametrize("level", ["concern", "request"])
@pytest.mark.parametrize("now, expected", [
    (WED_2AM, dt.datetime(2026, 3, 4, 8, 30)),                          # later that morning
    (WED_10AM, WED_10AM),                                               # in her hours: at once
    (dt.datetime(2026, 3, 6, 16, 0), dt.datetime(2026, 3, 9, 8, 30)),   # Friday after 3:30pm: Monday
    (dt.datetime(2026, 6, 10, 2, 0), dt.datetime(2026, 6, 10, 7, 30)),  # summer: 8:30 BST is 7:30 UTC
])
def test_concern_waits_for_her_working_hours(runtime_db, level, now, expected):
    items = queue(runtime_db, new_case(runtime_db.sessions, level, "not_coping"), BOTH, now)
    assert routed(items) == [("hwbl", "email"), ("hwbl", "sms")]
    assert {a.not_before for a in items} == {expected}


def test_aware_now_is_stored_as_naive_utc(runtime_db):
    now = dt.datetime(2026, 6, 10, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # 02:00 UTC
    items = queue(runtime_db, new_case(runtime_db.sessions, "critical", "self_harm"), BOTH, now)
    assert {a.not_before for a in items} == {dt.datetime(2026, 6, 10, 2, 0)}


@pytest.mark.parametrize("settings, transports", [
    (Settings(smtp_url="smtp://localhost"), {"email"}),
    (Settings(twilio_account_sid="AC1", twilio_auth_token="t", twilio_number="+447700900000"), {"sms"}),
    (Settings(twilio_account_sid="AC1", twilio_auth_token="t"), set()),  # no number: no SMS
])
def test_transports_follow_the_settings(runtime_db, settings, transports):
    items = queue(runtime_db, new_case(runtime_db.sessions, "critical", "self_harm"), settings, WED_2AM)
    assert {a.transport for a in items} == transports


def test_queueing_twice_adds_nothing_and_a_repeat_is_new(runtime_db):
    case_id = new_case(runtime_db.sessions, "critical", "self_harm")
    assert len(queue(runtime_db, case_id, BOTH, WED_2AM)) == 4
    assert queue(runtime_db, case_id, BOTH, WED_2AM) == []
    assert {a.kind for a in queue(runtime_db, case_id, BOTH, WED_2AM, kind="repeat-4")} == {"repeat-4"}
    assert len(alerts(runtime_db.sessions, case_id=case_id)) == 8


@pytest.mark.parametrize("level, category", [("critical", "self_harm"), ("high", "child_at_risk"),
                                             ("concern", None), ("request", None), ("high", "odd_new_one")])
def test_alert_text_is_short_plain_and_private(runtime_db, level, category):
    school = runtime_db.school("harbourside")
    school = dataclasses.replace(school, short_name="St Anne\u2019s")  # a curly apostrophe
    case_id = new_case(runtime_db.sessions, level, category)
    for alert in queue(runtime_db, case_id, BOTH, WED_2AM):
        with runtime_db.sessions() as session:
            text = alert_text(school, session.get(Case, case_id), BOTH, alert)
        assert SECRET not in text and PARENT not in text and "hurt" not in text
        assert f"{PUBLIC}/inbox/cases/{case_id}" in text and f"Ref {alert_ref(alert.id)}" in text
        assert text.startswith("St Anne's") and is_gsm7(text) and segment_count(text) == 1, text


def test_refs_are_distinct_whole_words():
    refs = {alert_ref(n) for n in range(1, 5000)}
    assert len(refs) == 4999 and alert_ref(35) == "AZ" and alert_ref(36) == "A10"


# -- escalation ---------------------------------------------------------------------------------
def escalate(runtime, now):
    with transaction(runtime.sessions) as session:
        return queue_due_escalations(session, runtime.schools, BOTH, now)


@pytest.mark.parametrize("level, category, minutes", [("critical", "self_harm", 10), ("high", "domestic_abuse", 30)])
def test_escalation_when_nobody_takes_the_case_and_only_once(runtime_db, level, category, minutes):
    case_id = new_case(runtime_db.sessions, level, category, created_at=WED_2AM)
    assert escalate(runtime_db, WED_2AM + dt.timedelta(minutes=minutes - 1)) == []
    items = escalate(runtime_db, WED_2AM + dt.timedelta(minutes=minutes + 1))
    assert routed(items) == [("deputy1", "email"), ("deputy1", "sms"), ("dsl", "email"), ("dsl", "sms")]
    assert {a.kind for a in items} == {"escalation"} and {a.case_id for a in items} == {case_id}
    assert escalate(runtime_db, WED_2AM + dt.timedelta(hours=3)) == []


@pytest.mark.parametrize("taken", ["acknowledged", "open", "resolved"])
def test_no_escalation_once_someone_has_it(runtime_db, taken):
    case_id = new_case(runtime_db.sessions, "critical", "self_harm", created_at=WED_2AM)
    with transaction(runtime_db.sessions) as session:
        case = session.get(Case, case_id)
        if taken == "acknowledged":
            case.acknowledged_at = WED_2AM + dt.timedelta(minutes=3)
        else:
            case.status = taken
    assert escalate(runtime_db, WED_2AM + dt.timedelta(hours=1)) == []


def test_concern_never_escalates(runtime_db):
    new_case(runtime_db.sessions, "concern", "not_coping", created_at=WED_2AM)
    assert escalate(runtime_db, WED_2AM + dt.timedelta(days=1)) == []


async def test_escalation_is_delivered_saying_nobody_has_it(runtime_db, fake, make_worker):
    settings = fake.settings(public_url=PUBLIC)
    new_case(runtime_db.sessions, "critical", "self_harm", created_at=WED_2AM)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.escalate(WED_2AM + dt.timedelta(minutes=11)) == 2
    assert await worker.run_once(WED_2AM + dt.timedelta(minutes=11)) == 2
    assert sorted(m["to"] for m in fake.messages) == [DSL, DEPUTY]
    assert all("NOT YET PICKED UP" in m["body"] and SECRET not in m["body"] for m in fake.messages)
    assert await worker.escalate(WED_2AM + dt.timedelta(minutes=20)) == 0


# -- delivery through the Twilio SDK --------------------------------------------------------------
async def test_sms_delivered_with_no_message_text(runtime_db, fake, make_worker):
    settings = fake.settings(public_url=PUBLIC)
    case_id = new_case(runtime_db.sessions, "critical", "self_harm")
    queue(runtime_db, case_id, settings, WED_2AM)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.run_once(WED_2AM) == 2
    assert sorted(m["to"] for m in fake.messages) == [HWBL, DSL]
    for message in fake.messages:
        assert SECRET not in message["body"] and PARENT not in message["body"]
        assert message["from"] == "+447700900000" and is_gsm7(message["body"])
    sent = alerts(runtime_db.sessions, case_id=case_id)
    assert {a.status for a in sent} == {"sent"} and {a.sent_at for a in sent} == {WED_2AM}
    assert {a.provider_id for a in sent} == {m["sid"] for m in fake.messages}
    assert len(audit(runtime_db.sessions, "alert_sent")) == 2
    assert await worker.run_once(WED_2AM + dt.timedelta(hours=1)) == 0 and len(fake.messages) == 2


async def test_concern_is_not_sent_before_her_hours(runtime_db, fake, make_worker):
    settings = fake.settings(public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "concern", "not_coping"), settings, WED_2AM)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.run_once(dt.datetime(2026, 3, 4, 8, 29)) == 0 and fake.messages == []
    assert await worker.run_once(dt.datetime(2026, 3, 4, 8, 30)) == 1 and [m["to"] for m in fake.messages] == [HWBL]


@pytest.mark.parametrize("status", [500, 429, 503])
async def test_retryable_failure_is_retried_and_delivered_once(runtime_db, fake, make_worker, status):
    settings = fake.settings(public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "high", "self_harm"), settings, WED_2AM)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    fake.fail_next(1, status)
    assert await worker.run_once(WED_2AM) == 0
    [alert] = alerts(runtime_db.sessions)
    assert (alert.status, alert.attempts) == ("queued", 1) and str(status) in alert.last_error
    assert alert.not_before == WED_2AM + dt.timedelta(seconds=5)
    assert await worker.run_once(WED_2AM + dt.timedelta(seconds=4)) == 0 and fake.posts == 1
    assert await worker.run_once(WED_2AM + dt.timedelta(seconds=5)) == 1
    [alert] = alerts(runtime_db.sessions)
    assert (alert.status, alert.attempts, alert.last_error) == ("sent", 2, None)
    assert fake.posts == 2 and [m["sid"] for m in fake.to(HWBL)] == [alert.provider_id]


async def test_permanent_failure_is_failed_and_visible_on_the_case(runtime_db, fake, make_worker):
    settings = fake.settings(public_url=PUBLIC)
    case_id = new_case(runtime_db.sessions, "high", "self_harm")
    queue(runtime_db, case_id, settings, WED_2AM)
    fake.fail_next(1, 400)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.run_once(WED_2AM) == 0
    assert await worker.run_once(WED_2AM + dt.timedelta(hours=1)) == 0 and fake.posts == 1
    with runtime_db.sessions() as session:
        [alert] = session.get(Case, case_id).alerts
        assert alert.status == "failed" and "400" in alert.last_error and SECRET not in alert.last_error
    [entry] = audit(runtime_db.sessions, "alert_failed")
    assert entry.actor == "alert-worker" and entry.case_id == case_id and "400" in entry.detail


async def test_gives_up_after_max_attempts(runtime_db, fake, make_worker):
    settings = fake.settings(public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "high", "self_harm"), settings, WED_2AM)
    fake.fail_next(MAX_ATTEMPTS + 1, 500)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    now, delays = WED_2AM, []
    while alerts(runtime_db.sessions)[0].status == "queued":
        await worker.run_once(now)
        [alert] = alerts(runtime_db.sessions)
        delays.append((alert.not_before - now).total_seconds())
        now = alert.not_before
    assert alert.status == "failed" and alert.attempts == MAX_ATTEMPTS == fake.posts
    assert delays[:5] == [5, 30, 120, 600, 600] and len(audit(runtime_db.sessions, "alert_failed")) == 1


# -- email ----------------------------------------------------------------------------------------
async def test_email_reaches_smtp_with_a_stable_message_id(runtime_db, smtp, make_worker):
    settings = Settings(smtp_url=smtp.url + "?from=alerts@support.example.org", public_url=PUBLIC)
    case_id = new_case(runtime_db.sessions, "critical", "self_harm")
    queue(runtime_db, case_id, settings, WED_2AM)
    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.run_once(WED_2AM) == 2
    transport = EmailTransport(settings)
    by_key = {a.idempotency_key: a for a in alerts(runtime_db.sessions)}
    ids = {transport.message_id(key): a for key, a in by_key.items()}
    assert {m["Message-ID"] for m in smtp.messages} == set(ids)
    for message in smtp.messages:
        alert = ids[message["Message-ID"]]
        assert message["To"] == alert.address and alert.provider_id == message["Message-ID"]
        assert message["From"] == "alerts@support.example.org" and "CRITICAL" in message["Subject"]
        assert SECRET not in message.as_string() and f"/inbox/cases/{case_id}" in message.get_content()

    # a worker that died mid-send: the email goes again, recognisably the same message
    first = next(iter(by_key.values()))
    with transaction(runtime_db.sessions) as session:
        session.execute(sa.update(Alert).where(Alert.id == first.id).values(
            status="sending", claimed_at=WED_2AM + dt.timedelta(minutes=1)))
    later = WED_2AM + dt.timedelta(minutes=1) + LEASE + dt.timedelta(seconds=1)
    assert await worker.run_once(later) == 1
    assert [m["Message-ID"] for m in smtp.messages].count(transport.message_id(first.idempotency_key)) == 2


@pytest.mark.parametrize("reply, status", [("451 4.3.0 try later", "queued"), ("550 5.1.1 no such user", "failed")])
async def test_email_failures_are_classified(runtime_db, smtp, make_worker, reply, status):
    settings = Settings(smtp_url=smtp.url, public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "high", "self_harm"), settings, WED_2AM)
    smtp.reply_next.append(reply)
    await make_worker(runtime_db.sessions, runtime_db.schools, settings).run_once(WED_2AM)
    [alert] = alerts(runtime_db.sessions)
    assert alert.status == status and reply[:3] in alert.last_error and smtp.messages == []


# -- several workers on PostgreSQL (and SQLite) ---------------------------------------------------
@pytest.fixture(scope="module")
def alerts_pg_url(postgres_url):
    """A database of this module's own on the test server, so no other test's rows get claimed."""
    admin_url, name = postgres_url.rsplit("/", 1)[0] + "/postgres", f"alerts_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
async def test_two_workers_never_send_the_same_alert_twice(request, backend, fake, make_worker, runtime_db):
    url = request.getfixturevalue("alerts_pg_url") if backend == "postgresql" else runtime_db.settings.database_url
    engines = [make_engine(url), make_engine(url)]
    upgrade(engines[0], runtime_db.schools)
    factories = [make_session_factory(engine) for engine in engines]
    settings = fake.settings(public_url=PUBLIC)
    fake.delay = 0.01
    with transaction(factories[0]) as session:
        session.execute(sa.delete(Alert))
    case_ids = [new_case(factories[0], "critical", "self_harm") for _ in range(15)]
    for case_id in case_ids:
        with transaction(factories[0]) as session:
            queue_alerts_for_case(session, runtime_db.school("harbourside"), session.get(Case, case_id), settings, WED_2AM)
    workers = [make_worker(f, runtime_db.schools, settings, batch=4) for f in factories]
    totals = [0, 0]
    try:
        for _ in range(20):
            done = await asyncio.gather(*(w.run_once(WED_2AM) for w in workers))
            totals = [t + d for t, d in zip(totals, done)]
            if not done[0] and not done[1]:
                break
        rows = alerts(factories[0])
        assert len(rows) == 30 and {a.status for a in rows} == {"sent"}
        bodies = [m["body"] for m in fake.messages]
        assert len(bodies) == len(set(bodies)) == 30 and fake.posts == 30
        assert sorted({m["sid"] for m in fake.messages}) == sorted(a.provider_id for a in rows)
        assert sum(totals) == 30, totals
        if backend == "postgresql":  # SKIP LOCKED hands the second worker the next rows
            assert min(totals) > 0, totals
    finally:
        for engine in engines:
            engine.dispose()


def test_sqlite_claim_is_compare_and_set(runtime_db, fake, make_worker):
    """Worker B claims everything between worker A's read and A's update: A must get nothing."""
    settings = fake.settings(public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "critical", "self_harm"), settings, WED_2AM)
    a, b = (make_worker(runtime_db.sessions, runtime_db.schools, settings) for _ in range(2))
    taken_by_b, take = [], a._take

    def b_first(*args, **kwargs):
        if not taken_by_b:
            thread = threading.Thread(target=lambda: taken_by_b.extend(b._claim(WED_2AM)))
            thread.start()
            thread.join()
        return take(*args, **kwargs)

    a._take = b_first
    assert a._claim(WED_2AM) == [] and len(taken_by_b) == 2


# -- a worker killed mid-delivery -------------------------------------------------------------------
WORKER = ("from bot.alerts.worker import main_worker; from bot.settings import Settings; "
          "raise SystemExit(main_worker(Settings.from_env()))")


def worker_process(url, fake, log):
    env = {**os.environ, "DATABASE_URL": url, "SMTP_URL": "", "PUBLIC_URL": PUBLIC,
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT_ROOT), **fake.env()}
    return subprocess.Popen([sys.executable, "-c", WORKER], cwd=PROJECT_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.parametrize("recorded", [True, False], ids=["twilio-had-it", "twilio-never-had-it"])
async def test_worker_killed_mid_send_delivers_exactly_once(runtime_db, fake, make_worker, tmp_path, recorded):
    settings = fake.settings(public_url=PUBLIC)
    queue(runtime_db, new_case(runtime_db.sessions, "high", "self_harm"), settings, utcnow())
    fake.hang_next(record=recorded)
    with open(tmp_path / "worker.log", "wb") as log:
        process = worker_process(runtime_db.settings.database_url, fake, log)
        try:
            assert await asyncio.to_thread(fake.hung.wait, 60), (tmp_path / "worker.log").read_text()
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
    [alert] = alerts(runtime_db.sessions)
    assert alert.status == "sending" and fake.posts == 1 and len(fake.messages) == int(recorded)

    worker = make_worker(runtime_db.sessions, runtime_db.schools, settings)
    assert await worker.run_once(utcnow()) == 0 and fake.posts == 1  # the lease holds it for now
    assert await worker.run_once(utcnow() + LEASE + dt.timedelta(seconds=1)) == 1
    [alert] = alerts(runtime_db.sessions)
    [message] = fake.to(HWBL)
    assert alert.status == "sent" and alert.provider_id == message["sid"]
    assert fake.posts == (1 if recorded else 2)
    assert f"Ref {alert_ref(alert.id)}" in message["body"]


async def test_worker_process_delivers_and_stops_on_sigterm(runtime_db, fake, tmp_path):
    queue(runtime_db, new_case(runtime_db.sessions, "critical", "self_harm"), fake.settings(), utcnow())
    with open(tmp_path / "worker.log", "wb") as log:
        process = worker_process(runtime_db.settings.database_url, fake, log)
        try:
            deadline = time.monotonic() + 60
            while {a.status for a in alerts(runtime_db.sessions)} != {"sent"} and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            assert process.wait(15) == 0, (tmp_path / "worker.log").read_text()
        finally:
            if process.poll() is None:
                process.kill()
    assert {a.status for a in alerts(runtime_db.sessions)} == {"sent"}
    assert sorted(m["to"] for m in fake.messages) == [HWBL, DSL]

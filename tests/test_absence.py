"""Reporting an absence: reading answers, the form's validation, the record, and delivery to
the school office by the alert worker (to a local SMTP server), once, with failures kept."""
import datetime as dt

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.absence as absence_actions
from actions.absence import ActionReportAbsence, ValidateAbsenceForm
from bot.absence import (child_first_name, class_name, day_from_text, office_email, passed_to_office_text,
                         reason_category, record_absence, return_day)
from bot.alerts.transports import transports_from_settings
from bot.alerts.worker import MAX_ATTEMPTS, AlertWorker
from bot.db.engine import transaction
from bot.db.models import AbsenceReport, Alert, AuditEntry
from bot.schools import UK
from bot.settings import Settings
from bot.voice import voice_problems
from tests.fakes.smtp import FakeSmtp

WED = dt.date(2026, 11, 25)
WED_7AM = dt.datetime(2026, 11, 25, 7, 0, tzinfo=UK)
WED_10AM = dt.datetime(2026, 11, 25, 10, 0, tzinfo=UK)
FRI_6PM = dt.datetime(2026, 11, 27, 18, 0, tzinfo=UK)
OFFICE = "office@harbourside.example.org"


# -- reading the parent's answers ----------------------------------------------------------------
@pytest.mark.parametrize("text, name", [
    ("Jake", "Jake"), ("jake smith", "Jake"), ("his name is jake", "Jake"), ("She's called Amelia-Rose", "Amelia-Rose"),
    ("its OLIVIA", "Olivia"), ("McKenzie", "McKenzie"), ("", None), ("yes", None), ("??", None),
])
def test_child_first_name(text, name):
    assert child_first_name(text) == name


@pytest.mark.parametrize("text, found", [
    ("year 3", "Year 3"), ("yr2", "Year 2"), ("she's in reception", "Reception"), ("Otters class", "Otters class"),
    ("3B", "3B"), ("in Kingfishers", "Kingfishers"), ("<script>", None), ("", None),
])
def test_class_name(text, found):
    assert class_name(text) == found


@pytest.mark.parametrize("text, reason", [
    ("Ill", "ill"), ("he's been sick in the night", "ill"), ("d&v", "ill"), ("poorly", "ill"),
    ("Appointment", "appointment"), ("dentist at 10", "appointment"), ("hospital appt", "appointment"),
    ("Family reasons", "family"), ("a funeral", "family"), ("Something else", "other"), ("rather not say", "other"),
])
def test_only_a_broad_reason_is_kept(text, reason):
    assert reason_category(text) == reason


@pytest.mark.parametrize("text, ahead, day", [
    ("today", False, WED), ("yesterday", False, dt.date(2026, 11, 24)), ("since monday", False, dt.date(2026, 11, 23)),
    ("Wednesday", False, WED), ("fri", False, dt.date(2026, 11, 20)), ("24/11", False, dt.date(2026, 11, 24)),
    ("2nd December", False, dt.date(2026, 12, 2)), ("30/12/2026", False, dt.date(2026, 12, 30)),
    ("monday", True, dt.date(2026, 11, 30)), ("wednesday", True, dt.date(2026, 12, 2)), ("tomorrow", True, dt.date(2026, 11, 26)),
    ("31/2", False, None), ("dunno", False, None),
])
def test_days_from_what_the_parent_wrote(text, ahead, day):
    assert day_from_text(text, WED, ahead=ahead) == day


def test_return_day_can_be_unknown_but_never_before_the_first_day():
    assert return_day("not sure yet", WED, WED) == (True, None)
    assert return_day("monday hopefully", WED, WED) == (True, dt.date(2026, 11, 30))
    assert return_day("yesterday", WED, WED) == (False, None)
    assert return_day("blue", WED, WED) == (False, None)


# -- when the office sees it -----------------------------------------------------------------------
def test_the_parent_is_told_when_the_office_will_see_it(runtime_db):
    school = runtime_db.school("harbourside")
    assert school.next_office_open(WED_7AM) == dt.datetime(2026, 11, 25, 8, 0, tzinfo=UK)
    assert school.next_office_open(WED_10AM) == WED_10AM
    assert school.next_office_open(FRI_6PM) == dt.datetime(2026, 11, 30, 8, 0, tzinfo=UK)
    christmas = dt.datetime(2026, 12, 21, 9, 0, tzinfo=UK)  # the school's holiday: the office is closed
    assert school.next_office_open(christmas) == dt.datetime(2027, 1, 5, 8, 0, tzinfo=UK)
    assert "see it today at 8am" in passed_to_office_text(school, "Jake", "ill", WED_7AM)
    assert "soon, as it is open now" in passed_to_office_text(school, "Jake", "other", WED_10AM)
    assert "on Monday at 8am" in passed_to_office_text(school, "Jake", "ill", FRI_6PM)
    assert "feels better" in passed_to_office_text(school, "Jake", "ill", FRI_6PM)
    assert "feels better" not in passed_to_office_text(school, "Jake", "family", FRI_6PM)


@pytest.mark.parametrize("now", [WED_7AM, WED_10AM, FRI_6PM])
@pytest.mark.parametrize("reason", ["ill", "appointment", "family", "other"])
def test_what_the_parent_is_told_is_in_the_voice(runtime_db, now, reason):
    text = passed_to_office_text(runtime_db.school("harbourside"), "Amelia-Rose", reason, now)
    assert voice_problems(text) == []


# -- the form's validation and the action ----------------------------------------------------------
def form_tracker(slots, text=""):
    return Tracker("parent-absence-1", {"school_id": "harbourside", **slots},
                   {"text": text, "intent": {"name": "out_of_scope"}},
                   [{"event": "user", "text": text, "input_channel": "webchat"}], False, None,
                   {"name": "absence_form"}, "action_listen")


@pytest.fixture
def wednesday_morning(monkeypatch):
    monkeypatch.setattr(absence_actions, "_now", lambda: WED_7AM.astimezone(dt.timezone.utc))


def test_validation_asks_again_kindly_and_stores_clean_values(wednesday_morning):
    form, tracker = ValidateAbsenceForm(), form_tracker({})
    dispatcher = CollectingDispatcher()
    assert form.validate_absence_child_name("his name is jake", dispatcher, tracker, {}) == {"absence_child_name": "Jake"}
    assert form.validate_absence_first_day("since monday", dispatcher, tracker, {}) == {"absence_first_day": "2026-11-23"}
    assert form.validate_absence_reason("she has been sick with a temperature", dispatcher, tracker, {}) == {
        "absence_reason": "ill"}
    assert dispatcher.messages == []
    assert form.validate_absence_first_day("last year sometime", dispatcher, tracker, {}) == {"absence_first_day": None}
    assert form.validate_absence_first_day("1/1/2026", dispatcher, tracker, {}) == {"absence_first_day": None}  # too long ago
    assert form.validate_absence_child_name("??", dispatcher, tracker, {}) == {"absence_child_name": None}
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_absence_day_not_understood", "utter_absence_day_not_understood", "utter_absence_name_not_understood"]
    returning = form_tracker({"absence_first_day": "2026-11-23"})
    assert form.validate_absence_return("not sure", dispatcher, returning, {}) == {"absence_return": "not sure"}
    assert form.validate_absence_return("friday", dispatcher, returning, {}) == {"absence_return": "2026-11-27"}


async def test_report_is_recorded_queued_for_the_office_and_the_parent_told_when(runtime_db, wednesday_morning):
    tracker = form_tracker({"absence_child_name": "Jake", "absence_class": "Year 3", "absence_first_day": "2026-11-25",
                            "absence_reason": "ill", "absence_return": "not sure"})
    dispatcher = CollectingDispatcher()
    events = await ActionReportAbsence().run(dispatcher, tracker, {})
    assert SlotSet("absence_child_name", None) in events and SlotSet("absence_return", None) in events
    [message] = dispatcher.messages
    assert "passed this to the school office" in message["text"] and "today at 8am" in message["text"]
    with runtime_db.sessions() as session:
        [report] = session.execute(sa.select(AbsenceReport)).scalars().all()
        [alert] = session.execute(sa.select(Alert)).scalars().all()
    assert (report.school_id, report.conversation_id, report.channel, report.child_name, report.class_name,
            report.first_day, report.reason, report.expected_return) == (
        "harbourside", "parent-absence-1", "webchat", "Jake", "Year 3", WED, "ill", None)
    assert (alert.kind, alert.case_id, alert.absence_id, alert.transport, alert.address, alert.status) == (
        "absence", None, report.id, "email", OFFICE, "queued")


# -- delivery by the alert worker ------------------------------------------------------------------
@pytest.fixture
def smtp():
    server = FakeSmtp().start()
    yield server
    server.stop()


@pytest.fixture
async def worker(runtime_db, smtp):
    settings = Settings(smtp_url=smtp.url, public_url="https://support.example.org")
    transports = transports_from_settings(settings)
    yield AlertWorker(runtime_db.sessions, runtime_db.schools, settings, transports)
    for transport in transports.values():
        await transport.close()


def report(runtime_db, **overrides):
    fields = dict(school=runtime_db.school("harbourside"), conversation_id="parent-absence-2", channel="sms",
                  child_name="Amelia-Rose", class_name="Otters", first_day=WED, reason="appointment",
                  expected_return=dt.date(2026, 11, 26), now=WED_7AM)
    fields.update(overrides)
    with transaction(runtime_db.sessions) as session:
        row, alert = record_absence(session, **fields)
        return row.id, alert.id


def alert_row(runtime_db, alert_id):
    with runtime_db.sessions() as session:
        return session.get(Alert, alert_id)


async def test_the_office_gets_one_email_with_the_details(runtime_db, smtp, worker):
    report_id, alert_id = report(runtime_db)
    now = WED_7AM.astimezone(dt.timezone.utc)
    assert await worker.run_once(now) == 1
    assert await worker.run_once(now + dt.timedelta(hours=1)) == 0  # exactly once
    [message] = smtp.messages
    assert smtp.recipients == [[OFFICE]]
    assert message["Subject"] == "Harbourside: absence of Amelia-Rose (Otters) from 25 Nov"
    body = message.get_content()
    for line in ("Child: Amelia-Rose", "Class: Otters", "First day absent: Wednesday 25 November 2026",
                 "Reason: an appointment", "Expected back: Thursday 26 November", f"Reference: absence {report_id}",
                 "by sms"):
        assert line in body
    assert alert_row(runtime_db, alert_id).status == "sent"
    with runtime_db.sessions() as session:
        audit = session.execute(sa.select(AuditEntry).where(AuditEntry.action == "alert_sent")).scalars().all()
    assert [(a.case_id, a.detail) for a in audit] == [(None, f"absence alert {alert_id} to office by email")]


async def test_a_busy_mail_server_is_tried_again_later(runtime_db, smtp, worker):
    _, alert_id = report(runtime_db)
    now = WED_7AM.astimezone(dt.timezone.utc)
    smtp.reply_next.append("451 4.3.0 try later")
    assert await worker.run_once(now) == 0
    waiting = alert_row(runtime_db, alert_id)
    assert waiting.status == "queued" and "451" in waiting.last_error and smtp.messages == []
    assert await worker.run_once(now + dt.timedelta(seconds=6)) == 1
    assert len(smtp.messages) == 1 and alert_row(runtime_db, alert_id).status == "sent"


async def test_an_address_that_cannot_work_is_failed_and_visible(runtime_db, smtp, worker):
    _, alert_id = report(runtime_db)
    smtp.reply_next.append("550 5.1.1 no such user")
    await worker.run_once(WED_7AM.astimezone(dt.timezone.utc))
    failed = alert_row(runtime_db, alert_id)
    assert failed.status == "failed" and "550" in failed.last_error and failed.attempts == 1 < MAX_ATTEMPTS
    with runtime_db.sessions() as session:
        [entry] = session.execute(sa.select(AuditEntry).where(AuditEntry.action == "alert_failed")).scalars().all()
    assert "absence alert" in entry.detail


def test_the_email_never_carries_more_than_broad_words(runtime_db):
    report_id, _ = report(runtime_db, reason="he has tonsillitis again")  # a free-text reason is never kept
    with runtime_db.sessions() as session:
        row = session.get(AbsenceReport, report_id)
        subject, body = office_email(runtime_db.school("harbourside"), row)
    assert row.reason == "other" and "tonsillitis" not in body and "Reason: other reasons" in body


async def test_staff_see_each_report_and_whether_its_email_went(runtime_db, smtp, worker, capsys, monkeypatch):
    from bot.cli import main

    report(runtime_db, child_name="Zara")
    smtp.reply_next.append("550 5.1.1 no such user")
    await worker.run_once(WED_7AM.astimezone(dt.timezone.utc))
    report(runtime_db, child_name="Theo")
    monkeypatch.setenv("DATABASE_URL", runtime_db.settings.database_url)
    assert main(["absences", "list"]) == 0
    theo, zara = capsys.readouterr().out.strip().splitlines()
    assert "Theo" in theo and "email to office: queued" in theo
    assert "Zara" in zara and "email to office: failed (smtp 550" in zara


async def test_stopping_half_way_passes_nothing_on_and_forgets_the_answers(runtime_db):
    from actions.absence import ActionStopAbsenceReport

    dispatcher = CollectingDispatcher()
    events = await ActionStopAbsenceReport().run(dispatcher, form_tracker({"absence_child_name": "Jake"}), {})
    assert SlotSet("absence_child_name", None) in events
    [message] = dispatcher.messages
    assert "haven't passed anything on" in message["text"] and "01632 960123" in message["text"]
    assert voice_problems(message["text"]) == []
    with runtime_db.sessions() as session:
        assert session.execute(sa.select(AbsenceReport)).first() is None

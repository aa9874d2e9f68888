"""What staff do with a case, on a real (SQLite) database: passing to the safeguarding lead."""
import sqlalchemy as sa

from bot.cases import open_case
from bot.db.engine import transaction
from bot.db.models import Alert, AuditEntry, Case
from bot.settings import Settings
from bot.staff import pass_to_dsl

SECRET = "he said he would hurt me tonight"  # what the parent wrote: never in an alert
SETTINGS = Settings(twilio_account_sid="AC" + "2" * 32, twilio_auth_token="t", twilio_number="+447700900000",
                    smtp_url="smtp://127.0.0.1:2525", public_url="https://support.example.org")


def _case(runtime, level="concern", category="not_coping") -> int:
    with transaction(runtime.sessions) as session:
        return open_case(session, school_id="harbourside", conversation_id="+447700900999", channel="sms",
                         level=level, category=category, trigger_text=SECRET).id


def test_passing_to_the_dsl_assigns_it_and_alerts_the_dsl_at_once_exactly_once(runtime_db):
    school = runtime_db.school("harbourside")
    case_id = _case(runtime_db)
    for _ in range(2):  # passed twice (a double click): one alert per transport all the same
        with transaction(runtime_db.sessions) as session:
            pass_to_dsl(session, session.get(Case, case_id), "Dee Harper", "Ravi Okafor", school, SETTINGS)
    with runtime_db.sessions() as session:
        case = session.get(Case, case_id)
        alerts = session.execute(sa.select(Alert).where(Alert.case_id == case_id)).scalars().all()
        actions = session.execute(sa.select(AuditEntry.action).where(AuditEntry.case_id == case_id)).scalars().all()
    assert (case.status, case.assigned_to) == ("open", "Ravi Okafor")
    assert sorted((a.recipient_role, a.transport, a.address, a.kind) for a in alerts) == [
        ("dsl", "email", school.dsl.email, "reassign"), ("dsl", "sms", school.dsl.phone, "reassign")]
    assert all(a.status == "queued" and a.not_before <= a.created_at for a in alerts)  # a concern case, yet at once
    assert actions.count("reassign") == 2


def test_the_dsl_alert_carries_no_message_text_or_name(runtime_db):
    from bot.alerts import alert_text

    school = runtime_db.school("harbourside")
    case_id = _case(runtime_db, level="high", category="child_at_risk")
    with transaction(runtime_db.sessions) as session:
        case = session.get(Case, case_id)
        pass_to_dsl(session, case, "Dee Harper", "Ravi Okafor", school, SETTINGS)
        alert = session.execute(sa.select(Alert).where(Alert.case_id == case_id)).scalars().first()
        text = alert_text(school, case, SETTINGS, alert)
    assert SECRET not in text and "+447700900999" not in text
    assert f"/inbox/cases/{case_id}" in text and "HIGH" in text and "a child may be at risk" in text


def test_a_reply_from_the_cli_is_audited_like_the_inboxs_and_counts_as_the_first_reply(runtime_db, sqlite_url):
    import datetime as dt
    import os
    import subprocess
    import sys

    from bot.inbox.overview import first_reply_minutes
    from bot.settings import PROJECT_ROOT
    from tests.inbox.fake_rasa import TOKEN, FakeRasa

    case_id = _case(runtime_db, level="high", category="self_harm")
    rasa = FakeRasa().start()
    try:
        env = {**os.environ, "DATABASE_URL": sqlite_url, "RASA_URL": rasa.url, "RASA_TOKEN": TOKEN,
               "RASA_TELEMETRY_ENABLED": "false"}
        done = subprocess.run([sys.executable, "-m", "bot", "cases", "reply", str(case_id), "Hi, it's Dee. I'm here.",
                               "--staff", "Dee Harper"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert rasa.posted_to("+447700900999")[0]["text"] == "Hi, it's Dee. I'm here."
        rasa.fail_posts = True  # a reply Rasa refused reached nobody: not recorded as a reply
        failed = subprocess.run([sys.executable, "-m", "bot", "cases", "reply", str(case_id), "Are you safe?",
                                 "--staff", "Dee Harper"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                                timeout=120)
        assert failed.returncode == 1
    finally:
        rasa.stop()
    with runtime_db.sessions() as session:
        entries = session.execute(sa.select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
                                  .where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)).all()
        minutes = first_reply_minutes(session, "harbourside", dt.datetime(2000, 1, 1))
    assert [tuple(e) for e in entries if e.action != "case_opened"] == [
        ("Dee Harper", "take", None), ("Dee Harper", "reply", "23 characters")]
    assert len(minutes["high"]) == 1

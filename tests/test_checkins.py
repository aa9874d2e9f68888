"""Check-ins without the servers: when they are due, the claim that sends each once across
scheduler instances (SQLite and PostgreSQL), STOP, answers and the concern case, the voice."""
import asyncio
import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from bot.checkins import store, wording
from bot.checkins.answers import answer_checkin
from bot.checkins.commands import Command, apply_command, parse_command
from bot.checkins.scheduler import CheckinScheduler, RasaUnreachable
from bot.checkins.timing import WeeklyTime, due_period, parse_time
from bot.db.engine import make_engine, make_session_factory, transaction
from bot.db.models import Alert, Case, Checkin, CheckinConsent, CheckinSubscription
from bot.schools import UK, load_schools
from bot.settings import PROJECT_ROOT, Settings
from bot.sms.store import conversation_id_for, record_consent
from bot.voice import voice_problems

SCHOOLS = load_schools(PROJECT_ROOT / "schools")
SCHOOL = SCHOOLS["harbourside"]
MONDAY_6PM = WeeklyTime(0, dt.time(18, 0))
LONG_AGO = dt.datetime(2026, 1, 1)
_NUMBERS = (f"+447700900{n:03d}" for n in itertools.count(600))


def at(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=UK)


# -- when a check-in is due ------------------------------------------------------------------
@pytest.mark.parametrize("now, due", [
    (at(2026, 11, 30, 17, 59), False),   # Monday, before the chosen time
    (at(2026, 11, 30, 18, 0), True),
    (at(2026, 12, 2, 10, 0), True),      # later in the same week: still owed
    (at(2026, 12, 2, 7, 59), False),     # never before 08:00 ...
    (at(2026, 12, 2, 8, 0), True),
    (at(2026, 12, 2, 20, 59), True),
    (at(2026, 12, 2, 21, 0), False),     # ... or from 21:00
    (at(2026, 12, 6, 23, 30), False),
    (at(2026, 12, 21, 18, 0), False),    # Christmas holidays
    (at(2027, 1, 4, 18, 0), False),      # last day of the holidays
    (at(2027, 1, 6, 10, 0), False),      # the week's Monday was a holiday: that week is skipped
    (at(2027, 1, 11, 18, 0), True),
])
def test_due_only_from_the_chosen_time_in_waking_hours_and_term_time(now, due):
    assert (due_period(MONDAY_6PM, SCHOOL, now, LONG_AGO) is not None) == due


def test_the_period_is_the_iso_week_and_a_new_choice_never_fires_at_once():
    assert due_period(MONDAY_6PM, SCHOOL, at(2026, 11, 30, 18, 5), LONG_AGO) == "2026-W49"
    assert due_period(MONDAY_6PM, SCHOOL, at(2026, 12, 31, 12, 0), LONG_AGO) is None  # holiday
    chose_on_tuesday = dt.datetime(2026, 12, 1, 12, 0)
    assert due_period(MONDAY_6PM, SCHOOL, at(2026, 12, 2, 12, 0), chose_on_tuesday) is None
    assert due_period(MONDAY_6PM, SCHOOL, at(2026, 12, 7, 18, 0), chose_on_tuesday) == "2026-W50"


def test_summer_time_is_the_schools_clock():
    weekly = WeeklyTime(2, dt.time(8, 0))
    july = dt.datetime(2026, 7, 1, 6, 59, tzinfo=dt.timezone.utc)   # 07:59 in London
    assert due_period(weekly, SCHOOL, july, LONG_AGO) is None
    assert due_period(weekly, SCHOOL, july + dt.timedelta(minutes=1), LONG_AGO) == "2026-W27"


@pytest.mark.parametrize("text, kind, weekly", [
    ("CHECKIN MON 6PM", "set", MONDAY_6PM),
    ("checkin tuesday 7:30pm", "set", WeeklyTime(1, dt.time(19, 30))),
    ("Checkin wed 18:00", "set", WeeklyTime(2, dt.time(18, 0))),
    ("CHECKIN FRI at 8am", "set", WeeklyTime(4, dt.time(8, 0))),
    ("CHECKIN SUN 6", "set", WeeklyTime(6, dt.time(18, 0))),
    ("CHECKIN MON 11PM", "night", None),
    ("CHECKIN MON 6AM", "night", None),
    ("CHECKIN OFF", "stop", None),
    ("checkin stop", "stop", None),
    ("CHECKIN YES", "confirm", None),
    ("CHECKIN", "help", None),
    ("CHECKIN MON", "bad", None),
    ("CHECKIN 25pm", "bad", None),
])
def test_checkin_commands(text, kind, weekly):
    assert parse_command(text) == Command(kind, weekly)


@pytest.mark.parametrize("text", ["check in on me please", "checkin im not ok", "CHECKIN banana",
                                  "hello", "", None, "CHECKINS MON 6PM"])
def test_the_parents_own_words_are_not_commands(text):
    assert parse_command(text) is None


def test_times():
    assert parse_time("6:30pm") == dt.time(18, 30) and parse_time("12pm") == dt.time(12, 0)
    assert parse_time("1830") == dt.time(18, 30) and parse_time("13pm") is None and parse_time("x") is None


# -- the database: subscribe, claim, send once ---------------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, sqlite_url):
    from bot.db.migrate import upgrade

    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    upgrade(engine, SCHOOLS)
    with engine.begin() as connection:  # the PostgreSQL database is shared by the session's tests
        for table in ("checkins", "checkin_consents", "checkin_subscriptions", "alerts", "audit_log",
                      "sms_outbound", "cases", "consents"):
            connection.execute(sa.text(f"DELETE FROM {table}"))
    engine.dispose()
    return url


@pytest.fixture
def sessions(db_url):
    engine = make_engine(db_url)
    yield make_session_factory(engine)
    engine.dispose()


def subscribe(sessions, weekly=MONDAY_6PM, text="CHECKIN MON 6PM"):
    conversation_id = conversation_id_for(next(_NUMBERS), SCHOOL.id, None)
    with transaction(sessions) as session:
        reply = apply_command(session, SCHOOL, conversation_id, parse_command(text))
        row = store.subscription(session, conversation_id)
        row.active_from = LONG_AGO  # chosen long ago: due this week
    return conversation_id, reply


class Asker:
    """Stands in for Rasa's trigger_intent: records who was asked, slowly enough to overlap."""

    def __init__(self, fail=None):
        self.asked, self.fail = [], fail

    async def __call__(self, conversation_id):
        await asyncio.sleep(0.05)
        if self.fail:
            raise self.fail
        self.asked.append(conversation_id)


def test_opt_in_change_and_stop_in_one_text_each_with_the_wording_kept(sessions):
    conversation_id, reply = subscribe(sessions)
    assert reply == wording.started(SCHOOL, MONDAY_6PM) and "Mondays at 6pm" in reply
    with transaction(sessions) as session:
        changed = apply_command(session, SCHOOL, conversation_id, parse_command("CHECKIN TUE 7PM"))
        stopped = apply_command(session, SCHOOL, conversation_id, parse_command("CHECKIN OFF"))
        again = apply_command(session, SCHOOL, conversation_id, parse_command("CHECKIN OFF"))
    assert "Tuesdays at 7pm" in changed and stopped == wording.STOPPED and again == wording.NOTHING_TO_STOP
    with sessions() as session:
        row = store.subscription(session, conversation_id)
        consents = session.execute(sa.select(CheckinConsent).where(CheckinConsent.conversation_id == conversation_id)
                                   .order_by(CheckinConsent.id)).scalars().all()
    assert (row.status, row.weekday, row.at_time) == ("stopped", 1, "19:00")
    assert [(c.action, c.weekday, c.at_time, c.wording) for c in consents] == [
        ("opt_in", 0, "18:00", reply), ("change", 1, "19:00", changed), ("stop", None, None, stopped)]
    assert all(c.at is not None and c.channel == "sms" for c in consents)


async def test_two_schedulers_racing_send_each_due_check_in_once(db_url):
    engines = [make_engine(db_url) for _ in range(2)]
    factories = [make_session_factory(e) for e in engines]
    try:
        due = [subscribe(factories[0])[0] for _ in range(6)]
        later = subscribe(factories[0], WeeklyTime(4, dt.time(18, 0)), "CHECKIN FRI 6PM")[0]
        askers = [Asker(), Asker()]
        now = at(2026, 12, 1, 9, 0)  # Tuesday morning: Monday's are owed, Friday's are not
        schedulers = [CheckinScheduler(f, SCHOOLS, a) for f, a in zip(factories, askers)]
        sent = await asyncio.gather(*(s.run_once(now) for s in schedulers for _ in range(2)))
        assert sum(sent) == len(due)
        asked = askers[0].asked + askers[1].asked
        assert sorted(asked) == sorted(due) and later not in asked
        restarted = CheckinScheduler(make_session_factory(engines[1]), SCHOOLS, Asker())
        assert await restarted.run_once(now + dt.timedelta(hours=3)) == 0  # after a restart too
        next_week = await restarted.run_once(now + dt.timedelta(days=7))
        assert next_week == len(due)
        with factories[0]() as session:
            rows = session.execute(sa.select(Checkin.period, Checkin.status)).all()
        assert sorted(rows) == sorted([("2026-W49", "sent")] * 6 + [("2026-W50", "sent")] * 6)
    finally:
        for engine in engines:
            engine.dispose()


async def test_quiet_hours_and_holidays_send_nothing(sessions):
    subscribe(sessions)
    asker = Asker()
    scheduler = CheckinScheduler(sessions, SCHOOLS, asker)
    for now in (at(2026, 11, 30, 21, 30), at(2026, 12, 1, 7, 0), at(2026, 12, 22, 10, 0)):
        assert await scheduler.run_once(now) == 0
    assert asker.asked == []
    assert await scheduler.run_once(at(2026, 12, 1, 8, 0)) == 1


async def test_stop_by_text_stops_check_ins_and_start_brings_them_back(sessions):
    conversation_id, _ = subscribe(sessions)
    with transaction(sessions) as session:
        record_consent(session, SCHOOL.id, conversation_id, "opt_out")
    asker = Asker()
    scheduler = CheckinScheduler(sessions, SCHOOLS, asker)
    assert await scheduler.run_once(at(2026, 11, 30, 18, 0)) == 0
    with transaction(sessions) as session:
        record_consent(session, SCHOOL.id, conversation_id, "opt_in")
    assert await scheduler.run_once(at(2026, 11, 30, 18, 1)) == 1 and asker.asked == [conversation_id]


async def test_no_check_in_while_a_person_has_the_conversation(sessions):
    from bot.cases import open_case

    conversation_id, _ = subscribe(sessions)
    with transaction(sessions) as session:
        open_case(session, school_id=SCHOOL.id, conversation_id=conversation_id, channel="sms", level="high")
    assert await CheckinScheduler(sessions, SCHOOLS, Asker()).run_once(at(2026, 11, 30, 18, 0)) == 0


async def test_rasa_down_is_tried_again_but_an_unclear_failure_never_repeats(sessions):
    subscribe(sessions)
    now = at(2026, 11, 30, 18, 0)
    assert await CheckinScheduler(sessions, SCHOOLS, Asker(RasaUnreachable("refused"))).run_once(now) == 0
    with sessions() as session:
        assert session.execute(sa.select(Checkin)).first() is None
    assert await CheckinScheduler(sessions, SCHOOLS, Asker(RuntimeError("Rasa answered 500"))).run_once(now) == 0
    assert await CheckinScheduler(sessions, SCHOOLS, Asker()).run_once(now) == 0
    with sessions() as session:
        row = session.execute(sa.select(Checkin)).scalar_one()
    assert row.status == "failed" and "500" in row.error


# -- answers -------------------------------------------------------------------------------------
async def weekly_checkin(sessions, scheduler, week):
    assert await scheduler.run_once(at(2027, 1, 11, 18, 0) + dt.timedelta(weeks=week)) == 1
    with sessions() as session:
        return session.execute(sa.select(Checkin.id).order_by(Checkin.id.desc())).scalars().first()


async def test_two_struggling_weeks_in_a_row_open_one_concern_case(db_url, sessions):
    settings = Settings.from_env(env={"DATABASE_URL": db_url, "SMTP_URL": "smtp://127.0.0.1:2525"})
    conversation_id, _ = subscribe(sessions)
    scheduler = CheckinScheduler(sessions, SCHOOLS, Asker())
    in_hours = at(2026, 12, 1, 10, 0)

    def answer(checkin_id, value):
        with transaction(sessions) as session:
            return answer_checkin(session, settings, SCHOOL, checkin_id, value, value, in_hours)

    outcomes, checkin_id = [], None
    for week, value in enumerate(["struggling", "good", "struggling", "struggling"]):
        checkin_id = await weekly_checkin(sessions, scheduler, week)
        outcomes.append(answer(checkin_id, value))
    assert [o.recorded for o in outcomes] == [True] * 4
    assert [o.case_id is not None for o in outcomes] == [False, False, False, True]
    assert [o.message for o in outcomes] == [None, None, None, wording.two_struggling(SCHOOL, in_hours)]
    assert answer(checkin_id, "good").recorded is False  # the first answer to a check-in is kept
    # While the HWBL has the case, no automated check-in goes out.
    assert await scheduler.run_once(at(2027, 1, 11, 18, 0) + dt.timedelta(weeks=4)) == 0
    with sessions() as session:
        cases = session.execute(sa.select(Case)).scalars().all()
        alerts = session.execute(sa.select(Alert)).scalars().all()
        answers = [c.answer for c in store.history(session, conversation_id)]
    assert [(c.level, c.category, c.channel, c.conversation_id) for c in cases] == [
        ("concern", "not_coping", "sms", conversation_id)]
    assert alerts and {a.case_id for a in alerts} == {cases[0].id}
    assert answers == ["struggling", "good", "struggling", "struggling"]


# -- the voice -------------------------------------------------------------------------------------
def checkin_texts():
    from bot.sms.shaping import shape_turn

    weekly = WeeklyTime(2, dt.time(18, 30))
    texts = [wording.HOW_TO, wording.NOT_A_TIME, wording.NIGHT, wording.STOPPED, wording.NOTHING_TO_STOP,
             wording.NOTHING_TO_CONFIRM, wording.changed(weekly)]
    for school in SCHOOLS.values():
        texts += [wording.web_wording(school), wording.started(school, weekly),
                  wording.confirm_web_request(school, weekly),
                  wording.two_struggling(school, at(2026, 12, 1, 10, 0)),
                  wording.two_struggling(school, at(2026, 12, 1, 22, 0))]
        texts += shape_turn([{"text": wording.question(school), "buttons": wording.CHOICES}])[0]
    return texts


@pytest.mark.parametrize("text", checkin_texts())
def test_check_in_texts_are_in_the_voice(text):
    assert voice_problems(text) == []


def test_the_question_by_sms():
    from bot.sms.shaping import shape_turn

    texts, choices = shape_turn([{"text": wording.question(SCHOOL), "buttons": wording.CHOICES}])
    assert texts == ["Hi, it's the Harbourside wellbeing line. How are things this week? "
                     "Reply 1 good, 2 up and down or 3 struggling"]
    assert [c["payload"] for c in choices] == ["Good", "Up and down", "Struggling"]

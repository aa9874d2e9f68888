"""Check-ins end to end: the real processes, Twilio's REST API faked on loopback, webhooks
signed as Twilio signs them, and the scheduler (its clock injected) asking through Rasa."""
import asyncio
import datetime as dt
import json

import aiohttp
import pytest

from bot.checkins import wording
from bot.checkins.scheduler import CheckinScheduler, RasaCheckinTrigger
from bot.checkins.timing import WeeklyTime, due_period
from bot.db.engine import make_engine, make_session_factory
from bot.schools import DAYS, UK, load_schools
from bot.settings import Settings
from tests.support import ROOT, http, query, wait_for
from tests.test_sms_channel import SCHOOL_NUMBER, answered, conversation, new_parent, text, tracker, user_texts

pytestmark = pytest.mark.servers
SCHOOLS = load_schools(ROOT / "schools")
SCHOOL = SCHOOLS["harbourside"]
QUESTION = ("Hi, it's the Harbourside wellbeing line. How are things this week? "
            "Reply 1 good, 2 up and down or 3 struggling")


def safe_day() -> int:
    """A weekday whose 6pm cannot come round while the tests run (the stack's own scheduler
    runs on the real clock)."""
    return (dt.datetime.now(UK).weekday() + 2) % 7


def due_moments(weekly: WeeklyTime, count: int):
    """The next `count` moments, a week or more from now, at which this check-in is due."""
    moment = dt.datetime.now(UK).replace(hour=weekly.at.hour, minute=5, second=0, microsecond=0)
    moment += dt.timedelta(days=(weekly.weekday - moment.weekday()) % 7 + 7)
    found = []
    while len(found) < count:
        if due_period(weekly, SCHOOL, moment, None):
            found.append(moment)
        moment += dt.timedelta(weeks=1)
    return found


def run_scheduler(stack, now) -> int:
    async def run():
        engine = make_engine(stack.database_url)
        try:
            async with aiohttp.ClientSession() as session:
                trigger = RasaCheckinTrigger(Settings(rasa_url=stack.rasa_url, rasa_token=stack.token), session)
                return await CheckinScheduler(make_session_factory(engine), SCHOOLS, trigger).run_once(now)
        finally:
            engine.dispose()

    return asyncio.run(run())


def subscription(stack, sender):
    rows = query(stack, "SELECT * FROM checkin_subscriptions WHERE conversation_id = :c", c=sender)
    return rows[0] if rows else None


def reply_to(stack, fake_twilio, phone, body):
    return answered(stack, fake_twilio, phone, text(stack, phone, body), len(fake_twilio.to(phone)))


def test_opt_in_change_and_stop_by_text(stack, fake_twilio):
    phone, day = new_parent(), safe_day()
    sender = conversation(phone)
    name = DAYS[day][:3].upper()
    started = reply_to(stack, fake_twilio, phone, f"CHECKIN {name} 6PM")
    assert started == [wording.started(SCHOOL, WeeklyTime(day, dt.time(18, 0)))]
    row = subscription(stack, sender)
    assert (row["status"], row["weekday"], row["at_time"]) == ("active", day, "18:00")
    changed = reply_to(stack, fake_twilio, phone, f"checkin {DAYS[day]} 7:30pm")
    assert changed == [wording.changed(WeeklyTime(day, dt.time(19, 30)))]
    assert subscription(stack, sender)["at_time"] == "19:30"
    assert reply_to(stack, fake_twilio, phone, "CHECKIN OFF") == [wording.STOPPED]
    assert subscription(stack, sender)["status"] == "stopped"
    assert reply_to(stack, fake_twilio, phone, "CHECKIN MON 11PM") == [wording.NIGHT]
    consents = query(stack, "SELECT * FROM checkin_consents WHERE conversation_id = :c ORDER BY id", c=sender)
    assert [(c["action"], c["wording"]) for c in consents] == [
        ("opt_in", started[0]), ("change", changed[0]), ("stop", wording.STOPPED)]
    assert all(c["at"] is not None and c["channel"] == "sms" for c in consents)
    # Commands are handled by the channel: none of them reached the assistant's conversation.
    status, _ = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
    assert status != 200 or not [t for t in user_texts(stack, sender) if "CHECKIN" in t.upper()]


def test_the_check_in_is_asked_through_rasa_and_the_reply_continues_it(stack, fake_twilio):
    phone = new_parent()
    sender = conversation(phone)
    weekly = WeeklyTime(safe_day(), dt.time(18, 0))
    reply_to(stack, fake_twilio, phone, f"CHECKIN {DAYS[weekly.weekday]} 6pm")
    first, second, third = due_moments(weekly, 3)

    before = len(fake_twilio.to(phone))
    assert run_scheduler(stack, first) == 1
    assert run_scheduler(stack, first + dt.timedelta(hours=1)) == 0  # once a week
    asked = fake_twilio.to(phone)[before:]
    assert [m["body"] for m in asked] == [QUESTION] and asked[0]["from"] == SCHOOL_NUMBER
    bot_texts = [e.get("text") for e in tracker(stack, sender)["events"] if e["event"] == "bot"]
    assert bot_texts[-1] == wording.question(SCHOOL)

    hard_week = reply_to(stack, fake_twilio, phone, "3")
    assert user_texts(stack, sender)[-1] == "Struggling"
    assert hard_week[0].startswith("I'm sorry things are hard right now")  # validation first
    assert any("Would you like me to pass this to Mrs Harper" in t for t in hard_week)
    checkins = query(stack, "SELECT * FROM checkins WHERE conversation_id = :c ORDER BY id", c=sender)
    assert [(c["status"], c["answer"]) for c in checkins] == [("sent", "struggling")]
    assert not query(stack, "SELECT id FROM cases WHERE conversation_id = :c", c=sender)
    reply_to(stack, fake_twilio, phone, "2")  # no thanks, not now

    assert run_scheduler(stack, second) == 1
    assert fake_twilio.to(phone)[-1]["body"] == QUESTION
    again = reply_to(stack, fake_twilio, phone, "3")
    assert again[0].startswith("I'm sorry things are hard right now")
    assert any("two weeks in a row" in t and "Mrs Harper" in t for t in again)
    assert not any("Would you like me to pass this" in t for t in again)
    cases = query(stack, "SELECT * FROM cases WHERE conversation_id = :c", c=sender)
    assert [(c["level"], c["channel"], c["status"]) for c in cases] == [("concern", "sms", "pending")]
    assert query(stack, "SELECT id FROM alerts WHERE case_id = :c", c=cases[0]["id"])
    answers = query(stack, "SELECT answer FROM checkins WHERE conversation_id = :c ORDER BY id", c=sender)
    assert [a["answer"] for a in answers] == ["struggling", "struggling"]
    assert run_scheduler(stack, third) == 0  # the HWBL has it now


def test_a_good_week_is_recorded_and_stop_ends_check_ins(stack, fake_twilio):
    phone = new_parent()
    sender = conversation(phone)
    weekly = WeeklyTime(safe_day(), dt.time(18, 0))
    reply_to(stack, fake_twilio, phone, f"CHECKIN {DAYS[weekly.weekday]} 6pm")
    first, second = due_moments(weekly, 2)
    assert run_scheduler(stack, first) == 1
    good = reply_to(stack, fake_twilio, phone, "1")
    assert good == ["That's really good to hear. Well done for getting through the week. I'm here any time if you need me."]
    assert query(stack, "SELECT answer FROM checkins WHERE conversation_id = :c", c=sender)[0]["answer"] == "good"
    reply_to(stack, fake_twilio, phone, "STOP")
    before = len(fake_twilio.to(phone))
    assert run_scheduler(stack, second) == 0
    assert len(fake_twilio.to(phone)) == before


def post_json(stack, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    status, answer = http("POST", f"{stack.bot_url}/checkins", raw, {"Content-Type": "application/json"})
    return status, json.loads(answer) if answer else None


def test_asking_on_the_web_starts_only_when_the_phone_confirms(stack, fake_twilio):
    status, body = http("GET", f"{stack.bot_url}/checkins/wording?school=harbourside")
    shown = json.loads(body)
    assert status == 200 and shown["wording"] == wording.web_wording(SCHOOL)
    assert http("GET", f"{stack.bot_url}/checkins/wording?school=nowhere")[0] == 404

    phone = new_parent()
    sender = conversation(phone)
    local = "0" + phone[3:8] + " " + phone[8:]  # 07700 900xxx, as a parent types it
    day = DAYS[safe_day()]
    request = {"school": "harbourside", "phone": local, "day": day, "time": "18:30",
               "wording_version": shown["version"]}
    for bad in (b"not json", b"[]", {**request, "phone": "01632 960123"}, {**request, "day": "someday"},
                {**request, "time": "23:00"}, {**request, "school": "nowhere"}, {**request, "phone": ["x"]}):
        assert post_json(stack, bad)[0] == 400, bad
    assert post_json(stack, {**request, "wording_version": "old"})[0] == 409

    before = len(fake_twilio.to(phone))
    assert post_json(stack, request)[0] == 202
    assert post_json(stack, request)[0] == 202  # asked twice: one text
    sent = wait_for(lambda: fake_twilio.to(phone)[before:])
    weekly = WeeklyTime(safe_day(), dt.time(18, 30))
    assert [m["body"] for m in sent] == [wording.confirm_web_request(SCHOOL, weekly)]
    assert sent[0]["from"] == SCHOOL_NUMBER
    assert subscription(stack, sender)["status"] == "pending"
    confirmed = reply_to(stack, fake_twilio, phone, "CHECKIN YES")
    assert confirmed == [wording.started(SCHOOL, weekly)]
    row = subscription(stack, sender)
    assert (row["status"], row["at_time"]) == ("active", "18:30")
    consents = query(stack, "SELECT channel, action, wording FROM checkin_consents WHERE conversation_id = :c "
                            "ORDER BY id", c=sender)
    assert [tuple(c.values()) for c in consents] == [
        ("web", "requested", wording.web_wording(SCHOOL)), ("sms", "opt_in", confirmed[0])]


def test_a_half_filled_form_is_set_aside_for_the_check_in(stack, fake_twilio):
    phone = new_parent()
    sender = conversation(phone)
    weekly = WeeklyTime(safe_day(), dt.time(18, 0))
    reply_to(stack, fake_twilio, phone, f"CHECKIN {DAYS[weekly.weekday]} 6pm")
    asked = reply_to(stack, fake_twilio, phone, "can i speak to the wellbeing lead")
    assert any("good time" in t for t in asked)
    assert tracker(stack, sender)["active_loop"]["name"] == "hwbl_request_form"
    assert run_scheduler(stack, due_moments(weekly, 1)[0]) == 1
    assert fake_twilio.to(phone)[-1]["body"] == QUESTION
    state = tracker(stack, sender)
    assert not (state.get("active_loop") or {}).get("name")
    assert state["slots"]["hwbl_contact_time"] is None  # the trigger was not taken for an answer
    assert reply_to(stack, fake_twilio, phone, "1")[0].startswith("That's really good to hear")
    assert not query(stack, "SELECT id FROM cases WHERE conversation_id = :c", c=sender)

"""action_list_services as Rasa calls it, at a set time: open now across midnight and on a
bank holiday, by postcode district, and nothing found."""
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.services as services_action
from actions.services import ActionListServices
from bot.directory.load import load_directory, parse_text
from bot.directory.reply import NONE_FOUND
from bot.schools import UK
from bot.voice import voice_problems

SHIPPED = load_directory()


def at(*args):
    return dt.datetime(*args, tzinfo=UK)


def entry(sid, area, hours, extra=""):
    return (f"  - id: {sid}\n    name: {sid.replace('-', ' ').title()}\n    needs: [food]\n"
            f"    phone: \"01632 960500\"\n    area: {area}\n    hours: {hours}\n    languages: [English]\n"
            f"    referral: false\n    checked: 2026-10-01\n    description: Free food parcels.\n{extra}")


def small_directory(*entries):
    text = "version: 1\nneighbours:\n  KB1: [KB2]\nservices:\n" + "".join(entries)
    return parse_text(text, "test.yml", SHIPPED.bank_holidays)


async def run(runtime_db, monkeypatch, text, intent, now, directory=SHIPPED):
    runtime_db.directory = directory
    monkeypatch.setattr(services_action, "_now", lambda: now)
    tracker = Tracker("parent-services", {"school_id": "harbourside"}, {"text": text, "intent": {"name": intent}},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    assert await ActionListServices().run(dispatcher, tracker, {}) == []
    texts = [m["text"] for m in dispatcher.messages]
    assert all(voice_problems(t) == [] for t in texts), texts
    return texts


async def test_at_three_in_the_morning_the_night_shelter_comes_first(runtime_db, monkeypatch):
    texts = await run(runtime_db, monkeypatch, "nowhere to sleep tonight", "service_housing", at(2026, 11, 25, 3, 0))
    assert 1 <= len(texts) <= 3
    assert "Harbour Night Shelter" in texts[0] and "Open now until 8am." in texts[0]
    assert all("Open now" not in t for t in texts[1:] if "day and night" not in t)


async def test_before_midnight_the_night_shelter_says_it_is_open_until_tomorrow(runtime_db, monkeypatch):
    texts = await run(runtime_db, monkeypatch, "we've been evicted", "service_housing", at(2026, 11, 24, 23, 30))
    assert "Harbour Night Shelter" in texts[0] and "Open now until 8am tomorrow." in texts[0]


async def test_on_a_bank_holiday_a_weekday_service_says_when_it_opens(runtime_db, monkeypatch):
    weekdays = '{monday: "09:00-17:00", tuesday: "09:00-17:00"}'
    directory = small_directory(entry("bay-pantry", "KB1", weekdays),
                                entry("holiday-kitchen", "KB1", '{monday: "09:00-17:00"}', "    bank_holidays: open\n"))
    boxing_day_monday = at(2026, 12, 28, 10, 0)  # the substitute bank holiday
    texts = await run(runtime_db, monkeypatch, "need a food bank", "service_food", boxing_day_monday, directory)
    assert "Holiday Kitchen" in texts[0] and "Open now until 5pm." in texts[0]
    assert "Bay Pantry" in texts[1] and "Closed now. It opens tomorrow at 9am." in texts[1]


async def test_a_postcode_district_in_the_message_puts_that_district_first(runtime_db, monkeypatch):
    tuesday_night = at(2026, 11, 24, 21, 0)  # every food service is closed: nearest first
    near_kb5 = await run(runtime_db, monkeypatch, "any food banks near KB5 4QT", "service_food", tuesday_night)
    near_kb3 = await run(runtime_db, monkeypatch, "food bank in kb3?", "service_food", tuesday_night)
    assert "Northfield" in near_kb5[0] and "(KB5)" in near_kb5[0]
    assert "St Anne" in near_kb3[0] and "(KB3)" in near_kb3[0]
    monday_morning = at(2026, 11, 23, 11, 0)  # open ones come before nearer closed ones
    open_first = await run(runtime_db, monkeypatch, "food bank near kb5", "service_food", monday_morning)
    opens = ["Open now" in t for t in open_first]
    assert opens[0] and opens == sorted(opens, reverse=True) and "Northfield" not in open_first[0]


async def test_nothing_found_is_a_kind_answer_with_a_national_line(runtime_db, monkeypatch):
    directory = small_directory(entry("bay-pantry", "KB1", '{monday: "09:00-17:00"}'))
    texts = await run(runtime_db, monkeypatch, "my son won't sleep", "service_sleep", at(2026, 11, 24, 12, 0), directory)
    assert texts == [NONE_FOUND]

"""What the parent reads about check-ins (GSM-7, at most two SMS segments, in the voice)."""
from __future__ import annotations

import datetime as dt
import hashlib

from bot.checkins.timing import WeeklyTime
from bot.schools import School, when_text

HOW_TO = ("I can text you once a week to ask how things are. Pick a day and time, for example "
          "CHECKIN MON 6PM. Text CHECKIN OFF to stop at any time.")
NOT_A_TIME = ("Sorry, I didn't catch the day and time. Try CHECKIN MON 6PM. "
              "I only text between 8am and 9pm.")
NIGHT = "Sorry, I only text between 8am and 9pm, so please pick a time in those hours, like CHECKIN MON 6PM."
STOPPED = "Done, no more weekly check-ins. You can still text me any time. Text CHECKIN MON 6PM to start again."
NOTHING_TO_STOP = "You don't have a weekly check-in at the moment. Text CHECKIN MON 6PM to start one."
NOTHING_TO_CONFIRM = "There's nothing to confirm. Text CHECKIN MON 6PM to start a weekly check-in."


CHOICES = [{"title": "good", "payload": "Good"}, {"title": "up and down", "payload": "Up and down"},
           {"title": "struggling", "payload": "Struggling"}]


def question(school: School) -> str:
    """The weekly question; by SMS its choices follow: 'Reply 1 good, 2 up and down or 3 struggling'."""
    return f"Hi, it's the {school.short_name} wellbeing line. How are things this week?"


def web_wording(school: School) -> str:
    """Shown on the web before a parent asks for check-ins; stored with their request."""
    return (f"{school.name}'s automated helper will text you once a week, on the day and time you "
            f"pick, to ask how things are. {school.hwbl.name} reads replies in her working hours. "
            "Text CHECKIN OFF to stop at any time.")


def wording_version(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def started(school: School, weekly: WeeklyTime) -> str:
    """The confirmation of an opt-in: the words the parent agreed to, stored as their consent."""
    return (f"Thanks. {school.short_name}'s helper will text you on {weekly.words()} to ask how things are. "
            "To change it, text e.g. CHECKIN TUE 7PM. Text CHECKIN OFF to stop.")


def changed(weekly: WeeklyTime) -> str:
    return f"Done. I'll check in on {weekly.words()} from now on. Text CHECKIN OFF to stop."


def confirm_web_request(school: School, weekly: WeeklyTime) -> str:
    return (f"Hi, it's the {school.short_name} wellbeing line. Someone asked on our website for a weekly "
            f"check-in on {weekly.words()} to this number. To start, text CHECKIN YES. "
            "If it wasn't you, ignore this.")


def two_struggling(school: School, now: dt.datetime) -> str:
    """Two check-ins in a row were hard: a concern case is open for the HWBL."""
    name = school.hwbl.name
    if school.is_working_time(now):
        return f"You've said two weeks in a row that things are hard. I've asked {name} to get in touch today."
    return (f"You've said two weeks in a row that things are hard. I've asked {name} to get in touch. "
            f"She'll read it {when_text(school.next_working_start(now), now)}. "
            "Samaritans are free on 116 123, day or night.")

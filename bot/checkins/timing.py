"""When a weekly check-in is due: the parent's day and time, never at night or in holidays."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from bot.schools import DAYS, UK, School, clock

EARLIEST = dt.time(8, 0)   # nothing is sent before 08:00 ...
LATEST = dt.time(21, 0)    # ... or from 21:00 (school's timezone)
_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm)?$")


@dataclass(frozen=True)
class WeeklyTime:
    weekday: int   # 0 = Monday
    at: dt.time

    def words(self) -> str:
        """'Mondays at 6pm'."""
        return f"{DAYS[self.weekday].capitalize()}s at {clock(self.at)}"

    def at_text(self) -> str:
        return self.at.strftime("%H:%M")


def parse_day(word: str) -> Optional[int]:
    """'mon', 'Monday', 'mondays' -> 0."""
    word = word.strip().lower().rstrip("s") if len(word.strip()) > 3 else word.strip().lower()
    for index, day in enumerate(DAYS):
        if len(word) >= 3 and day.startswith(word):
            return index
    return None


def parse_time(text: str) -> Optional[dt.time]:
    """'6pm', '6:30pm', '18:00', '1830' -> a time; None when it is not one."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None and hour < 8:
        hour += 12  # "CHECKIN MON 6" means the evening: mornings before 8 are never used
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def allowed(at: dt.time) -> bool:
    return EARLIEST <= at < LATEST


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_period(weekly: WeeklyTime, school: School, now: dt.datetime,
               active_from: Optional[dt.datetime]) -> Optional[str]:
    """The week (period) whose check-in is due at `now` (aware), or None. Due from the chosen
    moment until the week ends, but only between 08:00 and 21:00 and never on a school
    holiday; a week whose chosen day is a holiday is skipped, and so is a moment before the
    parent chose it (`active_from`, naive UTC)."""
    local = now.astimezone(UK)
    if not (EARLIEST <= local.time() < LATEST) or school.is_holiday(local.date()):
        return None
    day = local.date() - dt.timedelta(days=local.weekday()) + dt.timedelta(days=weekly.weekday)
    moment = dt.datetime.combine(day, weekly.at, tzinfo=UK)
    if local < moment or school.is_holiday(day):
        return None
    if active_from is not None and moment < active_from.replace(tzinfo=dt.timezone.utc):
        return None
    return iso_week(local.date())
